"""Plan targets: each target's actual value as of a moment, its progress, and its status.

Actuals are computed in SQL, one grouped query per metric source, for every target at once.
The progress arithmetic is pure and follows formats.md: pct_done = actual / target; pct_expected
= days elapsed to the end of the as-of date / days in start..due (inclusive), within 0..100
(100 for a rate); done when actual >= target, on track when pct_done >= pct_expected.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Float, and_, case, cast, func, literal, select

from campaign.frames import as_dates, as_frame, plain_rows
from campaign.metrics import METRICS, PROGRESS_METRICS
from campaign.schema import Complaint, Office, ProgressReport, RollupDayOffice, Site, Target
from campaign.sqltime import date_of, unindexed
from campaign.tallies import latest_tallies
from campaign.vocabulary import CASE_KINDS

target = Target.__table__
site = Site.__table__
complaint = Complaint.__table__
progress = ProgressReport.__table__
office = Office.__table__
rollup = RollupDayOffice.__table__


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
    rows = plain_rows(
        conn,
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
        .group_by(target.c.id),
    )
    return {i: float(v or 0) for i, v in rows}


def _complaint_sources(as_of: datetime, earliest: date) -> list:
    """Subqueries of (office_id, day, cases closed that day, money recovered that day, cases received
    that day, of them closed) whose sums add up: the daily roll-up and, negated, the few complaints
    it counts beyond `as_of` (closed or received later on the as-of day, or closed after it)."""
    is_case = complaint.c.kind.in_(CASE_KINDS)
    closed = and_(complaint.c.status == "closed", complaint.c.closed_at.is_not(None))
    day_after = datetime.combine(as_of.date() + timedelta(days=1), time())
    closed_day = date_of(complaint.c.closed_at)
    received_day = date_of(complaint.c.received_at)
    zero = literal(0)
    sources = [
        select(
            rollup.c.office_id,
            rollup.c.day,
            rollup.c.closed_on_day,
            rollup.c.recovered_on_day,
            rollup.c.cases,
            rollup.c.cases_closed,
        ).where(rollup.c.day >= earliest, rollup.c.day <= as_of.date()),
        select(
            complaint.c.office_id,
            closed_day,
            -func.sum(case((is_case, 1), else_=0)),
            -func.coalesce(func.sum(complaint.c.recovered_fen), 0),
            zero,
            zero,
        )
        .where(closed, complaint.c.closed_at > as_of, complaint.c.closed_at < day_after)
        .group_by(complaint.c.office_id, closed_day),
        select(
            complaint.c.office_id,
            received_day,
            zero,
            zero,
            -func.count(),
            -func.sum(case((closed, 1), else_=0)),
        )
        .where(is_case, complaint.c.received_at > as_of, complaint.c.received_at < day_after)
        .group_by(complaint.c.office_id, received_day),
        # Few close after the as-of moment: SQLite is kept off the office, status and receipt indexes,
        # which would have it walk every request received before it.
        select(unindexed(complaint.c.office_id), received_day, zero, zero, zero, -func.count())
        .where(
            is_case,
            unindexed(complaint.c.status) == "closed",
            complaint.c.closed_at > as_of,
            unindexed(complaint.c.received_at) <= as_of,
        )
        .group_by(unindexed(complaint.c.office_id), received_day),
    ]
    return [q.subquery() for q in sources]


def _summed(conn: Connection, sources: list, metrics: tuple[str, ...], office_ids) -> dict[int, tuple]:
    """Per target of `metrics`: its metric and the sums of its office's source rows on days within
    its dates."""
    totals: dict[int, tuple] = {}
    for source in sources:
        office_id, day, *values = source.c
        rows = plain_rows(
            conn,
            select(target.c.id, target.c.metric, *(func.sum(v) for v in values))
            .select_from(
                target.join(
                    source,
                    and_(
                        office_id == target.c.office_id, day >= target.c.start_date, day <= target.c.due_date
                    ),
                )
            )
            .where(target.c.metric.in_(metrics), *_only(office_ids))
            .group_by(target.c.id, target.c.metric),
        )
        for target_id, metric, *sums in rows:
            _, found = totals.setdefault(target_id, (metric, [0.0] * len(sums)))
            for n, v in enumerate(sums):
                found[n] += float(v or 0)
    return totals


def _complaint_actuals(
    conn: Connection, as_of: datetime, office_ids: list[int] | None = None
) -> dict[int, float]:
    """complaints_closed, recovered: by closing date; closure_rate: of cases received in the dates.

    Read from the daily roll-up (campaign.rollups), so the cost follows offices and days, not requests.
    """
    metrics = ("complaints_closed", "recovered", "closure_rate")
    actuals: dict[int, float] = {}
    # No target starts earlier: the roll-up is read from that day on, by its day index. Given as a
    # value, not a subquery, so PostgreSQL's planner knows how many days that is (a subquery's
    # unknown value made it guess 600 joined rows for 40,000 and sort them on disk).
    earliest = conn.scalar(select(func.min(target.c.start_date)).where(target.c.metric.in_(metrics)))
    if earliest is None:
        return actuals
    for target_id, (metric, (closed_cases, fen, cases, of_them_closed)) in _summed(
        conn, _complaint_sources(as_of, earliest), metrics, office_ids
    ).items():
        if metric == "complaints_closed":
            actuals[target_id] = closed_cases
        elif metric == "recovered":
            actuals[target_id] = fen / 100
        else:
            actuals[target_id] = 100.0 * of_them_closed / cases if cases else 0.0
    return actuals


def _progress_actuals(
    conn: Connection, as_of: datetime, office_ids: list[int] | None = None
) -> dict[int, float]:
    """The latest running total reported within the target's dates and by `as_of` (the largest,
    if two were reported at that moment): the reports ranked per target in one pass."""
    reported = and_(
        progress.c.office_id == target.c.office_id,
        progress.c.metric == target.c.metric,
        progress.c.reported_at <= as_of,
        *_within_target(progress.c.reported_at),
    )
    value = cast(progress.c.value, Float)
    ranked = (
        select(
            target.c.id.label("target_id"),
            value.label("value"),
            func.row_number()
            .over(
                partition_by=target.c.id, order_by=(progress.c.reported_at.desc(), value.desc().nulls_last())
            )
            .label("rank"),
        )
        .select_from(target.join(progress, reported))
        .where(target.c.metric.in_(PROGRESS_METRICS), *_only(office_ids))
        .subquery()
    )
    rows = plain_rows(conn, select(ranked.c.target_id, ranked.c.value).where(ranked.c.rank == 1))
    return {i: float(v or 0) for i, v in rows}


def actuals(conn: Connection, as_of: datetime, office_ids: list[int] | None = None) -> dict[int, float]:
    """Target id -> actual value as of `as_of`; a target with no data has 0."""
    found: dict[int, float] = {}
    for part in (_site_actuals, _complaint_actuals, _progress_actuals):
        found.update(part(conn, as_of, office_ids))
    return found


def expected_pcts(start: pd.Series, due: pd.Series, as_of: date, rate: pd.Series) -> pd.Series:
    """Per target: the share of its period elapsed by the end of `as_of`, 0..100; 100 for a rate."""
    first, last = _days(start), _days(due)
    elapsed = (np.datetime64(as_of, "D") - first).astype(np.int64) + 1
    share = np.clip(100.0 * elapsed / ((last - first).astype(np.int64) + 1), 0.0, 100.0)
    return pd.Series(np.where(np.asarray(rate, bool), 100.0, share), index=start.index)


def _days(dates: pd.Series) -> np.ndarray:
    """Dates as numpy days, each distinct date converted once (thousands of targets share a few)."""
    codes, distinct = pd.factorize(dates, use_na_sentinel=False)
    return np.array([np.datetime64(d, "D") for d in distinct], "datetime64[D]")[codes]


def statuses(actual: pd.Series, goal: pd.Series, done_pct: pd.Series, expected_pct: pd.Series) -> pd.Series:
    """done when the actual reaches the target, else on track when as far along as the dates, else behind."""
    index = actual.index if isinstance(actual, pd.Series) else None
    actual, goal, done_pct, expected_pct = (
        np.asarray(v, float) for v in (actual, goal, done_pct, expected_pct)
    )
    found = np.where(actual >= goal, "done", np.where(done_pct >= expected_pct, "on_track", "behind"))
    return pd.Series(found.astype(object), index=index)


def pct_expected(start: date, due: date, as_of: date, rate: bool = False) -> float:
    return float(expected_pcts(pd.Series([start]), pd.Series([due]), as_of, pd.Series([rate])).iloc[0])


def status(actual: float, goal: float, done_pct: float, expected_pct: float) -> str:
    return statuses(*(pd.Series([v]) for v in (actual, goal, done_pct, expected_pct))).iloc[0]


def evaluate(rows: pd.DataFrame, found: dict[int, float], as_of: date) -> pd.DataFrame:
    """Adds actual, pct_done, pct_expected and status to rows of targets (id, metric, target, dates)."""
    out = rows.copy()
    if out.empty:
        return out.assign(
            actual=pd.Series(dtype=float),
            pct_done=pd.Series(dtype=float),
            pct_expected=pd.Series(dtype=float),
            status=pd.Series(dtype=object),
        )
    actual = pd.Series(found, dtype=float).reindex(out["id"].to_numpy()).fillna(0.0).to_numpy()
    goal = out["target"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        done = np.where(goal != 0, 100.0 * actual / goal, 100.0)
    out["actual"] = actual
    out["pct_done"] = done
    rate = out["metric"].isin([m for m, spec in METRICS.items() if spec.rate])
    out["pct_expected"] = expected_pcts(out["start_date"], out["due_date"], as_of, rate)
    out["status"] = statuses(actual, goal, done, out["pct_expected"]).to_numpy()
    return out


TARGET_COLUMNS = ["id", "office_id", "metric", "target", "start_date", "due_date"]
OFFICE_COLUMNS = ["office_code", "office_name", "parent_id"]


def target_rows(conn: Connection, office_ids: list[int] | None = None, offices: bool = True) -> pd.DataFrame:
    """Every target (of `office_ids`): with its office's code, name and parent, by office code,
    metric and due date; or, `offices` False, the targets alone in no order (for counting)."""
    columns = [
        target.c.id,
        target.c.office_id,
        target.c.metric,
        target.c.target,
        target.c.start_date,
        target.c.due_date,
    ]
    query = select(*columns)
    if offices:
        query = (
            query.add_columns(office.c.code, office.c.name, office.c.parent_id)
            .select_from(target.join(office, office.c.id == target.c.office_id))
            .order_by(office.c.code, target.c.metric, target.c.due_date)
        )
    if office_ids is not None:
        query = query.where(target.c.office_id.in_(office_ids))
    frame = as_frame(plain_rows(conn, query), TARGET_COLUMNS + (OFFICE_COLUMNS if offices else []))
    for column in ("start_date", "due_date"):
        frame[column] = as_dates(frame[column])
    return frame


def progress_as_of(
    conn: Connection, as_of: date, office_ids: list[int] | None = None, offices: bool = True
) -> pd.DataFrame:
    """Every target (of `office_ids`) with its actual and status as of the end of `as_of`; with
    its office (`target_rows`) unless `offices` is False."""
    rows = target_rows(conn, office_ids, offices)
    return evaluate(rows, actuals(conn, end_of(as_of), office_ids), as_of)


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
