"""The headline tiles of the 12315 figures and the overview's field figures, shared by the overview
page, the 12315 page and the wall: one label per figure (ui.tiles.figure_tile)."""

from __future__ import annotations

from datetime import datetime

from campaign.campaigns import CampaignInfo
from campaign.coverage import in_duty_window
from campaign.strings import t
from campaign.targets import behind_tone
from queries.complaint_figures import LastHour, OpenCases
from queries.overview import Overview
from ui import format
from ui.tiles import Tile, figure_tile


def received_today_tile(received: int, yesterday: int | None = None, scope: str = "") -> Tile:
    note = "" if yesterday is None else t("overview.vs_yesterday", delta=received - yesterday)
    return figure_tile("received_today", format.count(received), note, scope=scope)


def last_hour_tile(hour: LastHour, scope: str = "") -> Tile:
    return figure_tile(
        "last_hour",
        format.count(hour.count),
        t("wall.last_hour_note", usual=hour.usual),
        tone="alert" if hour.surge else "",
        scope=scope,
    )


def open_tiles(cases: OpenCases, scope: str = "") -> list[Tile]:
    return [
        figure_tile("open_cases", format.count(cases.open), t("tile.open_note"), scope=scope),
        figure_tile(
            "overdue_cases",
            format.count(cases.overdue),
            tone="alert" if cases.overdue else "good",
            scope=scope,
        ),
    ]


def case_tiles(figures: Overview) -> list[Tile]:
    return [
        received_today_tile(figures.today_received, figures.same_time_yesterday),
        last_hour_tile(figures.last_hour),
        *open_tiles(figures.open_cases),
    ]


def field_tiles(figures: Overview, info: CampaignInfo, now: datetime) -> list[Tile]:
    uncovered = figures.uncovered_now
    if uncovered:
        duty_note = t("overview.uncovered_list", names="、".join(o["name"] for o in uncovered))
    else:
        duty_note = "" if in_duty_window(info, now) else t("overview.outside_duty")
    return [
        figure_tile(
            "uncovered_now", format.count(len(uncovered)), duty_note, tone="alert" if uncovered else "good"
        ),
        figure_tile("live_sites", format.count(figures.live_sites)),
        figure_tile("materials_total", format.count(figures.materials)),
        figure_tile(
            "targets_behind",
            format.count(figures.targets_behind),
            t("overview.targets_behind_note", offices=figures.offices_behind, targets=figures.targets_behind),
            tone=behind_tone(figures.targets_behind),
        ),
    ]
