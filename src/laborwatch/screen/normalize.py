"""Names to comparable tokens: one path for list names and queries, so both sides agree.

Steps, in order: Unicode NFKC; invisible characters removed; look-alike Cyrillic/Greek letters mapped to Latin
when the name also has Latin letters (an all-Cyrillic name is a real Cyrillic name and is transliterated);
Hangul to McCune–Reischauer; other scripts to ASCII; diacritics and breves dropped; apostrophes dropped
(``Ch'o'l`` -> ``chol``: the lists use them as breve and aspiration marks, so they must not split a token);
every other punctuation, hyphen and comma becomes a space; case folded.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

from laborwatch.screen.arabic import arabic_to_latin, consonant_key, has_arabic
from laborwatch.screen.korean import DATA_DIR, hangul_to_mr, has_hangul
from laborwatch.screen.vocabulary import LOCAL_LEGAL_FORMS, translate

_HOMOGLYPHS = json.loads((DATA_DIR / "homoglyphs.json").read_text(encoding="utf-8"))
_TO_LATIN: dict[int, str] = {ord(k): v for k, v in _HOMOGLYPHS["to_latin"].items()}
_INVISIBLE: dict[int, None] = {ord(c): None for c in _HOMOGLYPHS["invisible"]}
_WORDS = json.loads((DATA_DIR / "name_words.json").read_text(encoding="utf-8"))

LEGAL_FORMS: frozenset[str] = frozenset(_WORDS["legal_forms"]) | LOCAL_LEGAL_FORMS
TITLES: frozenset[str] = frozenset(_WORDS["titles"])
PARTICLES: frozenset[str] = frozenset(_WORDS["particles"])
COUNTRY_MARKERS: frozenset[str] = frozenset(_WORDS["country_markers"])
ORGANIZATION_MARKERS: frozenset[str] = frozenset(_WORDS["organization_markers"])
ABBREVIATIONS: dict[str, str] = _WORDS["abbreviations"]

_APOSTROPHES = "'’‘`´ʼʻʹʽ′"
_APOSTROPHE_TABLE = {ord(c): None for c in _APOSTROPHES}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_RUNS = re.compile(r"(.)\1+")
# anyascii writes CJK syllables as capitalised runs ("WangLei"); split them back into syllables. Only CJK: in an
# upper-case Cyrillic word the same runs are single letters ("КУРЧЕНКО" -> "KURChENKO"), not syllables.
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Letters NFKD does not decompose to ASCII.
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d",
                          "Đ": "D", "ı": "i", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d"})


def _is_latin_letter(char: str) -> bool:
    return (char.isascii() and char.isalpha()) or ("LATIN" in unicodedata.name(char, ""))


def _has_script(text: str, script: str) -> bool:
    return any(script in unicodedata.name(c, "") for c in text if c.isalpha() and not c.isascii())


def fold_homoglyphs(text: str) -> str:
    """Map Cyrillic/Greek look-alikes to Latin, but only inside a name that is mostly Latin."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return text
    latin = sum(1 for c in letters if _is_latin_letter(c))
    foreign = [c for c in letters if not _is_latin_letter(c)]
    if latin == 0:
        return text
    if all(ord(c) in _TO_LATIN for c in foreign) or latin >= len(foreign):
        return text.translate(_TO_LATIN)
    return text


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _join_trailing_letters(words: list[str]) -> list[str]:
    """``S.A.``, ``L T D``, ``B. V.`` at the end of a name: a legal form written as separate letters, which
    would otherwise read as initials (so ``S.A.`` and ``Company`` never met as legal forms). Only at the end,
    and two letters only after two words: ``A.B. Khan`` and ``KHAN, A.S.`` keep their initials."""
    for size in (4, 3, 2):
        tail = words[-size:]
        if len(words) > size and all(len(w) == 1 and w.isalpha() for w in tail):
            joined = "".join(tail)
            if joined in LEGAL_FORMS and (size > 2 or len(words) - size >= 2):
                return [*words[:-size], joined]
    return words


def _join_inner_letters(words: list[str]) -> list[str]:
    """``ALWANEO L.L.C. CO.``: three or four letters in a row after the first word that spell a legal form are
    that form (as single letters they weighed like rare initials and crowded the name out of its candidates)."""
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in (4, 3):
            run = words[i:i + size]
            if i and len(run) == size and all(len(w) == 1 and w.isalpha() for w in run) \
                    and "".join(run) in LEGAL_FORMS:
                out.append("".join(run))
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _words(lowered: str) -> str:
    words = [t for t in _NON_ALNUM.split(lowered) if t]
    if len(words) > 2 and len(words[-1]) == 1:
        words = _join_trailing_letters(words)
    if len(words) > 3:
        words = _join_inner_letters(words)
    # "Co." and "Company" are one word to the matcher, and so are "Bank" and "Banco" (``vocabulary``)
    return " ".join(translate(ABBREVIATIONS.get(t, t)) for t in words)


