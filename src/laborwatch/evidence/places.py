"""Places below the country: resolve a place name, and find place names in prose with exact offsets.

``resolve_place("Hunchun City")``, ``resolve_place("珲春")`` and ``resolve_place("hunchun")`` return the same
``Place(name="Hunchun", country="CN", kind="city", admin1="Jilin", geonames_id=2036653)``. Lookup is case- and
accent-insensitive, meets romanisation variants ("Primorskiy"/"Primorsky") and, when a name is not found as
written, drops one generic word ("City", "Province", "Oblast", "Krai", "市", "省" ...) and prefers the kind that
word names ("Jilin Province" is the province, "Jilin City" the city). The index is described in
``laborwatch.evidence.gazetteer``; its sources in ``laborwatch/data/places/README.md``.

The rule for prose (``find_places``). A gazetteer of 38,000 places is full of ordinary English words ("Most",
"Police", "Split", "Nice", "Bath", "Reading", "Of", "Man") and personal names ("Victoria", "Austin", "Kim"), so a
name found in the text counts as a place only when:

1. it is one of the project's reviewed places (``data/places/aliases.csv`` and the ``places`` column of
   ``countries.csv``): those are proper nouns in this subject and always match, written capitalised, like
   ``find_countries`` matches them; or
2. it is another gazetteer name, written capitalised (not all in capitals: "ABA" is an acronym), standing alone
   as a proper noun (not part of a longer run of capitalised words: "Victoria Nuland", "University of Reading",
   "Kim Il Sung Square"), and either
   a. in a strong frame: a generic word after it ("Split City", "Amur Oblast"), "the city/town/port/province/
      region of" before it, or ", <its country>" after it ("Split, Croatia"), which also picks among namesakes; or
   b. not an ordinary word (``data/places/common_words.txt``, generated: names that an English word list writes in
      lower case; ``not_places.txt``, reviewed: surnames, given names and the like), and either after a locative
      word ("in", "at", "near", "outside", "around", "across", "throughout", "inside", "within"; Russian "в",
      "под", "около") or the canonical name of a city of a million people or more ("Shenyang", "Karachi").
3. In Han-script text, which has no spaces, a gazetteer name counts when it is reviewed, three characters or
   longer, after a locative character (在, 于, 赴, 到) or the name of a city of a million or more.
Countries' names, adjectives and demonyms are never places here: ``find_countries`` owns them.

Among namesakes the choice goes: the kind a generic word names, the reviewed place, a place in a country the
document names (``countries``), then the most populous. Each mention says which rule accepted it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from laborwatch.evidence.countries import CountryMention, country_table, find_countries
from laborwatch.evidence.gazetteer import (
    GENERIC_WORDS,
    MAX_WORDS,
    Gazetteer,
    Place,
    fold,
    gazetteer,
    is_han,
    strip_generic,
)

__all__ = ["Place", "PlaceMention", "find_places", "place_candidates", "resolve_place"]

LARGE_CITY = 1_000_000  # big enough that a capitalised lone name is the city: about 550 such names worldwide
MAX_NAME_CHARS = 200  # longer input to resolve_place is not a place name; refusing it keeps lookups cheap
LOCATIVE = frozenset({"in", "at", "near", "outside", "around", "across", "throughout", "inside", "within",
                      "в", "во", "под", "около", "близ"})
# Capitalised words that open a sentence or a heading before a place ("In Hunchun, ..."): not part of its name.
FRAME_LEADERS = LOCATIVE | {"the", "from", "to", "and", "of", "by", "for", "on"}
_HAN_LOCATIVE = frozenset("在于赴到往")

# A run of capitalised words, with lower-case connectors inside names ("Dar es Salaam", "Rostov-on-Don",
# "Komsomolsk-on-Amur") and the abbreviations "St." "Mt." "Ft." ("St. Petersburg"). A start that is not an ASCII
# lower-case letter keeps nearly every English word out of the Python loop: the regex engine skips them.
_CAP = r"[^\W\d_a-z][\w'’]*"
_CONNECTORS = ("de", "del", "la", "le", "les", "es", "el", "al", "am", "an", "der", "upon", "on", "sur", "du",
               "da", "do", "dos", "das", "di", "na", "nad", "pod", "of", "y", "i")
_GAP = r"(?:[ \u00a0]|-|(?<=St)\. ?|(?<=Mt)\. ?|(?<=Ft)\. ?)"
# The first character comes first and the word-start test after it (a look-behind over two characters): a
# pattern that opens with a character class lets the regex engine skip non-candidates in its own fast loop.
_RUN = re.compile(rf"[^\W\d_a-z](?<![\w'’].)[\w'’]*(?:{_GAP}+(?:(?:{'|'.join(_CONNECTORS)}){_GAP}+)*{_CAP})*")
_WORD = re.compile(r"[\w'’]+")
_CONNECTOR_SET = frozenset(_CONNECTORS)
_SUFFIX = re.compile(r"[ \u00a0-]+(city|province|oblast|krai|kray|region|prefecture|state|district|county|"
                     r"municipality|territory|governorate)\b", re.IGNORECASE)
_OF_FRAME = re.compile(r"\b(?:city|town|port|village|province|region|prefecture|oblast|krai|district|county|"
                       r"state|capital|municipality) of\s+$", re.IGNORECASE)
_PREVIOUS_WORD = re.compile(r"(\w+)[ \u00a0]+$")
_COMMA = re.compile(r",[ \u00a0]*")


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in text: ``text[start:end] == self.text``. ``code`` is the place's country, as in
    ``CountryMention``, so the extractor can treat both alike; ``rule`` says why it counted."""

    code: str
    start: int
    end: int
    text: str
    place: Place
    rule: str

    @property
    def is_place(self) -> bool:
        return True


