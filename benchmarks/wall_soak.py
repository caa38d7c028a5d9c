"""Soak: a wall in headless Chromium through a whole duty day, accelerated; prints memory and errors.

    python benchmarks/wall_soak.py                      # 16 duty hours (08:00-24:00) in 32 minutes
    python benchmarks/wall_soak.py --minutes 4          # a short run
    python benchmarks/wall_soak.py --db postgresql://postgres@127.0.0.1:5432/soak

The demo city starts at 08:00 on the gala day; the live feed runs `--speed` times faster than
real time and moves the campaign clock with it, so 32 minutes at 30x cover the day to midnight,
gala schedule included. The wall's refresh and dwell are 30 s divided by the speed (1 s), so it
does a day's worth of refreshes (1,920) and screen changes (1,920). Every sample prints the
server's resident memory and the page's JS heap after a forced garbage collection.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from campaign.auth import issue_wall_token
from campaign.bootstrap import initialise
from campaign.db import make_engine
from campaign.settings import PROJECT_DIR
from sample_data.city import generate_city
from scripts.dashboard_server import Server
from scripts.screenshots import CHROMIUM, CHROMIUM_ARGS
from scripts.wall_probe import wait_for_wall

START = datetime(2027, 3, 15, 8, 0)
PROBE = re.compile(r"/[a-z_-]+/_stcore/(health|host-config)$")

# Counts, in the page, every new data read and every screen change, so no sample can miss one.
OBSERVER = """() => {
    window.__soak = {reads: 0, changes: 0, frozen: 0, banners: 0, lastRead: null, lastScreen: null};
    const s = window.__soak;
    new MutationObserver(() => {
        const read = document.querySelector('[data-wall-read-at]');
        const screen = document.querySelector('[data-wall-screen]');
        const text = read && read.textContent;
        if (text && text !== s.lastRead) { s.reads++; s.lastRead = text; }
        const name = screen && screen.getAttribute('data-wall-screen') + '|' + screen.textContent;
        if (name && name !== s.lastScreen) { s.changes++; s.lastScreen = name; }
        if (document.querySelector('[data-wall-banner]')) s.banners++;
    }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
}"""


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def settings_file(folder: Path, speed: float, tick: float) -> Path:
    beat = max(1, round(30 / speed))
    screens = "\n".join(
        f'  {{ page = "{p}", dwell = {beat} }},'
        for p in ("overview", "complaints", "roster", "sites", "targets")
    )
    gala = "\n".join(
        f'  {{ page = "{p}", dwell = {beat}{extra} }},'
        for p, extra in (("complaints", ""), ("complaints", ', channel = "gala"'), ("roster", ""))
    )
    path = folder / "campaign.toml"
    path.write_text(
        f"refresh_seconds = {beat}\n\n[wall]\ntick_seconds = {tick}\nscreens = [\n{screens}\n]\n\n"
        f'[[wall.schedule]]\nname = "gala"\nday = "3-15"\nfrom = "20:00"\nto = "22:30"\n'
        f"refresh_seconds = {beat}\nscreens = [\n{gala}\n]\n",
        encoding="utf-8",
    )
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=32)
    parser.add_argument("--speed", type=float, default=30)
    parser.add_argument("--tick", type=float, default=0.5)
    parser.add_argument("--samples", type=int, default=16)
    parser.add_argument("--db", default="")
    parser.add_argument("--path", default="wall", help="e.g. 'wall?screens=overview:1,roster:1'")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="wall-soak-"))
    url = args.db or f"sqlite:///{folder / 'soak.db'}"
    engine = make_engine(url)
    initialise(engine)
    generate_city(engine, seed=7, today=START)
    with engine.begin() as conn:
        token = issue_wall_token(conn, "soak", datetime.now())
    engine.dispose()
    server = Server(url, {"CAMPAIGN_SETTINGS": str(settings_file(folder, args.speed, args.tick))})
    feed = subprocess.Popen(
        [sys.executable, "-m", "sample_data", "--db", url, "feed", "--speed", str(args.speed), "--seed", "9"],
        cwd=PROJECT_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "DATABASE_URL": url},
    )
    errors: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            # A failed resource is judged by its URL (Streamlit's two probes under /wall/ are expected).
            page.on(
                "console",
                lambda m: (
                    errors.append(m.text)
                    if m.type == "error" and not m.text.startswith("Failed to load resource")
                    else None
                ),
            )
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("requestfailed", lambda r: errors.append(f"{r.url} {r.failure}"))
            page.on(
                "response",
                lambda r: (
                    errors.append(f"{r.status} {r.url}")
                    if r.status >= 400 and not PROBE.search(r.url)
                    else None
                ),
            )
            page.goto(f"{server.url}/{args.path}{'&' if '?' in args.path else '?'}token={token}")
            wait_for_wall(page)
            page.evaluate(OBSERVER)
            cdp = page.context.new_cdp_session(page)
            cdp.send("Performance.enable")

            def heap_mb() -> float:
                cdp.send("HeapProfiler.collectGarbage")
                metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
                return metrics["JSHeapUsedSize"] / 2**20

            def sample(elapsed: float) -> dict:
                state = page.evaluate(
                    """() => ({...window.__soak,
                        clock: (document.querySelector('[data-wall-clock]') || {}).textContent,
                        exceptions: document.querySelectorAll('[data-testid="stException"]').length,
                        frozen: [...document.querySelectorAll('.wall-frozen')]
                            .filter(e => getComputedStyle(e).visibility === 'visible').length})"""
                )
                return {"t": elapsed, "rss": rss_mb(server.process.pid), "heap": heap_mb(), **state}

            started = time.monotonic()
            rows = [sample(0.0)]
            print(
                f"{'min':>6} {'clock':>6} {'reads':>6} {'screens':>7} {'RSS MB':>8} {'heap MB':>8} {'exc':>4} {'frozen':>6}"
            )

            def show(r: dict) -> None:
                print(
                    f"{r['t'] / 60:6.1f} {r['clock'] or '':>6} {r['reads']:6d} {r['changes']:7d} "
                    f"{r['rss']:8.1f} {r['heap']:8.1f} {r['exceptions']:4d} {r['frozen']:6d}",
                    flush=True,
                )

            show(rows[0])
            period = args.minutes * 60 / args.samples
            for n in range(1, args.samples + 1):
                while time.monotonic() - started < n * period:
                    page.wait_for_timeout(1000)
                    if page.locator('[data-testid="stException"]').count():
                        errors.append("exception element on the page")
                rows.append(sample(time.monotonic() - started))
                show(rows[-1])
            browser.close()
    finally:
        feed.terminate()
        feed.wait(10)
        server.stop()

    first, last = rows[0], rows[-1]
    print()
    print(
        f"duration            {last['t'] / 60:.1f} min real, campaign clock {first['clock']} -> {last['clock']}"
    )
    print(f"data refreshes      {last['reads']} (a 16-hour day at 30 s: 1,920)")
    print(f"screen changes      {last['changes']} (a 16-hour day at 30 s dwell: 1,920)")
    print(
        f"server RSS          {first['rss']:.1f} -> {last['rss']:.1f} MB (growth {last['rss'] - first['rss']:+.1f} MB, "
        f"max {max(r['rss'] for r in rows):.1f})"
    )
    print(
        f"browser JS heap     {first['heap']:.1f} -> {last['heap']:.1f} MB (max {max(r['heap'] for r in rows):.1f}, after GC)"
    )
    print(f"banners seen        {last['banners']} mutations with a stale or database banner")
    print(f"errors              {len(errors)}")
    for e in errors[:20]:
        print(f"  {e}")
    return 0 if not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
