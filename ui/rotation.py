"""The wall's live panel: which screen the clock says, its data, header, alerts and footer.

One flat fragment reruns every tick; screens change on the tick after their dwell ends and
the data is read again once per refresh interval, whatever the number of walls.
"""

from __future__ import annotations

import logging
import time

import streamlit as st

from campaign.campaigns import CampaignInfo
from campaign.localtime import wall_now
from campaign.settings import settings
from campaign.strings import t
from campaign.wall import (
    MAX_DWELL,
    SCREEN_FILTERS,
    Playlist,
    Screen,
    WallSettings,
    playlist_at,
    screens_from_url,
    slot_at,
)
from ui import data, signin, wall
from ui.alerts import alerts_strip
from ui.wall_reads import read_alerts, read_screen
from ui.wall_screens import DRAW

log = logging.getLogger("campaign.ui")


def playlist_for_url(wall_settings: WallSettings, info: CampaignInfo) -> Playlist:
    """The URL's `screens` and `refresh` if given, else the settings' schedule at the campaign clock."""
    default_refresh = settings().refresh_seconds
    refresh = st.query_params.get("refresh", "")
    refresh_seconds = int(refresh) if refresh.isdigit() and 2 <= int(refresh) <= 3600 else None
    from_url = screens_from_url(st.query_params.get("screens", ""))
    if from_url:
        return Playlist(from_url, refresh_seconds or default_refresh)
    playlist = playlist_at(wall_settings, info.now(), default_refresh)
    return Playlist(playlist.screens, refresh_seconds or playlist.refresh_seconds, playlist.name)


def single_screen(page: str) -> Screen:
    """`/<page>?wall=1`: that screen alone, with the page's own filters from the URL.

    A page with no wall screen (an administrators' page) shows the overview screen.
    """
    page = page if page in DRAW else "overview"
    allowed = SCREEN_FILTERS.get(page, ())
    filters = tuple((k, st.query_params[k]) for k in allowed if st.query_params.get(k))
    return Screen(page, MAX_DWELL, filters)


def show(info: CampaignInfo, wall_settings: WallSettings, fixed: Screen | None = None) -> None:
    minimum = settings().min_on_duty

    @st.fragment(run_every=wall_settings.tick_seconds)
    def live() -> None:
        signin.recheck()  # a revoked token stops the wall within a tick and its 5-second cache
        # A fragment's rerun runs outside the entry point's guard: keep traces off the wall here too.
        try:
            draw(info, wall_settings, fixed, minimum)
        except Exception:
            log.exception("wall failed")
            st.error(t("app.error"), icon="⚠️")

    live()


def draw(info: CampaignInfo, wall_settings: WallSettings, fixed: Screen | None, minimum: int) -> None:
    """One tick of the wall: the screen the clock says, its data, header, alerts and footer."""
    # Read again each tick (cached for 5 s): the demo feed moves the campaign clock.
    current = data.campaign() or info
    now = current.now()
    playlist = (
        Playlist((fixed,), settings().refresh_seconds) if fixed else playlist_for_url(wall_settings, current)
    )
    seconds = time.time()
    slot = slot_at(playlist.screens, seconds)
    screen = slot.screen
    bucket = int(seconds // playlist.refresh_seconds)
    parity = st.session_state.get("wall_parity", 0) ^ 1
    st.session_state["wall_parity"] = parity
    scope = signin.current().office_id
    name = f"wall:{screen.page}:{screen.filters}"
    fetched = data.fetch(
        name, read_screen, current, current.id, screen.page, screen.filters, bucket, minimum, scope, now
    )
    alerts = data.fetch("wall:alerts", read_alerts, current, current.id, bucket, minimum, scope, now)

    wall.header(current, screen, now)
    stamped = fetched.value
    real_now = wall_now()
    read_at = stamped.read_at if stamped else None
    shown_at = now - (real_now - read_at) if read_at else None  # on the campaign clock
    wall.status_line(
        read_at,
        shown_at,
        fetched.failed,
        real_now,
        playlist.refresh_seconds,
        wall_settings.tick_seconds,
        parity,
    )
    alerts_strip(alerts.value or [], now, links=False)
    if stamped is not None:
        DRAW[screen.page](current, screen, stamped.value, now)
    wall.footer(slot, len(playlist.screens), parity)
