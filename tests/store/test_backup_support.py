"""Stores for backup tests: a fresh SQLite or PostgreSQL store, filled with rows that are awkward to carry."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, null, select, text

from laborwatch.evidence.blobs import BlobStore
from laborwatch.settings import load_settings
from laborwatch.store import Store, open_store
from laborwatch.store.db import close_all
from laborwatch.store.models import (
    ApiToken,
    AuditEntry,
    Base,
    Claim,
    Document,
    Engagement,
    Entity,
    EntityAlias,
    EntityMerge,
    ExtractionRun,
    ListedEntity,
    ListVersion,
    ScreeningHit,
    Source,
    User,
)
from tests.conftest import PG_ADMIN_URL


def _settings(home: Path, url: str):  # type: ignore[no-untyped-def]
    saved = dict(os.environ)
    os.environ["LABORWATCH_HOME"] = str(home)
    os.environ["LABORWATCH_DATABASE_URL"] = url
    try:
        return load_settings()
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextmanager
def fresh_store(backend: str, home: Path) -> Iterator[Store]:
    """A new, migrated, empty store on ``backend``; a PostgreSQL database is dropped afterwards."""
    home.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        store = open_store(_settings(home, f"sqlite:///{home / 'laborwatch.db'}"))
        try:
            yield store
        finally:
            close_all()
        return
    name = f"lw_backup_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        store = open_store(_settings(home, PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name))
        try:
            yield store
        finally:
            close_all()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# Bytes a text decoder would mangle: NUL, invalid UTF-8, a BOM, CRLF.
BLOBS = [b"%PDF-1.4\n\x00\xff\xfe binary \r\n" + bytes(range(256)), "Ri Un-song 리은성\r\n".encode("utf-8-sig")]


def populate(store: Store) -> dict[str, int]:
    """Put at least one row in every table, with the values most likely to change on the way through."""
    blobs = BlobStore(store.blob_dir)
    shas = [blobs.put(data)[0] for data in BLOBS]
    t0 = datetime(2017, 3, 14, 9, 30, 15, 123456, tzinfo=UTC)
    with store.transaction() as s:
        s.add(Source(id="src1", name="Gulf Labour Monitor — ŏ ŭ", homepage=None, reliability="primary",
                     created_at=t0))
        s.flush()  # no relationship() in the models, so the session cannot order inserts by foreign keys
        s.add_all([
            Document(sha256=shas[0], filename="scan.pdf", media_type="application/pdf", size=len(BLOBS[0]),
                     title="Ch'ŏlhyŏn “quotes” 'and' \\backslash", publisher=None, source_id="src1",
                     published="2017-03", url="https://example.org/a?b=1&c=2", language="en", restricted=True,
                     text="line one\nline two\ttab \u200b zero-width", page_starts=[0, 120, 4096],
                     metadata_origin={"title": "user", "nested": {"list": [1, 2.5, None, True]}},
                     added_at=t0, added_by="ana"),
            Document(sha256=shas[1], filename="note.txt", media_type="text/plain", size=len(BLOBS[1]),
                     title=None, publisher="Pub", source_id=None, published=None, url=None, language=None,
                     restricted=False, text="", page_starts=None, metadata_origin={},
                     added_at=datetime(2020, 1, 1, 8, 0, tzinfo=UTC), added_by="bo"),
        ])
        s.flush()
        s.add(ExtractionRun(document_sha256=shas[0], extractor="rules@0.1.0", claim_count=2, run_at=t0))
        s.add_all([
            Entity(id="e-b", schema="Organization", name="Namgang Construction", country="KP", merged_into=None,
                   created_at=t0),
            Entity(id="e-a", schema="Organization", name="Namgang Constr.", country=None, merged_into="e-b",
                   created_at=t0),
        ])
        s.flush()
        # "c-1" supersedes "c-2" (a later primary key), so restoring in key order meets a forward reference
        s.add(Claim(id="c-2", kind="worker_count", version=1, supersedes=None, superseded_by="c-1",
                    dataset="documents", country="RU", count=30000, low=None, high=2**40, qualifier="about",
                    employer=None, confidence=0.1 + 0.2, extra=None, document_sha256=shas[0], start=0, end=8,
                    quote="line one", page=1, restricted=False, origin="rules@0.1.0", status="proposed",
                    created_at=t0, first_seen=t0, last_seen=t0 + timedelta(microseconds=1)))
        s.flush()
        s.add(Claim(id="c-1", kind="worker_count", version=2, supersedes="c-2", superseded_by=None,
                    dataset="manual", country="RU", count=-5, gross_per_month=1e-300, received_per_month=0.0,
                    name="Ri, U'n-so'ng", entity_id="e-b", extra={"why": None, "tags": ["a", "ü"]},
                    place="Primorsky Krai — Приморский край",
                    restricted=True, origin="user:ana", status="accepted", reviewer="ana", reviewed_at=t0,
                    review_reason="checked\nagainst the PDF", created_at=t0, first_seen=t0, last_seen=t0))
        s.flush()
        s.add(EntityAlias(id=7, entity_id="e-b", alias="남강건설", claim_id="c-1"))
        s.add(EntityMerge(id=3, kept_id="e-b", merged_id="e-a", merged_by="ana", reason="same firm",
                          merged_at=t0, undone_by=None, undone_at=None))
        s.add(Engagement(id="g1", country="MN", kind="demarche", date="2018-01-01", summary="s",
                         commitment=None, restricted=False, created_by="bo", created_at=t0))
        s.add_all([AuditEntry(id=i, at=t0 + timedelta(seconds=i), actor="ana", action="claim.accept",
                              object_type="claim", object_id="c-1", detail={"n": i, "note": "ŏ"})
                   for i in (1, 2, 5)])
        s.add(ListVersion(id="lv1", list_name="ofac", format="ftm", sha256="0" * 64, source_path="/x",
                          published="2022-05-05", entity_count=1, name_count=2, is_current=True, loaded_at=t0,
                          loaded_by="ana"))
        s.flush()
        s.add(ListedEntity(pk=11, version_id="lv1", entity_id="sdn-1", schema="Organization",
                           caption="NAMGANG CONSTRUCTION", names=["NAMGANG CONSTRUCTION", "Namgang"],
                           countries=["kp"], birth_dates=[], programs=["DPRK3"], extra={"k": {"v": [None]}}))
        s.add(ScreeningHit(id="h1", entity_id="e-b", list_version_id="lv1", listed_entity_id="sdn-1",
                           matched_name="NAMGANG CONSTRUCTION", score=0.9731, explanation={"features": []},
                           screened_at=t0))
        s.add(User(id=4, name="ana", password_hash="$argon2id$x", role="admin", restricted_access=True,
                   failed_logins=0, locked_until=None, created_at=t0))
        s.flush()
        s.add(ApiToken(id=9, user_id=4, token_hash="f" * 64, label=None, created_at=t0, last_used_at=t0))
    with store.engine.begin() as conn:
        # A JSON column holding SQL NULL (not the JSON value null) must stay SQL NULL
        conn.execute(Document.__table__.update().where(Document.sha256 == shas[1]).values(page_starts=null()))
    return {sha: len(data) for sha, data in zip(shas, BLOBS, strict=True)}


def _normal(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    return value


def dump(store: Store, *, skip_audit_action: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table as Python values (date-times in UTC), with SQL NULL in JSON columns marked."""
    out: dict[str, list[dict[str, Any]]] = {}
    with store.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            json_cols = [c for c in table.columns if c.type.__class__.__name__ == "JSON"]
            query = select(table, *[c.is_(None).label(f"isnull_{c.name}") for c in json_cols])
            rows = []
            for row in conn.execute(query.order_by(*table.primary_key.columns)).mappings():
                if table.name == "audit_log" and row["action"] == skip_audit_action:
                    continue
                rows.append({key: _normal(value) for key, value in row.items()})
            out[table.name] = rows
    return out


def blob_files(store: Store) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in store.blob_dir.rglob("*") if p.is_file()}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
