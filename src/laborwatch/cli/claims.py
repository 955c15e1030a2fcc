"""``laborwatch claims``: list, show, accept, reject, reopen, edit and add claims without prompts.

The commands parse arguments, call ``laborwatch.review`` inside one transaction each, and print. A lost race
with another reviewer exits with status 3 and says who decided first; any other bad input exits with 1.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.table import Table
from rich.text import Text
from sqlalchemy import select

from laborwatch.cli.common import console, fail
from laborwatch.review import (
    CITATION_FIELDS,
    CLAIM_COLUMNS,
    KINDS,
    VALUE_FIELDS,
    ClaimContext,
    ReviewConflict,
    ReviewError,
    accept_claims,
    accept_document,
    add_manual_claim,
    claim_context,
    claim_history,
    claim_rule,
    claim_summary,
    claim_to_dict,
    edit_claim,
    find_claim,
    list_claims,
    reject_claim,
    reopen_claim,
    resolve_actor,
)
from laborwatch.store import open_store
from laborwatch.store.models import Claim, Document

CONFLICT_EXIT = 3


def register(app: typer.Typer) -> None:
    claims = typer.Typer(help="List claims and decide on them without prompts (`laborwatch review` prompts).")
    app.add_typer(claims, name="claims")
    claims.callback(invoke_without_command=True)(list_cmd)
    claims.command("show")(show)
    claims.command("accept")(accept)
    claims.command("reject")(reject)
    claims.command("reopen")(reopen)
    claims.command(
        "edit", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(edit)
    claims.command("add")(add)


@contextmanager
def review_errors() -> Iterator[None]:
    """Turn the review library's errors into a specific message and a non-zero exit."""
    try:
        yield
    except ReviewConflict as exc:
        fail(f"conflict: {exc}", code=CONFLICT_EXIT)
    except ReviewError as exc:
        fail(str(exc))


def actor_or_fail(explicit: str | None) -> str:
    try:
        return resolve_actor(explicit)
    except ReviewError as exc:
        fail(str(exc))


