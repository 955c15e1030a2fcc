"""The whole evidence base in one file: ``laborwatch backup`` writes it, ``laborwatch restore`` reads it back.

An archive is a ZIP file::

    manifest.json               format, schema revision, created_at, source (password redacted),
                                per-table row count and SHA-256, per-blob size and SHA-256
    tables/<table>.jsonl        every row of every table, one JSON object a line (laborwatch.store.portable)
    blobs/<sha[:2]>/<sha256>    the original bytes of every document

Tables come from ``Base.metadata.sorted_tables``, so a table added to the models is backed up without
touching this module. Rows are portable, so a backup taken from SQLite restores into PostgreSQL and back.

Restore refuses rather than guesses: the target must be empty (the audit log is append-only, so a restore
cannot overwrite a used store without destroying its history), the schema revisions must match, and every
table file and blob must hash to what the manifest says and agree with the document rows. Rows go in inside
one transaction and blobs this restore wrote are removed again if anything fails, so a refused or broken
restore leaves the target as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

from sqlalchemy import Connection, Table, func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from laborwatch import __version__
from laborwatch.evidence.blobs import BlobStore
from laborwatch.store.db import Store, current_revision, record_audit, utcnow
from laborwatch.store.models import Base, Document
from laborwatch.store.portable import TableCodec

FORMAT = "laborwatch-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
BATCH = 1000
_MAX_MANIFEST_BYTES = 256 * 1024 * 1024  # a manifest lists hashes, not data; anything bigger is not ours

T = TypeVar("T")


class ProgressHook(Protocol):
    def __call__(self, items: Iterable[T], *, total: int | None, label: str) -> Iterable[T]: ...


def _no_progress(items: Iterable[T], *, total: int | None, label: str) -> Iterable[T]:
    return items


class BackupError(RuntimeError):
    """A backup cannot be written (e.g. a document's blob is missing or damaged in the store)."""


class RestoreError(ValueError):
    """A restore was refused; the target store is unchanged. ``str()`` names the archive and the reason."""

    def __init__(self, archive: Path | str, problem: str) -> None:
        self.archive = str(archive)
        self.problem = problem
        super().__init__(f"{self.archive}: {problem}")


class CorruptArchive(RestoreError):
    """The archive is damaged or was altered: a hash, count or row does not match its manifest."""


class TargetNotEmpty(RestoreError):
    """The store restored into already holds rows."""


class SchemaMismatch(RestoreError):
    """The archive was written at a different schema revision than this LaborWatch's store."""


@dataclass
class Summary:
    path: Path
    tables: dict[str, int] = field(default_factory=dict)
    blobs: int = 0
    blob_bytes: int = 0
    schema_revision: str | None = None


def redact_url(url: str) -> str:
    """The store URL without its password, fit to be written into an archive someone else may read."""
    return make_url(url).render_as_string(hide_password=True)


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _blob_member(sha256: str) -> str:
    return f"blobs/{sha256[:2]}/{sha256}"


# ------------------------------------------------------------------------------------------------ backup


def _snapshot(conn: Connection) -> None:
    """Make every following read see one consistent state of the store, however long the backup takes."""
    if conn.dialect.name == "sqlite":
        # pysqlite starts transactions only before writes; an explicit BEGIN pins one WAL snapshot for reads
        conn.exec_driver_sql("BEGIN")


def _rows(conn: Connection, table: Table, codec: TableCodec) -> Iterator[tuple[dict[str, Any], set[str]]]:
    codec_json = [c for c in table.columns if c.name in codec.json_columns]
    flags = [c.is_(None).label(f"_sqlnull_{c.name}") for c in codec_json]
    query = select(table, *flags).order_by(*table.primary_key.columns)
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(query)
    for row in result.mappings():
        values = {c.name: row[c.name] for c in table.columns}
        yield values, {c.name for c in codec_json if row[f"_sqlnull_{c.name}"]}


def backup(store: Store, path: Path, *, progress: ProgressHook = _no_progress) -> Summary:
    """Write every table and every document blob of ``store`` to a new archive at ``path``."""
    if path.exists():
        raise BackupError(f"{path} already exists; choose a new file name (a backup never overwrites)")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a folder")
    blobs = BlobStore(store.blob_dir)
    summary = Summary(path=path, schema_revision=current_revision(store.engine))
    manifest: dict[str, Any] = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "laborwatch_version": __version__,
        "schema_revision": summary.schema_revision, "created_at": utcnow().isoformat(),
        "source": redact_url(store.settings.database_url), "source_dialect": store.engine.dialect.name,
        "tables": {}, "blobs": {},
    }
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive, \
                store.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            _snapshot(conn)
            document_hashes: list[str] = []
            for table in _tables():
                codec = TableCodec(table)
                total = conn.execute(select(func.count()).select_from(table)).scalar_one()
                digest, count = hashlib.sha256(), 0
                with archive.open(f"tables/{table.name}.jsonl", "w", force_zip64=True) as member:
                    rows = progress(_rows(conn, table, codec), total=total, label=f"table {table.name}")
                    for values, sql_null in rows:
                        line = json.dumps(codec.encode(values, sql_null), ensure_ascii=False, sort_keys=True,
                                          separators=(",", ":")).encode("utf-8") + b"\n"
                        member.write(line)
                        digest.update(line)
                        count += 1
                        if table is Document.__table__:
                            document_hashes.append(values["sha256"])
                manifest["tables"][table.name] = {"rows": count, "sha256": digest.hexdigest(),
                                                  "columns": codec.columns}
                summary.tables[table.name] = count
            conn.rollback()
            for sha in progress(document_hashes, total=len(document_hashes), label="document blobs"):
                data = _read_store_blob(blobs, sha)
                archive.writestr(_blob_member(sha), data)
                manifest["blobs"][sha] = {"size": len(data)}
                summary.blobs += 1
                summary.blob_bytes += len(data)
            archive.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return summary


