"""``laborwatch report`` (the section 302 report) and ``laborwatch pack`` (the shipped evidence pack)."""

from __future__ import annotations

from pathlib import Path

import typer

from laborwatch.cli.common import console, fail
from laborwatch.evidence.dates import parse_partial_date
from laborwatch.reconcile.evidence_pack import PackError, accept_pack, load_pack
from laborwatch.report.collect import EDITIONS, PendingClaimsError, ReportOptions
from laborwatch.report.publish import FORMATS, ReportFormatError, write_report
from laborwatch.settings import load_settings
from laborwatch.store.db import open_store


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report_cmd(
        out: Path = typer.Option(..., "--out", help="File to write (the format follows its suffix unless --format)."),
        fmt: str | None = typer.Option(None, "--format", help=f"One of {', '.join(FORMATS)}."),
        edition: str = typer.Option("public", "--edition", help=f"One of {', '.join(EDITIONS)}."),
        as_of: str | None = typer.Option(None, "--as-of", help="Use nothing dated after YYYY, YYYY-MM or YYYY-MM-DD."),
        draft: bool = typer.Option(False, "--draft", help="Build even while claims await review; DRAFT on every page."),
    ) -> None:
        """Write the section 302 report (b)(1), (b)(2), (b)(3), (c) from accepted claims, every figure footnoted."""
        if edition not in EDITIONS:
            fail(f"--edition must be one of {', '.join(EDITIONS)}, not {edition!r}")
        try:
            when = parse_partial_date(as_of) if as_of else None
        except ValueError as exc:
            fail(f"--as-of: {exc}")
        store = open_store(load_settings())
        try:
            report = write_report(store, out, fmt=fmt, options=ReportOptions(edition=edition, as_of=when, draft=draft))
        except (ReportFormatError, PendingClaimsError) as exc:
            fail(str(exc))
        s = report["summary"]
        note = f"; DRAFT: {report['pending_review']} claim(s) await review" if report["draft"] else ""
        console.print(f"wrote {out} ({edition} edition): {s['host_countries']} host countries, "
                      f"{s['figures']} footnoted records from {s['sources']} sources{note}", highlight=False)

    pack = typer.Typer(help="The evidence pack of curated, sourced figures that ships with LaborWatch.",
                       no_args_is_help=True)
    app.add_typer(pack, name="pack")

    @pack.command("load")
    def pack_load_cmd(
        accept: bool = typer.Option(False, "--accept", help="Also accept the pack's claims (audited, as --as)."),
        actor: str | None = typer.Option(None, "--as", help="Who the audit log names (default LABORWATCH_USER)."),
    ) -> None:
        """Insert the evidence pack as proposed claims (loading twice changes nothing)."""
        settings = load_settings()
        store = open_store(settings)
        who = actor or settings.user
        try:
            result = load_pack(store, actor=who)
        except PackError as exc:
            fail(str(exc))
        console.print(f"evidence pack {result.version}: {result.added} claims added, {result.unchanged} already "
                      f"there, {result.entities} entities created", highlight=False)
        if accept:
            console.print(f"accepted {accept_pack(store, actor=who)} pack claims as {who}", highlight=False)
