"""One claim per fact: a figure repeated in the headline, the lead and a quotation is proposed once.

The annotation rules this follows: the same value from another source, or with another qualifier or date, is
another claim ("roughly 100" from a broadcaster and "more than 100" from a witness are two). So claims merge
only when country, value, qualifier and category agree, their dates do not disagree, and at most one source is
named (or both name the same). The claim kept is the first that names its source, else the first; the rule
text says where else the figure was stated, so a reviewer can see every mention.
"""

from __future__ import annotations

import re
from typing import Any

from laborwatch.extract.model import ExtractedClaim

_MERGED_KINDS = frozenset({"worker_count"})
_GENERIC_SOURCE_WORDS = frozenset({"the", "a", "an", "of", "for", "and", "in", "on", "official", "officials",
                                   "source", "sources", "report", "spokesman", "spokeswoman", "said", "citing"})


def _key(claim: ExtractedClaim) -> tuple[Any, ...]:
    v = claim.values
    return (claim.kind, claim.country, v["count"], v["low"], v["high"], v["qualifier"], v["category"])


def _norm(source: str | None) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", (source or "").casefold()).split())


def _compatible(a: ExtractedClaim, b: ExtractedClaim) -> bool:
    if a.as_of and b.as_of and a.as_of != b.as_of:
        return False
    sa, sb = _norm(a.attributed_to), _norm(b.attributed_to)
    if not sa or not sb:
        return True
    # "the labour ministry" and "a ministry official" are one source; "KBS" and "a Ukrainian worker" are two.
    return bool((set(sa.split()) - _GENERIC_SOURCE_WORDS) & (set(sb.split()) - _GENERIC_SOURCE_WORDS)) \
        or sa in sb or sb in sa


def one_claim_per_fact(claims: list[ExtractedClaim]) -> list[ExtractedClaim]:
    """``claims`` in document order, with repeats of the same fact folded into one claim."""
    groups: list[list[ExtractedClaim]] = []
    by_key: dict[tuple[Any, ...], list[list[ExtractedClaim]]] = {}
    for claim in claims:
        if claim.kind not in _MERGED_KINDS:
            groups.append([claim])
            continue
        home = next((g for g in by_key.get(_key(claim), []) if all(_compatible(claim, c) for c in g)), None)
        if home is None:
            home = []
            groups.append(home)
            by_key.setdefault(_key(claim), []).append(home)
        home.append(claim)
    kept: list[ExtractedClaim] = []
    for group in groups:
        chosen = next((c for c in group if c.attributed_to), group[0])
        others = [c for c in group if c is not chosen]
        if others:
            where = ", ".join(f"{c.start}-{c.end}" for c in others)
            chosen.rule = f"{chosen.rule}; the same figure is also stated at characters {where}"
        kept.append(chosen)
    kept.sort(key=lambda c: (c.start, c.kind))
    return kept