def _read_store_blob(blobs: BlobStore, sha: str) -> bytes:
    try:
        data = blobs.get(sha)
    except FileNotFoundError:
        raise BackupError(f"document {sha} has no blob at {blobs.path_for(sha)}; the store is damaged") from None
    if hashlib.sha256(data).hexdigest() != sha:
        raise BackupError(f"the blob of document {sha} at {blobs.path_for(sha)} no longer matches its hash")
    return data


# ----------------------------------------------------------------------------------------------- restore


def read_manifest(path: Path) -> tuple[zipfile.ZipFile, dict[str, Any]]:
    """Open an archive and check its manifest's shape; the caller closes the returned ZipFile."""
    if not path.is_file():
        raise RestoreError(path, "no such file")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise CorruptArchive(path, f"not a LaborWatch backup (not a readable ZIP file: {exc})") from None
    try:
        info = archive.getinfo(MANIFEST)
        if info.file_size > _MAX_MANIFEST_BYTES:
            raise CorruptArchive(path, f"{MANIFEST} is implausibly large ({info.file_size} bytes)")
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        archive.close()
        raise CorruptArchive(path, f"not a LaborWatch backup (no {MANIFEST})") from None
    except (ValueError, zipfile.BadZipFile) as exc:
        archive.close()
        raise CorruptArchive(path, f"{MANIFEST} is damaged: {exc}") from None
    except RestoreError:
        archive.close()
        raise
    problem = _manifest_problem(manifest)
    if problem:
        archive.close()
        raise CorruptArchive(path, f"{MANIFEST}: {problem}")
    return archive, manifest


def _manifest_problem(manifest: Any) -> str | None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return f"not a LaborWatch backup (format is not {FORMAT!r})"
    if manifest.get("format_version") != FORMAT_VERSION:
        return (f"archive format version {manifest.get('format_version')!r}; this LaborWatch reads version "
                f"{FORMAT_VERSION}")
    tables, blobs = manifest.get("tables"), manifest.get("blobs")
    if not isinstance(tables, dict) or not isinstance(blobs, dict):
        return "'tables' and 'blobs' must be objects"
    for name, entry in tables.items():
        if not (isinstance(entry, dict) and isinstance(entry.get("rows"), int) and isinstance(entry.get("sha256"), str)
                and isinstance(entry.get("columns"), list)):
            return f"table {name!r} needs rows, sha256 and columns"
    for sha, entry in blobs.items():
        if not (isinstance(sha, str) and len(sha) == 64 and all(c in "0123456789abcdef" for c in sha)):
            return f"blob key {sha!r} is not a SHA-256 hex digest"
        if not (isinstance(entry, dict) and isinstance(entry.get("size"), int) and entry["size"] >= 0):
            return f"blob {sha} needs a size"
    return None


def _target_problem(conn: Connection) -> str | None:
    for table in _tables():
        if conn.execute(select(1).select_from(table).limit(1)).first() is not None:
            return f"table {table.name} already holds rows"
    return None


