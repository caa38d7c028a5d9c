"""The 12315 screen's figures. Every function aggregates in SQL for one set of filters.

A filter left empty adds no clause, so one query serves every filter combination.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from itertools import pairwise

import pandas as pd
from sqlalchemy import Connection, DateTime, case, column, func, select, values

from campaign.frames import as_frame
from campaign.offices import subtree_select
from campaign.schema import Complaint, Office
from campaign.sqltime import bucket, day_of, minute_of_day
from campaign.vocabulary import OPEN_STATUSES
from queries import rolled

complaint = Complaint.__table__
office = Office.__table__


@dataclass(frozen=True)
class Filters:
    first_day: date
    last_day: date
    office_id: int | None = None  # with every office below it
    kinds: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    # The viewer's office: only it and the offices below it, whatever `office_id` asks for.
    scope: int | None = None
    # Only the cases this 承办人 handles (a member of staff's own cases); None: every case.
    handler: str | None = None

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, time())

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last_day + timedelta(days=1), time())

    def a_year_earlier(self) -> Filters:
        return replace(self, first_day=_year_back(self.first_day), last_day=_year_back(self.last_day))


def _year_back(day: date) -> date:
    return (
        day.replace(year=day.year - 1)
        if not (day.month == 2 and day.day == 29)
        else day.replace(year=day.year - 1, day=28)
    )


def where(f: Filters, until: datetime | None = None) -> list:
    """The clauses for `f`; `until` cuts the range at a moment (records not yet arrived)."""
    end = min(f.end, until) if until else f.end
    return [complaint.c.received_at >= f.start, complaint.c.received_at < end, *narrowing(f)]


def narrowing(f: Filters) -> list:
    """The clauses for `f`'s offices, scope, handler, kinds, channels and categories: all but its dates."""
    clauses = []
    if f.office_id is not None:
        clauses.append(complaint.c.office_id.in_(subtree_select(f.office_id)))
    if f.scope is not None:
        clauses.append(complaint.c.office_id.in_(subtree_select(f.scope, "scope")))
    if f.handler is not None:
        clauses.append(complaint.c.handler == f.handler)
    return [*clauses, *rolled.dimensions(f, complaint)]


def volume_by_time(conn: Connection, f: Filters, minutes: int, until: datetime | None = None) -> pd.DataFrame:
    """Requests per bucket of `minutes` (60 or a divisor of it): columns at, count.

    Every bucket from the range's start to its end (or `until`) is present, empty ones as 0.
    """
    end = min(f.end, until) if until else f.end
    buckets = pd.date_range(f.start, end, freq=f"{minutes}min", inclusive="left")
    if minutes == 60 and rolled.serves(f):
        counts = rolled.hourly_volume(conn, f, until).reindex(buckets, fill_value=0)
        return pd.DataFrame({"at": buckets, "count": counts.to_numpy(dtype="int64")})
    if rolled.serves_by_office(f) and 0 < len(buckets) <= MAX_COUNTED_BUCKETS:
        return pd.DataFrame({"at": buckets, "count": _counted(conn, list(buckets.to_pydatetime()), end)})
    slot = bucket(minute_of_day(complaint.c.received_at), minutes).label("slot")
    day = day_of(complaint.c.received_at).label("day")
    rows = conn.execute(
        select(day, slot, func.count().label("count"))
        .where(*where(f, until))
        .group_by(day, slot)
        .order_by(day, slot)
    ).all()
    frame = as_frame(rows, ["day", "slot", "count"])
    frame["at"] = pd.to_datetime(frame["day"]) + pd.to_timedelta(frame["slot"], unit="min")
    counts = frame.set_index("at")["count"].reindex(buckets, fill_value=0)
    return pd.DataFrame({"at": buckets, "count": counts.to_numpy(dtype="int64")})


MAX_COUNTED_BUCKETS = 200  # a day and more of 15-minute buckets


def _counted(conn: Connection, starts: list[datetime], end: datetime) -> list[int]:
    """Requests in each bucket from each start to the next (the last to `end`), with no other
    filter: one count of a range of the receipt-time index per bucket, in one statement. The
    busiest day's requests are then never read one by one (3·15 at 10 M a year: 60,000 of them)."""
    bounds = (
        values(column("low", DateTime), column("high", DateTime), name="bucket")
        .data(list(pairwise([*starts, end])))
        .cte("bucket")
    )
    counted = (
        select(func.count())
        .where(complaint.c.received_at >= bounds.c.low, complaint.c.received_at < bounds.c.high)
        .scalar_subquery()
    )
    found = dict(conn.execute(select(bounds.c.low, counted)).all())
    return [int(found.get(start, 0)) for start in starts]


