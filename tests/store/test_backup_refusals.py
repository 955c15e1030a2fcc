"""Restore refuses damaged, altered or mismatched archives and used stores, and then leaves the target as it was."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from laborwatch.cli.main import app
from laborwatch.evidence.blobs import BlobStore
from laborwatch.store import Store
from laborwatch.store.backup import (
    BackupError,
    CorruptArchive,
    RestoreError,
    SchemaMismatch,
    TargetNotEmpty,
    backup,
    restore,
    verify_archive,
)
from laborwatch.store.db import record_audit
from tests.store.test_backup_support import blob_files, dump, fresh_store, populate

Edit = Callable[[str, bytes], bytes]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    with fresh_store("sqlite", tmp_path / "source") as source:
        populate(source)
        backup(source, tmp_path / "good.zip")
    return tmp_path / "good.zip"


def rewrite(src: Path, dst: Path, edit: Edit, *, rehash: bool = False) -> Path:
    """Copy an archive changing members; with ``rehash`` the manifest is made to agree (a careful forger)."""
    with zipfile.ZipFile(src) as zin:
        members = {name: edit(name, zin.read(name)) for name in zin.namelist()}
    if rehash:
        manifest = json.loads(members["manifest.json"])
        for name, entry in manifest["tables"].items():
            data = members[f"tables/{name}.jsonl"]
            entry["sha256"], entry["rows"] = hashlib.sha256(data).hexdigest(), data.count(b"\n")
        members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(dst, "w", compression=zipfile.ZIP_DEFLATED) as zout:
        for name, data in members.items():
            zout.writestr(name, data)
    return dst


def assert_untouched(store: Store) -> None:
    assert all(rows == [] for rows in dump(store).values())
    assert blob_files(store) == {}


def only(member: str, change: Callable[[bytes], bytes]) -> Edit:
    return lambda name, data: change(data) if name == member else data


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_changed_blob_byte_is_refused_and_nothing_is_written(archive: Path, tmp_path: Path, backend: str) -> None:
    member = next(n for n in zipfile.ZipFile(archive).namelist() if n.startswith("blobs/"))
    bad = rewrite(archive, tmp_path / "bad.zip", only(member, lambda d: d[:10] + bytes([d[10] ^ 1]) + d[11:]))
    with fresh_store(backend, tmp_path / "t") as target:
        with pytest.raises(CorruptArchive, match=r"hashes to [0-9a-f]{64}, not to its name"):
            restore(target, bad, actor="r")
        assert_untouched(target)


def test_an_edited_row_is_refused_even_in_the_last_table(archive: Path, tmp_path: Path) -> None:
    edit = only("tables/api_tokens.jsonl", lambda d: d.replace(b'"ffff', b'"eeee'))
    bad = rewrite(archive, tmp_path / "bad.zip", edit)
    with fresh_store("sqlite", tmp_path / "t") as target:
        with pytest.raises(CorruptArchive, match=r"tables/api_tokens.jsonl does not match the manifest"):
            restore(target, bad, actor="r")
        assert_untouched(target)


def test_a_row_the_database_refuses_rolls_everything_back(archive: Path, tmp_path: Path) -> None:
    """Hashes agree, but a claim points at an entity that does not exist: the whole restore is undone."""
    dangling = only("tables/claims.jsonl", lambda d: d.replace(b'"entity_id":"e-b"', b'"entity_id":"e-zz"'))
    bad = rewrite(archive, tmp_path / "bad.zip", dangling, rehash=True)
    with fresh_store("postgresql", tmp_path / "t") as target:
        with pytest.raises(RestoreError, match="the database refused the restore: IntegrityError"):
            restore(target, bad, actor="r")
        assert_untouched(target)


def test_a_row_of_the_wrong_type_names_its_file_and_line(archive: Path, tmp_path: Path) -> None:
    wrong = only("tables/audit_log.jsonl", lambda d: d.replace(b'"id":2,', b'"id":"two",'))
    bad = rewrite(archive, tmp_path / "bad.zip", wrong, rehash=True)
    with fresh_store("sqlite", tmp_path / "t") as target:
        with pytest.raises(CorruptArchive, match=r"tables/audit_log.jsonl line 2: column id: expected an integer"):
            restore(target, bad, actor="r")
        assert_untouched(target)


def test_documents_and_blobs_must_agree(archive: Path, tmp_path: Path) -> None:
    def drop_document(name: str, data: bytes) -> bytes:
        return b"".join(data.splitlines(keepends=True)[1:]) if name == "tables/documents.jsonl" else data

    bad = rewrite(archive, tmp_path / "bad.zip", drop_document, rehash=True)
    with fresh_store("sqlite", tmp_path / "t") as target:
        with pytest.raises(CorruptArchive, match=r"blob [0-9a-f]{64} belongs to no document row"):
            restore(target, bad, actor="r")
        assert_untouched(target)

    def shrink_document(name: str, data: bytes) -> bytes:
        return data.replace(b'"size":278,', b'"size":277,') if name == "tables/documents.jsonl" else data

    bad = rewrite(archive, tmp_path / "bad2.zip", shrink_document, rehash=True)
    with pytest.raises(CorruptArchive, match=r"document [0-9a-f]{64} says 277 bytes, its blob holds 278"):
        verify_archive(bad)


@pytest.mark.parametrize("damage", ["truncated", "not a zip", "flipped"])
def test_damaged_files_are_refused(archive: Path, tmp_path: Path, damage: str) -> None:
    data = archive.read_bytes()
    bad = tmp_path / "bad.zip"
    if damage == "truncated":
        bad.write_bytes(data[: len(data) // 2])
    elif damage == "not a zip":
        bad.write_bytes(b"id,name\n1,Namgang\n")
    else:  # a flipped bit inside compressed member data: the ZIP's CRC check or our hashes must notice
        middle = len(data) // 3
        bad.write_bytes(data[:middle] + bytes([data[middle] ^ 0x10]) + data[middle + 1:])
    with fresh_store("sqlite", tmp_path / "t") as target:
        with pytest.raises(CorruptArchive):
            restore(target, bad, actor="r")
        assert_untouched(target)


def test_a_different_schema_revision_is_refused(archive: Path, tmp_path: Path) -> None:
    def older(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["schema_revision"] = "0000_before_time"
        return json.dumps(manifest).encode()

    bad = rewrite(archive, tmp_path / "bad.zip", older)
    with fresh_store("sqlite", tmp_path / "t") as target:
        with pytest.raises(SchemaMismatch, match="schema revision '0000_before_time'"):
            restore(target, bad, actor="r")
        assert_untouched(target)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_store_that_holds_rows_is_refused_and_kept(archive: Path, tmp_path: Path, backend: str) -> None:
    with fresh_store(backend, tmp_path / "t") as target:
        with target.transaction() as s:
            record_audit(s, actor="ana", action="claim.accept", object_type="claim", object_id="x")
        before, blobs_before = dump(target), blob_files(target)
        refusal = r"is not empty \(table audit_log already holds rows\); restore into a new, empty"
        with pytest.raises(TargetNotEmpty, match=refusal):
            restore(target, archive, actor="r")
        assert dump(target) == before and blob_files(target) == blobs_before


def test_backup_never_overwrites_and_notices_a_damaged_blob(tmp_path: Path) -> None:
    with fresh_store("sqlite", tmp_path / "s") as source:
        populate(source)
        (tmp_path / "exists.zip").write_bytes(b"keep me")
        with pytest.raises(BackupError, match="already exists"):
            backup(source, tmp_path / "exists.zip")
        assert (tmp_path / "exists.zip").read_bytes() == b"keep me"
        victim = next(p for p in source.blob_dir.rglob("*") if p.is_file())
        os.chmod(victim, 0o644)
        victim.write_bytes(b"changed on disk")
        with pytest.raises(BackupError, match=f"the blob of document {victim.name} .* no longer matches"):
            backup(source, tmp_path / "new.zip")
        assert not (tmp_path / "new.zip").exists()
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_cli_backup_restore_and_refusals(store: Store, cli: CliRunner, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """On the suite's backend: back up the test store, restore it elsewhere, and see the refusals exit 1."""
    blob = BlobStore(store.blob_dir).put(b"%PDF-1.4 a small stand-in")[0]
    populate(store)
    path = tmp_path / "cli.zip"
    result = cli.invoke(app, ["backup", str(path)])
    assert result.exit_code == 0, result.output
    assert "document blobs" in result.output and path.is_file()

    result = cli.invoke(app, ["restore", "--verify-only", str(path)])
    assert result.exit_code == 0 and "is intact" in result.output

    result = cli.invoke(app, ["restore", str(path)])  # the test store itself is not empty
    assert result.exit_code == 1 and "is not empty" in result.output

    bad = rewrite(path, tmp_path / "bad.zip", only("tables/claims.jsonl", lambda d: d + b"{}\n"))
    result = cli.invoke(app, ["restore", "--verify-only", str(bad)])
    assert result.exit_code == 1 and "bad.zip: tables/claims.jsonl line 3" in result.output

    with fresh_store("sqlite", tmp_path / "elsewhere") as target:
        monkeypatch.setenv("LABORWATCH_DATABASE_URL", target.settings.database_url)
        monkeypatch.setenv("LABORWATCH_HOME", str(target.settings.home))
        result = cli.invoke(app, ["restore", str(path), "--as", "ops"])
        assert result.exit_code == 0, result.output
        assert dump(target, skip_audit_action="store.restore") == dump(store)
        assert blob not in blob_files(target)  # a stray blob that no document names is not backed up
