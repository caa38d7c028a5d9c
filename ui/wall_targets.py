"""The wall's targets screen: targets done, on track and behind, and the offices behind."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from campaign.campaigns import CampaignInfo
from campaign.strings import t
from campaign.targets import behind_tone
from campaign.wall import Screen
from queries.targets import TargetsWall
from ui import format
from ui.tiles import figure_tile, tile_row
from ui.wall_lists import bar_list


def draw_targets(info: CampaignInfo, screen: Screen, figures: TargetsWall, now: datetime) -> None:
    counts, offices = figures.counts, figures.offices
    tile_row(
        [
            figure_tile("targets_done", format.count(counts.done), tone="good"),
            figure_tile("targets_on_track", format.count(counts.on_track)),
            figure_tile("targets_behind", format.count(counts.behind), tone=behind_tone(counts.behind)),
            figure_tile(
                "offices_behind", format.count(counts.offices_behind), tone=behind_tone(counts.offices_behind)
            ),
        ]
    )
    top = max(offices["behind"].max(), 1) if len(offices) else 1
    rows = [
        (r["name"], r["behind"] / top, t("wall.behind_count", n=r["behind"]), "warn")
        for _, r in offices.iterrows()
    ]
    st.markdown(bar_list(t("wall.behind_offices"), rows, "behind", tall=True), unsafe_allow_html=True)
