"""The sites-summary export's read: per office, its sites within the dates and their tallies."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Connection, func, select

from campaign.frames import as_frame
from campaign.offices import subtree_select
from campaign.schema import TALLY_COUNTS, Office, Site
from queries.tallies import latest_tallies

office = Office.__table__
site = Site.__table__
COLUMNS = ["office_code", "office_name", "sites", *TALLY_COUNTS]


def sites_by_office(
    conn: Connection, first_day: date, last_day: date, as_of: datetime, office_id: int | None = None
) -> pd.DataFrame:
    """Every office (the subtree of `office_id`, if given) in code order: its own sites starting
    first_day..last_day and the sums of their latest tallies by `as_of` (COLUMNS); 0 where none."""
    latest = latest_tallies(as_of)
    totals = (
        select(
            site.c.office_id,
            func.count(site.c.id).label("sites"),
            *(func.coalesce(func.sum(latest.c[c]), 0).label(c) for c in TALLY_COUNTS),
        )
        .select_from(site.outerjoin(latest, latest.c.site_id == site.c.id))
        .where(
            site.c.start_at >= datetime.combine(first_day, time()),
            site.c.start_at < datetime.combine(last_day + timedelta(days=1), time()),
        )
        .group_by(site.c.office_id)
        .subquery()
    )
    listed = select(office.c.id, office.c.code, office.c.name)
    if office_id is not None:
        listed = listed.where(office.c.id.in_(subtree_select(office_id)))
    listed = listed.subquery()
    rows = conn.execute(
        select(listed.c.code, listed.c.name, totals.c.sites, *(totals.c[c] for c in TALLY_COUNTS))
        .select_from(listed.outerjoin(totals, totals.c.office_id == listed.c.id))
        .order_by(listed.c.code)
    ).all()
    frame = as_frame(rows, COLUMNS)
    numbers = COLUMNS[2:]
    frame[numbers] = frame[numbers].fillna(0).astype("int64")
    return frame


def filing_office_name(conn: Connection, office_id: int | None = None) -> str | None:
    """The office that files the statistics table: `office_id`, or else the city office."""
    filer = office.c.id == office_id if office_id is not None else office.c.level == "city"
    return conn.execute(select(office.c.name).where(filer).order_by(office.c.code).limit(1)).scalar()
