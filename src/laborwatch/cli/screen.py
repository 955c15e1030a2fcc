"""``laborwatch screen``: one name, a batch file (CSV or Parquet), or every entity in the evidence store."""

from __future__ import annotations

import json
import sys

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from laborwatch.cli.common import console, err_console, fail
from laborwatch.screen.batch import SCHEMAS, BatchInputError
from laborwatch.screen.engines import EngineError, get_engine
from laborwatch.screen.evidence import NoListsLoaded, screen_evidence
from laborwatch.screen.index import DEFAULT_THRESHOLD, ScreeningIndex
from laborwatch.screen.lists import build_index
from laborwatch.screen.scorer import explanation_summary
from laborwatch.settings import load_settings
from laborwatch.store import open_store


def register(app: typer.Typer) -> None:
    app.command("screen")(screen)


def screen(
    name: str | None = typer.Argument(None, help="The name to screen (omit with --input or --evidence)."),
    schema: str = typer.Option("any", help="Person, Organization or any."),
    country: str | None = typer.Option(None, help="Two-letter ISO country of the party, e.g. KP."),
    birth_date: str | None = typer.Option(None, "--birth-date", help="YYYY, YYYY-MM or YYYY-MM-DD."),
    limit: int = typer.Option(10, min=1, max=100, help="Most hits per name."),
    threshold: float = typer.Option(DEFAULT_THRESHOLD, min=0.0, max=1.0,
                                    help="Lowest score reported (0 reports all --limit hits)."),
    output_format: str = typer.Option("table", "--format", help="table or json (one name)."),
    input_path: str | None = typer.Option(None, "--input", help="Batch input: CSV or Parquet with id,name."),
    output_path: str | None = typer.Option(None, "--output", help="Batch output: .csv or .parquet."),
    engine: str | None = typer.Option(None, help="Batch engine: local or spark (default LABORWATCH_BATCH_ENGINE)."),
    spark_master: str | None = typer.Option(None, "--spark-master",
                                            help="Spark master for --engine spark (default LABORWATCH_SPARK_MASTER)."),
    evidence: bool = typer.Option(False, "--evidence", help="Screen every entity in the evidence store."),
    actor: str | None = typer.Option(None, "--as", help="Who runs it (default LABORWATCH_USER)."),
) -> None:
    """Screen names against the loaded sanctions lists, with scores that explain themselves."""
    modes = sum([name is not None, input_path is not None, evidence])
    if modes != 1:
        fail("give exactly one of: a NAME, --input FILE --output FILE, or --evidence")
    if schema not in SCHEMAS:
        fail(f"--schema must be one of {', '.join(SCHEMAS)}, not {schema!r}")
    if output_format not in ("table", "json"):
        fail(f"--format must be table or json, not {output_format!r}")
    store = open_store()
    if evidence:
        try:
            result = screen_evidence(store, actor=actor or load_settings().user, threshold=threshold, limit=limit)
        except NoListsLoaded as exc:
            fail(str(exc))
        console.print(f"Screened {result.entities} evidence entities: {result.flagged_entities} with hits, "
                      f"{result.hits} hits kept (threshold {threshold}).")
        return
    loaded = build_index(store)
    if not loaded.versions:
        fail("no sanctions list is loaded; run `laborwatch lists load PATH --format ...` first")
    if input_path is not None:
        if output_path is None:
            fail("--input needs --output (a .csv or .parquet file)")
        _batch(loaded.index, input_path, output_path, engine, limit, threshold, spark_master)
        return
    assert name is not None
    if not name.strip():
        fail("the name is empty")
    matches = loaded.index.search(name, limit=limit, threshold=threshold, schema=schema,
                                  country=country.lower() if country else None, birth_date=birth_date)
    if output_format == "json":
        typer.echo(json.dumps([{
            "rank": i, "score": m.score, "entity_id": m.record.entity_id, "list": m.record.list_name,
            "matched_name": m.matched_name, "caption": m.record.caption, "schema": m.record.schema,
            "programs": m.record.programs, "countries": m.record.countries, "explanation": m.explanation,
        } for i, m in enumerate(matches, start=1)], ensure_ascii=False, indent=1))
        return
    if not matches:
        console.print(f"No listed party scores {threshold} or more for {name!r}.", highlight=False)
        return
    table = Table(title=f"{len(matches)} hit(s) for {name!r}")
    for column in ("rank", "score", "entity", "list", "matched name", "programs", "why"):
        table.add_column(column)
    for i, m in enumerate(matches, start=1):
        table.add_row(str(i), f"{m.score:.3f}", m.record.entity_id, m.record.list_name, m.matched_name,
                      ";".join(m.record.programs), explanation_summary(m.explanation))
    console.print(table)


def _batch(index: ScreeningIndex, input_path: str, output_path: str, engine_name: str | None, limit: int,
           threshold: float, spark_master: str | None = None) -> None:
    try:
        engine = get_engine(engine_name)
    except EngineError as exc:
        fail(str(exc))
    if spark_master is not None:
        from laborwatch.screen.engines.spark import SparkEngine

        if not isinstance(engine, SparkEngine):
            fail("--spark-master applies to --engine spark only")
        engine.master = spark_master
    try:
        if sys.stderr.isatty():
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                          TimeRemainingColumn(), console=err_console, transient=True) as bar:
                task = bar.add_task("screening", total=None)
                summary = engine.run(input_path, output_path, index=index, limit=limit, threshold=threshold,
                                     on_progress=lambda n: bar.advance(task, n))
        else:
            summary = engine.run(input_path, output_path, index=index, limit=limit, threshold=threshold)
    except BatchInputError as exc:
        fail(str(exc))
    for error in summary.errors:
        err_console.print(f"[yellow]skipped[/] {input_path}: {error}", highlight=False)
    console.print(f"Screened {summary.records} records with the {summary.engine} engine in {summary.seconds:.1f} s: "
                  f"{summary.hits} hits written to {output_path}; {len(summary.errors)} bad row(s) skipped.",
                  highlight=False)
    if summary.errors:
        raise typer.Exit(2)
