"""The duty screen's data: each grassroots office's coverage of a duty day, who is on duty now."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Connection, and_, select

from campaign.campaigns import CampaignInfo
from campaign.coverage import (
    DayShifts,
    Duty,
    OfficeDay,
    coverage_of,
    headcount,
    in_duty_window,
    uncovered_at,
)
from campaign.coverage import (
    uncovered as short_of,
)
from campaign.frames import as_frame, no_collection
from campaign.offices import in_scope, stations
from campaign.schema import Office, Shift
from campaign.sqltime import unparsed
from queries.coverage import coverage_day, offices_uncovered_at, on_duty_clauses, read_day
from queries.reference import duty_offices, offices_in

office = Office.__table__
shift = Shift.__table__


ON_DUTY_COLUMNS = ["code", "office", "person", "role", "phone", "start", "end"]


@dataclass(frozen=True)
class RosterFigures:
    """The duty screen's headline counts, counted here once for the page and the wall screen."""

    offices_on_duty: int  # offices that must keep the day's duty
    full_coverage: int  # of them, without a gap all day
    offices_with_gaps: int
    uncovered_now: int  # short of the minimum now: campaign.coverage.uncovered_at
    gaps_ahead: int  # covered now, a gap within 2 hours
    gala_ready: int | None  # ready for the gala; None when the day has no gala window


def roster_figures(
    days: list[OfficeDay], uncovered: list[dict], ahead: list[dict], gala_day: bool
) -> RosterFigures:
    with_gaps = sum(1 for d in days if d.coverage.gaps)
    return RosterFigures(
        offices_on_duty=len(days),
        full_coverage=len(days) - with_gaps,
        offices_with_gaps=with_gaps,
        uncovered_now=len(uncovered),
        gaps_ahead=len(ahead),
        gala_ready=sum(1 for d in days if d.coverage.gala_ready) if gala_day else None,
    )


@dataclass(frozen=True)
class RosterNow:
    """The duty page's data: a day's coverage, and at `now` the offices short of the minimum,
    those with a gap ahead and who is on duty."""

    offices: list[OfficeDay]
    uncovered: list[dict]
    ahead: list[dict]
    on_duty: pd.DataFrame
    figures: RosterFigures
    gala_short: dict[int, GalaShortfall] = field(default_factory=dict)  # office id -> why not gala-ready


@dataclass(frozen=True)
class GalaShortfall:
    """Why an office is not ready for the gala (campaign.coverage.gala_ready's two conditions):
    the stretches of the gala window with fewer than 2 on duty, and those without an 应急队员."""

    too_few: tuple[tuple[datetime, datetime], ...]
    no_team: tuple[tuple[datetime, datetime], ...]
    gala: tuple[datetime, datetime]  # the gala window itself


def gala_shortfalls(
    shifts: DayShifts, days: list[OfficeDay], campaign: CampaignInfo
) -> dict[int, GalaShortfall]:
    """For each office of `days` that is not gala-ready, where its gala window falls short."""
    start, end = campaign.gala_start, campaign.gala_end
    short = {d.office_id for d in days if d.coverage.gala_ready is False}
    if not short:
        return {}
    origin = shifts.start
    duties: dict[int, list[Duty]] = {o: [] for o in short}
    for i in np.flatnonzero(np.isin(shifts.office_id, list(short))).tolist():
        duties[int(shifts.office_id[i])].append(
            Duty(
                shifts.person[i],
                shifts.role[i],
                origin + timedelta(seconds=int(shifts.begin[i])),
                origin + timedelta(seconds=int(shifts.end[i])),
            )
        )
    found = {}
    for office_id, held in duties.items():
        team = [d for d in held if d.role == "emergency"]
        found[office_id] = GalaShortfall(
            tuple(short_of(headcount(held, start, end), 2)),
            tuple(short_of(headcount(team, start, end), 1)),
            (start, end),
        )
    return found


def roster_now(
    conn: Connection, campaign: CampaignInfo, day: date, now: datetime, minimum: int, scope: int | None = None
) -> RosterNow:
    """The day's coverage and, at `now`, the offices uncovered, those with a gap ahead and the
    people on duty: when `now` falls in the day's duty window, all from one read of the day's
    shifts; else the moment is read alone (and today's coverage for the gaps ahead)."""
    start, end = campaign.duty_window(day)
    with no_collection():  # thousands of rows, arrays and office days, none of them in a cycle
        offices = offices_in(conn, scope)
        shifts = read_day(conn, start, end, scope, phones_at=now)
        days = coverage_of(shifts, stations(offices), campaign, end, minimum)
    if start <= now < end:
        uncovered = uncovered_at(campaign, shifts, stations(offices), now, minimum)
        on_duty, today = on_duty_frame(shifts, now, offices), days
    else:
        uncovered = offices_uncovered_at(conn, campaign, now, minimum, scope)
        on_duty = on_duty_at(conn, now, scope)
        today = (
            coverage_day(conn, campaign, now.date(), minimum, scope) if in_duty_window(campaign, now) else []
        )
    ahead = gaps_ahead(today, uncovered, campaign, now)
    gala_day = day == campaign.gala_start.date()
    figures = roster_figures(days, uncovered, ahead, gala_day)
    short = gala_shortfalls(shifts, days, campaign) if gala_day else {}
    return RosterNow(days, uncovered, ahead, on_duty, figures, short)


