"""Benchmark: every screen's data at a province's scale, on SQLite and PostgreSQL, against the
naive approach (read the complaint table into pandas and group it there).

    python benchmarks/scale.py [--sizes 1000000,10000000] [--postgres URL] [--runs 5] [--import-rows N]

For each database and size: the province is generated (`sample --scale province`), then the
median time of each screen's data with no cache, of one wall refresh (all five wall screens'
reads), of importing N rows from a GBK CSV into a fresh database, and the naive approach's time
for the 12315 screen's figures, with the ratio. A script that prints a table, not a timed test.
The PostgreSQL database named by --postgres is emptied (its public schema replaced).
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd
from sqlalchemy import text

from benchmarks.complaints_screen import median_ms
from campaign.bootstrap import initialise
from campaign.campaigns import current_campaign
from campaign.coverage import coverage_day, offices_uncovered_at
from campaign.db import make_engine
from campaign.importing.complaints import ComplaintsImport
from campaign.importing.runner import run_import
from campaign.targets import progress_as_of
from queries import cases, complaints, roster, sites
from queries import wall as wall_queries
from queries.alerts import alerts
from queries.complaints import Filters
from queries.overview import overview
from sample_data.province import generate_province

NOW = datetime(2027, 3, 15, 20, 45)
TODAY = Filters(NOW.date(), NOW.date())
MONTH = Filters(date(2027, 3, 1), NOW.date())


def complaint_screen(f: Filters) -> Callable:
    """What the 12315 screen reads for one set of filters (pages/complaints.py: figures + cases)."""
    minutes = 15 if f.first_day == f.last_day else 60

    def read(conn):
        complaints.volume_by_time(conn, f, minutes, NOW)
        complaints.volume_by_time(conn, f.a_year_earlier(), minutes)
        complaints.count(conn, f, until=NOW)
        complaints.last_hour(conn, f, NOW)
        complaints.usual_for_hour(conn, f, NOW)
        for column in ("kind", "channel", "category"):
            complaints.breakdown(conn, f, column, NOW)
        complaints.by_office(conn, f, NOW)
        complaints.rates(conn, f, NOW)
        complaints.gala_transfers(conn, f, NOW)
        cases.count_cases(conn, f, NOW)
        cases.cases_page(conn, f, NOW, 1, 50)

    return read


def screens(campaign) -> dict[str, Callable]:
    return {
        "overview": lambda c: (overview(c, campaign, NOW, 1), alerts(c, campaign, NOW, 1)),
        "12315, gala day": complaint_screen(TODAY),
        "12315, 1-15 March": complaint_screen(MONTH),
        "duty roster": lambda c: (
            coverage_day(c, campaign, NOW.date(), 1),
            offices_uncovered_at(c, campaign, NOW, 1),
            roster.on_duty_at(c, NOW),
        ),
        "sites map": lambda c: (sites.sites_as_of(c, NOW), sites.totals_by_office(c, NOW)),
        "targets": lambda c: progress_as_of(c, NOW.date()),
        "wall refresh (5 screens)": lambda c: (
            overview(c, campaign, NOW, 1),
            wall_queries.complaints_wall(c, campaign, NOW, TODAY),
            wall_queries.roster_wall(c, campaign, NOW, 1),
            wall_queries.sites_wall(c, NOW),
            wall_queries.targets_wall(c, NOW),
            alerts(c, campaign, NOW, 1),
        ),
    }


def naive_complaint_screen(f: Filters) -> Callable:
    """The same figures the way a quick dashboard computes them: the whole table into pandas."""

    def read(conn):
        frame = pd.read_sql(
            text("SELECT * FROM complaint"), conn, parse_dates=["received_at", "closed_at", "due_at"]
        )
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

    return read


def fresh(url: str) -> object:
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    initialise(engine)
    return engine


def gbk_csv(engine, rows: int, path: Path) -> None:
    """`rows` requests exported as a 12315 file in GBK, with Chinese headers."""
    zh = [c.zh for c in ComplaintsImport.columns]
    from campaign.strings import label

    query = text(
        "SELECT c.ticket_no, c.kind, c.channel, c.received_at, o.code, c.category, c.business, c.amount_fen, "
        "c.status, c.closed_at, c.outcome, c.recovered_fen, c.consumer_name, c.consumer_phone, c.site_name, "
        "c.handler FROM complaint c JOIN office o ON o.id = c.office_id ORDER BY c.id LIMIT :n"
    )
    with engine.connect() as conn, path.open("w", encoding="gbk", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(zh)
        for r in conn.execute(query, {"n": rows}):
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
        offices = pd.read_sql(text("SELECT id, code, name, parent_id, level FROM office ORDER BY id"), conn)
    with target.begin() as conn:
        offices.to_sql("office", conn, if_exists="append", index=False)
    started = time.perf_counter()
    with target.begin() as conn:
        run_import(conn, ComplaintsImport(), path)
    seconds = time.perf_counter() - started
    target.dispose()
    return seconds


def bench(
    label: str, url: str, import_url: str, size: int, runs: int, import_rows: int, folder: Path
) -> dict:
    engine = fresh(url)
    summary = generate_province(engine, seed=1, today=NOW, complaints=size)
    with engine.connect() as conn:
        campaign = current_campaign(conn)
    results = {"generated s": summary["seconds"], "complaints": summary["complaints"]}
    print(
        f"\n## {label}: {summary['complaints']:,} requests, {summary['offices']:,} offices "
        f"(generated in {summary['seconds']:.0f} s)",
        flush=True,
    )
    print(f"{'screen data (no cache)':<28} {'median ms':>10}")
    for name, read in screens(campaign).items():
        results[name] = median_ms(engine, read, runs)
        print(f"  {name:<26} {results[name]:>10.1f}", flush=True)
    naive = median_ms(engine, naive_complaint_screen(TODAY), 1)
    results["naive 12315, gala day"] = naive
    ratio = naive / results["12315, gala day"]
    print(f"  {'naive 12315, gala day':<26} {naive:>10.1f}   (ours {ratio:,.0f}x faster)", flush=True)
    if import_rows:
        seconds = import_seconds(engine, import_url, min(import_rows, summary["complaints"]), folder)
        results["import s"] = seconds
        print(
            f"  import {min(import_rows, summary['complaints']):,} rows from GBK CSV: {seconds:.1f} s",
            flush=True,
        )
    engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000000")
    parser.add_argument("--postgres", help="a PostgreSQL database to use (emptied)")
    parser.add_argument("--postgres-import", help="a second PostgreSQL database for the import (emptied)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    for size in (int(s) for s in args.sizes.split(",")):
        bench(
            f"SQLite, {size:,}",
            f"sqlite:///{folder / f's{size}.db'}",
            f"sqlite:///{folder / 'import.db'}",
            size,
            args.runs,
            args.import_rows,
            folder,
        )
        if args.postgres:
            bench(
                f"PostgreSQL, {size:,}",
                args.postgres,
                args.postgres_import or "",
                size,
                args.runs,
                args.import_rows if args.postgres_import else 0,
                folder,
            )
    print(f"\n(databases and the CSV in {folder})")


if __name__ == "__main__":
    main()
