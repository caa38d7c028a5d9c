"""The wall's site map as inline SVG: district boundaries and sites, sized by people served.

A wall never clicks its map, and a WebGL map mounted and unmounted with every rotation keeps
memory the browser cannot free (measured by benchmarks/wall_soak.py); an SVG keeps none, runs no
script, and is crisp on a 4K screen.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd

from campaign.strings import t
from ui.markup import escape
from ui.site_map import COLOURS, boundaries, boundary_path, labels

MARGIN = 12

LEGEND = 34  # the legend's row under the map, which nothing is drawn into


def _rings(collection: dict) -> list:
    return [
        ring
        for feature in collection["features"]
        for polygon in (
            [feature["geometry"]["coordinates"]]
            if feature["geometry"]["type"] == "Polygon"
            else feature["geometry"]["coordinates"]
        )
        for ring in polygon
    ]


@lru_cache(maxsize=4)
def _boundary_box(path: str) -> tuple[list[float], list[float]]:
    rings = _rings(boundaries(path))
    lons = [p[0] for ring in rings for p in ring]
    lats = [p[1] for ring in rings for p in ring]
    return [min(lons), max(lons)], [min(lats), max(lats)]


def extent(sites: pd.DataFrame, path: str) -> tuple[float, float, float, float]:
    """West, east, south, north of the districts and every site: a site outside the boundaries (a
    province's, on a city's map) widens the map instead of being drawn off it. Rounded out to
    0.05 degrees, so the drawn frame is reused while sites stay put."""
    lons, lats = list(_boundary_box(path)[0]), list(_boundary_box(path)[1])
    if not sites.empty:
        lons += [float(sites["lon"].min()), float(sites["lon"].max())]
        lats += [float(sites["lat"].min()), float(sites["lat"].max())]
    step = 0.05
    return (
        math.floor(min(lons) / step) * step,
        math.ceil(max(lons) / step) * step,
        math.floor(min(lats) / step) * step,
        math.ceil(max(lats) / step) * step,
    )


@lru_cache(maxsize=8)
def _frame(
    path: str, width: int, height: int, bounds: tuple[float, float, float, float]
) -> tuple[str, str, tuple[float, ...]]:
    """District shapes and names as SVG, and the projection (lon0, lat0, scale, stretch, left, top) for points."""
    collection = boundaries(path)
    west, east, south, north = bounds
    lons, lats = [west, east], [south, north]
    # Equirectangular, east-west shrunk by cos(latitude): true shapes over a city.
    stretch = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x, span_y = (max(lons) - min(lons)) * stretch, max(lats) - min(lats)
    # Room for the largest circle (28) inside the frame, and the legend's row below the map.
    inner_w, inner_h = width - 2 * MARGIN - 56, height - 2 * MARGIN - LEGEND - 56
    scale = min(inner_w / span_x, inner_h / span_y)
    left = MARGIN + 28 + (inner_w - span_x * scale) / 2
    top = MARGIN + 28 + (inner_h - span_y * scale) / 2
    projection = (min(lons), max(lats), scale, stretch, left, top)

    def xy(lon: float, lat: float) -> str:
        return f"{left + (lon - min(lons)) * stretch * scale:.1f},{top + (max(lats) - lat) * scale:.1f}"

    paths = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        d = "".join(
            "M" + "L".join(xy(*p[:2]) for p in ring) + "Z" for polygon in polygons for ring in polygon
        )
        paths.append(f'<path d="{d}"/>')
    text = "".join(
        f'<text x="{xy(label["lon"], label["lat"]).split(",")[0]}" y="{xy(label["lon"], label["lat"]).split(",")[1]}">'
        f"{escape(label['name'])}</text>"
        for label in labels(collection)
    )
    shapes = f'<g fill="#1c2a47" stroke="#5b6f96" stroke-width="1.2">{"".join(paths)}</g>'
    names = (
        f'<g fill="#c7d2e8" font-size="18" text-anchor="middle" stroke="#0b1220" stroke-width="4" '
        f'paint-order="stroke">{text}</g>'
    )
    return shapes, names, projection


def sites_svg(sites: pd.DataFrame, width: int = 1100, height: int = 560) -> str:
    path = str(boundary_path())
    shapes, names, (lon0, lat0, scale, stretch, left, top) = _frame(path, width, height, extent(sites, path))
    circles = []
    # Largest first, so small sites stay visible on top.
    for s in sites.sort_values("served", ascending=False).itertuples(index=False):
        x = left + (float(s.lon) - lon0) * stretch * scale
        y = top + (lat0 - float(s.lat)) * scale
        r = min(28.0, 5 + 1.1 * math.sqrt(max(int(s.served), 0)))
        red, green, blue, _ = COLOURS.get(s.state, COLOURS["finished"])
        circles.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="rgb({red},{green},{blue})" '
            f'fill-opacity="0.85" stroke="#ffffff" stroke-width="1.2" data-state="{escape(s.state)}"/>'
        )
    legend = "".join(
        f'<circle cx="{MARGIN + 10 + 130 * i}" cy="{height - 16}" r="8" fill="rgb({c[0]},{c[1]},{c[2]})"/>'
        f'<text x="{MARGIN + 24 + 130 * i}" y="{height - 9}" font-size="20" fill="#c7d2e8">'
        f"{escape(t(f'sites.state.{state}'))}</text>"
        for i, (state, c) in enumerate(COLOURS.items())
    )
    return (
        f'<svg class="wall-map" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'font-family="Noto Sans CJK SC, sans-serif">{shapes}<g>{"".join(circles)}</g>{names}{legend}</svg>'
    )