def on_duty_frame(shifts: DayShifts, moment: datetime, offices: list[tuple]) -> pd.DataFrame:
    """Who of the shifts read is on duty at `moment`, as `on_duty_at` lists them: by office code,
    role, person, start. `offices` (id, code, name, …) are in code order and hold every office read."""
    keep = np.flatnonzero(shifts.at(moment))
    if not len(keep):
        return pd.DataFrame(columns=ON_DUTY_COLUMNS)
    ids = np.fromiter((o[0] for o in offices), np.int64, len(offices))
    position = np.zeros(int(max(ids.max(), shifts.office_id.max())) + 1, np.int64)
    position[ids] = np.arange(len(offices))
    where = position[shifts.office_id[keep]]
    # Sorted in Arrow (code order is office order; text by code point, as SQLite orders it).
    keys = pa.table(
        {
            "office": where,
            "role": shifts.role[keep],
            "person": shifts.person[keep],
            "start": shifts.begin[keep],
        }
    )
    order = pc.sort_indices(keys, sort_keys=[(k, "ascending") for k in keys.column_names]).to_numpy()
    where, chosen = where[order], keep[order]
    origin = np.datetime64(shifts.start, "s")
    # Text kept as Python objects: 4,000 rows converted to Arrow strings would cost 1 ms more.
    text = {
        "code": np.array([o[1] for o in offices], dtype=object)[where],
        "office": np.array([o[2] for o in offices], dtype=object)[where],
        "person": shifts.person[chosen],
        "role": shifts.role[chosen],
        "phone": shifts.phone[chosen],
    }
    frame = pd.DataFrame({k: pd.Series(v, dtype=object, copy=False) for k, v in text.items()})
    frame["start"] = origin + shifts.begin[chosen].astype("timedelta64[s]")
    frame["end"] = origin + shifts.end[chosen].astype("timedelta64[s]")
    return frame


def on_duty_at(conn: Connection, moment: datetime, scope: int | None = None) -> pd.DataFrame:
    """Who is on shift at `moment`, office by office: office, person, role, phone, start, end."""
    rows = conn.execute(
        select(
            office.c.code,
            office.c.name,
            shift.c.person_name,
            shift.c.role,
            shift.c.phone,
            unparsed(shift.c.start_at),
            unparsed(shift.c.end_at),
        )
        .select_from(shift.join(office, office.c.id == shift.c.office_id))
        .where(*on_duty_clauses(conn, moment), *in_scope(shift.c.office_id, scope))
        .order_by(office.c.code, shift.c.role, shift.c.person_name, shift.c.start_at)
    ).all()
    frame = as_frame(rows, ON_DUTY_COLUMNS)
    for column in ("start", "end"):
        frame[column] = pd.to_datetime(frame[column], format="ISO8601")
    return frame


def gaps_ahead(
    days: list[OfficeDay], uncovered: list[dict], campaign: CampaignInfo, now: datetime, hours: int = 2
) -> list[dict]:
    """Offices of today's coverage not `uncovered` now whose next gap starts within `hours`:
    office, gap start, gap end."""
    if not in_duty_window(campaign, now):
        return []
    horizon = now + timedelta(hours=hours)
    short = {o["id"] for o in uncovered}
    ahead = []
    for d in days:
        if d.office_id in short:
            continue
        upcoming = [(a, b) for a, b in d.coverage.gaps if now < a < horizon]
        if upcoming:
            ahead.append({"code": d.code, "name": d.name, "start": upcoming[0][0], "end": upcoming[0][1]})
    return sorted(ahead, key=lambda g: (g["start"], g["code"]))


def shifts_of(conn: Connection, office_id: int, day: date, scope: int | None = None) -> pd.DataFrame:
    """One office's shifts touching `day`, for the drill-down."""
    start = datetime.combine(day, datetime.min.time())
    rows = conn.execute(
        select(shift.c.person_name, shift.c.role, shift.c.phone, shift.c.start_at, shift.c.end_at)
        .where(
            and_(
                shift.c.office_id == office_id,
                *in_scope(shift.c.office_id, scope),
                shift.c.start_at < start + timedelta(days=1),
                shift.c.end_at > start,
            )
        )
        .order_by(shift.c.start_at, shift.c.person_name)
    ).all()
    return as_frame(rows, ["person", "role", "phone", "start", "end"])


@dataclass(frozen=True)
class RosterWall:
    on_duty_day: bool
    days: list[OfficeDay]  # gaps first
    uncovered: list[dict]
    ahead: list[dict]
    gala_day: bool
    minimum: int
    figures: RosterFigures
    gala_short: dict[int, GalaShortfall] = field(default_factory=dict)  # office id -> why not gala-ready


def roster_wall(
    conn: Connection, campaign: CampaignInfo, now: datetime, minimum: int, scope: int | None = None
) -> RosterWall:
    """Today's coverage and who is uncovered now, as the page has them, without phones."""
    on_duty_day = now.date() in campaign.duty_days()
    days, uncovered, short = [], [], {}
    gala_day = now.date() == campaign.gala_start.date()
    if on_duty_day:
        start, end = campaign.duty_window(now.date())
        offices = duty_offices(conn, scope)
        with no_collection():
            shifts = read_day(conn, start, end, scope)
            days = coverage_of(shifts, offices, campaign, end, minimum)
        uncovered = uncovered_at(campaign, shifts, offices, now, minimum)
        short = gala_shortfalls(shifts, days, campaign) if gala_day else {}
    ahead = gaps_ahead(days, uncovered, campaign, now)
    figures = roster_figures(days, uncovered, ahead, gala_day)
    return RosterWall(on_duty_day, days, uncovered, ahead, gala_day, minimum, figures, short)


def office_names(conn: Connection, scope: int | None = None) -> dict[int, str]:
    """The offices keeping duty in the viewer's scope, for the drill-down's picker: id -> name."""
    return {o[0]: o[2] for o in duty_offices(conn, scope)}
