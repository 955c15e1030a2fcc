"""Employers: DPRK-linked bodies that send or employ North Korean workers, named in a sentence about them.

The annotation rules' employers are state trading companies, labour-export agencies and firms described as run or
owned by North Koreans, not the host-country businesses that use the workers. Both are named the same way ("X
Trading Company"), so the words around each name decide ([employer_checks] of the lexicon): North Korea named as
its owner or nationality, or a North Korean state company's name form, makes it one; a host country's business
noun, a place it is located in, a person's own company or a workplace makes it an end user, left out.
"""

from __future__ import annotations

import re

from laborwatch.evidence.countries import CountryMention, lookup_country
from laborwatch.extract.companies import CompanyMention
from laborwatch.extract.context import DocumentContext
from laborwatch.extract.facts import LABOR, Fact
from laborwatch.extract.lexicon import lexicon
from laborwatch.extract.segment import Sentence

_COMPANY_HINT = re.compile(r"\b[A-Z]\w*\s+(?:[A-Z]|company|firm)|\b(?:firms?|compan(?:y|ies)|contractors?|"
                           r"subsidiary|dispatch)\b")
_NOT_HOSTS = frozenset({"KP", "KR", "US"})
_WINDOW = 100  # characters either side of a name that describe it
# A name as written: capitalised words, with "of", "for", "and" or "&" between two of them.
_NAME = re.compile(r"[A-Z][\w’'&.-]*(?:[ \t](?:(?:of|for|and|&)[ \t])?[A-Z][\w’'&.-]*){0,6}")
_NAME_AT_END = re.compile(_NAME.pattern + r"$")


def find_employers(ctx: DocumentContext, sentence: Sentence, seen: set[str]) -> list[Fact]:
    """The employers a sentence names. ``seen`` holds the document's names already decided (their distinctive
    words): a short form of one ("Paekho Trading" after "Korea Paekho Trading Corporation") is the same body,
    proposed or left out once."""
    text = ctx.text
    segment = text[sentence.start:sentence.end]
    if not _COMPANY_HINT.search(segment) or not ctx.nk_near(sentence, 2):
        return []
    labour = bool(LABOR.search(segment) or lexicon().step_checks["worker_context"].search(segment))
    checks = lexicon().employer_checks
    facts: list[Fact] = []
    previous: tuple[CompanyMention, str] | None = None  # the last name proposed in this sentence, and why
    for company in _companies(ctx, sentence):
        key = _key(company.name)
        if not key or any(set(key.split()) <= set(earlier.split()) for earlier in seen):
            continue  # a legal form alone ("Limited") or a body already decided
        how = _dprk_link(ctx, sentence, company) or _listed_with(text, previous, company)
        if how is not None:
            if not labour and not checks["works_abroad"].match(text, company.end):
                continue  # a DPRK body this sentence does not describe as sending or employing workers
        elif not labour:
            continue  # nothing ties this name to workers yet: a later sentence may
        elif _host_side(ctx, sentence, company):
            seen.add(key)
            continue  # a host-country end user, not a DPRK body; its short forms later are the same user
        elif (how := _tie(ctx, sentence, company)) is None:
            continue  # a firm in a sentence about workers, but neither North Korean nor their employer
        seen.add(key)
        previous = (company, how)
        role = _role(ctx, sentence, company)
        located = [m for m in ctx.countries_in(sentence.start, sentence.end)
                   if m.code not in _NOT_HOSTS and ctx.is_locative(m)]
        clause = (sentence.start, sentence.end)
        facts.append(Fact("employer", sentence, located[0].code if located else None,
                          {"name": company.name, "role": role}, 0.7 if "North Korean" in how else 0.6,
                          rule=f"company name: {how}; role {role} from the words around it",
                          attributed_to=ctx.attribution(sentence, clause)))
    return facts


def _companies(ctx: DocumentContext, sentence: Sentence) -> list[CompanyMention]:
    """The companies a sentence names: those with a company suffix or introducer (``find_companies``), cut at a
    line break (a headline's last words run into the next line's name), and names without a suffix that the words
    around them call a North Korean company."""
    text = ctx.text
    found: list[CompanyMention] = []
    for company in ctx.companies_in(sentence.start, sentence.end):
        cut = text.rfind("\n", company.start, company.end)
        cleaned = _trimmed(text, company.start if cut < 0 else cut + 1, company.end)
        if cleaned is not None:
            found.append(cleaned)
    checks = lexicon().employer_checks
    spans: list[tuple[int, int]] = []
    for anchor in checks["named_before"].finditer(text, sentence.start, sentence.end):
        name = _NAME.match(text, anchor.end(), sentence.end)
        if name is not None:
            spans.append((name.start(), name.end()))
    for anchor in (*checks["named_after"].finditer(text, sentence.start, sentence.end),
                   *checks["named_owned"].finditer(text, sentence.start, sentence.end)):
        lead = max(sentence.start, anchor.start() - _WINDOW)
        if (name := _NAME_AT_END.search(text, lead, anchor.start())) is not None:
            spans.append((name.start(), name.end()))
    for start, end in spans:
        named = _trimmed(text, start, end)
        if named is not None and not any(c.start < named.end and named.start < c.end for c in found):
            found.append(named)
    return sorted(found, key=lambda c: c.start)


