"""Overview: the command centre's headline figures, refreshed every 30 seconds."""

from datetime import datetime

import streamlit as st

from campaign.settings import settings
from campaign.strings import t
from queries.alerts import alerts
from queries.overview import overview
from ui import data, format, signin
from ui.alerts import alerts_strip
from ui.overview_tiles import case_tiles, field_tiles
from ui.tiles import figure_tile, tile_row


def campaign_day_note(info, now: datetime) -> str:
    n = info.day_number(now.date())
    if n < 1:
        return t("overview.campaign_before", n=1 - n)
    if now.date() > info.last_day:
        return t("overview.campaign_after")
    note = t("overview.campaign_day", n=n)
    return f"{note} · {t('app.demo_clock')}" if info.clock_offset_s else note


info = data.campaign()
if info is not None:
    scope = signin.current().office_id
    st.title(t("overview.heading", campaign=info.name, theme=info.theme))

    @st.fragment(run_every=settings().refresh_seconds)
    def live_tiles() -> None:
        signin.recheck()
        now = data.campaign_now(info)
        moment = data.figures_moment(info)
        figures = data.cached("overview", overview, info, moment, settings().min_on_duty, scope)
        if figures is None:
            return
        found = data.cached("alerts", alerts, info, moment, settings().min_on_duty, scope)
        alerts_strip(found or [], now, links=True)
        tile_row(case_tiles(figures))
        tile_row(
            [
                *field_tiles(figures, info, now),
                figure_tile("clock", format.clock(now), campaign_day_note(info, now)),
            ]
        )
        st.caption(t("app.data_as_of", time=format.date_time(figures.now)))

    live_tiles()
