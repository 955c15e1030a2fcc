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
    # A decision or an order not to do something is the step itself, not a negation of it.
    ("Slovak officials said: “We have resolved not to grant new work visas to North Korean nationals.”",
     [("stop_new_visas", "SK")]),
    ("Mongolian labour inspectors were instructed not to extend the visas North Korean builders already hold.",
     [("no_renewal", "MN")]),
    ("The coast guard ordered every Fijian trawler not to recruit new North Korean deckhands.", [("ban_hiring", "FJ")]),
    ("Poland has not issued new work permits to North Korean welders since 2016.", [("stop_new_visas", "PL")]),
])
def test_a_decided_or_ordered_refusal_is_a_step(text: str, expected: list[tuple[str, str]]) -> None:
    assert _steps(text) == expected


def test_a_refusal_coordinated_with_another_gives_both_steps() -> None:
    text = "Vietnam will not prolong existing permits or grant new visas to North Korean staff, the ministry said."
    assert sorted(_steps(text)) == [("no_renewal", "VN"), ("stop_new_visas", "VN")]


@pytest.mark.parametrize("text", [
    "Slovak authorities stopped renewing residence permits for North Korean seamstresses in 2008.",
    "Bulgaria ceased extending the visas of North Korean laborers after the resolution.",
    "The permits of the 40 North Korean workers in Malta will not be renewed, the ministry said.",
])
def test_stopping_renewals(text: str) -> None:
    assert [action for action, _ in _steps(text)] == ["no_renewal"]


@pytest.mark.parametrize(("text", "country"), [
    ("Kazakhstan's labour ministry rejected the annual quota for North Korean workers.", "KZ"),
    ("The whole quota for North Korean builders was turned down by the labour ministry of Kazakhstan.", "KZ"),
    ("Polish labour offices refused to issue permits to North Korean welders.", "PL"),
])
def test_a_rejected_quota_means_no_new_permits(text: str, country: str) -> None:
    assert _steps(text) == [("stop_new_visas", country)]


@pytest.mark.parametrize("text", [
    "Angolan authorities revoked the work permits of 150 North Korean construction workers.",
    "The work permits of North Korean workers in Angola were cancelled in 2018.",
    "North Korean builders in Angola had their work permits withdrawn, the government said.",
])
def test_taking_away_permits_is_limit_visas(text: str) -> None:
    assert _steps(text) == [("limit_visas", "AO")]


@pytest.mark.parametrize(("text", "country"), [
    # The country of an agency or authorities named as the subject of a passive step.
    ("Vietnamese authorities were told to stop issuing visas to North Korean workers.", "VN"),
    # A country that says so after the step, with the UN resolution named only as the reason.
    ("The North Korean cooks have had their residence permits cancelled, Cambodia said, in line with Security "
     "Council resolution 2397.", "KH"),
])
def test_the_country_of_a_passive_or_agency_subject(text: str, country: str) -> None:
    assert [c for _, c in _steps(text)] == [country]


def test_north_koreans_sent_back_where_the_text_speaks_of_workers() -> None:
    text = ("Bahrain said it had sent back 310 North Koreans, about half of the North Korean workers it hosted. "
            "Oman also sent home some 120 North Koreans.")
    claims = extract_text(text, "2019-12-01")
    assert [(c.kind, c.action, c.country) for c in claims if c.kind != "worker_count"] == [
        ("policy_action", "repatriate_workers", "BH"), ("policy_action", "repatriate_workers", "OM")]
    # Refugees sent back are a forced repatriation (section 302(b)(1)), never a step on workers.
    refugees = extract_text("Chinese police sent back 60 North Koreans who had fled across the river.", "2019-12-01")
    assert [c.kind for c in refugees] == ["forced_repatriation"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Fiji's fisheries ministry told all Fijian trawlers to end the employment of any North Korean crewmen.",
     [("repatriate_workers", "FJ")]),
    ("Fiji asked its trawler owners to terminate contracts with North Korean crewmen early.",
     [("repatriate_workers", "FJ")]),
    ("Zambian farms will stop employing North Korean laborers by June, the ministry said.",
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
    "Ghana told the Panel of Experts that 25 North Korean medical workers were awaiting deportation.",
    "Dozens of North Korean workers were deported from Ghana last year.",
    "Ghana deported 40 North Korean cooks in May.",
])
def test_pending_and_passive_deportations(text: str) -> None:
    assert _steps(text) == [("expel", "GH")]


def test_an_unnamed_step_by_a_host_government() -> None:
    assert _steps("“Bahrain has taken the necessary measures on North Korean workers,” a diplomat said.") == [
        ("other", "BH")]
    assert _steps("North Korea has taken the necessary measures to protect its workers abroad.") == []


@pytest.mark.parametrize("text", [
    # North Korea's own steps: sending workers out, or bringing them home.
    "North Korea sends workers abroad to earn hard currency for the state.",
    "North Korea has sent its workers home from Bahrain.",
    "Bahrain sent 500 North Korean workers to a new site.",
    # The UN, the US and the EU.
    "Resolution 2397, which obliged member states to repatriate all North Korean workers, took effect in 2019.",
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
    text = ("Slovakia stops extending visas of North Korean workers\n\n"
            "Slovak authorities have stopped extending visas of North Korean laborers, officials said.\n\n"
            "Slovakia stopped renewing residence permits for North Korean workers on 25 January, the ministry said.")
    assert _steps(text) == [("no_renewal", "SK")]
