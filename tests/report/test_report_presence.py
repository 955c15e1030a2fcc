"""(b)(2) from extracted presence claims and places: document -> extract -> review -> every report format."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from laborwatch.reconcile.estimates import estimate_country
from laborwatch.report.collect import PendingClaimsError, ReportOptions, accepted_figures
from laborwatch.report.model import PRESENT_NO_FIGURE, build_report
from laborwatch.report.publish import FORMATS, write_report
from laborwatch.review import accept_claims, reject_claim
from laborwatch.store import Store
from tests.presence_documents import CABLE, FIELD_NOTES, RESTRICTED_MARKER, add_and_extract


@pytest.fixture
def reviewed(store: Store, tmp_path: Path) -> dict[str, str]:
    """Laos (presence only) and both Chinese counts accepted, Cambodia rejected, Nepal left proposed, and the
    restricted cable's Equatorial Guinea accepted."""
    ids = add_and_extract(store, tmp_path / "docs")
    with store.transaction() as session:
        accept_claims(session, [ids["laos"], ids["dandong"], ids["hunchun"], ids["guinea"]], actor="rin")
        reject_claim(session, ids["cambodia"], actor="rin", reason="a tour operator's guess, no source")
    return ids


def _hosts(report: dict[str, object]) -> dict[str, dict[str, object]]:
    return {r["country"]: r for r in report["b2_host_countries"]}  # type: ignore[attr-defined, index]


def test_presence_only_country_is_listed_without_a_number(store: Store, reviewed: dict[str, str]) -> None:
    report = build_report(store, ReportOptions(draft=True))
    hosts = _hosts(report)
    assert set(hosts) == {"CN", "LA"}  # Cambodia was rejected, Nepal awaits review, the cable is restricted
    laos = hosts["LA"]
    estimate = laos["estimate"]
    assert laos["presence_only"] is True
    assert estimate["text"] == PRESENT_NO_FIGURE == "present, no figure"
    assert estimate["low"] is None and estimate["high"] is None and not re.search(r"\d", estimate["text"])
    assert laos["records"] == [] and laos["places"] == ["Vientiane"]
    (evidence,) = laos["presence"]
    assert evidence["claim_id"] == reviewed["laos"] and evidence["place"] == "Vientiane"
    note = report["footnotes"][estimate["notes"][0] - 1]
    sentence = FIELD_NOTES.split("\n\n")[1].split(". ")[0] + "."
    assert note["claim_id"] == reviewed["laos"] and note["quote"] == sentence
    assert note["publisher"] == "Frontier Labour Review" and note["document_sha256"]
    assert estimate["independent_sources"] == 1 and estimate["originators"] == ["a regional labour researcher"]
    assert "LA" not in report["chart"]  # nothing to plot: no figure

    china = hosts["CN"]
    assert china["presence_only"] is False and china["places"] == ["Dandong", "Hunchun"]
    assert china["estimate"]["text"] == "1,500–3,000"  # from the two worker counts; presence adds no number
    assert {r["place"] for r in china["records"]} == {"Dandong", "Hunchun"}


def test_restricted_presence_stays_in_the_restricted_edition(store: Store, reviewed: dict[str, str],
                                                             tmp_path: Path) -> None:
    restricted = build_report(store, ReportOptions(edition="restricted", draft=True))
    guinea = _hosts(restricted)["GQ"]
    assert guinea["presence_only"] and guinea["estimate"]["text"] == PRESENT_NO_FIGURE
    assert restricted["footnotes"][guinea["estimate"]["notes"][0] - 1]["restricted"] is True
    public = build_report(store, ReportOptions(draft=True))
    assert "GQ" not in _hosts(public)
    for fmt in FORMATS:
        path = tmp_path / f"public.{fmt}"
        write_report(store, path, options=ReportOptions(draft=True))
        text = _pdf_text(path) if fmt == "pdf" else path.read_text(encoding="utf-8")
        assert RESTRICTED_MARKER not in text and "Equatorial Guinea (GQ)" not in text
        assert "logging camps" not in text and reviewed["guinea"][:12] not in text
    assert "logging camps" in CABLE  # the check above looks for words the cable really has


