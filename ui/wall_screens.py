"""The wall's screens: each fits 1920x1080 below the header, big numbers first, no personal data."""

from __future__ import annotations

from datetime import datetime
from html import escape

import streamlit as st

from campaign.campaigns import CampaignInfo
from campaign.localtime import hhmm
from campaign.strings import t
from campaign.wall import Screen
from ui import format
from ui.overview_tiles import case_tiles, field_tiles
from ui.roster_grid import grid_html
from ui.tiles import Tile, tile_row
from ui.wall_chart import volume_svg
from ui.wall_lists import bar_list, bars
from ui.wall_map import sites_svg

PANEL_HEIGHT = 560  # below the header, alerts and tiles at 1920x1080


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


def draw_targets(info: CampaignInfo, screen: Screen, figures, now: datetime) -> None:
    offices = figures.offices
    tile_row(
        [
            Tile(t("wall.targets_done"), format.count(figures.done), tone="good", key="done"),
            Tile(t("wall.targets_on_track"), format.count(figures.on_track), key="on_track"),
            Tile(
                t("wall.targets_behind"),
                format.count(figures.behind),
                tone="warn" if figures.behind else "good",
                key="behind",
            ),
            Tile(t("wall.offices_behind"), format.count(figures.offices_behind), key="offices_behind"),
        ]
    )
    top = max(offices["behind"].max(), 1) if len(offices) else 1
    rows = [
        (r["name"], r["behind"] / top, t("wall.behind_count", n=r["behind"]), "warn")
        for _, r in offices.iterrows()
    ]
    st.markdown(bar_list(t("wall.behind_offices"), rows, "behind"), unsafe_allow_html=True)


DRAW = {
    "overview": draw_overview,
    "complaints": draw_complaints,
    "roster": draw_roster,
    "sites": draw_sites,
    "targets": draw_targets,
}