def verify_archive(path: Path, *, progress: ProgressHook = _no_progress) -> Summary:
    """Check an archive completely (every table row and blob hash) without touching any store."""
    archive, manifest = read_manifest(path)
    summary = Summary(path=path, schema_revision=manifest.get("schema_revision"))
    with archive:
        _check_tables_match_models(path, manifest)
        documents: dict[str, int] = {}
        for table in _tables():
            for batch in _archive_rows(path, archive, manifest, table, progress):
                _collect_documents(table, batch, documents)
            if table is Document.__table__:
                _check_documents_have_blobs(path, manifest, documents)
            summary.tables[table.name] = manifest["tables"][table.name]["rows"]
        for sha in progress(list(manifest["blobs"]), total=len(manifest["blobs"]), label="document blobs"):
            summary.blob_bytes += len(_archive_blob(path, archive, sha, manifest["blobs"][sha]["size"]))
            summary.blobs += 1
    return summary


def restore(store: Store, path: Path, *, actor: str, progress: ProgressHook = _no_progress) -> Summary:
    """Restore the archive at ``path`` into ``store``, which must be empty and at the archive's schema revision."""
    archive, manifest = read_manifest(path)
    summary = Summary(path=path, schema_revision=manifest.get("schema_revision"))
    with archive:
        revision = current_revision(store.engine)
        if manifest.get("schema_revision") != revision:
            raise SchemaMismatch(path, f"the archive is at schema revision {manifest.get('schema_revision')!r}, "
                                       f"the target store at {revision!r}; restore it with the LaborWatch "
                                       "version that wrote it, then upgrade")
        _check_tables_match_models(path, manifest)
        with store.engine.connect() as conn:
            problem = _target_problem(conn)
        if problem:
            raise TargetNotEmpty(path, f"the target store {redact_url(store.settings.database_url)} is not empty "
                                       f"({problem}); restore into a new, empty database")
        created = _restore_blobs(path, archive, manifest, BlobStore(store.blob_dir), progress, summary)
        try:
            with store.transaction() as session:
                conn = session.connection()
                documents: dict[str, int] = {}
                for table in _tables():
                    summary.tables[table.name] = _restore_table(path, archive, manifest, table, conn, progress,
                                                                documents)
                    if table is Document.__table__:  # before any claim's foreign key can speak of a lost one
                        _check_documents_have_blobs(path, manifest, documents)
                _reset_sequences(conn)
                record_audit(session, actor=actor, action="store.restore", object_type="store",
                             object_id=manifest.get("created_at", ""),
                             detail={"archive": path.name, "source": manifest.get("source"),
                                     "rows": sum(summary.tables.values()), "blobs": summary.blobs})
        except SQLAlchemyError as exc:
            _remove(created)
            raise RestoreError(path, f"the database refused the restore: {exc.__class__.__name__}: "
                                     f"{str(exc).splitlines()[0]}") from exc
        except BaseException:
            _remove(created)
            raise
    return summary


def _remove(paths: list[Path]) -> None:
    for blob in paths:
        blob.unlink(missing_ok=True)


def _check_tables_match_models(path: Path, manifest: dict[str, Any]) -> None:
    ours = {t.name: [c.name for c in t.columns] for t in _tables()}
    theirs = manifest["tables"]
    if set(ours) != set(theirs):
        raise CorruptArchive(path, f"tables differ from this schema: missing {sorted(set(ours) - set(theirs))}, "
                                   f"unexpected {sorted(set(theirs) - set(ours))}")
    for name, columns in ours.items():
        if sorted(columns) != sorted(theirs[name]["columns"]):
            raise CorruptArchive(path, f"table {name} has columns {theirs[name]['columns']}, expected {columns}")


def _archive_rows(path: Path, archive: zipfile.ZipFile, manifest: dict[str, Any], table: Table,
                  progress: ProgressHook) -> Iterator[list[dict[str, Any]]]:
    """Decoded rows of one table file in batches; the hash and count are checked once the file is read."""
    member = f"tables/{table.name}.jsonl"
    expected = manifest["tables"][table.name]
    codec = TableCodec(table)
    digest, count, batch = hashlib.sha256(), 0, []
    try:
        handle: IO[bytes] = archive.open(member)
    except KeyError:
        raise CorruptArchive(path, f"{member} is missing") from None
    with handle:
        try:
            for number, line in enumerate(progress(handle, total=expected["rows"], label=f"table {table.name}"),
                                          start=1):
                digest.update(line)
                count += 1
                try:
                    batch.append(codec.decode(json.loads(line)))
                except ValueError as exc:
                    raise CorruptArchive(path, f"{member} line {number}: {exc}") from None
                if len(batch) >= BATCH:
                    yield batch
                    batch = []
        except zipfile.BadZipFile as exc:
            raise CorruptArchive(path, f"{member} is damaged: {exc}") from None
    if count != expected["rows"] or digest.hexdigest() != expected["sha256"]:
        raise CorruptArchive(path, f"{member} does not match the manifest ({count} rows, SHA-256 {digest.hexdigest()}"
                                   f"; the manifest says {expected['rows']} rows, {expected['sha256']})")
    if batch:
        yield batch


