"""Normalization, Korean romanization and the name score: what screening users rely on."""

from __future__ import annotations

import pickle

import pytest

from laborwatch.screen import ListedRecord, ScreeningIndex, similarity
from laborwatch.screen.fastscore import score_many
from laborwatch.screen.korean import hangul_to_mr, korean_key
from laborwatch.screen.normalize import clean, skeleton
from laborwatch.screen.scorer import name_score

# Our own small list; spellings as OFAC and the UN write DPRK names (McCune–Reischauer with apostrophes).
LISTED = [
    ListedRecord("p-1", "test", "Person", "RI, U'n-so'ng", ["RI, U'n-so'ng"], ["kp"], ["1960-05-01"], ["DPRK3"]),
    ListedRecord("p-2", "test", "Person", "KIM, Jong Un", ["KIM, Jong Un"], ["kp"], ["1984-01-08"], ["DPRK3"]),
    ListedRecord("p-3", "test", "Person", "KIM, Jong Il", ["KIM, Jong Il"], ["kp"], ["1941-02-16"], ["DPRK"]),
    ListedRecord("o-1", "test", "Organization", "CH'OLHYO'N OVERSEAS CONSTRUCTION COMPANY",
                 ["CH'OLHYO'N OVERSEAS CONSTRUCTION COMPANY"], ["kp"], [], ["DPRK-NKSPEA"]),
    ListedRecord("o-2", "test", "Organization", "NAMGANG CONSTRUCTION", ["NAMGANG CONSTRUCTION",
                 "NAMGANG GENERAL CONSTRUCTION CO"], ["kp"], [], ["DPRK3"]),
    ListedRecord("o-3", "test", "Company", "BALTIC BUILDING SUPPLY LLC", ["BALTIC BUILDING SUPPLY LLC"], ["ru"], [],
                 ["RUSSIA-EO14024"]),
    ListedRecord("p-4", "test", "Person", "HASSAN, Omar Abdullah", ["HASSAN, Omar Abdullah"], ["sy"], ["1970"],
                 ["SYRIA"]),
    ListedRecord("v-1", "test", "Vessel", "NAM SAN 8", ["NAM SAN 8"], [], [], ["DPRK4"]),
]


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    return ScreeningIndex(LISTED)


def top(index: ScreeningIndex, name: str, **kw: object) -> str | None:
    found = index.search(name, limit=3, **kw)  # type: ignore[arg-type]
    return found[0].record.entity_id if found else None


def test_clean_folds_case_marks_apostrophes_homoglyphs_and_invisible_characters() -> None:
    assert clean("CH'OLHYO'N") == "cholhyon"
    assert clean("Ch’ŏlhyŏn") == "cholhyon"
    assert clean("KIM, Jong-Un") == "kim jong un"
    assert clean("Nam\u200bgang") == "namgang"
    assert clean("Bаltic") == "baltic"  # Cyrillic а inside a Latin word
    assert clean("Владимир Путин") == "vladimir putin"  # a real Cyrillic name is transliterated, not mapped


def test_hangul_becomes_mccune_reischauer_surname_first() -> None:
    assert hangul_to_mr("김정은") == "kim cho'ng u'n"
    assert clean("리은성") == "ri un song"
    assert clean("남궁민") .startswith("namgung")


@pytest.mark.parametrize("spellings", [
    ("ri", "lee", "yi", "rhee"), ("pak", "park", "bak"), ("choe", "choi"), ("jong", "chong", "jeong", "jung"),
    ("kim", "gim"), ("ryu", "yu", "yoo"), ("jo", "cho"), ("chol", "cheol"), ("hyon", "hyun", "hyeon"),
    ("yong", "young", "yeong"), ("un", "eun"),
])
def test_korean_key_joins_romanizations(spellings: tuple[str, ...]) -> None:
    assert len({korean_key(s) for s in spellings}) == 1


def test_korean_key_keeps_different_names_apart() -> None:
    assert korean_key("kim") != korean_key("pak")
    assert korean_key("chol") != korean_key("chon")


def test_skeleton_survives_dropped_vowels() -> None:
    assert skeleton("technologies") == skeleton("tchnlgs")
    assert skeleton("abc") == ""


def test_similarity_api() -> None:
    assert similarity("Lee Eun Song", "RI, U'n-so'ng") >= 0.9
    assert similarity("Cholhyun Overseas Construction", "CH'OLHYO'N OVERSEAS CONSTRUCTION COMPANY",
                      schema="Organization") >= 0.9
    assert similarity("Namgang Co", "NAMGANG COMPANY", schema="Organization") == 1.0
    assert similarity("Maria Gonzalez", "RI, U'n-so'ng") < 0.5
    assert 0.0 <= similarity("", "x") <= 1.0


