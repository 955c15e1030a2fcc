"""Storing what the extractor finds: each stored document runs once per extractor version.

Per document, in one transaction: its claims (status "proposed", dataset "documents"), one ExtractionRun row and
one audit entry. A failure leaves that document untouched and unmarked, so the next run tries it again. Claim
ids are deterministic (kind, document, offsets, values, origin), so the same claim is never stored twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from laborwatch.evidence.ids import make_id
from laborwatch.evidence.text import page_of
from laborwatch.extract.model import KIND_FIELDS, ExtractedClaim
from laborwatch.extract.rules import extract_text
from laborwatch.extract.version import EXTRACTOR
from laborwatch.store.db import Store, record_audit, utcnow
from laborwatch.store.models import Claim, Document, ExtractionRun


@dataclass
class ExtractSummary:
    extractor: str = EXTRACTOR
    documents: int = 0  # documents extracted in this run
    skipped: int = 0  # documents this version had already extracted
    claims: int = 0  # claims stored
    by_kind: Counter[str] = field(default_factory=Counter)


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


def _extract_one(session: Session, document: Document, actor: str) -> list[ExtractedClaim]:
    if document.language not in (None, "", "en", "und"):
        claims: list[ExtractedClaim] = []  # the rules are English rules; other languages yield nothing
    else:
        claims = extract_text(document.text, document.published)
    stored: list[ExtractedClaim] = []
    seen: set[str] = set()
    for claim in claims:
        if document.text[claim.start:claim.end] != claim.quote:
            raise AssertionError(f"claim offsets do not match the quote in document {document.sha256}")
        row = claim_row(claim, document)
        if row.id in seen or session.get(Claim, row.id) is not None:
            continue
        seen.add(row.id)
        session.add(row)
        stored.append(claim)
    session.add(ExtractionRun(document_sha256=document.sha256, extractor=EXTRACTOR, claim_count=len(stored),
                              run_at=utcnow()))
    record_audit(session, actor=actor, action="document.extract", object_type="document",
                 object_id=document.sha256, detail={"extractor": EXTRACTOR, "claims": len(stored)})
    return stored


def iter_extract(store: Store, shas: Iterable[str], *, actor: str) -> Iterator[list[ExtractedClaim]]:
    """Extract the given documents one transaction each, yielding each document's stored claims."""
    for sha in shas:
        with store.transaction() as session:
            done = session.get(ExtractionRun, (sha, EXTRACTOR))
            document = session.get(Document, sha)
            if done is not None or document is None:
                yield []
                continue
            yield _extract_one(session, document, actor)


def extract_pending(store: Store, actor: str,
                    wrap: Callable[[Iterable[str], int], Iterable[str]] | None = None) -> ExtractSummary:
    """Run the current extractor over every stored document it has not seen; ``wrap`` may add a progress bar."""
    summary = ExtractSummary()
    shas = pending_documents(store)
    with store.transaction() as session:
        summary.skipped = len(list(session.scalars(
            select(ExtractionRun.document_sha256).where(ExtractionRun.extractor == EXTRACTOR))))
    items: Iterable[str] = wrap(shas, len(shas)) if wrap else shas
    for stored in iter_extract(store, items, actor=actor):
        summary.documents += 1
        summary.claims += len(stored)
        summary.by_kind.update(c.kind for c in stored)
    return summary
