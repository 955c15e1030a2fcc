"""Screening the evidence: every organization and person the reviewed claims name, against the current lists.

``screen_evidence`` replaces the stored ``ScreeningHit`` rows in one transaction, so the report stage always
reads one complete run (``evidence_hits``). Each entity is screened under its name and every alias the
evidence gives it; the best score per listed entity is kept, with its explanation.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from laborwatch.evidence.ids import make_id
from laborwatch.screen.index import DEFAULT_THRESHOLD, Match, ScreeningIndex
from laborwatch.screen.lists import build_index
from laborwatch.store.db import Store, record_audit, utcnow
from laborwatch.store.models import Entity, EntityAlias, ScreeningHit


class NoListsLoaded(RuntimeError):
    """Screening needs at least one loaded list."""


@dataclass(frozen=True)
class EvidenceScreening:
    entities: int
    hits: int
    flagged_entities: int
    list_versions: list[str]


def _best_per_listed(index: ScreeningIndex, names: list[str], schema: str, limit: int,
                     threshold: float) -> list[Match]:
    best: dict[str, Match] = {}
    for name in names:
        for match in index.search(name, limit=limit, threshold=threshold, schema=schema):
            key = f"{match.record.version_id}:{match.record.entity_id}"
            if key not in best or match.score > best[key].score:
                best[key] = match
    return sorted(best.values(), key=lambda m: (-m.score, m.record.entity_id))[:limit]


def screen_evidence(store: Store, *, actor: str, threshold: float = DEFAULT_THRESHOLD,
                    limit: int = 5) -> EvidenceScreening:
    """Screen every unmerged evidence entity and replace the stored hits with this run's."""
    loaded = build_index(store)
    if not loaded.versions:
        raise NoListsLoaded("no sanctions list is loaded; run `laborwatch lists load PATH --format ...` first")
    index = loaded.index
    now = utcnow()
    with store.transaction() as session:
        entities = list(session.scalars(select(Entity).where(Entity.merged_into.is_(None)).order_by(Entity.id)))
        aliases: dict[str, list[str]] = {}
        for entity_id, alias in session.execute(select(EntityAlias.entity_id, EntityAlias.alias)):
            aliases.setdefault(entity_id, []).append(alias)
        session.execute(delete(ScreeningHit))
        hits = 0
        flagged = 0
        for entity in entities:
            names = list(dict.fromkeys([entity.name, *aliases.get(entity.id, [])]))
            matches = _best_per_listed(index, names, entity.schema, limit, threshold)
            flagged += bool(matches)
            for match in matches:
                hits += 1
                session.add(ScreeningHit(
                    id=make_id("screening-hit", entity.id, match.record.version_id, match.record.entity_id),
                    entity_id=entity.id, list_version_id=match.record.version_id,
                    listed_entity_id=match.record.entity_id, matched_name=match.matched_name[:1000],
                    score=match.score, explanation={**match.explanation, "query": names}, screened_at=now))
        record_audit(session, actor=actor, action="screen.evidence", object_type="screening", object_id="evidence",
                     detail={"entities": len(entities), "hits": hits, "threshold": threshold,
                             "list_versions": loaded.versions})
    return EvidenceScreening(len(entities), hits, flagged, loaded.versions)


def evidence_hits(session: Session, entity_ids: list[str] | None = None) -> list[ScreeningHit]:
    """The stored hits of the last evidence screening, best first per entity."""
    query = select(ScreeningHit).order_by(ScreeningHit.entity_id, ScreeningHit.score.desc())
    if entity_ids is not None:
        query = query.where(ScreeningHit.entity_id.in_(entity_ids))
    return list(session.scalars(query))
