"""Wages of North Korean workers (US dollars a month, gross and received): one test per class of mistake the rules
made on real reporting, on sentences written for these tests."""

from __future__ import annotations

import pytest

from laborwatch.extract import extract_text
from laborwatch.extract.model import ExtractedClaim


def _wages(text: str, published: str | None = "2018-03-01") -> list[ExtractedClaim]:
    claims = [c for c in extract_text(text, published) if c.kind == "wage"]
    for claim in claims:
        assert text[claim.start:claim.end] == claim.quote
    return claims


def test_an_amount_with_no_period_after_a_wage_verb_is_monthly() -> None:
    # The annotation rules read a wage stated with no period as monthly.
    text = "A broker in Mongolia said North Korean welders there make about US$650 and take home around US$180."
    [wage] = _wages(text)
    assert (wage.country, wage.gross_per_month, wage.received_per_month, wage.currency) == ("MN", 650, 180, "USD")


@pytest.mark.parametrize("text", [
    # Not a wage verb: a fee, a bribe, a payment to the state.
    "North Korean workers in Mongolia paid $3,000 to brokers to be chosen for the posting.",
    "Each North Korean worker in Mongolia handed a bribe of $150 to an official.",
    # Outside what a month's wage is reported as: a yearly sum or a total.
    "North Korean loggers in Russia earn about $12,000 over a contract, a defector said.",
    # Another period named in the sentence.
    "North Korean welders in Poland earn $6 an hour and receive $300 at the end of the year.",
])
def test_amounts_with_no_period_that_are_no_monthly_wage(text: str) -> None:
    assert _wages(text) == []


def test_a_wage_is_located_from_its_amount() -> None:
    # A place named before the amount (where the speaker came from) is not where the wage is paid.
    text = ("PRAGUE — Slovak officials say about 300 North Koreans sew clothes in the Czech Republic.\n\n"
            "Czech factories employ them under three-year contracts.\n\n"
            "A former site manager who defected from Pyongyang in 2009 said the seamstresses' pay, around $300 per "
            "month, went straight to his firm's bank account.")
    [wage] = _wages(text, "2010-03-01")
    assert (wage.country, wage.gross_per_month, wage.received_per_month) == ("CZ", 300, None)
