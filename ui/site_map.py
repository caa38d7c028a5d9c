"""The site map: district boundaries shipped with the project, sites as points. No remote basemap
unless the deployment names its own style (setting `basemap_style`), so it draws on an intranet."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pydeck as pdk

from campaign.settings import PROJECT_DIR, settings
from campaign.strings import t

BOUNDARIES = PROJECT_DIR / "sample_data" / "hangzhou_districts.geojson"
COLOURS = {
    "upcoming": [120, 144, 156, 220],
    "live": [24, 128, 56, 235],
    "finished": [47, 111, 221, 220],
    "silent": [217, 48, 37, 235],
}
FONT = "Noto Sans CJK SC, Microsoft YaHei, sans-serif"
# A site that finished without reporting has nothing to size it by, and it is the one a leader
# must find: a fixed 3.5 km radius, as large as a busy site's disc, never the 5 px floor the
# smallest reporting sites get; and at any zoom a red dot of SILENT_PIXELS drawn over the
# district names.
SILENT_RADIUS = 3500
SILENT_PIXELS = 7
# The map's fixed view: the city's districts, whole, in the map's 640-pixel height.
VIEW = {"longitude": 119.8, "latitude": 30.22, "zoom": 8.3}


@lru_cache(maxsize=2)
def boundaries(path: str) -> dict:
    with Path(path).open(encoding="utf-8") as shipped:
        return json.load(shipped)


def boundary_path() -> Path:
    configured = settings().extra.get("boundaries_geojson")
    return Path(configured) if configured else BOUNDARIES


def labels(collection: dict) -> list[dict]:
    return [
        {
            "name": f["properties"]["name"],
            "lon": f["properties"]["label_lon"],
            "lat": f["properties"]["label_lat"],
        }
        for f in collection["features"]
        if "label_lon" in f["properties"]
    ]


def radius(state: str, served: int) -> float:
    """Metres: a reporting site grows with the people it served; a silent one has its fixed size."""
    grown = 600 + 180 * math.sqrt(max(served, 0))
    return max(grown, SILENT_RADIUS) if state == "silent" else grown


def point_data(sites: pd.DataFrame) -> list[dict]:
    """Plain values for deck.gl; the tooltip is text, so names are never interpreted as HTML.
    Silent sites come last, so they are drawn over any site they overlap."""
    rows = []
    last = sites.sort_values("state", key=lambda state: state == "silent", kind="stable")
    for s in last.itertuples(index=False):
        rows.append(
            {
                "id": int(s.id),
                "lon": float(s.lon),
                "lat": float(s.lat),
                "radius": radius(s.state, int(s.served)),
                "silent": s.state == "silent",
                "colour": COLOURS[s.state],
                "name": s.name,
                "office": s.office,
                "window": f"{s.start:%m-%d %H:%M}—{s.end:%H:%M}",
                "state": t(f"sites.state.{s.state}"),
                "consultations": int(s.consultations),
                "complaints": int(s.complaints),
                "materials": f"{int(s.materials):,}",
                "staff": int(s.staff),
            }
        )
    return rows


def site_deck(sites: pd.DataFrame, height: int = 640) -> pdk.Deck:
    collection = boundaries(str(boundary_path()))
    points = point_data(sites)
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            collection,
            id="districts",
            stroked=True,
            filled=True,
            get_fill_color=[232, 238, 246, 200],
            get_line_color=[90, 110, 140, 255],
            line_width_min_pixels=1.5,
            pickable=False,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            points,
            id="sites",
            get_position=["lon", "lat"],
            get_radius="radius",
            get_fill_color="colour",
            get_line_color=[255, 255, 255],
            line_width_min_pixels=1,
            stroked=True,
            radius_min_pixels=5,
            radius_max_pixels=40,
            pickable=True,
            auto_highlight=True,
        ),
        pdk.Layer(
            "TextLayer",
            labels(collection),
            id="district-names",
            get_position=["lon", "lat"],
            get_text="name",
            get_size=15,
            get_color=[40, 48, 64, 255],
            # Drawn after the sites, on a pale plate, so a district's name is never under a disc.
            background=True,
            get_background_color=[255, 255, 255, 215],
            background_padding=[4, 2],
            pickable=False,
            # pydeck turns bare strings into accessor expressions; quoted ones stay literal.
            font_family=f'"{FONT}"',
            # deck.gl's font atlas holds ASCII only unless told which characters to draw.
            character_set='"'
            + "".join(sorted({c for item in labels(collection) for c in item["name"]}))
            + '"',
        ),
        pdk.Layer(
            "ScatterplotLayer",
            [p for p in points if p["silent"]],
            id="silent-sites",
            get_position=["lon", "lat"],
            get_radius=SILENT_PIXELS,
            radius_units='"pixels"',
            get_fill_color=COLOURS["silent"],
            get_line_color=[255, 255, 255],
            line_width_min_pixels=2,
            stroked=True,
            pickable=False,  # a click goes through to the site beneath, in the "sites" layer
        ),
    ]
    view = pdk.ViewState(**VIEW, pitch=0)
    tooltip = {"text": t("sites.tooltip"), "style": {"fontFamily": FONT, "fontSize": "14px"}}
    style = settings().extra.get("basemap_style")
    if style:
        return pdk.Deck(
            layers=layers, initial_view_state=view, tooltip=tooltip, map_provider="carto", map_style=style
        )
    # No map_style here: pydeck then sends its sentinel, which tells Streamlit to draw no basemap
    # (map_style=None would make Streamlit fetch Carto's from the internet).
    return pdk.Deck(layers=layers, initial_view_state=view, tooltip=tooltip, map_provider=None)