def list_cmd(
    ctx: typer.Context,
    status: str | None = typer.Option(None, help="proposed, accepted, rejected or withdrawn (withdrawn claims "
                                                   "are listed only when asked for)."),
    kind: str | None = typer.Option(None, help=f"Kind of claim: {', '.join(KINDS)}."),
    country: str | None = typer.Option(None, help="ISO country code, e.g. QA."),
    document: str | None = typer.Option(None, help="Only claims from this document (id or 6+ character prefix)."),
    output: str = typer.Option("table", "--format", help="table, json or csv."),
    limit: int | None = typer.Option(None, help="Show at most this many."),
    offset: int = typer.Option(0, help="Skip this many first."),
    all_versions: bool = typer.Option(False, "--all-versions", help="Include versions superseded by an edit."),
) -> None:
    """List claims (current versions), filtered by status, kind, country or document."""
    if ctx.invoked_subcommand is not None:
        return
    if output not in ("table", "json", "csv"):
        fail(f"--format must be table, json or csv, not {output!r}")
    store = open_store()
    with review_errors(), store.transaction() as session:
        page = list_claims(session, status=status, kind=kind, country=country, document=document,
                           include_superseded=all_versions, limit=limit, offset=offset)
        shas = {c.document_sha256 for c in page.claims if c.document_sha256}
        documents = {d.sha256: d for d in session.scalars(select(Document).where(Document.sha256.in_(shas)))}
    if output == "json":
        typer.echo(json.dumps({"total": page.total, "offset": page.offset,
                               "claims": [claim_to_dict(c) for c in page.claims]}, ensure_ascii=False, indent=1))
        return
    if output == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(CLAIM_COLUMNS), extrasaction="ignore")
        writer.writeheader()
        for claim in page.claims:
            row = claim_to_dict(claim)
            row["extra"] = json.dumps(row["extra"], ensure_ascii=False) if row["extra"] else ""
            writer.writerow(row)
        return
    shown = f"{len(page.claims)} of {page.total}" if len(page.claims) != page.total else str(page.total)
    table = Table(title=f"{shown} claims")
    table.add_column("id", no_wrap=True)  # ids stay whole so they can be copied into the next command
    table.add_column("kind", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("value", overflow="fold", ratio=3)
    table.add_column("source", overflow="ellipsis", ratio=2, max_width=40)
    table.add_column("quote", overflow="ellipsis", ratio=3)
    for claim in page.claims:
        table.add_row(claim.id[:12], claim.kind, claim.status + (" (old)" if claim.superseded_by else ""),
                      claim_summary(claim), _source_label(claim, documents.get(claim.document_sha256 or "")),
                      _short(claim.quote or "", 60))
    console.print(table)


def show(
    claim_id: str = typer.Argument(..., help="Claim id or a unique prefix of 6+ characters."),
    width: int = typer.Option(300, help="Characters of context on each side of the quote."),
) -> None:
    """Show one claim: its values, its quote inside the document's text, and its history."""
    store = open_store()
    with review_errors(), store.transaction() as session:
        claim = find_claim(session, claim_id)
        context = claim_context(session, claim, width=width)
        history = claim_history(session, claim)
    print_claim(context)
    if history:
        console.rule("history")
        for entry in history:
            detail = ", ".join(f"{k}={v}" for k, v in entry.detail.items() if v not in (None, "", {}))
            console.print(f"{entry.at.isoformat(timespec='seconds')}  {entry.actor}  {entry.action}  "
                          f"{entry.object_id[:12]}  {detail}", highlight=False, markup=False)


def accept(
    claim_ids: list[str] | None = typer.Argument(None, help="Claim ids or unique prefixes of 6+ characters."),
    document: str | None = typer.Option(None, help="Accept every proposed claim of this document instead."),
    actor: str | None = typer.Option(None, "--as", help="Who decides (default LABORWATCH_USER or the OS user)."),
) -> None:
    """Accept proposed claims: the given ids, or every proposed claim of one document you have read."""
    if bool(claim_ids) == bool(document):
        fail("give claim ids or --document, not both and not neither")
    who = actor_or_fail(actor)
    store = open_store()
    with review_errors(), store.transaction() as session:
        if document:
            accepted = accept_document(session, document, actor=who)
        else:
            accepted = accept_claims(session, claim_ids or [], actor=who)
    if document and not accepted:
        console.print("no proposed claims left in that document", highlight=False)
        return
    for claim in accepted:
        console.print(f"accepted {claim.id[:12]} {claim.kind} {claim_summary(claim)}", highlight=False)
    console.print(f"{len(accepted)} accepted by {who}", highlight=False)


def reject(
    claim_id: str = typer.Argument(..., help="Claim id or a unique prefix of 6+ characters."),
    reason: str = typer.Option(..., help="Why the claim is wrong (required; kept in the audit log)."),
    actor: str | None = typer.Option(None, "--as", help="Who decides (default LABORWATCH_USER or the OS user)."),
) -> None:
    """Reject a proposed claim, with the reason."""
    who = actor_or_fail(actor)
    store = open_store()
    with review_errors(), store.transaction() as session:
        claim = reject_claim(session, claim_id, actor=who, reason=reason)
    console.print(f"rejected {claim.id[:12]} {claim.kind} {claim_summary(claim)}", highlight=False)


def reopen(
    claim_id: str = typer.Argument(..., help="Claim id or a unique prefix of 6+ characters."),
    reason: str = typer.Option(..., help="Why the decision is reopened (required)."),
    actor: str | None = typer.Option(None, "--as", help="Who reopens (default LABORWATCH_USER or the OS user)."),
) -> None:
    """Put an accepted or rejected claim back to proposed."""
    who = actor_or_fail(actor)
    store = open_store()
    with review_errors(), store.transaction() as session:
        claim = reopen_claim(session, claim_id, actor=who, reason=reason)
    console.print(f"reopened {claim.id[:12]}: proposed again", highlight=False)


def edit(
    ctx: typer.Context,
    claim_id: str = typer.Argument(..., help="Claim id or a unique prefix of 6+ characters."),
    reason: str | None = typer.Option(None, help="Why the values change (kept in the audit log)."),
    propose: bool = typer.Option(False, "--propose",
                                 help="Leave the new version proposed instead of accepting it."),
    actor: str | None = typer.Option(None, "--as", help="Who edits (default LABORWATCH_USER or the OS user)."),
) -> None:
    """Correct a claim's values: --FIELD VALUE pairs, e.g. --count 1100 --as-of 2017-09 (empty VALUE clears).

    Fields: country, count, low, high, qualifier, category, employer, sector, place, action, event-date,
    gross-per-month, received-per-month, currency, name, role, attributed-to, as-of, confidence; and for
    hand-entered claims citation-publisher, citation-title, citation-date, citation-url, page. The edit makes
    a new version (new id) that keeps the quote and offsets, accepted by you unless --propose.
    """
    changes = parse_field_args(ctx.args)
    who = actor_or_fail(actor)
    store = open_store()
    with review_errors(), store.transaction() as session:
        new = edit_claim(session, claim_id, changes, actor=who, reason=reason, accept=not propose)
    console.print(f"{new.supersedes and new.supersedes[:12]} -> {new.id[:12]} (version {new.version}, "
                  f"{new.status}): {claim_summary(new)}", highlight=False)


def parse_field_args(args: list[str]) -> dict[str, str]:
    """``["--count", "1100", "--as-of=2017"]`` -> ``{"count": "1100", "as_of": "2017"}``; errors name the token."""
    fields = set(VALUE_FIELDS) | set(CITATION_FIELDS)
    changes: dict[str, str] = {}
    items = list(args)
    while items:
        token = items.pop(0)
        if not token.startswith("--"):
            fail(f"unexpected argument {token!r}; give changes as --FIELD VALUE")
        name, _, inline = token[2:].partition("=")
        field = name.replace("-", "_")
        if field not in fields:
            fail(f"--{name} is not a claim field; fields: " + ", ".join(f.replace("_", "-") for f in sorted(fields)))
        if inline or "=" in token:
            value = inline
        elif items:
            value = items.pop(0)
        else:
            fail(f"--{name} needs a value")
        changes[field] = value
    if not changes:
        fail("nothing to change: give at least one --FIELD VALUE, e.g. --count 1100")
    return changes


def add(
    kind: str = typer.Option(..., help=f"Kind of claim: {', '.join(KINDS)}."),
    publisher: str = typer.Option(..., help="Who published the figure."),
    date: str = typer.Option(..., help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD."),
    url: str = typer.Option(..., help="Where it was published (http or https)."),
    page: int | None = typer.Option(None, help="Page of the publication."),
    title: str | None = typer.Option(None, help="Title of the publication."),
    country: str | None = typer.Option(None, help="ISO country code the claim is about, e.g. QA."),
    count: str | None = typer.Option(None, help="Number of workers."),
    low: str | None = typer.Option(None, help="Low end of a range of workers."),
    high: str | None = typer.Option(None, help="High end of a range of workers."),
    qualifier: str | None = typer.Option(None, help="about, more than, up to, …"),
    category: str | None = typer.Option(None, help="civilians, soldiers, IT workers, …"),
    employer: str | None = typer.Option(None, help="Who employs the workers."),
    sector: str | None = typer.Option(None, help="construction, logging, seafood, …"),
    place: str | None = typer.Option(None, help="City, region or site as the source writes it, e.g. Dandong "
                                                "(worker_count and presence)."),
    action: str | None = typer.Option(None, help="What a government did (policy_action, forced_repatriation)."),
    event_date: str | None = typer.Option(None, help="When it happened: YYYY, YYYY-MM or YYYY-MM-DD."),
    gross_per_month: str | None = typer.Option(None, help="Monthly wage paid."),
    received_per_month: str | None = typer.Option(None, help="Monthly wage the worker kept."),
    currency: str | None = typer.Option(None, help="ISO 4217 currency of the wages, e.g. USD."),
    name: str | None = typer.Option(None, help="Name of the organization or person (employer claims)."),
    role: str | None = typer.Option(None, help="Role of the organization or person, e.g. employer."),
    attributed_to: str | None = typer.Option(None, help="Who the source attributes the figure to."),
    as_of: str | None = typer.Option(None, help="Date the figure describes: YYYY, YYYY-MM or YYYY-MM-DD."),
    restricted: bool = typer.Option(False, "--restricted", help="Keep the source out of every public output."),
    propose: bool = typer.Option(False, "--propose", help="Leave it proposed for a second reviewer."),
    actor: str | None = typer.Option(None, "--as", help="Who records it (default LABORWATCH_USER or the OS user)."),
) -> None:
    """Record a claim by hand from a published source that is not in the store (a citation, no text)."""
    values: dict[str, Any] = {
        "country": country, "count": count, "low": low, "high": high, "qualifier": qualifier,
        "category": category, "employer": employer, "sector": sector, "place": place, "action": action,
        "event_date": event_date, "gross_per_month": gross_per_month, "received_per_month": received_per_month,
        "currency": currency, "name": name, "role": role, "attributed_to": attributed_to, "as_of": as_of,
    }
    who = actor_or_fail(actor)
    store = open_store()
    with review_errors(), store.transaction() as session:
        claim = add_manual_claim(session, kind=kind, values=values, publisher=publisher, date=date, url=url,
                                 page=page, title=title, restricted=restricted, accept=not propose, actor=who)
    console.print(f"added {claim.id[:12]} {claim.kind} {claim_summary(claim)} ({claim.status})", highlight=False)


def print_claim(context: ClaimContext) -> None:
    """The claim's values and source, then its quote highlighted (and marked » «) inside the document text."""
    claim, document = context.claim, context.document
    header = Table(show_header=False, box=None)
    header.add_row("[bold]claim[/]", f"{claim.id}  (version {claim.version})")
    header.add_row("[bold]kind[/]", Text(f"{claim.kind}: {claim_summary(claim)}"))
    header.add_row("[bold]status[/]", Text(claim.status + (f" by {claim.reviewer}" if claim.reviewer else "")
                                           + (f" ({claim.review_reason})" if claim.review_reason else "")
                                           + (f"; superseded by {claim.superseded_by[:12]}"
                                              if claim.superseded_by else "")))
    header.add_row("[bold]source[/]", Text(_source_label(claim, document) + (" [restricted]" if claim.restricted
                                                                              else "")))
    if claim.page:
        header.add_row("[bold]page[/]", str(claim.page))
    header.add_row("[bold]origin[/]", Text(claim.origin))
    if claim.place:
        header.add_row("[bold]place[/]", Text(claim.place))
    rule = claim_rule(claim)
    if rule:
        header.add_row("[bold]rule[/]", Text(rule))
    console.print(header)
    if document is None:
        if claim.citation_url:
            console.print(Text(f"citation: {claim.citation_url}"))
        return
    body = Text()
    body.append(context.before)
    body.append("»", style="bold yellow")
    body.append(context.quote, style="bold black on yellow")
    body.append("«", style="bold yellow")
    body.append(context.after)
    console.print(body)
    if not context.quote_matches:
        console.print(Text(f"warning: the stored quote {claim.quote!r} differs from the document's text "
                           f"at {claim.start}-{claim.end}", style="bold red"))


def _source_label(claim: Claim, document: Any = None) -> str:
    if document is not None:
        return " ".join(p for p in (document.publisher, document.published, document.title) if p)
    if claim.document_sha256:
        return f"document {claim.document_sha256[:12]}"
    return " ".join(p for p in (claim.citation_publisher, claim.citation_date) if p)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