def _archive_blob(path: Path, archive: zipfile.ZipFile, sha: str, size: int) -> bytes:
    member = _blob_member(sha)
    try:
        with archive.open(member) as handle:
            data = handle.read(size + 1)  # never more than the manifest promises (a ZIP bomb stops here)
    except KeyError:
        raise CorruptArchive(path, f"blob {member} is missing") from None
    except zipfile.BadZipFile as exc:
        raise CorruptArchive(path, f"blob {member} is damaged: {exc}") from None
    if len(data) != size:
        raise CorruptArchive(path, f"blob {member} is {'larger' if len(data) > size else len(data)} "
                                   f"{'than' if len(data) > size else 'bytes, not'} {size} bytes")
    actual = hashlib.sha256(data).hexdigest()
    if actual != sha:
        raise CorruptArchive(path, f"blob {member} hashes to {actual}, not to its name")
    return data


def _restore_blobs(path: Path, archive: zipfile.ZipFile, manifest: dict[str, Any], blobs: BlobStore,
                   progress: ProgressHook, summary: Summary) -> list[Path]:
    """Verify and write every blob; return the files this call created so a failure can remove them."""
    created: list[Path] = []
    try:
        for sha in progress(list(manifest["blobs"]), total=len(manifest["blobs"]), label="document blobs"):
            data = _archive_blob(path, archive, sha, manifest["blobs"][sha]["size"])
            target = blobs.path_for(sha)
            if target.is_file() and not blobs.verify(sha):
                target.unlink()  # a damaged leftover under this hash; the archive's verified bytes replace it
            if blobs.put(data, sha256=sha)[1]:
                created.append(target)
            summary.blobs += 1
            summary.blob_bytes += len(data)
    except BaseException:
        _remove(created)
        raise
    return created


def _collect_documents(table: Table, batch: list[dict[str, Any]], documents: dict[str, int]) -> None:
    if table is Document.__table__:
        documents.update((row["sha256"], row["size"]) for row in batch)


def _check_documents_have_blobs(path: Path, manifest: dict[str, Any], documents: dict[str, int]) -> None:
    blobs = manifest["blobs"]
    for sha, size in documents.items():
        if sha not in blobs:
            raise CorruptArchive(path, f"document {sha} has no blob in the archive")
        if blobs[sha]["size"] != size:
            raise CorruptArchive(path, f"document {sha} says {size} bytes, its blob holds {blobs[sha]['size']}")
    orphans = sorted(set(blobs) - set(documents))
    if orphans:
        raise CorruptArchive(path, f"blob {orphans[0]} belongs to no document row")


def _restore_table(path: Path, archive: zipfile.ZipFile, manifest: dict[str, Any], table: Table,
                   conn: Connection, progress: ProgressHook, documents: dict[str, int]) -> int:
    # A row may point at a later row of its own table (a claim superseding one with a larger id); those
    # columns go in as NULL first and are set once the whole table is in, so foreign keys hold throughout.
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    pk = [c.name for c in table.primary_key.columns]
    deferred: list[dict[str, Any]] = []
    count = 0
    for batch in _archive_rows(path, archive, manifest, table, progress):
        _collect_documents(table, batch, documents)
        for row in batch:
            for name in self_refs:
                if row[name] is not None:
                    deferred.append({**{f"pk_{k}": row[k] for k in pk}, name: row[name]})
                    row[name] = None
        conn.execute(table.insert(), batch)
        count += len(batch)
    for item in deferred:
        where = [table.c[k] == item[f"pk_{k}"] for k in pk]
        values = {k: v for k, v in item.items() if not k.startswith("pk_")}
        conn.execute(update(table).where(*where).values(**values))
    return count


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL sequences do not move when ids are inserted explicitly; point each past the largest id."""
    if conn.dialect.name != "postgresql":
        return  # SQLite's integer primary keys continue from the largest rowid by themselves
    for table in _tables():
        column = table.autoincrement_column
        if column is None:
            continue
        conn.execute(text(
            f'SELECT setval(pg_get_serial_sequence(:table, :column), COALESCE(MAX("{column.name}"), 1), '
            f'MAX("{column.name}") IS NOT NULL) FROM "{table.name}"'
        ), {"table": table.name, "column": column.name})
