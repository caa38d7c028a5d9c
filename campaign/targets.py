"""Plan targets: each target's actual value as of a moment, its progress, and its status.

Actuals are computed in SQL, one grouped query per metric source, for every target at once.
The progress arithmetic is pure and follows formats.md: pct_done = actual / target; pct_expected
= days elapsed to the end of the as-of date / days in start..due (inclusive), within 0..100
(100 for a rate); done when actual >= target, on track when pct_done >= pct_expected.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Connection, Float, and_, case, cast, func, select

from campaign.metrics import METRICS
from campaign.schema import Complaint, Office, ProgressReport, Site, Target
from campaign.sqltime import date_of
from campaign.tallies import latest_tallies
from campaign.vocabulary import CASE_KINDS

target = Target.__table__
site = Site.__table__
complaint = Complaint.__table__
progress = ProgressReport.__table__
office = Office.__table__


def end_of(day: date) -> datetime:
    """The last stored moment of an as-of date (timestamps are kept to the second)."""
    return datetime.combine(day, time(23, 59, 59))


def _within_target(moment_column) -> list:
    return [date_of(moment_column) >= target.c.start_date, date_of(moment_column) <= target.c.due_date]


def _only(office_ids: list[int] | None) -> list:
    return [] if office_ids is None else [target.c.office_id.in_(office_ids)]


def _site_actuals(conn: Connection, as_of: datetime, office_ids: list[int] | None = None) -> dict[int, float]:
    """events: sites of the office starting within the dates; tally metrics: their latest tallies."""
    latest = latest_tallies(as_of)
    tally_value = case(
        (target.c.metric == "staff", latest.c.staff),
        (target.c.metric == "consultations", latest.c.consultations),
        (target.c.metric == "materials", latest.c.materials),
        else_=0,
    )
    value = case((target.c.metric == "events", 1), else_=func.coalesce(tally_value, 0))
    rows = conn.execute(
        select(target.c.id, func.sum(value))
        .select_from(
            target.join(
                site,
                and_(
                    site.c.office_id == target.c.office_id,
                    site.c.start_at <= as_of,
                    *_within_target(site.c.start_at),
                ),
            ).outerjoin(latest, latest.c.site_id == site.c.id)
        )
        .where(target.c.metric.in_(("events", "staff", "consultations", "materials")), *_only(office_ids))
        .group_by(target.c.id)
    )
    return {i: float(v or 0) for i, v in rows}


def _complaint_actuals(
    conn: Connection, as_of: datetime, office_ids: list[int] | None = None
) -> dict[int, float]:
    """complaints_closed, recovered: by closing date; closure_rate: of cases received in the dates.

    Complaints are first counted per office and day, so the join with targets stays small.
    """
    is_case = complaint.c.kind.in_(CASE_KINDS)
    closed_by_then = and_(complaint.c.status == "closed", complaint.c.closed_at <= as_of)
    closing_day = date_of(complaint.c.closed_at).label("day")
    closed = (
        select(
            complaint.c.office_id,
            closing_day,
            func.sum(case((is_case, 1), else_=0)).label("cases"),
            func.coalesce(func.sum(complaint.c.recovered_fen), 0).label("recovered_fen"),
        )
        .where(closed_by_then)
        .group_by(complaint.c.office_id, closing_day)
        .subquery()
    )
    receiving_day = date_of(complaint.c.received_at).label("day")
    received = (
        select(
            complaint.c.office_id,
            receiving_day,
            func.count().label("cases"),
            func.sum(case((closed_by_then, 1), else_=0)).label("closed"),
        )
        .where(is_case, complaint.c.received_at <= as_of)
        .group_by(complaint.c.office_id, receiving_day)
        .subquery()
    )

    def within(day_column):
        return [day_column >= target.c.start_date, day_column <= target.c.due_date]

    actuals: dict[int, float] = {}
    closing = conn.execute(
        select(target.c.id, target.c.metric, func.sum(closed.c.cases), func.sum(closed.c.recovered_fen))
        .select_from(
            target.join(closed, and_(closed.c.office_id == target.c.office_id, *within(closed.c.day)))
        )
        .where(target.c.metric.in_(("complaints_closed", "recovered")), *_only(office_ids))
        .group_by(target.c.id, target.c.metric)
    )
    for target_id, metric, cases, recovered_fen in closing:
        actuals[target_id] = (
            float(cases or 0) if metric == "complaints_closed" else float(recovered_fen or 0) / 100
        )
    rates = conn.execute(
        select(target.c.id, func.sum(received.c.cases), func.sum(received.c.closed))
        .select_from(
            target.join(received, and_(received.c.office_id == target.c.office_id, *within(received.c.day)))
        )
        .where(target.c.metric == "closure_rate", *_only(office_ids))
        .group_by(target.c.id)
    )
    for target_id, cases, closed_cases in rates:
        actuals[target_id] = 100.0 * float(closed_cases or 0) / float(cases) if cases else 0.0
    return actuals


def _progress_actuals(
    conn: Connection, as_of: datetime, office_ids: list[int] | None = None
) -> dict[int, float]:
    """The latest running total reported within the target's dates and by `as_of`."""
    reported = and_(
        progress.c.office_id == target.c.office_id,
        progress.c.metric == target.c.metric,
        progress.c.reported_at <= as_of,
        *_within_target(progress.c.reported_at),
    )
    latest = (
        select(target.c.id.label("target_id"), func.max(progress.c.reported_at).label("at"))
        .select_from(target.join(progress, reported))
        .where(*_only(office_ids))
        .group_by(target.c.id)
        .subquery()
    )
    rows = conn.execute(
        select(latest.c.target_id, func.max(cast(progress.c.value, Float)))
        .select_from(
            latest.join(target, target.c.id == latest.c.target_id).join(
                progress,
                and_(
                    progress.c.office_id == target.c.office_id,
                    progress.c.metric == target.c.metric,
                    progress.c.reported_at == latest.c.at,
                ),
            )
        )
        .group_by(latest.c.target_id)
    )
    return {i: float(v or 0) for i, v in rows}


