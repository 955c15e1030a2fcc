"""Storing what the extractor finds: each stored document runs once per extractor version.

Per document, in one transaction: its changes, one ExtractionRun row and one audit entry. A failure leaves that
document untouched and unmarked, so the next run tries it again. Claim ids are deterministic (kind, document,
offsets, values, origin), so the same claim is never stored twice.

A new extractor version must not put claims a reviewer has already decided in front of them again (issue 12).
It compares what it finds with the document's stored claims by *content key*: the claim id's inputs without
the extractor version (``content_key``).

- Found, and a stored claim with the same key is proposed, accepted or rejected, or was edited by a person:
  *unchanged*, no row is added. An earlier version's undecided proposal among them stays proposed; its
  ``last_seen`` moves and ``extra["found_again_by"]`` lists the versions that found it again.
- Found and not stored: *new*, stored as proposed (dataset "documents", origin the extractor).
- An undecided proposal of an earlier version of this extractor that it does not find again: *withdrawn*
  (status "withdrawn"; the row is kept and the change audited), so reviewers stop seeing what the extractor
  no longer proposes.

Accepted and rejected claims are never changed, nor claims people made (origin "user:...") or evidence-pack
claims. Every change to an existing row is a conditional UPDATE on "still proposed, not edited", so a reviewer
deciding the same claim at the same moment wins and the extractor leaves that claim alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from laborwatch.evidence.ids import make_id
from laborwatch.evidence.text import page_of
from laborwatch.extract.model import KIND_FIELDS, ExtractedClaim
from laborwatch.extract.rules import extract_text
from laborwatch.extract.summary import DocumentChanges, ExtractSummary
from laborwatch.extract.version import EXTRACTOR
from laborwatch.store.db import Store, record_audit, utcnow
from laborwatch.store.models import Claim, Document, ExtractionRun

__all__ = ["DocumentChanges", "ExtractSummary", "Reader", "claim_id", "claim_row", "content_key", "extract_documents",
           "extract_pending", "iter_extract", "pending_documents", "plan_changes"]

#: What reads a document's text (and publication date) into claims: the rules, or in tests an older version.
Reader = Callable[[str, str | None], list[ExtractedClaim]]

# A stored claim in one of these states (or edited by a person) already says what it says: finding it again
# adds nothing. A withdrawn claim does not count: if a later version finds it again, it is proposed anew.
_DECIDED_OR_OPEN = ("proposed", "accepted", "rejected")

# KIND_FIELDS names whose column in the store is named differently.
_COLUMN = {"date": "event_date"}


def pending_documents(store: Store, extractor: str = EXTRACTOR) -> list[str]:
    """The sha256 of every stored document this extractor version has not run over, oldest first."""
    with store.transaction() as session:
        done = select(ExtractionRun.document_sha256).where(ExtractionRun.extractor == extractor)
        return list(session.scalars(select(Document.sha256).where(Document.sha256.not_in(done))
                                    .order_by(Document.added_at, Document.sha256)))


def claim_id(claim: ExtractedClaim, document_sha256: str) -> str:
    values = [claim.values[name] for name in KIND_FIELDS[claim.kind]]
    return make_id(claim.kind, document_sha256, claim.start, claim.end, claim.country, *values,
                   claim.attributed_to, claim.as_of, claim.extractor)


def claim_row(claim: ExtractedClaim, document: Document) -> Claim:
    """The stored form of an extracted claim; kind-specific values go to their typed columns."""
    now = utcnow()
    v = claim.values
    row = Claim(
        id=claim_id(claim, document.sha256), kind=claim.kind, version=1, dataset="documents",
        country=claim.country, attributed_to=claim.attributed_to, as_of=claim.as_of, confidence=claim.confidence,
        document_sha256=document.sha256, start=claim.start, end=claim.end, quote=claim.quote,
        page=page_of(document.page_starts, claim.start), restricted=bool(document.restricted),
        origin=claim.extractor, status="proposed", created_at=now, first_seen=now, last_seen=now,
        # The rule explains how the claim was found; it is not a value, so it stays out of the typed columns.
        extra={"rule": claim.rule} if claim.rule else {},
    )
    if claim.kind in ("worker_count", "presence"):
        if claim.kind == "worker_count":  # a presence claim never carries a figure
            row.count, row.low, row.high = v["count"], v["low"], v["high"]
        row.qualifier, row.category, row.employer, row.sector, row.place = v["qualifier"], v["category"], \
            v["employer"], v["sector"], v["place"] or None
    elif claim.kind == "policy_action":
        row.action, row.event_date = v["action"], v["date"]
    elif claim.kind == "forced_repatriation":
        row.count, row.event_date = v["count"], v["date"]
    elif claim.kind == "wage":
        row.gross_per_month, row.received_per_month, row.currency = v["gross_per_month"], \
            v["received_per_month"], v["currency"]
    elif claim.kind == "employer":
        row.name, row.role = v["name"], v["role"]
    return row


def _stored_value(row: Claim, name: str) -> Any:
    if name == "place":
        # Rows proposed before migration 0002 kept the place in ``extra``; the migration moves it to the column,
        # and reading both keeps a key the same for rows written either way.
        return row.place or (row.extra or {}).get("place") or None
    return getattr(row, _COLUMN.get(name, name))


def content_key(row: Claim) -> tuple[Any, ...]:
    """What a claim says and where, without who proposed it: the inputs of ``claim_id`` minus the extractor.

    Read from the stored columns, and computed for newly found claims from their ``claim_row``, so both sides
    go through the same mapping of values to columns.
    """
    values = [_stored_value(row, name) for name in KIND_FIELDS.get(row.kind, ())]
    return (row.kind, row.document_sha256, row.start, row.end, row.country, *values, row.attributed_to, row.as_of)


# The values that make a claim's figure or fact, per kind; the rest (place, sector, dates, sources) are details.
_FIGURE_FIELDS: dict[str, tuple[str, ...]] = {
    "worker_count": ("count", "low", "high", "category"), "presence": ("category",), "policy_action": ("action",),
    "wage": ("gross_per_month", "received_per_month", "currency"), "employer": ("name",),
    "forced_repatriation": ("count",),
}


def figure_key(row: Claim) -> tuple[Any, ...]:
    """Where a claim is and the figure or fact it states, without its details (``content_key`` has them all)."""
    values = [_stored_value(row, name) for name in _FIGURE_FIELDS.get(row.kind, ())]
    return (row.kind, row.document_sha256, row.start, row.end, row.country, *values)


def _version(text: str) -> tuple[int, ...] | None:
    try:
        return tuple(int(part) for part in text.split("."))
    except ValueError:
        return None


def _is_earlier(origin: str, extractor: str) -> bool:
    """Is ``origin`` an earlier version of the same extractor (``rules@1.1.0`` before ``rules@1.2.0``)?

    Anything else (another extractor, a person, a pack, a version that does not parse) is not ours to withdraw.
    """
    name, _, version = extractor.partition("@")
    other_name, _, other_version = origin.partition("@")
    mine, theirs = _version(version), _version(other_version)
    return other_name == name and mine is not None and theirs is not None and theirs < mine


def _open_proposal(row: Claim, extractor: str) -> bool:
    """An earlier version's proposal that no one has decided or edited: the only rows a new version may change."""
    return (row.status == "proposed" and row.superseded_by is None and row.dataset == "documents"
            and _is_earlier(row.origin, extractor))


