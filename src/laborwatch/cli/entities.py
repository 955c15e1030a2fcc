"""``laborwatch entities``: the organizations and persons named in accepted claims, and merges between them."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from laborwatch.cli.claims import actor_or_fail, review_errors
from laborwatch.cli.common import console, fail
from laborwatch.review import list_entities, list_merges, merge_entities, sync_entities, unmerge_entities
from laborwatch.store import open_store


def register(app: typer.Typer) -> None:
    entities = typer.Typer(help="Organizations and persons named in accepted claims; merge and unmerge them.")
    app.add_typer(entities, name="entities")
    entities.callback(invoke_without_command=True)(list_cmd)
    entities.command("sync")(sync)
    entities.command("merge")(merge)
    entities.command("unmerge")(unmerge)
    entities.command("merges")(merges)


def list_cmd(
    ctx: typer.Context,
    include_merged: bool = typer.Option(False, "--all", help="Also list entities merged into another."),
    schema: str | None = typer.Option(None, help="Organization or Person."),
    output: str = typer.Option("table", "--format", help="table or json."),
) -> None:
    """List entities with their spellings and the number of accepted claims naming them."""
    if ctx.invoked_subcommand is not None:
        return
    if output not in ("table", "json"):
        fail(f"--format must be table or json, not {output!r}")
    if schema is not None and schema not in ("Organization", "Person"):
        fail(f"--schema must be Organization or Person, not {schema!r}")
    store = open_store()
    with store.transaction() as session:
        views = list_entities(session, include_merged=include_merged, schema=schema)
    if output == "json":
        typer.echo(json.dumps([{
            "id": v.entity.id, "schema": v.entity.schema, "name": v.entity.name, "country": v.entity.country,
            "merged_into": v.entity.merged_into, "aliases": v.aliases, "claims": v.claim_count, "merged": v.merged,
        } for v in views], ensure_ascii=False, indent=1))
        return
    table = Table(title=f"{len(views)} entities")
    table.add_column("id", no_wrap=True)
    for column in ("schema", "name", "country", "claims", "aliases"):
        table.add_column(column)
    table.add_column("merged into", no_wrap=True)
    for v in views:
        table.add_row(v.entity.id[:12], v.entity.schema, v.entity.name, v.entity.country or "", str(v.claim_count),
                      "; ".join(a for a in v.aliases if a != v.entity.name),
                      (v.entity.merged_into or "")[:12])
    console.print(table)


def sync(
    actor: str | None = typer.Option(None, "--as", help="Who runs it (default LABORWATCH_USER or the OS user)."),
) -> None:
    """Create entities for every accepted claim that names an organization or person (accepting does this too)."""
    who = actor_or_fail(actor)
    store = open_store()
    with store.transaction() as session:
        result = sync_entities(session, actor=who)
    console.print(f"{result.entities_created} entities created, {result.claims_linked} claims linked",
                  highlight=False)


def merge(
    kept: str = typer.Argument(..., help="The entity to keep (id or 6+ character prefix)."),
    merged: str = typer.Argument(..., help="The entity that is the same and goes into it."),
    reason: str = typer.Option(..., help="Why they are the same (required; kept with the merge)."),
    actor: str | None = typer.Option(None, "--as", help="Who merges (default LABORWATCH_USER or the OS user)."),
) -> None:
    """Record that MERGED is the same organization or person as KEPT (undo with `entities unmerge`)."""
    who = actor_or_fail(actor)
    store = open_store()
    with review_errors(), store.transaction() as session:
        record = merge_entities(session, kept, merged, reason=reason, actor=who)
    console.print(f"merge #{record.id}: {record.merged_id[:12]} merged into {record.kept_id[:12]} by {who}",
                  highlight=False)


def unmerge(
    merge_id: int = typer.Argument(..., help="The merge number `laborwatch entities merges` shows."),
    reason: str | None = typer.Option(None, help="Why the merge is undone."),
    actor: str | None = typer.Option(None, "--as", help="Who undoes it (default LABORWATCH_USER or the OS user)."),
) -> None:
    """Undo a merge: the merged entity stands on its own again; the merge stays on record as undone."""
    who = actor_or_fail(actor)
    store = open_store()
    with review_errors(), store.transaction() as session:
        record = unmerge_entities(session, merge_id, actor=who, reason=reason)
    console.print(f"merge #{record.id} undone: {record.merged_id[:12]} stands on its own again", highlight=False)


def merges() -> None:
    """List every merge, newest first, with who made it, why, and whether it was undone."""
    store = open_store()
    with store.transaction() as session:
        records = list_merges(session)
    table = Table(title=f"{len(records)} merges")
    for column in ("#", "kept", "merged", "by", "at", "reason", "undone"):
        table.add_column(column)
    for r in records:
        table.add_row(str(r.id), r.kept_id[:12], r.merged_id[:12], r.merged_by,
                      r.merged_at.isoformat(timespec="seconds"), r.reason, f"by {r.undone_by}" if r.undone_by else "")
    console.print(table)
