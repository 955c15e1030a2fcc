"""The other claim kinds: host-government steps, wages, employers and forced repatriations of refugees."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from laborwatch.extract.context import DocumentContext, find_companies
from laborwatch.extract.dates import TimeExpression
from laborwatch.extract.lexicon import lexicon
from laborwatch.extract.numbers import find_numbers
from laborwatch.extract.segment import Sentence

_LABOR = re.compile(r"\b(?:workers?|laborers?|labourers?|labou?r|visas?|permits?|soldiers|employ\w*|hir\w+|"
                    r"dispatch\w*|contracts?|construction|logging)\b", re.IGNORECASE)
# Words each action's patterns need, so a sentence runs only the patterns it could match (in step with the
# [policy] patterns of data/extract/lexicon.toml: a pattern whose action lacks the hint never runs).
# Written so common words do not wake them: "accord " not "according", " pact" not "impact", "treat" not "treatment".
_AGREEMENT_HINTS = ("agreement", "accord ", "accords", "accord,", "accord.", "arrangement", "deal", " pact", "treaty",
                    "treaties", "memorand", " mou", "protocol")
_ACTION_HINTS = {
    "stop_new_visas": ("visa", "permit"), "limit_visas": ("visa", "permit", "quota"),
    "no_renewal": ("renew", "extend", "extension", "expire", "lapse"),
    "repatriate_workers": ("repatriat", "home", "back", "return"), "expel": ("expel", "deport"),
    "ban_hiring": ("ban", "prohibit", "barred", "bars", "forb", "outlaw", "hiring", "employment of", "recruitment"),
    "end_labor_agreement": _AGREEMENT_HINTS, "labor_agreement": (*_AGREEMENT_HINTS, "quota"),
}
# Government-to-government labour arrangements and their end: checked further (party, negation, refugees, firms).
_AGREEMENT_ACTIONS = frozenset({"labor_agreement", "end_labor_agreement"})
_COMPANY_HINT = re.compile(r"\b[A-Z]\w*\s+(?:[A-Z]|company|firm)|\b(?:firms?|compan(?:y|ies)|contractors?|"
                           r"subsidiary|dispatch)\b")
_UN_SUBJECT = re.compile(r"\b(?:resolution|Security Council|United Nations|UN|U\.N\.)\b")
_REMITTANCE = re.compile(r"\b(?:sends?|sent|sending|remit\w*|transfer\w*|hand\w* over|contribut\w*|charg\w*|"
                         r"bribe|fee|fine[ds]?)\s+(?:home\s+)?(?:about\s+|around\s+|some\s+|roughly\s+|up to\s+)?$",
                         re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|never|no|denied|deny|denies|refused to confirm|if)\s+(?:\w+\s+){0,2}$",
                      re.IGNORECASE)
_RENEWAL_OBJECT = re.compile(r"\b(?:visas?|permits?|contracts?|workers?|laborers?|labou?r)\b", re.IGNORECASE)
_POLICY_EXCLUDE = frozenset({"KP", "KR", "US"})
_MONEY = re.compile(
    r"(?P<sym>US\$|\$|€|£|USD\s?)\s?(?P<n1>\d[\d,]*(?:\.\d+)?)"
    r"(?:\s*(?:-|–|to)\s*(?:US\$|\$|€|£)?\s?(?P<n2>\d[\d,]*(?:\.\d+)?))?(?!\s*(?:million|billion|bn|m\b|k\b))"
    r"|(?P<w1>\d[\d,]*(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(?P<w2>\d[\d,]*(?:\.\d+)?))?\s+"
    r"(?P<word>yuan|dollars|rubles|roubles|euros|riyals|dinars|dirhams|tugriks|zlotys|ringgit|rmb|RMB)\b",
    re.IGNORECASE)
_MONTHLY = re.compile(r"\b(?:a|per|each|every)\s+month\b|\bmonthly\b|/\s?month\b|\ba-month\b", re.IGNORECASE)
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


def find_policy_actions(ctx: DocumentContext, sentence: Sentence) -> list[Fact]:
    text = ctx.text
    segment = text[sentence.start:sentence.end]
    lowered = segment.lower()
    if not any(hint in lowered for hints in _ACTION_HINTS.values() for hint in hints):
        return []  # plain substring tests first: most sentences state no step at all
    if not _LABOR.search(segment) or not ctx.nk_near(sentence, 2):
        return []
    facts: list[Fact] = []
    seen: set[str] = set()
    for action, pattern in lexicon().policy:
        if not any(hint in lowered for hint in _ACTION_HINTS[action]):
            continue
        match = pattern.search(segment)
        if match is None or action in seen:
            continue
        if action != "no_renewal" and _NEGATED.search(segment[:match.start()][-30:]):
            continue
        if action == "no_renewal" and not _RENEWAL_OBJECT.search(segment, match.end(), match.end() + 60):
            continue
        at = sentence.start + match.start()
        clause = next((c for c in ctx.clauses(sentence) if c[0] <= at < c[1]), (sentence.start, sentence.end))
        country: str | None
        if action in _AGREEMENT_ACTIONS:
            if action == "labor_agreement" and "end_labor_agreement" in seen:
                continue  # the sentence ends an agreement: that is no new arrangement
            found = _agreement(ctx, sentence, clause, match, action)
            if found is None:
                continue
            country, confidence, date = found
        else:
            country, confidence = _subject_country(ctx, sentence, clause, at)
            if country is None or (confidence < 0.9 and _UN_SUBJECT.search(segment)):
                continue  # a UN deadline or resolution is not a host government's step
            times = [t for t in ctx.times(sentence.start, sentence.end) if t.value]
            date = times[0].value if times else None
        seen.add(action)
        facts.append(Fact("policy_action", sentence, country, {"action": action, "date": date},
                          0.5 + confidence / 3, as_of=date, attributed_to=ctx.attribution(sentence, clause),
                          rule=f"[policy] {action} pattern on '{' '.join(match.group(0).split())}'"))
        if action in ("stop_new_visas", "limit_visas"):
            break  # "stopped issuing new visas" also reads as limiting them; the specific step wins
    return facts


def _agreement(ctx: DocumentContext, sentence: Sentence, clause: tuple[int, int], match: re.Match[str],
               action: str) -> tuple[str, float, str | None] | None:
    """Country, confidence and event date of a labour agreement (or its end) that a host government is party to,
    or None when the sentence denies, plans or forbids it, makes it about returning refugees, gives it to a firm,
    or names no host country as a party. The checks are the reviewed [policy_agreements] patterns."""
    checks = lexicon().agreement_checks
    text, start, end = ctx.text, sentence.start + match.start(), sentence.start + match.end()
    lead = text[max(clause[0], start - 120):start]
    if (checks["not_in_force"].search(lead[-80:]) or checks["negated_inside"].search(match.group())
            or checks["firm_signer"].search(lead[-60:]) or checks["un_directive"].search(lead)
            or checks["firm_counterparty"].search(text, start, min(clause[1], end + 60))
            or checks["not_labour"].search(text, max(clause[0], start - 40), min(clause[1], end + 40))
            or checks["not_government"].search(text, max(clause[0], start - 40), min(clause[1], end + 40))
            or checks["not_covering"].search(text[end:min(clause[1], end + 80)])):
        return None
    country, confidence = _party_country(ctx, clause, start, end)
    if country is None and checks["government_subject"].search(lead[-80:]):
        country, confidence = ctx.host_country(sentence, clause, start, end, clause[1], exclude=_POLICY_EXCLUDE)
    if country is None or country == "WORLD" or _third_party(ctx, clause, start, end, country):
        return None
    # The event is what the match says happened: an ending verb dates an end, the agreement's words date a signing.
    anchor = (start, end)
    if action == "end_labor_agreement":
        verb = lexicon().policy_terms["ending"].search(match.group()) or lexicon().policy_terms["ended"].search(
            match.group())
        if verb is not None:
            anchor = (start + verb.start(), start + verb.end())
    return country, confidence, _nearest_date(ctx, sentence, anchor)


def _party_country(ctx: DocumentContext, clause: tuple[int, int], start: int, end: int) -> tuple[str | None, float]:
    """The host government party to an agreement at [start, end): the last country named before it in the clause
    ("Mongolia and North Korea signed ..."), else one named inside the agreement's words ("the agreement that
    Mongolia signed ... expired") or introduced as a party after them ("... a labour agreement with Laos"). Never
    the paragraph's or document's main country: an agreement the DPRK makes with no host named is no host's."""
    before = [m for m in ctx.countries_in(clause[0], start) if m.code not in _POLICY_EXCLUDE]
    if before:
        return before[-1].code, 0.9
    party = lexicon().agreement_checks["party_before"]
    for mention in ctx.countries_in(start, clause[1]):
        if mention.code in _POLICY_EXCLUDE:
            continue
        if mention.start < end or party.search(ctx.text, max(clause[0], mention.start - 20), mention.start):
            return mention.code, 0.8
    return None, 0.0


