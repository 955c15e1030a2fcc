"""Checking the values a reviewer types before they reach a claim, an entity or an engagement.

Values arrive as text from the command line or a web form, or as Python values from code; ``coerce_field``
turns either into the column's type or raises ``ReviewError`` naming the field and what was expected.
String lengths are checked against the column sizes in the models, so PostgreSQL never truncates or refuses
what SQLite would have taken.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pycountry
from sqlalchemy import String

from laborwatch.review.errors import ReviewError
from laborwatch.store.models import Claim

#: Kinds of claim and the value fields of which at least one must be set (besides provenance).
KIND_REQUIRES: dict[str, tuple[str, ...]] = {
    "worker_count": ("count", "low", "high"),
    "presence": (),  # a vague quantity: North Koreans work there, no figure
    "employer": ("name",),
    "wage": ("gross_per_month", "received_per_month"),
    "policy_action": ("action",),
    "forced_repatriation": (),
}
KINDS = tuple(KIND_REQUIRES)
#: Kinds that say where in a country the workers are (a city, region or site: the ``place`` field).
PLACE_KINDS = ("worker_count", "presence")
#: The figure fields, which a presence claim never has: it is evidence without a number.
FIGURE_FIELDS = ("count", "low", "high")
#: "withdrawn": an extractor's proposal that no one decided and a newer extractor version no longer finds. It is
#: kept for the audit and left out of review queues, reports and listings unless asked for by name.
STATUSES = ("proposed", "accepted", "rejected", "withdrawn")
#: Codes a claim may carry besides ISO 3166-1 alpha-2: the whole world, and Kosovo (user-assigned, widely used).
EXTRA_COUNTRY_CODES = {"WORLD": "World", "XK": "Kosovo"}

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_country(value: str, *, allow_world: bool = True) -> str:
    code = value.strip().upper()
    if code in EXTRA_COUNTRY_CODES and (allow_world or code != "WORLD"):
        return code
    if len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None:
        return code
    hint = ""
    with contextlib.suppress(LookupError):
        hint = f"; did you mean {pycountry.countries.lookup(value.strip()).alpha_2}?"
    raise ReviewError(f"{value!r} is not an ISO 3166-1 alpha-2 country code (like QA or RU){hint}")


def parse_partial_date(value: str) -> str:
    text = value.strip()
    match = _PARTIAL_DATE.match(text)
    if not match:
        raise ReviewError(f"{value!r} is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ReviewError(f"{value!r} is not a real date ({exc})") from None
    return text


def parse_currency(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise ReviewError(f"{value!r} is not an ISO 4217 currency code (like USD or CNY)")
    return code


def parse_url(value: str) -> str:
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
        raise ReviewError(f"{value!r} is not a web address; expected http://… or https://…")
    return text


def _parse_count(value: Any) -> int:
    if isinstance(value, bool):
        raise ReviewError(f"{value!r} is not a whole number")
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip().replace(",", "").replace("_", "")
        if not re.fullmatch(r"\d+", text):
            raise ReviewError(f"{value!r} is not a whole number of zero or more")
        number = int(text)
    if number < 0:
        raise ReviewError(f"{value!r} is negative")
    return number


def _parse_amount(value: Any) -> float:
    try:
        number = float(str(value).strip().replace(",", "")) if not isinstance(value, (int, float)) else float(value)
    except ValueError:
        raise ReviewError(f"{value!r} is not an amount") from None
    if not number >= 0 or number == float("inf"):  # also refuses NaN
        raise ReviewError(f"{value!r} is not an amount of zero or more")
    return number


def _parse_confidence(value: Any) -> float:
    number = _parse_amount(value)
    if number > 1:
        raise ReviewError(f"{value!r} is not a confidence between 0 and 1")
    return number


def _parse_page(value: Any) -> int:
    number = _parse_count(value)
    if number < 1:
        raise ReviewError(f"{value!r} is not a page number (pages start at 1)")
    return number


def _text(value: Any) -> str:
    return str(value).strip()


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "country": lambda v: parse_country(str(v)),
    "count": _parse_count, "low": _parse_count, "high": _parse_count,
    "qualifier": _text, "category": _text, "employer": _text, "sector": _text, "place": _text,
    "action": _text, "event_date": lambda v: parse_partial_date(str(v)),
    "gross_per_month": _parse_amount, "received_per_month": _parse_amount,
    "currency": lambda v: parse_currency(str(v)),
    "name": _text, "role": _text, "attributed_to": _text,
    "as_of": lambda v: parse_partial_date(str(v)),
    "confidence": _parse_confidence,
}
_CITATION_PARSERS: dict[str, Callable[[Any], Any]] = {
    "citation_publisher": _text, "citation_title": _text,
    "citation_date": lambda v: parse_partial_date(str(v)),
    "citation_url": lambda v: parse_url(str(v)), "page": _parse_page,
}

#: Fields a reviewer may set when editing any claim: its values, never its provenance.
VALUE_FIELDS: tuple[str, ...] = tuple(_PARSERS)
#: Provenance fields of a hand-entered claim (no stored document), editable only on such claims.
CITATION_FIELDS: tuple[str, ...] = tuple(_CITATION_PARSERS)


def coerce_field(field: str, value: Any) -> Any:
    """``value`` in the type of claim column ``field``; ``None`` or blank text clears the field."""
    parser = _PARSERS.get(field) or _CITATION_PARSERS.get(field)
    if parser is None:
        raise ReviewError(f"{field!r} is not a claim field that can be set; fields: {', '.join(VALUE_FIELDS)}")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        result = parser(value)
    except ReviewError as exc:
        raise ReviewError(f"{field}: {exc}") from None
    column_type = Claim.__table__.c[field].type
    if isinstance(result, str) and isinstance(column_type, String) and column_type.length \
            and len(result) > column_type.length:
        raise ReviewError(f"{field}: longer than {column_type.length} characters")
    return result


def coerce_fields(changes: Mapping[str, Any], *, allowed: tuple[str, ...]) -> dict[str, Any]:
    """Every change coerced, or a ReviewError naming the first field that is not allowed or not valid."""
    result: dict[str, Any] = {}
    for field, value in changes.items():
        if field not in allowed:
            raise ReviewError(f"{field!r} cannot be set here; fields: {', '.join(allowed)}")
        result[field] = coerce_field(field, value)
    return result


def check_claim_values(kind: str, values: Mapping[str, Any]) -> None:
    """Cross-field rules: a known kind, its required values, a country for worker counts and presence, no figure
    on a presence claim, a place only where a place means something, and a range whose low end is not above its
    high."""
    if kind not in KIND_REQUIRES:
        raise ReviewError(f"{kind!r} is not a kind of claim; kinds: {', '.join(KINDS)}")
    required = KIND_REQUIRES[kind]
    if required and all(values.get(f) is None for f in required):
        raise ReviewError(f"a {kind} claim needs {' or '.join(required)}")
    if kind in PLACE_KINDS and not values.get("country"):
        raise ReviewError(f"a {kind} claim needs a country")
    if kind == "presence" and any(values.get(f) is not None for f in FIGURE_FIELDS):
        # A number would reach estimates through no rule of theirs; a source that gives one is a worker_count.
        raise ReviewError("a presence claim has no figure (count, low, high); record the figure as a "
                          "worker_count claim instead")
    if values.get("place") is not None and kind not in PLACE_KINDS:
        raise ReviewError(f"place applies to {' and '.join(PLACE_KINDS)} claims, not to {kind} claims")
    low, high = values.get("low"), values.get("high")
    if low is not None and high is not None and low > high:
        raise ReviewError(f"low ({low}) is above high ({high})")
