"""Reconciliation rules on figures built in memory: ranges, independence, conflicts, trends, never a sum."""

from __future__ import annotations

from typing import Any

from laborwatch.reconcile.estimates import estimate_country, series, stock_figures
from laborwatch.reconcile.figures import Figure, SourceRef, format_figure, normalise_originator, overlaps


def fig(claim_id: str, count: int | None = None, *, qualifier: str = "about", low: int | None = None,
        high: int | None = None, as_of: str | None = "2019", category: str = "all", attributed_to: str | None = None,
        publisher: str = "Outlet", reliability: str | None = "secondary", flags: tuple[str, ...] = (),
        date: str | None = None, **extra: Any) -> Figure:
    return Figure(claim_id=claim_id, kind="worker_count", country="XX", count=count, low=low, high=high,
                  qualifier=qualifier, category=category, as_of=as_of, attributed_to=attributed_to,
                  source=SourceRef(publisher=publisher, date=date, url=None, reliability=reliability), flags=flags,
                  extra=extra)


def test_estimate_is_the_range_of_the_latest_credible_period_never_a_sum() -> None:
    figures = [fig("a", 3000, as_of="2017-08", attributed_to="Ministry"),
               fig("b", 2500, as_of="2017-09", attributed_to="Officials"),
               fig("c", 4000, as_of="2008", attributed_to="Embassy")]
    est = estimate_country("XX", figures)
    assert (est.low, est.high, est.period) == (2500, 3000, 2017)
    assert est.as_of == "2017-09"
    assert est.text == "2,500–3,000"
    assert est.high != 5500  # the two sources' figures are never added


def test_outlets_repeating_one_originator_count_as_one_source() -> None:
    figures = [fig(f"p{i}", 2000, attributed_to="Yonhap", publisher=f"Paper {i}") for i in range(3)]
    est = estimate_country("XX", figures)
    assert est.independent_sources == 1
    assert est.originators == ["Yonhap"]
    assert est.confidence == "medium"  # one originator, however many outlets
    figures.append(fig("wsj", 1900, attributed_to="The Wall Street Journal"))
    est = estimate_country("XX", figures)
    assert est.independent_sources == 2
    assert est.conflict is False  # 1,900 and "about 2,000" agree within rounding (10%)
    assert est.confidence == "high"


def test_originator_names_compare_by_their_words() -> None:
    assert normalise_originator("Yonhap (Seoul)") == normalise_originator("YONHAP")


def test_conflicting_figures_of_one_period_are_flagged_and_kept_side_by_side() -> None:
    figures = [fig("gov", 6064, qualifier="exact", as_of="2017-08", attributed_to="Manpower authority"),
               fig("ap", 2500, as_of="2017-08", attributed_to="Officials quoted by AP")]
    est = estimate_country("XX", figures)
    assert est.conflict is True
    assert {f.claim_id for f in est.period_figures} == {"gov", "ap"}
    assert est.confidence == "medium"
    assert "side by side" in est.basis


def test_tertiary_sources_are_used_only_when_nothing_better_exists() -> None:
    figures = [fig("blog", 900, as_of="2021", reliability="tertiary"), fig("news", 500, as_of="2019")]
    est = estimate_country("XX", figures)
    assert est.period == 2019 and est.low == 500
    only_blog = estimate_country("XX", [fig("blog", 900, as_of="2021", reliability="tertiary")])
    assert only_blog.period == 2021 and only_blog.confidence == "low"


def test_flows_running_totals_and_quotas_never_feed_an_estimate() -> None:
    figures = [fig("sent-home", 18533, category="repatriated", as_of="2018-12-31"),
               fig("visas", 13221, category="visas_issued", as_of="2024"),
               fig("quota", 3858, category="permits", as_of="2016", flags=("ceiling",)),
               fig("total", 23000, as_of="2019", flags=("cumulative",)),
               fig("present", 11490, qualifier="exact", category="permits", as_of="2018-12-31")]
    assert [f.claim_id for f in stock_figures(figures)] == ["present"]
    assert estimate_country("XX", figures).text == "11,490"


def test_open_bounds_and_trend() -> None:
    figures = [fig("old", 50000, as_of="2019"), fig("new", None, qualifier="more_than", low=100000, as_of="2023-12")]
    est = estimate_country("XX", figures)
    assert est.text == "more than 100,000"
    assert est.open_high is True
    assert est.trend == "rising"
    falling = estimate_country("XX", [fig("a", 30000, as_of="2017"), fig("b", 10000, qualifier="less_than",
                                                                          high=10000, as_of="2019")])
    assert falling.trend == "falling"
    assert falling.text == "up to 10,000"
    assert estimate_country("XX", [fig("a", 100, as_of="2017")]).trend == "unknown"


def test_undated_figures_stay_records_but_a_publication_date_dates_them() -> None:
    undated = fig("u", 700, as_of=None)
    assert estimate_country("XX", [undated]).basis == "no dated stock figure"
    published = fig("p", 700, as_of=None, date="2020-05")
    est = estimate_country("XX", [published])
    assert est.period == 2020 and "publication" in est.basis


def test_figure_text_and_overlap() -> None:
    assert format_figure("range", 600, 400, 800) == "400–800"
    assert format_figure("more_than", None, 50000, None) == "more than 50,000"
    assert format_figure("less_than", None, None, 10000) == "fewer than 10,000"
    assert overlaps((2000, 2000), (1900, 1900))
    assert not overlaps((2500, 2500), (6064, 6064))
    assert overlaps((100000, None), (None, 120000))


def test_series_lists_every_stock_figure_by_year() -> None:
    rows = series([fig("a", 10, as_of="2015"), fig("b", 20, as_of="2014"), fig("c", 5, category="repatriated")])
    assert [(y, lo) for y, lo, _, _ in rows] == [(2014, 20), (2015, 10)]


def test_presence_claims_never_feed_an_estimate() -> None:
    # A presence claim says workers are there without a number; a stray value on one must not become a figure.
    presence = fig("p", 90_000, as_of="2020", attributed_to="Researcher")
    presence.kind = "presence"
    assert stock_figures([presence]) == [] and series([presence]) == []
    assert estimate_country("XX", [presence]).text == "no estimate"
    est = estimate_country("XX", [presence, fig("a", 3000, as_of="2019", attributed_to="Ministry")])
    assert (est.low, est.high, est.period, est.independent_sources) == (3000, 3000, 2019, 1)
