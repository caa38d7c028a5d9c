"""The wall's duty-coverage screen: the day's coverage, who is uncovered now and soon."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from campaign.campaigns import CampaignInfo
from campaign.localtime import hhmm
from campaign.strings import t
from campaign.wall import Screen
from queries.roster import RosterWall
from ui.markup import escape
from ui.roster_grid import grid_html
from ui.roster_tiles import roster_tiles
from ui.tiles import tile_row
from ui.wall_lists import bar_list

WALL_TILES = ("offices_on_duty", "full_coverage", "uncovered_now", "gaps_ahead", "gala_ready")


def draw_roster(info: CampaignInfo, screen: Screen, figures: RosterWall, now: datetime) -> None:
    if not figures.on_duty_day:
        first, last = info.duty_first_day, info.duty_last_day
        st.markdown(
            f'<div class="wall-note">{escape(t("wall.not_duty_day", first=f"{first:%m-%d}", last=f"{last:%m-%d}"))}</div>',
            unsafe_allow_html=True,
        )
        return
    days = figures.days
    tile_row(roster_tiles(figures.figures, WALL_TILES))
    grid, side = st.columns([2.4, 1], gap="large")
    worst = days[
        :10
    ]  # worst first: gaps, then not gala-ready, then the rest; as many as end above the footer
    grid.markdown(
        f'<div class="wall"><div class="wall-list"><h3>{escape(t("wall.worst_offices"))}</h3></div>'
        f"{grid_html(worst, figures.minimum, figures.gala_day)}</div>",
        unsafe_allow_html=True,
    )
    uncovered = [(o["name"], 1.0, "", "alert") for o in figures.uncovered[:5]]
    ahead = [
        (g["name"], 1.0, hhmm(g["start"].hour * 60 + g["start"].minute), "warn") for g in figures.ahead[:4]
    ]
    side.markdown(
        bar_list(t("figure.uncovered_now"), uncovered, "uncovered")
        + bar_list(t("figure.gaps_ahead"), ahead, "ahead"),
        unsafe_allow_html=True,
    )
