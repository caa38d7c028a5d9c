"""One number, one definition, as drawn: at three moments of the gala day, every headline tile of the
overview, 12315, roster, sites and targets pages and of every wall screen is read from the browser,
and a label showing two numbers, or one figure under two labels, fails the test."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import pytest

from scripts.wall_probe import wait_for_wall
from tests.browser.conftest import SCREENSHOTS, WALL_TOKENS, Server, wait_for_app, with_token

# Mid-morning, the gala night, the last minute of the day.
MOMENTS = [datetime(2027, 3, 15, 10, 30), datetime(2027, 3, 15, 20, 45), datetime(2027, 3, 15, 23, 59)]
PAGES = ["", "complaints", "roster", "sites", "targets"]
# Every screen of the default playlist, the 晚会转办 screen (12315 narrowed to gala transfers) included.
WALL_SCREENS = [
    "overview:600",
    "complaints:600",
    "complaints:600:channel=gala",
    "roster:600",
    "sites:600",
    "targets:600",
]
TILES = """() => [...document.querySelectorAll('[data-tile]')].map(t => ({
    key: t.getAttribute('data-tile') + (t.getAttribute('data-scope') ? '@' + t.getAttribute('data-scope') : ''),
    label: t.querySelector('.label').innerText.trim(),
    value: t.querySelector('.value').innerText.trim(),
}))"""


def read_tiles(page, where: str) -> list[tuple[str, str, str, str]]:
    page.wait_for_selector("[data-tile]", timeout=40_000)
    page.wait_for_timeout(300)
    return [(t["key"], t["label"], t["value"], where) for t in page.evaluate(TILES)]


def disagreements(tiles: list[tuple[str, str, str, str]]) -> list[str]:
    """Every label drawn with two numbers or two figures, and every figure drawn under two labels.
    A figure narrowed to a scope (the 晚会转办 screen's figures) is its own figure: key@scope."""
    values, keys, labels = defaultdict(set), defaultdict(set), defaultdict(set)
    for key, label, value, where in tiles:
        values[label].add((value, where))
        keys[label].add(key)
        labels[key].add(label)
    found = []
    for label, seen in values.items():
        if len({v for v, _ in seen}) > 1:
            found.append(f"「{label}」 shows {sorted(seen)}")
    found += [f"「{label}」 names figures {sorted(k)}" for label, k in keys.items() if len(k) > 1]
    found += [f"figure {key} is labelled {sorted(names)}" for key, names in labels.items() if len(names) > 1]
    return found


@pytest.fixture(params=MOMENTS, ids=lambda m: f"{m:%H%M}")
def server_at(request, demo_db):
    server = Server(demo_db, {"CAMPAIGN_NOW": request.param.isoformat()})
    yield server, request.param
    server.stop()


def test_every_label_carries_one_number_and_every_figure_one_label(page, browser, demo_db, server_at):
    server, moment = server_at
    tiles = []
    for path in PAGES:
        page.goto(f"{server.url}/{path}")
        wait_for_app(page)
        tiles += read_tiles(page, path or "overview")
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"figures-{moment:%H%M}-{path or 'overview'}.png"))
    wall = browser.new_page(viewport={"width": 1920, "height": 1080})
    for screens in WALL_SCREENS:
        wall.goto(f"{server.url}/{with_token(f'wall?screens={screens}', WALL_TOKENS[demo_db])}")
        wait_for_wall(wall)
        tiles += read_tiles(wall, f"wall {screens}")
        name = screens.replace(":600", "").replace(":", "-").replace("=", "-")
        wall.screenshot(path=str(SCREENSHOTS / f"figures-{moment:%H%M}-wall-{name}.png"))
    wall.close()
    assert page.console_errors == [] and page.failed_requests == []
    # Every page and screen drew its tiles, and the shared ones met: the check below has teeth.
    assert {w for *_, w in tiles} == {p or "overview" for p in PAGES} | {f"wall {s}" for s in WALL_SCREENS}
    shared = defaultdict(set)
    for key, _, _, where in tiles:
        shared[key].add(where)
    assert {"received_today", "open_cases", "overdue_cases", "uncovered_now", "live_sites"} <= {
        k for k, where in shared.items() if len(where) >= 2
    }
    assert disagreements(tiles) == []


def test_disagreements_are_found():
    """The check itself, on tiles made up to break each rule once."""
    tiles = [
        ("open_cases", "在办案件", "15,123", "overview"),
        ("open_cases", "在办案件", "15,121", "wall complaints"),  # one label, two numbers
        ("materials_today", "累计发放资料（份）", "78,754", "wall sites"),  # one label, two figures
        ("materials_total", "累计发放资料（份）", "78,754", "overview"),
        ("targets_behind", "落后于进度", "171", "wall targets"),  # one figure, two labels
        ("targets_behind", "进度落后目标", "171", "targets"),
    ]
    found = disagreements(tiles)
    assert len(found) == 3
    assert found[0].startswith("「在办案件」 shows")
    assert found[1] == "「累计发放资料（份）」 names figures ['materials_today', 'materials_total']"
    assert found[2] == "figure targets_behind is labelled ['落后于进度', '进度落后目标']"
