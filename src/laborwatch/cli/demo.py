"""``laborwatch demo``: the whole flow on a fresh store in one folder, ending in the report in every format."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from laborwatch.cli.common import console, fail
from laborwatch.report.demo import DemoError, run_demo


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo_cmd(
        out: Path = typer.Option(
            Path("laborwatch-demo"), "--out",
            help="Folder for the demo's store and reports (made fresh; default ./laborwatch-demo)."),
    ) -> None:
        """Load the evidence pack and sample documents into a fresh store, extract, accept the pack's curated
        claims, and write the report as HTML, PDF, Markdown and JSON (a draft while extracted claims await review)."""
        try:
            result = run_demo(out)
        except DemoError as exc:
            fail(str(exc))
        console.print(f"store: {result.home} ({result.pack_claims} pack claims, {result.documents} sample "
                      f"documents, {result.extracted} claims extracted, {result.accepted} accepted)", highlight=False)
        for fmt, path in result.files.items():
            console.print(f"report ({fmt}): {path}", highlight=False)
        if result.pending:
            console.print(f"DRAFT: {result.pending} claim(s) await review (laborwatch review, with "
                          f"LABORWATCH_HOME={result.home})", highlight=False)
        table = Table(title="Top host countries (current estimate)")
        for column in ("Country", "Estimate", "As of", "Trend", "Independent sources", "Confidence"):
            table.add_column(column)
        for row in result.top_hosts:
            table.add_row(f"{row['name']} ({row['country']})", row["estimate"], row["as_of"] or "", row["trend"],
                          str(row["sources"]), row["confidence"])
        console.print(table)
        console.print(f"done in {result.seconds['total']:.1f} s", highlight=False)
