"""12315 figures read from the roll-ups (campaign.rollups) where the filters allow it.

The hourly roll-up covers every office, so it serves filters that do not narrow the offices or
the handler; the daily one serves the by-office counts when no kind, channel or category is
chosen either. A range is read as whole hours (or days) up to the one holding its end, and the
requests of that last hour (or day) received at or after the end are taken back out of the raw
table: normally none, as nothing arrives from the future, so the cost follows hours and offices,
not requests.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pandas as pd
from sqlalchemy import Connection, and_, case, func, select

from campaign.frames import as_frame, plain_rows
from campaign.schema import Complaint, Office, RollupDayOffice, RollupHour
from campaign.sqltime import unindexed
from campaign.vocabulary import CASE_KINDS

complaint = Complaint.__table__
office = Office.__table__
hourly = RollupHour.__table__
daily = RollupDayOffice.__table__
HOUR = timedelta(hours=1)


def serves(f) -> bool:
    """Whether the hourly roll-up can answer for these filters."""
    return f.office_id is None and f.scope is None and f.handler is None


def serves_by_office(f) -> bool:
    return serves(f) and not (f.kinds or f.channels or f.categories)


def _hour_ceiling(moment: datetime) -> datetime:
    floor = moment.replace(minute=0, second=0, microsecond=0)
    return floor if floor == moment else floor + HOUR


def _day_ceiling(moment: datetime) -> datetime:
    floor = datetime.combine(moment.date(), time())
    return floor if floor == moment else floor + timedelta(days=1)


def _end(f, until: datetime | None) -> datetime:
    return min(f.end, until) if until else f.end


def dimensions(f, table) -> list:
    """f's kinds, channels and categories on `table` (the complaints or the hourly roll-up)."""
    clauses = []
    if f.kinds:
        clauses.append(table.c.kind.in_(f.kinds))
    if f.channels:
        clauses.append(table.c.channel.in_(f.channels))
    if f.categories:
        clauses.append(table.c.category.in_(f.categories))
    return clauses


def _hours(f, until: datetime | None) -> list:
    """The hourly roll-up's rows for f: whole hours from the start to the one holding the end."""
    return [hourly.c.hour >= f.start, hourly.c.hour < _hour_ceiling(_end(f, until)), *dimensions(f, hourly)]


def _tail(f, until: datetime | None, ceiling=_hour_ceiling) -> list:
    """Raw requests the roll-up's last hour (or day) holds beyond the range's end."""
    end = _end(f, until)
    return [
        complaint.c.received_at >= end,
        complaint.c.received_at < ceiling(end),
        *dimensions(f, complaint),
    ]


def count(conn: Connection, f, until: datetime | None = None) -> int:
    rolled = conn.execute(select(func.coalesce(func.sum(hourly.c.received), 0)).where(*_hours(f, until)))
    beyond = conn.execute(select(func.count()).where(*_tail(f, until)))
    return int(rolled.scalar_one()) - int(beyond.scalar_one())


def breakdown(conn: Connection, f, column: str, until: datetime | None = None) -> pd.Series:
    """Counts by kind, channel or category ('' for none), unordered; zero counts dropped."""
    rolled = conn.execute(
        select(hourly.c[column], func.sum(hourly.c.received))
        .where(*_hours(f, until))
        .group_by(hourly.c[column])
    ).all()
    raw_column = func.coalesce(complaint.c[column], "")
    beyond = conn.execute(select(raw_column, func.count()).where(*_tail(f, until)).group_by(raw_column)).all()
    counts = pd.Series(dict(rolled), dtype="int64").sub(pd.Series(dict(beyond), dtype="int64"), fill_value=0)
    return counts[counts > 0].astype("int64")


def hourly_volume(conn: Connection, f, until: datetime | None = None) -> pd.Series:
    """Requests per whole hour of the range, indexed by the hour's start (empty hours absent)."""
    rolled = conn.execute(
        select(hourly.c.hour, func.sum(hourly.c.received)).where(*_hours(f, until)).group_by(hourly.c.hour)
    ).all()
    counts = pd.Series({pd.Timestamp(h): int(n) for h, n in rolled}, dtype="int64")
    beyond = count_raw(conn, _tail(f, until))
    if beyond:  # only the last hour can hold requests past the end
        last = pd.Timestamp(_hour_ceiling(_end(f, until)) - HOUR)
        counts[last] = counts.get(last, 0) - beyond
    return counts


