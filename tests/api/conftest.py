"""Fixtures for the API and page tests: the app on this test's store, users of each role, logged-in clients."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI

with warnings.catch_warnings():
    # Starlette deprecates its httpx-based test client in favour of a package not installed here; the client
    # itself works unchanged, so only the import-time notice is silenced.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from laborwatch.api import accounts
from laborwatch.api.app import create_app
from laborwatch.store import open_store
from laborwatch.store.db import utcnow
from laborwatch.store.models import User

PASSWORD = "correct horse battery staple"


@dataclass
class Account:
    name: str
    role: str
    token: str
    restricted: bool = False

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture
def app(home: Path) -> FastAPI:
    return create_app()


@pytest.fixture(scope="session")
def password_hash() -> str:
    """One real argon2id hash of PASSWORD, reused: hashing per user per test would dominate the suite's time."""
    return PasswordHasher().hash(PASSWORD)


@pytest.fixture
def people(app: FastAPI, password_hash: str) -> dict[str, Account]:
    """admin (restricted access), analyst, viewer, and an analyst with restricted access ("ines")."""
    store = open_store()
    made = {}
    for name, role, restricted in (("ada", "admin", True), ("ana", "analyst", False), ("vic", "viewer", False),
                                   ("ines", "analyst", True)):
        with store.transaction() as session:
            session.add(User(name=name, password_hash=password_hash, role=role, restricted_access=restricted,
                             failed_logins=0, created_at=utcnow()))
        made[name] = Account(name, role, accounts.create_token(store, name, actor="setup"), restricted)
    return made


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as c:
        yield c


def login(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Log in through the form as a browser does; returns the session's CSRF token from the next page."""
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, page.text
    response = client.post("/login", data={"name": name, "password": password, "csrf_token": token.group(1),
                                           "next": "/documents"}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/documents").text)


def csrf_of(html: str) -> str:
    match = re.search(r'<meta name="csrf-token" content="([^"]*)">', html)
    assert match and match.group(1), "page carries no CSRF token"
    return match.group(1)


GULF_TEXT = ("Field notes, March 2024.\n"
             "Officials estimate that about 1,200 North Korean laborers work on building sites in Qatar.\n"
             "A recruiter said some 300 of them had arrived in Kuwait last year.\n")


def add_document(client: TestClient, account: Account, text: str = GULF_TEXT, name: str = "field-notes.txt",
                 **fields: str) -> str:
    response = client.post("/api/documents", headers=account.auth, files={"file": (name, text.encode())},
                           data=fields)
    assert response.status_code in (200, 201), response.text
    return str(response.json()["document"]["id"])


def propose(document: str, quote: str, *, country: str, count: int, restricted: bool = False) -> str:
    """A proposed worker_count claim on a stored document, as the extractor would store it."""
    from laborwatch.evidence.ids import make_id
    from laborwatch.store.models import Claim, Document

    store = open_store()
    with store.transaction() as session:
        text = session.get(Document, document).text
        start = text.index(quote)
        claim_id = make_id("test-claim", document, start, quote)
        now = utcnow()
        session.add(Claim(id=claim_id, kind="worker_count", dataset="documents", country=country, count=count,
                          qualifier="about", category="all", quote=quote, start=start, end=start + len(quote),
                          document_sha256=document, origin="rules@test", status="proposed", restricted=restricted,
                          confidence=0.9, extra={}, created_at=now, first_seen=now, last_seen=now))
    return claim_id