def resolve_place(text: str | None, country: str | None = None) -> Place | None:
    """The place a name means, or None. ``country`` (ISO alpha-2) restricts the answer to that country."""
    found = place_candidates(text, country)
    return found[0] if found else None


def place_candidates(text: str | None, country: str | None = None) -> list[Place]:
    """Every place a name may mean, most likely first (see the module docstring for the order)."""
    if not text or len(text) > MAX_NAME_CHARS:
        return []
    g = gazetteer()
    key = fold(_strip_possessive(text.strip()))
    kind: str | None = None
    for _ in range(3):  # as written, then without up to two generic words ("the Jilin Province")
        ids = g.names.get(key, ())
        if country:
            ids = tuple(i for i in ids if g.places[i].country == country.upper())
        if ids:
            return _unique(g, _rank(g, key, ids, kind, frozenset()))
        stripped, named = strip_generic(key)
        if stripped == key:
            break
        key, kind = stripped, kind or named
    return []


def find_places(text: str, countries: Sequence[CountryMention] | None = None) -> list[PlaceMention]:
    """Every place named in ``text``, in order, by the rule in the module docstring. ``countries`` is
    ``find_countries(text)`` when the caller already has it (it says which countries the document is about)."""
    g = gazetteer()
    codes = frozenset(m.code for m in (countries if countries is not None else find_countries(text)))
    found: list[PlaceMention] = []
    for run in _RUN.finditer(text):
        held = _run_class(run.group())
        if held == 0 or (held == 2 and not _strong_frame_possible(text, run.start(), run.end())):
            continue
        written = run.group()
        if written.isalnum() and (at := g.reviewed.get(_key(written))) is not None and not _SUFFIX.match(
                text, run.end()):  # the usual mention, one reviewed word ("Dandong"): no offsets to work out
            place = g.places[at]
            found.append(PlaceMention(place.country, run.start(), run.end(), written, place, "reviewed"))
            continue
        tokens = [(m.start(), m.end()) for m in _WORD.finditer(text, run.start(), run.end())]
        for part in _proper_parts(text, tokens):
            found.extend(_match_part(g, text, part, codes))
    return found


# ---- prose ----------------------------------------------------------------------------------------------------

Token = tuple[int, int]


@lru_cache(maxsize=65536)
def _run_class(written: str) -> int:
    """What a run of capitalised words can hold, decided once per distinct run (documents repeat "North Korean"
    dozens of times): 0 nothing, so it is skipped; 1 a place by some rule; 2 an ordinary word, an acronym or a
    frame word that is also a name, which needs a strong frame. A 5 KB article has about 130 runs; most are
    settled by this cached call, which keeps prose scanning within its time budget."""
    if not written.isascii() and any(is_han(c) or _is_hangul(c) for c in written):
        return 1  # ``_match_cjk`` looks inside the word
    g, weak = gazetteer(), _weak_words()
    keys = [_key(w) for w in _WORD.findall(written)]
    needs_frame = False
    for n, key in enumerate(keys):
        if key in g.reviewed:
            return 1
        following = keys[n + 1] if n + 1 < len(keys) else None
        if following is not None and key in g.prefixes:
            pair = f"{key} {following}"
            if pair in g.names or pair in g.prefixes:
                return 1
        if key in g.names:
            if following in GENERIC_WORDS:
                return 1
            if key in weak or written.isupper():
                needs_frame = True
            else:
                return 1
    return 2 if needs_frame else 0


