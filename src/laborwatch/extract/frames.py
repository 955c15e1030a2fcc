"""Frames that make a figure something other than a standing workforce: a plan, a permission, a change or an
event. The patterns are reviewed data (``[frames]`` in ``data/extract/lexicon.toml``); this module only
compiles them once and answers "which frame, if any, holds this figure?" with the frame's name, so the reason a
figure was left out can be shown and tested.
"""

from __future__ import annotations

import re
from functools import lru_cache

from laborwatch.extract.lexicon import lexicon

# How far each side is read: a frame is a few words, and a bounded window keeps run-on text linear.
_BEFORE_CHARS = 80
_AFTER_CHARS = 110
_BEFORE = ("future_before", "permission_before", "change_before", "event_before", "part_before")
_AFTER = ("future_after", "event_after")


@lru_cache(maxsize=1)
def _compiled() -> dict[str, re.Pattern[str]]:
    raw = lexicon().raw["frames"]
    patterns: dict[str, re.Pattern[str]] = {}
    for name in (*_BEFORE, *_AFTER, "flow_before", "flow_after"):
        body = "|".join("(?:" + p.replace(" ", r"\s+") + ")" for p in raw[name])
        # Before the figure, a frame ends where the figure (or its qualifier) starts.
        anchored = name in _BEFORE or name == "flow_before"
        patterns[name] = re.compile(f"(?:{body})\\s*$" if anchored else body, re.IGNORECASE)
    return patterns


def frame_before(text: str, clause_start: int, figure_start: int) -> str | None:
    """The frame written just before a figure ("plans to recruit", "a quota of", "declined by"), or None."""
    lead = text[max(clause_start, figure_start - _BEFORE_CHARS):figure_start]
    for name in _BEFORE:
        if _compiled()[name].search(lead):
            return name.removesuffix("_before")
    return None


def yearly_intake(text: str, clause_start: int, figure_start: int, phrase_end: int, stop: int) -> bool:
    """"sends about 1,000 of its citizens to work in Kuwait each year": an intake per period, a flow."""
    lead = text[max(clause_start, figure_start - _BEFORE_CHARS):figure_start]
    return bool(_compiled()["flow_before"].search(lead)) and bool(
        _compiled()["flow_after"].match(text[phrase_end:min(stop, phrase_end + _AFTER_CHARS)]))


def frame_after(text: str, phrase_end: int, stop: int) -> str | None:
    """The frame right after a figure's noun phrase ("are expected to arrive", "were sent home"), or None."""
    tail = text[phrase_end:min(stop, phrase_end + _AFTER_CHARS)]
    for name in _AFTER:
        if _compiled()[name].match(tail):
            return name.removesuffix("_after")
    return None
