"""``laborwatch extract``: propose claims from stored documents, or print them for files (``--no-store``).

Store mode calls ``laborwatch.extract.pipeline.extract_pending`` and prints its summary (new, withdrawn and
unchanged claims per kind); ``--dry-run`` asks the same function to count without writing.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from laborwatch.cli.common import console, err_console, fail, progress
from laborwatch.evidence.dates import parse_partial_date
from laborwatch.evidence.errors import IntakeError
from laborwatch.evidence.intake import iter_files, read_document_file
from laborwatch.evidence.text import extract_text as document_text
from laborwatch.extract.model import KIND_FIELDS, ExtractedClaim
from laborwatch.extract.pipeline import extract_pending
from laborwatch.extract.rules import extract_text
from laborwatch.settings import load_settings
from laborwatch.store import open_store

FORMATS = ("jsonl", "table")


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)


def extract(
    files: list[Path] = typer.Argument(None, help="With --no-store: files or folders to read (.txt, .md, .html, "
                                                  ".pdf, .docx)."),
    no_store: bool = typer.Option(False, "--no-store", help="Read FILEs and print their claims; touch no store."),
    fmt: str = typer.Option("jsonl", "--format", help="With --no-store: jsonl (one claim per line) or table."),
    published: str | None = typer.Option(None, help="With --no-store: publication date YYYY, YYYY-MM or "
                                                     "YYYY-MM-DD, for 'last year' and the like."),
    actor: str | None = typer.Option(None, "--as", help="Who runs it (default LABORWATCH_USER or the OS user)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Count what would change (new, withdrawn, unchanged "
                                                          "claims) and write nothing."),
) -> None:
    """Propose claims: from every stored document not yet extracted by this extractor version, or from FILEs."""
    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if published is not None:
        try:
            published = parse_partial_date(published)
        except ValueError as exc:
            fail(f"--published: {exc}")
    if not no_store:
        if files:
            fail("FILE arguments need --no-store; to extract into the store, add files with `laborwatch add` "
                 "and run `laborwatch extract`")
        _extract_store(actor, dry_run)
        return
    if dry_run:
        fail("--dry-run applies to the store; --no-store never writes anything")
    if not files:
        fail("--no-store needs at least one FILE")
    _extract_files(files, fmt, published)


def _extract_store(actor: str | None, dry_run: bool) -> None:
    settings = load_settings()
    store = open_store(settings)
    summary = extract_pending(store, actor or settings.user, dry_run=dry_run,
                              wrap=lambda items, total: progress(items, total=total, label="extracting"))
    for line in summary.lines():
        console.print(line, highlight=False, markup=False, soft_wrap=True)


def _extract_files(paths: list[Path], fmt: str, published: str | None) -> None:
    settings = load_settings()
    results: list[tuple[Path, list[ExtractedClaim]]] = []
    for path in iter_files(paths):
        try:
            data = read_document_file(path, settings.max_document_bytes)
            doc = document_text(path, data)
        except IntakeError as exc:
            fail(str(exc))
        date = published or _file_date(doc.metadata.get("published"))
        claims = [] if doc.metadata.get("language") not in (None, "en", "und") else extract_text(doc.text, date)
        results.append((path, claims))
    if fmt == "jsonl":
        for path, claims in results:
            for claim in claims:
                typer.echo(json.dumps({"file": str(path), **claim.to_dict()}, ensure_ascii=False))
        return
    table = Table("file", "kind", "country", "value", "attributed to", "as of", "conf.", "quote")
    for path, claims in results:
        for claim in claims:
            quote = claim.quote if len(claim.quote) <= 70 else claim.quote[:67] + "..."
            table.add_row(path.name, claim.kind, claim.country or "", _value_text(claim), claim.attributed_to or "",
                          claim.as_of or "", f"{claim.confidence:.2f}", " ".join(quote.split()))
    console.print(table)
    err_console.print(f"{sum(len(c) for _, c in results)} claim(s) in {len(results)} file(s)", highlight=False)


def _file_date(value: str | None) -> str | None:
    try:
        return parse_partial_date(value) if value else None
    except ValueError:
        return None  # a file's own damaged date is ignored rather than failing the run


def _value_text(claim: ExtractedClaim) -> str:
    return ", ".join(f"{name}={claim.values[name]}" for name in KIND_FIELDS[claim.kind]
                     if claim.values[name] is not None)
