"""The duty screen's data: each grassroots office's coverage of a duty day, who is on duty now."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import Connection, and_, select

from campaign.campaigns import CampaignInfo
from campaign.coverage import OfficeDay, in_duty_window, on_duty_clauses
from campaign.frames import as_frame
from campaign.offices import in_scope
from campaign.schema import Office, Shift
from campaign.sqltime import unparsed

office = Office.__table__
shift = Shift.__table__


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
        .order_by(office.c.code, shift.c.role, shift.c.person_name)
    ).all()
    frame = as_frame(rows, ["code", "office", "person", "role", "phone", "start", "end"])
    for column in ("start", "end"):
        frame[column] = pd.to_datetime(frame[column], format="ISO8601")
    return frame


def gaps_ahead(days: list[OfficeDay], campaign: CampaignInfo, now: datetime, hours: int = 2) -> list[dict]:
    """Offices covered now whose next gap starts within `hours`: office, gap start, gap end."""
    if not in_duty_window(campaign, now):
        return []
    horizon = now + timedelta(hours=hours)
    ahead = []
    for d in days:
        if any(a <= now < b for a, b in d.coverage.gaps):
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
