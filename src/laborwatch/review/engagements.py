"""Diplomatic engagement with host governments, the subject of NKSPEA section 302(c).

Each engagement records what was done (a demarche, a briefing, a meeting, a public statement), with which
country and when, and what that government committed to, if anything. The report's engagement annex is built
from these rows; host countries with no engagement are listed there as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from laborwatch.evidence.ids import make_id
from laborwatch.review.errors import ReviewError
from laborwatch.review.values import parse_country, parse_partial_date
from laborwatch.store.db import record_audit, utcnow
from laborwatch.store.models import Engagement

ENGAGEMENT_KINDS = ("demarche", "briefing", "meeting", "statement")


@dataclass(frozen=True)
class EngagementResult:
    engagement: Engagement
    created: bool  # False when the same engagement was already recorded


def add_engagement(
    session: Session, *, country: str, kind: str, date: str, summary: str, commitment: str | None = None,
    restricted: bool = False, actor: str,
) -> EngagementResult:
    """Record one engagement; the same country, kind, date and summary twice is recorded once."""
    code = parse_country(country, allow_world=False)
    kind_value = kind.strip().lower()
    if kind_value not in ENGAGEMENT_KINDS:
        raise ReviewError(f"--kind must be one of {', '.join(ENGAGEMENT_KINDS)}, not {kind!r}")
    day = parse_partial_date(date)
    text = " ".join(summary.split())
    if not text:
        raise ReviewError("an engagement needs a summary of what was done")
    promised = " ".join(commitment.split()) if commitment else None
    engagement_id = make_id("engagement", code, kind_value, day, text)
    existing = session.get(Engagement, engagement_id)
    if existing is not None:
        return EngagementResult(existing, created=False)
    engagement = Engagement(id=engagement_id, country=code, kind=kind_value, date=day, summary=text,
                            commitment=promised or None, restricted=restricted, created_by=actor,
                            created_at=utcnow())
    session.add(engagement)
    session.flush()
    record_audit(session, actor=actor, action="engagement.add", object_type="engagement", object_id=engagement_id,
                 detail={"country": code, "kind": kind_value, "date": day, "restricted": restricted})
    return EngagementResult(engagement, created=True)


def list_engagements(session: Session, *, country: str | None = None,
                     include_restricted: bool = True) -> list[Engagement]:
    """Engagements by country, then date (newest first)."""
    query = select(Engagement)
    if country is not None:
        query = query.where(Engagement.country == parse_country(country, allow_world=False))
    if not include_restricted:
        query = query.where(Engagement.restricted.is_(False))
    return list(session.scalars(query.order_by(Engagement.country, Engagement.date.desc(), Engagement.id)).all())
