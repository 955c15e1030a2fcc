"""The report as data: every section built from accepted figures, each figure numbered to its footnote.

``build_report`` returns a plain, JSON-ready dict; every renderer (HTML, PDF, Markdown, JSON) draws from that one
dict, so all formats carry the same content.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from laborwatch import __version__
from laborwatch.reconcile.estimates import Estimate, estimate_country, independent_originators, series
from laborwatch.reconcile.figures import Figure, normalise_originator
from laborwatch.report.collect import (
    PendingClaimsError,
    ReportOptions,
    accepted_figures,
    canonical_entities,
    designations,
    engagements,
    pending_claim_ids,
)
from laborwatch.report.geo import country_name
from laborwatch.store.db import Store, utcnow

# Host-government steps that end DPRK labour: evidence that no formal arrangement stands (after the last one seen).
# Ending a labour agreement (end_labor_agreement) is one of them, never a new arrangement.
ENDING_ACTIONS = ("stop_new_visas", "no_renewal", "repatriate_workers", "expel", "ban_hiring", "end_labor_agreement")
# Steps that evidence a government-to-government arrangement to employ DPRK workers.
ARRANGEMENT_ACTIONS = ("labor_agreement", "labour_agreement", "formal_arrangement", "quota_agreement")
REFUGEE_ACTIONS = ("readmission_agreement",)
CATEGORY_WORDS = {"all": "workers (unspecified)", "civilian": "civilians", "soldier": "soldiers",
                  "it_worker": "IT workers", "permits": "permit holders", "remaining": "workers remaining",
                  "other": "other"}
CHART_COUNTRIES = 6
# What (b)(2) says of a country whose accepted evidence has no figure at all: they work there, uncounted.
PRESENT_NO_FIGURE = "present, no figure"


class Footnotes:
    """Numbers each figure once, in order of first use, and gathers the sources appendix."""

    def __init__(self) -> None:
        self.by_claim: dict[str, int] = {}
        self.notes: list[dict[str, Any]] = []

    def ref(self, figure: Figure) -> int:
        number = self.by_claim.get(figure.claim_id)
        if number is None:
            number = len(self.notes) + 1
            self.by_claim[figure.claim_id] = number
            s = figure.source
            self.notes.append({
                "n": number, "claim_id": figure.claim_id, "publisher": s.publisher, "title": s.title,
                "date": s.date, "url": s.url, "reliability": s.reliability, "quote": s.quote,
                "document_sha256": s.document_sha256, "page": s.page, "attributed_to": figure.attributed_to,
                "caveat": figure.caveat, "restricted": figure.restricted, "source_key": s.key(),
            })
        return number

    def refs(self, figures: Iterable[Figure]) -> list[int]:
        return sorted({self.ref(f) for f in figures})

    def sources(self) -> list[dict[str, Any]]:
        grouped: dict[str, dict[str, Any]] = {}
        for note in self.notes:
            entry = grouped.setdefault(note["source_key"], {
                "publisher": note["publisher"], "title": note["title"] if note["document_sha256"] else None,
                "date": note["date"], "url": note["url"], "reliability": note["reliability"],
                "document_sha256": note["document_sha256"], "footnotes": []})
            entry["footnotes"].append(note["n"])
        return sorted(grouped.values(), key=lambda e: ((e["publisher"] or "").casefold(), e["date"] or ""))


def _figure_row(f: Figure, notes: Footnotes) -> dict[str, Any]:
    return {"claim_id": f.claim_id, "figure": f.text(), "count": f.count, "low": f.low, "high": f.high,
            "qualifier": f.qualifier, "category": f.category, "place": f.extra.get("place"), "date": f.date,
            "dated_by_publication": f.dated_by_publication, "attributed_to": f.attributed_to,
            "publisher": f.source.publisher, "reliability": f.source.reliability, "flags": list(f.flags),
            "caveat": f.caveat, "restricted": f.restricted, "notes": [notes.ref(f)]}


def _estimate_dict(est: Estimate, notes: Footnotes) -> dict[str, Any]:
    return {"text": est.text, "low": est.low, "high": est.high, "open_high": est.open_high, "as_of": est.as_of,
            "period": est.period, "independent_sources": est.independent_sources, "originators": est.originators,
            "conflict": est.conflict, "trend": est.trend, "trend_basis": est.trend_basis,
            "confidence": est.confidence, "basis": est.basis, "notes": notes.refs(est.figures),
            "side_by_side": [_figure_row(f, notes) for f in est.period_figures] if est.conflict else []}


def _presence_row(f: Figure, notes: Footnotes) -> dict[str, Any]:
    """One source saying North Koreans work in the country, without a number: its quote is the evidence."""
    return {"claim_id": f.claim_id, "text": PRESENT_NO_FIGURE, "quote": f.source.quote or f.extra.get("summary"),
            "place": f.extra.get("place"), "category": f.category, "sector": f.extra.get("sector"),
            "employer": f.extra.get("employer"), "date": f.date, "dated_by_publication": f.dated_by_publication,
            "attributed_to": f.attributed_to, "publisher": f.source.publisher, "reliability": f.source.reliability,
            "restricted": f.restricted, "notes": [notes.ref(f)]}


def _presence_estimate(estimate: dict[str, Any], presence: list[Figure], notes: Footnotes) -> dict[str, Any]:
    """The estimate of a country known only from presence claims: never a number, the sources say so."""
    originators = independent_originators(presence)
    latest = max((f.date for f in presence if f.date), default=None)
    return {**estimate, "text": PRESENT_NO_FIGURE, "low": None, "high": None, "open_high": False, "as_of": latest,
            "trend": "unknown", "trend_basis": "no figure to compare",
            "independent_sources": len(originators), "originators": originators, "notes": notes.refs(presence),
            "basis": f"{len(presence)} accepted claim(s) from {len(originators)} independent source(s) say North "
                     "Korean laborers work here without giving a number"}


def _action_row(f: Figure, notes: Footnotes) -> dict[str, Any]:
    action = f.extra.get("action") or "other"
    return {"claim_id": f.claim_id, "action": action, "date": f.extra.get("event_date") or f.as_of,
            "text": f.extra.get("summary") or f.source.quote or action.replace("_", " "),
            "count": f.count, "notes": [notes.ref(f)]}


def _arrangement(actions: list[Figure], notes: Footnotes) -> dict[str, Any]:
    def when(f: Figure) -> str:
        return f.extra.get("event_date") or f.as_of or ""

    made = [f for f in actions if f.extra.get("action") in ARRANGEMENT_ACTIONS]
    ended = [f for f in actions if f.extra.get("action") in ENDING_ACTIONS]
    last_made = max((when(f) for f in made), default=None)
    if ended and (last_made is None or max(when(f) for f in ended) > last_made):
        latest = max(ended, key=when)
        return {"value": "no", "evidence": f"DPRK labour ended by the host government "
                f"({latest.extra.get('action', '').replace('_', ' ')}, {when(latest) or 'undated'})",
                "notes": notes.refs(ended)}
    if made:
        latest = max(made, key=when)
        return {"value": "yes", "evidence": f"government-to-government arrangement recorded "
                f"({latest.extra.get('action', '').replace('_', ' ')}, {when(latest) or 'undated'})",
                "notes": notes.refs(made)}
    return {"value": "unknown", "evidence": "no accepted claim records an arrangement or its end", "notes": []}


def _host_countries(figs: list[Figure]) -> set[str]:
    hosts = set()
    for f in figs:
        if not f.country or f.country in ("WORLD", "KP"):
            continue
        if f.kind in ("worker_count", "presence", "employer") or (
                f.kind == "policy_action" and f.extra.get("action") not in (*REFUGEE_ACTIONS, "other")):
            hosts.add(f.country)
    return hosts


def _split(values: Iterable[str | None]) -> list[str]:
    out: dict[str, None] = {}
    for v in values:
        for part in (v or "").split(";"):
            if part.strip():
                out.setdefault(part.strip(), None)
    return sorted(out, key=str.casefold)


def _b2(by_country: dict[str, list[Figure]], hosts: set[str], notes: Footnotes,
        entity_names: dict[str, str]) -> list[dict[str, Any]]:
    # Rows are built in reading order (largest estimate first), so footnotes number as a reader meets them.
    estimates = {code: estimate_country(code, [f for f in by_country.get(code, []) if f.kind == "worker_count"])
                 for code in hosts}
    rows = []
    for code in sorted(hosts, key=lambda c: (-(estimates[c].high or -1), c)):
        figs = by_country.get(code, [])
        counts = [f for f in figs if f.kind == "worker_count"]
        presence = sorted((f for f in figs if f.kind == "presence"), key=lambda f: (f.date or "", f.claim_id))
        est = estimates[code]
        # A presence claim is never a figure (reconcile.estimates counts worker_count only); a country with no
        # accepted figure at all still appears, marked present, with the presence quotes as its evidence.
        presence_only = bool(presence) and not counts
        estimate = _estimate_dict(est, notes)
        if presence_only:
            estimate = _presence_estimate(estimate, presence, notes)
        employers = [f for f in figs if f.kind == "employer"]
        # Agreements on returning refugees belong to (b)(1), not to the labor picture.
        actions = sorted((f for f in figs
                          if f.kind == "policy_action" and f.extra.get("action") not in REFUGEE_ACTIONS),
                         key=lambda f: (f.extra.get("event_date") or f.as_of or "", f.claim_id))
        names: set[str] = {entity_names.get(f.extra.get("entity_id") or "", f.extra.get("name") or "")
                           for f in employers}
        names |= {str(f.extra["employer"]) for f in counts + presence if f.extra.get("employer")}
        employer_names: list[str] = sorted((n for n in names if n), key=str.casefold)
        rows.append({
            "country": code, "country_name": country_name(code), "estimate": estimate,
            "presence_only": presence_only,
            # Cities, regions and sites the accepted worker counts and presence claims name ("Dandong").
            "places": sorted({str(f.extra["place"]) for f in counts + presence if f.extra.get("place")},
                             key=str.casefold),
            "categories": sorted({CATEGORY_WORDS.get(f.category or "all", f.category or "")
                                  for f in counts + presence
                                  if f.category not in (None, "repatriated", "visas_issued")}),
            "sectors": _split([f.extra.get("sector") for f in figs]),
            "employers": employer_names,
            "actions": [_action_row(f, notes) for f in actions],
            "formal_arrangement": _arrangement(actions, notes),
            "records": [_figure_row(f, notes) for f in sorted(counts, key=lambda f: (f.date or "", f.claim_id))],
            "presence": [_presence_row(f, notes) for f in presence],
        })
    return rows


def _b1(by_country: dict[str, list[Figure]], notes: Footnotes) -> list[dict[str, Any]]:
    # One row per event: several sources reporting the same return (same date, figure and flags) share the
    # row, each keeping its own footnote; the count of rows is never a sum of sources.
    events_by_country: dict[str, dict[tuple[Any, ...], list[Figure]]] = {}
    for code, figs in by_country.items():
        events = sorted((f for f in figs if f.kind == "forced_repatriation"),
                        key=lambda f: (f.extra.get("event_date") or f.as_of or "", f.claim_id))
        grouped: dict[tuple[Any, ...], list[Figure]] = {}
        for f in events:
            grouped.setdefault((f.extra.get("event_date") or f.as_of, f.text(), f.flags), []).append(f)
        if grouped:
            events_by_country[code] = grouped
    rows = []
    for code in sorted(events_by_country, key=lambda c: (-len(events_by_country[c]), c)):
        agreements = [f for f in by_country[code]
                      if f.kind == "policy_action" and f.extra.get("action") in REFUGEE_ACTIONS]
        rows.append({
            "country": code, "country_name": country_name(code),
            "events": [{"claim_ids": [f.claim_id for f in same], "date": date, "figure": text, "flags": list(flags),
                        "caveat": " ".join(sorted({f.caveat for f in same if f.caveat})) or None,
                        "attributed_to": same[0].attributed_to, "sources": len(same),
                        "text": same[0].extra.get("summary") or same[0].source.quote, "notes": notes.refs(same)}
                       for (date, text, flags), same in events_by_country[code].items()],
            "agreements": [_action_row(f, notes) for f in agreements],
        })
    return rows


def _display_names(figs: list[Figure], entities: dict[str, Any]) -> dict[str, str]:
    """The name to print for each entity id: the entity's own name only when a claim visible in this edition
    spells it so. An entity first named by a restricted source keeps that spelling out of a public edition."""
    spelled: dict[str, set[str]] = defaultdict(set)
    for f in figs:
        name = f.extra.get("name") if f.kind == "employer" else f.extra.get("employer")
        if f.extra.get("entity_id") and name:
            spelled[f.extra["entity_id"]].add(name)
    names = {}
    for entity_id, entity in entities.items():
        # Spellings of every id that now resolves to the same entity (merges), as this edition sees them.
        visible = {n for i, e in entities.items() if e.id == entity.id for n in spelled.get(i, set())}
        if visible:
            names[entity_id] = entity.name if entity.name in visible else sorted(visible)[0]
    return names


def _b3(figs: list[Figure], notes: Footnotes, entities: dict[str, Any],
        listed: dict[str, list[dict[str, Any]]], entity_names: dict[str, str]) -> list[dict[str, Any]]:
    groups: dict[str, list[Figure]] = defaultdict(list)
    for f in figs:
        entity = entities.get(f.extra.get("entity_id") or "")
        key = entity.id if entity is not None else "name:" + normalise_originator(f.extra.get("name") or "")
        if key != "name:":
            groups[key].append(f)
    def display(members: list[Figure]) -> tuple[str | None, str | None]:
        entity = entities.get(members[0].extra.get("entity_id") or "")
        if entity is None:
            return members[0].extra.get("name"), members[0].extra.get("home_country")
        return entity_names.get(members[0].extra.get("entity_id") or "", members[0].extra.get("name")), entity.country

    def order(key: str) -> tuple[bool, str]:
        name, home = display(groups[key])
        return home == "KP", (name or "").casefold()

    rows = []
    for key in sorted(groups, key=order):  # reading order, so footnotes number as a reader meets them
        members = groups[key]
        entity = entities.get(members[0].extra.get("entity_id") or "")
        name, home = display(members)
        marks: list[dict[str, Any]] = list(listed.get(key, []))
        for f in members:  # hits kept on an entity before it was merged into this one
            for mark in listed.get(f.extra.get("entity_id") or "", []):
                if mark not in marks:
                    marks.append(mark)
        for f in members:
            for d in f.extra.get("designations") or []:
                mark = {**d, "basis": "evidence pack", "notes": [notes.ref(f)]}
                if mark not in marks:
                    marks.append(mark)
        rows.append({
            "name": name,
            "entity_id": entity.id if entity is not None else None,
            "roles": _split(f.extra.get("role") for f in members), "home_country": home,
            "host_countries": sorted({f.country for f in members if f.country and f.country != home}),
            "sectors": _split(f.extra.get("sector") for f in members),
            "designations": marks, "notes": notes.refs(members),
        })
    return rows


def build_report(store: Store, options: ReportOptions) -> dict[str, Any]:
    """Every section of the report as data. Raises PendingClaimsError for a public, non-draft edition while
    claims that would feed it await review."""
    with store.transaction() as session:
        pending = pending_claim_ids(session, options)
        if pending and options.public and not options.draft:
            raise PendingClaimsError(pending)
        figs = accepted_figures(session, options)
        engaged = engagements(session, options)
        entity_ids = {f.extra["entity_id"] for f in figs if f.kind == "employer" and f.extra.get("entity_id")}
        entities = canonical_entities(session, entity_ids)
        listed = designations(session, {e.id for e in entities.values()} | set(entities))
    notes = Footnotes()
    by_country: dict[str, list[Figure]] = defaultdict(list)
    for f in figs:
        by_country[f.country or ""].append(f)
    hosts = _host_countries(figs)
    entity_names = _display_names(figs, entities)
    b1 = _b1(by_country, notes)
    b2 = _b2(by_country, hosts, notes, entity_names)
    b3 = _b3([f for f in figs if f.kind == "employer"], notes, entities, listed, entity_names)
    world = sorted((f for f in by_country.get("WORLD", []) if f.kind == "worker_count"),
                   key=lambda f: (f.date or "", f.claim_id))
    world_rows = [_figure_row(f, notes) for f in world]
    by_engaged: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in engaged:
        by_engaged[e.country].append({"date": e.date, "kind": e.kind, "summary": e.summary,
                                      "commitment": e.commitment, "restricted": e.restricted})
    top = [r["country"] for r in b2 if r["estimate"]["high"]][:CHART_COUNTRIES]
    sources = notes.sources()
    chart = {code: [[year, lo, hi, notes.ref(f)] for year, lo, hi, f in series(by_country[code])] for code in top}
    return {
        "title": options.title, "edition": options.edition, "draft": options.draft, "as_of": options.as_of,
        "generated_at": utcnow().replace(microsecond=0).isoformat(), "generator": f"laborwatch {__version__}",
        "pending_review": len(pending),
        "summary": {"host_countries": len(b2), "repatriating_countries": len(b1), "employers": len(b3),
                    "figures": len(notes.notes), "sources": len(sources)},
        "b1_forced_repatriation": b1, "b2_host_countries": b2, "b3_employers": b3,
        "global_figures": world_rows,
        "c_engagement": {
            "countries": [{"country": c, "country_name": country_name(c), "engagements": by_engaged[c]}
                          for c in sorted(by_engaged)],
            "without": [{"country": r["country"], "country_name": r["country_name"]}
                        for r in b2 if r["country"] not in by_engaged]},
        "chart": chart, "footnotes": [{k: v for k, v in n.items() if k != "source_key"} for n in notes.notes],
        "sources": sources,
    }
