"""Reading shifts for duty coverage: one day's shifts in one query (`read_day`), every office's
coverage of a duty day (`coverage_day`), the offices uncovered at a moment (`offices_uncovered_at`).

The rules applied are campaign.coverage's: `coverage_of` and `uncovered_at`, the same ones the duty
screen and its wall screen apply to their own read of the day (queries.roster).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
from sqlalchemy import Connection, DateTime, String, and_, case, func, literal, select

from campaign.campaigns import CampaignInfo
from campaign.coverage import DayShifts, OfficeDay, coverage_of, in_duty_window, uncovered_at
from campaign.frames import no_collection, plain_rows
from campaign.offices import in_scope
from campaign.schema import Shift
from campaign.sqltime import seconds_between, seconds_since
from queries.reference import duty_offices

shift = Shift.__table__


def longest_shift(conn: Connection) -> timedelta:
    """The longest shift on record, read off ix_shift_length (+1 s: the index counts whole seconds)."""
    seconds = conn.scalar(select(func.max(seconds_between(shift.c.start_at, shift.c.end_at))))
    return timedelta(seconds=(seconds or 0) + 1)


def overlapping(conn: Connection, start: datetime, end: datetime) -> list:
    """Clauses for the shifts overlapping [start, end). A shift still on duty at `start` began at
    most the longest shift before it, so the start-time index is read over a short range."""
    return [shift.c.start_at < end, shift.c.start_at >= start - longest_shift(conn), shift.c.end_at > start]


def on_duty_clauses(conn: Connection, moment: datetime) -> list:
    """Clauses for the shifts on duty at `moment` (start <= moment < end)."""
    return overlapping(conn, moment, moment + timedelta(microseconds=1))


def read_day(
    conn: Connection,
    start: datetime,
    end: datetime,
    scope: int | None = None,
    phones_at: datetime | None = None,
) -> DayShifts:
    """The shifts in the viewer's scope overlapping [start, end), in one query (read from the
    index ix_shift_window alone); phone numbers only of those on duty at `phones_at`, if given."""
    origin = literal(start, DateTime)
    phone = literal(None, String)
    if phones_at is not None:
        on_duty = and_(shift.c.start_at <= phones_at, shift.c.end_at > phones_at)
        phone = case((on_duty, shift.c.phone), else_=None)
    rows = plain_rows(
        conn,
        select(
            shift.c.office_id,
            shift.c.person_name,
            shift.c.role,
            phone,
            seconds_since(origin, shift.c.start_at),
            seconds_since(origin, shift.c.end_at),
        ).where(*overlapping(conn, start, end), *in_scope(shift.c.office_id, scope)),
    )
    with no_collection():
        columns = list(zip(*rows, strict=True)) or [()] * 6
        office_ids, begins, ends = (np.fromiter(columns[i], np.int64, len(rows)) for i in (0, 4, 5))
        names, roles, phones = (np.array(columns[i], dtype=object) for i in (1, 2, 3))
    return DayShifts(start, office_ids, names, roles, phones, begins, ends)


def offices_uncovered_at(
    conn: Connection, campaign: CampaignInfo, moment: datetime, min_on_duty: int = 1, scope: int | None = None
) -> list[dict]:
    """`uncovered_at` for a moment alone, by code: the shifts of the second holding `moment`
    read, then the same rule as the duty screen's."""
    if not in_duty_window(campaign, moment):
        return []
    second = moment.replace(microsecond=0)  # shifts start and end on whole seconds
    shifts = read_day(conn, second, second + timedelta(seconds=1), scope)
    return uncovered_at(campaign, shifts, duty_offices(conn, scope), moment, min_on_duty)


def coverage_day(
    conn: Connection, campaign: CampaignInfo, day: date, min_on_duty: int = 1, scope: int | None = None
) -> list[OfficeDay]:
    """Every office that must keep duty: least covered first, then not gala-ready, then by code."""
    start, end = campaign.duty_window(day)
    return coverage_of(
        read_day(conn, start, end, scope), duty_offices(conn, scope), campaign, end, min_on_duty
    )
