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
