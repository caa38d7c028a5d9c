"""Benchmark: every screen's data at a province's scale, on SQLite and PostgreSQL, against the
naive approach (read the complaint table into pandas and group it there).

    python benchmarks/scale.py --sizes 1000000,10000000 --dir /tmp/bench --reuse \\
        --postgres postgresql://postgres@127.0.0.1:5432/bench1m,postgresql://postgres@127.0.0.1:5432/bench10m \\
        --postgres-import postgresql://postgres@127.0.0.1:5432/bench_import

For each database and size: the province is generated (`python -m sample_data sample --scale province`; `--reuse` keeps
one already there), then the median time of each screen's data with no cache, of one wall
refresh (the slowest wall screen's reads with the alerts: a wall reads the screen on show) and
of all five wall screens, and the naive approach's time for the same screen (its tables loaded
whole into pandas and grouped there) with the ratio; a screen reading no complaints (the roster),
whose naive way takes under a second, has it measured as often as ours and in turn with it. After
the largest size, the time to import N rows from a GBK CSV into a fresh database. A script that prints a table, not a
timed test. The PostgreSQL databases named are emptied (their public schema replaced) unless reused.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd
from sqlalchemy.exc import SAWarning

from benchmarks.complaints_screen import median_ms
from campaign.bootstrap import initialise
from campaign.campaigns import current_campaign
from campaign.db import drop_postgres_schema, make_engine
from campaign.importing.complaints import ComplaintsImport
from campaign.importing.runner import run_import
from campaign.lookups import complaint_count
from queries import cases, roster, sites
from queries import targets as target_queries
from queries import wall as wall_queries
from queries.alerts import alerts
from queries.cases import stored_requests
from queries.complaint_figures import complaints_screen
from queries.complaints import Filters
from queries.overview import overview
from sample_data.province import generate_province

NOW = datetime(2027, 3, 15, 20, 45)
TODAY = Filters(NOW.date(), NOW.date())
MONTH = Filters(date(2027, 3, 1), NOW.date())


def complaint_screen(f: Filters) -> Callable:
    """What the 12315 screen reads for one set of filters (pages/complaints.py: figures + cases)."""

    def read(conn):
        complaints_screen(conn, f, NOW, None)
        cases.count_cases(conn, f, NOW)
        cases.cases_page(conn, f, NOW, 1, 50)

    return read


def screens(campaign) -> dict[str, Callable]:
    return {
        "overview": lambda c: (overview(c, campaign, NOW, 1), alerts(c, campaign, NOW, 1)),
        "12315, gala day": complaint_screen(TODAY),
        "12315, 1-15 March": complaint_screen(MONTH),
        "duty roster": lambda c: roster.roster_now(c, campaign, NOW.date(), NOW, 1),
        "sites map": lambda c: (sites.sites_as_of(c, NOW), sites.totals_by_office(c, NOW)),
        "targets": lambda c: target_queries.targets_page(c, NOW.date()),
        "wall, all 5 screens": lambda c: (
            overview(c, campaign, NOW, 1),
            wall_queries.complaints_wall(c, campaign, NOW, TODAY),
            roster.roster_wall(c, campaign, NOW, 1),
            sites.sites_wall(c, NOW),
            target_queries.targets_wall(c, NOW),
            alerts(c, campaign, NOW, 1),
        ),
    }


def wall_screens(campaign) -> dict[str, tuple[Callable, str]]:
    """What one wall refresh reads: the screen on show (ui.wall_reads) and the alerts; with the page
    screen whose naive time stands for it."""

    def with_alerts(read):
        return lambda c: (read(c), alerts(c, campaign, NOW, 1))

    return {
        "overview": (
            with_alerts(
                lambda c: (
                    overview(c, campaign, NOW, 1),
                    wall_queries.complaints_wall(c, campaign, NOW, TODAY),
                )
            ),
            "overview",
        ),
        "complaints": (
            with_alerts(lambda c: wall_queries.complaints_wall(c, campaign, NOW, TODAY)),
            "12315, gala day",
        ),
        "roster": (with_alerts(lambda c: roster.roster_wall(c, campaign, NOW, 1)), "duty roster"),
        "sites": (with_alerts(lambda c: sites.sites_wall(c, NOW)), "sites map"),
        "targets": (with_alerts(lambda c: target_queries.targets_wall(c, NOW)), "targets"),
    }


# The tables each screen reads; the naive approach loads each of them whole into pandas.
NAIVE_TABLES = {
    "overview": ("complaint", "shift", "site", "tally", "target"),
    "12315, gala day": ("complaint",),
    "12315, 1-15 March": ("complaint",),
    "duty roster": ("office", "shift"),
    "sites map": ("site", "tally", "complaint"),
    "targets": ("target", "complaint", "site", "tally", "progress_report"),
    "wall, all 5 screens": (
        "complaint",
        "office",
        "shift",
        "site",
        "tally",
        "target",
        "progress_report",
    ),
}


def naive_complaint_figures(frame: pd.DataFrame, f: Filters) -> None:
    """The 12315 figures the way a quick dashboard computes them, from the whole table in memory."""
    scoped = frame[(frame["received_at"] >= f.start) & (frame["received_at"] < min(f.end, NOW))]
    scoped.groupby(scoped["received_at"].dt.floor("15min")).size()
    for column in ("kind", "channel", "category", "office_id"):
        scoped.groupby(column).size()
    is_open = scoped["kind"].isin(["complaint", "report"]) & scoped["status"].isin(
        ["pending", "accepted", "handling"]
    )
    scoped[is_open].groupby("office_id").size()
    scoped[is_open & (scoped["due_at"] <= NOW)].groupby("office_id").size()
    scoped.sort_values("received_at").tail(50)


def naive_coverage(frames: dict[str, pd.DataFrame]) -> None:
    """People on shift per office in each duty hour of the day, in pandas."""
    shifts = frames["shift"]
    for hour in range(8, 24):
        at = datetime.combine(NOW.date(), datetime.min.time()).replace(hour=hour)
        shifts[(shifts["start_at"] <= at) & (shifts["end_at"] > at)].groupby("office_id")[
            "person_name"
        ].nunique()


NAIVE_WORK = {
    "overview": lambda fr: naive_complaint_figures(fr["complaint"], TODAY),
    "12315, gala day": lambda fr: naive_complaint_figures(fr["complaint"], TODAY),
    "12315, 1-15 March": lambda fr: naive_complaint_figures(fr["complaint"], MONTH),
    "duty roster": naive_coverage,
    "sites map": lambda fr: fr["complaint"].groupby(["site_name", "office_id"]).size(),
    "targets": lambda fr: (
        fr["complaint"].groupby(["office_id", fr["complaint"]["received_at"].dt.date]).size()
    ),
    "wall, all 5 screens": lambda fr: (
        naive_complaint_figures(fr["complaint"], TODAY),
        naive_coverage(fr),
    ),
}


DATES = ["received_at", "closed_at", "due_at", "start_at", "end_at", "reported_at"]


def load_table(conn, table: str) -> pd.DataFrame:
    """A table read whole into pandas, its timestamps parsed: the naive way's first step."""
    with warnings.catch_warnings():  # reflection skips the expression indexes, which a load does not need
        warnings.simplefilter("ignore", SAWarning)
        frame = pd.read_sql_table(table, conn)
    for column in set(DATES) & set(frame.columns):
        frame[column] = pd.to_datetime(frame[column], format="mixed")
    return frame


