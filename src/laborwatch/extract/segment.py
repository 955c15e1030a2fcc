"""Splitting a document into paragraphs, sentences and clauses without losing a character's offset.

Every span is (start, end) into the original text, so a quote is always ``text[start:end]``. Sentence ends are
found with a rule (a period, question or exclamation mark, possibly closed by a quote or bracket, then space and
a capital) that knows common abbreviations ("U.S.", "Mr.", "Jan.") so they do not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARAGRAPH = re.compile(r"\r?\n[ \t\r]*\n+|\f")
_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|\n(?=\s*[-*•|#])")
_ABBREVIATIONS = frozenset(
    ["u.s", "u.n", "u.k", "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sen", "rep", "gov", "jan",
     "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "co", "corp", "inc",
     "ltd", "vs", "etc", "e.g", "i.e", "approx", "dept", "est", "fig", "p", "pp", "vol", "ed", "eds", "sr",
     "jr", "prof", "capt", "sgt", "maj", "adm", "cmdr"])
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]")
_ENGLISH_FUNCTION_WORDS = frozenset(
    ["the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "by", "at", "from", "are",
     "was", "were", "has", "have", "it", "be", "said", "this", "not", "but", "or", "they", "their", "who",
     "which", "will", "would", "than", "about", "into", "over", "under", "after", "before", "near", "more",
     "some", "still", "also", "there", "been", "had", "its", "can", "could", "most", "many", "work", "workers"])


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    index: int  # position in the document, counting from 0


def is_english(text: str) -> bool:
    """Enough English to run English rules: Latin script, and English function words among the words."""
    sample = text[:8000]
    words = _LATIN_WORD.findall(sample)
    latin = sum(map(len, words))
    if not words or len(_HANGUL.findall(sample)) > latin / 4:
        return False
    if len(_NON_LATIN_LETTER.findall(sample)) > latin:  # mostly Cyrillic, Han, Arabic ...
        return False
    common = sum(1 for w in words if w.lower() in _ENGLISH_FUNCTION_WORDS)
    if len(words) < 40:  # headlines and tables have few function words; judge by script alone
        return common > 0 or len(words) < 12
    return common / len(words) >= 0.08


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentences(text: str) -> list[Sentence]:
    """Sentences in document order, each trimmed of surrounding white space."""
    found: list[Sentence] = []
    paragraph_starts = [0] + [m.end() for m in _PARAGRAPH.finditer(text)]
    paragraph_ends = [m.start() for m in _PARAGRAPH.finditer(text)] + [len(text)]
    for number, (p_start, p_end) in enumerate(zip(paragraph_starts, paragraph_ends, strict=True)):
        cursor = p_start
        block = text[p_start:p_end]
        for match in _SENTENCE_END.finditer(block):
            cut = p_start + match.end()
            if match.group(0).startswith(".") and _abbreviation_before(text, p_start + match.start()):
                continue
            _add(found, text, cursor, cut, number)
            cursor = cut
        _add(found, text, cursor, p_end, number)
    return found


def _add(found: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    start, end = _trimmed(text, start, end)
    if end > start:
        found.append(Sentence(start, end, paragraph, len(found)))


def _abbreviation_before(text: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z][A-Za-z.]*)$", text[max(0, dot - 12):dot])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in _ABBREVIATIONS or len(token) == 1


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence's clauses: split at semicolons, which join separate statements ("X says A; Y puts it at B")."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in re.finditer(r";", text[start:end]):
        spans.append(_trimmed(text, cursor, start + match.start()))
        cursor = start + match.end()
    spans.append(_trimmed(text, cursor, end))
    return [s for s in spans if s[1] > s[0]]
