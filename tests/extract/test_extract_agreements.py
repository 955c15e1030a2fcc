"""Government-to-government labour arrangements (section 302(b)(2)'s "formal arrangements") and their end, on
sentences written for these tests: the host country as a party, the event date, the exact quote."""

from __future__ import annotations

import pytest

from laborwatch.extract import extract_text
from laborwatch.extract.model import ExtractedClaim


def _actions(text: str, published: str | None = "2019-06-01") -> list[ExtractedClaim]:
    claims = [c for c in extract_text(text, published) if c.kind == "policy_action"]
    for claim in claims:
        assert text[claim.start:claim.end] == claim.quote
    return claims


@pytest.mark.parametrize(("text", "country", "date"), [
    ("In August 2007, Russia and North Korea signed an intergovernmental agreement on temporary labour activity.",
     "RU", "2007-08"),
    ("Laos and the DPRK signed a memorandum of understanding on labour cooperation in March 2018.", "LA", "2018-03"),
    # The DPRK as the subject, the host named as the other party.
    ("North Korea signed a labour cooperation agreement with Laos on 4 June 2018.", "LA", "2018-06-04"),
    ("About 1,800 North Korean workers came to Qatar in 2012 under an agreement between the two governments.",
     "QA", "2012"),
    ("Mongolia's labour ministry set an annual quota of 2,500 North Korean workers in 2015.", "MN", "2015"),
    ("Officials said Kuwait had concluded a bilateral agreement with Pyongyang allowing 3,000 North Korean "
     "laborers to work on its housing projects in 2011.", "KW", "2011"),
    # The date is the one nearest the agreement, not the first in the sentence.
    ("In 2015, Russia said it had signed an agreement on labour cooperation with North Korea in 2007.", "RU", "2007"),
    # "a 2007 agreement" names no date the rules read: undated rather than guessed.
    ("Thousands of North Korean workers are dispatched to Russia under a 2007 intergovernmental agreement.", "RU",
     None),
    ("North Korean workers have been sent to Kuwait under a government-to-government arrangement since 2005.",
     "KW", "2005"),
    ("The ministry said Oman's quota for North Korean workers was set at 3,000 in 2014.", "OM", "2014"),
    # A source named before the host is not a party.
    ("South Korea's intelligence service said Mongolia signed a labour agreement with North Korea in 2008.",
     "MN", "2008"),
    # A sentence wrapped over lines, as in plain text and PDFs.
    ("In May 2019, Laos signed a labour\nagreement with North Korea.", "LA", "2019-05"),
])
def test_a_host_government_arrangement_is_a_labor_agreement(text: str, country: str, date: str | None) -> None:
    [claim] = _actions(text)
    assert (claim.kind, claim.action, claim.country, claim.date) == ("policy_action", "labor_agreement", country, date)
    assert claim.as_of == date


@pytest.mark.parametrize("noun", ["labour deal.", "labor accord.", "labour pact, officials said.", "labour treaty.",
                                  "labour MoU."])
def test_every_agreement_noun_wakes_the_rules(noun: str) -> None:
    [claim] = _actions(f"Mongolia and North Korea signed a {noun}")
    assert (claim.action, claim.country) == ("labor_agreement", "MN")


def test_a_relative_date_resolves_against_publication() -> None:
    [claim] = _actions("Mongolia and North Korea renewed their labor agreement last year, officials said.", "2016-03")
    assert (claim.action, claim.country, claim.date) == ("labor_agreement", "MN", "2015")


