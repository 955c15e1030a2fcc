"""Regenerate the evidence pack (``src/laborwatch/data/evidence_pack/``) from the curated facts in ``../shared/facts``.

A development tool, not used at run time: the pack it writes is committed, so LaborWatch works without
``../shared``. Run ``python -m laborwatch.reconcile.build_pack [FACTS_DIR]``.

The pack keeps figures, dates, publishers, URLs and reliability grades. Its wording (``summary`` and ``caveat``)
is generated here from the structured fields, so no sentence of any source or of the curator is carried over.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path

PACK_DIR = Path(__file__).resolve().parent.parent / "data" / "evidence_pack"
DEFAULT_FACTS = Path(__file__).resolve().parents[3].parent / "shared" / "facts"

COLUMNS = (
    "pack_id", "kind", "country", "count", "low", "high", "qualifier", "category", "sector", "employer",
    "action", "event_date", "as_of", "attributed_to", "name", "role", "aliases", "home_country", "parent",
    "designations", "flags", "summary", "caveat", "publisher", "source_date", "url", "reliability",
)

QUALIFIER_WORDS = {
    "exact": "", "about": "about ", "more_than": "more than ", "up_to": "up to ", "less_than": "fewer than ",
    "range": "",
}
CATEGORY_WORDS = {
    "all": "DPRK workers", "it_worker": "DPRK IT workers", "permits": "valid work permits or quota places",
    "visas_issued": "visas or entries", "repatriated": "DPRK workers sent home", "remaining": "DPRK workers remaining",
}
# Figures that summarise others or that did not (yet) happen: shown, never treated as one more event or figure.
CUMULATIVE = {"WE-018", "WE-019", "FR-007"}
PENDING = {"FR-008"}


def _rows(path: Path) -> list[dict[str, str]]:
    # keep_default_na matters only to pandas; csv keeps "NA" (Namibia) as text already.
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _stem(pack_id: str) -> str:
    return re.sub(r"-[a-z]$", "", pack_id)


def _number(text: str) -> str:
    return f"{int(text):,}" if text else ""


def _figure(row: dict[str, str], point: str, low: str, high: str) -> str:
    qual = row["qualifier"]
    if qual == "range":
        return f"{_number(low)} to {_number(high)}"
    value = point or (low if qual == "more_than" else high)
    return f"{QUALIFIER_WORDS.get(qual, '')}{_number(value)}"


def _caveat(doubt: str, note: str, pack_id: str) -> str:
    """Short own-words caveats derived from the curator's doubt flags (never their text)."""
    parts: list[str] = []
    low = doubt.lower()
    if "report ⚠" in doubt:
        parts.append("The research report raises a doubt here.")
    if "conflict" in low or "inconsistent" in low:
        parts.append("Another source gives a different figure.")
    if "mapping" in low and "inferred" in low:
        parts.append("Which source carries the figure was inferred.")
    if "truncated" in low:
        parts.append("Source address incomplete.")
    if "approximate" in low:
        parts.append("Date or figure approximate.")
    if "quota" in note.lower():
        parts.append("An annual quota: a ceiling, not a head count.")
    if _stem(pack_id) in CUMULATIVE:
        parts.append("A running total of other figures: never add it to them.")
    if pack_id in PENDING:
        parts.append("Pending: people held for return, not a completed return.")
    if doubt and not parts:
        parts.append("The curator noted a provenance caveat.")
    return " ".join(parts)


def _source(row: dict[str, str]) -> tuple[str, str]:
    """(url, publisher) with non-web citations (``nourl:``, ``owner/repo:path``) kept out of the url column."""
    url, publisher = row["source_url"], row.get("source_publisher", "")
    if url.startswith("nourl:"):
        return "", publisher or "unlinked source"
    if not url.startswith("http"):
        return "", f"{publisher} (repository file {url})".strip() if publisher else f"repository file {url}"
    return url, publisher


def worker_rows(facts: Path) -> Iterable[dict[str, str]]:
    for r in _rows(facts / "worker_estimates.csv"):
        url, publisher = _source(r)
        figure = _figure(r, r["count_point"], r["count_low"], r["count_high"])
        where = "worldwide" if r["host_country"] == "WORLD" else f"in {r['host_country']}"
        flags = "cumulative" if _stem(r["id"]) in CUMULATIVE else ""
        if "quota" in r["note"].lower() and "ceiling" in r["note"].lower():
            flags = "ceiling"
        yield {
            "pack_id": r["id"], "kind": "worker_count", "country": r["host_country"], "count": r["count_point"],
            "low": r["count_low"], "high": r["count_high"], "qualifier": r["qualifier"], "category": r["category"],
            "sector": r["sectors"], "employer": r["dispatcher_or_employer"], "as_of": r["as_of"],
            "attributed_to": r["attributed_to"], "flags": flags,
            "summary": f"{figure} {CATEGORY_WORDS.get(r['category'], r['category'])} {where}"
                       f"{', as of ' + r['as_of'] if r['as_of'] else ''}.",
            "caveat": _caveat(r["doubt"], r["note"], r["id"]),
            "publisher": publisher, "source_date": r["source_date"], "url": url, "reliability": r["reliability"],
        }


