"""Organizations and persons named in accepted claims, their spellings, and reversible merges.

An entity's id is ``make_id(schema, normalized name)``, so every claim that spells a name the same way
(ignoring case, punctuation and spacing) lands on one entity, and each spelling seen is kept as an alias.
Different spellings of one company are joined by a person with ``merge_entities``; a merge never rewrites
claims or aliases, it only sets ``merged_into``, so ``unmerge_entities`` restores exactly what was there.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import CursorResult, Table, and_, exists, func, select, update
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import set_committed_value

from laborwatch.evidence.ids import make_id
from laborwatch.review.claims import CURRENT
from laborwatch.review.errors import NotFound, ReviewConflict, ReviewError
from laborwatch.review.refs import resolve_id
from laborwatch.store.db import record_audit, utcnow
from laborwatch.store.models import Claim, Entity, EntityAlias, EntityMerge

SCHEMAS = ("Organization", "Person")


@dataclass
class EntityView:
    """An entity with its spellings, the accepted claims naming it, and the entities merged into it."""

    entity: Entity
    aliases: list[str] = field(default_factory=list)
    claim_count: int = 0
    merged: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SyncResult:
    claims_linked: int
    entities_created: int


def normalize_name(name: str) -> str:
    """Case-, punctuation- and spacing-insensitive form of a name (letters of every script are kept)."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = "".join(c if c.isalnum() else " " for c in text)
    return re.sub(r"\s+", " ", text).strip()


def entity_id_for(schema: str, name: str) -> str:
    return make_id(schema, normalize_name(name))


def named_in(claim: Claim) -> tuple[str, str] | None:
    """(schema, name) of the organization or person a claim names, or None.

    An employer claim names its ``name``; any other claim its ``employer``. A claim is about a Person when
    its ``extra`` says ``{"schema": "Person"}`` or its role is ``person``; otherwise an Organization.
    """
    name = claim.name if claim.kind == "employer" and claim.name else claim.employer
    if not name or not normalize_name(name):
        return None
    schema = (claim.extra or {}).get("schema")
    if schema not in SCHEMAS:
        schema = "Person" if (claim.role or "").lower() == "person" else "Organization"
    return schema, name.strip()


def link_claim_entities(session: Session, claims: Iterable[Claim], *, actor: str) -> SyncResult:
    """Create (if new) the entity each accepted claim names, record the spelling, and set ``claim.entity_id``.

    Safe under concurrency: entity and alias rows are inserted with ON CONFLICT DO NOTHING, so two reviewers
    accepting claims about the same company at once both end up linked to the one entity.
    """
    linked = created = 0
    session.flush()
    for claim in claims:
        if claim.status != "accepted" or claim.superseded_by is not None:
            continue
        named = named_in(claim)
        if named is None:
            continue
        schema, name = named
        entity_id = entity_id_for(schema, name)
        if _insert_ignore(session, Entity.__table__, {  # type: ignore[arg-type]
            "id": entity_id, "schema": schema, "name": name, "country": claim.country, "merged_into": None,
            "created_at": utcnow()}, ("id",)):
            created += 1
            record_audit(session, actor=actor, action="entity.create", object_type="entity", object_id=entity_id,
                         detail={"name": name, "schema": schema, "claim": claim.id})
        _insert_ignore(session, EntityAlias.__table__, {  # type: ignore[arg-type]
            "entity_id": entity_id, "alias": name[:500], "claim_id": claim.id}, ("entity_id", "alias"))
        if claim.entity_id != entity_id:
            session.execute(update(Claim).where(Claim.id == claim.id).values(entity_id=entity_id)
                            .execution_options(synchronize_session=False))
            set_committed_value(claim, "entity_id", entity_id)
            linked += 1
    return SyncResult(claims_linked=linked, entities_created=created)


def sync_entities(session: Session, *, actor: str) -> SyncResult:
    """Link every current accepted claim that names an organization or person to its entity."""
    claims = session.scalars(select(Claim).where(CURRENT, Claim.status == "accepted",
                                                 (Claim.name.is_not(None)) | (Claim.employer.is_not(None)))
                             .order_by(Claim.id)).all()
    return link_claim_entities(session, claims, actor=actor)


def find_entity(session: Session, ref: str) -> Entity:
    """The entity with this id or unique id prefix (6+ characters)."""
    entity: Entity = resolve_id(session, Entity.id, ref, "entity")
    return entity


def resolve_entity(session: Session, entity: Entity | str) -> Entity:
    """The entity that ``entity`` is (transitively) merged into, or itself when not merged."""
    current = find_entity(session, entity) if isinstance(entity, str) else entity
    seen = {current.id}
    while current.merged_into is not None:
        parent = session.get(Entity, current.merged_into)
        if parent is None or parent.id in seen:
            break
        seen.add(parent.id)
        current = parent
    return current


