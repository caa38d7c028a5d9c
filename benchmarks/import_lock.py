"""How long a sign-in waits for SQLite's write lock while a large 12315 file is imported.

    .venv/bin/python benchmarks/import_lock.py                 # 300,000 requests
    .venv/bin/python benchmarks/import_lock.py --rows 100000

The file is imported twice into a fresh demo city, on a thread: once as the import now writes on
SQLite (chunks staged outside the database file, merged once at the end) and once as it wrote
before (each chunk merged as it came, holding the lock from the first chunk on). Meanwhile a sign-in's
write (a session row, as signing in writes one) is tried every half second on its own connection,
with the engine's 30 s busy timeout; the longest and median waits, the failures and the import's
own time are printed for both ways, in the same run. A script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from campaign.bootstrap import initialise
from campaign.db import make_engine
from campaign.importing import streaming
from campaign.importing.complaints import ComplaintsImport
from campaign.importing.runner import run_import
from sample_data.city import generate_city

HEADER = ["受理编号", "诉求类型", "来源渠道", "登记时间", "承办单位", "商品服务类别", "涉及金额", "处理状态"]
NOW = datetime(2027, 3, 15, 20, 45)
PASSWORD = "a-long-bench-password"


def write_file(path: Path, rows: int, offices: list[str], prefix: str) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        start = datetime(2027, 3, 1)
        for n in range(rows):
            at = start + timedelta(seconds=n * 4)
            writer.writerow(
                [
                    f"{prefix}{n:08d}",
                    "投诉",
                    "12315热线",
                    f"{at:%Y-%m-%d %H:%M:%S}",
                    offices[n % len(offices)],
                    "食品",
                    "12.50",
                    "待受理",
                ]
            )


def sign_in_write(url: str) -> float:
    """One sign-in as the form makes it: the password checked (its counter written), then the
    session opened; the seconds it took, waiting included."""
    from campaign.auth import open_session, sign_in

    engine = make_engine(url)
    started = time.perf_counter()
    try:
        with engine.begin() as conn:
            if sign_in(conn, "bench", PASSWORD, NOW).viewer is None:
                raise RuntimeError("refused")
            open_session(conn, "bench", NOW)
        return time.perf_counter() - started
    finally:
        engine.dispose()


def run(url: str, path: Path, merge_each: bool) -> dict:
    original = streaming.ChunkWriter.__init__

    def init(self, conn, spec):
        original(self, conn, spec)
        self.merge_each = merge_each

    streaming.ChunkWriter.__init__ = init
    engine = make_engine(url)
    done = threading.Event()
    took: dict[str, float] = {}

    def importing() -> None:
        started = time.perf_counter()
        with engine.begin() as conn:
            run_import(conn, ComplaintsImport(), path)
        took["import"] = time.perf_counter() - started
        done.set()

    thread = threading.Thread(target=importing)
    thread.start()
    waits, failures = [], 0
    while not done.is_set():
        try:
            waits.append(sign_in_write(url))
        except Exception:
            failures += 1
        time.sleep(0.5)
    thread.join()
    streaming.ChunkWriter.__init__ = original
    engine.dispose()
    return {
        "import_s": took.get("import", float("nan")),
        "sign_ins": len(waits) + failures,
        "failed": failures,
        "longest_wait_s": max(waits, default=0.0),
        "median_wait_s": statistics.median(waits) if waits else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/lock.db"
        engine = make_engine(url)
        initialise(engine)
        generate_city(engine, seed=7, today=NOW, volume=0.05)
        from campaign.auth import add_account

        with engine.begin() as conn:
            add_account(conn, "bench", "基准", "leader", PASSWORD, NOW)
            offices = list(conn.execute(text("SELECT name FROM office WHERE level = 'station'")).scalars())
        engine.dispose()
        print(f"{args.rows:,} requests, a sign-in's write tried every 0.5 s during the import (SQLite)")
        for label, merge_each, prefix in (
            ("merged once (now)", False, "A"),
            ("merged per chunk (before)", True, "B"),
        ):
            path = Path(folder) / f"{prefix}.csv"
            write_file(path, args.rows, offices, prefix)
            r = run(url, path, merge_each)
            print(
                f"{label:28} import {r['import_s']:6.1f} s · sign-ins {r['sign_ins']:3d}, failed {r['failed']}"
                f" · longest wait {r['longest_wait_s']:5.2f} s, median {r['median_wait_s']:5.3f} s"
            )


if __name__ == "__main__":
    main()
