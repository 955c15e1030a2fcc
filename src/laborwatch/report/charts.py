"""Inline SVG for the report: a world map shaded by estimate and a chart of figures over time.

Both are plain SVG strings built here (no JavaScript, fonts or remote shapes), so the HTML stays one file that
opens with no network, and WeasyPrint draws the same SVG in the PDF.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from laborwatch.report.geo import country_name, world

# Shading buckets by the estimate's upper figure (log-spaced: the spread runs from dozens to ~100,000).
BUCKETS = ((50_000, "#7f0000", "50,000 or more"), (10_000, "#c0392b", "10,000–49,999"),
           (1_000, "#e67e22", "1,000–9,999"), (1, "#f5c26b", "1–999"), (0, "#fbe7c6", "host, no current figure"))
LAND = "#dde1e6"
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")


def _bucket(high: int | None) -> tuple[str, str]:
    for floor, colour, label in BUCKETS:
        if high is not None and high >= floor and floor > 0:
            return colour, label
    return BUCKETS[-1][1], BUCKETS[-1][2]


def world_map(hosts: list[dict[str, Any]]) -> str:
    """The map: every country drawn, host countries shaded by their estimate, each with a marker and tooltip."""
    shapes = world()
    width, height = shapes["width"], shapes["height"]
    by_code = {h["country"]: h for h in hosts}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height + 40:g}" class="map" '
             f'role="img" aria-label="World map of host countries shaded by estimated number of workers">',
             f'<rect width="{width:g}" height="{height:g}" fill="#f4f8fb"/>']
    for code, shape in shapes["countries"].items():
        if not shape["d"]:
            continue
        host = by_code.get(code)
        fill = _bucket(host["estimate"]["high"])[0] if host else LAND
        label = f'{country_name(code)}: {host["estimate"]["text"]}' if host else country_name(code)
        parts.append(f'<path d="{shape["d"]}" fill="{fill}" stroke="#fff" stroke-width="0.4">'
                     f'<title>{escape(label)}</title></path>')
    for code, host in by_code.items():
        shape = shapes["countries"].get(code)
        if shape is None:
            continue
        colour = _bucket(host["estimate"]["high"])[0]
        high = host["estimate"]["high"] or 0
        radius = 2.5 + 1.6 * math.log10(high + 1)
        parts.append(f'<circle cx="{shape["x"]}" cy="{shape["y"]}" r="{radius:.1f}" fill="{colour}" '
                     f'fill-opacity="0.85" stroke="#333" stroke-width="0.6"><title>'
                     f'{escape(country_name(code))}: {escape(host["estimate"]["text"])}</title></circle>')
    x = 10.0
    for _, colour, label in BUCKETS:
        parts.append(f'<rect x="{x:g}" y="{height + 14:g}" width="14" height="14" fill="{colour}" stroke="#999" '
                     f'stroke-width="0.5"/><text x="{x + 18:g}" y="{height + 25:g}" font-size="12">'
                     f'{escape(label)}</text>')
        x += 30 + 7.2 * len(label)
    parts.append("</svg>")
    return "".join(parts)


def _ticks(top: float) -> list[int]:
    ticks = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]
    return [t for t in ticks if t <= top * 1.01] or [1]


def time_chart(chart: dict[str, list[list[Any]]]) -> str:
    """Each figure for the main host countries against its year on a log scale: a dot for a figure, a bar for a
    stated range, a triangle for an open bound. Figures are plotted, never summed or averaged."""
    points = [(code, row) for code, rows in chart.items() for row in rows]
    if not points:
        return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 60" class="chart"><text x="10" y="35" '
                'font-size="14">No dated figures to chart.</text></svg>')
    years = [row[0] for _, row in points]
    values = [v for _, row in points for v in (row[1], row[2]) if v]
    y0, y1 = min(years) - 0.5, max(years) + 0.5
    top = max(values) if values else 10
    bottom_exp, top_exp = 1.0, math.log10(top) + 0.3
    w, h, left, right, upper, lower = 760.0, 360.0, 64.0, 150.0, 16.0, 36.0

    def sx(year: float) -> float:
        return left + (year - y0) / (y1 - y0) * (w - left - right)

    def sy(value: float) -> float:
        exp = math.log10(max(value, 10))
        return upper + (top_exp - exp) / (top_exp - bottom_exp) * (h - upper - lower)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:g} {h:g}" class="chart" role="img" '
           f'aria-label="Figures over time for the main host countries">',
           f'<rect x="{left:g}" y="{upper:g}" width="{w - left - right:g}" height="{h - upper - lower:g}" '
           f'fill="#fafafa" stroke="#bbb"/>']
    for tick in _ticks(top):
        if tick < 10:
            continue
        y = sy(tick)
        out.append(f'<line x1="{left:g}" x2="{w - right:g}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e3e3"/>'
                   f'<text x="{left - 6:g}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{tick:,}</text>')
    step = max(1, math.ceil((y1 - y0) / 12))
    for year in range(math.ceil(y0), math.floor(y1) + 1, step):
        out.append(f'<text x="{sx(year):.1f}" y="{h - lower + 16:g}" font-size="11" text-anchor="middle">'
                   f'{year}</text>')
    for i, code in enumerate(chart):
        colour = PALETTE[i % len(PALETTE)]
        offset = (i - (len(chart) - 1) / 2) * 0.06  # spread countries sharing a year so marks do not hide
        for year, low, high, note in chart[code]:
            x = sx(year + offset)
            tip = escape(f"{country_name(code)} {year}: {_label(low, high)} [{note}]")
            if low is not None and high is not None and low != high:
                out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{sy(low):.1f}" y2="{sy(high):.1f}" '
                           f'stroke="{colour}" stroke-width="3"><title>{tip}</title></line>')
            elif low is not None and high is None:
                y = sy(low)
                out.append(f'<path d="M{x - 4:.1f} {y + 3:.1f}L{x + 4:.1f} {y + 3:.1f}L{x:.1f} {y - 4:.1f}Z" '
                           f'fill="{colour}"><title>{tip}</title></path>')
            elif high is not None and low is None:
                y = sy(high)
                out.append(f'<path d="M{x - 4:.1f} {y - 3:.1f}L{x + 4:.1f} {y - 3:.1f}L{x:.1f} {y + 4:.1f}Z" '
                           f'fill="{colour}"><title>{tip}</title></path>')
            elif low is not None:
                out.append(f'<circle cx="{x:.1f}" cy="{sy(low):.1f}" r="3.5" fill="{colour}"><title>{tip}</title>'
                           f'</circle>')
        ly = upper + 14 + i * 18
        out.append(f'<rect x="{w - right + 12:g}" y="{ly - 10:g}" width="12" height="12" fill="{colour}"/>'
                   f'<text x="{w - right + 30:g}" y="{ly:g}" font-size="12">{escape(country_name(code))}</text>')
    out.append("</svg>")
    return "".join(out)


def _label(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low:,}" if low == high else f"{low:,}–{high:,}"
    if low is not None:
        return f"more than {low:,}"
    return f"up to {high:,}" if high is not None else "?"
