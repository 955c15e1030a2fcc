"""The extractor's reviewed word lists (``data/extract/lexicon.toml``), loaded once and compiled to patterns."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from laborwatch.evidence.countries import trie_pattern


def words_pattern(words: list[str], *, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One pattern matching any of ``words`` as whole words, longest first."""
    folded = sorted({w.lower() for w in words} if flags & re.IGNORECASE else set(words), key=len, reverse=True)
    return re.compile(rf"(?<![\w$€£¥₩])(?:{trie_pattern(folded)})(?![\w])", flags)


def _with_terms(pattern: str, terms: dict[str, str]) -> str:
    """``pattern`` with each ``{name}`` of ``[policy_terms]`` written out (plain replacement, not str.format, so
    a regex repeat such as ``{0,3}`` is left alone) and each space made any run of white space."""
    for name, piece in terms.items():
        pattern = pattern.replace("{" + name + "}", piece)
    # A space stands for any run of white space: sentences wrapped over lines (plain text, PDF) match as well.
    return pattern.replace(" ", r"\s+")


def _employer_checks(raw: dict[str, str]) -> dict[str, re.Pattern[str]]:
    """The [employer_checks] patterns, "{business}" written out and each space made any run of white space."""
    business = raw.get("business", "")
    return {name: re.compile(_with_terms(pattern, {"business": business}), re.IGNORECASE)
            for name, pattern in raw.items() if name != "business"}


def _ending_with(words: list[str], qualifiers: list[str]) -> re.Pattern[str]:
    """A text ending in one of ``words``, then any qualifiers ("make about "): what comes right before an amount."""
    body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    hedges = "|".join(re.escape(q) for q in sorted(qualifiers, key=len, reverse=True))
    return re.compile(rf"\b(?:{body})(?:\s+(?:{hedges}|only|just|of))*\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Lexicon:
    raw: dict[str, Any]
    qualifiers: list[tuple[str, str]]  # longest phrase first
    units_after: frozenset[str]
    markers_before: tuple[str, ...]
    worker_nouns: dict[str, str]
    people: frozenset[str]
    work_verbs: tuple[str, ...]
    category_words: dict[str, str]
    event_verbs: re.Pattern[str]
    prison: re.Pattern[str]
    foreign_markers: frozenset[str]
    world: re.Pattern[str]
    north_korea: re.Pattern[str]
    sectors: re.Pattern[str]  # every sector word, as one trie-shaped pattern
    sector_of: dict[str, str]  # lower-cased sector word -> its sector
    attribution_verbs: re.Pattern[str]
    pronouns: frozenset[str]
    policy: list[tuple[str, re.Pattern[str]]]
    policy_terms: dict[str, re.Pattern[str]]  # named pieces of the policy patterns ("ending": an ending verb)
    agreement_checks: dict[str, re.Pattern[str]]  # filters on labour-agreement matches, by name
    step_checks: dict[str, re.Pattern[str]]  # checks on the other host-government steps, by name
    gross: re.Pattern[str]
    received: re.Pattern[str]
    no_period_verbs: re.Pattern[str]  # a wage verb that makes an amount with no period a monthly wage
    currencies: dict[str, str]
    suffixes: tuple[str, ...]
    introducers: re.Pattern[str]
    not_names: frozenset[str]
    dispatcher: re.Pattern[str]
    employer_words: re.Pattern[str]
    intermediary: re.Pattern[str]
    legal_forms: frozenset[str]
    employer_checks: dict[str, re.Pattern[str]]  # DPRK link and host-side end user, by name
    repatriation_verbs: re.Pattern[str]
    repatriation_people: re.Pattern[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = tomllib.loads((resources.files("laborwatch.data") / "extract" / "lexicon.toml").read_text("utf-8"))
    num, wrk, att, emp = raw["numbers"], raw["workers"], raw["attribution"], raw["employers"]
    nk_body = "|".join(re.escape(w) for w in sorted(wrk["north_korea"], key=len, reverse=True))
    terms = raw.get("policy_terms", {})
    policy = [(action, re.compile("|".join(f"(?:{_with_terms(p, terms)})" for p in patterns), re.IGNORECASE))
              for action, patterns in raw["policy"].items()]
    return Lexicon(
        raw=raw,
        qualifiers=sorted(((q, v) for q, v in num["qualifiers"]), key=lambda p: len(p[0]), reverse=True),
        units_after=frozenset(num["units_after"]),
        markers_before=tuple(sorted(num["markers_before"], key=len, reverse=True)),
        worker_nouns={w: c for w, c in wrk["nouns"]},
        people=frozenset(wrk["people"]),
        work_verbs=tuple(wrk["work_verbs"]),
        category_words={w: c for w, c in wrk["category_words"]},
        event_verbs=re.compile(r"^[\s\]\)”’\"']*(?:,?\s*(?:who|which|that)\s+(?:had\s+|have\s+|has\s+)?)?"
                               r"(?:" + "|".join(re.escape(v) for v in sorted(
            wrk["event_verbs"], key=len, reverse=True)) + r")\b", re.IGNORECASE),
        prison=words_pattern(wrk["prison_words"]),
        foreign_markers=frozenset(wrk["foreign_markers"]),
        world=words_pattern(wrk["world_words"]),
        north_korea=re.compile(rf"(?<![\w])(?:{nk_body})(?![\w])"),
        sectors=words_pattern([w for words in raw["sectors"].values() for w in words]),
        sector_of={w.lower(): name for name, words in raw["sectors"].items() for w in words},
        attribution_verbs=words_pattern(att["verbs"]),
        pronouns=frozenset(att["pronouns"]),
        policy=policy,
        policy_terms={name: re.compile(_with_terms(p, terms), re.IGNORECASE) for name, p in terms.items()},
        agreement_checks={name: re.compile(_with_terms(p, terms), re.IGNORECASE)
                          for name, p in raw.get("policy_agreements", {}).items()},
        step_checks={name: re.compile(_with_terms(p, terms), re.IGNORECASE)
                     for name, p in raw.get("policy_steps", {}).items()},
        gross=words_pattern(raw["wages"]["gross"]),
        received=words_pattern(raw["wages"]["received"]),
        no_period_verbs=_ending_with(raw["wages"]["no_period_verbs"], [q for q, _ in num["qualifiers"]]),
        currencies={w: c for w, c in raw["wages"]["currencies"]},
        suffixes=tuple(sorted(emp["suffixes"], key=len, reverse=True)),
        introducers=words_pattern(emp["introducers"]),
        not_names=frozenset(emp["not_names"]),
        dispatcher=words_pattern(emp["dispatcher_words"]),
        employer_words=words_pattern(emp["employer_words"]),
        intermediary=words_pattern(emp["intermediary_words"]),
        legal_forms=frozenset(w.casefold() for w in emp["legal_forms"]),
        employer_checks=_employer_checks(raw.get("employer_checks", {})),
        repatriation_verbs=words_pattern(raw["repatriation"]["verbs"]),
        repatriation_people=words_pattern(raw["repatriation"]["people"]),
    )
