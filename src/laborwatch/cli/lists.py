"""``laborwatch lists``: load sanctions lists and show which versions are loaded."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from laborwatch.cli.common import console, fail
from laborwatch.screen.formats import FORMATS, ListFormatError
from laborwatch.screen.lists import list_versions, load_list
from laborwatch.settings import load_settings
from laborwatch.store import open_store


def register(app: typer.Typer) -> None:
    lists = typer.Typer(help="Sanctions lists: load a list file, show the loaded versions.")
    app.add_typer(lists, name="lists")
    lists.callback(invoke_without_command=True)(show)
    lists.command("load")(load)


def show(
    ctx: typer.Context,
    history: bool = typer.Option(False, "--all", help="Also show replaced (no longer current) versions."),
    output: str = typer.Option("table", "--format", help="table or json."),
) -> None:
    """Show the loaded lists: name, format, publication date, counts, file hash, when and by whom."""
    if ctx.invoked_subcommand is not None:
        return
    if output not in ("table", "json"):
        fail(f"--format must be table or json, not {output!r}")
    versions = list_versions(open_store(), current_only=not history)
    if output == "json":
        typer.echo(json.dumps([{
            "id": v.id, "list": v.list_name, "format": v.format, "published": v.published,
            "entities": v.entity_count, "names": v.name_count, "sha256": v.sha256, "current": v.is_current,
            "loaded_at": v.loaded_at.isoformat(), "loaded_by": v.loaded_by, "source": v.source_path,
        } for v in versions], indent=1))
        return
    if not versions:
        console.print("No list loaded. Load one with `laborwatch lists load PATH --format FORMAT`.")
        return
    table = Table(title=f"{len(versions)} list version(s)")
    for column in ("list", "format", "published", "entities", "names", "sha256", "loaded", "by", "current"):
        table.add_column(column)
    for v in versions:
        table.add_row(v.list_name, v.format, v.published or "", str(v.entity_count), str(v.name_count),
                      v.sha256[:12], v.loaded_at.strftime("%Y-%m-%d %H:%M"), v.loaded_by,
                      "yes" if v.is_current else "no")
    console.print(table)


def load(
    path: str = typer.Argument(..., help="The list file (a folder for ofac-csv)."),
    fmt: str = typer.Option(..., "--format", help=f"One of {', '.join(FORMATS)}."),
    name: str | None = typer.Option(None, "--name", help="List name (default from the format or file name)."),
    actor: str | None = typer.Option(None, "--as", help="Who loads it (default LABORWATCH_USER)."),
) -> None:
    """Load a list file as a new version; it replaces the list's current version only once fully loaded."""
    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    try:
        result = load_list(open_store(), path, fmt, name=name, actor=actor or load_settings().user)
    except ListFormatError as exc:
        fail(f"{exc} (nothing was loaded; the current version of the list is unchanged)")
    console.print(f"Loaded [bold]{result.list_name}[/] ({result.format}): {result.entity_count} entities, "
                  f"{result.name_count} names, published {result.published or 'unknown'}, "
                  f"sha256 {result.sha256[:12]}; version {result.version_id[:12]}"
                  + (f" replaces {len(result.replaced)} earlier version(s)" if result.replaced else ""),
                  highlight=False)
