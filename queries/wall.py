"""The 12315 wall screen's figures, aggregated in SQL."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Connection

from campaign.campaigns import CampaignInfo
from queries import complaints
from queries.complaints import Filters, GalaTransfers


@dataclass(frozen=True)
class ComplaintsWall:
    received: int
    last_hour: int
    usual: float
    open_cases: int
    overdue_cases: int
    volume: pd.DataFrame  # at, count: today by hour, up to now
    last_year: pd.DataFrame  # at, count: the same day a year earlier
    categories: pd.DataFrame  # code, count: today's top categories
    offices: pd.DataFrame  # name, open, overdue: most overdue first
    gala: GalaTransfers


def complaints_wall(conn: Connection, campaign: CampaignInfo, now: datetime, f: Filters) -> ComplaintsWall:
    """Today's volume for the filters; open and overdue since the campaign began."""
    today = replace(f, first_day=now.date(), last_day=now.date())
    since_start = replace(f, first_day=min(campaign.first_day, now.date()), last_day=now.date())
    offices = complaints.by_office(conn, since_start, now)
    worst = offices[offices["open"] > 0].sort_values(
        ["overdue", "open", "code"], ascending=[False, False, True]
    )
    return ComplaintsWall(
        received=complaints.count(conn, today, until=now + timedelta(seconds=1)),
        last_hour=complaints.last_hour(conn, replace(today, first_day=now.date() - timedelta(days=1)), now),
        usual=complaints.usual_for_hour(conn, today, now),
        open_cases=int(offices["open"].sum()),
        overdue_cases=int(offices["overdue"].sum()),
        volume=complaints.volume_by_time(conn, today, 60, now),
        last_year=complaints.volume_by_time(conn, today.a_year_earlier(), 60),
        categories=complaints.breakdown(conn, today, "category", now, limit=6),
        offices=worst[["name", "open", "overdue"]].head(6).reset_index(drop=True),
        gala=complaints.gala_transfers(conn, today, now, limit=0),
    )
