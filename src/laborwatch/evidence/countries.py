"""Country lookups shared by every stage: ISO 3166-1 alpha-2 codes from names, adjectives and places.

The aliases live in the reviewed table ``laborwatch/data/countries.csv`` (sources in its header). Prose
matching is case-sensitive, because country names, adjectives and places are proper nouns and lower-case
words such as "china" (porcelain) or "turkey" (the bird) are not about countries; ``lookup_country`` is a
case-insensitive lookup of a whole string, for user input and table cells.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

WORLD = "WORLD"  # the pseudo-code for a global total
Trie = dict[str, "Trie"]


@dataclass(frozen=True)
class CountryMention:
    code: str
    start: int
    end: int
    text: str
    is_place: bool  # a city or region rather than the country's name or adjective


@dataclass(frozen=True)
class CountryTable:
    names: dict[str, str]  # code -> English name
    aliases: dict[str, str]  # casefolded alias -> code
    places: frozenset[str]  # casefolded aliases that are cities or regions
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def country_table() -> CountryTable:
    raw = (resources.files("laborwatch.data") / "countries.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in raw.splitlines() if line and not line.startswith("#"))
    names: dict[str, str] = {}
    aliases: dict[str, str] = {}
    places: set[str] = set()
    for row in rows:
        code = row["code"].strip()
        names[code] = row["name"].strip()
        for alias in [row["name"], *row["aliases"].split("|")]:
            if alias.strip():
                aliases[alias.strip().casefold()] = code
        for place in row["places"].split("|"):
            if place.strip():
                aliases[place.strip().casefold()] = code
                places.add(place.strip().casefold())
    originals = sorted(set(_all_written(raw)), key=len, reverse=True)
    # Longest first so "South Korea" wins over a shorter alias; possessive "'s" is allowed after the name.
    # A trie-shaped pattern: hundreds of aliases cost one walk per word instead of one try per alias.
    pattern = re.compile(rf"(?<![\w.])(?:{trie_pattern(originals)})(?![\w-])")
    return CountryTable(names, aliases, frozenset(places), pattern)


def trie_pattern(words: list[str]) -> str:
    """A regular expression matching any of ``words``, longest first, written as a trie of characters."""
    trie: Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: Trie) -> str:
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        ends = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return render(trie)


def _all_written(raw: str) -> list[str]:
    rows = csv.DictReader(line for line in raw.splitlines() if line and not line.startswith("#"))
    written: list[str] = []
    for row in rows:
        for cell in (row["name"], row["aliases"], row["places"]):
            written.extend(a.strip() for a in cell.split("|") if a.strip())
    return written


def country_name(code: str | None) -> str:
    """The English short name of an ISO code (``WORLD`` is "Worldwide"); an unknown code is returned as is."""
    if not code:
        return "unknown country"
    if code == WORLD:
        return "Worldwide"
    return country_table().names.get(code.upper(), code)


def lookup_country(text: str | None) -> str | None:
    """The code for a whole country name, adjective, demonym, place or code, in any case; None if unknown."""
    if not text:
        return None
    key = " ".join(text.split()).casefold().removesuffix("'s").removesuffix("’s")
    if key.startswith("the "):
        key = key[4:] if key[4:] in country_table().aliases else key
    if key == WORLD.casefold() or key in ("worldwide", "world", "global"):
        return WORLD
    table = country_table()
    if key in table.aliases:
        return table.aliases[key]
    if len(key) == 2 and key.upper() in table.names:
        return key.upper()
    return None


def find_countries(text: str) -> list[CountryMention]:
    """Every country name, adjective, demonym or place in ``text``, in order, with character offsets."""
    table = country_table()
    found: list[CountryMention] = []
    for match in table.pattern.finditer(text):
        key = match.group(0).casefold()
        found.append(CountryMention(table.aliases[key], match.start(), match.end(), match.group(0),
                                    key in table.places))
    return found
