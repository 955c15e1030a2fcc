"""Section 302(b)(2)'s formal-arrangement flag from documents: a labour agreement extracted, accepted by a person,
makes the country's arrangement "yes" with its footnote; a later ending step turns it "no"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from laborwatch.evidence.intake import DocumentMetadata, add_path
from laborwatch.extract.pipeline import extract_pending
from laborwatch.report.collect import ReportOptions
from laborwatch.report.model import build_report
from laborwatch.report.publish import write_report
from laborwatch.review.decisions import accept_claims
from laborwatch.store import Store
from laborwatch.store.models import Claim

from .conftest import insert_claim

# Written for this test; the outlet and the official are invented.
AGREEMENT = """A new chapter for Mongolian building sites

ULAANBAATAR — Mongolia and North Korea signed a labour cooperation agreement in April 2008, the Steppe Courier
reported, and about 1,900 North Korean workers were employed on building sites in Mongolia by 2012.
"""
ENDING = """A chapter closes for Mongolian building sites

ULAANBAATAR — Mongolia terminated its labour agreement with North Korea in December 2017, a deputy minister told
the Steppe Courier.
"""


def _add(store: Store, tmp_path: Path, name: str, text: str, published: str) -> str:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return add_path(store, path, actor="ana", metadata=DocumentMetadata(published=published,
                                                                        publisher="Steppe Courier")).sha256


def _accept_actions(store: Store, sha: str) -> list[Claim]:
    """A reviewer accepts the document's policy actions, as `laborwatch review accept` does."""
    with store.transaction() as session:
        ids = session.scalars(select(Claim.id).where(Claim.document_sha256 == sha,
                                                     Claim.kind == "policy_action")).all()
        return accept_claims(session, ids, actor="ana")


def _mongolia(store: Store) -> dict[str, Any]:
    report = build_report(store, ReportOptions(draft=True))
    return {**next(r for r in report["b2_host_countries"] if r["country"] == "MN"), "_report": report}


def test_an_accepted_labour_agreement_flags_the_arrangement_until_an_ending_step(store: Store,
                                                                                 tmp_path: Path) -> None:
    sha = _add(store, tmp_path, "pact.txt", AGREEMENT, "2012-05-02")
    extract_pending(store, "tester")
    # Proposed is not published: until a person accepts it, the flag does not move.
    draft = build_report(store, ReportOptions(draft=True))
    assert draft["pending_review"] > 0
    assert all(r["formal_arrangement"]["value"] != "yes" for r in draft["b2_host_countries"])
    [claim] = _accept_actions(store, sha)
    assert (claim.action, claim.country, claim.event_date) == ("labor_agreement", "MN", "2008-04")
    assert AGREEMENT[claim.start:claim.end] == claim.quote

    mn = _mongolia(store)
    arrangement = mn["formal_arrangement"]
    assert arrangement["value"] == "yes"
    assert arrangement["evidence"] == "government-to-government arrangement recorded (labor agreement, 2008-04)"
    [n] = arrangement["notes"]
    note = mn["_report"]["footnotes"][n - 1]
    assert (note["claim_id"], note["quote"], note["document_sha256"]) == (claim.id, claim.quote, sha)
    assert [a["action"] for a in mn["actions"]] == ["labor_agreement"]

    # Every format shows the flag and its footnote.
    for suffix in ("md", "html", "json"):
        write_report(store, tmp_path / f"r.{suffix}", options=ReportOptions(draft=True))
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert f"- Formal arrangement: yes — {arrangement['evidence']} [^{n}]" in md
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert f'<td>yes<sup><a href="#fn-{n}">{n}</a></sup><br><span class="small muted">{arrangement["evidence"]}' in html
    assert f"id=fn-{n}>" in html
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert {r["country"]: r["formal_arrangement"]["value"] for r in data["b2_host_countries"]}["MN"] == "yes"

    # A later step that ends it: the arrangement no longer stands.
    ending = _add(store, tmp_path, "ended.txt", ENDING, "2018-01-10")
    extract_pending(store, "tester")
    [end] = _accept_actions(store, ending)
    assert (end.action, end.country, end.event_date) == ("end_labor_agreement", "MN", "2017-12")
    arrangement = _mongolia(store)["formal_arrangement"]
    assert arrangement["value"] == "no"
    assert arrangement["evidence"] == "DPRK labour ended by the host government (end labor agreement, 2017-12)"
    assert len(arrangement["notes"]) == 1

    # A report as of before the end still shows the arrangement standing.
    early = build_report(store, ReportOptions(draft=True, as_of="2016"))
    assert next(r for r in early["b2_host_countries"] if r["country"] == "MN")["formal_arrangement"]["value"] == "yes"


def test_an_ending_step_before_the_agreement_leaves_it_standing(store: Store, tmp_path: Path) -> None:
    old_stop = _add(store, tmp_path, "stop.txt", "Visa stop\n\nIn 2005 Mongolia stopped issuing new visas to North "
                    "Korean workers, officials said.\n", "2005-06-01")
    pact = _add(store, tmp_path, "pact.txt", AGREEMENT, "2012-05-02")
    extract_pending(store, "tester")
    _accept_actions(store, old_stop)
    _accept_actions(store, pact)
    arrangement = _mongolia(store)["formal_arrangement"]
    assert arrangement["value"] == "yes" and len(arrangement["notes"]) == 1


def test_a_readmission_agreement_stays_in_b1_and_never_sets_the_flag(store: Store, tmp_path: Path) -> None:
    insert_claim(store, kind="forced_repatriation", country="RU", count=3, event_date="2017-05",
                 citation_publisher="Rights group", citation_url="https://example.org/ru-return")
    insert_claim(store, kind="policy_action", country="RU", action="readmission_agreement", event_date="2016-02-02",
                 citation_publisher="Rights group", citation_url="https://example.org/ru-deal")
    insert_claim(store, kind="worker_count", country="RU", count=20000, qualifier="about", category="all",
                 as_of="2017", citation_publisher="Wire", citation_url="https://example.org/ru-count")
    report = build_report(store, ReportOptions())
    [b1] = report["b1_forced_repatriation"]
    assert [a["action"] for a in b1["agreements"]] == ["readmission_agreement"]
    [ru] = report["b2_host_countries"]
    assert ru["actions"] == [] and ru["formal_arrangement"]["value"] == "unknown"
    insert_claim(store, kind="policy_action", country="RU", action="labor_agreement", event_date="2007-08",
                 citation_publisher="Wire", citation_url="https://example.org/ru-pact")
    report = build_report(store, ReportOptions())
    [ru] = report["b2_host_countries"]
    assert [a["action"] for a in ru["actions"]] == ["labor_agreement"]
    assert ru["formal_arrangement"]["value"] == "yes"
    assert [a["action"] for a in report["b1_forced_repatriation"][0]["agreements"]] == ["readmission_agreement"]