def _trimmed(text: str, start: int, end: int) -> CompanyMention | None:
    """The name at [start, end) without the leading words that are not part of it ("The", "North Korea's",
    "Russian", a country), or None when nothing is left."""
    not_names = lexicon().not_names
    start += len(text[start:end]) - len(text[start:end].lstrip())
    while start < end:
        word = re.match(r"\S+", text[start:end])
        if word is None:
            return None
        token = word.group(0)
        if not (token in ("The", "the", "A", "a", "An") or token.rstrip("’'s") in not_names or token.endswith(
                ("’s", "'s")) or lookup_country(token.rstrip(",")) or token.islower()):
            break
        start += len(token)
        start += len(text[start:end]) - len(text[start:end].lstrip())
    name = text[start:end].rstrip(" .,")
    if not name or not re.match(r"[A-Z][a-z]+|[A-Z]{2,}", name):
        return None
    return CompanyMention(name, name, start, start + len(name))


def _key(name: str) -> str:
    """The name's distinctive words, case-folded, without legal forms ("Korea", "Trading", "Corp." ...)."""
    forms = lexicon().legal_forms
    words = [w.strip(".,").casefold() for w in name.split()]
    return " ".join(w for w in words if w and w not in forms)


def _dprk_link(ctx: DocumentContext, sentence: Sentence, company: CompanyMention) -> str | None:
    """How the words around the name tie it to North Korea, or None."""
    checks = lexicon().employer_checks
    text = ctx.text
    before = text[max(sentence.start, company.start - _WINDOW):company.start]
    if checks["dprk_before"].search(before):
        return "North Korean by the words before it"
    if checks["dprk_after"].match(text[company.end:min(sentence.end, company.end + _WINDOW)]):
        return "described as North Korean after it"
    if checks["dprk_name"].match(company.name) and not checks["south_before"].search(before):
        return "named like a North Korean state company"
    return None


def _listed_with(text: str, previous: tuple[CompanyMention, str] | None, company: CompanyMention) -> str | None:
    """A name listed right after one already proposed ("the North Korean firms Namgang and Cholhyun") shares its
    description."""
    if previous is None or not re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+|or\s+)", text[previous[0].end:
                                                                                             company.start]):
        return None
    return f"listed with {previous[0].name}, {previous[1]}"


def _tie(ctx: DocumentContext, sentence: Sentence, company: CompanyMention) -> str | None:
    """How the words right around a name make it the employer or sender of the workers, or None."""
    checks = lexicon().employer_checks
    text = ctx.text
    if checks["tie_before"].search(text[max(sentence.start, company.start - _WINDOW):company.start]):
        return "the workers' employer or sender by the words before it"
    if checks["tie_after"].match(text[company.end:min(sentence.end, company.end + _WINDOW)]):
        return "the workers' employer or sender by the words after it"
    if checks["designated_for_employing"].search(text, sentence.start, sentence.end):
        return "designated for employing North Korean workers"
    return None


def _host_side(ctx: DocumentContext, sentence: Sentence, company: CompanyMention) -> bool:
    """Do the words around the name make it a host-country business (an end user of the workers)? Unless the
    sentence says it was designated for employing North Korean workers."""
    checks = lexicon().employer_checks
    text = ctx.text
    lo, hi = max(sentence.start, company.start - _WINDOW), min(sentence.end, company.end + _WINDOW)
    before = text[lo:company.start]
    hosts_before = [m for m in ctx.countries_in(lo, company.start) if m.code not in _NOT_HOSTS]
    hosts_after = [m for m in ctx.countries_in(company.end, hi) if m.code not in _NOT_HOSTS]
    host_side = (any(_business_of(ctx, m, company) for m in hosts_before)
                 or any(checks["host_after_gap"].match(text[company.end:m.start]) for m in hosts_after)
                 or bool(checks["persons_company"].search(before)) or bool(checks["workplace"].search(before)))
    return host_side and not checks["designated_for_employing"].search(text, sentence.start, sentence.end)


def _business_of(ctx: DocumentContext, mention: CountryMention, company: CompanyMention) -> bool:
    """Is the host country (or place) named before the name the seat of the business the name is? "the Russian
    builder X"; "a shipyard in Dalian, the X"."""
    checks = lexicon().employer_checks
    text = ctx.text
    if checks["host_then_business"].match(text[mention.end:company.start]):
        return True
    return bool(checks["located_gap"].match(text[mention.end:company.start])) and bool(
        checks["business_located"].search(text[max(0, mention.start - _WINDOW):mention.start]))


def _role(ctx: DocumentContext, sentence: Sentence, company: CompanyMention) -> str:
    """dispatcher, intermediary or employer, from the words nearest the name (else the sentence's)."""
    lex = lexicon()
    near = ctx.text[max(sentence.start, company.start - _WINDOW):min(sentence.end, company.end + _WINDOW)]
    for span in (near, ctx.text[sentence.start:sentence.end]):
        if lex.intermediary.search(span):
            return "intermediary"
        if lex.dispatcher.search(span):
            return "dispatcher"
        if lex.employer_words.search(span):
            return "employer"
    return "employer"
