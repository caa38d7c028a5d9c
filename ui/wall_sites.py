"""The wall's activity-sites screen: today's sites on the map and their tallies."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from campaign.campaigns import CampaignInfo
from campaign.strings import t
from campaign.wall import Screen
from ui import format
from ui.tiles import Tile, tile_row
from ui.wall_lists import PANEL_HEIGHT, bar_list, bars
from ui.wall_map import sites_svg


def draw_sites(info: CampaignInfo, screen: Screen, figures, now: datetime) -> None:
    sites = figures.sites
    live = int((sites["state"] == "live").sum()) if len(sites) else 0
    tile_row(
        [
            Tile(t("wall.sites_today"), f"{live}/{len(sites)}", t("overview.live_sites"), key="sites"),
            Tile(t("wall.served"), format.count(int(sites["served"].sum())), key="served"),
            Tile(t("overview.materials"), format.count(int(sites["materials"].sum())), key="materials"),
            Tile(t("stats.complaints"), format.count(int(sites["complaints"].sum())), key="complaints"),
        ]
    )
    drawn, side = st.columns([1.7, 1], gap="large")
    drawn.markdown(sites_svg(sites, width=1100, height=PANEL_HEIGHT), unsafe_allow_html=True)
    offices = figures.offices
    rows = bars(offices, "name", "served")
    side.markdown(bar_list(t("wall.top_sites_offices"), rows, "site_offices"), unsafe_allow_html=True)
