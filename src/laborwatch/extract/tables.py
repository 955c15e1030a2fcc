"""Tables of figures: rows such as "| Russia | 30,000 | 2017 |" or "Qatar<TAB>2,000<TAB>Yonhap".

A block of two or more lines split into cells by "|", tabs or runs of spaces is a table. It yields worker
counts only when its header or the line before it speaks of workers (and the document of North Korea); each
row then gives its country, its figure (a year cell becomes ``as_of``, a "source" column ``attributed_to``).
"""

from __future__ import annotations

import re

from laborwatch.evidence.countries import country_table, lookup_country
from laborwatch.evidence.places import resolve_place
from laborwatch.extract.context import NOT_HOSTS, DocumentContext
from laborwatch.extract.model import ExtractedClaim
from laborwatch.extract.numbers import find_numbers
from laborwatch.extract.version import EXTRACTOR

_CELL_SPLIT = re.compile(r"\s*\|\s*|\t+|\s{2,}")
_RULE_LINE = re.compile(r"^[\s|:+-]*$")
_WORKER_HEADER = re.compile(r"\b(?:workers?|laborers?|labourers?|soldiers|labou?r force|workforce|employees)\b",
                            re.IGNORECASE)


def _lines(text: str) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for line in text.split("\n"):
        spans.append((cursor, cursor + len(line)))
        cursor += len(line) + 1
    return spans


def _cells(line: str) -> list[str]:
    return [c for c in _CELL_SPLIT.split(line.strip().strip("|")) if c.strip()]


def _is_row(line: str) -> bool:
    return ("|" in line or "\t" in line or re.search(r"\S\s{2,}\S", line) is not None) and len(_cells(line)) >= 2


def _cell_country(cell: str) -> str | None:
    return _cell_place(cell)[0]


def _cell_place(cell: str) -> tuple[str | None, str | None]:
    """The country a cell names, and the place as written when it names a city or region the gazetteer knows
    ("Khabarovsk Krai" is in Russia) rather than a country."""
    name = cell.strip(" *")
    if not name or any(ch.isdigit() for ch in name):
        return None, None
    code = lookup_country(name)
    if code is not None:
        return code, (name if name.casefold() in country_table().places else None)
    place = resolve_place(name)
    return (place.country, name) if place is not None else (None, None)


def table_figures(ctx: DocumentContext) -> tuple[list[ExtractedClaim], list[tuple[int, int]]]:
    text = ctx.text
    lines = _lines(text)
    claims: list[ExtractedClaim] = []
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_row(text[lines[j][0]:lines[j][1]]):
            j += 1
        if j - i >= 2:
            spans.append((lines[i][0], lines[j - 1][1]))
            claims.extend(_table_claims(ctx, lines, i, j))
            i = j
        else:
            i += 1
    return claims, spans


def _table_claims(ctx: DocumentContext, lines: list[tuple[int, int]], first: int, last: int) -> list[ExtractedClaim]:
    text = ctx.text
    header = _cells(text[lines[first][0]:lines[first][1]])
    caption_start = lines[max(0, first - 2)][0]
    caption = text[caption_start:lines[first][1]]
    if not _WORKER_HEADER.search(caption) or not ctx.nk_starts:
        return []
    lowered = [h.lower() for h in header]
    source_col = next((k for k, h in enumerate(lowered) if "source" in h or "according" in h), None)
    year_cols = {k: h for k, h in enumerate(header) if re.fullmatch(r"(?:19|20)\d\d", h.strip())}
    category = "soldier" if re.search(r"\bsoldiers\b", caption, re.IGNORECASE) else (
        "civilian" if re.search(r"\bcivilian", caption, re.IGNORECASE) else "all")
    claims: list[ExtractedClaim] = []
    for row in range(first + 1, last):
        start, end = lines[row]
        line = text[start:end]
        if _RULE_LINE.match(line):
            continue
        cells = _cells(line)
        country, place = next((found for found in (_cell_place(cell) for cell in cells) if found[0]),
                              (None, None))
        if country is None or country in NOT_HOSTS:
            continue
        as_of = next((c.strip() for c in cells if re.fullmatch(r"(?:19|20)\d\d", c.strip())), None)
        source = cells[source_col].strip() if source_col is not None and source_col < len(cells) else None
        for k, cell in enumerate(cells):
            if k == source_col or re.fullmatch(r"\s*(?:19|20)\d\d\s*", cell) or _cell_country(cell):
                continue
            for m in find_numbers(cell):
                if m.vague or m.count is None or m.count < 10 or "%" in cell or "$" in cell:
                    continue
                trimmed_start = start + len(line) - len(line.lstrip())
                trimmed_end = start + len(line.rstrip())
                claims.append(ExtractedClaim(
                    "worker_count", country, text[trimmed_start:trimmed_end], trimmed_start, trimmed_end,
                    source, year_cols.get(k, as_of), EXTRACTOR, 0.7,
                    {"count": m.count, "low": m.low, "high": m.high, "qualifier": m.qualifier,
                     "category": category, "employer": None, "sector": None, "place": place},
                    rule="a table row under a header about workers"))
    return claims
