"""Regenerate ``world.json``, the country shapes the report's map draws, from Natural Earth's 1:110m countries.

A development tool, never run by LaborWatch itself: the output is committed so maps need no network. The
input is the ``naturalearth_lowres`` shapefile that geopandas 0.14 shipped (Natural Earth, public domain):

    pip download --no-deps geopandas==0.14.4 -d /tmp/ne && unzip /tmp/ne/*.whl 'geopandas/datasets/*' -d /tmp/ne
    pip install --target /tmp/ne/lib pyshp pycountry
    PYTHONPATH=/tmp/ne/lib python -m laborwatch.report.build_world_shapes /tmp/ne/geopandas/datasets/naturalearth_lowres

Shapes are projected with the Equal Earth projection (areas stay comparable), simplified with Douglas-Peucker
to about half a pixel at 1000 px wide, and stored as ready SVG path data keyed by ISO 3166-1 alpha-2.
"""

from __future__ import annotations

import itertools
import json
import math
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "world.json"
WIDTH = 1000.0
TOLERANCE = 0.5  # pixels
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
# Countries too small for the 1:110m layer that hosted DPRK workers or appear in the facts: a marker point only.
UNOFFICIAL = {"-99": "XK", "CYN": "X1", "SOL": "X2"}
POINTS = {"SG": ("Singapore", 1.35, 103.82), "MT": ("Malta", 35.9, 14.45), "BH": ("Bahrain", 26.05, 50.55)}


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(math.sqrt(3) / 2 * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = 2 * math.sqrt(3) * lam * math.cos(theta) / (3 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


_XMAX = equal_earth(180, 0)[0]
_YMAX = equal_earth(0, 90)[1]
SCALE = WIDTH / (2 * _XMAX)
TOP = 84.0  # crop: nothing of interest lies further north, and Antarctica is dropped
BOTTOM = -57.0
Y0 = equal_earth(0, TOP)[1]
HEIGHT = (Y0 - equal_earth(0, BOTTOM)[1]) * SCALE


def to_px(lon: float, lat: float) -> tuple[float, float]:
    x, y = equal_earth(lon, max(min(lat, TOP), BOTTOM))
    return (x + _XMAX) * SCALE, (Y0 - y) * SCALE


def simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            # A closed ring starts and ends on one point: measure from that point instead of from a line.
            d = abs(dy * px - dx * py + bx * ay - by * ax) / norm if norm else math.hypot(px - ax, py - ay)
            if d > best:
                best, idx = d, i
        if best > tol and idx > 0:
            keep[idx] = True
            stack += [(a, idx), (idx, b)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def path_for(shape: Any) -> tuple[str, tuple[float, float], float]:
    parts = [*list(shape.parts), len(shape.points)]
    out: list[str] = []
    best_area, centre = -1.0, (0.0, 0.0)
    for start, end in itertools.pairwise(parts):
        ring = simplify([to_px(lon, lat) for lon, lat in shape.points[start:end]], TOLERANCE)
        if len(ring) < 3:
            continue
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        area = (max(xs) - min(xs)) * (max(ys) - min(ys))
        if area > best_area:
            best_area, centre = area, ((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2)
        out.append("M" + "L".join(f"{x:.1f} {y:.1f}".replace(".0 ", " ") for x, y in ring) + "Z")
    return "".join(out), centre, best_area


def build(shapefile_base: str) -> dict[str, Any]:
    import pycountry
    import shapefile

    reader = shapefile.Reader(shapefile_base)
    countries: dict[str, Any] = {}
    for rec, shape in zip(reader.records(), reader.shapes(), strict=True):
        if rec["continent"] == "Antarctica":
            continue
        iso3 = rec["iso_a3"]
        # Kosovo has no ISO code in the file; Northern Cyprus and Somaliland have none at all and are drawn
        # as part of the background under a private code.
        known = pycountry.countries.get(alpha_3=iso3)
        code = UNOFFICIAL.get(iso3) or (known.alpha_2 if known is not None else iso3)
        d, (cx, cy), _ = path_for(shape)
        countries[code] = {"name": rec["name"], "d": d, "x": round(cx, 1), "y": round(cy, 1)}
    for code, (name, lat, lon) in POINTS.items():
        x, y = to_px(lon, lat)
        countries.setdefault(code, {"name": name, "d": "", "x": round(x, 1), "y": round(y, 1)})
    return {
        "source": "Natural Earth 1:110m Admin 0 countries (public domain), via geopandas 0.14 naturalearth_lowres",
        "projection": "Equal Earth, cropped to latitudes -57..84, Antarctica dropped",
        "width": WIDTH, "height": round(HEIGHT, 1), "countries": dict(sorted(countries.items())),
    }


if __name__ == "__main__":
    data = build(sys.argv[1])
    OUT.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    print(f"{len(data['countries'])} countries, {OUT.stat().st_size:,} bytes -> {OUT}")
