"""Russian, Ukrainian and Belarusian names as other languages romanize them: one consonant key they share.

The EU lists a Russian name in English, German, Swedish, Polish and French spellings (``Vladimir
Abdualiyevich VASILYEV``, ``Wladimir Abdualjewitsch WASILJEW``, ``Vladimir Abdualijevitj VASILJEV``); a record
carries any of them. ``cyrillic_key`` folds the spellings one Cyrillic letter takes (``ch``/``kh``/``tj``/
``tsch`` for х and ч, ``sh``/``sch``/``sj`` for ш, ``w``/``v``, ``x``/``ks``) and drops vowels and the
semivowels ``j``/``y`` (``data/screening/cyrillic_romanization.json``). The key finds candidates; the scorer
judges them by their spelling.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from laborwatch.screen.korean import DATA_DIR

_TABLE = json.loads((DATA_DIR / "cyrillic_romanization.json").read_text(encoding="utf-8"))
_FOLDS: list[tuple[str, str]] = [(old, new) for old, new in _TABLE["folds"]]
_VOWELS = re.compile("[" + _TABLE["vowels"] + "]")
_RUNS = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def cyrillic_key(token: str) -> str:
    """The shared consonants (``wasiljew``, ``vasilyev`` -> ``vslv``); empty below three (too many names alike)."""
    if len(token) < 4 or not token.isalpha():
        return ""
    for old, new in _FOLDS:
        token = token.replace(old, new)
    key = _RUNS.sub(r"\1", _VOWELS.sub("", token))
    return key if len(key) >= 3 else ""