@pytest.mark.parametrize("text", [
    # Negated or denied.
    "Qatar denied having any labour agreement with North Korea.",
    "Officials in Doha said Qatar has never signed a labour agreement with Pyongyang.",
    "There is no intergovernmental agreement between Oman and the DPRK on workers, the ministry said.",
    # Talks and plans are not an arrangement in force.
    "Russia is discussing a possible labour agreement with North Korea, officials said.",
    # Refugees: a readmission or extradition deal feeds section 302(b)(1), never the arrangement flag.
    "In February 2016, Russia and North Korea signed an agreement on the readmission of illegal migrants, which "
    "critics say could also be used against workers who flee.",
    "Russia signed a readmission agreement with North Korea in 2016 covering border-crossers and runaway workers.",
    "North Korean workers who escape their sites in China are deported under a bilateral protocol of 1986.",
    # The UN, not a host government.
    "UN Security Council resolution 2397 bars member states from signing new labour agreements with North Korea.",
    "Resolution 2397 requires Russia to end its labour agreement with North Korea.",
    # The DPRK alone, with no host government as a party.
    "North Korea wants to sign more labour agreements to send workers abroad.",
    "North Korea has signed labour agreements with several governments, the defector said.",
    # A firm's contract is not a government arrangement.
    "A Chinese firm signed a labour supply deal with a North Korean trading company in 2015.",
    "Pyongyang signed an agreement with a Russian construction company to supply 500 workers.",
    # An agreement with a third country, or one between employers and unions, is no arrangement with the DPRK.
    "Qatar, which has signed labour agreements with Nepal and India, still hosts about 1,000 North Korean workers.",
    "South Korea and Mongolia signed a labour agreement in 2004; North Korean workers are not covered by it.",
    "The labour agreement between Malaysia and Indonesia does not apply to North Korean miners in Sarawak.",
    "Kuwait's collective labour agreement with its unions does not cover North Korean workers.",
    # An agreement about something else, in a sentence about workers.
    "Angola and North Korea signed a trade agreement in 2010; North Korean workers built its monuments.",
    # Ending or not renewing an agreement is never a new arrangement.
    "Mongolia terminated its labour agreement with North Korea in December 2017.",
    "Kuwait did not renew the labour agreement with North Korea when it expired in 2018.",
    "The labour agreement was never terminated, a Mongolian official said of the deal with North Korea.",
    # A lowered quota limits workers (limit_visas); it records no arrangement.
    "Mongolia lowered the annual quota for North Korean workers to 1,200 in 2017.",
])
def test_no_labor_agreement(text: str) -> None:
    assert [c.action for c in _actions(text) if c.action == "labor_agreement"] == []


@pytest.mark.parametrize(("text", "country", "date"), [
    ("Mongolia terminated its labour agreement with North Korea in December 2017.", "MN", "2017-12"),
    ("Mongolia ended the agreement on North Korean workers in 2017.", "MN", "2017"),
    # Passive: dated by the end (2017), not by the signing (2008).
    ("The agreement on temporary labour activity that Mongolia signed with Pyongyang in 2008 expired in 2017, and "
     "North Korean workers went home.", "MN", "2017"),
])
def test_ending_an_agreement_is_an_ending_step(text: str, country: str, date: str) -> None:
    assert [(c.action, c.country, c.date) for c in _actions(text)] == [("end_labor_agreement", country, date)]


def test_ending_steps_that_are_not_an_end() -> None:
    assert _actions("Mongolia plans to end its labour agreement with North Korea.") == []
    assert _actions("The labour agreement was never terminated, a Mongolian official said of the deal with "
                    "North Korea.") == []
    [kept] = _actions("Kuwait did not renew the labour agreement with North Korea when it expired in 2018.")
    assert (kept.action, kept.country) == ("no_renewal", "KW")


def test_a_lowered_quota_stays_limit_visas() -> None:
    [claim] = _actions("Mongolia lowered the annual quota for North Korean workers to 1,200 in 2017.")
    assert (claim.action, claim.country) == ("limit_visas", "MN")


def test_an_arrangement_beside_other_steps_in_one_document() -> None:
    text = ("Mongolia and North Korea signed a labour agreement in 2008. Thousands of North Korean workers came.\n\n"
            "In 2017 Mongolia stopped issuing new visas to North Korean workers.")
    claims = _actions(text)
    assert [(c.action, c.country, c.date) for c in claims] == [
        ("labor_agreement", "MN", "2008"), ("stop_new_visas", "MN", "2017")]


def test_the_government_of_the_paragraph_before() -> None:
    text = ("Mongolia hosted North Korean workers for years.\n\nThe two governments signed a labour agreement in "
            "2008, the ministry said.")
    assert [(c.action, c.country, c.date) for c in _actions(text)] == [("labor_agreement", "MN", "2008")]
    text = ("Mongolia hosted North Korean builders for a decade.\n\nThe government terminated the labour agreement "
            "with North Korea in December 2017, the ministry said.")
    assert [(c.action, c.country, c.date) for c in _actions(text)] == [("end_labor_agreement", "MN", "2017-12")]
    # Without a government as its subject, an agreement the DPRK makes is no host's, whatever the paragraph.
    text = ("Mongolia hosted North Korean builders for a decade.\n\nNorth Korea has signed labour agreements with "
            "several governments, the defector said.")
    assert _actions(text) == []
