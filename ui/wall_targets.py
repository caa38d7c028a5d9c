"""The wall's targets screen: targets done, on track and behind, and the offices behind."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from campaign.campaigns import CampaignInfo
from campaign.strings import t
from campaign.wall import Screen
from ui import format
from ui.tiles import Tile, tile_row
from ui.wall_lists import bar_list


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