def _read(document: Document, extractor: str, read: Reader) -> list[ExtractedClaim]:
    if document.language not in (None, "", "en", "und"):
        return []  # the rules are English rules; other languages yield nothing
    claims = []
    for claim in read(document.text, document.published):
        if document.text[claim.start:claim.end] != claim.quote:
            raise AssertionError(f"claim offsets do not match the quote in document {document.sha256}")
        claims.append(claim if claim.extractor == extractor else replace(claim, extractor=extractor))
    return claims


def plan_changes(session: Session, document: Document, *, extractor: str = EXTRACTOR,
                 read: Reader = extract_text) -> DocumentChanges:
    """What ``extractor`` would change in the document's claims; reads only, so a dry run can call it too."""
    stored = list(session.scalars(select(Claim).where(Claim.document_sha256 == document.sha256)))
    by_key: dict[tuple[Any, ...], list[Claim]] = {}
    for row in stored:
        if row.status in _DECIDED_OR_OPEN or row.superseded_by is not None:
            by_key.setdefault(content_key(row), []).append(row)
    decided_figures = {figure_key(row) for row in stored
                       if row.status in ("accepted", "rejected") or row.superseded_by is not None}
    ids = {row.id for row in stored}
    changes = DocumentChanges(document.sha256)
    found: set[tuple[Any, ...]] = set()
    for claim in _read(document, extractor, read):
        row = claim_row(claim, document)
        key = content_key(row)
        if key in found:
            continue  # the same claim read twice in one document (a sentence and a table row saying the same)
        found.add(key)
        matches = by_key.get(key)
        if matches:
            changes.unchanged.append(row)
            changes.refound.extend(m for m in matches if _open_proposal(m, extractor))
        elif figure_key(row) in decided_figures:
            # The same figure a reviewer already decided, read with more or other details (a place, a date):
            # the decision stands, and the reviewer is not asked about the figure again.
            changes.unchanged.append(row)
        elif row.id not in ids:  # a withdrawn row of this very version keeps its id; it is not proposed twice
            changes.new.append(row)
    changes.withdrawn = [row for row in stored if _open_proposal(row, extractor) and content_key(row) not in found]
    return changes


