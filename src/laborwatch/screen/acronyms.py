"""Acronyms: a name of three or more words is often written as its initials (IRISL, CRCC, NIOPDC).

The index posts every listed name's acronyms (``a:`` keys) so a one-word query can reach the name it
abbreviates, and looks a long query's acronyms up among the listed words (``t:`` keys) so a listed acronym
is reached from the full name. Either way the match is evidence to rank, not to alert: a string of
initials says little on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from laborwatch.screen.normalize import word_class

if TYPE_CHECKING:
    from laborwatch.screen.index import ScreeningIndex


def acronyms(tokens: tuple[str, ...]) -> set[str]:
    """The ways a name of three or more words is abbreviated: every initial, or without the small words, with
    or without the trailing legal forms (China Railway Construction Corporation Limited -> CRCC, CRCCL)."""
    if len(tokens) < 3:
        return set()
    words = [t for t in tokens if not t.isdigit()]
    out: set[str] = set()
    for kept in (words, [t for t in words if word_class(t) != "particle"]):
        trimmed = list(kept)
        for _ in range(3):
            if len(trimmed) >= 3:
                out.add("".join(t[0] for t in trimmed))
            if not trimmed or word_class(trimmed[-1]) != "legal_form":
                break
            trimmed.pop()
    return out


def acronym_mask(index: ScreeningIndex, tokens: tuple[str, ...], names: np.ndarray) -> np.ndarray:
    """Which candidate names are the query's acronym or have it as theirs (IRISL / Islamic Republic of Iran
    Shipping Lines)."""
    if len(tokens) == 1:
        if len(tokens[0]) < 3:
            return np.zeros(len(names), dtype=bool)
        plist = index.posting("a:" + tokens[0])
        if plist is None:
            return np.zeros(len(names), dtype=bool)
        return np.isin(names, np.frombuffer(plist, dtype=np.int32))
    mask = np.zeros(len(names), dtype=bool)
    offsets = index._tok_off_np
    single = np.flatnonzero(offsets[names + 1] - offsets[names] == 1)
    if len(single) and len(tokens) >= 3:
        query_acronyms = acronyms(tokens)
        for i in single.tolist():
            mask[i] = index.names[int(names[i])].tokens[0] in query_acronyms
    return mask
