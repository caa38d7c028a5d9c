"""The wall's SVG chart and map: scales, every site placed inside the frame, text escaped."""

import re
from datetime import datetime

import pandas as pd
import pytest

from ui.wall_chart import nice_step, volume_svg
from ui.wall_map import sites_svg


@pytest.mark.parametrize(
    ("top", "step"), [(0, 1), (7, 2), (487, 200), (650, 200), (1212, 500), (90_000, 50_000)]
)
def test_gridlines_step_in_round_numbers(top, step):
    # About four gridlines: 650 / 4 = 162.5 -> the next round step is 200.
    assert nice_step(top) == step


def hours(day: datetime, counts: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"at": pd.date_range(day, periods=len(counts), freq="60min"), "count": counts})


def test_volume_chart_plots_each_hour_and_shades_the_gala():
    day = datetime(2027, 3, 15)
    svg = volume_svg(
        hours(day, [10, 20, 650]),
        hours(datetime(2026, 3, 15), [5] * 24),
        day,
        (datetime(2027, 3, 15, 20), datetime(2027, 3, 15, 22, 30)),
        width=1100,
        height=520,
    )
    today = re.search(r'points="([^"]+)"[^>]*data-series="today"', svg).group(1).split()
    assert len(today) == 3
    # Plot 1100 - 70 - 34 = 996 wide: hour 0's point sits at 70 + 996 * 0.5 / 24 = 90.75.
    assert today[0].startswith("90.8,")
    # Gridlines every 200 up to 800 (650 // 200 + 1 = 4 steps): 0, 200, 400, 600, 800.
    assert re.findall(r">([\d,]+)</text>", svg)[:5] == ["0", "200", "400", "600", "800"]
    # The gala band from 20:00 to 22:30: 996 * 2.5 / 24 = 103.75 wide.
    assert 'width="103.8"' in svg and "晚会时段" in svg


def test_site_map_places_every_site_inside_the_frame_and_escapes_names():
    sites = pd.DataFrame(
        {
            "lon": [120.16, 119.72, 120.30],
            "lat": [30.27, 30.23, 30.42],
            "served": [400, 0, 25],
            "state": ["live", "upcoming", "silent"],
            "name": ["<script>x</script>", "b", "c"],
        }
    )
    svg = sites_svg(sites, width=1100, height=560)
    circles = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"[^>]*data-state="(\w+)"', svg)
    assert len(circles) == 3
    assert all(0 <= float(x) <= 1100 and 0 <= float(y) <= 560 for x, y, _, _ in circles)
    # Largest first so small ones stay on top; radius 5 + 1.1 * sqrt(served), at most 28.
    assert [(float(r), s) for _, _, r, s in circles] == [(27.0, "live"), (10.5, "silent"), (5.0, "upcoming")]
    assert svg.count("<path") == 10  # the demo city's districts
    assert "<script" not in svg
