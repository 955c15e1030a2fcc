"""The report as JSON and as Markdown: the same content as the HTML and PDF editions, from the same dict."""

from __future__ import annotations

import json
from typing import Any


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _refs(notes: list[int]) -> str:
    return "".join(f"[^{n}]" for n in notes)


def _banner(report: dict[str, Any]) -> str:
    if report["draft"]:
        return (f"> **DRAFT — not for publication.** {report['pending_review']} claim(s) await review "
                f"and are not in this draft.\n")
    return ""


def _date(row: dict[str, Any]) -> str:
    return (row["date"] or "undated") + (" (published)" if row["dated_by_publication"] else "")


def _figures_table(rows: list[dict[str, Any]]) -> list[str]:
    out = ["| Figure | Category | Place | Date | Attributed to | Source | Reliability | Note |",
           "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {_cell(r['figure'])}{_refs(r['notes'])} | {_cell(r['category'])} | {_cell(r['place'])} | "
                   f"{_cell(_date(r))} | {_cell(r['attributed_to'])} | {_cell(r['publisher'])} | "
                   f"{_cell(r['reliability'])} | {_cell(' '.join([*r['flags'], r['caveat'] or '']).strip())} |")
    return out


def _presence_table(rows: list[dict[str, Any]]) -> list[str]:
    out = ["| Evidence | Place | Date | Attributed to | Source | Reliability |", "|---|---|---|---|---|---|"]
    for r in rows:
        evidence = f"“{r['quote']}”" if r["quote"] else r["text"]
        out.append(f"| {_cell(evidence)}{_refs(r['notes'])} | {_cell(r['place'])} | {_cell(_date(r))} | "
                   f"{_cell(r['attributed_to'])} | {_cell(r['publisher'])} | {_cell(r['reliability'])} |")
    return out


def _country(c: dict[str, Any]) -> str:
    """The country, then the places its accepted claims name: 'China (CN): Dandong, Hunchun'."""
    places = f": {', '.join(c['places'])}" if c["places"] else ""
    return f"{c['country_name']} ({c['country']}){places}"


