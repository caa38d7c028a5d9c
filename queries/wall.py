"""The 12315 wall screen's figures, aggregated in SQL."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection

from campaign.campaigns import CampaignInfo
from queries import complaints
from queries.complaint_figures import (
    LastHour,
    OpenCases,
    last_hour,
    open_by_office,
    open_cases,
    received_today,
)
from queries.complaints import Filters, GalaTransfers


@dataclass(frozen=True)
class ComplaintsWall:
    received: int  # figure.received_today
    last_hour: LastHour
    open_cases: OpenCases
    volume: pd.DataFrame  # at, count: today by hour, up to now
    last_year: pd.DataFrame  # at, count: the same day a year earlier
    categories: pd.DataFrame  # code, count: today's top categories
    offices: pd.DataFrame  # name, open, overdue: the six most overdue offices
    gala: GalaTransfers


def complaints_wall(conn: Connection, campaign: CampaignInfo, now: datetime, f: Filters) -> ComplaintsWall:
    """Today's volume for the filters; open and overdue as the overview counts them."""
    today = replace(f, first_day=now.date(), last_day=now.date())
    worst = open_by_office(conn, f, now)
    return ComplaintsWall(
        received=received_today(conn, f, now),
        last_hour=last_hour(conn, f, now),
        open_cases=open_cases(conn, f, now),
        volume=complaints.volume_by_time(conn, today, 60, now),
        last_year=complaints.volume_by_time(conn, today.a_year_earlier(), 60),
        categories=complaints.breakdown(conn, today, "category", now, limit=6),
        offices=worst[["name", "open", "overdue"]].head(6).reset_index(drop=True),
        gala=complaints.gala_transfers(conn, today, now, limit=0),
    )
