"""Korean names: Hangul -> McCune–Reischauer, and one romanization-independent key per token.

The lists write Korean names in McCune–Reischauer (MR): ``CH'OE, So'k-min``. News, passports and customer
records write the same name as ``Choi Seok Min``, ``Choe Sokmin`` or ``최석민``. Two steps bring them together:

* ``hangul_to_mr`` turns Hangul into MR (surname first, given-name syllables separated), so a name typed in
  Hangul goes through the same path as a romanized one.
* ``korean_key`` folds one romanized token to a key on which MR, the DPRK system, Revised Romanization and the
  popular spellings agree (``chol``, ``cheol``, ``chul`` -> ``jor``), and maps surname families
  (Ri/Lee/Yi/Rhee) to one key. The folds are lossy on purpose; the index only applies them to names of
  DPRK-linked list entries, so a Western name never meets them.

The tables are reviewed data in ``laborwatch/data/screening/``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "screening"
_HANGUL_FIRST = 0xAC00
_HANGUL_LAST = 0xD7A3


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    return data


_ROMAN = _load("korean_romanization.json")
_SURNAMES = _load("korean_surnames.json")
_INITIALS: list[str] = _ROMAN["initials"]
_MEDIALS: list[str] = _ROMAN["medials"]
_FINALS: list[str] = _ROMAN["finals"]
_COMPOUND_SURNAMES: frozenset[str] = frozenset(_ROMAN["compound_surnames"])
_FOLDS: list[tuple[re.Pattern[str], str]] = [(re.compile(p), r) for p, r in _ROMAN["key_folds"]]

# spelling -> MR spelling of its family; Hangul surname -> MR spelling
SURNAME_FAMILY: dict[str, str] = {}
HANGUL_SURNAME: dict[str, str] = {}
for _family in _SURNAMES["families"]:
    for _spelling in _family["spellings"]:
        SURNAME_FAMILY.setdefault(_spelling, _family["mr"])
    for _hangul in _family["hangul"]:
        HANGUL_SURNAME.setdefault(_hangul, _family["mr"])


def is_hangul(char: str) -> bool:
    return _HANGUL_FIRST <= ord(char) <= _HANGUL_LAST


def has_hangul(text: str) -> bool:
    return any(is_hangul(c) for c in text)


def syllable_to_mr(char: str) -> str:
    """One Hangul syllable in MR as the lists write it (apostrophes for breves and aspiration)."""
    code = ord(char) - _HANGUL_FIRST
    initial, rest = divmod(code, 21 * 28)
    medial, final = divmod(rest, 28)
    return _INITIALS[initial] + _MEDIALS[medial] + _FINALS[final]


def _word_to_mr(word: str) -> list[str]:
    return [syllable_to_mr(c) if is_hangul(c) else c for c in word]


def hangul_to_mr(text: str) -> str:
    """``김정은`` -> ``kim jong un``-like MR: the first word's surname split off, syllables as separate tokens.

    Syllables become separate tokens because the lists split given names (``Jong Un``, ``Jong-un``); the index
    also joins neighbouring tokens, so a list name written ``Jongun`` still meets them.
    """
    words = text.split()
    out: list[str] = []
    for position, word in enumerate(words):
        if not has_hangul(word):
            out.append(word)
            continue
        syllables = _word_to_mr(word)
        # A person's name in Hangul is one word, surname first; a compound surname takes two syllables.
        if position == 0 and len(words) <= 2 and 2 <= len(word) <= 4:
            size = 2 if word[:2] in _COMPOUND_SURNAMES else 1
            surname = HANGUL_SURNAME.get(word[:size], "".join(syllables[:size]))
            out.append(surname)
            out.extend(syllables[size:])
        else:
            out.extend(syllables)
    return " ".join(out)


@lru_cache(maxsize=200_000)
def korean_key(token: str) -> str:
    """Fold a lowercase ASCII token to the key every romanization of the same Hangul shares."""
    family = SURNAME_FAMILY.get(token)
    if family is not None:
        token = family
    key = token
    for pattern, repl in _FOLDS:
        key = pattern.sub(repl, key)
    return key


_SYLLABLE = (r"(?:tch|ch|kk|tt|pp|ss|sh|jj|k|g|n|t|d|r|l|m|p|b|s|j|h)?"
             r"(?:yae|wae|yeo|weo|eui|ae|ya|eo|yo|ye|wa|oe|wo|we|wi|yu|eu|ui|oo|ee|ou|a|o|e|u|i)"
             r"(?:ng|k|g|n|t|l|r|m|p|b|s)?")
_KOREAN_WORD = re.compile(rf"^(?:{_SYLLABLE}){{1,4}}$")


def looks_korean(tokens: tuple[str, ...] | list[str]) -> bool:
    """A person's name that parses as Korean: a known surname plus words made of romanized Korean syllables.

    Used for list entries that carry no DPRK programme or nationality (an OFAC non-proliferation entry, a UN
    entry without nationality), so their names still get the romanization keys.
    """
    if len(tokens) < 2 or len(tokens) > 5:
        return False
    if tokens[0] not in SURNAME_FAMILY and tokens[-1] not in SURNAME_FAMILY:
        return False
    return all(_KOREAN_WORD.match(t) for t in tokens)
