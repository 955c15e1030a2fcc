"""The issue's own examples against the real OFAC SDN CSV files in ../shared (2021)."""

from __future__ import annotations

import pytest

from laborwatch.screen import ScreeningIndex
from laborwatch.screen.formats import read_list
from laborwatch.screen.index import DEFAULT_THRESHOLD
from tests.conftest import SHARED

OFAC_CSV = SHARED / "sanctions" / "ofac-csv-2021"


@pytest.fixture(scope="module")
def ofac() -> ScreeningIndex:
    if not (OFAC_CSV / "sdn.csv").is_file():
        pytest.skip("../shared/sanctions is not beside the repository")
    return ScreeningIndex(read_list(OFAC_CSV, "ofac-csv").records)


@pytest.mark.parametrize(("query", "schema", "expected"), [
    ("Cholhyun Overseas Construction", "Organization", "sdn-23084"),
    ("Namgang Construction", "Organization", "sdn-19612"),
    ("Lee Eun Song", "Person", "sdn-23013"),
    ("리은성", "Person", "sdn-23013"),
])
def test_news_spellings_alert_on_the_listed_party(ofac: ScreeningIndex, query: str, schema: str,
                                                  expected: str) -> None:
    hits = ofac.search(query, schema=schema, threshold=DEFAULT_THRESHOLD)
    assert hits and hits[0].record.entity_id == expected
    assert hits[0].explanation["matched_name"] in hits[0].record.names


def test_an_innocent_korean_customer_does_not_alert(ofac: ScreeningIndex) -> None:
    assert ofac.search("Lee Min-jun", schema="Person", threshold=DEFAULT_THRESHOLD) == []
