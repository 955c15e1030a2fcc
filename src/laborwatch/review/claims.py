"""Reading claims for review: filtered lists, one claim inside its document's text, its versions and decisions.

Only current versions count for review and reports: a claim that was edited has ``superseded_by`` set and
its newer version carries on. ``CURRENT`` is that condition, for anyone who queries claims directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from laborwatch.review.errors import ReviewError
from laborwatch.review.refs import resolve_id
from laborwatch.review.values import KINDS, STATUSES, parse_country
from laborwatch.store.models import AuditEntry, Claim, Document

#: The condition that selects current versions of claims (not superseded by an edit).
CURRENT: ColumnElement[bool] = Claim.superseded_by.is_(None)

#: Claims still in play: every status but "withdrawn" (proposals a newer extractor version took back). Listings
#: and counts without a status filter use it, so withdrawn claims show only when asked for by status.
NOT_WITHDRAWN: ColumnElement[bool] = Claim.status != "withdrawn"

#: Columns in the order listings, CSV and JSON use.
CLAIM_COLUMNS: tuple[str, ...] = tuple(c.key for c in Claim.__table__.columns)


@dataclass(frozen=True)
class ClaimPage:
    """One page of a filtered listing, with the total number of matching claims for paging."""

    claims: list[Claim]
    total: int
    limit: int | None
    offset: int


@dataclass(frozen=True)
class ClaimContext:
    """A claim with the text around its quote: ``before + quote + after`` is a slice of the document text.

    ``quote_matches`` is False when the stored quote differs from the document's characters at the claim's
    offsets, which means the provenance is broken and the claim must not be trusted.
    """

    claim: Claim
    document: Document | None
    before: str
    quote: str
    after: str
    quote_matches: bool


def find_claim(session: Session, ref: str) -> Claim:
    """The claim with this id or unique id prefix (6+ characters); NotFound or AmbiguousId otherwise."""
    claim: Claim = resolve_id(session, Claim.id, ref, "claim")
    return claim


def find_document(session: Session, ref: str) -> Document:
    """The document with this SHA-256 or unique prefix (6+ characters)."""
    document: Document = resolve_id(session, Document.sha256, ref, "document")
    return document


def claim_filters(session: Session, *, status: str | None = None, kind: str | None = None,
                  country: str | None = None, document: Document | None = None) -> list[ColumnElement[bool]]:
    """The query conditions behind ``laborwatch claims``' filters, validated; shared with the web app."""
    conditions: list[ColumnElement[bool]] = []
    if status is not None:
        if status not in STATUSES:
            raise ReviewError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        conditions.append(Claim.status == status)
    else:
        conditions.append(NOT_WITHDRAWN)
    if kind is not None:
        if kind not in KINDS:  # an unknown kind would list nothing, which reads as "no such claims"
            raise ReviewError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        conditions.append(Claim.kind == kind)
    if country is not None:
        conditions.append(Claim.country == parse_country(country))
    if document is not None:
        conditions.append(Claim.document_sha256 == document.sha256)
    return conditions


def list_claims(
    session: Session, *, status: str | None = None, kind: str | None = None, country: str | None = None,
    document: str | None = None, include_superseded: bool = False, limit: int | None = None, offset: int = 0,
) -> ClaimPage:
    """Claims matching every given filter, current versions only unless ``include_superseded``; without a
    ``status``, every status but "withdrawn".

    ``document`` is a SHA-256 or a unique prefix of one. Ordered by document, position in it, then id, so
    pages are stable between requests.
    """
    conditions = claim_filters(session, status=status, kind=kind, country=country,
                               document=find_document(session, document) if document is not None else None)
    if not include_superseded:
        conditions.append(CURRENT)
    if (limit is not None and limit < 0) or offset < 0:
        raise ReviewError("limit and offset must be zero or more")
    total = session.scalar(select(func.count()).select_from(Claim).where(*conditions)) or 0
    query = (select(Claim).where(*conditions)
             .order_by(func.coalesce(Claim.document_sha256, ""), func.coalesce(Claim.start, 0), Claim.id)
             .offset(offset))
    if limit is not None:
        query = query.limit(limit)
    return ClaimPage(claims=list(session.scalars(query).all()), total=total, limit=limit, offset=offset)


