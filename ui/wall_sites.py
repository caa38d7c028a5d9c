"""The wall's activity-sites screen: today's figures, today's sites on the map, the busiest offices."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from campaign.campaigns import CampaignInfo
from campaign.strings import t
from campaign.wall import Screen
from queries.sites import SitesWall
from ui import format
from ui.tiles import figure_tile, tile_row
from ui.wall_lists import PANEL_HEIGHT, bar_list, bars
from ui.wall_map import sites_svg


def draw_sites(info: CampaignInfo, screen: Screen, figures: SitesWall, now: datetime) -> None:
    today = figures.figures
    # A screen filtered to one office shows that office's figures: its name goes into each label.
    tile_row(
        [
            figure_tile(name, format.count(getattr(today, name)), scope=figures.office)
            for name in (
                "sites_today",
                "live_sites",
                "served_today",
                "materials_today",
                "site_complaints_today",
            )
        ]
    )
    drawn, side = st.columns([1.7, 1], gap="large")
    drawn.markdown(sites_svg(figures.sites, width=1100, height=PANEL_HEIGHT), unsafe_allow_html=True)
    rows = bars(figures.offices, "name", "served")
    side.markdown(bar_list(t("wall.top_sites_offices"), rows, "site_offices"), unsafe_allow_html=True)
