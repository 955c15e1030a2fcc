"""``laborwatch demo``: a fresh store in a folder, the pack and samples loaded, the report in every format."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from laborwatch.cli.main import app


@pytest.mark.slow
def test_demo_writes_every_format_and_can_run_again(home: Path, tmp_path: Path, cli: CliRunner) -> None:
    out = tmp_path / "demo"
    result = cli.invoke(app, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    for suffix in ("html", "pdf", "md", "json"):
        path = out / f"laborwatch-report.{suffix}"
        assert path.stat().st_size > 1000, suffix
        assert str(path) in result.output.replace("\n", "")
    assert "Top host countries" in result.output and "China (CN)" in result.output
    data = json.loads((out / "laborwatch-report.json").read_text(encoding="utf-8"))
    assert data["draft"] is True and data["edition"] == "public"
    # Claims extracted from the sample documents stay proposed; the draft counts them.
    assert data["pending_review"] > 0
    assert f"{data['pending_review']} claim(s) await review" in " ".join(result.output.split())
    assert data["summary"]["host_countries"] >= 20
    hosts = {r["country"]: r for r in data["b2_host_countries"]}
    # The pack's Kuwait figures for 2017 disagree (a ministry count and an officials' estimate): flagged.
    assert hosts["KW"]["estimate"]["conflict"] is True and len(hosts["KW"]["estimate"]["side_by_side"]) >= 2
    assert {r["country"] for r in data["b1_forced_repatriation"]} >= {"CN", "LA"}
    assert any(d["authority"] == "OFAC" for p in data["b3_employers"] for d in p["designations"])
    # The restricted sample (a protected witness) stays out of every public output.
    for suffix in ("html", "md", "json"):
        text = (out / f"laborwatch-report.{suffix}").read_text(encoding="utf-8")
        assert "W-17" not in text and "witness-statement" not in text
    assert "DRAFT" in (out / "laborwatch-report.html").read_text(encoding="utf-8")
    # The demo's store is its own, never the one LABORWATCH_HOME points at.
    assert (out / "home" / "laborwatch.db").exists()
    # The Russia sample's labour agreement waits for a person: accepted, it flags Russia's formal arrangement.
    with sqlite3.connect(out / "home" / "laborwatch.db") as db:
        proposed = db.execute("SELECT country, event_date FROM claims WHERE kind = 'policy_action' AND "
                              "action = 'labor_agreement' AND status = 'proposed'").fetchall()
    assert proposed == [("RU", "2007")]
    again = cli.invoke(app, ["demo", "--out", str(out)])
    assert again.exit_code == 0, again.output


def test_demo_refuses_a_folder_it_did_not_make(home: Path, tmp_path: Path, cli: CliRunner) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = cli.invoke(app, ["demo", "--out", str(tmp_path)])
    assert result.exit_code != 0
    assert "not empty" in " ".join(result.output.split())
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
