"""Loading lists into the store and screening from the command line: one name, a batch file, the evidence."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import select
from typer.testing import CliRunner

from laborwatch.cli.main import app
from laborwatch.screen.batch import OUTPUT_COLUMNS
from laborwatch.screen.evidence import evidence_hits, screen_evidence
from laborwatch.screen.formats import ListFormatError
from laborwatch.screen.lists import build_index, list_versions, load_list
from laborwatch.store import Store
from laborwatch.store.db import utcnow
from laborwatch.store.models import AuditEntry, Entity, ListedEntity, ListVersion

FIXTURES = Path(__file__).parent / "fixtures"


def load(cli: CliRunner, path: Path, fmt: str, *extra: str) -> str:
    result = cli.invoke(app, ["lists", "load", str(path), "--format", fmt, *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_lists_load_and_show(home: Path, cli: CliRunner) -> None:
    out = load(cli, FIXTURES / "un-consolidated.xml", "un-xml")
    assert "un_sc_sanctions" in out and "published 2026-02-27" in out
    load(cli, FIXTURES / "ofac-csv", "ofac-csv")
    shown = cli.invoke(app, ["lists", "--format", "json"])
    assert shown.exit_code == 0
    rows = {r["list"]: r for r in json.loads(shown.output)}
    assert rows["us_ofac_sdn"]["entities"] == 6 and rows["un_sc_sanctions"]["current"] is True
    table = cli.invoke(app, ["lists"])
    assert "us_ofac_sdn" in table.output


def test_reload_swaps_versions_and_failed_load_keeps_the_current_one(store: Store, tmp_path: Path) -> None:
    first = load_list(store, FIXTURES / "combined.ftm.jsonl", "ftm", name="combined", actor="tester")
    second = load_list(store, FIXTURES / "combined.ftm.jsonl", "ftm", name="combined", actor="tester")
    assert second.replaced == [first.version_id]
    broken = tmp_path / "broken.jsonl"
    broken.write_text((FIXTURES / "combined.ftm.jsonl").read_text(encoding="utf-8") + '{"id": "x", \n',
                      encoding="utf-8")
    try:
        load_list(store, broken, "ftm", name="combined", actor="tester")
    except ListFormatError as exc:
        assert "line 13" in str(exc)
    else:
        raise AssertionError("a broken file loaded")
    current = list_versions(store)
    assert [v.id for v in current] == [second.version_id]
    with store.transaction() as session:
        versions = session.scalars(select(ListVersion)).all()
        assert len(versions) == 2  # the failed load left nothing behind
        assert session.query(ListedEntity).count() == 24
        assert session.scalars(select(AuditEntry.action)).all().count("list.load") == 2


def test_cli_refuses_hostile_list_and_keeps_the_old(home: Path, cli: CliRunner, tmp_path: Path) -> None:
    load(cli, FIXTURES / "un-consolidated.xml", "un-xml")
    hostile = tmp_path / "un.xml"
    hostile.write_text('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<CONSOLIDATED_LIST/>\n')
    result = cli.invoke(app, ["lists", "load", str(hostile), "--format", "un-xml"])
    assert result.exit_code != 0
    assert "line 2" in result.output and "current version of the list is unchanged" in result.output
    shown = json.loads(cli.invoke(app, ["lists", "--format", "json"]).output)
    assert [r["entities"] for r in shown] == [4]


def test_screen_one_name(home: Path, cli: CliRunner) -> None:
    load(cli, FIXTURES / "ofac-csv", "ofac-csv")
    result = cli.invoke(app, ["screen", "Paik Chang Ho", "--format", "json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert hits[0]["entity_id"] == "sdn-15667" and hits[0]["explanation"]["matched_name"] == "PAEK, Chang-Ho"
    table = cli.invoke(app, ["screen", "Korea Mining Development Trading Corp"])
    assert "sdn-9345" in table.output
    none = cli.invoke(app, ["screen", "Sunrise Bakery"])
    assert none.exit_code == 0 and "No listed party" in none.output


def test_screen_table_says_why_with_pairs_and_adjustments(home: Path, cli: CliRunner) -> None:
    load(cli, FIXTURES / "ofac-csv", "ofac-csv")
    wide = {"COLUMNS": "300"}
    plain = cli.invoke(app, ["screen", "Paik Chang Ho"], env=wide)
    assert "paik~paek (romanization)" in plain.output and "schema_mismatch" not in plain.output
    # a legal form makes the query a company's name: the person is shown, marked down, and the table says why
    company = cli.invoke(app, ["screen", "Paik Chang Ho Ltd", "--threshold", "0"], env=wide)
    assert company.exit_code == 0, company.output
    assert "schema_mismatch x0.85 (query Organization (the legal form 'limited'))" in company.output


def test_screen_needs_a_list_and_one_mode(home: Path, cli: CliRunner) -> None:
    result = cli.invoke(app, ["screen", "Kim"])
    assert result.exit_code != 0 and "no sanctions list is loaded" in result.output
    assert cli.invoke(app, ["screen"]).exit_code != 0
    assert cli.invoke(app, ["screen", "Kim", "--evidence"]).exit_code != 0


def test_batch_csv_reports_bad_rows_and_writes_the_rest(home: Path, cli: CliRunner, tmp_path: Path) -> None:
    load(cli, FIXTURES / "ofac-csv", "ofac-csv")
    source = tmp_path / "in.csv"
    source.write_text("id,name,schema,country,birth_date\n"
                      "a,Paek Chang Ho,Person,,1964-06-18\n"
                      "b,,Person,,\n"
                      "c,Office 39,,kp,\n"
                      "d,Kim Yong Chol,Person,,18 June\n"
                      "e,Sunrise Bakery,,,\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = cli.invoke(app, ["screen", "--input", str(source), "--output", str(out)])
    assert result.exit_code == 2, result.output
    assert "line 3: empty name" in result.output and "line 5: birth_date '18 June'" in result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == OUTPUT_COLUMNS
    assert {r["query_id"] for r in rows} == {"a", "c"}
    assert rows[0]["entity_id"] == "sdn-15667" and rows[0]["rank"] == "1"
    assert json.loads(rows[0]["explanation"])["matched_name"] == "PAEK, Chang-Ho"


def test_batch_parquet_with_threshold_zero_returns_limit_hits(home: Path, cli: CliRunner, tmp_path: Path) -> None:
    load(cli, FIXTURES / "ofac-csv", "ofac-csv")
    source = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": ["q1", "q2"], "name": ["Chong Chon Gang Korea Mining Office", "Office 39"]}), source)
    out = tmp_path / "out.parquet"
    result = cli.invoke(app, ["screen", "--input", str(source), "--output", str(out), "--threshold", "0",
                              "--limit", "3"])
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert tuple(table.column_names) == OUTPUT_COLUMNS
    ranks = table.to_pydict()
    assert ranks["query_id"].count("q1") == 3 and ranks["entity_id"][0] == "sdn-17069"


def test_batch_input_errors(home: Path, cli: CliRunner, tmp_path: Path) -> None:
    load(cli, FIXTURES / "ofac-csv", "ofac-csv")
    missing = cli.invoke(app, ["screen", "--input", str(tmp_path / "nope.csv"), "--output", str(tmp_path / "o.csv")])
    assert missing.exit_code != 0 and "no such file" in missing.output
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("name_only\nx\n", encoding="utf-8")
    result = cli.invoke(app, ["screen", "--input", str(wrong), "--output", str(tmp_path / "o.csv")])
    assert result.exit_code != 0 and "missing column(s) id, name" in result.output
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,name\n1,Caf\xe9\n".encode("latin-1"))
    result = cli.invoke(app, ["screen", "--input", str(latin), "--output", str(tmp_path / "o.csv")])
    assert result.exit_code != 0 and "not UTF-8" in result.output


def test_screen_evidence_replaces_hits(store: Store, cli: CliRunner) -> None:
    load_list(store, FIXTURES / "ofac-csv", "ofac-csv", actor="tester")
    with store.transaction() as session:
        session.add_all([
            Entity(id="e1", schema="Organization", name="Korea Mining Development Trading Corp", country="KP",
                   created_at=utcnow()),
            Entity(id="e2", schema="Person", name="Paik Chang-ho", country=None, created_at=utcnow()),
            Entity(id="e3", schema="Organization", name="Harbour Fish Canning", country="CN", created_at=utcnow()),
        ])
    first = screen_evidence(store, actor="tester")
    assert first.entities == 3 and first.flagged_entities == 2
    result = cli.invoke(app, ["screen", "--evidence"])
    assert result.exit_code == 0 and "Screened 3 evidence entities" in result.output
    with store.transaction() as session:
        hits = evidence_hits(session)
        assert {(h.entity_id, h.listed_entity_id) for h in hits} >= {("e1", "sdn-9345"), ("e2", "sdn-15667")}
        assert len(hits) == first.hits  # replaced, not appended
        assert all(h.list_version_id == build_index(store).versions[0] for h in hits)
        assert evidence_hits(session, ["e3"]) == []