@lru_cache(maxsize=100_000)
def clean(text: str) -> str:
    """A display-neutral ASCII form: lowercase, no marks, no apostrophes, single spaces between tokens."""
    if text.isascii():  # most names: none of the script work below applies
        return _words(text.translate(_APOSTROPHE_TABLE).lower())
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    text = fold_homoglyphs(text)
    if has_hangul(text):
        text = hangul_to_mr(text)
    if has_arabic(text):  # before marks are stripped: hamza seats decompose into alif + hamza
        text = arabic_to_latin(text)
    text = _strip_marks(text).translate(_APOSTROPHE_TABLE)
    if not text.isascii():
        text = " ".join(_CAMEL.sub(" ", anyascii(word)) if _CJK.search(word) else anyascii(word.lower())
                        for word in text.split())
        text = text.translate(_APOSTROPHE_TABLE)
    return _words(text.lower())


def is_abjad(text: str) -> bool:
    """Arabic-script text (Arabic, Persian, Urdu): written without short vowels, so transliteration drops them."""
    return has_arabic(text)


@lru_cache(maxsize=200_000)
def abjad_key(token: str) -> str:
    """A token's consonants only (``tariq``, ``tarq`` -> ``trk``), the way an Arabic-script name spells it; empty
    when fewer than two remain (see ``laborwatch.screen.arabic``)."""
    key = consonant_key(token)
    return key if len(key) >= 2 and not key.isdigit() else ""


def tokens(text: str) -> tuple[str, ...]:
    return tuple(clean(text).split())


@dataclass(frozen=True)
class WordClass:
    """Why a token weighs little: a legal form, a title, a particle or a country marker (else ``name``)."""

    kind: str
    factor: float


CLASS_FACTORS = {"legal_form": 0.25, "title": 0.1, "particle": 0.35, "country_marker": 0.5, "name": 1.0}
# What a query word that matches nothing on the listed name costs: a different name word is strong evidence of a
# different party; an extra title costs nothing (records add Dr., Jr., Sheikh).
UNMATCHED_FACTORS = {"legal_form": 0.97, "title": 1.0, "particle": 0.97, "country_marker": 0.98, "name": 0.93}


def word_class(token: str) -> str:
    if token in LEGAL_FORMS:
        return "legal_form"
    if token in TITLES:
        return "title"
    if token in PARTICLES:
        return "particle"
    if token in COUNTRY_MARKERS:
        return "country_marker"
    return "name"


def name_classes(tokens: tuple[str, ...], *, person: bool = False, query: bool = False) -> tuple[str, ...]:
    """Each word's class within its name, which can differ from the word's class on its own.

    A person's name has no legal form: "PAO, Yu Liang" and "Kim Sa" carry surnames and syllables that are legal
    forms elsewhere, and counting them as such let a query that drops the surname score as if it had it. A
    particle ends no real name (al-, de, la attach to the word after them), so one at the end of a query is a
    word of its own: "Constructora Guadalest La" is not "Constructora Guadalest S.A." with a stray article.
    """
    classes = [word_class(t) for t in tokens]
    if person:
        classes = ["name" if c == "legal_form" else c for c in classes]
    if query and len(classes) > 1 and classes[-1] == "particle":
        classes[-1] = "name"
    return tuple(classes)


def class_factor(token: str) -> float:
    return CLASS_FACTORS[word_class(token)]


def unmatched_factor(token: str) -> float:
    return UNMATCHED_FACTORS[word_class(token)]


_VOWELS = re.compile(r"[aeiouy]")


@lru_cache(maxsize=200_000)  # two regex passes per word: remembered, as names repeat their words
def skeleton(token: str) -> str:
    """First letter plus the consonants after it, doubles collapsed: survives dropped vowels and doubling."""
    if len(token) < 4 or token.isdigit():
        return ""
    skel = _RUNS.sub(r"\1", token[0] + _VOWELS.sub("", token[1:]))
    # three consonants leave too many names alike (sang/song, kesm/kassem); four or more are distinctive
    return skel if len(skel) >= 4 else ""
