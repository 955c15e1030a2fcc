"""Helpers for report tests: claims, documents and engagements inserted directly through the models, so the
report stage is tested on its own, on whichever database the suite runs against."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest

from laborwatch.evidence.ids import make_id
from laborwatch.store import Store
from laborwatch.store.db import utcnow
from laborwatch.store.models import Claim, Document, Engagement


def insert_claim(store: Store, **values: Any) -> str:
    now = utcnow()
    values.setdefault("kind", "worker_count")
    values.setdefault("status", "accepted")
    values.setdefault("dataset", "manual")
    values.setdefault("origin", "test")
    claim_id = values.pop("id", None) or make_id("test-claim", *sorted(f"{k}={v}" for k, v in values.items()))
    with store.transaction() as session:
        session.add(Claim(id=claim_id, created_at=now, first_seen=now, last_seen=now, **values))
    return claim_id


def insert_document(store: Store, text: str, **values: Any) -> str:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with store.transaction() as session:
        session.add(Document(sha256=sha, filename=values.pop("filename", "doc.txt"), media_type="text/plain",
                             size=len(text.encode("utf-8")), text=text, added_at=utcnow(), added_by="tester",
                             **values))
    return sha


def insert_engagement(store: Store, **values: Any) -> str:
    engagement_id = make_id("engagement", values["country"], values["date"], values["summary"])
    with store.transaction() as session:
        session.add(Engagement(id=engagement_id, created_by="tester", created_at=utcnow(), **values))
    return engagement_id


@pytest.fixture
def add_claim(store: Store) -> Callable[..., str]:
    return lambda **values: insert_claim(store, **values)


@pytest.fixture
def add_document(store: Store) -> Callable[..., str]:
    return lambda text, **values: insert_document(store, text, **values)
