"""Entities (organizations and persons named in claims) with merges, and diplomatic engagements."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field
from sqlalchemy import select

from laborwatch import review
from laborwatch.api.accounts import Principal
from laborwatch.api.deps import Analyst, Viewer, audit_restricted, get_store
from laborwatch.api.pagination import Page, PageParams, page_of_list, page_params
from laborwatch.api.visibility import claim_conditions
from laborwatch.store.db import Store
from laborwatch.store.models import Claim, EntityMerge

router = APIRouter(prefix="/api", tags=["entities", "engagements"])


class EntityOut(BaseModel):
    id: str
    schema_: str = Field(..., alias="schema")
    name: str
    country: str | None
    aliases: list[str]
    claim_count: int
    merged: list[str]
    merged_into: str | None


class MergeIn(BaseModel):
    kept: str = Field(..., description="Id (or 6+ character prefix) of the entity that stays")
    merged: str = Field(..., description="Id of the entity folded into it")
    reason: str = Field(..., min_length=1)


class MergeOut(BaseModel):
    id: int
    kept_id: str
    merged_id: str
    merged_by: str
    reason: str
    merged_at: datetime
    undone_by: str | None
    undone_at: datetime | None


class EngagementIn(BaseModel):
    country: str = Field(..., description="ISO 3166-1 alpha-2")
    kind: str = Field(..., description=", ".join(review.ENGAGEMENT_KINDS))
    date: str = Field(..., description="YYYY, YYYY-MM or YYYY-MM-DD")
    summary: str
    commitment: str | None = None
    restricted: bool = False


class EngagementOut(BaseModel):
    id: str
    country: str
    kind: str
    date: str
    summary: str
    commitment: str | None
    restricted: bool
    created_by: str
    created_at: datetime


def _visible_entity_ids(store: Store, principal: Principal) -> set[str] | None:
    """Entities a user without restricted access may see: those named in at least one claim visible to them,
    and those named in no claim at all. None means every entity."""
    if principal.restricted_access and principal.has_role("analyst"):
        return None
    with store.transaction() as session:
        named = {e for e in session.scalars(select(Claim.entity_id).where(Claim.entity_id.is_not(None))) if e}
        visible = {e for e in session.scalars(select(Claim.entity_id).where(Claim.entity_id.is_not(None),
                                                                            *claim_conditions(principal))) if e}
        everyone = {v.entity.id for v in review.list_entities(session, include_merged=True)}
    return (everyone - named) | visible


@router.get("/entities", response_model=Page[EntityOut], summary="Organizations and persons in the evidence")
def list_entities(principal: Principal = Viewer, page: PageParams = Depends(page_params),
                  store: Store = Depends(get_store),
                  schema: str | None = Query(None, description="Organization or Person")) -> dict[str, Any]:
    allowed = _visible_entity_ids(store, principal)
    with store.transaction() as session:
        views = review.list_entities(session, schema=schema)
    items = [EntityOut.model_validate({
        "id": v.entity.id, "schema": v.entity.schema, "name": v.entity.name, "country": v.entity.country,
        "aliases": v.aliases, "claim_count": v.claim_count, "merged": v.merged, "merged_into": v.entity.merged_into,
    }) for v in views if allowed is None or v.entity.id in allowed]
    return page_of_list(items, page)


@router.post("/entities/merge", response_model=MergeOut, status_code=201, summary="Merge two entities")
def merge(body: MergeIn, principal: Principal = Analyst, store: Store = Depends(get_store)) -> MergeOut:
    with store.transaction() as session:
        record = review.merge_entities(session, body.kept, body.merged, reason=body.reason, actor=principal.name)
        return MergeOut.model_validate(record, from_attributes=True)


@router.get("/entities/merges", response_model=Page[MergeOut], summary="Every merge, newest first")
def merges(_: Principal = Analyst, page: PageParams = Depends(page_params),
           store: Store = Depends(get_store)) -> dict[str, Any]:
    with store.transaction() as session:
        rows = [MergeOut.model_validate(m, from_attributes=True) for m in review.list_merges(session)]
    return page_of_list(rows, page)


@router.post("/entities/merges/{merge_id}/undo", response_model=MergeOut, summary="Undo a merge")
def undo_merge(merge_id: int, principal: Principal = Analyst, store: Store = Depends(get_store)) -> MergeOut:
    with store.transaction() as session:
        if session.get(EntityMerge, merge_id) is None:
            raise HTTPException(404, f"no entity merge #{merge_id}")
        record = review.unmerge_entities(session, merge_id, actor=principal.name)
        return MergeOut.model_validate(record, from_attributes=True)


@router.get("/engagements", response_model=Page[EngagementOut], summary="Diplomatic engagements (302(c))")
def list_engagements(principal: Principal = Viewer, page: PageParams = Depends(page_params),
                     store: Store = Depends(get_store),
                     country: str | None = Query(None, description="ISO 3166-1 alpha-2")) -> dict[str, Any]:
    with store.transaction() as session:
        rows = review.list_engagements(session, country=country, include_restricted=principal.restricted_access)
        items = [EngagementOut.model_validate(e, from_attributes=True) for e in rows]
    restricted = [e.id for e in items[page.offset:page.offset + page.limit] if e.restricted]
    if restricted:
        audit_restricted(store, principal, action="engagement.list", object_type="engagement",
                         object_id=restricted[0], detail={"engagements": restricted})
    return page_of_list(items, page)


@router.post("/engagements", response_model=EngagementOut, status_code=201, summary="Record an engagement",
             responses={200: {"description": "The same engagement was already recorded"}})
def add_engagement(body: EngagementIn, principal: Principal = Analyst,
                   store: Store = Depends(get_store)) -> Any:
    if body.restricted and not principal.restricted_access:
        raise HTTPException(403, "recording a restricted engagement needs restricted access")
    from fastapi.responses import JSONResponse

    with store.transaction() as session:
        result = review.add_engagement(session, country=body.country, kind=body.kind, date=body.date,
                                       summary=body.summary, commitment=body.commitment,
                                       restricted=body.restricted, actor=principal.name)
        out = EngagementOut.model_validate(result.engagement, from_attributes=True)
    return JSONResponse(out.model_dump(mode="json"), status_code=201 if result.created else 200)
