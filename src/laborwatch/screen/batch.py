"""Batch screening, engine-independent: reading and validating input rows, screening one record, writing rows.

Every engine (local processes, Spark) calls ``screen_record`` for each record, so they produce identical rows.
Input is CSV or Parquet with columns ``id,name`` and optionally ``schema,country,birth_date``; output has
exactly ``OUTPUT_COLUMNS``. A bad input row becomes a ``RowError`` naming its line; it does not stop the rest.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from laborwatch.screen.index import ScreeningIndex

OUTPUT_COLUMNS = ("query_id", "rank", "score", "entity_id", "list", "matched_name", "caption", "schema",
                  "programs", "explanation")
INPUT_REQUIRED = ("id", "name")
INPUT_OPTIONAL = ("schema", "country", "birth_date")
SCHEMAS = ("any", "Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
MAX_NAME_CHARS = 500


class BatchInputError(ValueError):
    """The input file as a whole cannot be read (missing file, wrong format, missing columns)."""


@dataclass(frozen=True)
class InputRecord:
    line: int  # the line (CSV) or row (Parquet, counting the header as line 1) the record came from
    id: str
    name: str
    schema: str = "any"
    country: str | None = None
    birth_date: str | None = None


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


OutputRow = dict[str, Any]


@dataclass
class BatchSummary:
    engine: str
    records: int = 0
    hits: int = 0
    errors: list[RowError] = field(default_factory=list)
    seconds: float = 0.0
    output_path: str = ""


def file_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix in (".csv", ".txt", ""):
        return "csv"
    raise BatchInputError(f"{path}: unknown file type {suffix!r}; use .csv or .parquet")


def validate_row(line: int, row: dict[str, Any]) -> InputRecord | RowError:
    """Check one input row; the error names the field and what was expected."""
    def text(key: str) -> str:
        value = row.get(key)
        return "" if value is None else str(value).strip()

    qid, name = text("id"), text("name")
    if not qid:
        return RowError(line, "empty id (every row needs an id)")
    if not name:
        return RowError(line, f"empty name for id {qid!r}")
    if len(name) > MAX_NAME_CHARS:
        return RowError(line, f"name for id {qid!r} is {len(name)} characters; at most {MAX_NAME_CHARS}")
    if "\x00" in name:
        return RowError(line, f"name for id {qid!r} contains a NUL byte")
    schema = text("schema") or "any"
    if schema not in SCHEMAS:
        return RowError(line, f"schema {schema!r} for id {qid!r}; expected one of {', '.join(SCHEMAS)}")
    country = text("country") or None
    if country is not None and not _COUNTRY.match(country):
        return RowError(line, f"country {country!r} for id {qid!r}; expected a two-letter ISO code")
    birth = text("birth_date") or None
    if birth is not None and not _DATE.match(birth):
        return RowError(line, f"birth_date {birth!r} for id {qid!r}; expected YYYY, YYYY-MM or YYYY-MM-DD")
    return InputRecord(line, qid, name, schema, country.lower() if country else None, birth)


def read_input(path: str | Path) -> Iterator[InputRecord | RowError]:
    """Records and row errors, in file order. Raises ``BatchInputError`` when the file itself is unusable."""
    path = Path(path)
    if not path.is_file():
        raise BatchInputError(f"{path}: no such file")
    if file_format(path) == "parquet":
        yield from _read_parquet(path)
    else:
        yield from _read_csv(path)


def _check_columns(path: Path, columns: Iterable[str]) -> None:
    missing = [c for c in INPUT_REQUIRED if c not in set(columns)]
    if missing:
        raise BatchInputError(f"{path}: missing column(s) {', '.join(missing)}; "
                              f"expected id,name and optionally {','.join(INPUT_OPTIONAL)}")


def _read_csv(path: Path) -> Iterator[InputRecord | RowError]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
        with handle:
            reader = csv.DictReader(handle)
            _check_columns(path, reader.fieldnames or [])
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    yield RowError(reader.line_num, f"unreadable CSV row: {exc}")
                    continue
                if None in row:  # more fields than the header
                    yield RowError(reader.line_num, f"{len(reader.fieldnames or []) + len(row[None])} fields; "
                                   f"the header has {len(reader.fieldnames or [])}")
                    continue
                yield validate_row(reader.line_num, row)
    except UnicodeDecodeError as exc:
        raise BatchInputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def _read_parquet(path: Path) -> Iterator[InputRecord | RowError]:
    import pyarrow.parquet as pq  # optional dependency (laborwatch[parquet])

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise BatchInputError(f"{path}: not a readable Parquet file ({exc})") from exc
    _check_columns(path, pf.schema_arrow.names)
    line = 1
    for batch in pf.iter_batches(batch_size=4096):
        for row in batch.to_pylist():
            line += 1
            yield validate_row(line, row)


def screen_record(index: ScreeningIndex, record: InputRecord, *, limit: int, threshold: float) -> list[OutputRow]:
    """The output rows for one input record: pure, deterministic, the same in every engine."""
    matches = index.search(record.name, limit=limit, threshold=threshold, schema=record.schema,
                           country=record.country, birth_date=record.birth_date, explain=True)
    return [{
        "query_id": record.id,
        "rank": rank,
        "score": m.score,
        "entity_id": m.record.entity_id,
        "list": m.record.list_name,
        "matched_name": m.matched_name,
        "caption": m.record.caption,
        "schema": m.record.schema,
        "programs": ";".join(m.record.programs),
        "explanation": json.dumps(m.explanation, ensure_ascii=False, sort_keys=True),
    } for rank, m in enumerate(matches, start=1)]


class OutputWriter:
    """Writes rows to CSV or Parquet (in row groups), with exactly ``OUTPUT_COLUMNS``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.format = file_format(self.path)
        self.rows = 0
        self._buffer: list[OutputRow] = []
        self._parquet: Any = None
        self._handle: Any = None
        self._csv: Any = None
        if self.format == "csv":
            self._handle = self.path.open("w", encoding="utf-8", newline="")
            self._csv = csv.DictWriter(self._handle, fieldnames=OUTPUT_COLUMNS)
            self._csv.writeheader()

    def write(self, rows: Iterable[OutputRow]) -> None:
        for row in rows:
            self.rows += 1
            if self._csv is not None:
                self._csv.writerow(row)
            else:
                self._buffer.append(row)
                if len(self._buffer) >= 50_000:
                    self._flush_parquet()

    def _flush_parquet(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([("query_id", pa.string()), ("rank", pa.int32()), ("score", pa.float64()),
                            ("entity_id", pa.string()), ("list", pa.string()), ("matched_name", pa.string()),
                            ("caption", pa.string()), ("schema", pa.string()), ("programs", pa.string()),
                            ("explanation", pa.string())])
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self.path, schema)
        table = pa.Table.from_pylist(self._buffer, schema=schema)
        self._parquet.write_table(table)
        self._buffer = []

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
        if self.format == "parquet":
            if self._buffer or self._parquet is None:
                self._flush_parquet()
            self._parquet.close()

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