def count(conn: Connection, f: Filters, since: datetime | None = None, until: datetime | None = None) -> int:
    if since is None and rolled.serves(f):
        return rolled.count(conn, f, until)
    clauses = where(f, until)
    if since is not None:
        clauses.append(complaint.c.received_at >= since)
    return conn.execute(select(func.count()).where(*clauses)).scalar_one()


def in_hour_ending(conn: Connection, f: Filters, end: datetime) -> int:
    """Requests of `f` (its filters but not its dates) received in (end - 1 h, end]: one index range."""
    clauses = [
        *narrowing(f),
        complaint.c.received_at > end - timedelta(hours=1),
        complaint.c.received_at <= end,
    ]
    return conn.execute(select(func.count()).where(*clauses)).scalar_one()


def breakdown(
    conn: Connection, f: Filters, column: str, until: datetime | None = None, limit: int | None = None
) -> pd.DataFrame:
    """Counts by kind, channel or category, largest first: columns code, count."""
    if rolled.serves(f):
        counts = rolled.breakdown(conn, f, column, until)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return pd.DataFrame([(code or None, int(n)) for code, n in ranked], columns=["code", "count"])
    col = complaint.c[column]
    query = select(col.label("code"), func.count().label("count")).where(*where(f, until)).group_by(col)
    query = query.order_by(func.count().desc(), col)
    if limit:
        query = query.limit(limit)
    return as_frame(conn.execute(query).all(), ["code", "count"])


def by_office(conn: Connection, f: Filters, now: datetime) -> pd.DataFrame:
    """Requests received per handling office in the range up to `now`, most first: columns id,
    code, name, received. (Open and overdue per office: queries.complaint_figures.open_by_office.)"""
    if rolled.serves_by_office(f):
        return rolled.by_office(conn, f, now)
    query = (
        select(office.c.id, office.c.code, office.c.name, func.count().label("received"))
        .select_from(complaint.join(office, office.c.id == complaint.c.office_id))
        .where(*where(f, now))
        .group_by(office.c.id, office.c.code, office.c.name)
        .order_by(func.count().desc(), office.c.code)
    )
    return pd.DataFrame(conn.execute(query).all(), columns=["id", "code", "name", "received"])


@dataclass(frozen=True)
class Rates:
    cases: int  # complaints and reports received
    closed: int
    mediated: int
    mediation_tried: int
    recovered_fen: int

    @property
    def closure_rate(self) -> float | None:
        return 100 * self.closed / self.cases if self.cases else None

    @property
    def mediation_rate(self) -> float | None:
        return 100 * self.mediated / self.mediation_tried if self.mediation_tried else None


def rates(conn: Connection, f: Filters, now: datetime) -> Rates:
    """Of complaints and reports received in the range: closed; of mediations tried: successes."""
    if rolled.serves(f):
        return Rates(*rolled.rates(conn, f, now))
    row = conn.execute(
        select(*rolled.case_measures(complaint.c.closed_at <= now)).where(*where(f, now))
    ).one()
    return Rates(*(int(v or 0) for v in row))


@dataclass(frozen=True)
class GalaTransfers:
    received: int
    answered: int  # accepted, handled or closed: no longer waiting for a first response
    still_open: int
    oldest_open: pd.DataFrame  # ticket_no, received_at, office, status, category


def gala_transfers(
    conn: Connection, f: Filters, now: datetime, limit: int = 10, handler: str | None = None
) -> GalaTransfers:
    """Counts for `f`'s gala transfers; the oldest open cases only among `handler`'s when given."""
    gala = replace(f, channels=("gala",))
    clauses = where(gala, now)
    row = conn.execute(
        select(
            func.count(),
            func.sum(case((complaint.c.status != "pending", 1), else_=0)),
            func.sum(case((complaint.c.status.in_(OPEN_STATUSES), 1), else_=0)),
        ).where(*clauses)
    ).one()
    oldest = conn.execute(
        select(
            complaint.c.ticket_no,
            complaint.c.received_at,
            office.c.name,
            complaint.c.status,
            complaint.c.category,
        )
        .select_from(complaint.join(office, office.c.id == complaint.c.office_id))
        .where(*where(replace(gala, handler=handler), now), complaint.c.status.in_(OPEN_STATUSES))
        .order_by(complaint.c.received_at, complaint.c.ticket_no)
        .limit(limit)
    ).all()
    frame = as_frame(oldest, ["ticket_no", "received_at", "office", "status", "category"])
    return GalaTransfers(int(row[0]), int(row[1] or 0), int(row[2] or 0), frame)
