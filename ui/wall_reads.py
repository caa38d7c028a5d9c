"""The wall's reads: one cached result per screen and refresh interval, shared by every wall.

Each read stamps the moment it asked the database, for the freshness line. Filters come from
settings or the URL and are checked against what exists before they reach a query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import streamlit as st

from campaign.campaigns import CampaignInfo
from campaign.localtime import wall_now
from campaign.offices import id_for_code
from campaign.vocabulary import CHANNELS, KINDS
from queries import roster, sites, targets
from queries import wall as wall_queries
from queries.alerts import alerts
from queries.complaints import Filters
from queries.overview import overview


@dataclass(frozen=True)
class Stamped:
    value: Any
    read_at: datetime


# Every cached read takes `bucket` (the refresh interval's number) as its key and the exact
# moment as an unhashed argument: the first wall to ask in a bucket reads, the others share it.
@st.cache_data(ttl=900, max_entries=64, show_spinner=False)
def read_screen(
    _conn,
    _info,
    campaign_id: int,
    page: str,
    filters: tuple,
    bucket: int,
    minimum: int,
    scope: int | None,
    _now,
):
    return Stamped(_figures(_conn, _info, page, dict(filters), minimum, scope, _now), wall_now())


@st.cache_data(ttl=900, max_entries=16, show_spinner=False)
def read_alerts(_conn, _info, campaign_id: int, bucket: int, minimum: int, scope: int | None, _now):
    return alerts(_conn, _info, _now, minimum, scope)


def complaint_filters(conn, now: datetime, filters: dict, scope: int | None = None) -> Filters:
    """A wall screen's filters, each checked against what exists; an unknown value is dropped."""
    return Filters(
        now.date(),
        now.date(),
        office_id=id_for_code(conn, filters.get("office", "")),
        kinds=(filters["kind"],) if filters.get("kind") in KINDS else (),
        channels=(filters["channel"],) if filters.get("channel") in CHANNELS else (),
        categories=(filters["category"],) if filters.get("category") else (),
        scope=scope,
    )


def _figures(
    conn, info: CampaignInfo, page: str, filters: dict, minimum: int, scope: int | None, now: datetime
):
    """One screen's figures inside `scope` (a wall token's office; None for the whole city)."""
    if page == "overview":
        return overview(conn, info, now, minimum, scope), wall_queries.complaints_wall(
            conn, info, now, Filters(now.date(), now.date(), scope=scope)
        )
    if page == "complaints":
        return wall_queries.complaints_wall(conn, info, now, complaint_filters(conn, now, filters, scope))
    if page == "roster":
        return roster.roster_wall(conn, info, now, minimum, scope)
    if page == "sites":
        return sites.sites_wall(conn, now, id_for_code(conn, filters.get("office", "")), scope)
    if page == "targets":
        return targets.targets_wall(conn, now, scope)
    raise ValueError(page)
