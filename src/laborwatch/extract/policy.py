"""Host-government steps on North Korean workers (policy actions), and labour arrangements between governments.

A step is a `[policy]` pattern of the lexicon in a sentence about North Korean workers; it is the host
government's when a host country acts in it: the agent of a passive step, the country named before it, or the
country the sentence or document is about. North Korea's, the UN's, the EU's and the US's own steps are none.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from laborwatch.extract.context import DocumentContext
from laborwatch.extract.dates import TimeExpression
from laborwatch.extract.facts import LABOR, Fact, workers_not_refugees
from laborwatch.extract.lexicon import lexicon
from laborwatch.extract.segment import Sentence

# Words each action's patterns need, so a sentence runs only the patterns it could match (in step with the
# [policy] patterns of data/extract/lexicon.toml: a pattern whose action lacks the hint never runs).
# Written so common words do not wake them: "accord " not "according", " pact" not "impact", "treat" not "treatment".
_AGREEMENT_HINTS = ("agreement", "accord ", "accords", "accord,", "accord.", "arrangement", "deal", " pact", "treaty",
                    "treaties", "memorand", " mou", "protocol")
_ACTION_HINTS = {
    "stop_new_visas": ("visa", "permit", "quota", "application"),
    "limit_visas": ("visa", "permit", "quota"),
    "no_renewal": ("renew", "extend", "extension", "prolong", "expire", "lapse"),
    "repatriate_workers": ("repatriat", "home", "back", "return", "employ", "contract", "leave", "depart", "withdraw",
                           "recall", "pull out"),
    "expel": ("expel", "deport", "expulsion"),
    "ban_hiring": ("ban", "prohibit", "barred", "bars", "forb", "outlaw", "hiring", "employment of", "recruit",
                   "hire", "employ"),
    "end_labor_agreement": _AGREEMENT_HINTS, "labor_agreement": (*_AGREEMENT_HINTS, "quota"),
    "other": ("taken", "took"),
}
# Government-to-government labour arrangements and their end: checked further (party, negation, refugees, firms).
_AGREEMENT_ACTIONS = frozenset({"labor_agreement", "end_labor_agreement"})
# Before a step: a negation within two words ("has not expelled"), or a denial of it ("denied that Qatar had").
_NEGATED = re.compile(r"\b(?:not|never|no|if)\s+(?:\w+\s+){0,2}$|\b(?:denied|deny|denies|denying|refused to confirm)"
                      r"\b[^.;]{0,50}$", re.IGNORECASE)
_RENEWAL_OBJECT = re.compile(r"\b(?:visas?|permits?|contracts?|workers?|laborers?|labou?r)\b", re.IGNORECASE)
# A match that itself names workers (or their contracts) needs no more evidence that they are workers.
_WORKERS_NAMED = re.compile(r"\b(?:workers?|laborers?|labourers?|crews?|crewmen|contracts?|employment)\b",
                            re.IGNORECASE)
_POLICY_EXCLUDE = frozenset({"KP", "KR", "US"})
# A passive step starts with what it is done to ("workers were deported"): "North Korean" right before it
# describes them and is no actor.
_PASSIVE_START = re.compile(r"(?:workers|laborers|labourers|nationals|citizens|north koreans|visas|permits|contracts|"
                            r"quotas?|applications?|issu\w+|no new|new)\b", re.IGNORECASE)
_ADDRESSED = re.compile(r"\b(?:told|tells|informed|informs|notified|notifies|to|with)\s+(?:the\s+)?(?:a\s+)?$",
                        re.IGNORECASE)
# Between a step and the government reporting it: nothing, or a short time or place before a comma ("... were
# withdrawn in March, Cambodia told ...").
_SPEAKER_GAP = re.compile(r"[\s,]*(?:the\s+)?|[^.;,]{0,25},\s*(?:the\s+)?")
_CLAUSE_END = re.compile(r"[,;:.()\"“”]")


@lru_cache(maxsize=1)
def _any_hint() -> re.Pattern[str]:
    hints = {hint for hints in _ACTION_HINTS.values() for hint in hints}
    return re.compile("|".join(re.escape(h) for h in sorted(hints, key=len, reverse=True)))


def find_policy_actions(ctx: DocumentContext, sentence: Sentence,
                        steps_seen: set[tuple[str, str]] | None = None) -> list[Fact]:
    """The host-government steps and labour arrangements a sentence states. ``steps_seen`` holds the (country,
    action) pairs of the document's earlier sentences: a step restated later (headline, lead, quotation) is one
    step, proposed once."""
    text = ctx.text
    segment = text[sentence.start:sentence.end]
    lowered = segment.lower()
    if not _any_hint().search(lowered):
        return []  # one scan for every action's hint words first: most sentences state no step at all
    labour_here = bool(LABOR.search(segment) or lexicon().step_checks["worker_context"].search(segment))
    if not (labour_here or _labour_before(ctx, sentence)) or not ctx.nk_near(sentence, 2):
        return []
    steps_seen = set() if steps_seen is None else steps_seen
    facts: list[Fact] = []
    seen: set[str] = set()
    stops: list[tuple[int, int]] = []  # where "stopped issuing new visas" matched: no limit_visas there too
    for action, pattern in lexicon().policy:
        if action in seen or not any(hint in lowered for hint in _ACTION_HINTS[action]):
            continue
        for match in pattern.finditer(segment):
            found = _step(ctx, sentence, match, action, labour_here, stops, seen)
            if found is None:
                continue
            country, confidence, date = found
            seen.add(action)
            if action == "stop_new_visas":
                stops.append((match.start(), match.end()))
            if action not in _AGREEMENT_ACTIONS:
                if (country, action) in steps_seen:
                    break
                steps_seen.add((country, action))
            clause = _clause_at(ctx, sentence, sentence.start + match.start())
            facts.append(Fact("policy_action", sentence, country, {"action": action, "date": date},
                              0.5 + confidence / 3, as_of=date, attributed_to=ctx.attribution(sentence, clause),
                              rule=f"[policy] {action} pattern on '{' '.join(match.group(0).split())}'"))
            break
    return facts


def _step(ctx: DocumentContext, sentence: Sentence, match: re.Match[str], action: str, labour_here: bool,
          stops: list[tuple[int, int]], seen: set[str]) -> tuple[str, float, str | None] | None:
    """Country, confidence and date of one pattern match, or None when the match is no host government's step."""
    segment = ctx.text[sentence.start:sentence.end]
    if action == "labor_agreement" and "end_labor_agreement" in seen:
        return None  # the sentence ends an agreement: that is no new arrangement
    at = sentence.start + match.start()
    clause = _clause_at(ctx, sentence, at)
    if action in _AGREEMENT_ACTIONS:
        return _agreement(ctx, sentence, clause, match, action)
    if action not in ("no_renewal", "stop_new_visas") and _NEGATED.search(segment[:match.start()][-60:]):
        return None
    if action == "stop_new_visas" and _NEGATED.search(segment[:match.start()][-60:]) and not re.match(
            r"(?:not|never|no longer)\b", match.group(0), re.IGNORECASE):
        return None  # "did not stop issuing visas"; a match that is itself a refusal ("not to grant") stands
    checks = lexicon().step_checks
    following = re.match(r"\s+[\w-]+", segment[match.end():])
    if checks["diplomatic"].search(match.group(0) + (following.group(0) if following else "")):
        return None  # expelling an ambassador or diplomats is a diplomatic step, not one on workers
    if checks["permissive_before"].search(segment, max(0, match.start() - 40), match.start()):
        return None  # "lifted the ban on hiring ...": undoing a step is a permissive one
    if action == "no_renewal" and not _RENEWAL_OBJECT.search(segment, match.start(), match.end() + 60):
        return None
    if action == "limit_visas" and any(s < match.end() and match.start() < e for s, e in stops):
        return None  # "stopped issuing new visas" also reads as limiting them; the specific step wins
    if checks["people_only"].search(match.group(0)) and not _WORKERS_NAMED.search(match.group(0)):
        # "sent home 310 North Koreans", "face deportation": workers only when the text says so.
        if not workers_not_refugees(ctx, sentence):
            return None
    elif not labour_here:
        return None
    country, confidence = _actor_country(ctx, sentence, clause, at, sentence.start + match.end())
    if country is None or country == "WORLD":
        return None
    times = [t for t in ctx.times(sentence.start, sentence.end) if t.value]
    return country, confidence, times[0].value if times else None


