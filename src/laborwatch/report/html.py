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
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from laborwatch.report.charts import time_chart, world_map


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("laborwatch.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    env.globals["refs"] = refs
    env.globals["figures"] = figures_table
    env.globals["presence"] = presence_table
    env.globals["footnotes"] = footnotes_list
    env.globals["sources"] = sources_table
    return env


def refs(notes: list[int]) -> Markup:
    """Footnote markers: each a link to its note, so a reader reaches the source in one click."""
    return Markup("".join(f'<sup><a href="#fn-{n}">{n}</a></sup>' for n in notes))


# The long parts (records, notes, sources) are built here rather than in the template: with ten thousand claims
# this is several times faster, and HTML's optional end tags (</td>, </tr>, </li>) are left out to keep the
# single file small.


def figures_table(rows: list[dict[str, Any]]) -> Markup:
    """A table of figures, each its own dated, sourced record."""
    out = ['<table class="figures"><tr><th style="width:12%">Figure<th style="width:9%">Category'
           '<th style="width:10%">Place<th style="width:10%">Date<th style="width:18%">Attributed to'
           '<th style="width:19%">Source<th style="width:8%">Reliability<th style="width:14%">Note']
    for r in rows:
        note = " ".join([*r["flags"], r["caveat"] or ""]).strip()
        out.append(f"<tr><td>{escape(r['figure'])}{refs(r['notes'])}<td>{escape(r['category'] or '')}"
                   f"<td>{escape(r['place'] or '')}<td>{_date(r)}<td>{escape(r['attributed_to'] or '')}"
                   f"<td>{escape(r['publisher'] or '')}<td>{escape(r['reliability'] or '')}<td>{escape(note)}")
    out.append("</table>")
    return Markup("".join(out))


def presence_table(rows: list[dict[str, Any]]) -> Markup:
    """Presence evidence: each source's own words that North Koreans work there, with no number to show."""
    out = ['<table class="presence"><tr><th style="width:38%">Evidence<th style="width:10%">Place'
           '<th style="width:10%">Date<th style="width:16%">Attributed to<th style="width:18%">Source'
           '<th style="width:8%">Reliability']
    for r in rows:
        evidence = f"<q>{escape(r['quote'])}</q>" if r["quote"] else escape(r["text"])
        out.append(f"<tr><td>{evidence}{refs(r['notes'])}<td>{escape(r['place'] or '')}<td>{_date(r)}"
                   f"<td>{escape(r['attributed_to'] or '')}<td>{escape(r['publisher'] or '')}"
                   f"<td>{escape(r['reliability'] or '')}")
    out.append("</table>")
    return Markup("".join(out))


def _date(row: dict[str, Any]) -> str:
    return escape(row["date"] or "undated") + (" <i>(published)</i>" if row["dated_by_publication"] else "")


def footnotes_list(notes: list[dict[str, Any]]) -> Markup:
    """Numbered notes: publisher, date, link, attribution, and for a stored document its quote and SHA-256."""
    out = ['<ol class="footnotes">']
    for n in notes:
        parts = [f"<li id=fn-{n['n']}>{escape(n['publisher'] or 'unknown publisher')}, "
                 f"{escape(n['date'] or 'undated')}"]
        if n["url"]:
            url = escape(n["url"])
            parts.append(f', <a href="{url}">{url}</a>' if _linkable(n["url"]) else f", {url}")
        if n["attributed_to"]:
            parts.append(f"; per {escape(n['attributed_to'])}")
        if n["quote"]:
            parts.append(f"; <q>{escape(n['quote'])}</q>")
        if n["document_sha256"]:
            parts.append(f"; document SHA-256 <code>{n['document_sha256']}</code>")
            if n["page"]:
                parts.append(f", page {n['page']}")
        if n["caveat"]:
            parts.append(f"; {escape(n['caveat'])}")
        if n["restricted"]:
            parts.append(" <b>[restricted source]</b>")
        parts.append(f" <small>(claim {n['claim_id'][:12]}, {escape(n['reliability'] or 'ungraded')})</small>")
        out.append("".join(parts))
    out.append("</ol>")
    return Markup("".join(out))


def _linkable(url: str) -> bool:
    """Only web addresses become links: a stored ``javascript:`` or ``data:`` URL stays inert text."""
    return urlsplit(url.strip()).scheme.lower() in ("http", "https")


def _host(url: str) -> str:
    host = urlsplit(url).netloc
    return host or url


def sources_table(sources: list[dict[str, Any]]) -> Markup:
    """The appendix: each source once, linked (the notes carry the full address), with the notes citing it."""
    out = ['<table><tr><th style="width:32%">Publisher<th style="width:10%">Date<th style="width:30%">Where'
           '<th style="width:10%">Reliability<th style="width:18%">Notes']
    for s in sources:
        title = f"<br><small>{escape(s['title'])}</small>" if s["title"] else ""
        where = ""
        if s["url"]:
            where = (f'<a href="{escape(s["url"])}">{escape(_host(s["url"]))}</a>' if _linkable(s["url"])
                     else escape(s["url"]))
        if s["document_sha256"]:
            where += f"<br><code>sha256:{s['document_sha256']}</code>"
        out.append(f"<tr><td>{escape(s['publisher'] or 'unknown')}{title}<td>{escape(s['date'] or '')}<td>{where}"
                   f"<td>{escape(s['reliability'] or 'ungraded')}<td>{refs(s['footnotes'])}")
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
