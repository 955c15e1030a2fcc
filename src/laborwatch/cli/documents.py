"""``laborwatch add``, ``documents`` and ``show``: getting evidence in and looking at it."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table
from sqlalchemy import func, select

from laborwatch.cli.common import console, err_console, fail, progress
from laborwatch.evidence.intake import DocumentMetadata, add_paths, find_document, iter_files
from laborwatch.review.claims import NOT_WITHDRAWN
from laborwatch.settings import load_settings
from laborwatch.store import open_store
from laborwatch.store.models import Claim, Document


def register(app: typer.Typer) -> None:
    app.command("add")(add)
    app.command("documents")(documents)
    app.command("show")(show)


def add(
    paths: list[Path] = typer.Argument(..., help="Files or folders of .txt, .md, .html, .pdf or .docx."),
    title: str | None = typer.Option(None, help="Title (overrides the document's own)."),
    publisher: str | None = typer.Option(None, help="Publisher or outlet (overrides the document's own)."),
    published: str | None = typer.Option(None, help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD."),
    url: str | None = typer.Option(None, help="Where the document was published."),
    language: str | None = typer.Option(None, help="Language code, e.g. en or ko (guessed when not given)."),
    restricted: bool = typer.Option(False, "--restricted",
                                    help="Protect the source's identity: kept out of every public output."),
    actor: str | None = typer.Option(None, "--as", help="Who adds it (default LABORWATCH_USER or the OS user)."),
) -> None:
    """Store documents: original bytes by SHA-256, their text, and their metadata."""
    settings = load_settings()
    try:
        metadata = DocumentMetadata(title=title, publisher=publisher, published=published, url=url,
                                    language=language, restricted=restricted)
    except ValueError as exc:
        fail(f"--published: {exc}")
    store = open_store(settings)
    files = list(iter_files(paths))
    if not files:
        fail("no files found in " + ", ".join(str(p) for p in paths))
    counts = {"added": 0, "duplicate": 0, "error": 0}
    for result in progress(add_paths(store, files, actor=actor or settings.user, metadata=metadata),
                           total=len(files), label="adding documents"):
        counts[result.status] += 1
        if result.status == "error":
            err_console.print(f"[red]error:[/] {result.path}: {result.message}", highlight=False)
        else:
            console.print(f"{result.path}: {result.message}", highlight=False)
    console.print(f"{counts['added']} added, {counts['duplicate']} already stored, {counts['error']} failed",
                  highlight=False)
    if counts["error"]:
        raise typer.Exit(1)


def documents(
    output: str = typer.Option("table", "--format", help="table or json."),
) -> None:
    """List stored documents with their claim counts."""
    store = open_store()
    with store.transaction() as session:
        counts = dict(session.execute(
            select(Claim.document_sha256, func.count()).where(Claim.superseded_by.is_(None), NOT_WITHDRAWN)
            .group_by(Claim.document_sha256)).all())
        rows = session.scalars(select(Document).order_by(Document.added_at, Document.sha256)).all()
    if output == "json":
        typer.echo(json.dumps([_summary(d, counts.get(d.sha256, 0)) for d in rows], ensure_ascii=False, indent=1))
        return
    if output != "table":
        fail(f"--format must be table or json, not {output!r}")
    table = Table(title=f"{len(rows)} documents")
    for column in ("id", "title", "publisher", "published", "type", "claims", "restricted"):
        table.add_column(column)
    for d in rows:
        table.add_row(d.sha256[:12], d.title or "", d.publisher or "", d.published or "",
                      d.media_type.split("/")[-1][:10], str(counts.get(d.sha256, 0)), "yes" if d.restricted else "")
    console.print(table)


def show(
    document: str = typer.Argument(..., help="Document id (SHA-256 or a unique prefix of 6+ characters)."),
    text_only: bool = typer.Option(False, "--text", help="Print only the document text."),
) -> None:
    """Show a document's metadata and text."""
    store = open_store()
    with store.transaction() as session:
        try:
            doc = find_document(session, document)
        except LookupError as exc:
            fail(str(exc))
    if text_only:
        typer.echo(doc.text)
        return
    table = Table(show_header=False, box=None)
    for key, value in _summary(doc, None).items():
        if value not in (None, ""):
            origin = doc.metadata_origin.get(key)
            table.add_row(f"[bold]{key}[/]", f"{value}" + (f"  [dim](from {origin})[/]" if origin else ""))
    console.print(table)
    console.rule("text")
    console.print(doc.text, highlight=False, markup=False)


def _summary(doc: Document, claims: int | None) -> dict[str, object]:
    summary: dict[str, object] = {
        "id": doc.sha256, "title": doc.title, "publisher": doc.publisher, "published": doc.published,
        "url": doc.url, "language": doc.language, "restricted": doc.restricted, "filename": doc.filename,
        "media_type": doc.media_type, "size": doc.size, "pages": len(doc.page_starts) if doc.page_starts else None,
        "added_at": doc.added_at.isoformat(timespec="seconds"), "added_by": doc.added_by,
    }
    if claims is not None:
        summary["claims"] = claims
    return summary
