"""The overview's eight headline tiles, shared by the overview page and the wall."""

from __future__ import annotations

from datetime import datetime

from campaign.campaigns import CampaignInfo
from campaign.coverage import in_duty_window
from campaign.strings import t
from queries.overview import Overview
from ui import format
from ui.tiles import Tile


def case_tiles(figures: Overview) -> list[Tile]:
    return [
        Tile(
            t("overview.today_received"),
            format.count(figures.today_received),
            t("overview.vs_yesterday", delta=figures.today_received - figures.same_time_yesterday),
            key="today_received",
        ),
        Tile(t("overview.last_hour"), format.count(figures.last_hour), key="last_hour"),
        Tile(t("overview.open_cases"), format.count(figures.open_cases), key="open_cases"),
        Tile(
            t("overview.overdue_cases"),
            format.count(figures.overdue_cases),
            tone="alert" if figures.overdue_cases else "good",
            key="overdue_cases",
        ),
    ]


def field_tiles(figures: Overview, info: CampaignInfo, now: datetime) -> list[Tile]:
    uncovered = figures.uncovered_now
    if uncovered:
        duty_note = t("overview.uncovered_list", names="、".join(o["name"] for o in uncovered))
    else:
        duty_note = "" if in_duty_window(info, now) else t("overview.outside_duty")
    return [
        Tile(
            t("overview.uncovered_now"),
            format.count(len(uncovered)),
            duty_note,
            tone="alert" if uncovered else "good",
            key="uncovered_now",
        ),
        Tile(t("overview.live_sites"), format.count(figures.live_sites), key="live_sites"),
        Tile(t("overview.materials"), format.count(figures.materials), key="materials"),
        Tile(
            t("overview.targets_behind"),
            format.count(figures.targets_behind),
            t("overview.targets_behind_note", offices=figures.offices_behind, targets=figures.targets_behind),
            tone="warn" if figures.targets_behind else "good",
            key="targets_behind",
        ),
    ]