def _strong_frame_possible(text: str, start: int, end: int) -> bool:
    return (text.startswith(",", end) or _SUFFIX.match(text, end) is not None or _of_frame(text, start))


def _of_frame(text: str, start: int) -> bool:
    """"the city of X": the plain test first, since the regex search costs ten times more and rarely succeeds."""
    return (text.endswith(("of ", "of\u00a0"), 0, start)
            and _OF_FRAME.search(text, max(0, start - 40), start) is not None)


@lru_cache(maxsize=1)
def _weak_words() -> frozenset[str]:
    """Names that can only match in a strong frame: ordinary words and the frame words themselves."""
    return frozenset(fold(w) for w in _ordinary_words() | FRAME_LEADERS)


def _proper_parts(text: str, tokens: list[Token]) -> list[list[Token]]:
    """A run split where a non-ASCII lower-case word (Cyrillic, accented) sits: the regex let those in."""
    parts: list[list[Token]] = [[]]
    for start, end in tokens:
        first = text[start]
        if first.islower() and text[start:end] not in _CONNECTOR_SET:
            parts.append([])
        else:
            parts[-1].append((start, end))
    return [p for p in parts if p]


def _match_part(g: Gazetteer, text: str, tokens: list[Token], codes: frozenset[str]) -> list[PlaceMention]:
    keys = [_key(text[s:e]) for s, e in tokens]
    lead = 0  # capitalised frame words opening the run ("In", "The"): not part of a lone proper noun
    while lead < len(tokens) - 1 and keys[lead] in FRAME_LEADERS:
        lead += 1
    out: list[PlaceMention] = []
    i = 0
    while i < len(tokens):
        if is_han(text[tokens[i][0]]) or _is_hangul(text[tokens[i][0]]):
            out.extend(_match_cjk(g, text, tokens[i], codes))
            i += 1
            continue
        if keys[i] in _CONNECTOR_SET:
            i += 1
            continue
        best, key = -1, ""
        for j in range(i, min(i + MAX_WORDS, len(tokens))):
            candidate = " ".join(keys[i: j + 1])
            if candidate in g.names:
                best, key = j, candidate
            if candidate not in g.prefixes:
                break
        mention = _accept(g, text, tokens, keys, i, best, key, lead, codes) if best >= 0 else None
        if mention is None:
            i += 1
            continue
        out.append(mention)
        while i < len(tokens) and tokens[i][0] < mention.end:
            i += 1
    return out


def _accept(g: Gazetteer, text: str, tokens: list[Token], keys: list[str], i: int, j: int, key: str, lead: int,
            codes: frozenset[str]) -> PlaceMention | None:
    start = tokens[i][0]
    end = _name_end(text, tokens[j])
    kind, suffix_end = None, end
    if j + 1 < len(tokens) and keys[j + 1] in GENERIC_WORDS:  # "Hunchun City", "Amur Oblast" inside the run
        kind, suffix_end, j = strip_generic("x " + keys[j + 1])[1], tokens[j + 1][1], j + 1
    elif (suffix := _SUFFIX.match(text, end)) is not None:  # "Liaoning province", "Amur region"
        kind, suffix_end = strip_generic("x " + suffix.group(1).lower())[1], suffix.end()
    if kind and (whole := fold(text[start:suffix_end])) in g.names:
        key = whole  # "Amur region" is a reviewed name of its own
    ids = g.names[key]
    if key in g.reviewed:
        place = g.places[g.reviewed[key] if kind is None else _rank(g, key, ids, kind, codes)[0]]
        return PlaceMention(place.country, start, suffix_end, text[start:suffix_end], place, "reviewed")
    after = _country_after(text, suffix_end)
    written = text[start:end]
    if written.isupper() or i != lead or j != len(tokens) - 1:
        return None  # an acronym, or a word inside a longer proper name ("University of Reading")
    if after:
        ids = tuple(x for x in ids if g.places[x].country == after) or ids
    ranked = _rank(g, key, ids, kind, codes)
    place = g.places[ranked[0]]
    previous = keys[i - 1] if i > 0 else _previous_word(text, start)
    if kind and kind == place.kind:
        rule = f"'{text[end:suffix_end].strip()}' after the name"
    elif _of_frame(text, start):
        rule = "'of' frame before the name"
    elif after and after == place.country:
        rule = "its country after the name"
    elif written.lower() in _ordinary_words():
        return None
    elif previous in LOCATIVE:
        rule = f"'{previous}' before the name"
    elif place.kind == "city" and g.population[ranked[0]] >= LARGE_CITY and fold(place.name) == key:
        rule = "city of a million or more"
    else:
        return None
    return PlaceMention(place.country, start, suffix_end, text[start:suffix_end], place, rule)


