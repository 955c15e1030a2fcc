"""Reading sanctions list files: OFAC CSV (a folder), OFAC ``sdnList`` XML, UN consolidated XML, FollowTheMoney
JSON lines and a plain CSV. Each reader yields ``ListedRecord`` rows; field mappings are reviewed data in
``data/screening/list_formats.json``.

XML is streamed with lxml ``iterparse`` and parsed defensively: a file with a DTD or entity declarations is
refused outright (XXE, billion laughs), and the parser itself neither resolves entities nor loads DTDs nor
touches the network. Any malformed input raises ``ListFormatError`` naming the file and the line.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pycountry
from lxml import etree

from laborwatch.screen.index import ListedRecord
from laborwatch.screen.korean import DATA_DIR

FORMATS = ("ofac-csv", "ofac-xml", "un-xml", "ftm", "csv")
_MAP: dict[str, Any] = json.loads((DATA_DIR / "list_formats.json").read_text(encoding="utf-8"))
_COUNTRY_ALIASES: dict[str, str] = _MAP["country_aliases"]
_PROLOG_BYTES = 65536


class ListFormatError(ValueError):
    """A list file that cannot be read as the format it was given as."""


@dataclass
class ParsedList:
    """What a reader found: the records (a generator) and, once they are consumed, the publication date."""

    records: Iterator[ListedRecord]
    meta: dict[str, str | None] = field(default_factory=dict)


def country_code(value: str) -> str | None:
    """An ISO alpha-2 code (lowercase) for a country name or code as lists write them, or None."""
    text = value.strip().strip(".").lower()
    if not text:
        return None
    if text in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[text]
    if len(text) == 2 and text.isalpha():
        return text
    try:
        return str(pycountry.countries.lookup(text).alpha_2).lower()
    except LookupError:
        return None


def read_list(path: str | Path, fmt: str) -> ParsedList:
    path = Path(path)
    if fmt not in FORMATS:
        raise ListFormatError(f"unknown list format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if not path.exists():
        raise ListFormatError(f"{path}: no such file or folder")
    meta: dict[str, str | None] = {"published": None}
    readers = {"ofac-csv": _ofac_csv, "ofac-xml": _ofac_xml, "un-xml": _un_xml, "ftm": _ftm, "csv": _plain_csv}
    return ParsedList(readers[fmt](path, meta), meta)


# -- safe XML ---------------------------------------------------------------------------------------------------

def _check_prolog(path: Path) -> None:
    if path.is_dir():
        raise ListFormatError(f"{path}: a folder, but this format is one XML file")
    with path.open("rb") as handle:
        head = handle.read(_PROLOG_BYTES)
    for marker in (b"<!DOCTYPE", b"<!ENTITY"):
        if marker in head:
            line = head[: head.index(marker)].count(b"\n") + 1
            raise ListFormatError(f"{path}: line {line}: document type declarations are not accepted in list "
                                  "files (they can define entities that expand or fetch external content)")


def _iter_elements(path: Path, tags: set[str]) -> Iterator[etree._Element]:
    """Stream the elements with these local names, freeing each one (and what came before it) after use."""
    _check_prolog(path)
    parser = etree.iterparse(str(path), events=("end",), resolve_entities=False, no_network=True,
                             load_dtd=False, dtd_validation=False, huge_tree=False, remove_comments=True)
    try:
        for _event, elem in parser:
            if etree.QName(elem).localname in tags:
                yield elem
                elem.clear()
                parent = elem.getparent()
                while parent is not None and elem.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else getattr(exc, "position", (0,))[0]
        raise ListFormatError(f"{path}: malformed XML at line {line}: {exc.msg}") from exc


def _local(elem: etree._Element, path: str) -> list[str]:
    """Texts at a slash path of local names, ignoring namespaces."""
    nodes = [elem]
    for part in path.split("/"):
        nodes = [c for n in nodes for c in n if isinstance(c.tag, str) and etree.QName(c).localname == part]
    return [n.text.strip() for n in nodes if n.text and n.text.strip()]


def _first(elem: etree._Element, path: str) -> str:
    found = _local(elem, path)
    return found[0] if found else ""


def _descendants(elem: etree._Element, tag: str) -> list[etree._Element]:
    return [e for e in elem.iter() if isinstance(e.tag, str) and etree.QName(e).localname == tag]


def _iso_date(text: str) -> str:
    text = text.strip()
    for fmt in ("%m/%d/%Y", "%Y-%m-%d", "%d %b %Y", "%b %Y", "%Y"):
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if fmt == "%Y":
            return f"{parsed.year:04d}"
        if fmt == "%b %Y":
            return f"{parsed.year:04d}-{parsed.month:02d}"
        return parsed.strftime("%Y-%m-%d")
    return text[:10]


def _countries(values: list[str]) -> list[str]:
    return list(dict.fromkeys(c for c in (country_code(v) for v in values) if c))


# -- OFAC XML (SDN.XML and the consolidated list share the sdnList layout) --------------------------------------

def _ofac_xml(path: Path, meta: dict[str, str | None]) -> Iterator[ListedRecord]:
    spec = _MAP["ofac_xml"]
    for elem in _iter_elements(path, {spec["entry"], "publshInformation"}):
        if etree.QName(elem).localname == "publshInformation":
            published = _first(elem, spec["publish_date"])
            meta["published"] = _iso_date(published) if published else None
            continue
        uid = _first(elem, spec["id"])
        if not uid:
            raise ListFormatError(f"{path}: line {elem.sourceline}: an sdnEntry without a uid")
        names = [_ofac_name(_first(elem, spec["last"]), _first(elem, spec["first"]))]
        for aka in _descendants(elem, spec["aka"]):
            names.append(_ofac_name(_first(aka, spec["last"]), _first(aka, spec["first"])))
        # address, nationality and citizenship all hold a <country>
        countries = [c.text.strip() for c in _descendants(elem, "country") if c.text]
        births = [_iso_date(t) for t in _local(elem, "dateOfBirthList/dateOfBirthItem/dateOfBirth")]
        programs = _local(elem, "programList/program")
        schema = spec["types"].get(_first(elem, spec["type"]), "LegalEntity")
        names = [n for n in dict.fromkeys(names) if n]
        yield ListedRecord(f"ofac-{uid}", "", schema, names[0] if names else uid, names, _countries(countries),
                           births, programs)


def _ofac_name(last: str, first: str) -> str:
    return f"{last}, {first}" if last and first else (last or first)


# -- OFAC CSV (sdn.csv + alt.csv + add.csv in one folder) ------------------------------------------------------

def _ofac_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    null = _MAP["ofac_csv"]["null"]
    try:
        with path.open(encoding="utf-8", errors="strict", newline="") as handle:
            reader = csv.reader(handle)
            for row in reader:
                cleaned = [("" if c.strip() == null else c.strip()) for c in row]
                if not any(cleaned) or cleaned == ["\x1a"]:  # OFAC ends its files with an EOF control character
                    continue
                yield reader.line_num, cleaned
    except UnicodeDecodeError as exc:
        raise ListFormatError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except csv.Error as exc:
        raise ListFormatError(f"{path}: unreadable CSV: {exc}") from exc


def _ofac_csv(path: Path, meta: dict[str, str | None]) -> Iterator[ListedRecord]:
    spec = _MAP["ofac_csv"]
    if not path.is_dir() or not (path / "sdn.csv").is_file():
        raise ListFormatError(f"{path}: the ofac-csv format is a folder holding sdn.csv (and alt.csv, add.csv)")
    aliases: dict[str, list[str]] = {}
    countries: dict[str, list[str]] = {}
    if (path / "alt.csv").is_file():
        col = spec["alt"]
        for _line, row in _ofac_rows(path / "alt.csv"):
            if len(row) > col["name"] and row[col["name"]]:
                aliases.setdefault(row[col["id"]], []).append(row[col["name"]])
    if (path / "add.csv").is_file():
        col = spec["add"]
        for _line, row in _ofac_rows(path / "add.csv"):
            if len(row) > col["country"] and row[col["country"]]:
                countries.setdefault(row[col["id"]], []).append(row[col["country"]])
    col = spec["sdn"]
    dob = re.compile(spec["dob_pattern"])
    nationality = re.compile(spec["nationality_pattern"], re.IGNORECASE)
    for line, row in _ofac_rows(path / "sdn.csv"):
        if len(row) <= col["program"] or not row[col["id"]].isdigit() or not row[col["name"]]:
            raise ListFormatError(f"{path / 'sdn.csv'}: line {line}: expected an SDN row "
                                  "(number, name, type, program, ...)")
        uid = row[col["id"]]
        remarks = row[col["remarks"]] if len(row) > col["remarks"] else ""
        programs = [p.strip("[] ") for p in row[col["program"]].split(spec["program_separator"]) if p.strip("[] ")]
        place = countries.get(uid, []) + [m.strip() for m in nationality.findall(remarks)]
        yield ListedRecord(f"sdn-{uid}", "", spec["types"].get(row[col["type"]].lower(), "Organization"),
                           row[col["name"]], [row[col["name"]], *aliases.get(uid, [])], _countries(place),
                           [_iso_date(d) for d in dob.findall(remarks)], programs)


# -- UN consolidated XML ----------------------------------------------------------------------------------------

def _un_xml(path: Path, meta: dict[str, str | None]) -> Iterator[ListedRecord]:
    spec = _MAP["un_xml"]
    _check_prolog(path)
    with path.open("rb") as handle:
        head = handle.read(4096).decode("utf-8", errors="replace")
    generated = re.search(spec["generated"] + r'="(\d{4}-\d{2}-\d{2})', head)
    meta["published"] = generated.group(1) if generated else None
    for elem in _iter_elements(path, {spec["person"], spec["organization"]}):
        ref = _first(elem, spec["id"]) or _first(elem, "DATAID")
        if not ref:
            raise ListFormatError(f"{path}: line {elem.sourceline}: an entry without a reference number")
        person = etree.QName(elem).localname == spec["person"]
        main = " ".join(p for p in (_first(elem, tag) for tag in spec["name_parts"]) if p)
        names = [main, *(a for path_ in spec["alias"] for a in _local(elem, path_))]
        names.extend(_local(elem, spec["original_script"]))
        countries = [c for p in spec["countries"] for c in _local(elem, p)]
        births = [_iso_date(b) for p in spec["birth"] for b in _local(elem, p)]
        names = [n for n in dict.fromkeys(names) if n]
        yield ListedRecord(f"un-{ref}", "", "Person" if person else "Organization", names[0] if names else ref,
                           names, _countries(countries), births, _local(elem, spec["program"]))


# -- FollowTheMoney JSON lines ----------------------------------------------------------------------------------

def _ftm(path: Path, meta: dict[str, str | None]) -> Iterator[ListedRecord]:
    spec = _MAP["ftm"]
    try:
        with path.open(encoding="utf-8") as handle:
            for line_no, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ListFormatError(f"{path}: line {line_no}: not a JSON object ({exc.msg})") from exc
                if not isinstance(data, dict) or "id" not in data or not isinstance(data.get("properties"), dict):
                    raise ListFormatError(f"{path}: line {line_no}: expected an entity with id and properties")
                props: dict[str, Any] = data["properties"]

                def values(keys: list[str], props: dict[str, Any] = props) -> list[str]:
                    return [str(v) for k in keys for v in (props.get(k) or []) if v]

                names = list(dict.fromkeys(values(spec["names"])))
                if not names:
                    continue  # addresses, sanctions and other non-party entities carry no name to screen
                datasets = data.get("datasets") or []
                yield ListedRecord(str(data["id"]), str(datasets[0]) if datasets else "",
                                   str(data.get("schema") or "LegalEntity"), names[0], names,
                                   _countries(values(spec["countries"])), values(spec["birth"]),
                                   values(spec["programs"]))
    except UnicodeDecodeError as exc:
        raise ListFormatError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


# -- plain CSV: id,name,aliases,schema,country,program -------------------------------------------------------

def _plain_csv(path: Path, meta: dict[str, str | None]) -> Iterator[ListedRecord]:
    spec = _MAP["plain_csv"]
    sep = spec["separator"]
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in spec["required"] if c not in (reader.fieldnames or [])]
            if missing:
                raise ListFormatError(f"{path}: missing column(s) {', '.join(missing)}; expected "
                                      "id,name,aliases,schema,country,program")
            for row in reader:
                if None in row:
                    raise ListFormatError(f"{path}: line {reader.line_num}: more fields than the header")
                uid, name = (row.get("id") or "").strip(), (row.get("name") or "").strip()
                if not uid or not name:
                    raise ListFormatError(f"{path}: line {reader.line_num}: every row needs an id and a name")
                aliases = [a.strip() for a in (row.get("aliases") or "").split(sep) if a.strip()]
                countries = [c.strip() for c in (row.get("country") or "").split(sep) if c.strip()]
                programs = [p.strip() for p in (row.get("program") or "").split(sep) if p.strip()]
                yield ListedRecord(uid, "", (row.get("schema") or "").strip() or "LegalEntity", name,
                                   list(dict.fromkeys([name, *aliases])), _countries(countries), [], programs)
    except UnicodeDecodeError as exc:
        raise ListFormatError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except csv.Error as exc:
        raise ListFormatError(f"{path}: unreadable CSV: {exc}") from exc
