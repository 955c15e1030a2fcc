"""Country lookups from names, adjectives, demonyms and places (data/countries.csv)."""

from __future__ import annotations

import pytest

from laborwatch.evidence.countries import country_name, find_countries, lookup_country


@pytest.mark.parametrize(("text", "code"), [
    ("Qatar", "QA"), ("qatari", "QA"), ("Doha", "QA"), ("Ulaanbaatar", "MN"), ("Ulan Bator", "MN"),
    ("Vladivostok", "RU"), ("Primorsky Krai", "RU"), ("Dandong", "CN"), ("Sarawak", "MY"),
    ("the Netherlands", "NL"), ("UAE", "AE"), ("Emirati", "AE"), ("North Korean", "KP"), ("DPRK", "KP"),
    ("Russia's", "RU"), ("ru", "RU"), ("worldwide", "WORLD"), ("  Kuwait  ", "KW"),
])
def test_lookup_country(text: str, code: str) -> None:
    assert lookup_country(text) == code


@pytest.mark.parametrize("text", ["Korea", "Korean", "Atlantis", "", None, "china plates"])
def test_unknown_or_ambiguous_is_none(text: str | None) -> None:
    assert lookup_country(text) is None


def test_country_name() -> None:
    assert country_name("QA") == "Qatar"
    assert country_name("WORLD") == "Worldwide"
    assert country_name("XX") == "XX"
    assert country_name(None) == "unknown country"


def test_find_countries_in_prose_keeps_offsets_and_longest_names() -> None:
    text = "Workers in South Korea's Seoul and in Vladivostok, not in south china porcelain."
    found = find_countries(text)
    assert [(m.code, m.text) for m in found] == [("KR", "South Korea"), ("KR", "Seoul"), ("RU", "Vladivostok")]
    for m in found:
        assert text[m.start:m.end] == m.text
    assert [m.is_place for m in found] == [False, True, True]
