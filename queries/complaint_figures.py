"""The 12315 headline figures, each computed here once and shown under one label (figure.<id>) on
the overview, the 12315 page and every wall screen.

`f` narrows by office, scope, handler, kind, channel and category; only `received_in_period`
reads its dates. "Open" is decided once: complaints and reports (投诉、举报; a consultation is
answered on the spot and never open) whose status is pending, accepted or handling, received at or
before `now`, whatever the day they arrived; "overdue" is those of them whose time limit
(due_at) is at or before `now`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Connection, case, func, select, text

from campaign.frames import as_frame, plain_rows
from campaign.schema import OPEN_CASE, Complaint, Office
from campaign.surge import is_surge
from queries import complaints
from queries.complaints import Filters

complaint = Complaint.__table__
office = Office.__table__
USUAL_DAYS = 7  # the last hour's usual level: the same hour on each of the days before


def through(now: datetime) -> datetime:
    """The exclusive end of "up to now": the current second counts as received."""
    return now.replace(microsecond=0) + timedelta(seconds=1)


def received_today(conn: Connection, f: Filters, now: datetime) -> int:
    """Requests received from local midnight through the current second (figure.received_today)."""
    today = replace(f, first_day=now.date(), last_day=now.date())
    return complaints.count(conn, today, until=through(now))


def received_same_time_yesterday(conn: Connection, f: Filters, now: datetime) -> int:
    """Requests received yesterday from midnight to the same second: the note under received_today."""
    return received_today(conn, f, now - timedelta(days=1))


def received_in_period(conn: Connection, f: Filters, now: datetime) -> int:
    """Requests received in `f`'s days, up to the current second (figure.received_in_period)."""
    return complaints.count(conn, f, until=through(now))


@dataclass(frozen=True)
class LastHour:
    count: int  # requests received in the hour ending at now: (now - 1 h, now]
    usual: float  # the mean of the same hour on each of the USUAL_DAYS days before

    @property
    def surge(self) -> bool:
        return is_surge(self.count, self.usual)


def last_hour(conn: Connection, f: Filters, now: datetime) -> LastHour:
    """The last hour's requests and their usual level (figure.last_hour)."""
    now = now.replace(microsecond=0)
    usual = sum(complaints.in_hour_ending(conn, f, now - timedelta(days=n)) for n in range(1, USUAL_DAYS + 1))
    return LastHour(complaints.in_hour_ending(conn, f, now), usual / USUAL_DAYS)


@dataclass(frozen=True)
class OpenCases:
    open: int  # figure.open_cases
    overdue: int  # figure.overdue_cases


def _open_clauses(f: Filters, now: datetime) -> list:
    # The open cases' partial index's condition written out as it is, so both databases use it.
    return [text(OPEN_CASE), complaint.c.received_at < through(now), *complaints.narrowing(f)]


def open_cases(conn: Connection, f: Filters, now: datetime) -> OpenCases:
    """Complaints and reports open at `now`, and those of them past their time limit."""
    overdue = func.coalesce(func.sum(case((complaint.c.due_at <= now, 1), else_=0)), 0)
    row = conn.execute(select(func.count(), overdue).where(*_open_clauses(f, now))).one()
    return OpenCases(int(row[0]), int(row[1]))


def open_by_office(conn: Connection, f: Filters, now: datetime) -> pd.DataFrame:
    """open_cases per handling office with any open: columns id, code, name, open, overdue; most
    overdue first, then most open, then by code."""
    counts = plain_rows(
        conn,
        select(
            complaint.c.office_id,
            func.count(),
            func.coalesce(func.sum(case((complaint.c.due_at <= now, 1), else_=0)), 0),
        )
        .where(*_open_clauses(f, now))
        .group_by(complaint.c.office_id),
    )
    frame = pd.DataFrame(counts, columns=["id", "open", "overdue"]).astype("int64")
    names = as_frame(
        plain_rows(conn, select(office.c.id, office.c.code, office.c.name)), ["id", "code", "name"]
    )
    frame = names.merge(frame, on="id", how="inner")
    return frame.sort_values(["overdue", "open", "code"], ascending=[False, False, True], ignore_index=True)


@dataclass(frozen=True)
class ComplaintsScreen:
    """Everything the 12315 page draws for one set of filters at one moment."""

    minutes: int  # the volume chart's bucket: 15 for a single day, else 60
    volume: pd.DataFrame  # at, count
    last_year: pd.DataFrame  # at, count: the same days a year earlier
    received: int  # figure.received_in_period
    last_hour: LastHour
    open_cases: OpenCases
    kinds: pd.DataFrame  # code, count
    channels: pd.DataFrame
    categories: pd.DataFrame  # the ten largest
    offices: pd.DataFrame  # id, code, name, received: most first
    open_offices: pd.DataFrame  # id, code, name, open, overdue: most overdue first
    rates: complaints.Rates
    gala: complaints.GalaTransfers


def complaints_screen(conn: Connection, f: Filters, now: datetime, handler: str | None) -> ComplaintsScreen:
    """The 12315 page's figures; the gala's oldest open cases only among `handler`'s when given."""
    minutes = 15 if f.first_day == f.last_day else 60
    return ComplaintsScreen(
        minutes=minutes,
        volume=complaints.volume_by_time(conn, f, minutes, now),
        last_year=complaints.volume_by_time(conn, f.a_year_earlier(), minutes),
        received=received_in_period(conn, f, now),
        last_hour=last_hour(conn, f, now),
        open_cases=open_cases(conn, f, now),
        kinds=complaints.breakdown(conn, f, "kind", now),
        channels=complaints.breakdown(conn, f, "channel", now),
        categories=complaints.breakdown(conn, f, "category", now, limit=10),
        offices=complaints.by_office(conn, f, now),
        open_offices=open_by_office(conn, f, now).head(15),
        rates=complaints.rates(conn, f, now),
        gala=complaints.gala_transfers(conn, f, now, handler=handler),
    )