def _clause_at(ctx: DocumentContext, sentence: Sentence, at: int) -> tuple[int, int]:
    return next((c for c in ctx.clauses(sentence) if c[0] <= at < c[1]), (sentence.start, sentence.end))


def _labour_before(ctx: DocumentContext, sentence: Sentence) -> bool:
    """Workers named in one of the two sentences before, in the same paragraph ("..., all of them builders. A month
    later Oman repatriated some 120 North Koreans.")."""
    for previous in ctx.sentences[max(0, sentence.index - 2):sentence.index]:
        if previous.paragraph == sentence.paragraph and (LABOR.search(ctx.text, previous.start, previous.end) or (
                lexicon().step_checks["worker_context"].search(ctx.text, previous.start, previous.end))):
            return True
    return False


def _actor_country(ctx: DocumentContext, sentence: Sentence, clause: tuple[int, int], start: int, end: int
                   ) -> tuple[str | None, float]:
    """The host government acting in the step at [start, end), and how sure the choice is; None when the step is
    North Korea's, the UN's, the EU's or the US's own.

    In order: the agent of a passive step ("were refused by Kazakhstan's migration service"), the subject right
    before the step when it is not a host ("North Korea has sent its workers home"), the last host country named
    before the step in the sentence ("Vietnamese authorities were told ..."), then, unless the UN or EU comes
    before the step, a government reporting it right after ("..., Cambodia told a UN panel") and the country the
    sentence or the document is about."""
    text = ctx.text
    checks = lexicon().step_checks
    # A passive step's agent comes right after it, up to the clause's end ("... were refused by Kazakhstan's
    # migration service in March").
    agent = re.match(r"[\s,]*(?:[\w-]+\s+)?by\s", text[end:sentence.end])
    if agent is not None:
        stop = _CLAUSE_END.search(text, end + agent.end(), sentence.end)
        named = ctx.countries_in(end + agent.end(), stop.start() if stop else sentence.end)
        if named and named[0].code not in _POLICY_EXCLUDE:
            return named[0].code, 0.9
        if named or checks["not_host_actor"].search(text[end + agent.end():end + agent.end() + 40]):
            return None, 0.0
    directive = checks["un_directive_before"].search(text, max(sentence.start, start - 160), start)
    if directive is not None and not any(m.code not in _POLICY_EXCLUDE for m in ctx.countries_in(
            directive.start(), directive.start("verb"))):
        return None, 0.0
    before = ctx.countries_in(sentence.start, start)
    # The UN told or written to ("Kuwait told the UN it had sent ...") is no actor.
    actors = [(m.end, m.code) for m in before] + [
        (a.end(), "UN") for a in checks["not_host_actor"].finditer(text, sentence.start, start)
        if not _ADDRESSED.search(text, max(sentence.start, a.start() - 20), a.start())]
    if actors and not _PASSIVE_START.match(text, start):
        last_end, code = max(actors)
        if (code in _POLICY_EXCLUDE or code == "UN") and checks["subject_gap"].match(text[last_end:start]):
            return None, 0.0
    hosts = [m for m in before if m.code not in _POLICY_EXCLUDE]
    if hosts:
        return hosts[-1].code, 0.9
    if checks["not_host_actor"].search(text, sentence.start, start):
        return None, 0.0  # a UN deadline or resolution is not a host government's step
    speaker = next((m for m in ctx.countries_in(end, min(sentence.end, end + 40)) if m.code not in _POLICY_EXCLUDE),
                   None)
    if speaker is not None and _SPEAKER_GAP.fullmatch(text, end, speaker.start) and (
            checks["speaker_after"].match(text[speaker.end:speaker.end + 60])):
        return speaker.code, 0.8  # "..., Cambodia told a UN panel": the government reports its own step
    return ctx.host_country(sentence, clause, start, start, clause[1], exclude=_POLICY_EXCLUDE)


# --- labour arrangements -----------------------------------------------------------------------------------
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
