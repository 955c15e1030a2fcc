"""Errors as JSON with a clear message and the right status, the same shape for every route.

``{"error": {"status": 404, "message": "no document has an id starting with 'abc123'"}}``. Library errors
map to statuses by their type (not found 404, conflict 409, bad value 422), so routes just let them raise.
Page routes (outside ``/api``) get an HTML page instead, and a missing session sends the browser to log in.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from laborwatch.api.accounts import AccountError
from laborwatch.evidence.errors import IntakeError
from laborwatch.review.errors import NotFound, ReviewConflict, ReviewError


class NotAuthenticated(HTTPException):
    def __init__(self, message: str = "log in first: send a session cookie or an 'Authorization: Bearer' token"):
        super().__init__(status_code=401, detail=message)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def error_response(request: Request, status: int, message: str, extra: dict[str, Any] | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    if not _is_api(request):
        if status == 401:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        templates = request.app.state.templates
        return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                          status_code=status, headers=headers)
    body: dict[str, Any] = {"status": status, "message": message}
    if extra:
        body.update(extra)
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path"))
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request is not valid"


def install(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = dict(exc.headers) if exc.headers else None
        if exc.status_code == 401 and _is_api(request):
            headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
        return error_response(request, exc.status_code, str(exc.detail), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, _validation_message(exc))

    @app.exception_handler(LookupError)
    async def not_found(request: Request, exc: LookupError) -> Response:
        return error_response(request, 404, str(exc.args[0] if exc.args else exc))

    @app.exception_handler(NotFound)
    async def review_not_found(request: Request, exc: NotFound) -> Response:
        return error_response(request, 404, str(exc))

    @app.exception_handler(ReviewConflict)
    async def conflict(request: Request, exc: ReviewConflict) -> Response:
        return error_response(request, 409, str(exc), {"record_type": exc.record_type, "record_id": exc.record_id,
                                                        "current_status": exc.status,
                                                        "by": exc.by, "superseded_by": exc.superseded_by})

    @app.exception_handler(ReviewError)
    async def review_error(request: Request, exc: ReviewError) -> Response:
        if isinstance(exc, LookupError):
            return error_response(request, 404, str(exc))
        return error_response(request, 422, str(exc))

    @app.exception_handler(IntakeError)
    async def intake_error(request: Request, exc: IntakeError) -> Response:
        return error_response(request, 422, str(exc))

    @app.exception_handler(AccountError)
    async def account_error(request: Request, exc: AccountError) -> Response:
        return error_response(request, 422, str(exc))
