"""Backup and restore between real SQLite and PostgreSQL stores: every row and every blob comes back unchanged."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from laborwatch.store.backup import backup, redact_url, restore, verify_archive
from laborwatch.store.db import current_revision, record_audit
from laborwatch.store.models import AuditEntry, Base, Claim, Document, EntityAlias
from tests.store.test_backup_support import blob_files, dump, fresh_store, populate

RESTORE_ACTION = "store.restore"


@pytest.mark.parametrize(("source", "target"), [("sqlite", "postgresql"), ("postgresql", "sqlite"),
                                                 ("sqlite", "sqlite"), ("postgresql", "postgresql")])
def test_round_trip_keeps_every_row_and_blob(tmp_path: Path, source: str, target: str) -> None:
    archive = tmp_path / "evidence.zip"
    with fresh_store(source, tmp_path / "a") as original:
        blobs = populate(original)
        before, before_blobs = dump(original), blob_files(original)
        summary = backup(original, archive)
    assert summary.blobs == 2 and summary.blob_bytes == sum(blobs.values())
    assert all(summary.tables[t.name] >= 1 for t in Base.metadata.sorted_tables)

    with fresh_store(target, tmp_path / "b") as restored:
        restore(restored, archive, actor="restorer")
        after = dump(restored, skip_audit_action=RESTORE_ACTION)
        assert after == before  # every table, every column, every row: equal values of equal types
        assert blob_files(restored) == before_blobs
        with restored.transaction() as s:
            entry = s.scalars(select(AuditEntry).where(AuditEntry.action == RESTORE_ACTION)).one()
            # the two kinds of null stay apart: SQL NULL in one document's page_starts, JSON null in c-2's extra
            sql_null = s.scalars(select(Document.sha256).where(Document.page_starts.is_(None))).all()
            json_null = s.scalars(select(Claim.extra).where(Claim.id == "c-2", Claim.extra.is_not(None))).all()
        assert entry.actor == "restorer" and entry.detail["archive"] == "evidence.zip"
        assert len(sql_null) == 1 and json_null == [None]


def test_backup_of_a_restore_holds_the_same_data(tmp_path: Path) -> None:
    """SQLite -> PostgreSQL -> SQLite: the second archive restores to exactly the first store's rows."""
    with fresh_store("sqlite", tmp_path / "a") as first:
        populate(first)
        original = dump(first)
        backup(first, tmp_path / "one.zip")
    with fresh_store("postgresql", tmp_path / "b") as middle:
        restore(middle, tmp_path / "one.zip", actor="r")
        backup(middle, tmp_path / "two.zip")
    with fresh_store("sqlite", tmp_path / "c") as last:
        restore(last, tmp_path / "two.zip", actor="r")
        assert dump(last, skip_audit_action=RESTORE_ACTION) == original


def test_restored_postgresql_store_continues_numbering_after_the_restored_ids(tmp_path: Path) -> None:
    with fresh_store("sqlite", tmp_path / "a") as source:
        populate(source)
        backup(source, tmp_path / "b.zip")
    with fresh_store("postgresql", tmp_path / "b") as target:
        restore(target, tmp_path / "b.zip", actor="r")
        with target.transaction() as s:
            record_audit(s, actor="ana", action="after.restore", object_type="x", object_id="1")
            s.add(EntityAlias(entity_id="e-b", alias="another"))
        with target.transaction() as s:
            audit_ids = s.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).all()
            alias_ids = s.scalars(select(EntityAlias.id).order_by(EntityAlias.id)).all()
    assert audit_ids[:3] == [1, 2, 5] and len(set(audit_ids)) == len(audit_ids) == 5
    assert alias_ids[0] == 7 and alias_ids[1] > 7


def test_verify_reads_the_whole_archive_without_a_store(tmp_path: Path) -> None:
    with fresh_store("sqlite", tmp_path / "a") as source:
        populate(source)
        written = backup(source, tmp_path / "b.zip")
    checked = verify_archive(tmp_path / "b.zip")
    assert checked.tables == written.tables and checked.blobs == 2


def test_the_manifest_describes_the_archive_without_secrets(tmp_path: Path) -> None:
    assert redact_url("postgresql+psycopg://lw:s3cret@db.internal:5432/lw") == \
        "postgresql+psycopg://lw:***@db.internal:5432/lw"
    with fresh_store("sqlite", tmp_path / "a") as source:
        blobs = populate(source)
        backup(source, tmp_path / "b.zip")
        revision = current_revision(source.engine)
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
    assert manifest["format"] == "laborwatch-backup" and manifest["format_version"] == 1
    assert manifest["schema_revision"] == revision and manifest["created_at"].endswith("+00:00")
    assert set(manifest["tables"]) == {t.name for t in Base.metadata.sorted_tables}
    assert manifest["blobs"] == {sha: {"size": size} for sha, size in blobs.items()}
    assert names == {"manifest.json", *(f"tables/{t}.jsonl" for t in manifest["tables"]),
                     *(f"blobs/{sha[:2]}/{sha}" for sha in blobs)}