def naive_times(engine) -> dict[str, float]:
    """Per screen, ms: loading its tables whole (each table read once, its time counted for every
    screen that needs it) plus grouping them in pandas. A lower bound of the naive way."""
    frames, load_ms = {}, {}
    with engine.connect() as conn:
        for table in sorted({t for tables in NAIVE_TABLES.values() for t in tables}):
            started = time.perf_counter()
            frames[table] = load_table(conn, table)
            load_ms[table] = (time.perf_counter() - started) * 1000
    times = {}
    for screen, tables in NAIVE_TABLES.items():
        started = time.perf_counter()
        NAIVE_WORK[screen](frames)
        times[screen] = sum(load_ms[t] for t in tables) + (time.perf_counter() - started) * 1000
    return times


def in_child(function: Callable, *args):
    """`function(*args)` run in a fresh process: the naive way's frames (13 GB at 10 M requests)
    and an import's million rows are given back to the system when it ends, instead of staying
    with this process and crowding the databases' pages out of memory for the measurements after."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(function, *args).result()


def naive_times_of(url: str) -> dict[str, float]:
    engine = make_engine(url)
    try:
        return naive_times(engine)
    finally:
        engine.dispose()


def import_seconds_of(source_url: str, url: str, rows: int, folder: Path) -> float:
    source = make_engine(source_url)
    try:
        return import_seconds(source, url, rows, folder)
    finally:
        source.dispose()


def paired_ms(engine, read: Callable, screen: str, runs: int) -> tuple[float, float]:
    """For a screen whose naive way is cheap (it reads no complaints): ours and the naive way
    measured in turn, `runs` times each, their medians; side by side, so a drift of the machine's
    speed over minutes moves both."""
    ours, naive = [], []
    with engine.connect() as conn:
        read(conn)  # warm the connection and the database's page cache, as median_ms does
        for _ in range(runs):
            started = time.perf_counter()
            read(conn)
            ours.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            NAIVE_WORK[screen]({t: load_table(conn, t) for t in NAIVE_TABLES[screen]})
            naive.append((time.perf_counter() - started) * 1000)
    return statistics.median(ours), statistics.median(naive)


def fresh(url: str) -> object:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    engine = make_engine(url)
    drop_postgres_schema(engine)
    initialise(engine)
    return engine


def gbk_csv(engine, rows: int, path: Path) -> None:
    """`rows` requests exported as a 12315 file in GBK, with Chinese headers."""
    zh = [c.zh for c in ComplaintsImport.columns]
    from campaign.strings import label

    with engine.connect() as conn, path.open("w", encoding="gbk", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(zh)
        for r in stored_requests(conn, rows):
            writer.writerow(
                [
                    r[0],
                    label("kind", r[1]),
                    label("channel", r[2]),
                    f"{r[3]:%Y-%m-%d %H:%M:%S}" if isinstance(r[3], datetime) else str(r[3])[:19],
                    r[4],
                    r[5] or "",
                    r[6] or "",
                    "" if r[7] is None else f"{r[7] / 100:.2f}",
                    label("status", r[8]),
                    "" if r[9] is None else str(r[9])[:19],
                    label("outcome", r[10]) if r[10] else "",
                    "" if r[11] is None else f"{r[11] / 100:.2f}",
                    r[12] or "",
                    r[13] or "",
                    r[14] or "",
                    r[15] or "",
                ]
            )


def import_seconds(source, url: str, rows: int, folder: Path) -> float:
    """Seconds to import `rows` requests from a GBK CSV into a database holding only the offices."""
    path = folder / "12315.csv"
    gbk_csv(source, rows, path)
    target = fresh(url)
    with source.connect() as conn:
        offices = pd.read_sql_table("office", conn, columns=["id", "code", "name", "parent_id", "level"])
    with target.begin() as conn:
        offices.to_sql("office", conn, if_exists="append", index=False)
    started = time.perf_counter()
    with target.begin() as conn:
        run_import(conn, ComplaintsImport(), path)
    seconds = time.perf_counter() - started
    target.dispose()
    return seconds


def province(url: str, size: int, reuse: bool):
    """The engine of a database holding a province of `size` requests, generated unless `reuse`
    finds one there already; and the generation's seconds (None when reused)."""
    if reuse:
        engine = make_engine(url)
        try:
            with engine.connect() as conn:
                held = complaint_count(conn)
        except Exception:
            held = 0
        if held >= 0.99 * size:
            initialise(engine)
            return engine, None, held
    engine = fresh(url)
    summary = generate_province(engine, seed=1, today=NOW, complaints=size)
    return engine, summary["seconds"], summary["complaints"]


