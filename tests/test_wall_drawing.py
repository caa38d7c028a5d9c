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


def drawn_sites(svg: str) -> list[tuple[str, str, str, str]]:
    """Each site's circle: x, y, radius and state."""
    return re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"[^>]*data-state="(\w+)"', svg)


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
    circles = drawn_sites(svg)
    assert len(circles) == 3
    assert all(0 <= float(x) <= 1100 and 0 <= float(y) <= 560 for x, y, _, _ in circles)
    # Largest first so small ones stay on top; radius 5 + 1.1 * sqrt(served), at most 28.
    assert [(float(r), s) for _, _, r, s in circles] == [(27.0, "live"), (10.5, "silent"), (5.0, "upcoming")]
    assert svg.count("<path") == 10  # the demo city's districts
    assert "<script" not in svg


def test_sites_beyond_the_districts_widen_the_map_and_stay_whole_inside_it():
    # A province's sites on the city's map: one 2 degrees west, one 1.5 degrees north, both at the
    # largest radius (28), and one in the city centre.
    sites = pd.DataFrame(
        {
            "lon": [117.5, 120.16, 121.9],
            "lat": [29.0, 30.27, 31.9],
            "served": [900, 900, 900],
            "state": ["finished", "live", "silent"],
            "name": ["甲", "乙", "丙"],
        }
    )
    svg = sites_svg(sites, width=1100, height=560)
    circles = drawn_sites(svg)
    assert len(circles) == 3
    for x, y, r, _ in circles:
        x, y, r = float(x), float(y), float(r)
        assert r == 28.0
        # Whole circles inside the frame, and above the legend's row at the bottom.
        assert x - r >= 0 and x + r <= 1100 and y - r >= 0 and y + r <= 560 - 34
    assert svg.count("<path") == 10  # the districts still drawn


def test_the_hour_in_progress_is_drawn_apart_so_it_does_not_read_as_a_fall():
    day = datetime(2027, 3, 15)
    # 20:45: the 20:00 hour has run 45 of its 60 minutes; its 120 is not a fall from 400.
    svg = volume_svg(
        hours(day, [300] * 20 + [120]),
        hours(datetime(2026, 3, 15), []),
        day,
        None,
        now=datetime(2027, 3, 15, 20, 45),
    )
    whole = re.search(r'points="([^"]+)"[^>]*data-series="today"', svg).group(1).split()
    assert len(whole) == 20  # the solid line ends with 19:00, the last full hour
    assert 'stroke-dasharray="8 7" data-series="in_progress"' in svg
    assert "data-in-progress" in svg and "本小时进行中（45 分钟）" in svg


def test_a_finished_day_has_no_hour_in_progress():
    day = datetime(2027, 3, 14)
    svg = volume_svg(
        hours(day, [300] * 24), hours(datetime(2026, 3, 14), []), day, None, now=datetime(2027, 3, 15, 9)
    )
    assert len(re.search(r'points="([^"]+)"[^>]*data-series="today"', svg).group(1).split()) == 24
    assert "in_progress" not in svg and "进行中" not in svg


def test_wall_alerts_keep_every_name_and_number_whole():
    from queries.alerts import Alert
    from ui.alerts import WALL_SIZES, alert_text, wall_font_rem

    names = [f"拱墅区米市巷{i}市场监督管理所" for i in range(5)]
    text = alert_text(Alert("uncovered", {"count": 5, "names": names}))
    # Short names, the first three, then how many in all; no ellipsis.
    assert text == "5 个单位当前无人值班：拱墅区米市巷0所、拱墅区米市巷1所、拱墅区米市巷2所等 5 个"
    assert "…" not in text
    # Three short alerts keep the largest type; three long ones the smallest (and wrap).
    assert wall_font_rem(["最近一小时受理 487 件"] * 3) == WALL_SIZES[0]
    assert wall_font_rem([text] * 3) == WALL_SIZES[-1]


def test_wall_css_never_cuts_an_alert_with_an_ellipsis():
    from ui.wall import CSS

    alert_rule = re.search(r"\.wall-alerts \.alert \{([^}]*)\}", CSS).group(1)
    assert "ellipsis" not in alert_rule and "nowrap" not in alert_rule


def test_the_screens_volume_figure_draws_a_running_bucket_apart():
    from ui.charts import volume_figure

    day = datetime(2027, 3, 15)
    current = hours(day, [300] * 20 + [120])
    running = volume_figure(current, hours(day, []), 60, None, now=datetime(2027, 3, 15, 20, 45))
    # The full hours 00:00-19:00 (20 points) solid; 19:00 -> 20:00 (2 points) dashed and named.
    assert [len(tr.x) for tr in running.data] == [20, 2]
    assert running.data[1].line.dash == "dash" and running.data[1].name == "进行中（未满一个时段）"
    done = volume_figure(current, hours(day, []), 60, None, now=datetime(2027, 3, 15, 21, 0))
    assert [len(tr.x) for tr in done.data] == [21]
