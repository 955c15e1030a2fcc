"""``laborwatch extract``: store mode and ``--no-store`` on files."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from laborwatch.cli.main import app
from laborwatch.extract import EXTRACTOR
from laborwatch.store import open_store
from laborwatch.store.models import Claim
from tests.conftest import SAMPLES

TEXT = ("Radio Pacific, citing a local contractor, says about 1,200 North Korean workers are in Vladivostok;\r\n"
        "the Amur Courier puts the number at 900.\r\n\r\nLast year the figure was about 1,500 in Russia.\r\n")


def test_no_store_prints_json_lines_with_exact_offsets(cli: CliRunner, home: Path, tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    result = cli.invoke(app, ["extract", str(path), "--no-store", "--format", "jsonl", "--published", "2021-06"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(c["country"], c["count"], c["attributed_to"], c["as_of"]) for c in lines] == [
        ("RU", 1200, "Radio Pacific (citing a local contractor)", None), ("RU", 900, "the Amur Courier", None),
        ("RU", 1500, None, "2020")]
    for claim in lines:
        assert claim["file"] == str(path)
        assert TEXT[claim["start"]:claim["end"]] == claim["quote"]  # \r\n kept: offsets count the file as it is
    with open_store().transaction() as session:
        assert session.scalar(select(func.count()).select_from(Claim)) == 0


def test_no_store_table_and_folders(cli: CliRunner, home: Path) -> None:
    result = cli.invoke(app, ["extract", str(SAMPLES), "--no-store", "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "worker_count" in result.stdout and "gulf-labor-briefing.txt" in result.stdout


def test_bad_input_is_a_specific_error(cli: CliRunner, home: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = cli.invoke(app, ["extract", str(missing), "--no-store"])
    assert result.exit_code != 0 and "missing.txt" in result.stderr and "does not exist" in result.stderr
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 workers".encode("latin-1"))
    result = cli.invoke(app, ["extract", str(bad), "--no-store"])
    assert result.exit_code != 0 and "not valid UTF-8" in result.stderr and "line 1" in result.stderr
    good = tmp_path / "ok.txt"
    good.write_text("About 500 North Korean workers are in Oman.\n", encoding="utf-8")
    result = cli.invoke(app, ["extract", str(good), "--no-store", "--published", "2019-13"])
    assert result.exit_code != 0 and "--published" in result.stderr and "2019-13" in result.stderr
    result = cli.invoke(app, ["extract", str(good), "--no-store", "--format", "xml"])
    assert result.exit_code != 0 and "--format" in result.stderr
    result = cli.invoke(app, ["extract", str(good)])
    assert result.exit_code != 0 and "--no-store" in result.stderr


def test_store_mode_extracts_added_documents_once(cli: CliRunner, home: Path) -> None:
    added = cli.invoke(app, ["add", str(SAMPLES / "gulf-labor-briefing.txt"), "--published", "2017-03-14"])
    assert added.exit_code == 0, added.output
    first = cli.invoke(app, ["extract"])
    assert first.exit_code == 0, first.output
    assert "1 document(s) extracted" in first.stdout and "worker_count" in first.stdout
    second = cli.invoke(app, ["extract"])
    assert second.exit_code == 0, second.output
    assert second.stdout.splitlines() == [
        f"{EXTRACTOR}: 0 document(s) extracted, 1 already done",
        "  new: 0 claim(s) proposed for review",
        "  withdrawn: 0 undecided earlier proposal(s) no longer found",
        "  unchanged: 0 claim(s) found again but already stored, no new row"]
