"""Claims: filter, read in context, accept, reject, skip, edit (a new version), add by hand.

Each decision is one call into ``laborwatch.review`` inside one transaction; a lost race with another reviewer
comes back as 409 with the state that won.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from laborwatch import review
from laborwatch.api.accounts import Principal
from laborwatch.api.deps import Analyst, Viewer, audit_restricted, get_store
from laborwatch.api.pagination import PageParams, make_page, page_params, paginate
from laborwatch.api.visibility import can_see_claim, claim_is_restricted, claims_query
from laborwatch.store.db import Store
from laborwatch.store.models import Claim

router = APIRouter(prefix="/api/claims", tags=["claims"])


class ClaimsPage(BaseModel):
    items: list[dict[str, Any]] = Field(..., description="Claims, every column (see the Claim model).")
    total: int
    limit: int
    offset: int
    next_offset: int | None


class ClaimDetail(BaseModel):
    claim: dict[str, Any] = Field(..., description="Every column of the claim, including `place` (the city, region "
                                                   "or site of a worker_count or presence claim, or null).")
    summary: str
    rule: str | None = Field(None, description="Which extraction rule or pattern produced the claim and why; "
                                               "null for claims entered by hand or loaded from the evidence pack.")
    before: str
    quote: str
    after: str
    quote_matches: bool
    versions: list[str]
    history: list[dict[str, Any]]


class Accept(BaseModel):
    note: str | None = None


class Reject(BaseModel):
    reason: str = Field(..., min_length=1, description="What is wrong with the claim.")


class Skip(BaseModel):
    note: str | None = None


class Edit(BaseModel):
    changes: dict[str, Any] = Field(..., description="Value fields to change, e.g. {\"count\": 1800}.")
    reason: str | None = None
    accept: bool = True
    expected_status: str | None = Field(None, description="The status you saw; 409 if it changed since.")


class ManualClaim(BaseModel):
    kind: str
    values: dict[str, Any] = Field(..., description="e.g. {\"country\": \"QA\", \"count\": 2000}, or for kind "
                                                    "presence {\"country\": \"LA\", \"place\": \"Vientiane\"}")
    publisher: str
    date: str = Field(..., description="YYYY, YYYY-MM or YYYY-MM-DD")
    url: str
    page: int | None = None
    title: str | None = None
    restricted: bool = False
    accept: bool = True
    note: str | None = None


def visible_claim(session: Session, store: Store, principal: Principal, ref: str) -> Claim:
    """The claim, if this user may see it (404 otherwise); a restricted one is audit-logged as seen."""
    claim = review.find_claim(session, ref)
    if not can_see_claim(session, principal, claim):
        raise HTTPException(404, f"no claim {ref!r}")
    if claim_is_restricted(session, claim):
        audit_restricted(store, principal, action="claim.view", object_type="claim", object_id=claim.id)
    return claim


@router.get("", response_model=ClaimsPage, summary="List claims (filters as `laborwatch claims`)")
def list_claims(
    principal: Principal = Viewer, page: PageParams = Depends(page_params), store: Store = Depends(get_store),
    status: str | None = Query(None, description="proposed, accepted, rejected or withdrawn (withdrawn "
                                                 "claims are listed only when asked for)"),
    kind: str | None = Query(None, description=", ".join(review.KINDS)),
    country: str | None = Query(None, description="ISO 3166-1 alpha-2"),
    document: str | None = Query(None, description="Document SHA-256 or a unique prefix"),
) -> dict[str, Any]:
    with store.transaction() as session:
        query = claims_query(session, principal, status=status, kind=kind, country=country, document=document)
        rows, total = paginate(session, query, page)
        restricted = [c.id for c in rows if claim_is_restricted(session, c)]
        items = [review.claim_to_dict(c) for c in rows]
    if restricted:
        audit_restricted(store, principal, action="claim.list", object_type="claim", object_id=restricted[0],
                         detail={"claims": restricted})
    return make_page(items, total, page)


def _detail(session: Session, claim: Claim) -> ClaimDetail:
    context = review.claim_context(session, claim)
    return ClaimDetail(
        claim=review.claim_to_dict(claim), summary=review.claim_summary(claim), rule=review.claim_rule(claim),
        before=context.before,
        quote=context.quote, after=context.after, quote_matches=context.quote_matches,
        versions=[v.id for v in review.claim_versions(session, claim)],
        history=[{"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "detail": e.detail}
                 for e in review.claim_history(session, claim)],
    )


def _read(store: Store, claim_id: str) -> ClaimDetail:
    """A claim as committed, read in a fresh session (an edit's bulk update is not in the old identity map)."""
    with store.transaction() as session:
        return _detail(session, review.find_claim(session, claim_id))


@router.get("/{claim_id}", response_model=ClaimDetail, summary="One claim with its context and history")
def get_claim(claim_id: str, principal: Principal = Viewer, store: Store = Depends(get_store)) -> ClaimDetail:
    with store.transaction() as session:
        return _detail(session, visible_claim(session, store, principal, claim_id))


@router.post("/{claim_id}/accept", response_model=ClaimDetail, summary="Accept a proposed claim")
def accept(claim_id: str, body: Accept | None = None, principal: Principal = Analyst,
           store: Store = Depends(get_store)) -> ClaimDetail:
    with store.transaction() as session:
        claim = visible_claim(session, store, principal, claim_id)
        accepted = review.accept_claims(session, [claim.id], actor=principal.name, note=body.note if body else None)
        return _detail(session, accepted[0])


@router.post("/{claim_id}/reject", response_model=ClaimDetail, summary="Reject a proposed claim, with a reason")
def reject(claim_id: str, body: Reject, principal: Principal = Analyst,
           store: Store = Depends(get_store)) -> ClaimDetail:
    with store.transaction() as session:
        claim = visible_claim(session, store, principal, claim_id)
        return _detail(session, review.reject_claim(session, claim.id, actor=principal.name, reason=body.reason))


@router.post("/{claim_id}/skip", response_model=ClaimDetail, summary="Defer a decision (recorded, stays proposed)")
def skip(claim_id: str, body: Skip | None = None, principal: Principal = Analyst,
         store: Store = Depends(get_store)) -> ClaimDetail:
    with store.transaction() as session:
        claim = visible_claim(session, store, principal, claim_id)
        return _detail(session, review.skip_claim(session, claim.id, actor=principal.name,
                                                  note=body.note if body else None))


@router.post("/{claim_id}/edit", response_model=ClaimDetail, status_code=201,
             summary="Correct a claim's values: creates its next version")
def edit(claim_id: str, body: Edit, principal: Principal = Analyst, store: Store = Depends(get_store)) -> ClaimDetail:
    with store.transaction() as session:
        claim = visible_claim(session, store, principal, claim_id)
        new = review.edit_claim(session, claim.id, body.changes, actor=principal.name, reason=body.reason,
                                accept=body.accept, expected_status=body.expected_status)
        new_id = new.id
    return _read(store, new_id)


@router.post("", response_model=ClaimDetail, status_code=201, summary="Add a claim by hand from a citation")
def add(body: ManualClaim, principal: Principal = Analyst, store: Store = Depends(get_store)) -> ClaimDetail:
    if body.restricted and not principal.restricted_access:
        raise HTTPException(403, "recording a restricted claim needs restricted access")
    with store.transaction() as session:
        claim = review.add_manual_claim(
            session, kind=body.kind, values=body.values, publisher=body.publisher, date=body.date, url=body.url,
            page=body.page, title=body.title, restricted=body.restricted, accept=body.accept,
            actor=principal.name, note=body.note)
        return _detail(session, claim)


