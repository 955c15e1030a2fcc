"""Employers: DPRK-linked bodies that send or employ North Korean workers, not the host-country businesses that use
them. One test per class of mistake the rules made on real reporting, on sentences written for these tests."""

from __future__ import annotations

import pytest

from laborwatch.extract import extract_text


def _employers(text: str) -> list[str]:
    claims = [c for c in extract_text(text, "2019-06-01") if c.kind == "employer"]
    for claim in claims:
        assert text[claim.start:claim.end] == claim.quote
    return [c.name for c in claims]


@pytest.mark.parametrize(("text", "expected"), [
    # North Korea named as the body's owner or nationality, before or after the name.
    ("Kazan officials met managers from the North Korean firm Pyolmuri Building Corporation, which supplies "
     "laborers to Tatarstan.", ["Pyolmuri Building Corporation"]),
    ("The welders were sent by Pyongyang's Korea Unha Corporation.", ["Korea Unha Corporation"]),
    ("North Korean workers at the site are employed by Paektu Trading Corporation, a DPRK state firm.",
     ["Paektu Trading Corporation"]),
    ("Haeyang Construction, which is co-owned by a North Korean, hires about 80 North Korean laborers in Nakhodka.",
     ["Haeyang Construction"]),
    # The form North Korean state companies are named in.
    ("About 500 North Korean workers in Tomsk are employed by Korea Ryongbong Trading Corporation.",
     ["Korea Ryongbong Trading Corporation"]),
    # A name listed right after one described as North Korean shares its description.
    ("The North Korean labour contractors Sinhung and Ponghwa sent about 400 workers to Qatar.",
     ["Sinhung", "Ponghwa"]),
])
def test_a_body_the_words_around_it_call_north_korean(text: str, expected: list[str]) -> None:
    assert _employers(text) == expected


@pytest.mark.parametrize("text", [
    "Vostok Stroy Company, a Russian contractor, employs 200 North Korean workers.",
    "The Russian builder Vostok Stroy Company hires 200 North Korean workers.",
    "A shipyard in Dalian, the Blue Tide Company, hires 400 North Korean welders.",
    "North Korean nurses employed at Harmony Hospital Ltd. in Lagos say their pay is withheld.",
    "A Kazakh businessman brought in 40 North Korean workers through his own firm, Sunrise Building LLC.",
])
def test_host_country_end_users_are_left_out(text: str) -> None:
    assert _employers(text) == []


def test_a_host_business_designated_for_employing_north_korean_workers_is_kept() -> None:
    text = ("The Treasury designated a Polish company, Baltic Welding Company, for its role in employing North "
            "Korean workers.")
    assert _employers(text) == ["Baltic Welding Company"]


def test_fragments_and_short_forms_of_a_name_already_decided() -> None:
    text = ("North Korean workers at the mill were hired through Korea Paekho Trading Corporation Limited, a DPRK "
            "state firm. Paekho Trading also sends North Korean workers to sites in Mongolia.")
    assert _employers(text) == ["Korea Paekho Trading Corporation"]


@pytest.mark.parametrize(("text", "expected"), [
    # Described as North Korean but not as sending or employing anyone: a partner in a building project.
    ("A Chinese developer is building a hotel with North Korea's Rimyong Trading Company, a source said.", []),
    # A DPRK body doing work abroad employs its workers there.
    ("North Korea's Chongsong Overseas Project Group has built stadiums in more than ten African countries.",
     ["Chongsong Overseas Project Group"]),
])
def test_a_north_korean_body_needs_workers_or_work_abroad(text: str, expected: list[str]) -> None:
    assert _employers(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("About 300 North Korean workers in Russia were sent by the North Korean trading company Sobaeksu.",
     ["Sobaeksu"]),
    ("Genco, a North Korean state company, dispatched 500 workers to Kuwait.", ["Genco"]),
    ("Kim Chol, a North Korean defector, said 300 North Korean workers were hired in Dubai.", []),
])
def test_a_name_without_a_company_suffix_called_a_north_korean_company(text: str, expected: list[str]) -> None:
    assert _employers(text) == expected


def test_a_name_is_cut_at_a_line_break() -> None:
    text = ("Stadiums in Africa\n\nNorth Korea's Chongsong Overseas Project Group has built stadiums in more than "
            "ten African countries. Around 200 North Korean workers are in Angola.")
    assert _employers(text) == ["Chongsong Overseas Project Group"]


@pytest.mark.parametrize(("text", "expected"), [
    ("North Korean workers arrived in Qatar in May. They were hired by a firm called Chollima Overseas Trading.",
     ["Chollima Overseas Trading"]),
    ("Thirty North Korean construction workers were expelled after an inquiry into their employer, Ryugyong "
     "Overseas Project Group.", ["Ryugyong Overseas Project Group"]),
    # A firm merely named near workers is neither North Korean nor their employer.
    ("North Korean workers in Qatar were seen near a stadium that Gulf Star Contracting Company built.", []),
])
def test_a_firm_the_words_around_it_make_the_workers_employer(text: str, expected: list[str]) -> None:
    assert _employers(text) == expected
