"""Sanctions screening: list loading, a transliteration-aware index, explained scores, batch engines.

    from laborwatch.screen import similarity, ScreeningIndex, ListedRecord
    similarity("Lee Eun Song", "RI, U'n-so'ng")  # romanization-aware, in [0, 1]
"""

from laborwatch.screen.index import ListedRecord, Match, ScreeningIndex
from laborwatch.screen.scorer import similarity

__all__ = ["ListedRecord", "Match", "ScreeningIndex", "similarity"]
