"""Time expressions in prose and what they mean against the publication date.

"in 2010" -> 2010; "March 2017" -> 2017-03; "14 March 2017" -> 2017-03-14; "last year" -> the year before
publication; "last month" -> the month before (or the publication year when only the year is known, since the
month cannot be determined); "this year", "this month", "now", "currently" -> publication time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from laborwatch.evidence.countries import trie_pattern

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
_ABBR = {m[:3]: i for m, i in MONTHS.items()} | {"sept": 9}
# Trie-shaped alternations (see laborwatch.evidence.countries.trie_pattern): the pattern runs at every word.
_MONTH = "(?:" + trie_pattern(sorted(
    [*MONTHS, "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.",
     "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"],
    key=len, reverse=True)) + ")"
_LEAD = "(?:(?:" + trie_pattern(sorted(
    ["in", "as of", "as at", "by", "since", "at the end of", "by the end of", "end of", "until", "during", "from",
     "early", "late", "mid", "mid-", "the end of", "the start of", "start of", "the beginning of",
     "as recently as", "before", "after", "on", "in the first half of", "in the second half of",
     "the first half of", "the second half of", "in the middle of", "the middle of", "in the first quarter of",
     "the first quarter of", "in the last quarter of", "the last quarter of"], key=len, reverse=True)) + r")\s+)"
TIME_RE = re.compile(
    rf"(?P<dmy>\b(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH})\s+(?P<y1>(?:19|20)\d\d)\b)"
    rf"|(?P<mdy>\b(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}}),?\s+(?P<y2>(?:19|20)\d\d)\b)"
    rf"|(?P<my>\b(?P<m3>{_MONTH})\s+(?:of\s+)?(?P<y3>(?:19|20)\d\d)\b)"
    rf"|(?P<iso>\b(?P<y4>(?:19|20)\d\d)-(?P<m4>[01]\d)(?:-(?P<d4>[0-3]\d))?\b)"
    rf"|(?P<year>(?<![\w$-]){_LEAD}(?:the\s+)?(?:(?:early|late|mid-?)\s*)?(?P<y5>(?:19|20)\d\d)(?![\w-]|,\d))"
    rf"|(?P<paren>\((?P<y6>(?:19|20)\d\d)\))"
    rf"|(?P<label>(?:(?<=\n)|^)[ \t]*(?P<y8>(?:19|20)\d\d)(?=[ \t]*[:–—]))"
    # "a 2017 estimate", "A 2015 UN report": the year of a source dates the figure it gives
    rf"|(?P<source>\b(?:an?|the|its|their)\s+(?P<y9>(?:19|20)\d\d)(?=\s+(?:[A-Z][\w.]*\s+){{0,2}}(?:[a-z]+\s+)?"
    rf"(?:report|estimate|study|survey|census|advisory|paper|count|assessment|figures|data|statistics|review)s?\b))"
    r"|(?P<rel>\b(?:last|this|next|the previous|the past|a)\s+(?P<unit>year|month|week|summer|spring|autumn|"
    r"fall|winter)(?:\s+ago)?\b|\b(?P<ago>two|three|four|five|2|3|4|5)\s+years\s+ago\b|\byesterday\b|"
    r"\b(?:currently|now|today|at present|at the moment)\b)"
    rf"|(?P<mon>\b(?:in|since|by|during|until|as of)\s+(?P<m7>{_MONTH})(?!\s+\d)\b)",
    re.IGNORECASE)
_AGO = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}


@dataclass(frozen=True)
class TimeExpression:
    start: int
    end: int
    value: str | None  # YYYY, YYYY-MM or YYYY-MM-DD; None when it cannot be resolved
    relative: bool
    since: bool = False  # "since 2010" starts a period; a figure is not as of that date


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or _ABBR[key[:4] if key.startswith("sept") else key[:3]]


def _published_parts(published: str | None) -> tuple[int | None, int | None, int | None]:
    if not published:
        return None, None, None
    parts = [int(p) for p in published.split("-")]
    return parts[0], (parts[1] if len(parts) > 1 else None), (parts[2] if len(parts) > 2 else None)


def _relative(phrase: str, ago: str | None, published: str | None) -> str | None:
    year, month, day = _published_parts(published)
    if year is None:
        return None
    low = phrase.lower()
    if ago:
        return str(year - _AGO[ago.lower()])
    if "year" in low:
        if low.startswith(("last", "the previous", "the past", "a year")):
            return str(year - 1)
        return str(year + 1) if low.startswith("next") else str(year)
    if "month" in low:
        if month is None:
            return str(year)  # the month is not determinable; the year is the best known
        if low.startswith(("last", "the previous", "the past", "a month")):
            return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"
        return f"{year}-{month:02d}"
    if "week" in low or low == "yesterday":
        if day is None or month is None:
            return f"{year}-{month:02d}" if month else str(year)
        days = 1 if low == "yesterday" else 7
        return (date(year, month, day) - timedelta(days=days)).isoformat()
    if any(season in low for season in ("summer", "spring", "autumn", "fall", "winter")):
        return str(year - 1) if low.startswith("last") else str(year)
    if low.startswith("this"):
        return published  # "this year" still dates a figure to the year of writing
    return None  # currently, now, today: the time of writing, which an undated figure means anyway


def find_times(text: str, published: str | None) -> list[TimeExpression]:
    """Every time expression in ``text`` with its resolved value."""
    found: list[TimeExpression] = []
    pub_year, pub_month, _ = _published_parts(published)
    for m in TIME_RE.finditer(text):
        value: str | None
        if m.group("dmy"):
            value = f"{m.group('y1')}-{_month(m.group('m1')):02d}-{int(m.group('d1')):02d}"
        elif m.group("mdy"):
            value = f"{m.group('y2')}-{_month(m.group('m2')):02d}-{int(m.group('d2')):02d}"
        elif m.group("my"):
            value = f"{m.group('y3')}-{_month(m.group('m3')):02d}"
        elif m.group("iso"):
            value = m.group("iso")
        elif m.group("year"):
            value = m.group("y5")
        elif m.group("paren"):
            value = m.group("y6")
        elif m.group("source"):
            value = m.group("y9")
        elif m.group("label"):
            value = m.group("y8")  # "2019: Kuwait tells the UN ...": a timeline's line dates what it states
        elif m.group("mon"):
            month = _month(m.group("m7"))
            if pub_year is None:
                value = None
            else:  # a bare month is the latest such month not after publication
                year = pub_year - 1 if pub_month is not None and month > pub_month else pub_year
                value = f"{year}-{month:02d}"
        else:
            value = _relative(m.group("rel"), m.group("ago"), published)
            found.append(TimeExpression(m.start(), m.end(), value, True))
            continue
        found.append(TimeExpression(m.start(), m.end(), _valid(value), m.group("mon") is not None,
                                    m.group(0).lower().startswith("since")))
    return found


def _valid(value: str | None) -> str | None:
    if value is None:
        return None
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None
    return value