def _apply(session: Session, document: Document, changes: DocumentChanges, *, extractor: str, actor: str) -> None:
    now = utcnow()
    session.add_all(changes.new)
    withdrawn = {row.id for row in changes.withdrawn}
    done: set[str] = set()
    # One pass in id order over every existing row this run changes, the order review batches lock rows in on
    # PostgreSQL, so an extraction and a batch decision queue behind each other instead of deadlocking.
    for row in sorted({r.id: r for r in changes.refound + changes.withdrawn}.values(), key=lambda r: r.id):
        still_open = (Claim.id == row.id, Claim.status == "proposed", Claim.superseded_by.is_(None))
        if row.id in withdrawn:
            values: dict[str, Any] = {"status": "withdrawn", "reviewer": extractor, "reviewed_at": now,
                                      "review_reason": f"not found again by {extractor}"}
        else:
            extra = dict(row.extra or {})
            values = {"last_seen": now, "extra": {**extra, "found_again_by": [*extra.get("found_again_by", []),
                                                                              extractor]}}
        result = session.execute(update(Claim).where(*still_open).values(**values)
                                 .execution_options(synchronize_session=False))
        if cast(CursorResult[Any], result).rowcount != 1:
            continue  # a reviewer decided or edited it since it was read: their decision stands
        if row.id in withdrawn:
            done.add(row.id)
            record_audit(session, actor=actor, action="claim.withdraw", object_type="claim", object_id=row.id,
                         detail={"extractor": extractor, "document": document.sha256, "origin": row.origin,
                                 "reason": f"not found again by {extractor}"})
    changes.withdrawn = [row for row in changes.withdrawn if row.id in done]
    session.add(ExtractionRun(document_sha256=document.sha256, extractor=extractor, claim_count=len(changes.new),
                              run_at=now))
    counted = ExtractSummary(extractor=extractor)
    counted.add(changes)
    record_audit(session, actor=actor, action="document.extract", object_type="document",
                 object_id=document.sha256, detail={"extractor": extractor, "claims": len(changes.new),
                                                    **counted.counts()})


def iter_extract(store: Store, shas: Iterable[str], *, actor: str, extractor: str = EXTRACTOR,
                 read: Reader = extract_text, dry_run: bool = False) -> Iterator[DocumentChanges | None]:
    """Extract the given documents one transaction each, yielding each one's changes once committed.

    ``None`` for a document this version has already extracted (or that is gone). With ``dry_run`` the changes
    are computed and nothing is written: no claims, no ExtractionRun rows, no audit entries.
    """
    for sha in shas:
        with store.transaction() as session:
            done = session.get(ExtractionRun, (sha, extractor))
            document = session.get(Document, sha)
            if done is not None or document is None:
                changes = None
            else:
                changes = plan_changes(session, document, extractor=extractor, read=read)
                if not dry_run:
                    _apply(session, document, changes, extractor=extractor, actor=actor)
        yield changes


def extract_documents(store: Store, shas: Iterable[str], *, actor: str, extractor: str = EXTRACTOR,
                      read: Reader = extract_text, dry_run: bool = False) -> ExtractSummary:
    """Extract the given documents (the web app's and the API's one-document trigger) and count the changes."""
    summary = ExtractSummary(extractor=extractor, dry_run=dry_run)
    for changes in iter_extract(store, shas, actor=actor, extractor=extractor, read=read, dry_run=dry_run):
        if changes is None:
            summary.skipped += 1
        else:
            summary.add(changes)
    return summary


def extract_pending(store: Store, actor: str, wrap: Callable[[Iterable[str], int], Iterable[str]] | None = None, *,
                    extractor: str = EXTRACTOR, read: Reader = extract_text, dry_run: bool = False) -> ExtractSummary:
    """Run the extractor over every stored document it has not seen; ``wrap`` may add a progress bar.

    ``extractor`` and ``read`` default to the current rules; tests pass another version string and reader to
    play an upgrade without editing ``version.py``.
    """
    shas = pending_documents(store, extractor)
    with store.transaction() as session:
        done = session.scalar(select(func.count()).select_from(ExtractionRun)
                              .where(ExtractionRun.extractor == extractor)) or 0
    items: Iterable[str] = wrap(shas, len(shas)) if wrap else shas
    summary = extract_documents(store, items, actor=actor, extractor=extractor, read=read, dry_run=dry_run)
    summary.skipped += done
    return summary