def _third_party(ctx: DocumentContext, clause: tuple[int, int], start: int, end: int, host: str) -> bool:
    """Is the agreement one between the host and a country other than North Korea? Its parties are the countries
    introduced after it ("with Nepal", "between Malaysia and Indonesia") and a country joined to the one before it
    ("South Korea and Mongolia signed")."""
    checks = lexicon().agreement_checks
    text = ctx.text
    parties = [m for m in ctx.countries_in(start, min(clause[1], end + 50))
               if checks["party_with"].search(text, max(clause[0], m.start - 20), m.start)]
    before = ctx.countries_in(max(clause[0], start - 80), start)
    for first, second in itertools.pairwise(before):
        if checks["party_joint"].search(text[first.end:second.start]):
            parties += [first, second]
    return any(m.code not in ("KP", host) for m in parties)


def _nearest_date(ctx: DocumentContext, sentence: Sentence, anchor: tuple[int, int]) -> str | None:
    """The dated time expression of the sentence nearest the anchor span; "since 2007" only when nothing else is
    dated, since it starts a period rather than naming the event."""
    def distance(t: TimeExpression) -> int:
        return max(0, anchor[0] - t.end, t.start - anchor[1])

    times = [t for t in ctx.times(sentence.start, sentence.end) if t.value]
    best = min(times, key=lambda t: (t.since, distance(t), -t.start), default=None)
    return best.value if best is not None else None


