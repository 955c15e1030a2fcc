"""Country names and map shapes, from the committed ``world.json`` (Natural Earth 1:110m, public domain)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

# Names for codes the map file lacks or abbreviates ("Dem. Rep. Congo"); the report spells them out.
NAMES = {
    "WORLD": "Worldwide", "CD": "Democratic Republic of the Congo", "CF": "Central African Republic",
    "GQ": "Equatorial Guinea", "KP": "North Korea (DPRK)", "KR": "South Korea", "AE": "United Arab Emirates",
    "RU": "Russia", "LA": "Laos", "SG": "Singapore", "MT": "Malta", "BH": "Bahrain", "BA": "Bosnia and Herzegovina",
    "SS": "South Sudan", "DO": "Dominican Republic",
}


@lru_cache(maxsize=1)
def world() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (resources.files("laborwatch.report") / "world.json").read_text(encoding="utf-8"))
    return data


def country_name(code: str | None) -> str:
    if not code:
        return "unknown country"
    if code in NAMES:
        return NAMES[code]
    entry = world()["countries"].get(code)
    return str(entry["name"]) if entry else code