def test_rejected_and_proposed_presence_claims_stay_out(store: Store, reviewed: dict[str, str]) -> None:
    report = build_report(store, ReportOptions(draft=True))
    assert {"KH", "NP"}.isdisjoint(_hosts(report))
    quoted = {n["claim_id"] for n in report["footnotes"]}
    assert reviewed["cambodia"] not in quoted and reviewed["nepal"] not in quoted
    assert report["pending_review"] == 1  # Nepal's presence claim would feed this edition once accepted
    with pytest.raises(PendingClaimsError) as refused:
        build_report(store, ReportOptions())
    assert refused.value.claim_ids == [reviewed["nepal"]]


def test_every_format_shows_presence_and_places(store: Store, reviewed: dict[str, str], tmp_path: Path) -> None:
    options = ReportOptions(draft=True)
    outputs = {fmt: tmp_path / f"report.{fmt}" for fmt in FORMATS}
    for path in outputs.values():
        write_report(store, path, options=options)
    html = outputs["html"].read_text(encoding="utf-8")
    row = html.split('id="b2-LA"')[1].split("</tr>")[0]
    place_cell, estimate_cell = row.split("<td>")[1:3]
    assert "Vientiane" in place_cell and _text_of(estimate_cell).strip() == "present, no figure"
    china_row = html.split('id="b2-CN"')[1].split("</tr>")[0]
    assert "Dandong, Hunchun" in china_row
    assert 'id="b2-KH"' not in html and 'id="b2-NP"' not in html
    assert "Thousands of North Korean workers remain in Vientiane" in html  # the quote as evidence

    markdown = outputs["md"].read_text(encoding="utf-8")
    laos_line = next(line for line in markdown.splitlines() if line.startswith("| Laos (LA)"))
    assert laos_line.startswith("| Laos (LA): Vientiane | *present, no figure*[^")
    assert not re.search(r"\d", laos_line.split("|")[2].split("[^")[0])
    assert next(line for line in markdown.splitlines() if line.startswith("| China (CN)")).startswith(
        "| China (CN): Dandong, Hunchun | 1,500–3,000")
    assert "“Thousands of North Korean workers remain in Vientiane" in markdown
    assert "Cambodia (KH)" not in markdown and "Nepal (NP)" not in markdown

    data = json.loads(outputs["json"].read_text(encoding="utf-8"))
    laos = _hosts(data)["LA"]
    assert laos["estimate"]["text"] == PRESENT_NO_FIGURE and laos["presence"][0]["place"] == "Vientiane"

    pdf = _pdf_text(outputs["pdf"])
    assert "present, no figure" in pdf and "Dandong, Hunchun" in pdf and "Vientiane" in pdf
    assert "Cambodia (KH)" not in pdf


def test_estimates_ignore_presence(store: Store, reviewed: dict[str, str],
                                   add_claim: Callable[..., str]) -> None:
    # A presence claim about a country with a figure leaves the estimate to the figure alone.
    add_claim(kind="presence", country="CN", qualifier="about", place="Tumen", citation_publisher="Border desk",
              citation_url="https://example.org/tumen", citation_date="2019-05")
    with store.transaction() as session:
        figures = accepted_figures(session, ReportOptions())
    china = [f for f in figures if f.country == "CN"]
    assert {f.kind for f in china} == {"worker_count", "presence"}
    only_counts = estimate_country("CN", [f for f in china if f.kind == "worker_count"])
    assert estimate_country("CN", china).text == only_counts.text == "1,500–3,000"
    assert estimate_country("LA", [f for f in figures if f.country == "LA"]).text == "no estimate"
    row = _hosts(build_report(store, ReportOptions(draft=True)))["CN"]
    assert row["places"] == ["Dandong", "Hunchun", "Tumen"] and row["presence_only"] is False
    assert [p["place"] for p in row["presence"]] == ["Tumen"]


def _text_of(html: str) -> str:
    """The visible text of a fragment, without tags and footnote markers."""
    return re.sub(r"<sup>.*?</sup>|<[^>]+>", "", html)


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)
