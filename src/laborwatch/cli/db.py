"""``laborwatch db``: the store's schema."""

from __future__ import annotations

import typer

from laborwatch.cli.common import console
from laborwatch.settings import load_settings
from laborwatch.store.db import current_revision, head_revision, open_store


def register(app: typer.Typer) -> None:
    db = typer.Typer(help="The evidence store's schema (migrations run by themselves on first use).",
                     no_args_is_help=True)
    app.add_typer(db, name="db")

    @db.command("upgrade")
    def upgrade_cmd() -> None:
        """Apply every pending migration to the store in LABORWATCH_DATABASE_URL (or LABORWATCH_HOME)."""
        store = open_store(load_settings())
        console.print(f"store at revision {current_revision(store.engine)} (head {head_revision()})",
                      highlight=False)
