"""Numbers as people write them: "2,000", "1.2 million", "four thousand", "400-800", "between 50,000 and
60,000", "tens of thousands", each with the qualifier written before it ("about", "more than", "up to")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from laborwatch.evidence.countries import trie_pattern
from laborwatch.extract.lexicon import lexicon

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "mln": 1_000_000}
_WORD = trie_pattern(sorted([*_SMALL, *_SCALES, "dozen"], key=len, reverse=True))
# "and" joins number words only after a scale ("two hundred and fifty"); "forty and sixty" are two numbers.
_WORDS_RE = re.compile(
    rf"\b(?:an?\s+(?=(?:hundred|thousand|million|dozen)\b))?(?:{_WORD})"
    rf"(?:(?:(?:(?<=hundred)|(?<=thousand)|(?<=million))\s+and\s+|\s+|-)(?:{_WORD}))*\b",
    re.IGNORECASE)
# A figure glued to a word by a hyphen is part of a name ("COVID-19", "MiG-29", "G-20"), never a count.
_DIGITS_RE = re.compile(
    r"(?<![\w.,/:])(?<![A-Za-z]-)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\d,]*\.\d)(?:\s*-?\s*(million|thousand|hundred|mln)\b)?"
    r"(?![\w:/])")
_VAGUE_RE = re.compile(
    r"\b(?:(?:tens|hundreds)\s+of\s+thousands|(?:several|a\s+few|many)\s+(?:hundred|thousand|dozen)|"
    r"(?:hundreds|thousands|dozens)(?=\s+(?:of|more)\b))\b", re.IGNORECASE)
_JOIN_RANGE = re.compile(r"^\s*(?:to|-|–|—|or)\s*(?:about\s+|around\s+|some\s+)?$", re.IGNORECASE)
_JOIN_BETWEEN = re.compile(r"^\s*and\s*$", re.IGNORECASE)
_CHANGE_BEFORE = re.compile(
    r"\b(?:dropped|drop|fell|fall|falls|rose|rise|rises|grew|grow|declined|decline|decreased|increased|shrank|"
    r"jumped|climbed|doubled|halved|plunged|surged|slipped|cut|cuts|reduced|slashed|brought down|went up|went down|"
    r"up|down|changed|swelled|expanded|contracted|tripled)\b", re.IGNORECASE)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass
class NumberMention:
    start: int  # where the written number (with its qualifier) starts
    end: int
    value_start: int  # where the numerals themselves start
    count: int | None
    low: int | None
    high: int | None
    qualifier: str
    vague: bool = False
    is_year_like: bool = False

    @property
    def magnitude(self) -> int:
        return self.count if self.count is not None else (self.high or 0)


def parse_number_words(text: str) -> int | None:
    """'four thousand' -> 4000, 'a hundred' -> 100, 'two dozen' -> 24; None when it is not a number."""
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", text.lower()):
        if word in ("a", "an", "and", ""):
            if word in ("a", "an"):
                current = current or 1
            continue
        if word in _SMALL:
            current += _SMALL[word]
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _digit_value(whole: str, frac: str | None, scale: str | None) -> int:
    number = float(whole.replace(",", "") + (f".{frac}" if frac else ""))
    if scale:
        number *= _SCALES[scale.lower()]
    return round(number)


def _atoms(text: str) -> list[tuple[int, int, int | None, bool, bool]]:
    """(start, end, value, vague, year_like) for every written number in ``text``, in order."""
    atoms: list[tuple[int, int, int | None, bool, bool]] = []
    covered: set[int] = set()  # character positions already part of a number
    for match in _VAGUE_RE.finditer(text):
        atoms.append((match.start(), match.end(), None, True, False))
        covered.update(range(*match.span()))
    for match in _DIGITS_RE.finditer(text):
        if match.start() in covered:
            continue
        whole, frac, scale = match.groups()
        if frac and not scale:
            continue  # "3.5" on its own is a rate or a size, never a head count
        value = _digit_value(whole, frac, scale)
        year_like = not scale and "," not in whole and len(whole) == 4 and 1900 <= value <= 2099
        atoms.append((match.start(), match.end(), value, False, year_like))
        covered.update(range(*match.span()))
    for match in _WORDS_RE.finditer(text):
        if match.start() in covered or match.end() - 1 in covered:
            continue
        worded = parse_number_words(match.group(0))
        if worded is not None:
            atoms.append((match.start(), match.end(), worded, False, False))
    atoms.sort()
    return atoms


def _qualifier_before(text: str, start: int) -> tuple[str, int]:
    before = text[max(0, start - 30):start]
    found = _qualifier_pattern().search(before.rstrip().lower())
    if found is None:
        return "exact", start
    stripped = before.rstrip()
    phrase = found.group(1)
    return _qualifier_values()[phrase], start - (len(before) - len(stripped)) - len(phrase)


@lru_cache(maxsize=1)
def _qualifier_pattern() -> re.Pattern[str]:
    """The qualifiers as one pattern anchored at the end, longest first (one search instead of one test each)."""
    body = "|".join(re.escape(phrase) for phrase, _ in lexicon().qualifiers)
    return re.compile(rf"(?:^|(?<=[^a-z0-9]))({body})$")


@lru_cache(maxsize=1)
def _qualifier_values() -> dict[str, str]:
    return dict(lexicon().qualifiers)


def _is_date_part(text: str, start: int, end: int) -> bool:
    """'14 March 2017' and 'March 14' are dates, not counts."""
    after = text[end:end + 5].strip().lower()[:3]
    before = re.findall(r"[a-z]+", text[max(0, start - 12):start].lower())
    # "March 14" is a date; "As of 1 March, 86 nationals" is a figure after a date.
    return after in _MONTHS or (bool(before) and before[-1][:3] in _MONTHS and end - start <= 2
                                and text[start - 1:start] == " " and text[start - 2:start - 1] != ",")


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in ``text`` with its qualifier; ranges become one mention with ``low`` and ``high``."""
    atoms = [a for a in _atoms(text) if not _is_date_part(text, a[0], a[1])]
    mentions: list[NumberMention] = []
    i = 0
    while i < len(atoms):
        start, end, value, vague, year_like = atoms[i]
        qualifier, q_start = _qualifier_before(text, start)
        if vague:
            mentions.append(NumberMention(q_start, end, start, None, None, None, "about", vague=True))
            i += 1
            continue
        if i + 1 < len(atoms) and not atoms[i + 1][3] and atoms[i + 1][2] is not None and value is not None:
            n_start, n_end, n_value, _, n_year = atoms[i + 1]
            between = text[end:n_start]
            lead = text[max(0, q_start - 8):q_start].lower()
            is_between = "between" in lead and _JOIN_BETWEEN.match(between)
            # "fell from 4,000 to 3,200" is two figures; "range from 20,000 to 100,000" is one range.
            changed_from = re.search(r"\bfrom\s*$", lead) and _CHANGE_BEFORE.search(
                text[max(0, q_start - 80):q_start])
            # "from 2012 to 94,200": a year beside a figure written with separators is a date, not a range's end.
            date_and_count = (year_like and "," in text[n_start:n_end]) or (n_year and "," in text[start:end])
            if (is_between or (_JOIN_RANGE.match(between) and not changed_from)) and not (year_like and n_year) \
                    and not date_and_count:
                low, high = _range_values(text, (start, end, value), (n_start, n_end, n_value))
                if low < high:
                    if is_between:
                        q_start = max(0, text.lower().rfind("between", 0, start))
                    mentions.append(NumberMention(q_start, n_end, start, (low + high) // 2, low, high, "range"))
                    i += 2
                    continue
        after = text[end:end + 8].lower()
        if after.startswith(("+", "-plus", " or so", " plus")):
            qualifier = "more_than" if not after.startswith(" or so") else "about"
        mentions.append(NumberMention(q_start, end, start, value, None, None, qualifier, is_year_like=year_like))
        i += 1
    return mentions


def _range_values(text: str, first: tuple[int, int, int | None], second: tuple[int, int, int | None]
                  ) -> tuple[int, int]:
    """'50,000 to 60,000' -> (50000, 60000); '1 to 2 million' shares the scale written on the second."""
    low, high = int(first[2] or 0), int(second[2] or 0)
    scale_match = re.search(r"(million|thousand|mln)\s*$", text[second[0]:second[1]], re.IGNORECASE)
    first_text = text[first[0]:first[1]].lower()
    if scale_match and not re.search(r"(million|thousand|mln)", first_text) and low < high:
        scale = _SCALES[scale_match.group(1).lower()]
        if low * scale < high:
            low *= scale
    return low, high
