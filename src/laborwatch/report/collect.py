"""Reading what a report may use from the store: accepted claims as figures, engagements, designations.

The edition decides what is visible. A public edition never sees a restricted claim, a claim resting on a
restricted document, or a restricted engagement: they are filtered out here, before any section is built, so
no renderer can leak their text, names, URLs or figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from laborwatch.reconcile.figures import Figure, SourceRef
from laborwatch.store.models import (
    Claim,
    Document,
    Engagement,
    Entity,
    ListedEntity,
    ListVersion,
    ScreeningHit,
    Source,
)

# presence: evidence that North Koreans work in a country without a figure; (b)(2) lists such a country too.
REPORT_KINDS = ("worker_count", "presence", "policy_action", "employer", "forced_repatriation")
EDITIONS = ("public", "restricted")


@dataclass(frozen=True)
class ReportOptions:
    edition: str = "public"
    as_of: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD: nothing dated later is used
    draft: bool = False
    title: str = "North Korean overseas labor: report under NKSPEA section 302"

    def __post_init__(self) -> None:
        if self.edition not in EDITIONS:
            raise ValueError(f"edition must be one of {', '.join(EDITIONS)}, not {self.edition!r}")

    @property
    def public(self) -> bool:
        return self.edition == "public"


class PendingClaimsError(RuntimeError):
    """A public edition was asked for while claims that would feed it still await review."""

    def __init__(self, claim_ids: list[str]) -> None:
        self.claim_ids = claim_ids
        shown = ", ".join(claim_ids[:20]) + (f" and {len(claim_ids) - 20} more" if len(claim_ids) > 20 else "")
        super().__init__(
            f"{len(claim_ids)} claim(s) that would feed this public edition are still proposed: {shown}. "
            "Review them (laborwatch review), or build with --draft.")


def within(date: str | None, as_of: str | None) -> bool:
    """Is a partial date (YYYY[-MM[-DD]]) on or before the report's as-of date? Undated claims are kept."""
    if not date or not as_of:
        return True
    return date <= as_of[: len(date)]


# Only the columns a report uses: loading whole ORM rows (and every document's full text) would dominate the
# time of a large report.
_CLAIM_COLUMNS = [c for c in Claim.__table__.columns if c.name not in ("created_at", "first_seen", "last_seen")]
_DOC_COLUMNS = (Document.restricted.label("doc_restricted"), Document.publisher.label("doc_publisher"),
                Document.published.label("doc_published"), Document.url.label("doc_url"),
                Document.title.label("doc_title"), Source.reliability.label("doc_reliability"))


def _claim_date(row: Any) -> str | None:
    return row.as_of or row.event_date or row.citation_date or row.doc_published


def _figure(row: Any) -> Figure:
    extra = dict(row.extra or {})
    if row.document_sha256 is not None:
        source = SourceRef(publisher=row.citation_publisher or row.doc_publisher,
                           date=row.citation_date or row.doc_published, url=row.citation_url or row.doc_url,
                           title=row.doc_title, reliability=row.doc_reliability or extra.get("reliability"),
                           quote=row.quote, document_sha256=row.document_sha256, page=row.page)
    else:
        source = SourceRef(publisher=row.citation_publisher, date=row.citation_date, url=row.citation_url,
                           title=row.citation_title, reliability=extra.get("reliability"), quote=row.quote,
                           page=row.page)
    for key in ("action", "event_date", "name", "role", "sector", "employer", "place", "entity_id"):
        extra[key] = getattr(row, key)
    return Figure(
        claim_id=row.id, kind=row.kind, country=row.country, source=source, count=row.count,
        low=row.low, high=row.high, qualifier=row.qualifier, category=row.category,
        as_of=row.as_of or row.event_date, attributed_to=row.attributed_to,
        originator=extra.get("originator"), restricted=bool(row.restricted or row.doc_restricted),
        flags=tuple(extra.get("flags") or ()), caveat=extra.get("caveat"), extra=extra,
    )


def _visible(session: Session, options: ReportOptions, status: str) -> Any:
    stmt = (select(*_CLAIM_COLUMNS, *_DOC_COLUMNS)
            .outerjoin(Document, Claim.document_sha256 == Document.sha256)
            .outerjoin(Source, Document.source_id == Source.id)
            .where(Claim.status == status, Claim.superseded_by.is_(None), Claim.kind.in_(REPORT_KINDS)))
    if options.public:
        stmt = stmt.where(Claim.restricted.is_(False),
                          or_(Document.sha256.is_(None), and_(Document.restricted.is_(False))))
    return session.execute(stmt)


def accepted_figures(session: Session, options: ReportOptions) -> list[Figure]:
    out = [_figure(row) for row in _visible(session, options, "accepted") if within(_claim_date(row), options.as_of)]
    return sorted(out, key=lambda f: (f.country or "", f.date or "", f.claim_id))


def pending_claim_ids(session: Session, options: ReportOptions) -> list[str]:
    """Proposed claims that would feed this edition once accepted."""
    return sorted(row.id for row in _visible(session, options, "proposed") if within(_claim_date(row), options.as_of))


def engagements(session: Session, options: ReportOptions) -> list[Engagement]:
    stmt = select(Engagement).order_by(Engagement.country, Engagement.date, Engagement.id)
    if options.public:
        stmt = stmt.where(Engagement.restricted.is_(False))
    return [e for e in session.scalars(stmt) if within(e.date, options.as_of)]


def canonical_entities(session: Session, entity_ids: set[str]) -> dict[str, Entity]:
    """Each entity id mapped to the entity it now belongs to (following merges)."""
    out: dict[str, Entity] = {}
    for entity_id in entity_ids:
        entity = session.get(Entity, entity_id)
        hops = 0
        while entity is not None and entity.merged_into and hops < 20:  # bounded: a merge cycle must not hang
            entity = session.get(Entity, entity.merged_into)
            hops += 1
        if entity is not None:
            out[entity_id] = entity
    return out


def designations(session: Session, entity_ids: set[str]) -> dict[str, list[dict[str, Any]]]:
    """Screening hits of these entities on the current version of each loaded sanctions list."""
    if not entity_ids:
        return {}
    stmt = (select(ScreeningHit, ListVersion, ListedEntity.programs)
            .join(ListVersion, ScreeningHit.list_version_id == ListVersion.id)
            .outerjoin(ListedEntity, and_(ListedEntity.version_id == ScreeningHit.list_version_id,
                                          ListedEntity.entity_id == ScreeningHit.listed_entity_id))
            .where(ScreeningHit.entity_id.in_(sorted(entity_ids)), ListVersion.is_current.is_(True))
            .order_by(ScreeningHit.entity_id, ListVersion.list_name, ScreeningHit.score.desc()))
    out: dict[str, list[dict[str, Any]]] = {}
    seen: set[tuple[str, str, str]] = set()
    for hit, version, programs in session.execute(stmt):
        key = (hit.entity_id, version.id, hit.listed_entity_id)
        if key in seen:
            continue
        seen.add(key)
        out.setdefault(hit.entity_id, []).append({
            "authority": version.list_name, "id": hit.listed_entity_id, "programs": ";".join(programs or []),
            "listed": version.published or "", "matched_name": hit.matched_name, "score": round(hit.score, 3),
            "basis": "screening",
        })
    return out