@pytest.mark.parametrize(("query", "expected"), [
    ("Lee Eun Song", "p-1"),
    ("Ri Un Song", "p-1"),
    ("김정은", "p-2"),
    ("Jong Un Kim", "p-2"),
    ("Kim Jong-il", "p-3"),
    ("Cholhyun Overseas Construction", "o-1"),
    ("Chol Hyon Overseas Construction Co.", "o-1"),
    ("Namgang Construction Co., Ltd.", "o-2"),
    ("Namsan 8", "v-1"),
    ("Baltic Building Supply", "o-3"),
    ("Omar A. Hassan", "p-4"),
    ("Hasan Omar Abdulah", "p-4"),
])
def test_search_finds_variants(index: ScreeningIndex, query: str, expected: str) -> None:
    assert top(index, query) == expected


def test_unrelated_names_stay_below_the_threshold(index: ScreeningIndex) -> None:
    for name in ("Sunrise Bakery", "John Miller", "Lee Min-jun", "Baltic Timber Trading"):
        assert not index.search(name, threshold=0.85), name


def test_explanation_names_the_listed_name_features_and_weights(index: ScreeningIndex) -> None:
    match = index.search("Lee Eun Song", limit=1)[0]
    why = match.explanation
    assert why["matched_name"] == "RI, U'n-so'ng"
    assert set(why["features"]) == {"tokens", "joined"}
    assert why["features"]["tokens"]["weights"] == {"query_coverage": 0.62, "list_coverage": 0.38}
    pairs = {p["query"]: p for p in why["token_pairs"]}
    assert pairs["lee"]["listed"] == "ri" and pairs["lee"]["how"] == "romanization"
    assert match.score == why["score"]


def test_birth_date_and_country_move_the_score(index: ScreeningIndex) -> None:
    plain = index.search("Kim Jong Un", limit=1)[0].score
    same = index.search("Kim Jong Un", limit=1, birth_date="1984-01-08", country="kp")[0]
    other = index.search("Kim Jong Un", limit=1, birth_date="1990-03-03", country="ru")[0]
    assert other.score < plain <= same.score
    features = {a["feature"] for a in other.explanation["adjustments"]}
    assert {"birth_date_mismatch", "country_mismatch"} <= features


def test_schema_mismatch_is_penalised(index: ScreeningIndex) -> None:
    person = index.search("Namgang Construction", limit=1, schema="Person")[0]
    assert person.score < 1.0
    assert person.explanation["adjustments"][0]["feature"] == "schema_mismatch"


def test_fast_and_explained_paths_agree(index: ScreeningIndex) -> None:
    for query in ("Lee Eun Song", "Chol Hyon Overseas", "O. Hassan", "Namsan 8", "Baltc Bilding", "عمر عبد الله حسن"):
        prepared = index.prepare_query(query)
        found = index.candidates(prepared)
        fast = score_many(prepared, [index.names[i] for i in found], [bool(index.name_korean[i]) for i in found])
        for ni, value in zip(found, fast, strict=True):
            assert value == pytest.approx(name_score(prepared, index.names[ni], bool(index.name_korean[ni])))


def test_index_pickles_and_gives_the_same_results(index: ScreeningIndex) -> None:
    copy = pickle.loads(pickle.dumps(index))
    for query in ("Lee Eun Song", "Namgang", "Omar Hassan"):
        assert [(m.record.entity_id, m.score) for m in copy.search(query)] == \
               [(m.record.entity_id, m.score) for m in index.search(query)]


def test_candidates_come_from_the_index_not_a_scan() -> None:
    filler = [ListedRecord(f"f-{i}", "test", "Organization", f"FILLER {i:05d} HOLDINGS",
                           [f"FILLER{i:05d} TRADING"], [], [], []) for i in range(3000)]
    big = ScreeningIndex([*LISTED, *filler])
    found = big.candidates(big.prepare_query("Namgang Construction"))
    assert 0 < len(found) <= 40
    assert big.search("Namgang Construction", limit=1)[0].record.entity_id == "o-2"


def test_empty_and_punctuation_only_queries(index: ScreeningIndex) -> None:
    assert index.search("") == []
    assert index.search("'- ,.") == []
    assert index.search("\u200b\u200b") == []


def test_arabic_script_query_ranks_the_romanized_name_without_alerting(index: ScreeningIndex) -> None:
    found = index.search("عمر عبد الله حسن", limit=3)
    assert found and found[0].record.entity_id == "p-4"
    assert found[0].score < 0.88  # consonants alone are evidence to rank, not to alert
