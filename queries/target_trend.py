"""One office's target actuals at the end of each day, in one pass: queries.target_actuals'
rules applied to the office's own rows, each read once (not every query once per day)."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Connection, Float, cast, func, select

from campaign.metrics import METRICS
from campaign.schema import Complaint, ProgressReport, RollupDayOffice, Site, Tally, Target
from campaign.sqltime import date_of
from campaign.targets import end_of
from campaign.vocabulary import CASE_KINDS

target = Target.__table__
site = Site.__table__
tally = Tally.__table__
complaint = Complaint.__table__
progress = ProgressReport.__table__
rollup = RollupDayOffice.__table__


def _day(value) -> date:
    """A date as either database returns date_of / a Date column."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _site_series(conn: Connection, office_id: int, last: date) -> tuple[list, dict]:
    """The office's sites (id, start) and each site's tallies in time order."""
    sites = conn.execute(
        select(site.c.id, site.c.start_at).where(
            site.c.office_id == office_id, site.c.start_at <= end_of(last)
        )
    ).all()
    tallies: dict[int, list] = defaultdict(list)
    for site_id, at, *counts in conn.execute(
        select(tally.c.site_id, tally.c.reported_at, tally.c.staff, tally.c.consultations, tally.c.materials)
        .join(site, site.c.id == tally.c.site_id)
        .where(site.c.office_id == office_id, tally.c.reported_at <= end_of(last))
        .order_by(tally.c.site_id, tally.c.reported_at)
    ):
        tallies[site_id].append((at, counts))
    return sites, tallies


def _latest(series: list, moment) -> list | None:
    """The counts of the last entry reported by `moment` in a time-ordered series."""
    n = bisect_right([at for at, _ in series], moment)
    return series[n - 1][1] if n else None


def _complaint_days(conn: Connection, office_id: int, since: date, last: date) -> tuple[dict, dict]:
    """By day from `since`: (cases closed that day, fen recovered that day, cases received that day);
    and cases still closed now by (day received, day closed) — closures come later than receipts."""
    by_day = {
        _day(d): (closed, fen, cases)
        for d, closed, fen, cases in conn.execute(
            select(rollup.c.day, rollup.c.closed_on_day, rollup.c.recovered_on_day, rollup.c.cases).where(
                rollup.c.office_id == office_id, rollup.c.day >= since, rollup.c.day <= last
            )
        )
    }
    received, closed = date_of(complaint.c.received_at), date_of(complaint.c.closed_at)
    pairs = {
        (_day(r), _day(c)): n
        for r, c, n in conn.execute(
            select(received, closed, func.count())
            .where(
                complaint.c.office_id == office_id,
                complaint.c.received_at >= datetime.combine(since, time()),
                complaint.c.received_at <= end_of(last),
                complaint.c.kind.in_(CASE_KINDS),
                complaint.c.status == "closed",
                complaint.c.closed_at.is_not(None),
            )
            .group_by(received, closed)
        )
    }
    return by_day, pairs


def _progress_series(conn: Connection, office_id: int, last: date) -> dict[str, list]:
    """The office's progress reports per metric in time order (the largest value of a moment)."""
    series: dict[str, list] = defaultdict(list)
    for metric, at, value in conn.execute(
        select(progress.c.metric, progress.c.reported_at, func.max(cast(progress.c.value, Float)))
        .where(progress.c.office_id == office_id, progress.c.reported_at <= end_of(last))
        .group_by(progress.c.metric, progress.c.reported_at)
        .order_by(progress.c.metric, progress.c.reported_at)
    ):
        series[metric].append((at, value))
    return series


def trend(conn: Connection, office_id: int, first: date, last: date) -> pd.DataFrame:
    """The office's actual of each target at the end of each day first..last: id, day, actual."""
    targets = conn.execute(
        select(target.c.id, target.c.metric, target.c.start_date, target.c.due_date).where(
            target.c.office_id == office_id
        )
    ).all()
    days = [first + timedelta(days=k) for k in range((last - first).days + 1)]
    if not targets or not days:
        return pd.DataFrame(columns=["id", "day", "actual"])
    sources = {METRICS[m].source for _, m, _, _ in targets}
    sites, tallies = _site_series(conn, office_id, last) if sources & {"sites", "tallies"} else ([], {})
    since = min(start for _, _, start, _ in targets)
    by_day, pairs = _complaint_days(conn, office_id, since, last) if "complaints" in sources else ({}, {})
    reports = _progress_series(conn, office_id, last) if "progress" in sources else {}
    rows = []
    for target_id, metric, start, due in targets:
        source = METRICS[metric].source
        for day in days:
            until = min(due, day)
            if source in ("sites", "tallies"):
                mine = [i for i, at in sites if start <= at.date() <= until and at <= end_of(day)]
                if source == "sites":
                    actual = float(len(mine))
                else:
                    column = ("staff", "consultations", "materials").index(metric)
                    latest = (_latest(tallies.get(i, []), end_of(day)) for i in mine)
                    actual = float(sum(counts[column] for counts in latest if counts))
            elif source == "complaints":
                span = [
                    by_day.get(start + timedelta(days=k), (0, 0, 0)) for k in range((until - start).days + 1)
                ]
                if metric == "complaints_closed":
                    actual = float(sum(s[0] for s in span))
                elif metric == "recovered":
                    actual = sum(s[1] for s in span) / 100
                else:
                    cases = sum(s[2] for s in span)
                    closed = sum(n for (r, c), n in pairs.items() if start <= r <= until and c <= day)
                    actual = 100.0 * closed / cases if cases else 0.0
            else:
                latest = [
                    v
                    for at, v in reports.get(metric, [])
                    if start <= at.date() <= until and at <= end_of(day)
                ]
                actual = float(latest[-1]) if latest else 0.0
            rows.append((target_id, day, actual))
    return pd.DataFrame(rows, columns=["id", "day", "actual"])
