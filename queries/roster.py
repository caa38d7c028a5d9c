"""The duty screen's data: each grassroots office's coverage of a duty day, who is on duty now."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import Connection, and_, select

from campaign.campaigns import CampaignInfo
from campaign.coverage import Duty, OfficeDay, coverage, hour_cells, in_duty_window
from campaign.offices import duty_offices
from campaign.schema import Office, Shift

office = Office.__table__
shift = Shift.__table__


def duties_between(conn: Connection, start: datetime, end: datetime) -> dict[int, list[Duty]]:
    """Every shift overlapping [start, end), by office."""
    rows = conn.execute(
        select(shift.c.office_id, shift.c.person_name, shift.c.role, shift.c.start_at, shift.c.end_at).where(
            shift.c.start_at < end, shift.c.end_at > start
        )
    ).all()
    duties: dict[int, list[Duty]] = {}
    for office_id, person, role, start_at, end_at in rows:
        duties.setdefault(office_id, []).append(Duty(person, role, start_at, end_at))
    return duties


def coverage_day(
    conn: Connection, campaign: CampaignInfo, day: date, min_on_duty: int = 1
) -> list[OfficeDay]:
    """Every office that must keep duty: least covered first, then not gala-ready, then by code."""
    start, end = campaign.duty_window(day)
    gala = (campaign.gala_start, campaign.gala_end) if campaign.gala_start.date() == day else None
    duties = duties_between(conn, start, end)
    days = []
    for o in duty_offices(conn):
        mine = duties.get(o["id"], [])
        days.append(
            OfficeDay(
                o["id"],
                o["code"],
                o["name"],
                coverage(mine, start, end, min_on_duty, gala),
                hour_cells(mine, start, end, min_on_duty),
            )
        )
    return sorted(days, key=worst_first)


def worst_first(d: OfficeDay) -> tuple:
    c = d.coverage
    return (c.coverage_pct, c.leader_pct, c.gala_ready is not False, d.code)


def coverage_frame(days: list[OfficeDay], day: date) -> pd.DataFrame:
    """The coverage export's rows (formats.md), in the order given."""
    return pd.DataFrame(
        [
            {
                "office_code": d.code,
                "office_name": d.name,
                "date": day.isoformat(),
                "coverage_pct": f"{d.coverage.coverage_pct:.1f}",
                "leader_coverage_pct": f"{d.coverage.leader_pct:.1f}",
                "gaps": d.coverage.gap_text(),
                "gala_ready": "yes" if d.coverage.gala_ready else "no",
            }
            for d in days
        ],
        columns=[
            "office_code",
            "office_name",
            "date",
            "coverage_pct",
            "leader_coverage_pct",
            "gaps",
            "gala_ready",
        ],
    )


def on_duty_at(conn: Connection, moment: datetime) -> pd.DataFrame:
    """Who is on shift at `moment`, office by office: office, person, role, phone, start, end."""
    rows = conn.execute(
        select(
            office.c.code,
            office.c.name,
            shift.c.person_name,
            shift.c.role,
            shift.c.phone,
            shift.c.start_at,
            shift.c.end_at,
        )
        .select_from(shift.join(office, office.c.id == shift.c.office_id))
        .where(shift.c.start_at <= moment, shift.c.end_at > moment)
        .order_by(office.c.code, shift.c.role, shift.c.person_name)
    ).all()
    return pd.DataFrame(rows, columns=["code", "office", "person", "role", "phone", "start", "end"])


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


def shifts_of(conn: Connection, office_id: int, day: date) -> pd.DataFrame:
    """One office's shifts touching `day`, for the drill-down."""
    start = datetime.combine(day, datetime.min.time())
    rows = conn.execute(
        select(shift.c.person_name, shift.c.role, shift.c.phone, shift.c.start_at, shift.c.end_at)
        .where(
            and_(
                shift.c.office_id == office_id,
                shift.c.start_at < start + timedelta(days=1),
                shift.c.end_at > start,
            )
        )
        .order_by(shift.c.start_at, shift.c.person_name)
    ).all()
    return pd.DataFrame(rows, columns=["person", "role", "phone", "start", "end"])
