"""Numbers as people write them, with their qualifiers and ranges."""

from __future__ import annotations

import pytest

from laborwatch.extract.dates import find_times
from laborwatch.extract.numbers import find_numbers, parse_number_words


def _one(text: str) -> tuple[int | None, int | None, int | None, str]:
    found = [m for m in find_numbers(text)]
    assert len(found) == 1, found
    m = found[0]
    return m.count, m.low, m.high, m.qualifier


@pytest.mark.parametrize(("text", "expected"), [
    ("2,000 workers", (2000, None, None, "exact")),
    ("about 1.2 million people", (1_200_000, None, None, "about")),
    ("four thousand workers", (4000, None, None, "exact")),
    ("a hundred workers", (100, None, None, "exact")),
    ("Two thousand workers", (2000, None, None, "exact")),
    ("50,000 to 60,000 laborers", (55_000, 50_000, 60_000, "range")),
    ("400-800 soldiers", (600, 400, 800, "range")),
    ("between 10,000 and 15,000 laborers", (12_500, 10_000, 15_000, "range")),
    ("1 to 2 million", (1_500_000, 1_000_000, 2_000_000, "range")),
    ("some 3,000", (3000, None, None, "about")),
    ("nearly 3,000", (3000, None, None, "about")),
    ("almost 2,500", (2500, None, None, "about")),
    ("more than 1,500", (1500, None, None, "more_than")),
    ("fewer than 300", (300, None, None, "less_than")),
    ("up to 2,000", (2000, None, None, "up_to")),
    ("as many as 20,000", (20_000, None, None, "up_to")),
    ("2,000+ workers", (2000, None, None, "more_than")),
])
def test_numbers_as_written(text: str, expected: tuple[int | None, int | None, int | None, str]) -> None:
    assert _one(text) == expected


def test_vague_amounts_have_no_count() -> None:
    for text in ("tens of thousands of workers", "thousands of North Koreans", "several hundred more"):
        m = find_numbers(text)[0]
        assert m.vague and m.count is None and m.qualifier == "about"


def test_a_change_is_two_figures_not_a_range() -> None:
    found = find_numbers("has dropped from about 4,000 last year to approximately 3,200")
    assert [(m.count, m.qualifier) for m in found] == [(4000, "about"), (3200, "about")]


def test_offsets_cover_the_written_number() -> None:
    text = "Officials say roughly four thousand workers"
    m = find_numbers(text)[0]
    assert text[m.start:m.end] == "roughly four thousand"
    assert text[m.value_start:m.end] == "four thousand"


def test_dates_and_decimals_are_not_counts() -> None:
    assert [m.count for m in find_numbers("on 14 March 2017")] == [2017]
    assert find_numbers("in their 20s") == []
    assert find_numbers("a rate of 3.5") == []


def test_number_words() -> None:
    assert parse_number_words("twenty-five thousand") == 25_000
    assert parse_number_words("two dozen") == 24
    assert parse_number_words("one hundred and twenty") == 120
    assert parse_number_words("many") is None


@pytest.mark.parametrize(("phrase", "published", "value"), [
    ("in 2010", "2016", "2010"),
    ("last year", "2016", "2015"),
    ("last month", "2016", "2016"),  # the month cannot be known from a year
    ("last month", "2016-01-05", "2015-12"),
    ("this month", "2017-03-14", "2017-03"),
    ("as of October 2019", None, "2019-10"),
    ("on 14 March 2017", None, "2017-03-14"),
    ("in December", "2018-01-05", "2017-12"),
    ("a year earlier", "2019-12-20", "2018"),
])
def test_time_expressions(phrase: str, published: str | None, value: str) -> None:
    assert [t.value for t in find_times(phrase, published)] == [value]


def test_relative_dates_without_publication_stay_unknown() -> None:
    assert [t.value for t in find_times("last year", None)] == [None]
