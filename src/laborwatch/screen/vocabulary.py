"""Organization vocabulary across languages: local legal forms, and the common words of organization names.

A Russian company listed as ``FEDERAL NEWS AGENCY LLC`` is written ``FEDERALNOE AGENTSTVO NOVOSTEI OOO`` in its
own register; an Iranian bank listed as ``BANK-E GARDESHGARI`` is ``TOURISM BANK`` in English. Two reviewed
tables bring such names together during normalization, for listed names and queries alike:

* ``legal_forms_local.json``: legal forms of other jurisdictions (OOO, TOO, Sdn Bhd, Ltda, S.A. de C.V., sp. z
  o.o. …) and the words they are written out with. They join the English legal forms, so they weigh little:
  they say what kind of party, not which.
* ``org_words.json``: the words organization names are made of (bank, institute, oil, investment, movement …)
  in other languages, mapped to the English word; inflected Russian adjectives by their stem.
"""

from __future__ import annotations

import json
from functools import lru_cache

from laborwatch.screen.korean import DATA_DIR

LOCAL_LEGAL_FORMS: frozenset[str] = frozenset(
    json.loads((DATA_DIR / "legal_forms_local.json").read_text(encoding="utf-8"))["forms"])

_WORDS: dict[str, list[str]] = json.loads((DATA_DIR / "org_words.json").read_text(encoding="utf-8"))["words"]
_EXACT: dict[str, str] = {form: english for english, forms in _WORDS.items() for form in forms
                          if not form.endswith("*")}
_STEMS: dict[str, str] = {form[:-1]: english for english, forms in _WORDS.items() for form in forms
                          if form.endswith("*")}
_STEM_LENGTHS = sorted({len(stem) for stem in _STEMS}, reverse=True)  # the longest stem that fits wins


@lru_cache(maxsize=100_000)
def translate(token: str) -> str:
    """The English organization word for ``token`` (``agentstvo`` -> ``agency``), or the token unchanged."""
    english = _EXACT.get(token)
    if english is not None:
        return english
    for size in _STEM_LENGTHS:
        if size <= len(token):
            english = _STEMS.get(token[:size])
            if english is not None:
                return english
    return token
