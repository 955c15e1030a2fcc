"""The store itself: migrations, the append-only audit log, deterministic ids."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from laborwatch.cli.main import app
from laborwatch.evidence.ids import make_id
from laborwatch.store import Store
from laborwatch.store.db import current_revision, head_revision, record_audit


def test_store_is_migrated_to_head_on_first_use(store: Store) -> None:
    assert current_revision(store.engine) == head_revision() is not None


def test_db_upgrade_command_reports_the_revision(home: Path, cli: CliRunner) -> None:
    result = cli.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"store at revision {head_revision()} (head {head_revision()})" in result.output


def test_a_fresh_sqlite_home_is_created_and_migrated(tmp_path: Path, cli: CliRunner,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "brand-new"
    monkeypatch.setenv("LABORWATCH_HOME", str(home))
    monkeypatch.delenv("LABORWATCH_DATABASE_URL", raising=False)
    result = cli.invoke(app, ["documents", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "[]"
    assert (home / "laborwatch.db").is_file() and (home / "blobs").is_dir()


def test_audit_log_refuses_update_and_delete(store: Store) -> None:
    with store.transaction() as session:
        record_audit(session, actor="ana", action="claim.accept", object_type="claim", object_id="x")
    for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), store.transaction() as session:
            session.execute(text(statement))
    with store.transaction() as session:
        assert session.execute(text("SELECT actor FROM audit_log")).scalars().all() == ["ana"]


def test_ids_are_deterministic_and_field_sensitive() -> None:
    a = make_id("worker_count", "QA", 2000, None, "Yonhap")
    assert a == make_id("worker_count", "QA", 2000, None, "Yonhap")
    assert len(a) == 40
    assert a != make_id("worker_count", "QA", 2000, "Yonhap", None)  # position matters
    assert a != make_id("worker_count", "QA", 1800, None, "Yonhap")
    assert make_id(2000.0) == make_id(2000)
