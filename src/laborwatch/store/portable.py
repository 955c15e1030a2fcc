"""Rows as plain JSON values that mean the same thing on SQLite and PostgreSQL.

A backup must restore byte-for-byte equal data on either backend, so each column type gets one explicit
encoding instead of whatever the driver happens to return:

- date-times: ISO 8601 in UTC with an explicit ``+00:00`` (SQLite hands back naive values that LaborWatch
  always wrote in UTC; PostgreSQL hands back aware values in the session's time zone);
- JSON columns: the JSON text as a string, and ``null`` only for SQL NULL, so a stored JSON ``null``
  and a missing value stay different;
- binary: base64; booleans, integers, floats and text: themselves.

A column type without an encoding here is refused when the backup starts rather than written lossily.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    null,
)

Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]


class UnsupportedColumn(TypeError):
    """A column type the backup format has no portable encoding for."""


def _encode_datetime(value: Any) -> str:
    if not isinstance(value, datetime):
        raise TypeError(f"expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None:  # SQLite: LaborWatch writes UTC (store.db.utcnow), the driver drops the zone
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def _decode_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 date-time string, got {value!r}")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"date-time without a time zone: {value!r}")
    return parsed.astimezone(UTC)


def _encode_date(value: Any) -> str:
    if not isinstance(value, date):
        raise TypeError(f"expected a date, got {type(value).__name__}")
    return value.isoformat()


def _decode_date(value: Any) -> date:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 date string, got {value!r}")
    return date.fromisoformat(value)


def _encode_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _decode_json(value: Any) -> Any:
    if not isinstance(value, str):
        raise TypeError(f"expected JSON text, got {value!r}")
    return json.loads(value)


def _json_value(value: Any) -> Any:
    # Handed a plain None, SQLAlchemy would store SQL NULL or JSON null depending on the column's flags
    return JSON.NULL if value is None else value


def _encode_bytes(value: Any) -> str:
    return base64.b64encode(bytes(value)).decode("ascii")


def _decode_bytes(value: Any) -> bytes:
    if not isinstance(value, str):
        raise TypeError(f"expected base64 text, got {value!r}")
    return base64.b64decode(value, validate=True)


def _typed(kind: type | tuple[type, ...], label: str) -> Encoder:
    def check(value: Any) -> Any:
        # bool is an int subclass in Python; an integer column must not accept true/false and vice versa
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise TypeError(f"expected {label}, got {value!r}")
        return value

    return check


def _float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


def codec(column: Column[Any]) -> tuple[Encoder, Decoder]:
    """The (encode, decode) pair for one column; neither sees SQL NULL, which is always JSON null."""
    kind = column.type
    if isinstance(kind, JSON):
        return _encode_json, _decode_json
    if isinstance(kind, DateTime):
        return _encode_datetime, _decode_datetime
    if isinstance(kind, Date):
        return _encode_date, _decode_date
    if isinstance(kind, Boolean):
        return _typed(bool, "true or false"), _typed(bool, "true or false")
    if isinstance(kind, Integer):
        return _typed(int, "an integer"), _typed(int, "an integer")
    if isinstance(kind, Float | Numeric):
        return _float, _float
    if isinstance(kind, String):  # Text is a String
        return _typed(str, "a string"), _typed(str, "a string")
    if isinstance(kind, LargeBinary):
        return _encode_bytes, _decode_bytes
    raise UnsupportedColumn(
        f"column {column.table.name}.{column.name} has type {kind!r}, which the backup format cannot encode; "
        "add an encoding to laborwatch.store.portable"
    )


class TableCodec:
    """Encodes rows of one table to JSON objects and back, checking each value against its column."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.columns = [c.name for c in table.columns]
        self._codecs = {c.name: codec(c) for c in table.columns}
        self.json_columns = [c.name for c in table.columns if isinstance(c.type, JSON)]

    def encode(self, row: dict[str, Any], sql_null: set[str]) -> dict[str, Any]:
        """``sql_null`` names the JSON columns that hold SQL NULL (as opposed to a JSON ``null``)."""
        out: dict[str, Any] = {}
        for name in self.columns:
            value = row[name]
            if name in sql_null or (value is None and name not in self.json_columns):
                out[name] = None
            else:
                out[name] = self._codecs[name][0](value)
        return out

    def decode(self, record: Any) -> dict[str, Any]:
        """Values ready to insert: JSON columns get ``null()`` for SQL NULL and ``JSON.NULL`` for JSON null."""
        if not isinstance(record, dict):
            raise ValueError(f"expected a JSON object, got {type(record).__name__}")
        names = set(record)
        if names != set(self.columns):
            missing = sorted(set(self.columns) - names)
            extra = sorted(names - set(self.columns))
            raise ValueError(f"columns differ from table {self.table.name}: missing {missing}, unexpected {extra}")
        out: dict[str, Any] = {}
        for name in self.columns:
            value = record[name]
            try:
                if name in self.json_columns:
                    out[name] = null() if value is None else _json_value(self._codecs[name][1](value))
                else:
                    out[name] = None if value is None else self._codecs[name][1](value)
            except (TypeError, ValueError) as exc:
                raise ValueError(f"column {name}: {exc}") from exc
        return out
