"""Who is asking, and may they: the dependencies every route declares.

A request is authenticated by an ``Authorization: Bearer`` API token (scripts) or by the signed session
cookie (the browser). A state-changing request that rides on a session cookie must also carry the session's
CSRF token (``X-CSRF-Token`` header, or a ``csrf_token`` form field), because a browser attaches the cookie to
requests that other sites trigger; a bearer token is never attached by a browser, so it needs none.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

from fastapi import Depends, HTTPException, Request

from laborwatch.api.accounts import ROLES, Principal, principal_by_id, principal_for_token
from laborwatch.api.errors import NotAuthenticated
from laborwatch.api.security import CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE, csrf_valid, read_session
from laborwatch.store.db import Store, record_audit

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
AUTH_CACHE_SECONDS = 5.0


class AuthCache:
    """Who a token or session user is, remembered for a few seconds.

    Looking a token up costs a database round trip (several milliseconds on a busy SQLite), which would
    dominate a fast route such as screening. The price: a revoked token, a deleted account or a changed role
    takes effect within AUTH_CACHE_SECONDS instead of at once.
    """

    def __init__(self, ttl: float = AUTH_CACHE_SECONDS) -> None:
        self.ttl = ttl
        self._items: dict[str, tuple[float, Principal]] = {}

    def get(self, key: str) -> Principal | None:
        item = self._items.get(key)
        if item is None or item[0] < time.monotonic():
            return None
        return item[1]

    def put(self, key: str, principal: Principal) -> None:
        if len(self._items) > 10_000:  # many distinct credentials: start over rather than grow without bound
            self._items.clear()
        self._items[key] = (time.monotonic() + self.ttl, principal)

    def clear(self) -> None:
        self._items.clear()


def auth_cache(request: Request) -> AuthCache:
    cache: AuthCache | None = getattr(request.app.state, "auth_cache", None)
    if cache is None:
        cache = request.app.state.auth_cache = AuthCache()
    return cache


async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def current_principal(request: Request) -> Principal:
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    store: Store = request.app.state.store
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthenticated("the Authorization header must be 'Bearer <token>'")
        cache_key = "t:" + hashlib.sha256(token.strip().encode()).hexdigest()
        principal = auth_cache(request).get(cache_key)
        if principal is None:
            principal = principal_for_token(store, token.strip())
            if principal is not None:
                auth_cache(request).put(cache_key, principal)
        if principal is None:
            raise NotAuthenticated("this API token is not valid (revoked, or mistyped)")
        request.state.principal = principal
        request.state.via = "token"
        return principal
    key: bytes = request.app.state.secret_key
    session = read_session(key, request.cookies.get(SESSION_COOKIE))
    if session is None:
        raise NotAuthenticated()
    found = auth_cache(request).get(f"u:{session.user_id}")
    if found is None:
        found = principal_by_id(store, session.user_id)
        if found is not None:
            auth_cache(request).put(f"u:{session.user_id}", found)
    if found is None:
        raise NotAuthenticated("the account of this session no longer exists; log in again")
    if request.method not in SAFE_METHODS:
        csrf: str | None = request.headers.get(CSRF_HEADER)
        if csrf is None and _is_form(request):
            form = await request.form()  # Starlette caches the parsed form, so the route still reads it
            value = form.get(CSRF_FIELD)
            csrf = value if isinstance(value, str) else None
        if not csrf_valid(key, session, csrf):
            raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again "
                                     f"(scripts send the '{CSRF_HEADER}' header, or use an API token)")
    request.state.principal = found
    request.state.session = session
    request.state.via = "session"
    return found


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    return kind.startswith("application/x-www-form-urlencoded") or kind.startswith("multipart/form-data")


def require(role: str) -> Callable[..., Coroutine[Any, Any, Principal]]:
    """A dependency that lets through users with at least ``role`` (viewer < analyst < admin)."""
    if role not in ROLES:
        raise ValueError(role)

    async def check(principal: Principal = Depends(current_principal)) -> Principal:
        if not principal.has_role(role):
            raise HTTPException(403, f"this needs the {role} role; {principal.name} is a {principal.role}")
        return principal

    return check


Viewer = Depends(require("viewer"))
Analyst = Depends(require("analyst"))
Admin = Depends(require("admin"))


def audit_restricted(store: Store, principal: Principal, *, action: str, object_type: str, object_id: str,
                     detail: dict[str, Any] | None = None) -> None:
    """Every view or download of restricted material is in the audit log, with who and when."""
    with store.transaction() as session:
        record_audit(session, actor=principal.name, action=action, object_type=object_type, object_id=object_id,
                     detail={"restricted": True, **(detail or {})})


def refuse_restricted(principal: Principal, restricted: bool, what: str) -> None:
    """Restricted material is invisible (404, not 403) to users without restricted access: its very
    existence can identify a protected source."""
    if restricted and not principal.restricted_access:
        raise HTTPException(404, f"no {what} with this id")


async def close_form(request: Request) -> AsyncIterator[None]:
    """Close a form this request parsed outside FastAPI's own parameters (the CSRF check, page handlers),
    so uploaded files' temporary files are released when the request ends."""
    try:
        yield
    finally:
        await request.close()