def list_entities(session: Session, *, include_merged: bool = False, schema: str | None = None) -> list[EntityView]:
    """Entities by name, each with its aliases and accepted-claim count (including those of merged entities)."""
    query = select(Entity).order_by(Entity.name, Entity.id)
    if schema is not None:
        query = query.where(Entity.schema == schema)
    entities = list(session.scalars(query).all())
    by_id = {e.id: e for e in entities}
    aliases: dict[str, list[str]] = {}
    for entity_id, alias in session.execute(select(EntityAlias.entity_id, EntityAlias.alias)
                                            .order_by(EntityAlias.alias)):
        aliases.setdefault(entity_id, []).append(alias)
    counts: Counter[str] = Counter()
    for linked_id, number in session.execute(
            select(Claim.entity_id, func.count()).where(CURRENT, Claim.status == "accepted",
                                                         Claim.entity_id.is_not(None)).group_by(Claim.entity_id)):
        if linked_id is not None:
            counts[linked_id] = number
    views = {e.id: EntityView(e, list(aliases.get(e.id, [])), counts.get(e.id, 0)) for e in entities}
    for entity in entities:  # fold merged entities into the one they were merged into
        if entity.merged_into is None:
            continue
        root = resolve_entity(session, entity) if entity.merged_into in by_id else entity
        if root.id in views and root.id != entity.id:
            views[root.id].merged.append(entity.id)
            views[root.id].claim_count += counts.get(entity.id, 0)
            views[root.id].aliases.extend(a for a in aliases.get(entity.id, []) if a not in views[root.id].aliases)
    return [v for v in views.values() if include_merged or v.entity.merged_into is None]


def merge_entities(session: Session, kept: str, merged: str, *, reason: str, actor: str) -> EntityMerge:
    """Record that ``merged`` is the same organization or person as ``kept``; undo with ``unmerge_entities``."""
    if not reason or not reason.strip():
        raise ReviewError("a merge needs a reason (why these are the same)")
    keep, merge = find_entity(session, kept), find_entity(session, merged)
    if keep.id == merge.id:
        raise ReviewError(f"cannot merge entity {keep.id[:12]} into itself")
    if keep.schema != merge.schema:
        raise ReviewError(f"cannot merge a {merge.schema} ({merge.name}) into a {keep.schema} ({keep.name})")
    # Lock both rows in id order (PostgreSQL; SQLite serializes writers anyway), so a simultaneous merge the
    # other way round waits and then sees this one, instead of both succeeding and making a cycle.
    session.execute(select(Entity.id).where(Entity.id.in_(sorted([keep.id, merge.id]))).order_by(Entity.id)
                    .with_for_update())
    kept_row = aliased(Entity)
    result = session.execute(
        update(Entity).where(Entity.id == merge.id, Entity.merged_into.is_(None),
                             exists(select(kept_row.id).where(and_(kept_row.id == keep.id,
                                                                   kept_row.merged_into.is_(None)))))
        .values(merged_into=keep.id).execution_options(synchronize_session=False))
    if cast(CursorResult[Any], result).rowcount != 1:
        session.refresh(keep)
        session.refresh(merge)
        if merge.merged_into is not None:
            problem = f"{merge.id[:12]} ({merge.name}) is already merged into {merge.merged_into[:12]}"
        else:
            problem = (f"{keep.id[:12]} ({keep.name}) is itself merged into {(keep.merged_into or '?')[:12]}; "
                       "merge into that entity instead")
        raise ReviewConflict(f"cannot merge: {problem}", record_id=merge.id, record_type="entity")
    record = EntityMerge(kept_id=keep.id, merged_id=merge.id, merged_by=actor, reason=reason.strip(),
                         merged_at=utcnow())
    session.add(record)
    session.flush()
    record_audit(session, actor=actor, action="entity.merge", object_type="entity", object_id=merge.id,
                 detail={"merge_id": record.id, "kept": keep.id, "merged": merge.id, "reason": reason.strip()})
    session.refresh(merge)
    return record


def unmerge_entities(session: Session, merge_id: int, *, actor: str, reason: str | None = None) -> EntityMerge:
    """Undo a merge: the merged entity stands on its own again; the merge record is kept, marked undone."""
    record = session.get(EntityMerge, merge_id)
    if record is None:
        raise NotFound(f"no entity merge #{merge_id}; `laborwatch entities merges` lists them")
    result = session.execute(
        update(EntityMerge).where(EntityMerge.id == merge_id, EntityMerge.undone_at.is_(None))
        .values(undone_by=actor, undone_at=utcnow()).execution_options(synchronize_session=False))
    if cast(CursorResult[Any], result).rowcount != 1:
        session.refresh(record)
        raise ReviewConflict(f"merge #{merge_id} was already undone by {record.undone_by}",
                             record_id=record.merged_id, record_type="entity", by=record.undone_by,
                             at=record.undone_at)
    session.execute(update(Entity).where(Entity.id == record.merged_id, Entity.merged_into == record.kept_id)
                    .values(merged_into=None).execution_options(synchronize_session=False))
    record_audit(session, actor=actor, action="entity.unmerge", object_type="entity", object_id=record.merged_id,
                 detail={"merge_id": merge_id, "kept": record.kept_id, "reason": reason})
    session.refresh(record)
    return record


def list_merges(session: Session) -> list[EntityMerge]:
    """Every merge ever made, newest first, undone ones included."""
    return list(session.scalars(select(EntityMerge).order_by(EntityMerge.id.desc())).all())


def _insert_ignore(session: Session, table: Table, values: dict[str, Any], keys: tuple[str, ...]) -> bool:
    """INSERT … ON CONFLICT DO NOTHING on either database; True when the row was new.

    RETURNING tells whether a row was inserted (a skipped row returns nothing); the driver's rowcount is not
    reliable for this on PostgreSQL.
    """
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement: Any = pg_insert(table).values(**values).on_conflict_do_nothing(index_elements=list(keys))
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(table).values(**values).on_conflict_do_nothing(index_elements=list(keys))
    return session.execute(statement.returning(table.c[keys[0]])).first() is not None
