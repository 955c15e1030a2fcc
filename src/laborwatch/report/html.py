"""The report as one self-contained HTML file, and as PDF through WeasyPrint.

Everything the page needs is inside it: inline CSS, inline SVG for the map and chart, no scripts, no web fonts,
no images by URL. Source URLs appear only as links, which a browser does not fetch until clicked. The PDF is
the same HTML; WeasyPrint gets a URL fetcher that refuses everything, so it cannot reach out either.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from laborwatch.report.charts import time_chart, world_map


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("laborwatch.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    env.globals["refs"] = refs
    env.globals["figures"] = figures_table
    return env


def refs(notes: list[int]) -> Markup:
    """Footnote markers: each a link to its note, so a reader reaches the source in one click."""
    return Markup("".join(f'<sup><a href="#fn-{n}">{n}</a></sup>' for n in notes))


def figures_table(rows: list[dict[str, Any]]) -> Markup:
    """A table of figures, each its own dated, sourced record (built directly: thousands of rows stay fast)."""
    out = ['<table class="figures"><tr><th>Figure</th><th>Category</th><th>Date</th><th>Attributed to</th>'
           "<th>Source</th><th>Reliability</th><th>Note</th></tr>"]
    for r in rows:
        date = escape(r["date"] or "undated") + (" <span class='small muted'>(published)</span>"
                                                 if r["dated_by_publication"] else "")
        note = " ".join([*r["flags"], r["caveat"] or ""]).strip()
        out.append(f"<tr><td>{escape(r['figure'])}{refs(r['notes'])}</td><td>{escape(r['category'] or '')}</td>"
                   f"<td>{date}</td><td>{escape(r['attributed_to'] or '')}</td>"
                   f"<td>{escape(r['publisher'] or '')}</td><td>{escape(r['reliability'] or '')}</td>"
                   f"<td>{escape(note)}</td></tr>")
    out.append("</table>")
    return Markup("".join(out))


def render_html(report: dict[str, Any]) -> str:
    template = _environment().get_template("report.html.j2")
    return template.render(r=report, map_svg=world_map(report["b2_host_countries"]),
                           chart_svg=time_chart(report["chart"]))


class OfflineFetchError(OSError):
    """WeasyPrint asked for a resource; reports must not load anything from outside the file."""


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise OfflineFetchError(f"the report tried to load {url!r}; reports load nothing from outside")


def render_pdf(report: dict[str, Any], out: Path) -> None:
    from weasyprint import HTML

    HTML(string=render_html(report), url_fetcher=_no_fetch).write_pdf(str(out))
