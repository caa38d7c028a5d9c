"""Figures for the overview tiles, each as of a moment on the campaign clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from campaign.campaigns import CampaignInfo
from queries.complaint_figures import (
    LastHour,
    OpenCases,
    last_hour,
    open_cases,
    received_same_time_yesterday,
    received_today,
)
from queries.complaints import Filters
from queries.coverage import offices_uncovered_at
from queries.sites import live_site_count, materials_handed_out
from queries.targets import target_counts


@dataclass(frozen=True)
class Overview:
    now: datetime
    today_received: int
    same_time_yesterday: int
    last_hour: LastHour
    open_cases: OpenCases
    uncovered_now: list[dict]
    live_sites: int
    materials: int
    targets_behind: int
    offices_behind: int


def overview(
    conn: Connection, campaign: CampaignInfo, now: datetime, min_on_duty: int = 1, scope: int | None = None
) -> Overview:
    """The headline figures for the viewer's scope (None: the whole city)."""
    everything = Filters(now.date(), now.date(), scope=scope)
    return Overview(
        now=now,
        today_received=received_today(conn, everything, now),
        same_time_yesterday=received_same_time_yesterday(conn, everything, now),
        last_hour=last_hour(conn, everything, now),
        open_cases=open_cases(conn, everything, now),
        uncovered_now=offices_uncovered_at(conn, campaign, now, min_on_duty, scope),
        live_sites=live_site_count(conn, now, scope),
        materials=materials_handed_out(conn, now, scope),
        **behind_on_targets(conn, now, scope),
    )


def behind_on_targets(conn: Connection, now: datetime, scope: int | None = None) -> dict[str, int]:
    """How many targets are behind as of today, and at how many offices (the targets screen's counts)."""
    counts = target_counts(conn, now.date(), scope)
    return {"targets_behind": counts.behind, "offices_behind": counts.offices_behind}