def render_markdown(report: dict[str, Any]) -> str:
    s = report["summary"]
    restricted = ["> **RESTRICTED EDITION — contains restricted sources; do not publish.**", ""] \
        if report["edition"] == "restricted" else []
    lines = [f"# {report['title']}", "", *restricted, _banner(report),
             f"Edition: **{report['edition']}** · as of {report['as_of'] or 'all dates'} · generated "
             f"{report['generated_at']} by {report['generator']}", "",
             f"{s['host_countries']} host countries, {s['repatriating_countries']} countries returning refugees, "
             f"{s['employers']} employers and dispatchers, {s['figures']} footnoted records from {s['sources']} "
             "sources. Every figure is one source's own claim; figures are never added across sources.", ""]
    lines += ["## (b)(1) Countries that forcibly repatriate North Korean refugees", _banner(report)]
    for c in report["b1_forced_repatriation"]:
        lines.append(f"### {c['country_name']} ({c['country']})")
        for e in c["events"]:
            extra = f" — {e['caveat']}" if e["caveat"] else ""
            lines.append(f"- {e['date'] or 'undated'}: {e['figure']} {_refs(e['notes'])} {e['text'] or ''}{extra}")
        for a in c["agreements"]:
            lines.append(f"- Agreement: {a['date'] or 'undated'} {a['text']} {_refs(a['notes'])}")
        lines.append("")
    lines += ["## (b)(2) Countries where North Korean laborers work", _banner(report),
              "| Country | Estimate | As of | Trend | Independent sources | Confidence | Formal arrangement |",
              "|---|---|---|---|---|---|---|"]
    for c in report["b2_host_countries"]:
        e, fa = c["estimate"], c["formal_arrangement"]
        flag = " ⚑ conflicting figures" if e["conflict"] else ""
        text = f"*{e['text']}*" if c["presence_only"] else e["text"]
        lines.append(f"| {_cell(_country(c))} | {text}{_refs(e['notes'])}{flag} | "
                     f"{e['as_of'] or ''} | {e['trend']} | {e['independent_sources']} | {e['confidence']} | "
                     f"{fa['value']}{_refs(fa['notes'])} |")
    lines.append("")
    for c in report["b2_host_countries"]:
        e = c["estimate"]
        lines += [f"### {c['country_name']} ({c['country']})", ""]
        if c["presence_only"]:
            lines.append(f"- Estimate: {e['text']} {_refs(e['notes'])}; {e['basis']}.")
        else:
            lines.append(f"- Estimate: {e['text']} (as of {e['as_of'] or 'unknown'}) {_refs(e['notes'])}; "
                         f"{e['basis']}.")
        lines += [f"- Independent sources: {e['independent_sources']} ({'; '.join(e['originators'])})",
                  f"- Trend: {e['trend']} ({e['trend_basis']})",
                  f"- Places: {', '.join(c['places']) or 'not stated'}",
                  f"- Categories: {', '.join(c['categories']) or 'not stated'}",
                  f"- Sectors: {', '.join(c['sectors']) or 'not stated'}",
                  f"- Employers: {', '.join(c['employers']) or 'none recorded'}",
                  f"- Formal arrangement: {c['formal_arrangement']['value']} — "
                  f"{c['formal_arrangement']['evidence']} {_refs(c['formal_arrangement']['notes'])}"]
        for a in c["actions"]:
            lines.append(f"- Host-government action, {a['date'] or 'undated'}: {a['text']} {_refs(a['notes'])}")
        if e["side_by_side"]:
            lines += ["", f"Conflicting figures for {e['period']}, side by side:", ""]
            lines += _figures_table(e["side_by_side"])
        if c["records"]:
            lines += ["", "Every accepted figure, each its own record:", "", *_figures_table(c["records"])]
        if c["presence"]:
            lines += ["", "Evidence of North Korean laborers without a figure, never counted in an estimate:", "",
                      *_presence_table(c["presence"])]
        lines.append("")
    if report["global_figures"]:
        lines += ["### Worldwide figures (not a sum of the countries)", "", *_figures_table(report["global_figures"])]
        lines.append("")
    lines += ["## (b)(3) Foreign persons that employ North Korean laborers", _banner(report),
              "| Name | Role | Home | Host countries | Sectors | Designations | Evidence |",
              "|---|---|---|---|---|---|---|"]
    for p in report["b3_employers"]:
        marks = "; ".join(f"{d['authority']} {d['id']} {d.get('programs') or ''} ({d['basis']})".strip()
                          for d in p["designations"]) or "none found"
        lines.append(f"| {_cell(p['name'])} | {_cell(', '.join(p['roles']))} | {_cell(p['home_country'])} | "
                     f"{_cell(', '.join(p['host_countries']))} | {_cell(', '.join(p['sectors']))} | {_cell(marks)} | "
                     f"{_refs(p['notes'])} |")
    lines += ["", "## (c) Engagement annex", _banner(report)]
    for c in report["c_engagement"]["countries"]:
        lines.append(f"### {c['country_name']} ({c['country']})")
        for e in c["engagements"]:
            promise = f" Commitment: {e['commitment']}" if e["commitment"] else ""
            lines.append(f"- {e['date']} {e['kind']}: {e['summary']}{promise}")
        lines.append("")
    without = ", ".join(f"{c['country_name']} ({c['country']})" for c in report["c_engagement"]["without"])
    lines += [f"Host countries with no recorded engagement: {without or 'none'}.", ""]
    lines += ["## Figures over time", "", "Plotted figures (year, low, high, footnote) per main host country:", ""]
    for code, rows in report["chart"].items():
        lines.append(f"- {code}: " + "; ".join(f"{y} {lo if lo is not None else '…'}–{hi if hi is not None else '…'}"
                                                 f"[^{n}]" for y, lo, hi, n in rows))
    lines += ["", "## Appendix: sources", _banner(report)]
    for src in report["sources"]:
        where = src["url"] or (f"stored document sha256:{src['document_sha256']}" if src["document_sha256"] else "")
        lines.append(f"- {src['publisher'] or 'unknown publisher'}, {src['date'] or 'undated'}"
                     f"{', ' + src['title'] if src['title'] else ''} — {where} ({src['reliability'] or 'ungraded'}); "
                     f"notes {', '.join(str(n) for n in src['footnotes'])}")
    lines.append("")
    for n in report["footnotes"]:
        lines.append(f"[^{n['n']}]: {footnote_text(n)}")
    return "\n".join(lines) + "\n"


def footnote_text(n: dict[str, Any]) -> str:
    parts = [n["publisher"] or "unknown publisher", n["date"] or "undated"]
    if n["url"]:
        parts.append(n["url"])
    if n["attributed_to"]:
        parts.append(f"figure attributed to {n['attributed_to']}")
    if n["quote"]:
        parts.append(f"quote: “{n['quote']}”")
    if n["document_sha256"]:
        parts.append(f"document SHA-256 {n['document_sha256']}" + (f", page {n['page']}" if n["page"] else ""))
    if n["caveat"]:
        parts.append(n["caveat"])
    if n["restricted"]:
        parts.append("RESTRICTED SOURCE")
    parts.append(f"claim {n['claim_id'][:12]}")
    return "; ".join(_cell(p) for p in parts)
