"""One accepted claim as a dated, sourced figure: the unit reconciliation works on.

A figure is never merged with another. Reconciliation only compares figures (ranges, conflicts, trends); it
never adds or averages figures from different sources, because sources count different things (people
present, permits, entries) and often repeat one another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Categories that count people present (a stock). Flows (visas issued, people sent home) are shown as records
# but never taken for an estimate of how many workers are in a country.
HEADLINE_CATEGORIES = ("all", "remaining", "permits")
STOCK_CATEGORIES = (*HEADLINE_CATEGORIES, "civilian", "soldier", "it_worker", "other")
# Flags that keep a figure out of estimates: running totals of other figures, quotas (ceilings), pending events.
EXCLUDING_FLAGS = ("cumulative", "ceiling", "pending")
CREDIBLE_RELIABILITY = ("primary", "secondary", None)


@dataclass
class SourceRef:
    """Where a figure comes from: a stored document (with the exact quote) or a citation."""

    publisher: str | None
    date: str | None
    url: str | None
    title: str | None = None
    reliability: str | None = None
    quote: str | None = None
    document_sha256: str | None = None
    page: int | None = None

    def key(self) -> str:
        """Identity of the source for the appendix: one stored document, or one URL, or one publisher."""
        return self.document_sha256 or self.url or f"{self.publisher}|{self.title}|{self.date}"


@dataclass
class Figure:
    claim_id: str
    kind: str
    country: str | None
    source: SourceRef
    count: int | None = None
    low: int | None = None
    high: int | None = None
    qualifier: str | None = None
    category: str | None = None
    as_of: str | None = None
    attributed_to: str | None = None
    originator: str | None = None
    restricted: bool = False
    flags: tuple[str, ...] = ()
    caveat: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def date(self) -> str | None:
        """The date the figure refers to; failing that, when its source was published."""
        return self.as_of or self.source.date

    @property
    def dated_by_publication(self) -> bool:
        return not self.as_of and bool(self.source.date)

    @property
    def year(self) -> int | None:
        d = self.date
        return int(d[:4]) if d and d[:4].isdigit() else None

    @property
    def interval(self) -> tuple[int | None, int | None]:
        """(lower, upper) bounds the figure states; None where it leaves a side open."""
        q = self.qualifier
        if q == "range":
            return self.low, self.high
        if q == "more_than":
            return (self.low if self.low is not None else self.count), None
        if q in ("up_to", "less_than"):
            return None, (self.high if self.high is not None else self.count)
        point = self.count if self.count is not None else (self.low if self.low is not None else self.high)
        return point, point

    @property
    def credible(self) -> bool:
        return self.source.reliability in CREDIBLE_RELIABILITY

    @property
    def independence_key(self) -> str:
        """Who originated the figure: several outlets repeating one originator count as one source."""
        return normalise_originator(self.originator or self.attributed_to or self.source.publisher
                                    or self.source.document_sha256 or self.claim_id)

    def text(self) -> str:
        return format_figure(self.qualifier, self.count, self.low, self.high)


def normalise_originator(name: str) -> str:
    """Compare originators by their words: case, punctuation and parenthetical asides do not matter."""
    name = re.sub(r"\([^)]*\)", " ", name.casefold())
    return re.sub(r"[^\w]+", " ", name).strip()


def _n(value: int | None) -> str:
    return f"{value:,}" if value is not None else "?"


def format_figure(qualifier: str | None, count: int | None, low: int | None, high: int | None) -> str:
    if qualifier == "range" or (qualifier is None and low is not None and high is not None and count is None):
        return f"{_n(low)}–{_n(high)}"
    if qualifier == "more_than":
        return f"more than {_n(low if low is not None else count)}"
    if qualifier == "up_to":
        return f"up to {_n(high if high is not None else count)}"
    if qualifier == "less_than":
        return f"fewer than {_n(high if high is not None else count)}"
    if qualifier == "about":
        return f"about {_n(count)}"
    if count is None and (low is not None or high is not None):
        return _n(low if low is not None else high)
    return _n(count)


def overlaps(a: tuple[int | None, int | None], b: tuple[int | None, int | None], tolerance: float = 0.1) -> bool:
    """Do two stated intervals agree, allowing ``tolerance`` (10%) for rounding such as 'about 3,000'?"""
    a_low, a_high = a
    b_low, b_high = b
    if a_low is not None and b_high is not None and a_low > b_high * (1 + tolerance):
        return False
    return not (b_low is not None and a_high is not None and b_low > a_high * (1 + tolerance))
