"""The wall's duty-coverage screen: the day's coverage, who is uncovered now and soon."""

from __future__ import annotations

from datetime import datetime
from html import escape

import streamlit as st

from campaign.campaigns import CampaignInfo
from campaign.localtime import hhmm
from campaign.strings import t
from campaign.wall import Screen
from ui import format
from ui.roster_grid import grid_html
from ui.tiles import Tile, tile_row
from ui.wall_lists import bar_list


def draw_roster(info: CampaignInfo, screen: Screen, figures, now: datetime) -> None:
    if not figures.on_duty_day:
        first, last = info.duty_first_day, info.duty_last_day
        st.markdown(
            f'<div class="wall-note">{escape(t("wall.not_duty_day", first=f"{first:%m-%d}", last=f"{last:%m-%d}"))}</div>',
            unsafe_allow_html=True,
        )
        return
    days = figures.days
    full = sum(1 for d in days if not d.coverage.gaps)
    tiles = [
        Tile(t("roster.offices"), format.count(len(days)), key="offices"),
        Tile(t("roster.full"), format.count(full), tone="good" if full == len(days) else "", key="full"),
        Tile(
            t("wall.uncovered_now"),
            format.count(len(figures.uncovered)),
            tone="alert" if figures.uncovered else "good",
            key="uncovered_now",
        ),
        Tile(
            t("wall.gaps_ahead"),
            format.count(len(figures.ahead)),
            tone="warn" if figures.ahead else "good",
            key="gaps_ahead",
        ),
    ]
    if figures.gala_day:
        ready = sum(1 for d in days if d.coverage.gala_ready)
        tiles.append(
            Tile(
                t("roster.gala_ready_count"),
                f"{ready}/{len(days)}",
                tone="good" if ready == len(days) else "warn",
                key="gala_ready",
            )
        )
    tile_row(tiles)
    grid, side = st.columns([2.4, 1], gap="large")
    worst = days[:12]  # worst first: gaps, then not gala-ready, then the rest
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
        bar_list(t("wall.uncovered_now"), uncovered, "uncovered")
        + bar_list(t("wall.gaps_ahead"), ahead, "ahead"),
        unsafe_allow_html=True,
    )
