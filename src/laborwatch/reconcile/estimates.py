"""Current estimates per country from its separate, dated, sourced figures.

The rules, in order (each appears in the estimate's ``basis`` so a reader sees why):
1. Only stock figures count (people, permits or workers remaining); flows, running totals, quotas and pending
   events stay records. Headline categories (all, remaining, permits) are used when a country has any; else any
   stock category (civilians, soldiers, IT workers). Presence claims ("thousands of North Korean workers remain")
   carry no number and never feed an estimate; the report lists them as evidence beside it.
2. The estimate period is the most recent year with a credible (primary or secondary, or ungraded stored
   document) figure; a country with only tertiary sources gets its latest year and low confidence.
3. The estimate is the range spanned by that period's credible figures: lowest stated bound to highest. Figures
   are never added or averaged across sources.
4. Figures from one originator (outlets repeating one agency or report) count as one independent source.
5. Figures of the same period from different originators that do not agree (beyond 10% rounding) are a
   conflict: the estimate keeps them side by side and says so.
6. The trend compares the estimate period with the previous year that has figures: rising when the new range
   lies wholly above the old one, falling when wholly below, otherwise unclear.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from laborwatch.reconcile.figures import (
    EXCLUDING_FLAGS,
    HEADLINE_CATEGORIES,
    STOCK_CATEGORIES,
    Figure,
    format_figure,
    overlaps,
)


@dataclass
class Estimate:
    country: str
    low: int | None = None
    high: int | None = None
    open_high: bool = False  # the highest figure is a lower bound only ("more than ...")
    as_of: str | None = None
    period: int | None = None
    figures: list[Figure] = field(default_factory=list)  # the figures behind the estimate
    period_figures: list[Figure] = field(default_factory=list)  # every figure of the period, side by side
    independent_sources: int = 0
    originators: list[str] = field(default_factory=list)
    conflict: bool = False
    trend: str = "unknown"  # rising / falling / unclear / unknown
    trend_basis: str = ""
    confidence: str = "none"  # high / medium / low / none
    basis: str = ""

    @property
    def text(self) -> str:
        if self.low is None and self.high is None:
            return "no estimate"
        if self.open_high and self.high is not None:
            if self.low is None or self.low >= self.high:
                return f"more than {self.high:,}"
            return f"{self.low:,} to more than {self.high:,}"
        if self.low is None:
            return format_figure("up_to", None, None, self.high)
        if self.high is None or self.low == self.high:
            return f"{self.low:,}"
        return f"{self.low:,}–{self.high:,}"


def stock_figures(figures: Iterable[Figure]) -> list[Figure]:
    """The figures that may feed an estimate, by rule 1 (worker counts only: never a presence claim)."""
    usable = [f for f in figures if f.kind == "worker_count" and (f.category or "all") in STOCK_CATEGORIES
              and not set(f.flags) & set(EXCLUDING_FLAGS) and f.year is not None]
    headline = [f for f in usable if (f.category or "all") in HEADLINE_CATEGORIES]
    return headline or usable


def independent_originators(figures: Iterable[Figure]) -> list[str]:
    seen: dict[str, str] = {}
    for f in figures:
        seen.setdefault(f.independence_key, f.originator or f.attributed_to or f.source.publisher or "unnamed")
    return sorted(seen.values(), key=str.casefold)


def _envelope(figures: Iterable[Figure]) -> tuple[int | None, int | None, bool]:
    """Lowest stated bound, highest stated bound, and whether that highest bound is open ("more than")."""
    lows: list[int] = []
    tops: list[tuple[int, bool]] = []  # (value, is an open lower bound)
    for f in figures:
        lo, hi = f.interval
        if lo is not None:
            lows.append(lo)
        if hi is not None:
            tops.append((hi, False))
        elif lo is not None:
            tops.append((lo, True))
    if not tops:
        return None, None, False
    # On a tie a closed bound wins: "6,000" and "more than 6,000" span up to 6,000 as far as anyone states.
    high, open_high = max(tops, key=lambda t: (t[0], not t[1]))
    low = min(lows) if lows else None
    return low, high, open_high


def find_conflicts(figures: list[Figure]) -> bool:
    for i, a in enumerate(figures):
        for b in figures[i + 1:]:
            if a.independence_key != b.independence_key and not overlaps(a.interval, b.interval):
                return True
    return False


def _trend(stock: list[Figure], period: int, credible_only: bool) -> tuple[str, str]:
    earlier = [f for f in stock if f.year is not None and f.year < period and (f.credible or not credible_only)]
    if not earlier:
        return "unknown", "no earlier figure"
    prev_year = max(f.year for f in earlier if f.year is not None)
    prev = [f for f in earlier if f.year == prev_year]
    now = [f for f in stock if f.year == period and (f.credible or not credible_only)]
    p_low, p_high, p_open = _envelope(prev)
    n_low, n_high, n_open = _envelope(now)
    basis = f"{period} ({format_figure('range', None, n_low, n_high)}) against {prev_year} " \
            f"({format_figure('range', None, p_low, p_high)})"
    if n_low is not None and p_high is not None and not p_open and n_low > p_high:
        return "rising", basis
    if n_high is not None and p_low is not None and not n_open and n_high < p_low:
        return "falling", basis
    return "unclear", basis


def estimate_country(country: str, figures: Iterable[Figure]) -> Estimate:
    """The current estimate for one country from its figures (already filtered for edition and as-of date)."""
    stock = stock_figures(figures)
    est = Estimate(country=country)
    if not stock:
        est.basis = "no dated stock figure"
        return est
    credible = [f for f in stock if f.credible]
    pool = credible or stock
    period = max(f.year for f in pool if f.year is not None)
    chosen = sorted((f for f in pool if f.year == period), key=lambda f: (f.date or "", f.claim_id))
    est.period = period
    est.figures = chosen
    est.period_figures = sorted((f for f in stock if f.year == period), key=lambda f: (f.date or "", f.claim_id))
    est.low, est.high, est.open_high = _envelope(chosen)
    est.as_of = max(f.date for f in chosen if f.date)
    est.originators = independent_originators(chosen)
    est.independent_sources = len(est.originators)
    est.conflict = find_conflicts(est.period_figures)
    est.trend, est.trend_basis = _trend(stock, period, bool(credible))
    if not credible:
        est.confidence = "low"
    elif est.independent_sources >= 2 and not est.conflict:
        est.confidence = "high"
    else:
        est.confidence = "medium"
    parts = [f"{len(chosen)} figure(s) of {period} from {est.independent_sources} independent source(s)"]
    if not credible:
        parts.append("only tertiary sources")
    if est.conflict:
        parts.append("figures of the same period disagree and are shown side by side")
    if any(f.dated_by_publication for f in chosen):
        parts.append("some figures dated by their publication, not by the period they describe")
    est.basis = "; ".join(parts)
    return est


def series(figures: Iterable[Figure]) -> list[tuple[int, int | None, int | None, Figure]]:
    """Every stock figure as (year, low, high, figure) for a chart of estimates over time."""
    out = []
    for f in stock_figures(figures):
        lo, hi = f.interval
        if f.year is not None:
            out.append((f.year, lo, hi, f))
    return sorted(out, key=lambda t: (t[0], t[3].claim_id))
