"""Concurrency: many headless-Chromium viewers on one dashboard server; prints refresh times and errors.

    python benchmarks/concurrency.py                              # 20 viewers, 5 minutes, the demo city
    python benchmarks/concurrency.py --db postgresql://postgres@127.0.0.1:5432/bench10m --viewers 20

Half the viewers are walls (a wall token in the URL) left running on their rotation, the other
half signed-in leaders who keep a page open and go to the next one every `--switch` seconds.
They arrive one after another over `--ramp` seconds (as a load test ramps up: 20 browsers
opened in the same few seconds on the 2 cores they share with the server spend the first
minute drawing their first pages), then all of them stay for `--minutes`.
A refresh is a run of a screen's live fragment (the wall's tick, a page's refresh interval),
timed in the page from the script starting until it has finished; "all refreshes" gives their
p95. Page switches are timed from the click until the page is drawn (the script finished, no
skeleton left, every chart drawn), and the walls' first loads from the URL to drawn. Errors: a console error, an uncaught page error, a failed request, an HTTP error,
Streamlit's exception element, or a screen not drawn within 30 s. A script that prints figures,
not a timed test.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import re
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.async_api import async_playwright

from campaign.auth import add_account, issue_wall_token, remove_account
from campaign.bootstrap import initialise
from campaign.db import make_engine
from campaign.localtime import wall_now
from sample_data.city import generate_city
from scripts.dashboard_server import Server
from scripts.screenshots import CHROMIUM, CHROMIUM_ARGS, RENDERED
from scripts.wall_probe import DRAWN

PROBE = re.compile(r"/_stcore/(health|host-config)$")
PAGES = ("overview", "complaints", "roster", "sites", "targets")
WALL_SCREENS = ("overview", "complaints", "roster", "sites", "targets")
VIEWER = ("loadtest", "load-test-password-1")
DRAW_LIMIT_MS = 30_000
# Times every script run in the page: 'running' -> 'notRunning' on the app's script-state attribute.
RUN_TIMER = """() => {
    window.__runs = {done: [], banners: 0, since: null};
    const app = document.querySelector('[data-testid="stApp"]');
    const r = window.__runs;
    new MutationObserver(() => {
        const state = app.getAttribute('data-test-script-state');
        if (state === 'running' && r.since === null) r.since = performance.now();
        if (state === 'notRunning' && r.since !== null) {
            const screen = document.querySelector('[data-wall-screen]');
            r.done.push([screen ? screen.getAttribute('data-wall-screen') : '?', performance.now() - r.since]);
            r.since = null;
        }
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
    let shown = false;  // a banner counts once per appearance
    new MutationObserver(() => {
        const now = document.querySelector('[data-wall-banner]') !== null;
        if (now && !shown) r.banners++;
        shown = now;
    }).observe(document.body, {subtree: true, childList: true});
}"""
HEADING_CHANGED = """before => {
    const h = document.querySelector('[data-testid="stMain"] h1');
    return h !== null && h.textContent !== before;
}"""


class Tally:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.repeated = 0  # navigation clicks made a second time

    def add(self, kind: str, ms: float) -> None:
        self.times.setdefault(kind, []).append(ms)

    def watch(self, page, who: str) -> None:
        page.on(
            "console",
            lambda m: (
                self.errors.append(f"{who} console: {m.text}")
                if m.type == "error" and not m.text.startswith("Failed to load resource")
                else None
            ),
        )
        page.on("pageerror", lambda e: self.errors.append(f"{who} page error: {e}"))
        page.on("requestfailed", lambda r: self.errors.append(f"{who} failed: {r.url} {r.failure}"))
        page.on(
            "response",
            lambda r: (
                self.errors.append(f"{who} HTTP {r.status} {r.url}")
                if r.status >= 400 and not PROBE.search(r.url)
                else None
            ),
        )


async def drawn(page, tally: Tally, who: str, check: str) -> bool:
    try:
        await page.wait_for_function(check, timeout=DRAW_LIMIT_MS)
    except Exception:
        tally.errors.append(f"{who}: not drawn within {DRAW_LIMIT_MS // 1000} s")
        return False
    if await page.locator('[data-testid="stException"]').count():
        tally.errors.append(f"{who}: exception shown")
    return True


async def wall_viewer(
    browser, base: str, token: str, n: int, delay: float, until: float, tally: Tally
) -> None:
    """A wall left running, as in a command centre: every run of its refreshing fragment is timed
    in the page, from the script starting to run until it has finished and the screen is drawn."""
    await asyncio.sleep(delay)
    context = await browser.new_context(viewport={"width": 1920, "height": 1080})
    page = await context.new_page()
    who = f"wall {n}"
    tally.watch(page, who)
    started = time.monotonic()
    await page.goto(f"{base}/wall?token={token}")
    if not await drawn(page, tally, who, DRAWN):
        await context.close()
        return
    tally.add("wall first load", (time.monotonic() - started) * 1000)
    await page.evaluate(RUN_TIMER)
    while time.monotonic() < until:
        await asyncio.sleep(5)
        if await page.locator('[data-testid="stException"]').count():
            tally.errors.append(f"{who}: exception shown")
    runs = await page.evaluate("() => window.__runs")
    for screen, ms in runs["done"]:
        tally.add(f"wall {screen}", ms)
    tally.errors += [f"{who}: stale-data banner shown" for _ in range(runs["banners"])]
    await context.close()


async def page_viewer(
    browser, base: str, n: int, delay: float, until: float, switch: float, tally: Tally
) -> None:
    """A signed-in leader on one page, as an office head keeps it open: its live refreshes are timed
    in the page like the wall's; every `switch` seconds they go to the next page (timed too)."""
    context = await browser.new_context(viewport={"width": 1920, "height": 1080})
    page = await context.new_page()
    who = f"leader {n}"
    tally.watch(page, who)
    await asyncio.sleep(delay)
    await page.goto(f"{base}/")
    await page.wait_for_selector('input[type="password"]', timeout=DRAW_LIMIT_MS)
    form = page.locator('[data-testid="stForm"]')
    await form.locator('input[type="text"]').fill(VIEWER[0])
    await form.locator('input[type="password"]').fill(VIEWER[1])
    await form.locator('[data-testid="stFormSubmitButton"] button').click()
    # Signed in when the navigation lists the pages (before, it holds the sign-in page alone).
    await page.wait_for_selector(
        f'[data-testid="stSidebarNav"] a[href="{base}/{PAGES[-1]}"]', timeout=DRAW_LIMIT_MS
    )
    await drawn(page, tally, who, RENDERED)
    # Each leader starts one page further on; the first page is the one signing in lands on.
    order = PAGES[1 + n % (len(PAGES) - 1) :] + PAGES[: 1 + n % (len(PAGES) - 1)]
    for name in itertools.cycle(order):
        if time.monotonic() >= until:
            break
        # The default page's address is the bare root.
        href = f"{base}/" if name == PAGES[0] else f"{base}/{name}"
        link = page.locator(f'[data-testid="stSidebarNav"] a[href="{href}"]')
        # As a person does: click when the page is not busy, and click again if nothing happened
        # (Streamlit can drop a navigation asked for while a fragment is running).
        await page.wait_for_function(RENDERED, timeout=DRAW_LIMIT_MS)
        before = await page.locator('[data-testid="stMain"] h1').first.text_content()
        started = time.monotonic()
        for _attempt in range(2):
            await link.click()
            try:  # the page switch has begun when the old page's heading is gone
                await page.wait_for_function(HEADING_CHANGED, arg=before, timeout=DRAW_LIMIT_MS / 2)
                break
            except Exception:  # a timeout: clicked again, then counted as an error
                tally.repeated += 1
        else:
            tally.errors.append(f"{who}: {name} did not open within {DRAW_LIMIT_MS // 1000} s")
            continue
        if not await drawn(page, tally, who, RENDERED):
            continue
        tally.add(f"switch to {name}", (time.monotonic() - started) * 1000)
        await page.evaluate(RUN_TIMER)
        stay = min(switch, until - time.monotonic())
        while stay > 0:
            await asyncio.sleep(min(5, stay))
            stay -= 5
            if await page.locator('[data-testid="stException"]').count():
                tally.errors.append(f"{who}: exception shown on {name}")
        runs = await page.evaluate("() => window.__runs")
        for _, ms in runs["done"]:
            tally.add(f"page {name}", ms)
    await context.close()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def run(
    base: str, token: str, viewers: int, minutes: float, switch: float, browsers: int, ramp: float
) -> Tally:
    tally = Tally()
    async with async_playwright() as p:
        chromiums = [
            await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS) for _ in range(browsers)
        ]
        # Viewers arrive one after another over the ramp, then all of them stay for `minutes`.
        until = time.monotonic() + ramp + minutes * 60
        tasks = []
        for n in range(viewers):
            browser = chromiums[n % browsers]
            delay = n * ramp / viewers
            if n % 2 == 0:
                tasks.append(wall_viewer(browser, base, token, n // 2, delay, until, tally))
            else:
                tasks.append(page_viewer(browser, base, n // 2, delay, until, switch, tally))
        await asyncio.gather(*tasks)
        for b in chromiums:
            await b.close()
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="", help="a database to serve (default: a new demo city in SQLite)")
    parser.add_argument("--viewers", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--switch", type=float, default=60, help="seconds a page viewer stays on each page")
    parser.add_argument("--browsers", type=int, default=2, help="Chromium processes the viewers share")
    parser.add_argument(
        "--ramp", type=float, default=60, help="seconds over which the viewers arrive, one after another"
    )
    args = parser.parse_args()

    url = args.db
    if not url:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='concurrency-')) / 'city.db'}"
        engine = make_engine(url)
        initialise(engine)
        generate_city(engine, seed=7, today=datetime(2027, 3, 15, 20, 45))
    engine = make_engine(url)
    initialise(engine)
    now = wall_now()
    with engine.begin() as conn:
        remove_account(conn, VIEWER[0])
        add_account(conn, VIEWER[0], "压力测试", "leader", VIEWER[1], now)
        token = issue_wall_token(conn, "压力测试大屏", now)
    engine.dispose()
    server = Server(url)
    try:
        started = time.monotonic()
        rss_before = rss_mb(server.process.pid)
        tally = asyncio.run(
            run(server.url, token, args.viewers, args.minutes, args.switch, args.browsers, args.ramp)
        )
        seconds = time.monotonic() - started
        rss_after = rss_mb(server.process.pid)
    finally:
        server.stop()
    everything = [
        ms
        for kind, times in tally.times.items()
        if kind != "wall first load" and not kind.startswith("switch")
        for ms in times
    ]
    print(
        f"\n{args.viewers} viewers ({(args.viewers + 1) // 2} walls, {args.viewers // 2} signed-in pages), "
        f"arriving over {args.ramp:g} s, {seconds / 60:.1f} min in all, a page switch every {args.switch:g} s, database {engine.url.render_as_string(hide_password=True)}"
    )
    print(f"{'screen':<18} {'refreshes':>9} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    for kind, times in sorted(tally.times.items()):
        print(
            f"  {kind:<16} {len(times):>9} {statistics.median(times):>10.0f} "
            f"{percentile(times, 95):>8.0f} {max(times):>8.0f}"
        )
    if everything:
        print(
            f"  {'all refreshes':<16} {len(everything):>9} {statistics.median(everything):>10.0f} "
            f"{percentile(everything, 95):>8.0f} {max(everything):>8.0f}"
        )
    print(f"navigation clicks repeated after 15 s without effect: {tally.repeated}")
    print(f"server memory {rss_before:.0f} -> {rss_after:.0f} MB resident")
    print(f"errors {len(tally.errors)}")
    for e in tally.errors[:20]:
        print(f"  {e}")
    return 0 if not tally.errors and everything else 1


if __name__ == "__main__":
    raise SystemExit(main())
