"""Database access for pages: one engine per process, reads that survive an outage.

When the database cannot be reached a page keeps its last good figures and shows a banner
with their time, instead of an error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from sqlalchemy.exc import DBAPIError, OperationalError

from campaign.campaigns import CampaignInfo, current_campaign
from campaign.db import engine_for
from campaign.localtime import wall_now
from campaign.settings import settings
from campaign.strings import t
from ui.format import date_time

log = logging.getLogger("campaign.ui")
T = TypeVar("T")


def engine():
    return engine_for(settings().url)


def read(name: str, query: Callable[..., T], *args, **kwargs) -> T | None:
    """Run `query(conn, *args, **kwargs)`; on a database failure, the last good result."""
    key = f"last_good:{name}"
    try:
        with engine().connect() as conn:
            result = query(conn, *args, **kwargs)
    except (OperationalError, DBAPIError) as error:
        log.warning("database unreachable while reading %s: %s", name, type(error).__name__)
        last = st.session_state.get(key)
        if last is None:
            st.error(t("app.db_unreachable_never"), icon="⚠️")
            return None
        st.error(t("app.db_unreachable", time=date_time(last[1])), icon="⚠️")
        return last[0]
    st.session_state[key] = (result, wall_now())
    return result


# Short-lived: the demo feed moves the campaign clock's offset as it runs.
@st.cache_data(ttl=5, max_entries=2, show_spinner=False)
def _campaign(url: str) -> CampaignInfo | None:
    with engine_for(url).connect() as conn:
        return current_campaign(conn)


def campaign() -> CampaignInfo | None:
    """The current campaign, or None with a message when there is none yet."""
    try:
        info = _campaign(settings().url)
    except (OperationalError, DBAPIError):
        last = st.session_state.get("last_good:campaign")
        if last is None:
            st.error(t("app.db_unreachable_never"), icon="⚠️")
            return None
        return last[0]
    if info is None:
        st.warning(t("app.no_campaign"))
        return None
    st.session_state["last_good:campaign"] = (info, wall_now())
    return info