def _subject_country(ctx: DocumentContext, sentence: Sentence, clause: tuple[int, int], at: int
                     ) -> tuple[str | None, float]:
    before = [m for m in ctx.countries_in(sentence.start, at) if m.code not in _POLICY_EXCLUDE]
    if before:
        return before[-1].code, 0.9
    return ctx.host_country(sentence, clause, at, at, clause[1], exclude=_POLICY_EXCLUDE)


def _amount(value: str) -> float:
    return float(value.replace(",", ""))


def find_wages(ctx: DocumentContext, sentence: Sentence) -> list[Fact]:
    text = ctx.text
    segment = text[sentence.start:sentence.end]
    if "month" not in segment.lower() or not _MONTHLY.search(segment) or not (
            ctx.nk_near(sentence, 3) or ctx.nk_topic):
        return []
    lex = lexicon()
    gross: float | None = None
    received: float | None = None
    currency: str | None = None
    cursor = 0
    for money in _MONEY.finditer(segment):
        if _OTHER_PERIOD.match(segment[money.end():]):
            cursor = money.end()
            continue
        symbol = (money.group("sym") or money.group("word") or "").strip().lower()
        first = money.group("n1") or money.group("w1")
        second = money.group("n2") or money.group("w2")
        value = _amount(first) if not second else (_amount(first) + _amount(second)) / 2
        lead = segment[max(cursor, money.start() - 40):money.start()]
        cursor = money.end()
        if _REMITTANCE.search(lead):
            continue  # money sent home or paid over is not a wage
        if lex.received.search(lead):
            received = value if received is None else received
        elif lex.gross.search(lead) or (gross is None and received is None):
            gross = value if gross is None else gross
        else:
            continue
        currency = currency or lex.currencies.get(symbol, "USD")
    if gross is None and received is None:
        return []
    clause = (sentence.start, sentence.end)
    country, confidence = ctx.host_country(sentence, clause, sentence.start, sentence.start, sentence.end)
    values = {"gross_per_month": gross, "received_per_month": received, "currency": currency}
    return [Fact("wage", sentence, country, values, 0.4 + confidence / 3, rule="an amount of money per month",
                 attributed_to=ctx.attribution(sentence, clause))]


def find_employers(ctx: DocumentContext, sentence: Sentence, seen: set[str]) -> list[Fact]:
    text = ctx.text
    segment = text[sentence.start:sentence.end]
    if not _COMPANY_HINT.search(segment) or not _LABOR.search(segment) or not ctx.nk_near(sentence, 2):
        return []
    lex = lexicon()
    facts: list[Fact] = []
    for company in find_companies(text, sentence.start, sentence.end):
        key = company.short.casefold()
        if key in seen:
            continue
        seen.add(key)
        if lex.intermediary.search(segment):
            role = "intermediary"
        elif lex.dispatcher.search(segment):
            role = "dispatcher"
        else:
            role = "employer"
        clause = (sentence.start, sentence.end)
        located = [m for m in ctx.countries_in(sentence.start, sentence.end)
                   if m.code not in _POLICY_EXCLUDE and ctx.is_locative(m)]
        country = located[0].code if located else None
        facts.append(Fact("employer", sentence, country, {"name": company.name, "role": role}, 0.6,
                          rule=f"company name in a sentence about North Korean workers; role {role} from its verbs",
                          attributed_to=ctx.attribution(sentence, clause)))
    return facts


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
