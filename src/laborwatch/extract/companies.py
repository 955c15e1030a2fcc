"""Company and bureau names in prose: "Namgang Construction Company", "firms X and Y", "a firm called X".

Found with the lexicon's company suffixes and introducers (``[employers]`` in ``data/extract/lexicon.toml``);
worker counts take their employer from here and the employer claims their candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from laborwatch.evidence.countries import lookup_country
from laborwatch.extract.lexicon import lexicon

_COMPANY_WORD = r"[A-Z][\w’'&.-]*"


@dataclass(frozen=True)
class CompanyMention:
    name: str  # as written, without a leading "the"
    short: str  # without a generic suffix ("Namgang Company" -> "Namgang")
    start: int
    end: int


SUFFIX_WORDS = re.compile(r"(?:\s+(?:Company|company|Co\.|Corp\.?|Corporation|Ltd\.?|LLC|Group|Trading|Construction|"
                           r"Enterprises?|Industrial|Industries|Holdings|General|Bureau|Overseas|Shipping|of|for|"
                           r"External|Project|Projects))+$")
_GENERIC = re.compile(r"\s+(?:Company|company|Co\.|Corp\.?|Ltd\.?|LLC)$")


@lru_cache(maxsize=1)
def _company_pattern() -> re.Pattern[str]:
    suffix = "|".join(re.escape(s) for s in lexicon().suffixes)
    # A name may wrap onto the next line (PDF text), never across a blank line or a heading's end.
    gap = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
    return re.compile(rf"((?:{_COMPANY_WORD}{gap}){{0,5}}{_COMPANY_WORD}){gap}(?:{suffix})"
                      rf"(?:{gap}(?:for|of)(?:{gap}{_COMPANY_WORD}){{1,3}})?(?![\w])")


def find_companies(text: str, start: int, end: int) -> list[CompanyMention]:
    """Company and bureau names in text[start:end]: "X Construction", "firms X and Y", "a firm called X"."""
    lex = lexicon()
    segment = text[start:end]
    found: dict[tuple[int, int], CompanyMention] = {}
    for m in _company_pattern().finditer(segment):
        _add_company(found, text, start + m.start(1), start + m.end(), lex.not_names, min_words=2)
    for intro in lex.introducers.finditer(segment):
        rest = segment[intro.end():]
        names = re.match(rf"\s+(?:called\s+|named\s+|known as\s+)?((?:{_COMPANY_WORD}\s?){{1,4}})"
                         rf"(?:\s*(?:,|and|&)\s+((?:{_COMPANY_WORD}\s?){{1,4}}))?", rest)
        if not names:
            continue
        for group in (1, 2):
            if names.group(group):
                s = start + intro.end() + names.start(group)
                _add_company(found, text, s, s + len(names.group(group).rstrip()), lex.not_names)
    return sorted(found.values(), key=lambda c: c.start)


def _add_company(found: dict[tuple[int, int], CompanyMention], text: str, start: int, end: int,
                 not_names: frozenset[str], min_words: int = 1) -> None:
    name = text[start:end].strip().rstrip(".,")
    words = name.split(" ")
    # Leading words that are not part of a name: articles, "North Korea's", "Russian", "Its" ...
    while words and (words[0] in ("The", "the", "A", "a") or words[0].rstrip("’'s") in not_names
                     or words[0].endswith(("’s", "'s")) or lookup_country(words[0])):
        start += len(words[0]) + 1
        words = words[1:]
    if len(words) < min_words or not re.search(r"[A-Z][a-z]+", words[0] if words else ""):
        return
    if not words or any(w in not_names for w in words[1:]) or lookup_country(" ".join(words)):
        return
    name = " ".join(words)
    if any(s <= start < e or s < start + len(name) <= e for s, e in found):
        return
    short = _GENERIC.sub("", name)
    found[(start, start + len(name))] = CompanyMention(name, short, start, start + len(name))


def nearest(items: list[CompanyMention], position: int) -> CompanyMention | None:
    before = [c for c in items if c.end <= position]
    return before[-1] if before else None