def repatriation_rows(facts: Path) -> Iterable[dict[str, str]]:
    for r in _rows(facts / "forced_repatriations.csv"):
        url, publisher = _source(r)
        figure = _figure(r, r["count_point"], r["count_low"], r["count_high"])
        flags = "cumulative" if _stem(r["id"]) in CUMULATIVE else ("pending" if r["id"] in PENDING else "")
        verb = "held for forced return to the DPRK by" if flags == "pending" else "forcibly returned to the DPRK by"
        yield {
            "pack_id": r["id"], "kind": "forced_repatriation", "country": r["returning_country"],
            "count": r["count_point"], "low": r["count_low"], "high": r["count_high"], "qualifier": r["qualifier"],
            "event_date": r["date"], "as_of": r["date"], "flags": flags,
            "summary": f"{figure} North Koreans {verb} {r['returning_country']}"
                       f"{', ' + r['date'] if r['date'] else ''}.",
            "caveat": _caveat(r["doubt"], "", r["id"]),
            "publisher": publisher, "source_date": r["source_date"], "url": url, "reliability": r["reliability"],
        }


ACTION_WORDS = {
    "readmission_agreement": "agreement or protocol with the DPRK on returning border-crossers",
    "repatriate_workers": "DPRK workers sent home", "stop_new_visas": "no new visas for DPRK workers",
    "no_renewal": "DPRK work permits not renewed", "close_businesses": "DPRK-linked businesses ordered closed",
    "expel": "DPRK workers expelled", "other": "other measure or finding on DPRK nationals",
}


def policy_rows(facts: Path) -> Iterable[dict[str, str]]:
    for r in _rows(facts / "host_policy_actions.csv"):
        url, publisher = _source(r)
        yield {
            "pack_id": r["id"], "kind": "policy_action", "country": r["country"], "action": r["action"],
            "event_date": r["date"], "as_of": r["date"],
            "summary": f"{r['country']}: {ACTION_WORDS.get(r['action'], r['action'])}"
                       f"{' (' + r['date'] + ')' if r['date'] else ''}.",
            "caveat": _caveat(r["doubt"], "", r["id"]),
            "publisher": publisher, "source_date": r["source_date"], "url": url, "reliability": r["reliability"],
        }


def un_report_rows(facts: Path) -> Iterable[dict[str, str]]:
    kinds = {"midterm": "mid-term report", "final": "final report", "nir": "implementation report",
             "statement": "statement"}
    for r in _rows(facts / "un2397_reports.csv"):
        url, publisher = _source(r)
        parts = [f"{r['member_state']} {kinds.get(r['report_kind'], r['report_kind'])} on UNSCR 2397"]
        if r["repatriated_count"]:
            parts.append(f"{_number(r['repatriated_count'])} sent home")
        if r["remaining_count"]:
            parts.append(f"{_number(r['remaining_count'])} remaining")
        if r["baseline_count"]:
            parts.append(f"baseline {_number(r['baseline_count'])}")
        yield {
            "pack_id": r["id"], "kind": "policy_action", "country": r["member_state"], "action": "un2397_report",
            "count": r["repatriated_count"], "low": r["remaining_count"], "high": r["baseline_count"],
            "event_date": r["submitted_date"], "as_of": r["submitted_date"], "category": r["report_kind"],
            "summary": "; ".join(parts) + ".", "caveat": _caveat(r["doubt"], "", r["id"]),
            "publisher": publisher, "source_date": "", "url": url, "reliability": r["reliability"],
        }


def employer_rows(facts: Path) -> Iterable[dict[str, str]]:
    sources = {s["url"]: s for s in _rows(facts / "sources.csv")}
    listings: dict[str, list[str]] = {}
    for d in _rows(facts / "designations.csv"):
        listings.setdefault(d["entity_name"], []).append(
            f"{d['authority']}:{d['authority_id']}:{d['programs'].replace(';', '+')}:{d['listing_date']}")
    for r in _rows(facts / "organizations.csv"):
        url, _ = _source(r)
        src = sources.get(r["source_url"], {})
        hosts = [h for h in r["host_countries"].split(";") if h] or [r["country"]]
        for host in hosts:
            yield {
                "pack_id": f"{r['id']}-{host or 'XX'}", "kind": "employer", "country": host, "name": r["name"],
                "role": r["role"], "aliases": r["aliases"], "home_country": r["country"], "parent": r["parent"],
                "sector": r["sectors"], "designations": "|".join(listings.get(r["name"], [])),
                "summary": f"{r['name']}: {r['role'].replace('_', ' ')} in the DPRK labour-export chain"
                           f"{' (home ' + r['country'] + ')' if r['country'] else ''}"
                           f"{', linked to workers in ' + host if host and host != r['country'] else ''}.",
                "caveat": _caveat(r["doubt"], "", r["id"]),
                "publisher": src.get("publisher", "") if url else _source(
                    {"source_url": r["source_url"], "source_publisher": src.get("publisher", "")})[1],
                "source_date": src.get("source_date", ""), "url": url,
                "reliability": src.get("reliability", ""),
            }


def build(facts: Path, out: Path = PACK_DIR) -> dict[str, int]:
    rows = [*worker_rows(facts), *repatriation_rows(facts), *policy_rows(facts), *un_report_rows(facts),
            *employer_rows(facts)]
    out.mkdir(parents=True, exist_ok=True)
    with (out / "claims.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["kind"]] = counts.get(row["kind"], 0) + 1
    version = date.today().strftime("%Y.%m")
    lines = [f'version = "{version}"',
             'built_from = "shared/facts (sourced desk study, one row per figure per source)"',
             f"rows = {len(rows)}", "", "[kinds]", *(f"{k} = {v}" for k, v in sorted(counts.items()))]
    (out / "pack.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return counts


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FACTS
    print(build(source))
