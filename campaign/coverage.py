"""Duty coverage: who is on shift at a moment, and which offices have fewer than required."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, and_, func, select

from campaign.campaigns import CampaignInfo
from campaign.schema import Office, Shift

office = Office.__table__
shift = Shift.__table__


def in_duty_window(campaign: CampaignInfo, moment: datetime) -> bool:
    if moment.date() not in campaign.duty_days():
        return False
    start, end = campaign.duty_window(moment.date())
    return start <= moment < end


def offices_uncovered_at(
    conn: Connection, campaign: CampaignInfo, moment: datetime, min_on_duty: int = 1
) -> list[dict]:
    """Grassroots offices with fewer than `min_on_duty` people on shift at `moment`.

    Outside the duty window nobody is required, so the list is empty. A person with two
    overlapping shifts counts once.
    """
    if not in_duty_window(campaign, moment):
        return []
    on_duty = (
        select(shift.c.office_id, func.count(func.distinct(shift.c.person_name)).label("people"))
        .where(shift.c.start_at <= moment, shift.c.end_at > moment)
        .group_by(shift.c.office_id)
        .subquery()
    )
    people = func.coalesce(on_duty.c.people, 0)
    rows = conn.execute(
        select(office.c.id, office.c.code, office.c.name, people.label("people"))
        .select_from(office.outerjoin(on_duty, and_(on_duty.c.office_id == office.c.id)))
        .where(office.c.level == "station", people < min_on_duty)
        .order_by(office.c.code)
    ).mappings()
    return [dict(r) for r in rows]
