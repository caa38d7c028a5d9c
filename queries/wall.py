"""The wall screen's figures: one small result per screen, everything aggregated in SQL."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Connection

from campaign.campaigns import CampaignInfo
from campaign.coverage import OfficeDay, coverage_day, uncovered_in
from campaign.metrics import METRICS
from campaign.offices import subtree_ids
from campaign.targets import progress_as_of
from queries import complaints, roster, sites
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


@dataclass(frozen=True)
class RosterWall:
    on_duty_day: bool
    days: list[OfficeDay]  # gaps first
    uncovered: list[dict]
    ahead: list[dict]
    gala_day: bool
    minimum: int


def roster_wall(
    conn: Connection, campaign: CampaignInfo, now: datetime, minimum: int, scope: int | None = None
) -> RosterWall:
    on_duty_day = now.date() in campaign.duty_days()
    days = coverage_day(conn, campaign, now.date(), minimum, scope) if on_duty_day else []
    return RosterWall(
        on_duty_day=on_duty_day,
        days=days,
        uncovered=uncovered_in(days, now),
        ahead=roster.gaps_ahead(days, campaign, now),
        gala_day=now.date() == campaign.gala_start.date(),
        minimum=minimum,
    )


@dataclass(frozen=True)
class SitesWall:
    sites: pd.DataFrame  # as queries.sites.sites_as_of, for today
    offices: pd.DataFrame  # code, name, sites, tallies: most served first


def sites_wall(
    conn: Connection, now: datetime, office_id: int | None = None, scope: int | None = None
) -> SitesWall:
    f = sites.SiteFilters(office_id=office_id, day=now.date(), scope=scope)
    frame = sites.sites_as_of(conn, now, f)
    by_office = sites.totals_by_office(conn, now, f)
    by_office["served"] = by_office["consultations"] + by_office["complaints"]
    by_office = by_office.sort_values(["served", "code"], ascending=[False, True]).head(8)
    return SitesWall(frame, by_office.reset_index(drop=True))


@dataclass(frozen=True)
class TargetsWall:
    done: int
    on_track: int
    behind: int
    offices_behind: int
    offices: pd.DataFrame  # name, behind, metrics: the eight offices with most targets behind


def targets_wall(conn: Connection, now: datetime, scope: int | None = None) -> TargetsWall:
    evaluated = progress_as_of(conn, now.date(), None if scope is None else subtree_ids(conn, scope))
    counts = evaluated["status"].value_counts()
    behind = evaluated[evaluated["status"] == "behind"]
    offices = (
        behind.groupby(["office_code", "office_name"], as_index=False)
        .agg(behind=("id", "count"), metrics=("metric", lambda m: "、".join(METRICS[c].name for c in m)))
        .sort_values(["behind", "office_code"], ascending=[False, True])
        .rename(columns={"office_name": "name"})
    )
    return TargetsWall(
        done=int(counts.get("done", 0)),
        on_track=int(counts.get("on_track", 0)),
        behind=int(counts.get("behind", 0)),
        offices_behind=len(offices),
        offices=offices[["name", "behind", "metrics"]].head(8).reset_index(drop=True),
    )
