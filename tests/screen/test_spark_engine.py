"""The Spark engine, in local[2] mode, writes exactly what the local engine writes for the same input."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark")  # laborwatch[spark]; CI installs it

import pyarrow as pa
import pyarrow.parquet as pq

from laborwatch.screen.batch import OUTPUT_COLUMNS, BatchInputError, BatchSummary
from laborwatch.screen.engines import get_engine
from laborwatch.screen.engines.local import LocalEngine
from laborwatch.screen.engines.spark import SparkEngine, build_session
from laborwatch.screen.index import ListedRecord, ScreeningIndex

pytestmark = pytest.mark.spark

# Our own small list: two DPRK labour exporters, a person, and unrelated parties that share words with them.
LISTED = [
    ListedRecord("sdn-101", "test-list", "Organization", "NAMGANG CONSTRUCTION COMPANY",
                 ["NAMGANG CONSTRUCTION COMPANY", "NAMGANG GENERAL CONSTRUCTION"], ["kp"], [], ["DPRK3"]),
    ListedRecord("sdn-102", "test-list", "Organization", "CHONGBONG OVERSEAS BUILDING CORPORATION",
                 ["CH'ONGBONG OVERSEAS BUILDING CORPORATION", "CHONGBONG BUILDING CO"], ["kp"], [],
                 ["DPRK-NKSPEA"]),
    ListedRecord("sdn-103", "test-list", "Person", "PAK, Myong-chol", ["PAK, Myong-chol", "PAK Myong Chol"],
                 ["kp"], ["1971-02-03"], ["DPRK3"]),
    ListedRecord("eu-201", "other-list", "Organization", "BALTIC TIMBER TRADING LLC",
                 ["BALTIC TIMBER TRADING LLC"], ["ru"], [], ["RUSSIA-EO14024"]),
    ListedRecord("eu-202", "other-list", "Organization", "GENERAL CONSTRUCTION HOLDINGS",
                 ["GENERAL CONSTRUCTION HOLDINGS"], ["ae"], [], ["SDGT"]),
]

QUERIES = [
    ("q1", "Namgang Construction", "Organization", "", ""),
    ("q2", "Nam Gang General Construction Co., Ltd", "", "kp", ""),
    ("q3", "Chongbong Overseas Building Corp", "", "", ""),
    ("q4", "Park Myung Chul", "Person", "", "1971-02-03"),
    ("q5", "Baltic Timber", "", "ru", ""),
    ("q6", "", "", "", ""),  # a bad row: empty name
    ("q7", "Pak Myong-chol", "Person", "kp", "1971"),
    ("q8", "Sunrise Bakery", "", "", ""),  # nothing listed
    ("q9", "General Construction", "Company", "", ""),
    ("q10", "Namgang", "Vessel", "", ""),
    ("q11", "Chongbong", "Spaceship", "", ""),  # a bad row: unknown schema
    ("q12", "  Myong Chol Pak  ", "any", "KP", "1971-02"),
]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = build_session("local[2]", app_name="laborwatch-tests")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    return ScreeningIndex(LISTED)


def write_csv(path: Path, *, extra_rows: str = "") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "schema", "country", "birth_date"])
        writer.writerows(QUERIES)
        handle.write(extra_rows)
    return path


def run_both(index: ScreeningIndex, source: str, local_out: Path, spark_out: str, **kw: Any
             ) -> tuple[BatchSummary, BatchSummary]:
    args = {"limit": 3, "threshold": 0.5, **kw}
    local = LocalEngine(processes=1).run(source, str(local_out), index=index, **args)
    remote = SparkEngine("local[2]").run(source, spark_out, index=index, **args)
    return local, remote


def same_summary(local: BatchSummary, remote: BatchSummary) -> None:
    assert (remote.records, remote.hits) == (local.records, local.hits)
    assert [(e.line, e.message) for e in remote.errors] == [(e.line, e.message) for e in local.errors]


def test_csv_output_is_byte_for_byte_the_local_engines(spark: Any, index: ScreeningIndex, tmp_path: Path) -> None:
    # a quoted name over two lines, and a row with one field too many: line numbers must still agree
    source = write_csv(tmp_path / "in.csv", extra_rows='q13,"Namgang\nConstruction",,,\nq14,Baltic,,,,extra\n')
    local, remote = run_both(index, str(source), tmp_path / "local.csv", str(tmp_path / "spark.csv"))
    assert (tmp_path / "spark.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()
    same_summary(local, remote)
    assert local.hits >= 8 and {e.line for e in local.errors} == {7, 12, 16}


def test_parquet_in_and_out_match_row_for_row(spark: Any, index: ScreeningIndex, tmp_path: Path) -> None:
    columns = list(zip(*QUERIES, strict=True))
    table = pa.table({"id": columns[0], "name": columns[1], "schema": columns[2], "country": columns[3],
                      "birth_date": columns[4]})
    pq.write_table(table, tmp_path / "in.parquet")
    local, remote = run_both(index, str(tmp_path / "in.parquet"), tmp_path / "local.parquet",
                             str(tmp_path / "spark.parquet"), threshold=0.0)
    ours, theirs = pq.read_table(tmp_path / "local.parquet"), pq.read_table(tmp_path / "spark.parquet")
    assert theirs.column_names == list(OUTPUT_COLUMNS)
    assert theirs.schema.equals(ours.schema) and theirs.to_pylist() == ours.to_pylist()
    same_summary(local, remote)
    assert local.hits > local.records  # threshold 0 keeps the weak candidates too


def read_dataset_csv(folder: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for part in sorted(folder.glob("part-*.csv")):
        with part.open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


def test_uris_are_read_and_written_by_spark_as_datasets(spark: Any, index: ScreeningIndex, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", extra_rows="q14,Baltic,,,,extra\n")
    uri = source.resolve().as_uri()  # file:///…: read by the executors, not the driver
    out = tmp_path / "hits.csv"
    local, remote = run_both(index, uri.removeprefix("file://"), tmp_path / "local.csv", out.as_uri())
    same_summary(local, remote)
    with (tmp_path / "local.csv").open(encoding="utf-8", newline="") as handle:
        assert read_dataset_csv(out) == list(csv.DictReader(handle))

    parquet_out = tmp_path / "hits.parquet"
    SparkEngine("local[2]").run(uri, parquet_out.as_uri(), index=index, limit=3, threshold=0.5)
    local_rows = [{k: (int(v) if k == "rank" else float(v) if k == "score" else v) for k, v in row.items()}
                  for row in read_dataset_csv(out)]
    parts = sorted(parquet_out.glob("part-*.parquet"))
    assert [row for part in parts for row in pq.read_table(part).to_pylist()] == local_rows


def test_an_unusable_input_is_refused_before_any_work(spark: Any, index: ScreeningIndex, tmp_path: Path) -> None:
    bad = tmp_path / "no-name.csv"
    bad.write_text("id,title\n1,Namgang\n", encoding="utf-8")
    for source in (str(bad), bad.as_uri()):
        with pytest.raises(BatchInputError, match=r"no-name.csv: missing column\(s\) name"):
            SparkEngine("local[2]").run(source, str(tmp_path / "out.csv"), index=index, limit=3, threshold=0.5)
    with pytest.raises(BatchInputError, match=r"unknown file type '\.xlsx'"):
        SparkEngine("local[2]").run(str(bad), str(tmp_path / "out.xlsx"), index=index, limit=3, threshold=0.5)
    assert not (tmp_path / "out.csv").exists()


def test_the_engine_is_chosen_by_name_and_reports_progress(spark: Any, index: ScreeningIndex,
                                                            tmp_path: Path) -> None:
    engine = get_engine("spark")
    assert isinstance(engine, SparkEngine)
    seen: list[int] = []
    summary = engine.run(str(write_csv(tmp_path / "in.csv")), str(tmp_path / "out.csv"), index=index, limit=3,
                         threshold=0.5, on_progress=seen.append)
    assert sum(seen) == len(QUERIES) == summary.records + len(summary.errors)


def test_the_screen_command_runs_a_batch_on_spark(spark: Any, cli: Any, home: Path, tmp_path: Path) -> None:
    from laborwatch.cli.main import app

    listed = tmp_path / "list.csv"
    with listed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "aliases", "schema", "country", "program"])
        for rec in LISTED:
            writer.writerow([rec.entity_id, rec.names[0], ";".join(rec.names[1:]), rec.schema,
                             ";".join(rec.countries), ";".join(rec.programs)])
    assert cli.invoke(app, ["lists", "load", str(listed), "--format", "csv", "--name", "test-list"]).exit_code == 0
    source = tmp_path / "in.csv"
    source.write_text("id,name\na1,Namgang Construction Co\na2,Chongbong Building\na3,Sunrise Bakery\n",
                      encoding="utf-8")
    outputs = {}
    for engine in ("local", "spark"):
        outputs[engine] = tmp_path / f"{engine}.csv"
        extra = ["--spark-master", "local[2]"] if engine == "spark" else []
        result = cli.invoke(app, ["screen", "--input", str(source), "--output", str(outputs[engine]),
                                  "--engine", engine, "--threshold", "0.5", *extra])
        assert result.exit_code == 0, result.output
        assert f"with the {engine} engine" in result.output
    assert outputs["spark"].read_bytes() == outputs["local"].read_bytes()
    assert b"a1,1," in outputs["spark"].read_bytes()
    result = cli.invoke(app, ["screen", "--input", str(source), "--output", str(tmp_path / "x.csv"),
                              "--engine", "local", "--spark-master", "local[2]"])
    assert result.exit_code == 1 and "--spark-master applies to --engine spark only" in result.output