def claim_context(session: Session, claim: Claim | str, *, width: int = 300) -> ClaimContext:
    """The claim's quote inside up to ``width`` characters of its document's text on either side.

    Cuts fall on whitespace where one is near, so words are not split. A hand-entered claim (no document)
    gets empty context and its stored quote, if any.
    """
    if isinstance(claim, str):
        claim = find_claim(session, claim)
    document = session.get(Document, claim.document_sha256) if claim.document_sha256 else None
    if document is None or claim.start is None or claim.end is None:
        return ClaimContext(claim, document, "", claim.quote or "", "", quote_matches=True)
    text = document.text
    start, end = max(0, claim.start), min(len(text), claim.end)
    lo = max(0, start - width)
    hi = min(len(text), end + width)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 and space - lo < 40 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 and hi - space < 40 else hi
    quote = text[start:end]
    return ClaimContext(claim, document, ("…" if lo > 0 else "") + text[lo:start], quote,
                        text[end:hi] + ("…" if hi < len(text) else ""),
                        quote_matches=claim.quote is None or claim.quote == quote)


def claim_versions(session: Session, claim: Claim | str) -> list[Claim]:
    """Every version of the claim, oldest first, whichever version ``claim`` names."""
    if isinstance(claim, str):
        claim = find_claim(session, claim)
    oldest = claim
    while oldest.supersedes is not None:
        previous = session.get(Claim, oldest.supersedes)
        if previous is None:
            break
        oldest = previous
    versions = [oldest]
    while versions[-1].superseded_by is not None:
        following = session.get(Claim, versions[-1].superseded_by)
        if following is None:
            break
        versions.append(following)
    return versions


def claim_history(session: Session, claim: Claim | str) -> list[AuditEntry]:
    """The audit entries of every version of the claim, oldest first: who decided or changed what, and when."""
    ids = [v.id for v in claim_versions(session, claim)]
    return list(session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "claim", AuditEntry.object_id.in_(ids))
        .order_by(AuditEntry.at, AuditEntry.id)).all())


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    """Every column of the claim as JSON-ready values (datetimes as ISO 8601 text)."""
    result: dict[str, Any] = {}
    for key in CLAIM_COLUMNS:
        value = getattr(claim, key)
        result[key] = value.isoformat() if isinstance(value, datetime) else value
    return result


def claim_rule(claim: Claim) -> str | None:
    """How the extractor found the claim ("worker noun after the figure; country: 'Dandong' after the figure"),
    or None for a claim entered by hand or loaded from the evidence pack. An edit keeps it: it explains the
    quote and the first version's values, not the reviewer's corrections."""
    rule = (claim.extra or {}).get("rule")
    return str(rule) if rule else None


def claim_summary(claim: Claim) -> str:
    """A short human description of the claim's value, e.g. 'QA about 1,000 construction as of 2017-08'."""
    parts: list[str] = []
    if claim.country:
        parts.append(claim.country)
    if claim.kind == "presence":
        parts.append("present, no figure")
    qualifier = (claim.qualifier or "").replace("_", " ")
    if qualifier and qualifier != "exact" and (claim.count is not None or claim.low is not None
                                               or claim.high is not None):
        parts.append(qualifier)
    if claim.count is not None:
        parts.append(f"{claim.count:,}")
    elif claim.low is not None and claim.high is not None:
        parts.append(f"{claim.low:,}–{claim.high:,}")
    elif claim.low is not None:
        parts.append(f"{claim.low:,}" if qualifier else f"{claim.low:,}+")
    elif claim.high is not None:
        parts.append(f"{claim.high:,}" if qualifier else f"up to {claim.high:,}")
    if claim.category and claim.category != "all":
        parts.append(claim.category)
    for value in (claim.name, claim.employer, claim.role, claim.sector, claim.action):
        if value:
            parts.append(str(value))
    if claim.place:
        parts.append(f"in {claim.place}")
    if claim.gross_per_month is not None or claim.received_per_month is not None:
        wage = f"{claim.gross_per_month:g}" if claim.gross_per_month is not None else "?"
        if claim.received_per_month is not None:
            wage += f" (received {claim.received_per_month:g})"
        parts.append(f"{wage} {claim.currency or ''}/month".replace(" /", "/"))
    if claim.event_date:
        parts.append(f"on {claim.event_date}")
    if claim.as_of:
        parts.append(f"as of {claim.as_of}")
    return " ".join(parts)
