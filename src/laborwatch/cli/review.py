"""``laborwatch review``: walk proposed claims one by one and decide on each at the keyboard.

Each claim is shown with its quote highlighted inside the document's text. Keys: a accept, r reject (asks
for the reason), e edit (asks for FIELD=VALUE lines), s skip, q quit. Every decision is its own transaction,
so quitting (or a crash) keeps what was decided; a claim someone else decided meanwhile is passed over.
"""

from __future__ import annotations

import typer

from laborwatch.cli.claims import actor_or_fail, print_claim
from laborwatch.cli.common import console, err_console, fail
from laborwatch.review import (
    CITATION_FIELDS,
    VALUE_FIELDS,
    ReviewConflict,
    ReviewError,
    accept_claims,
    claim_context,
    edit_claim,
    list_claims,
    reject_claim,
    skip_claim,
)
from laborwatch.store import Store, open_store
from laborwatch.store.models import Claim

KEYS = {"a": "accept", "r": "reject", "e": "edit", "s": "skip", "q": "quit"}


def register(app: typer.Typer) -> None:
    app.command("review")(review)


def review(
    document: str | None = typer.Option(None, help="Only claims from this document (id or 6+ character prefix)."),
    kind: str | None = typer.Option(None, help="Only claims of this kind."),
    country: str | None = typer.Option(None, help="Only claims about this country (ISO code)."),
    width: int = typer.Option(300, help="Characters of context on each side of the quote."),
    actor: str | None = typer.Option(None, "--as", help="Who decides (default LABORWATCH_USER or the OS user)."),
) -> None:
    """Walk proposed claims one by one: [a]ccept, [r]eject with a reason, [e]dit, [s]kip or [q]uit."""
    who = actor_or_fail(actor)
    store = open_store()
    try:
        with store.transaction() as session:
            ids = [c.id for c in list_claims(session, status="proposed", kind=kind, country=country,
                                             document=document).claims]
    except ReviewError as exc:
        fail(str(exc))
    if not ids:
        console.print("no proposed claims to review", highlight=False)
        return
    tally = {"accepted": 0, "rejected": 0, "edited": 0, "skipped": 0, "passed over": 0}
    for number, claim_id in enumerate(ids, 1):
        outcome = _review_one(store, claim_id, number, len(ids), who, width)
        if outcome == "quit":
            break
        tally[outcome] += 1
    with store.transaction() as session:
        left = list_claims(session, status="proposed", kind=kind, country=country, document=document, limit=0).total
    console.print(", ".join(f"{n} {what}" for what, n in tally.items() if n or what != "passed over")
                  + f"; {left} still proposed", highlight=False)


def _review_one(store: Store, claim_id: str, number: int, total: int, who: str, width: int) -> str:
    with store.transaction() as session:
        claim = session.get(Claim, claim_id)
        if claim is None or claim.status != "proposed" or claim.superseded_by is not None:
            by = f" by {claim.reviewer}" if claim is not None and claim.reviewer else ""
            console.print(f"[{number}/{total}] {claim_id[:12]} was decided meanwhile{by}; passing over",
                          highlight=False)
            return "passed over"
        context = claim_context(session, claim, width=width)
    console.rule(f"claim {number} of {total}")
    print_claim(context)
    while True:
        try:
            key = typer.prompt("[a]ccept [r]eject [e]dit [s]kip [q]uit").strip().lower()
        except typer.Abort:  # end of input or Ctrl-C: stop, keeping every decision made so far
            console.print()
            return "quit"
        if key == "q":
            return "quit"
        if key not in KEYS:
            err_console.print(f"{key!r} is not one of {', '.join(KEYS)}", highlight=False)
            continue
        try:
            with store.transaction() as session:
                if key == "a":
                    accept_claims(session, [claim_id], actor=who)
                    return "accepted"
                if key == "s":
                    skip_claim(session, claim_id, actor=who)
                    return "skipped"
                if key == "r":
                    reason = _ask_reason()
                    if reason is None:
                        continue
                    reject_claim(session, claim_id, actor=who, reason=reason)
                    return "rejected"
                changes = _ask_changes()
                if not changes:
                    continue
                reason = typer.prompt("reason for the edit (optional)", default="", show_default=False) or None
                # the reviewer saw it proposed: if someone decided it meanwhile, that is a conflict
                new = edit_claim(session, claim_id, changes, actor=who, reason=reason, expected_status="proposed")
                console.print(f"saved as version {new.version} ({new.id[:12]}), accepted", highlight=False)
                return "edited"
        except ReviewConflict as exc:
            err_console.print(f"[bold red]conflict:[/] {exc}", highlight=False)
            return "passed over"
        except ReviewError as exc:
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        except typer.Abort:
            console.print()
            return "quit"


def _ask_reason() -> str | None:
    reason: str = typer.prompt("reason for rejecting (empty to go back)", default="", show_default=False)
    return reason.strip() or None


def _ask_changes() -> dict[str, str]:
    """FIELD=VALUE lines until an empty line; an unknown field is refused at once and asked again."""
    fields = set(VALUE_FIELDS) | set(CITATION_FIELDS)
    console.print("fields: " + ", ".join(VALUE_FIELDS) + ". One FIELD=VALUE per line, empty line to finish.",
                  highlight=False)
    changes: dict[str, str] = {}
    while True:
        line: str = typer.prompt("change", default="", show_default=False)
        if not line.strip():
            return changes
        field, sep, value = line.partition("=")
        field = field.strip().replace("-", "_")
        if not sep or field not in fields:
            err_console.print(f"[bold red]error:[/] {line.strip()!r}: expected FIELD=VALUE with a field from the "
                              "list above", highlight=False)
            continue
        changes[field] = value.strip()
