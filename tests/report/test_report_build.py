"""The section 302 report from accepted claims: sections, footnotes, the publishing gate and restricted sources."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from laborwatch.cli.main import app
from laborwatch.report.collect import PendingClaimsError, ReportOptions
from laborwatch.report.model import build_report
from laborwatch.report.publish import FORMATS, write_report
from laborwatch.store import Store
from laborwatch.store.db import utcnow
from laborwatch.store.models import Entity, ListedEntity, ListVersion, ScreeningHit

from .conftest import insert_engagement

MARKER = "ZQXJ-RESTRICTED-7731"


def _kuwait(add_claim: Callable[..., str]) -> list[str]:
    return [
        add_claim(country="KW", count=6064, qualifier="exact", category="all", as_of="2017-08",
                  attributed_to="Kuwait manpower authority", citation_publisher="Wire service",
                  citation_url="https://example.org/kw-1", citation_date="2017-08-10",
                  extra={"reliability": "secondary"}),
        add_claim(country="KW", count=2500, qualifier="about", category="all", as_of="2017-08",
                  attributed_to="Two officials", citation_publisher="Wire service",
                  citation_url="https://example.org/kw-1", citation_date="2017-08-10",
                  extra={"reliability": "secondary"}),
        add_claim(kind="policy_action", country="KW", action="no_renewal", event_date="2017-09",
                  citation_publisher="Gulf daily", citation_url="https://example.org/kw-2"),
    ]


def test_sections_estimates_and_footnotes(store: Store, add_claim: Callable[..., str],
                                          add_document: Callable[..., str]) -> None:
    _kuwait(add_claim)
    text = "Officials said about 2,000 North Korean laborers work on stadium sites in Qatar this year."
    sha = add_document(text, publisher="Gulf Examiner", published="2016-05-02", url="https://example.org/qa",
                       title="Stadium labor")
    add_claim(country="QA", count=2000, qualifier="about", category="all", document_sha256=sha, start=10,
              end=26, quote=text[10:26], attributed_to="Officials", as_of="2016")
    add_claim(kind="forced_repatriation", country="CN", count=80, qualifier="exact", event_date="2023-08-29",
              citation_publisher="Rights group", citation_url="https://example.org/cn")
    add_claim(kind="employer", country="QA", name="Example Builders Ltd", role="employer",
              citation_publisher="Court record", citation_url="https://example.org/emp")
    insert_engagement(store, country="KW", kind="demarche", date="2018-01-05", summary="Raised visa renewals.",
                      commitment="No new visas.")
    report = build_report(store, ReportOptions())
    hosts = {r["country"]: r for r in report["b2_host_countries"]}
    assert set(hosts) == {"KW", "QA"}
    kw = hosts["KW"]
    assert kw["estimate"]["text"] == "2,500–6,064"
    assert kw["estimate"]["conflict"] is True
    assert len(kw["estimate"]["side_by_side"]) == 2
    assert len(kw["records"]) == 2  # each accepted figure stays its own record
    assert kw["formal_arrangement"]["value"] == "no"
    assert kw["formal_arrangement"]["notes"]
    qa = hosts["QA"]
    assert qa["employers"] == ["Example Builders Ltd"]
    assert qa["formal_arrangement"]["value"] == "unknown"
    note = report["footnotes"][qa["estimate"]["notes"][0] - 1]
    assert note["quote"] == text[10:26] and note["document_sha256"] == sha and note["url"] == "https://example.org/qa"
    assert report["b1_forced_repatriation"][0]["country"] == "CN"
    assert [b["name"] for b in report["b3_employers"]] == ["Example Builders Ltd"]
    assert report["c_engagement"]["countries"][0]["engagements"][0]["commitment"] == "No new visas."
    assert [c["country"] for c in report["c_engagement"]["without"]] == ["QA"]
    assert report["sources"] and all(s["footnotes"] for s in report["sources"])


def test_every_format_carries_the_same_footnotes(store: Store, add_claim: Callable[..., str],
                                                 tmp_path: Path) -> None:
    _kuwait(add_claim)
    outputs = {fmt: tmp_path / f"r.{fmt}" for fmt in FORMATS}
    for _fmt, path in outputs.items():
        write_report(store, path, options=ReportOptions())
    data = json.loads(outputs["json"].read_text(encoding="utf-8"))
    md = outputs["md"].read_text(encoding="utf-8")
    html = outputs["html"].read_text(encoding="utf-8")
    for note in data["footnotes"]:
        assert f"[^{note['n']}]:" in md
        assert f"id=fn-{note['n']}>" in html and f'href="#fn-{note["n"]}"' in html
        assert note["url"] in md and note["url"] in html
    pdf_text = "".join(page.extract_text() for page in PdfReader(outputs["pdf"]).pages)
    assert "2,500–6,064" in pdf_text.replace("\n", " ") or "2,500" in pdf_text
    for text in (md, html, pdf_text):
        assert "Kuwait" in text and "(b)(2)" in text


def test_publishing_gate_names_the_proposed_claims(store: Store, add_claim: Callable[..., str], tmp_path: Path,
                                                   cli: CliRunner) -> None:
    _kuwait(add_claim)
    waiting = add_claim(country="KW", count=3000, qualifier="about", status="proposed", as_of="2017-09",
                        citation_publisher="Aggregator")
    with pytest.raises(PendingClaimsError) as err:
        build_report(store, ReportOptions())
    assert err.value.claim_ids == [waiting]
    result = cli.invoke(app, ["report", "--out", str(tmp_path / "r.html")])
    assert result.exit_code != 0
    assert waiting in result.output and "--draft" in result.output
    assert not (tmp_path / "r.html").exists()
    result = cli.invoke(app, ["report", "--out", str(tmp_path / "r.html"), "--draft"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "DRAFT — not for publication" in html and "1 claim(s) await review" in html
    assert "3,000" not in html  # a proposed figure never appears, even in a draft
    result = cli.invoke(app, ["report", "--out", str(tmp_path / "r.md"), "--draft"])
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert md.count("DRAFT — not for publication") >= 5  # at the top of every section
    # A proposed claim dated after --as-of would not feed that edition, so it does not block it.
    ok = cli.invoke(app, ["report", "--out", str(tmp_path / "old.json"), "--as-of", "2017-08-31"])
    assert ok.exit_code == 0, ok.output


def test_as_of_leaves_out_later_figures(store: Store, add_claim: Callable[..., str]) -> None:
    add_claim(country="RU", count=30000, qualifier="about", as_of="2019", citation_publisher="A")
    add_claim(country="RU", count=15000, qualifier="about", as_of="2025", citation_publisher="B")
    assert build_report(store, ReportOptions())["b2_host_countries"][0]["estimate"]["text"] == "15,000"
    old = build_report(store, ReportOptions(as_of="2020-06-30"))
    assert old["b2_host_countries"][0]["estimate"]["text"] == "30,000"
    assert old["as_of"] == "2020-06-30"


def test_designations_come_from_screening_hits_on_current_lists(store: Store, add_claim: Callable[..., str]) -> None:
    now = utcnow()
    with store.transaction() as session:
        session.add(Entity(id="ent-1", schema="Organization", name="Example Overseas Co", country="KP", created_at=now))
        session.add(ListVersion(id="lv-1", list_name="OFAC SDN", format="csv", sha256="0" * 64, source_path="sdn.csv",
                                published="2021-01-01", is_current=True, loaded_at=now, loaded_by="t"))
        session.flush()
        session.add(ListedEntity(version_id="lv-1", entity_id="sdn-42", schema="Organization",
                                 caption="EXAMPLE OVERSEAS CO", names=["EXAMPLE OVERSEAS CO"], programs=["DPRK3"]))
        session.add(ScreeningHit(id="hit-1", entity_id="ent-1", list_version_id="lv-1", listed_entity_id="sdn-42",
                                 matched_name="EXAMPLE OVERSEAS CO", score=0.97, screened_at=now))
    add_claim(kind="employer", country="RU", name="Example Overseas Co", role="dispatcher", entity_id="ent-1",
              citation_publisher="Treasury release")
    person = build_report(store, ReportOptions())["b3_employers"][0]
    assert person["name"] == "Example Overseas Co"
    assert person["designations"][0]["authority"] == "OFAC SDN"
    assert person["designations"][0]["programs"] == "DPRK3"
    assert person["host_countries"] == ["RU"]


def _plant_restricted(store: Store, add_claim: Callable[..., str], add_document: Callable[..., str]) -> None:
    text = f"Witness {MARKER} said 300 North Korean workers live in containers at a site in Bhutan."
    sha = add_document(text, restricted=True, publisher=f"Source {MARKER}", url=f"https://example.org/{MARKER}",
                       title=f"Interview {MARKER}", published="2023")
    add_claim(country="BT", count=300, qualifier="about", document_sha256=sha, start=0, end=30, quote=text[:30],
              attributed_to=f"Witness {MARKER}", as_of="2023", employer=f"Builders {MARKER}")
    add_claim(kind="employer", country="KW", name=f"Front {MARKER}", role="employer", restricted=True,
              citation_publisher=f"Desk {MARKER}", citation_url=f"https://example.org/c/{MARKER}")
    add_claim(country="KW", count=987654, qualifier="exact", restricted=True, as_of="2018",
              citation_publisher=f"Cable {MARKER}")
    add_claim(kind="employer", country="KW", name=f"Front {MARKER}", role="employer", status="proposed",
              restricted=True, citation_publisher=f"Desk {MARKER}")
    insert_engagement(store, country="KW", kind="meeting", date="2019-02-02", summary=f"Private talk {MARKER}",
                      restricted=True)
    # An entity first named by a restricted source, later also named by a public one.
    with store.transaction() as session:
        session.add(Entity(id="ent-r", schema="Organization", name=f"Holding {MARKER}", country="KP",
                           created_at=utcnow()))
    add_claim(kind="employer", country="KW", name="Public Front Co", role="employer", entity_id="ent-r",
              citation_publisher="Open record")


def test_restricted_sources_never_reach_a_public_edition(store: Store, add_claim: Callable[..., str],
                                                         add_document: Callable[..., str], tmp_path: Path,
                                                         cli: CliRunner) -> None:
    _kuwait(add_claim)
    _plant_restricted(store, add_claim, add_document)
    for fmt in FORMATS:
        out = tmp_path / f"public.{fmt}"
        result = cli.invoke(app, ["report", "--out", str(out), "--edition", "public"])
        assert result.exit_code == 0, result.output  # restricted proposed claims do not gate a public edition
        raw = out.read_bytes()
        assert MARKER.encode() not in raw, fmt
        assert b"987654" not in raw and b"987,654" not in raw, fmt  # a figure resting on a restricted source alone
        # Bhutan rests on the restricted document alone: no host row, no estimate (the base map still draws it).
        assert b"Bhutan (BT)" not in raw and b'"country": "BT"' not in raw and b"b2-BT" not in raw, fmt
        if fmt == "pdf":
            text = "".join(page.extract_text() for page in PdfReader(out).pages)
            assert MARKER not in text and "987,654" not in text
    public = json.loads((tmp_path / "public.json").read_text(encoding="utf-8"))
    assert "Public Front Co" in [p["name"] for p in public["b3_employers"]]
    restricted = tmp_path / "restricted.md"
    result = cli.invoke(app, ["report", "--out", str(restricted), "--edition", "restricted", "--draft"])
    assert result.exit_code == 0, result.output
    assert MARKER in restricted.read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "xls"], "format must be one of"),
    (["--as-of", "2020-13"], "--as-of"),
    (["--edition", "secret"], "--edition must be one of"),
])
def test_bad_options_fail_with_a_specific_message(store: Store, tmp_path: Path, cli: CliRunner, args: list[str],
                                                  message: str) -> None:
    result = cli.invoke(app, ["report", "--out", str(tmp_path / "r.html"), *args])
    assert result.exit_code != 0
    assert message in re.sub(r"\s+", " ", result.output)


def test_unknown_suffix_needs_a_format(store: Store, tmp_path: Path, cli: CliRunner) -> None:
    result = cli.invoke(app, ["report", "--out", str(tmp_path / "r.txt")])
    assert result.exit_code != 0 and "--format" in result.output
    result = cli.invoke(app, ["report", "--out", str(tmp_path / "r.txt"), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.txt").read_text(encoding="utf-8").startswith("# ")


def test_hostile_text_and_urls_stay_inert_in_html(store: Store, add_claim: Callable[..., str],
                                                  tmp_path: Path) -> None:
    add_claim(country="KW", count=10, qualifier="exact", as_of="2018", attributed_to="<script>alert(1)</script>",
              citation_publisher="<img src=x onerror=alert(2)>", citation_url="javascript:alert(3)")
    out = tmp_path / "r.html"
    write_report(store, out, options=ReportOptions())
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "<img" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
