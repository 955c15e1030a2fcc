"""``laborwatch users``: accounts for the web app and API tokens for scripts."""

from __future__ import annotations

import getpass
import sys

import typer
from rich.table import Table

from laborwatch.api import accounts
from laborwatch.cli.common import console, fail
from laborwatch.settings import load_settings
from laborwatch.store import open_store

users_app = typer.Typer(help="Web app accounts (viewer, analyst, admin) and API tokens.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")


def _read_password(confirm: bool = True) -> str:
    """From a prompt on a terminal (asked twice), else the first line of standard input (for scripts)."""
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if confirm and getpass.getpass("Again: ") != first:
            fail("the two passwords differ; nothing changed")
        return first
    line = sys.stdin.readline()
    if not line:
        fail("no password on standard input (give it as the first line)")
    return line.rstrip("\r\n")


def _actor(value: str | None) -> str:
    return value or load_settings().user


@users_app.command("add")
def add(
    name: str = typer.Argument(..., help="User name (no spaces)."),
    role: str = typer.Option(..., "--role", help="viewer, analyst or admin."),
    restricted_access: bool = typer.Option(False, "--restricted-access",
                                           help="May see restricted documents and the claims resting on them."),
    actor: str | None = typer.Option(None, "--as", help="Who creates it (default LABORWATCH_USER)."),
) -> None:
    """Create an account; the password comes from a prompt, or from standard input when it is not a terminal."""
    if role not in accounts.ROLES:
        fail(f"--role must be one of {', '.join(accounts.ROLES)}, not {role!r}")
    try:
        accounts.validate_name(name)
        password = _read_password()
        accounts.add_user(open_store(), name, password, role=role, restricted_access=restricted_access,
                          actor=_actor(actor))
    except accounts.AccountError as exc:
        fail(str(exc))
    extra = " with restricted access" if restricted_access else ""
    console.print(f"added {name} ({role}{extra})", highlight=False)


@users_app.command("list")
def list_users() -> None:
    """List accounts with their roles and whether they are locked."""
    table = Table(title="users")
    for column in ("name", "role", "restricted access", "locked until", "created"):
        table.add_column(column)
    for user in accounts.list_users(open_store()):
        table.add_row(user.name, user.role, "yes" if user.restricted_access else "",
                      user.locked_until.isoformat(timespec="minutes") if user.locked_until else "",
                      user.created_at.strftime("%Y-%m-%d"))
    console.print(table)


@users_app.command("token")
def token(
    name: str = typer.Argument(..., help="The user the token acts as."),
    label: str | None = typer.Option(None, help="What the token is for, e.g. 'nightly screening'."),
    revoke: bool = typer.Option(False, "--revoke", help="Revoke every token of this user instead."),
    actor: str | None = typer.Option(None, "--as", help="Who creates it (default LABORWATCH_USER)."),
) -> None:
    """Print a new API token (shown once; send it as 'Authorization: Bearer TOKEN'), or revoke all tokens."""
    store = open_store()
    try:
        if revoke:
            count = accounts.revoke_tokens(store, name, actor=_actor(actor))
            console.print(f"revoked {count} token(s) of {name}", highlight=False)
            return
        value = accounts.create_token(store, name, label=label, actor=_actor(actor))
    except accounts.AccountError as exc:
        fail(str(exc))
    typer.echo(value)


@users_app.command("password")
def password(
    name: str = typer.Argument(...),
    actor: str | None = typer.Option(None, "--as", help="Who changes it (default LABORWATCH_USER)."),
) -> None:
    """Set a new password (prompt, or standard input); also clears a lockout."""
    try:
        accounts.set_password(open_store(), name, _read_password(), actor=_actor(actor))
    except accounts.AccountError as exc:
        fail(str(exc))
    console.print(f"password of {name} changed", highlight=False)


@users_app.command("unlock")
def unlock(
    name: str = typer.Argument(...),
    actor: str | None = typer.Option(None, "--as", help="Who unlocks it (default LABORWATCH_USER)."),
) -> None:
    """Lift a lockout after repeated failed logins."""
    try:
        accounts.unlock(open_store(), name, actor=_actor(actor))
    except accounts.AccountError as exc:
        fail(str(exc))
    console.print(f"{name} unlocked", highlight=False)
