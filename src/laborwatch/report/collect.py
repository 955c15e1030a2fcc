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

REPORT_KINDS = ("worker_count", "policy_action", "employer", "forced_repatriation")
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


def _claim_date(claim: Claim, doc: Document | None) -> str | None:
    return claim.as_of or claim.event_date or claim.citation_date or (doc.published if doc else None)


def _figure(claim: Claim, doc: Document | None, reliability: str | None) -> Figure:
    extra = dict(claim.extra or {})
    if doc is not None:
        source = SourceRef(publisher=claim.citation_publisher or doc.publisher,
                           date=claim.citation_date or doc.published, url=claim.citation_url or doc.url,
                           title=doc.title, reliability=reliability or extra.get("reliability"),
                           quote=claim.quote, document_sha256=doc.sha256, page=claim.page)
    else:
        source = SourceRef(publisher=claim.citation_publisher, date=claim.citation_date, url=claim.citation_url,
                           title=claim.citation_title, reliability=extra.get("reliability"), quote=claim.quote,
                           page=claim.page)
    for key in ("action", "event_date", "name", "role", "sector", "employer", "entity_id"):
        extra[key] = getattr(claim, key)
    return Figure(
        claim_id=claim.id, kind=claim.kind, country=claim.country, source=source, count=claim.count,
        low=claim.low, high=claim.high, qualifier=claim.qualifier, category=claim.category,
        as_of=claim.as_of or claim.event_date, attributed_to=claim.attributed_to,
        originator=extra.get("originator"), restricted=bool(claim.restricted or (doc is not None and doc.restricted)),
        flags=tuple(extra.get("flags") or ()), caveat=extra.get("caveat"), extra=extra,
    )


def _visible(session: Session, options: ReportOptions, status: str) -> Any:
    stmt = (select(Claim, Document, Source.reliability)
            .outerjoin(Document, Claim.document_sha256 == Document.sha256)
            .outerjoin(Source, Document.source_id == Source.id)
            .where(Claim.status == status, Claim.superseded_by.is_(None), Claim.kind.in_(REPORT_KINDS)))
    if options.public:
        stmt = stmt.where(Claim.restricted.is_(False),
                          or_(Document.sha256.is_(None), and_(Document.restricted.is_(False))))
    return session.execute(stmt)


def accepted_figures(session: Session, options: ReportOptions) -> list[Figure]:
    out = []
    for claim, doc, reliability in _visible(session, options, "accepted"):
        if within(_claim_date(claim, doc), options.as_of):
            out.append(_figure(claim, doc, reliability))
    return sorted(out, key=lambda f: (f.country or "", f.date or "", f.claim_id))


def pending_claim_ids(session: Session, options: ReportOptions) -> list[str]:
    """Proposed claims that would feed this edition once accepted."""
    return sorted(claim.id for claim, doc, _ in _visible(session, options, "proposed")
                  if within(_claim_date(claim, doc), options.as_of))


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
