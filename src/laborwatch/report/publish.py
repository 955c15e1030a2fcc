"""Writing a report file: pick the format, build the content once, write it atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from laborwatch.report.collect import ReportOptions
from laborwatch.report.html import render_html, render_pdf
from laborwatch.report.model import build_report
from laborwatch.report.text_formats import render_json, render_markdown
from laborwatch.store.db import Store

FORMATS = ("html", "pdf", "md", "json")
SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md", ".markdown": "md", ".json": "json"}


class ReportFormatError(ValueError):
    """The requested output format is unknown or cannot be told from the file name."""


def format_for(out: Path, fmt: str | None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise ReportFormatError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        return fmt
    guessed = SUFFIXES.get(out.suffix.lower())
    if guessed is None:
        raise ReportFormatError(f"cannot tell the format from {out.name!r}; pass --format {'|'.join(FORMATS)}")
    return guessed


def write_rendered(report: dict[str, Any], out: Path, fmt: str) -> Path:
    """Write one format to ``out`` through a temporary file, so a failed build leaves no half-written report."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if fmt == "pdf":
            render_pdf(report, tmp)
        else:
            text = {"html": render_html, "md": render_markdown, "json": render_json}[fmt](report)
            tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out


def write_report(store: Store, out: Path, *, fmt: str | None = None,
                 options: ReportOptions | None = None) -> dict[str, Any]:
    """Build the report from the store and write it; returns the report data (for summaries)."""
    chosen = format_for(out, fmt)
    report = build_report(store, options or ReportOptions())
    write_rendered(report, out, chosen)
    return report
