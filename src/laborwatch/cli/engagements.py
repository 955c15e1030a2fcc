"""``laborwatch engagements``: diplomatic engagement with host governments (NKSPEA section 302(c))."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from laborwatch.cli.claims import actor_or_fail, review_errors
from laborwatch.cli.common import console, fail
from laborwatch.review import ENGAGEMENT_KINDS, add_engagement, list_engagements
from laborwatch.store import open_store


def register(app: typer.Typer) -> None:
    engagements = typer.Typer(help="Demarches, briefings, meetings and statements, and what governments promised.")
    app.add_typer(engagements, name="engagements")
    engagements.callback(invoke_without_command=True)(list_cmd)
    engagements.command("add")(add)


def list_cmd(
    ctx: typer.Context,
    country: str | None = typer.Option(None, help="Only this country (ISO code)."),
    output: str = typer.Option("table", "--format", help="table or json."),
) -> None:
    """List recorded engagements by country, newest first."""
    if ctx.invoked_subcommand is not None:
        return
    if output not in ("table", "json"):
        fail(f"--format must be table or json, not {output!r}")
    store = open_store()
    with review_errors(), store.transaction() as session:
        rows = list_engagements(session, country=country)
    if output == "json":
        typer.echo(json.dumps([{
            "id": e.id, "country": e.country, "kind": e.kind, "date": e.date, "summary": e.summary,
            "commitment": e.commitment, "restricted": e.restricted, "created_by": e.created_by,
            "created_at": e.created_at.isoformat(timespec="seconds"),
        } for e in rows], ensure_ascii=False, indent=1))
        return
    table = Table(title=f"{len(rows)} engagements")
    for column in ("country", "date", "kind", "summary", "commitment", "restricted"):
        table.add_column(column, overflow="fold")
    for e in rows:
        table.add_row(e.country, e.date, e.kind, e.summary, e.commitment or "", "yes" if e.restricted else "")
    console.print(table)


def add(
    country: str = typer.Option(..., help="ISO code of the host country, e.g. QA."),
    kind: str = typer.Option(..., help=" | ".join(ENGAGEMENT_KINDS) + "."),
    date: str = typer.Option(..., help="When: YYYY, YYYY-MM or YYYY-MM-DD."),
    summary: str = typer.Option(..., help="What was done."),
    commitment: str | None = typer.Option(None, help="What the government promised, if anything."),
    restricted: bool = typer.Option(False, "--restricted", help="Keep it out of every public output."),
    actor: str | None = typer.Option(None, "--as", help="Who records it (default LABORWATCH_USER or the OS user)."),
) -> None:
    """Record a diplomatic engagement with a host government and any commitment it made."""
    who = actor_or_fail(actor)
    store = open_store()
    with review_errors(), store.transaction() as session:
        result = add_engagement(session, country=country, kind=kind, date=date, summary=summary,
                                commitment=commitment, restricted=restricted, actor=who)
    e = result.engagement
    verb = "recorded" if result.created else "already recorded"
    console.print(f"{verb}: {e.country} {e.date} {e.kind} ({e.id[:12]})", highlight=False)
