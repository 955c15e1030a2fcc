"""Who am I, the users (admin), and the audit log (admin)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import select

from laborwatch.api import accounts
from laborwatch.api.accounts import Principal
from laborwatch.api.deps import Admin, Viewer, get_store
from laborwatch.api.pagination import Page, PageParams, make_page, page_params, paginate
from laborwatch.store.db import Store
from laborwatch.store.models import AuditEntry, User

router = APIRouter(prefix="/api", tags=["accounts"])


class Me(BaseModel):
    name: str
    role: str
    restricted_access: bool
    via: str


class UserOut(BaseModel):
    name: str
    role: str
    restricted_access: bool
    locked: bool
    created_at: datetime


class NewUser(BaseModel):
    name: str = Field(..., description="No spaces.")
    password: str = Field(..., min_length=accounts.MIN_PASSWORD)
    role: str = Field(..., pattern="^(viewer|analyst|admin)$")
    restricted_access: bool = False


class AuditOut(BaseModel):
    id: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    detail: dict[str, Any]


@router.get("/me", response_model=Me, summary="The user making the request")
def me(request: Request, principal: Principal = Viewer) -> Me:
    return Me(name=principal.name, role=principal.role, restricted_access=principal.restricted_access,
              via=request.state.via)


def _user_out(user: User) -> UserOut:
    return UserOut(name=user.name, role=user.role, restricted_access=user.restricted_access,
                   locked=user.locked_until is not None, created_at=user.created_at)


@router.get("/users", response_model=Page[UserOut], summary="List users (admin)")
def list_users(_: Principal = Admin, page: PageParams = Depends(page_params),
               store: Store = Depends(get_store)) -> dict[str, Any]:
    with store.transaction() as session:
        rows, total = paginate(session, select(User).order_by(User.name), page)
    return make_page([_user_out(u) for u in rows], total, page)


@router.post("/users", response_model=UserOut, status_code=201, summary="Create a user (admin)")
def create_user(body: NewUser, principal: Principal = Admin, store: Store = Depends(get_store)) -> UserOut:
    accounts.add_user(store, body.name, body.password, role=body.role, restricted_access=body.restricted_access,
                      actor=principal.name)
    with store.transaction() as session:
        return _user_out(accounts.get_user(session, body.name))


@router.post("/users/{name}/unlock", status_code=204, summary="Unlock a locked-out user (admin)")
def unlock_user(name: str, principal: Principal = Admin, store: Store = Depends(get_store)) -> None:
    accounts.unlock(store, name, actor=principal.name)


@router.get("/audit", response_model=Page[AuditOut], summary="The audit log, newest first (admin)")
def audit_log(
    _: Principal = Admin, page: PageParams = Depends(page_params), store: Store = Depends(get_store),
    actor: str | None = Query(None), action: str | None = Query(None),
    object_type: str | None = Query(None), object_id: str | None = Query(None),
) -> dict[str, Any]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    for column, value in ((AuditEntry.actor, actor), (AuditEntry.action, action),
                          (AuditEntry.object_type, object_type), (AuditEntry.object_id, object_id)):
        if value is not None:
            query = query.where(column == value)
    with store.transaction() as session:
        rows, total = paginate(session, query, page)
    return make_page([AuditOut.model_validate(r, from_attributes=True) for r in rows], total, page)
