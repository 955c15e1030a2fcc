"""``laborwatch backup`` and ``laborwatch restore``: the whole evidence base to one file and back."""

from __future__ import annotations

from pathlib import Path

import typer

from laborwatch.cli.common import console, fail, progress
from laborwatch.settings import load_settings
from laborwatch.store.backup import BackupError, RestoreError, Summary, backup, restore, verify_archive
from laborwatch.store.db import StoreError, open_store


def _counts(summary: Summary) -> str:
    rows = sum(summary.tables.values())
    return (f"{rows} rows in {len(summary.tables)} tables, {summary.blobs} document blobs "
            f"({summary.blob_bytes:,} bytes), schema revision {summary.schema_revision}")


def register(app: typer.Typer) -> None:
    @app.command("backup")
    def backup_cmd(
        path: Path = typer.Argument(..., help="The archive to write (a new .zip file; never overwritten)."),
    ) -> None:
        """Write every table and every document's original bytes to one archive, with their hashes."""
        try:
            summary = backup(open_store(load_settings()), path, progress=progress)
        except (BackupError, StoreError) as exc:
            fail(str(exc))
        console.print(f"backed up {_counts(summary)} to {path}", highlight=False)

    @app.command("restore")
    def restore_cmd(
        path: Path = typer.Argument(..., help="An archive written by `laborwatch backup`."),
        verify_only: bool = typer.Option(False, "--verify-only",
                                         help="Check every hash and row of the archive; restore nothing."),
        as_user: str | None = typer.Option(None, "--as", help="Who the audit log names (default LABORWATCH_USER)."),
    ) -> None:
        """Restore an archive into the empty store in LABORWATCH_DATABASE_URL, verifying every hash first."""
        settings = load_settings()
        try:
            if verify_only:
                summary = verify_archive(path, progress=progress)
                console.print(f"{path} is intact: {_counts(summary)}", highlight=False)
                return
            summary = restore(open_store(settings), path, actor=as_user or settings.user, progress=progress)
        except (RestoreError, StoreError) as exc:
            fail(str(exc))
        console.print(f"restored {_counts(summary)} from {path}", highlight=False)
