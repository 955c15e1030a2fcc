"""Host-government steps on North Korean workers: one test per class of mistake the rules made on real reporting,
on sentences written for these tests (the real texts stay in ../shared and are never copied here)."""

from __future__ import annotations

import pytest

from laborwatch.extract import extract_text


def _steps(text: str, published: str | None = "2019-06-01") -> list[tuple[str, str | None]]:
    claims = [c for c in extract_text(text, published) if c.kind == "policy_action"]
    for claim in claims:
        assert text[claim.start:claim.end] == claim.quote
    return [(c.action, c.country) for c in claims]


@pytest.mark.parametrize(("text", "expected"), [
    # A choice or an order not to do something is the step itself, not a negation of it.
    ("Slovakia's interior ministry chose not to grant any new work permits to North Koreans this year.",
     [("stop_new_visas", "SK")]),
    ("Mongolia's labour office said it was told not to renew any North Korean builder's visa this year.",
     [("no_renewal", "MN")]),
    ("Fiji's fisheries office instructed boat owners not to hire North Korean deckhands any more.",
     [("ban_hiring", "FJ")]),
    ("Poland has not issued new work permits to North Korean welders since 2016.", [("stop_new_visas", "PL")]),
])
def test_a_chosen_or_ordered_refusal_is_a_step(text: str, expected: list[tuple[str, str]]) -> None:
    assert _steps(text) == expected


def test_a_refusal_coordinated_with_another_gives_both_steps() -> None:
    text = "Vietnam will not prolong current contracts or approve new work permits for North Korean staff."
    assert sorted(_steps(text)) == [("no_renewal", "VN"), ("stop_new_visas", "VN")]


@pytest.mark.parametrize("text", [
    "In 2008 Slovakia ceased renewing the residence permits held by North Korean seamstresses.",
    "Bulgarian officials halted the extension of work visas for North Korean cooks in March.",
    "The permits of the 40 North Korean workers in Malta will not be renewed, the ministry said.",
])
def test_stopping_renewals(text: str) -> None:
    assert [action for action, _ in _steps(text)] == ["no_renewal"]


@pytest.mark.parametrize(("text", "country"), [
    ("Kazakhstan's labour ministry turned down the annual quota for North Korean workers.", "KZ"),
    ("Applications for 900 North Korean workers were refused by Kazakhstan's migration service in March.", "KZ"),
    ("Polish labour offices refused to issue permits to North Korean welders.", "PL"),
])
def test_a_turned_down_quota_means_no_new_permits(text: str, country: str) -> None:
    assert _steps(text) == [("stop_new_visas", country)]


@pytest.mark.parametrize("text", [
    "Angolan authorities cancelled the work permits of 150 North Korean construction workers.",
    "The work permits of North Korean workers in Angola were annulled in 2018.",
    "In Angola, North Korean builders had their permits annulled last spring.",
])
def test_taking_away_permits_is_limit_visas(text: str) -> None:
    assert _steps(text) == [("limit_visas", "AO")]


@pytest.mark.parametrize(("text", "country"), [
    # The country of an agency or authorities named as the subject of a passive step.
    ("Vietnamese authorities were told to stop issuing visas to North Korean workers.", "VN"),
    # A government that reports its own passive step right after it; the UN it reports to is no actor.
    ("Residence permits held by North Korean cooks were withdrawn in March, Cambodia told a UN panel.", "KH"),
    ("Bahrain told the UN it had sent home 310 North Korean workers.", "BH"),
])
def test_the_country_of_a_passive_or_agency_subject(text: str, country: str) -> None:
    assert [c for _, c in _steps(text)] == [country]


def test_north_koreans_sent_home_where_the_text_speaks_of_workers() -> None:
    text = ("Bahrain's labour ministry said it had sent home 310 North Korean nationals, all of them builders. "
            "A month later Oman repatriated some 120 North Koreans.")
    claims = extract_text(text, "2019-12-01")
    assert [(c.kind, c.action, c.country) for c in claims if c.kind != "worker_count"] == [
        ("policy_action", "repatriate_workers", "BH"), ("policy_action", "repatriate_workers", "OM")]
    # Refugees sent back are a forced repatriation (section 302(b)(1)), never a step on workers.
    refugees = extract_text("Chinese police sent back 60 North Koreans who had fled across the river.", "2019-12-01")
    assert [c.kind for c in refugees] == ["forced_repatriation"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Fiji required trawler firms to terminate the employment of North Korean crewmen within a month.",
     [("repatriate_workers", "FJ")]),
    ("Fiji cancelled the labour contracts of North Korean crewmen in May.", [("repatriate_workers", "FJ")]),
    ("Zambia's government said it would no longer employ North Korean doctors in its hospitals.",
     [("repatriate_workers", "ZM")]),
    ("Uganda ordered all North Korean workers to leave the country by the end of the year.",
     [("repatriate_workers", "UG")]),
    ("North Korean workers in Mozambique were told to leave by March, the government said.",
     [("repatriate_workers", "MZ")]),
    ("Qatar asked Pyongyang to withdraw its workers from the stadium sites.", [("repatriate_workers", "QA")]),
    # Contracts with North Korean firms are a step on businesses, not on workers.
    ("Namibia said it ended all contracts with North Korean firms in 2016.", []),
])
def test_ending_employment_or_telling_workers_to_leave(text: str, expected: list[tuple[str, str]]) -> None:
    assert _steps(text) == expected


@pytest.mark.parametrize("text", [
    "About 25 North Korean medical workers in Ghana face deportation, immigration officers said.",
    "Dozens of North Korean workers were deported from Ghana last year.",
    "Ghana deported 40 North Korean cooks in May.",
])
def test_pending_and_passive_deportations(text: str) -> None:
    assert _steps(text) == [("expel", "GH")]


def test_an_unnamed_step_by_a_host_government() -> None:
    assert _steps("Officials said Bahrain had taken the necessary measures regarding the North Korean laborers.") == [
        ("other", "BH")]
    assert _steps("North Korea has taken the necessary measures to protect its workers abroad.") == []


@pytest.mark.parametrize("text", [
    # North Korea's own steps: sending workers out, or bringing them home.
    "North Korea has sent thousands of workers to Bahrain since 2000.",
    "North Korea has sent its workers home from Bahrain.",
    # The UN, the US and the EU.
    "Under the 2017 resolution, the Security Council required every member state to send North Korean workers "
    "home within two years.",
    "The United States has urged Gulf states to expel North Korean workers.",
    "The EU banned the hiring of North Korean workers in 2017.",
    # Diplomatic steps, undoing a step, denials and negations.
    "Bahrain expelled the North Korean ambassador and two North Korean diplomats in 2017.",
    "Mongolia lifted the ban on hiring North Korean workers in 2010.",
    "Officials in Manama denied that Bahrain had expelled any North Korean workers.",
    "The UAE did not stop issuing visas to North Korean workers.",
])
def test_steps_that_are_not_a_host_governments(text: str) -> None:
    assert _steps(text) == []


def test_a_diplomatic_step_beside_a_step_on_workers() -> None:
    text = "Bahrain said it would stop issuing new visas to North Korean workers and expel North Korean diplomats."
    assert _steps(text) == [("stop_new_visas", "BH")]


def test_a_step_restated_in_a_document_is_proposed_once() -> None:
    text = ("Bulgaria to stop renewing North Korean workers' visas\n\n"
            "Bulgarian officials halted the extension of work visas for North Korean cooks, the ministry said.\n\n"
            "Bulgaria stopped prolonging residence permits for North Korean workers on 3 March, officials said.")
    assert _steps(text) == [("no_renewal", "BG")]