def count_raw(conn: Connection, clauses: list) -> int:
    return int(conn.execute(select(func.count()).where(*clauses)).scalar_one())


def rates(conn: Connection, f, now: datetime) -> tuple[int, int, int, int, int]:
    """(cases, closed, mediated, mediation tried, recovered fen) as queries.complaints.rates counts them."""
    is_case = hourly.c.kind.in_(CASE_KINDS)
    row = conn.execute(
        select(
            func.sum(case((is_case, hourly.c.received), else_=0)),
            func.sum(hourly.c.closed),
            func.sum(hourly.c.mediated),
            func.sum(hourly.c.tried),
            func.sum(hourly.c.recovered_fen),
        ).where(*_hours(f, now))
    ).one()
    totals = [int(v or 0) for v in row]
    beyond = _raw_measures(conn, _tail(f, now))
    later = _raw_measures(  # closed only after `now`: not closed yet as of now
        conn,
        [  # few close after `now`: SQLite is kept on the closing-time index
            unindexed(complaint.c.received_at) >= f.start,
            unindexed(complaint.c.received_at) < _end(f, now),
            complaint.c.closed_at > now,
            *dimensions(f, complaint),
        ],
    )
    later[0] = 0
    return tuple(t - b - c for t, b, c in zip(totals, beyond, later, strict=True))


def case_measures(closed_by) -> list:
    """Sums over raw requests: cases (投诉/举报), of them closed, mediated, mediation tried, fen
    recovered; `closed_by` is the clause on closing time (the roll-ups: any; a screen: by now)."""
    is_case = complaint.c.kind.in_(CASE_KINDS)
    closed = and_(is_case, complaint.c.status == "closed", closed_by)
    return [
        func.sum(case((is_case, 1), else_=0)),
        func.sum(case((closed, 1), else_=0)),
        func.sum(case((and_(closed, complaint.c.outcome == "mediated"), 1), else_=0)),
        func.sum(case((and_(closed, complaint.c.outcome.in_(("mediated", "failed"))), 1), else_=0)),
        func.sum(case((closed, func.coalesce(complaint.c.recovered_fen, 0)), else_=0)),
    ]


def _raw_measures(conn: Connection, clauses: list) -> list[int]:
    """The hourly roll-up's measures summed over raw requests (the triggers' definitions)."""
    row = conn.execute(select(*case_measures(complaint.c.closed_at.is_not(None))).where(*clauses)).one()
    return [int(v or 0) for v in row]


def by_office(conn: Connection, f, now: datetime) -> pd.DataFrame:
    """Received per office from the daily roll-up, less what its last day holds beyond `now`."""
    end = _end(f, now)
    rolled = plain_rows(
        conn,
        select(daily.c.office_id, func.sum(daily.c.received))
        .where(daily.c.day >= f.first_day, daily.c.day < _day_ceiling(end).date())
        .group_by(daily.c.office_id),
    )
    beyond = plain_rows(
        conn,
        select(complaint.c.office_id, func.count())
        .where(*_tail(f, now, _day_ceiling))
        .group_by(complaint.c.office_id),
    )
    counts = pd.DataFrame(rolled, columns=["id", "received"]).set_index("id")
    later = pd.DataFrame(beyond, columns=["id", "received"]).set_index("id")
    counts = counts.sub(later, fill_value=0).astype("int64")
    counts = counts[counts["received"] > 0]
    # Joined in pandas: a row-by-row lookup cost ~60 ms for 1,000 offices, an IN list of their ids
    # ~7 ms to send; the office list is read whole (a province: ~1,100 rows).
    names = as_frame(
        plain_rows(conn, select(office.c.id, office.c.code, office.c.name)), ["id", "code", "name"]
    )
    frame = names.join(counts, on="id", how="inner")
    return frame.sort_values(["received", "code"], ascending=[False, True], ignore_index=True)
