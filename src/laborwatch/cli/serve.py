"""``laborwatch serve``: the web app and REST API under uvicorn."""

from __future__ import annotations

import typer

from laborwatch.cli.common import console, fail


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0 for every interface)."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, help="Server processes (they share LABORWATCH_SECRET_KEY or secret.key)."),
    log_level: str = typer.Option("info", help="uvicorn log level: critical, error, warning, info, debug."),
) -> None:
    """Serve the web app and REST API (pages at /, API under /api, API reference at /api/docs)."""
    try:
        import uvicorn

        from laborwatch.api.app import create_app
    except ModuleNotFoundError as exc:
        fail(f"the web app needs laborwatch[web] ({exc.name} is not installed)")
    from laborwatch.settings import SettingsError, load_settings
    from laborwatch.store.db import StoreError

    try:
        settings = load_settings()
        if workers == 1:
            application = create_app(settings)
    except (SettingsError, StoreError) as exc:
        fail(str(exc))
    console.print(f"LaborWatch on http://{host}:{port}/  (API reference at /api/docs; Ctrl+C stops)", highlight=False)
    if workers == 1:
        uvicorn.run(application, host=host, port=port, log_level=log_level, proxy_headers=False)
    else:
        uvicorn.run("laborwatch.api.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_level=log_level, proxy_headers=False)
