"""Each target's actual value as of a moment: one grouped query per metric source, for every
target at once (the rules of formats.md; campaign.targets turns actuals into progress)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import Connection, Float, and_, case, cast, func, literal, select

from campaign.frames import plain_rows
from campaign.metrics import PROGRESS_METRICS
from campaign.schema import Complaint, ProgressReport, RollupDayOffice, Site, Target
from campaign.sqltime import date_of, unindexed
from campaign.vocabulary import CASE_KINDS
from queries.tallies import latest_tallies

target = Target.__table__
site = Site.__table__
complaint = Complaint.__table__
progress = ProgressReport.__table__
rollup = RollupDayOffice.__table__


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
