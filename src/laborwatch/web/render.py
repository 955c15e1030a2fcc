"""What every page shares: the template context (who is logged in, the CSRF token) and rendering."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from laborwatch.api.accounts import Principal
from laborwatch.api.security import csrf_token


def page_context(request: Request, principal: Principal | None, **values: Any) -> dict[str, Any]:
    session = getattr(request.state, "session", None)
    csrf = csrf_token(request.app.state.secret_key, session) if session is not None else ""
    return {"user": principal, "csrf": csrf, "path": request.url.path, **values}


def render(request: Request, template: str, principal: Principal | None, status_code: int = 200,
           **values: Any) -> Response:
    templates = request.app.state.templates
    response: Response = templates.TemplateResponse(request, template, page_context(request, principal, **values),
                                                    status_code=status_code)
    return response


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"