def actuals(conn: Connection, as_of: datetime, office_ids: list[int] | None = None) -> dict[int, float]:
    """Target id -> actual value as of `as_of`; a target with no data has 0."""
    found: dict[int, float] = {}
    for part in (_site_actuals, _complaint_actuals, _progress_actuals):
        found.update(part(conn, as_of, office_ids))
    return found


def pct_expected(start: date, due: date, as_of: date, rate: bool = False) -> float:
    if rate:
        return 100.0
    days = (due - start).days + 1
    elapsed = (as_of - start).days + 1
    return min(100.0, max(0.0, 100.0 * elapsed / days))


def status(actual: float, goal: float, done_pct: float, expected_pct: float) -> str:
    if actual >= goal:
        return "done"
    return "on_track" if done_pct >= expected_pct else "behind"


def evaluate(rows: pd.DataFrame, found: dict[int, float], as_of: date) -> pd.DataFrame:
    """Adds actual, pct_done, pct_expected and status to rows of targets (id, metric, target, dates)."""
    out = rows.copy()
    out["actual"] = [found.get(i, 0.0) for i in out["id"]]
    out["pct_done"] = [
        100.0 * a / g if g else 100.0 for a, g in zip(out["actual"], out["target"], strict=True)
    ]
    out["pct_expected"] = [
        pct_expected(s, d, as_of, METRICS[m].rate)
        for s, d, m in zip(out["start_date"], out["due_date"], out["metric"], strict=True)
    ]
    out["status"] = [
        status(a, g, p, e)
        for a, g, p, e in zip(out["actual"], out["target"], out["pct_done"], out["pct_expected"], strict=True)
    ]
    return out


def target_rows(conn: Connection, office_ids: list[int] | None = None) -> pd.DataFrame:
    query = (
        select(
            target.c.id,
            office.c.id.label("office_id"),
            office.c.code.label("office_code"),
            office.c.name.label("office_name"),
            office.c.parent_id,
            target.c.metric,
            target.c.target,
            target.c.start_date,
            target.c.due_date,
        )
        .select_from(target.join(office, office.c.id == target.c.office_id))
        .order_by(office.c.code, target.c.metric, target.c.due_date)
    )
    if office_ids is not None:
        query = query.where(office.c.id.in_(office_ids))
    columns = [
        "id",
        "office_id",
        "office_code",
        "office_name",
        "parent_id",
        "metric",
        "target",
        "start_date",
        "due_date",
    ]
    return pd.DataFrame(conn.execute(query).all(), columns=columns)


def progress_as_of(conn: Connection, as_of: date, office_ids: list[int] | None = None) -> pd.DataFrame:
    """Every target (of `office_ids`) with its actual and status as of the end of `as_of`."""
    rows = target_rows(conn, office_ids)
    return evaluate(rows, actuals(conn, end_of(as_of), office_ids), as_of)


def trend(conn: Connection, office_id: int, first: date, last: date) -> pd.DataFrame:
    """One office's actual of each target at the end of each day first..last: id, day, actual."""
    frames = []
    day = first
    while day <= last:
        found = actuals(conn, end_of(day), [office_id])
        frames.append(pd.DataFrame({"id": list(found), "day": day, "actual": list(found.values())}))
        day += timedelta(days=1)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["id", "day", "actual"])


def roll_up(evaluated: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """One row per metric and period summing the offices' targets and actuals (rates averaged)."""
    if evaluated.empty:
        return evaluated
    grouped = evaluated.groupby(["metric", "start_date", "due_date"], as_index=False).agg(
        target=("target", "sum"),
        actual=("actual", "sum"),
        offices=("office_id", "nunique"),
        rate_target=("target", "mean"),
        rate_actual=("actual", "mean"),
    )
    is_rate = grouped["metric"].map(lambda m: METRICS[m].rate)
    grouped.loc[is_rate, "target"] = grouped.loc[is_rate, "rate_target"]
    grouped.loc[is_rate, "actual"] = grouped.loc[is_rate, "rate_actual"]
    grouped["id"] = range(len(grouped))
    found = dict(zip(grouped["id"], grouped["actual"], strict=True))
    return evaluate(grouped.drop(columns=["actual", "rate_target", "rate_actual"]), found, as_of)


def number(value: float, metric: str) -> str:
    """A target or actual as the export writes it: rates 1 decimal, money 2, counts whole."""
    if METRICS[metric].rate:
        return f"{value:.1f}"
    if metric == "recovered":
        return f"{value:.2f}"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:g}"


def targets_frame(evaluated: pd.DataFrame) -> pd.DataFrame:
    """The `targets` export (formats.md): one row per target."""
    return pd.DataFrame(
        {
            "office_code": evaluated["office_code"],
            "office_name": evaluated["office_name"],
            "metric": evaluated["metric"],
            "target": [number(v, m) for v, m in zip(evaluated["target"], evaluated["metric"], strict=True)],
            "actual": [number(v, m) for v, m in zip(evaluated["actual"], evaluated["metric"], strict=True)],
            "pct_done": evaluated["pct_done"].map(lambda v: f"{v:.1f}"),
            "pct_expected": evaluated["pct_expected"].map(lambda v: f"{v:.1f}"),
            "status": evaluated["status"],
        }
    )
