"""Benchmark: the 12315 screen's queries on the demo city and at 10x its volume.

    python benchmarks/complaints_screen.py [--postgres URL] [--runs 5]

Prints, for each database and volume, the median time of each query the screen makes (cache
off), and of the whole screen. A script that prints figures, not a timed test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from campaign.bootstrap import initialise
from campaign.db import drop_postgres_schema, make_engine
from campaign.lookups import analyze, complaint_count
from queries import cases, complaint_figures, complaints
from queries.complaints import Filters
from sample_data.city import generate_city

NOW = datetime(2027, 3, 15, 20, 45)
VIEWS = {
    "gala day, city": Filters(date(2027, 3, 15), date(2027, 3, 15)),
    "1-15 March, city": Filters(date(2027, 3, 1), date(2027, 3, 15)),
}


def screen_queries(f: Filters):
    minutes = 15 if f.first_day == f.last_day else 60
    return {
        "volume_by_time": lambda c: complaints.volume_by_time(c, f, minutes, NOW),
        "volume_last_year": lambda c: complaints.volume_by_time(c, f.a_year_earlier(), minutes),
        "count": lambda c: complaints.count(c, f, until=NOW),
        "last_hour": lambda c: complaint_figures.last_hour(c, f, NOW),
        "open_cases": lambda c: complaint_figures.open_cases(c, f, NOW),
        "open_by_office": lambda c: complaint_figures.open_by_office(c, f, NOW),
        "breakdown kind": lambda c: complaints.breakdown(c, f, "kind", NOW),
        "breakdown channel": lambda c: complaints.breakdown(c, f, "channel", NOW),
        "breakdown category": lambda c: complaints.breakdown(c, f, "category", NOW, limit=10),
        "by_office": lambda c: complaints.by_office(c, f, NOW),
        "rates": lambda c: complaints.rates(c, f, NOW),
        "gala_transfers": lambda c: complaints.gala_transfers(c, f, NOW),
        "cases count": lambda c: cases.count_cases(c, f, NOW),
        "cases page 1": lambda c: cases.cases_page(c, f, NOW, 1, 50),
        "cases page 100": lambda c: cases.cases_page(c, f, NOW, 100, 50),
    }


def median_ms(engine, query, runs: int) -> float:
    times = []
    with engine.connect() as conn:
        query(conn)  # warm the connection and the database's page cache
        for _ in range(runs):
            started = time.perf_counter()
            query(conn)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def bench(label: str, url: str, volume: float, runs: int) -> None:
    engine = make_engine(url)
    drop_postgres_schema(engine)
    initialise(engine)
    started = time.perf_counter()
    generate_city(engine, seed=7, today=NOW, volume=volume)
    analyze(engine)
    with engine.connect() as conn:
        rows = complaint_count(conn)
    print(f"\n## {label}: {rows:,} complaints (generated in {time.perf_counter() - started:.1f} s)")
    for view, f in VIEWS.items():
        print(f"\n{view:<22} {'median ms':>10}")
        total = 0.0
        for name, query in screen_queries(f).items():
            ms = median_ms(engine, query, runs)
            total += ms
            print(f"  {name:<20} {ms:>10.1f}")
        print(f"  {'whole screen':<20} {total:>10.1f}")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--postgres", help="a PostgreSQL URL to benchmark too (its public schema is replaced)"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--volumes", default="1,10")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-"))
    for volume in (float(v) for v in args.volumes.split(",")):
        bench(
            f"SQLite, {volume:g}x demo volume", f"sqlite:///{folder / f'v{volume:g}.db'}", volume, args.runs
        )
        if args.postgres:
            bench(f"PostgreSQL, {volume:g}x demo volume", args.postgres, volume, args.runs)


if __name__ == "__main__":
    main()
