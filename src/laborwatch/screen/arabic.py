"""Arabic-script names (Arabic, Persian, Urdu) against romanized list names: consonant keys both sides share.

Arabic script writes consonants and long vowels; short vowels are left out. The lists write the same names
romanized, with vowels chosen by one of several conventions (``Mohammed``, ``Muhammad``, ``Mohamad``). So the
two meet on consonants:

* ``arabic_to_latin`` writes each Arabic-script letter as the Latin consonant the common romanizations use
  (``data/screening/arabic_script.json``); vowel carriers and ayn become nothing, and a word-initial article
  ``ال`` becomes ``al``, as the lists write it (``الحسن`` -> ``alhsn``). It replaces the generic ``anyascii``
  step for this script, which spelled the same letters less consistently.
* ``consonant_key`` reduces any romanized word to its consonant classes: vowels and the semivowels ``w``/``y``
  dropped, doubled letters collapsed (shadda is not written, ``Najjar`` = ``نجار``), letters the
  romanizations of one Arabic letter scatter over folded together (``q``/``k``/``g`` for qaf, ``th``/``s``,
  ``dh``/``z``/``d``, ``ch``/``sh``), the article dropped, including the one glued to ``Abd`` (``Abdul``,
  ``Abdel`` -> ``abd``). ``Mohammed``, ``Muhammad`` and ``محمد`` all give ``mhmd``.

These keys are coarse on purpose: they find and rank candidates, and the scorer caps what consonants alone
are worth below the alert threshold.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache

from laborwatch.screen.korean import DATA_DIR

_TABLE = json.loads((DATA_DIR / "arabic_script.json").read_text(encoding="utf-8"))
_ARTICLE: str = _TABLE["article"]
_LETTERS: dict[int, str] = {ord(k): v for k, v in _TABLE["letters"].items()}
_LETTERS.update({ord(c): "" for c in _TABLE["dropped"]})
_DIGRAPH_FIRST = frozenset("tkdscgzp")
_GLUED: tuple[str, ...] = tuple(sorted(_TABLE["glued_particles"], key=len, reverse=True))


@lru_cache(maxsize=4096)
def _is_arabic_char(char: str) -> bool:
    return "ARABIC" in unicodedata.name(char, "")


def has_arabic(text: str) -> bool:
    """Arabic-script letters in the text (Arabic, Persian, Urdu): written without short vowels."""
    return any(_is_arabic_char(c) for c in text if c.isalpha() and not c.isascii())


def arabic_to_latin(text: str) -> str:
    """Arabic-script words as Latin consonants; other characters (Latin, digits, punctuation) unchanged."""
    words = []
    for word in text.split():
        out = "al" if word.startswith(_ARTICLE) and len(word) > len(_ARTICLE) + 1 else ""
        for char in word[len(out):]:
            latin = _LETTERS.get(ord(char), char)
            if not latin:
                continue
            # t + h is two letters here, not the digraph th (likewise k, d, s, g + h): keep them apart
            if latin[0] == "h" and out and out[-1] in _DIGRAPH_FIRST:
                out += "a"
            out += latin
        words.append(out)
    return " ".join(words)


# Folds, in order: a digraph before its letters (``ch`` before ``c``, ``kh`` kept apart from ``k`` as ``x``).
_FOLDS = (("ch", "sh"), ("ck", "k"), ("c", "k"), ("kh", "x"), ("q", "k"), ("gh", "k"), ("g", "k"), ("th", "s"),
          ("z", "d"), ("dh", "d"), ("ph", "f"))
_VOWELS = re.compile(r"[aeiouyw]")
_RUNS = re.compile(r"(.)\1+")
_ABD_ARTICLE = re.compile(r"^a?bd[aeiou]*l")  # abdul, abdel, abdoul, عبدال: 'Abd' with the article glued on


@lru_cache(maxsize=200_000)
def consonant_key(token: str) -> str:
    """A word's consonant classes (``tariq``, ``tarek``, ``طارق`` -> ``trk``); may be shorter than two letters."""
    if token.startswith("al") and len(token) > 4:  # the article, written joined or apart
        token = token[2:]
    token = _ABD_ARTICLE.sub("abd", token)
    for old, new in _FOLDS:
        token = token.replace(old, new)
    return _RUNS.sub(r"\1", _VOWELS.sub("", token))


def consonant_spans(tokens: tuple[str, ...], particles: frozenset[str]) -> list[tuple[int, str]]:
    """Consonant keys of two and three neighbouring words joined, particles left out, each with the position of
    its first word: ``Abd al-Rahman``, ``Abdulrahman``, ``Abdurrahman`` and ``عبد الرحمن`` all give ``bdrhmn``,
    ``Shams al-Din`` and ``Shamsuddin`` give ``shmsdn``."""
    kept = [(i, consonant_key(t)) for i, t in enumerate(tokens) if t not in particles and not t.isdigit()]
    kept = [(i, k) for i, k in kept if k]
    out: list[tuple[int, str]] = []
    for j in range(len(kept) - 1):
        # each key has no doubled letters already: only the seams can double (``shms`` + ``sdn``)
        pair = _join(kept[j][1], kept[j + 1][1])
        if len(pair) >= 3:
            out.append((kept[j][0], pair))
        if j + 2 < len(kept):
            triple = _join(pair, kept[j + 2][1])
            if len(triple) >= 3:
                out.append((kept[j][0], triple))
    return out


def _join(left: str, right: str) -> str:
    return left + right[1:] if left and right and left[-1] == right[0] else left + right


@lru_cache(maxsize=200_000)
def unglued(token: str) -> str:
    """The word after a particle written joined to it (``bukhattalah`` -> ``khattalah``, ``alhassan`` ->
    ``hassan``), or "" when there is none; the rest must keep five letters (``albert`` is no ``al-bert``)."""
    for particle in _GLUED:
        if token.startswith(particle) and len(token) - len(particle) >= 5:
            return token[len(particle):]
    return ""
