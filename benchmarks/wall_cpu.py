"""CPU a wall costs its browser and the server: one wall at a time in Debian's Chromium for a minute.

    python benchmarks/wall_cpu.py [--db URL] [--seconds 60] [--screens overview,complaints,rotation]

`rotation` is the wall's own playlist; any other name holds that one screen. Prints the share of
one core used by all Chromium processes and by the dashboard process over the minute, read from
/proc. A script that prints figures, not a timed test.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from campaign.auth import issue_wall_token
from campaign.bootstrap import initialise
from campaign.db import make_engine
from campaign.localtime import wall_now
from sample_data.city import generate_city
from scripts.dashboard_server import Server
from scripts.screenshots import CHROMIUM, CHROMIUM_ARGS
from scripts.wall_probe import DRAWN

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process has ended
            continue
        total += (int(fields[11]) + int(fields[12])) / TICK
    return total


def chromium_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if b"chromium" in (entry / "cmdline").read_bytes():
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="", help="a database to serve (default: a new demo city in SQLite)")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--screens", default="overview,complaints,roster,sites,targets,rotation")
    args = parser.parse_args()
    url = args.db
    if not url:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='wall-cpu-')) / 'city.db'}"
    engine = make_engine(url)
    initialise(engine)
    if not args.db:
        generate_city(engine, seed=7, today=datetime(2027, 3, 15, 20, 45))
    with engine.begin() as conn:
        token = issue_wall_token(conn, "CPU probe", wall_now())
    engine.dispose()
    server = Server(url)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for screen in args.screens.split(","):
                page = browser.new_page(viewport={"width": 1920, "height": 1080})
                held = "" if screen == "rotation" else f"&screens={screen}:{int(args.seconds) * 10}"
                page.goto(f"{server.url}/wall?token={token}{held}")
                page.wait_for_function(DRAWN, timeout=60_000)
                page.wait_for_timeout(5_000)  # past the first drawing
                browsers, served = chromium_pids(), [server.process.pid]
                before = cpu_seconds(browsers), cpu_seconds(served)
                page.wait_for_timeout(args.seconds * 1000)
                after = cpu_seconds(browsers), cpu_seconds(served)
                share = [100 * (a - b) / args.seconds for a, b in zip(after, before, strict=True)]
                print(
                    f"{screen:<12} browser {share[0]:5.1f} %  server {share[1]:5.1f} %  of one core",
                    flush=True,
                )
                page.close()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
