"""The wall's screens: each fits 1920x1080 below the header, big numbers first, no personal data."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from campaign.campaigns import CampaignInfo
from campaign.strings import t
from campaign.wall import Screen
from ui import format
from ui.markup import escape
from ui.overview_tiles import case_tiles, field_tiles, last_hour_tile, open_tiles, received_today_tile
from ui.tiles import Tile, figure_tile, tile_row
from ui.wall import screen_scope
from ui.wall_chart import volume_svg
from ui.wall_lists import bar_list, bars
from ui.wall_roster import draw_roster
from ui.wall_sites import draw_sites
from ui.wall_targets import draw_targets


def _volume_chart(info: CampaignInfo, figures, now: datetime, height: int, width: int) -> None:
    gala = (info.gala_start, info.gala_end) if now.date() == info.gala_start.date() else None
    day_start = datetime.combine(now.date(), datetime.min.time())
    chart = volume_svg(
        figures.volume, figures.last_year, day_start, gala, width=width, height=height, now=now
    )
    st.markdown(
        f'<div class="wall-list"><h3>{escape(t("wall.volume"))}</h3></div>{chart}', unsafe_allow_html=True
    )


def _complaint_tiles(figures, screen: Screen) -> list[Tile]:
    scope = screen_scope(screen)
    tiles = [
        received_today_tile(figures.received, scope=scope),
        last_hour_tile(figures.last_hour, scope=scope),
        *open_tiles(figures.open_cases, scope=scope),
    ]
    if screen.filter("channel") != "gala":
        gala = figures.gala
        tiles.append(
            figure_tile(
                "gala_received",
                format.count(gala.received),
                t("wall.gala_note", answered=format.count(gala.answered), open=format.count(gala.still_open)),
                scope=scope,
            )
        )
    return tiles


def draw_overview(info: CampaignInfo, screen: Screen, value, now: datetime) -> None:
    figures, today = value
    tile_row(case_tiles(figures))
    tile_row(field_tiles(figures, info, now))
    _volume_chart(info, today, now, 270, 1860)


def draw_complaints(info: CampaignInfo, screen: Screen, figures, now: datetime) -> None:
    tile_row(_complaint_tiles(figures, screen))
    chart, categories, offices = st.columns([1.5, 1, 1], gap="large")
    with chart:
        _volume_chart(info, figures, now, 500, 860)
    cats = figures.categories.assign(name=figures.categories["code"])
    categories.markdown(
        bar_list(t("wall.top_categories"), bars(cats, "name", "count"), "categories"), unsafe_allow_html=True
    )
    worst = figures.offices
    top = max(worst["open"].max(), 1) if len(worst) else 1
    rows = [
        (
            r["name"],
            r["open"] / top,
            f"{format.count(r['open'])} / {format.count(r['overdue'])}",
            "alert" if r["overdue"] else "warn",
        )
        for _, r in worst.iterrows()
    ]
    offices.markdown(bar_list(t("wall.top_overdue"), rows, "offices"), unsafe_allow_html=True)


DRAW = {
    "overview": draw_overview,
    "complaints": draw_complaints,
    "roster": draw_roster,
    "sites": draw_sites,
    "targets": draw_targets,
}
