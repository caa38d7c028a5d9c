"""In a real browser: with the demo feed running, headline numbers change without a reload."""

import subprocess
import sys
import time

from campaign.bootstrap import initialise
from campaign.db import make_engine
from campaign.settings import PROJECT_DIR
from sample_data.city import generate_city
from scripts.wall_probe import wait_for_wall
from tests.browser.conftest import DEMO_NOW, Server, add_tester, wait_for_app, with_token

# Each screen with the tile to watch: the overview, the 12315 screen and the wall.
WATCHED = {
    "": "received_today",
    "complaints": "received_in_period",
    "wall?screens=overview:600": "received_today",
}


def tile_value(page, key: str) -> int:
    return int(page.locator(f'[data-tile="{key}"] .value').first.inner_text().replace(",", ""))


def test_feed_moves_the_screens_without_a_reload(browser, tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    engine = make_engine(url)
    initialise(engine)
    generate_city(engine, seed=11, today=DEMO_NOW)
    token = add_tester(engine)
    engine.dispose()
    settings_file = tmp_path / "campaign.toml"
    settings_file.write_text("refresh_seconds = 3\n", encoding="utf-8")
    server = Server(url, {"CAMPAIGN_SETTINGS": str(settings_file)})
    feed = None
    try:
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        pages = {}
        for path in WATCHED:
            pages[path] = context.new_page()
            pages[path].goto(f"{server.url}/{with_token(path, token) if path.startswith('wall') else path}")
            (wait_for_wall if path.startswith("wall") else wait_for_app)(pages[path])
            pages[path].evaluate("() => { window.__notReloaded = true; }")
        before = {path: tile_value(pages[path], tile) for path, tile in WATCHED.items()}
        feed = subprocess.Popen(
            [sys.executable, "-m", "sample_data", "--db", url, "feed", "--speed", "120", "--seed", "3"],
            cwd=PROJECT_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 45
        after = dict(before)
        while time.monotonic() < deadline and any(after[k] <= before[k] for k in before):
            time.sleep(1)
            after = {path: tile_value(pages[path], tile) for path, tile in WATCHED.items()}
        assert all(after[k] > before[k] for k in before), (before, after)
        assert all(p.evaluate("() => window.__notReloaded === true") for p in pages.values())
        context.close()
    finally:
        if feed:
            feed.terminate()
            feed.wait(10)
        server.stop()
