"""Wages and forced repatriations of refugees, and what the other claim kinds share (``Fact``, the words that make
a sentence one about labour). Host-government steps are in ``policy``, employers in ``employers``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from laborwatch.extract.context import DocumentContext
from laborwatch.extract.lexicon import lexicon
from laborwatch.extract.numbers import find_numbers
from laborwatch.extract.segment import Sentence
from laborwatch.extract.ties import FOREIGN_GROUP

LABOR = re.compile(r"\b(?:workers?|laborers?|labourers?|labou?r|visas?|permits?|soldiers|employ\w*|hir\w+|"
                   r"recruit\w*|dispatch\w*|contracts?|construction|logging)\b", re.IGNORECASE)
_POLICY_EXCLUDE = frozenset({"KP", "KR", "US"})
_REMITTANCE = re.compile(r"\b(?:sends?|sent|sending|remit\w*|transfer\w*|hand\w* over|contribut\w*|charg\w*|"
                         r"bribe|fee|fine[ds]?)\s+(?:home\s+)?(?:about\s+|around\s+|some\s+|roughly\s+|up to\s+)?$",
                         re.IGNORECASE)
_MONEY = re.compile(
    r"(?P<sym>US\$|\$|€|£|USD\s?)\s?(?P<n1>\d[\d,]*(?:\.\d+)?)"
    r"(?:\s*(?:-|–|to|and)\s*(?:US\$|\$|€|£)?\s?(?P<n2>\d[\d,]*(?:\.\d+)?))?(?!\s*(?:million|billion|bn|m\b|k\b))"
    r"|(?P<w1>\d[\d,]*(?:\.\d+)?)(?:\s*(?:-|–|to|and)\s*(?P<w2>\d[\d,]*(?:\.\d+)?))?(?:\s+|-)"
    r"(?P<word>yuan|dollars|rubles|roubles|euros|riyals|dinars|dirhams|tugriks|zlotys|ringgit|rmb|RMB)\b",
    re.IGNORECASE)
_KEPT_OF_IT = re.compile(r"\bof which\s+(?:they|he|she|the workers?|each(?: one)?|a worker)\s+(?:only\s+)?"
                         r"(?:keeps?|kept|receives?|received|gets?|got|takes? home|took home)\s+(?:only\s+|about\s+|"
                         r"around\s+|roughly\s+|some\s+|just\s+)?(?:US\$|\$)?(\d[\d,]*(?:\.\d+)?)(?!\s*(?:%|per\s*cent|percent))",
                         re.IGNORECASE)
_MONTHLY = re.compile(r"\b(?:a|per|each|every)\s+month\b|\bmonthly\b|/\s?month\b|\ba-month\b", re.IGNORECASE)
# Any period at all in the sentence: then an amount without one is not taken for a monthly wage.
_ANY_PERIOD = re.compile(r"\b(?:a|per|an|each|every|the)\s+(?:day|hour|year|week|month)\b|\b(?:daily|hourly|weekly|"
                         r"annual(?:ly)?|yearly|monthly)\b", re.IGNORECASE)
# The range of US dollar amounts a monthly wage of a North Korean worker abroad is reported in; outside it, an
# amount with no period is more likely a yearly sum, a fee or a total than a month's wage.
_PLAUSIBLE_MONTHLY = (50.0, 5000.0)
_OTHER_PERIOD = re.compile(r"^\s*(?:a|per|an|each)\s+(?:day|hour|year|week)\b|^\s*(?:daily|annually|yearly)",
                           re.IGNORECASE)


@dataclass
class Fact:
    kind: str
    sentence: Sentence
    country: str | None
    values: dict[str, Any]
    confidence: float
    as_of: str | None = None
    attributed_to: str | None = None
    rule: str | None = None  # which pattern produced it, for the reviewer


def workers_not_refugees(ctx: DocumentContext, sentence: Sentence) -> bool:
    """Are the North Koreans a sentence sends back or deports workers rather than refugees? Workers, work or
    contracts are named in it or in one of the two sentences before it in its paragraph, and neither it nor the
    sentence before speaks of defectors, refugees, escapes or detention ([policy_steps] of the lexicon)."""
    checks = lexicon().step_checks
    earlier = [s for s in ctx.sentences[max(0, sentence.index - 2):sentence.index] if s.paragraph == sentence.paragraph]
    if any(checks["refugee_context"].search(ctx.text, s.start, s.end) for s in [sentence, *earlier[-1:]]):
        return False
    return any(checks["worker_context"].search(ctx.text, s.start, s.end) for s in [sentence, *earlier])


def _amount(value: str) -> float:
    return float(value.replace(",", ""))


def find_wages(ctx: DocumentContext, sentence: Sentence) -> list[Fact]:
    text = ctx.text
    segment = text[sentence.start:sentence.end]
    lowered = segment.lower()
    monthly = "month" in lowered and bool(_MONTHLY.search(segment))
    lex = lexicon()
    # A wage stated with no period at all ("make about US$650 and take home US$180") is read as monthly, as the
    # annotation rules do, but only right after a wage verb and never in a sentence that names another period.
    unperiodic = not monthly and ("$" in segment or "dollar" in lowered or "usd" in lowered) and not (
        _ANY_PERIOD.search(segment))
    if not (monthly or unperiodic) or not (ctx.nk_near(sentence, 3) or ctx.nk_topic):
        return []
    if FOREIGN_GROUP.search(segment) and not ctx.mentions_nk(sentence.start, sentence.end):
        return []  # "The Uzbek workers on the same site ... earn 90,000 rubles a month": not North Koreans' wage
    gross: float | None = None
    received: float | None = None
    currency: str | None = None
    first: int | None = None
    cursor = 0
    for money in _MONEY.finditer(segment):
        if _OTHER_PERIOD.match(segment[money.end():]):
            cursor = money.end()
            continue
        symbol = (money.group("sym") or money.group("word") or "").strip().lower()
        low = money.group("n1") or money.group("w1")
        high = money.group("n2") or money.group("w2")
        value = _amount(low) if not high else (_amount(low) + _amount(high)) / 2
        lead = segment[max(cursor, money.start() - 40):money.start()]
        cursor = money.end()
        if _REMITTANCE.search(lead):
            continue  # money sent home or paid over is not a wage
        if unperiodic and not (lex.currencies.get(symbol, "USD") == "USD" and _PLAUSIBLE_MONTHLY[0] <= value
                               <= _PLAUSIBLE_MONTHLY[1] and lex.no_period_verbs.search(lead[-25:])):
            continue
        if lex.received.search(lead):
            received = value if received is None else received
        elif lex.gross.search(lead) or (gross is None and received is None):
            gross = value if gross is None else gross
        else:
            continue
        currency = currency or lex.currencies.get(symbol, "USD")
        first = sentence.start + money.start() if first is None else first
    if first is None:
        return []
    if gross is not None and received is None:
        kept = _KEPT_OF_IT.search(segment)  # "earn 2,800 yuan a month, of which they keep about 700"
        if kept:
            received = _amount(kept.group(1))
    # Located from where the amount is, not from the sentence's start: a place named before it (where the speaker
    # came from, say) is not where the wage is paid.
    clause = (sentence.start, sentence.end)
    country, confidence = ctx.host_country(sentence, clause, first, first, sentence.end)
    values = {"gross_per_month": gross, "received_per_month": received, "currency": currency}
    rule = "an amount of money per month" if monthly else "an amount of money after a wage verb, with no period"
    return [Fact("wage", sentence, country, values, 0.4 + confidence / 3, rule=rule,
                 attributed_to=ctx.attribution(sentence, clause))]


def find_repatriations(ctx: DocumentContext, sentence: Sentence) -> list[Fact]:
    text = ctx.text
    segment = text[sentence.start:sentence.end]
    lex = lexicon()
    lowered = segment.lower()
    if not any(hint in lowered for hint in ("repatriat", "deport", "sent back", "handed over", "returned")):
        return []
    verb = lex.repatriation_verbs.search(segment)
    if verb is None or not ctx.nk_near(sentence, 2):
        return []
    people = lex.repatriation_people.search(segment, max(0, verb.start() - 80), verb.end() + 80)
    if people is None or re.search(r"\b(?:workers|laborers|labourers)\b", segment[verb.end():verb.end() + 60],
                                   re.IGNORECASE):
        return []
    if workers_not_refugees(ctx, sentence):
        return []  # workers sent back by a host government: a policy action (see policy.py), not refugees
    count = None
    span = (min(verb.start(), people.start()), max(verb.end(), people.end()))
    for m in find_numbers(segment[span[0]:span[1]]):
        if not m.is_year_like and m.count is not None:
            count = m.count
            break
    at = sentence.start + verb.start()
    before = [m for m in ctx.countries_in(sentence.start, at) if m.code not in _POLICY_EXCLUDE]
    after = re.search(r"\bfrom\s+(?:the\s+)?", segment[verb.end():verb.end() + 30])
    country = before[-1].code if before else None
    if country is None and after:
        found = [m for m in ctx.countries_in(at, sentence.end) if m.code not in _POLICY_EXCLUDE]
        country = found[0].code if found else None
    if country is None:
        return []
    times = [t for t in ctx.times(sentence.start, sentence.end) if t.value]
    date = times[0].value if times else None
    clause = (sentence.start, sentence.end)
    return [Fact("forced_repatriation", sentence, country, {"count": count, "date": date}, 0.6, as_of=date,
                 rule=f"repatriation verb '{verb.group(0)}' with refugees or defectors",
                 attributed_to=ctx.attribution(sentence, clause))]