def _match_cjk(g: Gazetteer, text: str, token: Token, codes: frozenset[str]) -> list[PlaceMention]:
    """Han text has no spaces: the longest name at each position. Hangul names carry particles ("훈춘에서"):
    only the longest name at the start of the word."""
    start, end = token
    out: list[PlaceMention] = []
    pos = start
    while pos < end:
        hit = None
        for length in range(min(g.han_longest, end - pos), 1, -1):
            key = fold(text[pos: pos + length])
            if key in g.names:
                hit = (length, key)
                break
        if hit is None:
            if _is_hangul(text[start]):
                break
            pos += 1
            continue
        length, key = hit
        ranked = _rank(g, key, g.names[key], None, codes)
        place = g.places[ranked[0]]
        if key in g.reviewed:
            rule = "reviewed"
        elif pos > 0 and text[pos - 1] in _HAN_LOCATIVE:
            rule = f"'{text[pos - 1]}' before the name"
        elif length >= 3 and is_han(text[pos]):
            rule = "Han name of three or more characters"
        elif g.population[ranked[0]] >= LARGE_CITY:
            rule = "city of a million or more"
        else:
            rule = ""
        if rule:
            out.append(PlaceMention(place.country, pos, pos + length, text[pos: pos + length], place, rule))
            pos += length
        else:
            pos += 1
        if _is_hangul(text[start]):
            break
    return out


def _rank(g: Gazetteer, key: str, ids: Sequence[int], kind: str | None, codes: frozenset[str]) -> list[int]:
    """Namesakes in order: the kind a generic word named, the place reviewed under this very name, any reviewed
    place, one in a country the document names, the most populous."""
    mine = g.reviewed.get(key)
    return sorted(ids, key=lambda x: (kind is not None and g.places[x].kind != kind, x != mine,
                                      x not in g.reviewed_ids, g.places[x].country not in codes, -g.population[x]))


def _unique(g: Gazetteer, ids: list[int]) -> list[Place]:
    seen: dict[Place, None] = {}
    for x in ids:
        seen.setdefault(g.places[x], None)
    return list(seen)


@lru_cache(maxsize=1)
def _ordinary_words() -> frozenset[str]:
    from laborwatch.evidence.gazetteer import _data_text

    words: set[str] = set()
    for name in ("common_words.txt", "not_places.txt"):
        words.update(w.strip() for w in _data_text(name).splitlines() if w.strip() and not w.startswith("#"))
    return frozenset(words)


def _country_after(text: str, end: int) -> str | None:
    """The country written right after a name and a comma ("Split, Croatia"), if any."""
    comma = _COMMA.match(text, end)
    if comma is None:
        return None
    table = country_table()
    match = table.pattern.match(text, comma.end())
    return table.aliases.get(match.group(0).casefold()) if match else None


def _previous_word(text: str, start: int) -> str:
    match = _PREVIOUS_WORD.search(text, max(0, start - 30), start)
    return match.group(1).lower() if match else ""


def _name_end(text: str, token: Token) -> int:
    start, end = token
    return end - 2 if text[start:end].endswith(("'s", "’s")) else end


def _strip_possessive(name: str) -> str:
    return name[:-2] if name.endswith(("'s", "’s")) else name


@lru_cache(maxsize=65536)
def _key(word: str) -> str:
    """The key of one written word, possessive dropped, remembered: documents repeat their capitalised words."""
    return fold(_strip_possessive(word))


def _is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"
