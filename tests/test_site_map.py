"""The map's deck: no basemap by default; a deployment's own style when the settings name one."""

import json
from datetime import datetime

import pandas as pd
import pytest

from campaign.settings import settings
from ui.site_map import SILENT_RADIUS, point_data, site_deck

SITES = pd.DataFrame(
    [
        {
            "id": 1,
            "name": "<img src=x onerror=alert(1)>广场",
            "office": "甲所",
            "lon": 120.16,
            "lat": 30.27,
            "start": datetime(2027, 3, 15, 9),
            "end": datetime(2027, 3, 15, 16),
            "state": "live",
            "served": 100,
            "consultations": 90,
            "complaints": 10,
            "materials": 1200,
            "staff": 12,
        }
    ]
)


@pytest.fixture
def with_settings(tmp_path, monkeypatch):
    def use(text: str):
        path = tmp_path / "campaign.toml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv("CAMPAIGN_SETTINGS", str(path))
        settings.cache_clear()

    yield use
    settings.cache_clear()


def test_no_basemap_by_default(with_settings):
    with_settings("")
    spec = json.loads(site_deck(SITES).to_json())
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec


def test_a_deployment_names_its_own_basemap_style(with_settings):
    with_settings('basemap_style = "http://tiles.intranet.local/styles/basic/style.json"\n')
    spec = json.loads(site_deck(SITES).to_json())
    assert spec["mapStyle"] == "http://tiles.intranet.local/styles/basic/style.json"


def test_point_size_grows_with_people_served_and_names_stay_data():
    point = point_data(SITES)[0]
    # 600 m plus 180 m per square root of people served: 600 + 180 * 10 = 2,400 m.
    assert point["radius"] == 2400
    assert point["name"] == "<img src=x onerror=alert(1)>广场"  # shown as tooltip text, not HTML
    assert point["colour"] == [24, 128, 56, 235] and point["window"] == "03-15 09:00—16:00"


def test_a_silent_site_is_a_fixed_red_disc_drawn_over_the_others():
    silent = SITES.assign(id=2, state="silent", served=0, consultations=0, complaints=0, materials=0)
    points = point_data(pd.concat([silent, SITES], ignore_index=True))
    # Its zero tallies would make it 600 m, the smallest disc; it is 3,500 m (about 8 px at the
    # opening zoom), red, and listed last so that it is drawn on top.
    assert [p["id"] for p in points] == [1, 2]
    assert points[1]["radius"] == SILENT_RADIUS == 3500 and points[1]["colour"] == [217, 48, 37, 235]
    assert points[0]["radius"] == 2400


def test_district_names_are_drawn_over_the_sites_on_a_plate(with_settings):
    with_settings("")
    layers = json.loads(site_deck(SITES).to_json())["layers"]
    assert [layer["id"] for layer in layers] == ["districts", "sites", "district-names", "silent-sites"]
    names = layers[2]
    assert names["background"] is True and names["getBackgroundColor"][3] > 200
    # Over the names, at any zoom: the silent sites as red dots of a fixed size in pixels.
    silent = json.loads(site_deck(SITES.assign(state="silent")).to_json())["layers"][3]
    assert (silent["radiusUnits"], silent["getRadius"], silent["pickable"]) == ("pixels", 7, False)
    assert [p["id"] for p in silent["data"]] == [1] and layers[3]["data"] == []
