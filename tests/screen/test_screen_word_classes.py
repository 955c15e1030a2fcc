"""A word's class depends on the name it is in: what keeps near-miss names from alerting.

Each case is a false alert a compliance team would otherwise clear by hand: a company query against a listed
person with the same words, a query of legal forms alone, a stray trailing word, a Chinese name folded into a
Korean one. Each also checks the real match still alerts, so the rule cannot pass by silencing everything.
"""

from __future__ import annotations

import pytest

from laborwatch.screen import ListedRecord, ScreeningIndex
from laborwatch.screen.fastscore import score_many
from laborwatch.screen.index import DEFAULT_THRESHOLD
from laborwatch.screen.korean import korean_key
from laborwatch.screen.normalize import name_classes
from laborwatch.screen.scorer import GENERIC_CAP, name_score

# Invented parties; the shapes are the ones real lists carry.
LISTED = [
    ListedRecord("p-pao", "test", "Person", "PAO, Wen Kai", ["PAO, Wen Kai"], ["tw"]),
    ListedRecord("p-tarek", "test", "Person", "TAREK", ["TAREK"], ["ly"]),
    ListedRecord("v-orion", "test", "Vessel", "ORION STAR", ["ORION STAR"]),
    ListedRecord("c-miramar", "test", "Company", "CONSTRUCTORA MIRAMAR S.A.", ["CONSTRUCTORA MIRAMAR S.A."], ["mx"]),
    ListedRecord("c-yas", "test", "Company", "Y.A.S. Co. Ltd", ["Y.A.S. Co. Ltd"], ["ae"]),
    ListedRecord("c-general", "test", "Company", "GENERAL TRADING COMPANY", ["GENERAL TRADING COMPANY"], ["kp"]),
    ListedRecord("p-chu", "test", "Person", "CHU, Na", ["CHU, Na"], ["kp"], [], ["DPRK3"]),
    ListedRecord("c-ins", "test", "Company", "I&S HOLDING COMPANY, S.A.", ["I&S HOLDING COMPANY, S.A."], ["pa"]),
    ListedRecord("c-synesis", "test", "Company", "JSC SYNESIS", ["JSC SYNESIS"], ["ru"]),
    ListedRecord("p-co", "test", "Person", "CO, Augusto Mario", ["CO, Augusto Mario"], ["gw"]),
]


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    return ScreeningIndex(LISTED)


def best(index: ScreeningIndex, name: str, schema: str = "any") -> tuple[str, float, dict[str, object]]:
    match = index.search(name, limit=1, schema=schema)[0]
    return match.record.entity_id, match.score, match.explanation


def test_a_persons_surname_is_never_a_legal_form() -> None:
    assert name_classes(("pao", "wen", "kai")) == ("legal_form", "name", "name")
    assert name_classes(("pao", "wen", "kai"), person=True) == ("name", "name", "name")


def test_a_query_that_drops_a_persons_surname_does_not_alert(index: ScreeningIndex) -> None:
    # PAO is a Russian legal form (PJSC); as a surname it weighs as much as any name word
    assert best(index, "Pao Wen Kai", "Person")[:2] == ("p-pao", 1.0)
    entity, score, _ = best(index, "Wen Kai", "Person")
    assert entity == "p-pao" and score < DEFAULT_THRESHOLD


def test_a_name_with_a_companys_legal_form_is_not_a_listed_person_or_vessel(index: ScreeningIndex) -> None:
    for query, listed in (("Tarek Limited", "p-tarek"), ("Orion Star Ltd", "v-orion")):
        entity, score, why = best(index, query)
        assert entity == listed and score < DEFAULT_THRESHOLD, (query, score)
        notes = why["adjustments"]
        assert isinstance(notes, list) and notes[0]["feature"] == "schema_mismatch"
        assert "legal form" in notes[0]["query"]
    assert best(index, "Tarek")[:2] == ("p-tarek", 1.0)
    assert best(index, "Orion Star")[:2] == ("v-orion", 1.0)


def test_a_query_of_legal_forms_alone_ranks_but_never_alerts(index: ScreeningIndex) -> None:
    found = index.search("Limited S.A.", limit=3, schema="Company")
    assert found and all(m.score <= GENERIC_CAP for m in found)
    assert not index.search("Co. Ltd", threshold=DEFAULT_THRESHOLD)
    capped = [m for m in found if "generic_query" in m.explanation]
    assert capped and capped[0].explanation["generic_query"]["cap"] == GENERIC_CAP
    # a listed name made of such words still matches itself exactly
    assert best(index, "General Trading Company")[:2] == ("c-general", 1.0)
    # letters in a row that are no legal form are an initialism, and name a party
    entity, score, why = best(index, "I&S Holding Company")
    assert entity == "c-ins" and score >= DEFAULT_THRESHOLD and "generic_query" not in why


def test_a_short_legal_form_that_is_also_a_surname_does_not_make_a_person_a_company(index: ScreeningIndex) -> None:
    entity, score, why = best(index, "Augusto Mario Co")
    assert entity == "p-co" and score >= DEFAULT_THRESHOLD and not why["adjustments"]


def test_one_letter_left_out_of_a_long_word_still_alerts(index: ScreeningIndex) -> None:
    match = index.search("JSC Synsis", limit=1, threshold=DEFAULT_THRESHOLD)
    assert match and match[0].record.entity_id == "c-synesis"
    pairs = {p["query"]: p for p in match[0].explanation["token_pairs"]}
    assert pairs["synsis"]["how"] == "dropped_letter"
    assert not index.search("JSC Sysis", threshold=DEFAULT_THRESHOLD)  # two letters out is another word


def test_a_particle_at_the_end_of_a_query_is_a_word_of_its_own(index: ScreeningIndex) -> None:
    assert name_classes(("constructora", "miramar", "la"), query=True)[-1] == "name"
    assert name_classes(("al", "miramar"), query=True)[0] == "particle"
    entity, score, _ = best(index, "Constructora Miramar La", "Company")
    assert entity == "c-miramar" and score < DEFAULT_THRESHOLD
    assert best(index, "Constructora Miramar", "Company")[1] >= DEFAULT_THRESHOLD


def test_chinese_pinyin_is_not_folded_into_korean_romanization(index: ScreeningIndex) -> None:
    assert korean_key("zhou") != korean_key("chu")
    assert korean_key("zhang") != korean_key("jang")
    assert korean_key("chu") == korean_key("choo")  # the Korean spellings still meet
    assert not index.search("Zhou Na", threshold=DEFAULT_THRESHOLD, schema="Person")
    assert best(index, "Choo Na", "Person")[0] == "p-chu"


@pytest.mark.parametrize(("query", "schema"), [
    ("Limited S.A.", "Company"), ("Wen Kai", "Person"), ("Constructora Miramar La", "any"), ("Tarek Ltd", "any"),
    ("JSC Synsis", "any"), ("Constructra Miramar", "Company"),
])
def test_fast_and_explained_paths_agree_on_word_classes(index: ScreeningIndex, query: str, schema: str) -> None:
    prepared = index.prepare_query(query, schema)
    found = index.candidates(prepared)
    fast = score_many(prepared, [index.names[i] for i in found], [bool(index.name_korean[i]) for i in found])
    for ni, value in zip(found, fast, strict=True):
        assert value == pytest.approx(name_score(prepared, index.names[ni], bool(index.name_korean[ni])))