def bench(
    label: str, url: str, import_url: str, size: int, runs: int, import_rows: int, folder: Path, reuse: bool
):
    engine, seconds, held = province(url, size, reuse)
    with engine.connect() as conn:
        campaign = current_campaign(conn)
    made = "reused" if seconds is None else f"generated in {seconds:.0f} s"
    print(f"\n## {label}: {held:,} requests ({made})", flush=True)
    results, paired = {}, {}
    for name, read in screens(campaign).items():
        if "complaint" in NAIVE_TABLES[name]:
            results[name] = median_ms(engine, read, runs)
        else:
            results[name], paired[name] = paired_ms(engine, read, name, runs)
    walls = {
        name: (median_ms(engine, read, runs), page) for name, (read, page) in wall_screens(campaign).items()
    }
    slowest = max(walls, key=lambda name: walls[name][0])
    name = f"wall refresh ({slowest})"
    results[name] = walls[slowest][0]
    naive = in_child(naive_times_of, url) | paired
    naive[name] = naive[walls[slowest][1]]
    print(f"{'screen data (no cache)':<28} {'ours ms':>9} {'naive ms':>10} {'faster':>8}")
    for name, ours in results.items():
        print(f"  {name:<26} {ours:>9.1f} {naive[name]:>10.0f} {naive[name] / ours:>7.0f}x", flush=True)
    results = {"ours": results, "naive": naive}
    if import_rows:
        rows = min(import_rows, held)
        results["import s"] = in_child(import_seconds_of, url, import_url, rows, folder)
        print(f"  import {rows:,} rows from GBK CSV: {results['import s']:.1f} s", flush=True)
    engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000000")
    parser.add_argument(
        "--postgres", help="PostgreSQL databases to use, one per size, comma-separated (emptied)"
    )
    parser.add_argument("--postgres-import", help="a PostgreSQL database for the import (emptied)")
    parser.add_argument(
        "--dir", type=Path, help="where the SQLite databases live (default: a new temporary folder)"
    )
    parser.add_argument("--reuse", action="store_true", help="keep a database already holding the size")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument("--only", choices=("sqlite", "postgresql"), help="one database only")
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    postgres = args.postgres.split(",") if args.postgres else []
    if postgres and len(postgres) == 1:
        postgres *= len(sizes)
    for n, size in enumerate(sizes):
        last = n == len(sizes) - 1  # the import is measured once per database, after the largest
        if args.only != "postgresql":
            bench(
                f"SQLite, {size:,}",
                f"sqlite:///{folder / f's{size}.db'}",
                f"sqlite:///{folder / 'import.db'}",
                size,
                args.runs,
                args.import_rows if last else 0,
                folder,
                args.reuse,
            )
        if postgres and args.only != "sqlite":
            bench(
                f"PostgreSQL, {size:,}",
                postgres[n],
                args.postgres_import or "",
                size,
                args.runs,
                args.import_rows if last and args.postgres_import else 0,
                folder,
                args.reuse,
            )
    print(f"\n(SQLite databases and the CSV in {folder})")


if __name__ == "__main__":
    main()
