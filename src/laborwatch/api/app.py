"""The web application: the REST API under ``/api``, the pages, the vendored static files, ``/health``.

``create_app()`` builds it from the settings; ``laborwatch serve`` runs it under uvicorn. Nothing is anonymous
except the login page, the static files the login page needs, and ``/health``.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from laborwatch import __version__
from laborwatch.api import errors
from laborwatch.api.accounts import Principal
from laborwatch.api.deps import Viewer, close_form
from laborwatch.api.security import secret_key
from laborwatch.settings import Settings, load_settings
from laborwatch.store import open_store

WEB = Path(__file__).resolve().parent.parent / "web"

# Each area's router; an area whose library stage is not importable is left out (and /health says which).
ROUTERS = (
    "laborwatch.api.routes.accounts",
    "laborwatch.api.routes.documents",
    "laborwatch.api.routes.claims",
    "laborwatch.api.routes.entities",
    "laborwatch.api.routes.reports",
    "laborwatch.api.routes.screening",
    "laborwatch.web.pages",
    "laborwatch.web.areas",
    "laborwatch.web.screening",
)

# The pages load only files from this server: a browser refuses anything else, so nothing leaks to a CDN.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
       "form-action 'self'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """A plain ASGI middleware (cheaper per request than BaseHTTPMiddleware) adding the headers above."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                if scope["path"].startswith("/api/") and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from laborwatch.api.routes.screening import warm_index

        threading.Thread(target=warm_index, args=(app.state,), name="laborwatch-index-warmup", daemon=True).start()
        yield
        jobs = getattr(app.state, "jobs", None)
        if jobs is not None:
            jobs.shutdown()

    app = FastAPI(
        lifespan=lifespan,
        title="LaborWatch",
        version=__version__,
        description="Sourced evidence, section 302 reports and sanctions screening on North Korea's overseas "
                    "labor. Authenticate with `Authorization: Bearer <token>` (`laborwatch users token NAME`), "
                    "or with the browser session (state-changing requests then need the `X-CSRF-Token` header).",
        docs_url=None, redoc_url=None, openapi_url=None, dependencies=[Depends(close_form)],
    )
    app.state.settings = settings
    app.state.store = open_store(settings)
    app.state.secret_key = secret_key(settings)
    app.state.templates = Jinja2Templates(directory=str(WEB / "templates"))
    errors.install(app)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")

    for name in ROUTERS:
        module = importlib.import_module(name)
        app.include_router(module.router)

    @app.get("/health", tags=["health"], summary="Liveness and database check (anonymous)")
    def health() -> JSONResponse:
        from sqlalchemy import text

        try:
            with app.state.store.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:  # the check exists to report any database failure, whatever its type
            return JSONResponse({"status": "error", "database": str(exc)[:200]}, status_code=503)
        return JSONResponse({"status": "ok", "version": __version__})

    @app.get("/api/openapi.json", include_in_schema=False)
    def openapi(_: Principal = Viewer) -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/api/docs", include_in_schema=False, response_class=HTMLResponse)
    def api_docs(request: Request, principal: Principal = Viewer) -> Any:
        from laborwatch.web.apidocs import operations, schemas
        from laborwatch.web.render import page_context

        spec = app.openapi()
        return app.state.templates.TemplateResponse(request, "api_docs.html", page_context(
            request, principal, spec=spec, groups=operations(spec), schemas=schemas(spec)))

    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory laborwatch.api.app:app_from_env``."""
    return create_app()
