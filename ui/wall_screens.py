"""The wall's screens: each fits 1920x1080 below the header, big numbers first, no personal data."""

from __future__ import annotations

from datetime import datetime
from html import escape

import streamlit as st

from campaign.campaigns import CampaignInfo
from campaign.strings import t
from campaign.wall import Screen
from ui import format
from ui.overview_tiles import case_tiles, field_tiles
from ui.tiles import Tile, tile_row
from ui.wall_chart import volume_svg
from ui.wall_lists import PANEL_HEIGHT, bar_list, bars
from ui.wall_roster import draw_roster
from ui.wall_sites import draw_sites
from ui.wall_targets import draw_targets


def _volume_chart(info: CampaignInfo, figures, now: datetime, height: int, width: int) -> None:
    gala = (info.gala_start, info.gala_end) if now.date() == info.gala_start.date() else None
    day_start = datetime.combine(now.date(), datetime.min.time())
    chart = volume_svg(figures.volume, figures.last_year, day_start, gala, width=width, height=height)
    st.markdown(
        f'<div class="wall-list"><h3>{escape(t("wall.volume"))}</h3></div>{chart}', unsafe_allow_html=True
    )


def _complaint_tiles(figures, with_gala: bool) -> list[Tile]:
    tiles = [
        Tile(t("wall.today_received"), format.count(figures.received), key="received"),
        Tile(
            t("overview.last_hour"),
            format.count(figures.last_hour),
            t("wall.last_hour_note", usual=figures.usual),
            tone="alert" if figures.last_hour >= 20 and figures.last_hour > 2 * figures.usual else "",
            key="last_hour",
        ),
        Tile(t("overview.open_cases"), format.count(figures.open_cases), key="open_cases"),
        Tile(
            t("overview.overdue_cases"),
            format.count(figures.overdue_cases),
            tone="alert" if figures.overdue_cases else "good",
            key="overdue_cases",
        ),
    ]
    if with_gala:
        gala = figures.gala
        tiles.append(
            Tile(
                t("complaints.gala"),
                format.count(gala.received),
                t("wall.gala_note", answered=format.count(gala.answered), open=format.count(gala.still_open)),
                key="gala",
            )
        )
    return tiles


def draw_overview(info: CampaignInfo, screen: Screen, value, now: datetime) -> None:
    figures, today = value
    tile_row(case_tiles(figures))
    tile_row(field_tiles(figures, info, now))
    _volume_chart(info, today, now, 250, 1860)


def draw_complaints(info: CampaignInfo, screen: Screen, figures, now: datetime) -> None:
    tile_row(_complaint_tiles(figures, with_gala=screen.filter("channel") != "gala"))
    chart, categories, offices = st.columns([1.5, 1, 1], gap="large")
    with chart:
        _volume_chart(info, figures, now, PANEL_HEIGHT - 60, 860)
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
