"""Document intake: files and folders become stored documents, or a specific error, never half of either.

Order matters for "nothing half-written": the file is fully read and its text extracted before anything is
stored; the blob is written (idempotent, content-addressed) and then the database rows in one transaction;
if that transaction fails, a blob this call created is removed again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from laborwatch.evidence.blobs import BlobStore
from laborwatch.evidence.dates import parse_partial_date
from laborwatch.evidence.errors import IntakeError
from laborwatch.evidence.ids import make_id
from laborwatch.evidence.text import SUPPORTED, extract_text, media_type_for
from laborwatch.store.db import Store, record_audit, utcnow
from laborwatch.store.models import Document, Source


@dataclass(frozen=True)
class DocumentMetadata:
    """What the person adding a document says about it; each given field overrides the file's own."""

    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None
    restricted: bool = False

    def __post_init__(self) -> None:
        if self.published is not None:
            object.__setattr__(self, "published", parse_partial_date(self.published))


@dataclass(frozen=True)
class AddResult:
    path: str
    status: str  # "added", "duplicate" or "error"
    sha256: str | None = None
    title: str | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status != "error"


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Expand folders (recursively, in a stable order, skipping hidden files) and pass files through."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield child
        else:
            yield path


def read_document_file(path: Path, max_bytes: int) -> bytes:
    """Read a file that may become a document, refusing what cannot be one before reading it whole."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise IntakeError(path, "does not exist (or is a broken link)") from None
    except OSError as exc:
        raise IntakeError(path, f"cannot be read: {exc.strerror or exc}") from None
    if path.is_dir():
        raise IntakeError(path, "is a folder, not a file")
    if not path.is_file():
        raise IntakeError(path, "is not a regular file (a device, socket or pipe?)")
    media_type_for(path)  # unsupported types are refused before their bytes are read
    if info.st_size == 0:
        raise IntakeError(path, "the file is empty")
    if info.st_size > max_bytes:
        raise IntakeError(
            path,
            f"is {info.st_size / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB limit "
            "(LABORWATCH_MAX_DOCUMENT_MB)",
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IntakeError(path, f"cannot be read: {exc.strerror or exc}") from None


def add_path(store: Store, path: Path, *, actor: str, metadata: DocumentMetadata | None = None) -> AddResult:
    """Add one file. Raises IntakeError for a file that cannot become a document."""
    metadata = metadata or DocumentMetadata()
    data = read_document_file(path, store.settings.max_document_bytes)
    sha256 = hashlib.sha256(data).hexdigest()
    with store.transaction() as session:
        existing = session.get(Document, sha256)
        if existing is not None:
            return _duplicate(path, existing)
    extracted = extract_text(path, data)
    blobs = BlobStore(store.blob_dir)
    _, created = blobs.put(data, sha256)
    try:
        with store.transaction() as session:
            document = _document_row(session, path, sha256, len(data), extracted.text, extracted.media_type,
                                     extracted.page_starts, extracted.metadata, metadata, actor)
            session.add(document)
            session.flush()
            record_audit(session, actor=actor, action="document.add", object_type="document", object_id=sha256,
                         detail={"filename": path.name, "restricted": document.restricted})
    except IntegrityError:
        # Someone stored the same bytes between our check and our insert: that is a duplicate, not an error.
        with store.transaction() as session:
            existing = session.get(Document, sha256)
            if existing is not None:
                return _duplicate(path, existing)
        if created:
            blobs.remove(sha256)
        raise
    except BaseException:
        if created:
            blobs.remove(sha256)
        raise
    return AddResult(str(path), "added", sha256, document.title,
                     f"added as document {sha256[:12]}" + (" (restricted)" if document.restricted else ""))


def add_paths(store: Store, paths: Iterable[Path], *, actor: str,
              metadata: DocumentMetadata | None = None) -> Iterator[AddResult]:
    """Add files and folders one by one: a bad file is reported and the good ones are kept."""
    for path in iter_files(paths):
        try:
            yield add_path(store, path, actor=actor, metadata=metadata)
        except IntakeError as exc:
            yield AddResult(str(path), "error", message=exc.problem)


def _duplicate(path: Path, existing: Document) -> AddResult:
    label = f" ({existing.title})" if existing.title else ""
    return AddResult(str(path), "duplicate", existing.sha256, existing.title,
                     f"already stored as document {existing.sha256[:12]}{label}; nothing changed")


def _document_row(session: Session, path: Path, sha256: str, size: int, text: str, media_type: str,
                  page_starts: list[int] | None, found: dict[str, str], given: DocumentMetadata,
                  actor: str) -> Document:
    origin: dict[str, str] = {}
    values: dict[str, str | None] = {}
    for field in ("title", "publisher", "published", "url", "language"):
        user_value = getattr(given, field)
        if user_value:
            values[field], origin[field] = user_value, "user"
        elif found.get(field):
            values[field], origin[field] = found[field], "document"
        else:
            values[field] = None
    if values["published"]:
        try:
            parse_partial_date(values["published"])
        except ValueError:  # a document's own date field can be junk; keep the document, drop the date
            values["published"], origin["published"] = None, "invalid"
    if not values["title"]:
        values["title"], origin["title"] = path.stem.replace("_", " ").replace("-", " "), "filename"
    source_id = _source_for(session, values["publisher"])
    return Document(
        sha256=sha256, filename=path.name, media_type=media_type, size=size,
        title=(values["title"] or "")[:1000], publisher=values["publisher"], source_id=source_id,
        published=values["published"], url=values["url"], language=values["language"],
        restricted=given.restricted, text=text, page_starts=page_starts, metadata_origin=origin,
        added_at=utcnow(), added_by=actor,
    )


def _source_for(session: Session, publisher: str | None) -> str | None:
    if not publisher:
        return None
    name = publisher.strip()[:300]
    source_id = make_id("source", name.casefold())
    if session.get(Source, source_id) is None:
        session.add(Source(id=source_id, name=name, created_at=utcnow()))
        session.flush()  # the document row references it; no ORM relationship orders the inserts for us
    return source_id


def find_document(session: Session, ref: str) -> Document:
    """A document by its SHA-256 or a unique prefix of at least 6 hex digits."""
    ref = ref.strip().lower()
    if len(ref) < 6:
        raise LookupError(f"document id {ref!r} is too short; give at least 6 characters of its SHA-256")
    matches = session.scalars(select(Document).where(Document.sha256.startswith(ref)).limit(2)).all()
    if not matches:
        raise LookupError(f"no document with id {ref!r}; `laborwatch documents` lists them")
    if len(matches) > 1:
        raise LookupError(f"document id {ref!r} is ambiguous; give more characters")
    return matches[0]


SUPPORTED_SUFFIXES = tuple(sorted(SUPPORTED))
