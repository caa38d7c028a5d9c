"""Database access for pages: one engine per process, reads that survive an outage.

When the database cannot be reached a page keeps its last good figures and shows a banner
with their time, instead of an error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

import streamlit as st
from sqlalchemy.exc import DBAPIError, OperationalError

from campaign.campaigns import CampaignInfo, current_campaign
from campaign.db import engine_for
from campaign.localtime import wall_now
from campaign.settings import settings
from campaign.strings import t
from queries.reference import top_office
from ui.format import date_time

log = logging.getLogger("campaign.ui")
LAST_READ = "_last_read_at"  # real time of this session's last good read
T = TypeVar("T")


def engine():
    """The primary database: every write, and reads that must see them."""
    return engine_for(settings().url)


def read_engine():
    """Where the screens' figures are read: a replica when DATABASE_READ_URL names one."""
    return engine_for(settings().read_url)


@dataclass(frozen=True)
class Fetched(Generic[T]):
    value: T | None  # the last good result when the database failed just now
    good_at: datetime | None  # when `value` was fetched
    failed: bool


def fetch(name: str, query: Callable[..., T], *args, **kwargs) -> Fetched[T]:
    """Run `query(conn, *args, **kwargs)`, remembering the last good result per session; draws nothing."""
    key = f"last_good:{name}"
    try:
        with read_engine().connect() as conn:
            result = query(conn, *args, **kwargs)
    except (OperationalError, DBAPIError) as error:
        log.warning("database unreachable while reading %s: %s", name, type(error).__name__)
        last = st.session_state.get(key)
        return Fetched(None, None, True) if last is None else Fetched(last[0], last[1], True)
    st.session_state[key] = (result, wall_now())
    st.session_state[LAST_READ] = st.session_state[key][1]
    return Fetched(result, st.session_state[key][1], False)


def read(name: str, query: Callable[..., T], *args, **kwargs) -> T | None:
    """Run `query(conn, *args, **kwargs)`; on a database failure, the last good result and a banner."""
    fetched = fetch(name, query, *args, **kwargs)
    if fetched.failed:
        if fetched.good_at is None:
            st.error(t("app.db_unreachable_never"), icon="⚠️")
        else:
            st.error(t("app.db_unreachable", time=date_time(fetched.good_at)), icon="⚠️")
    return fetched.value


def read_at_caption(info: CampaignInfo) -> None:
    """数据读取于 HH:MM:SS: the session's last good read, on the campaign clock."""
    real = st.session_state.get(LAST_READ)
    if real is not None:
        shown = info.now() - (wall_now() - real)
        st.caption(t("app.read_at", time=f"{shown:%H:%M:%S}"))


# Short-lived: the demo feed moves the campaign clock's offset as it runs.
@st.cache_data(ttl=5, max_entries=2, show_spinner=False)
def _campaign(url: str) -> CampaignInfo | None:
    with engine_for(url).connect() as conn:
        return current_campaign(conn)


def campaign_now(info: CampaignInfo) -> datetime:
    """The campaign clock with its offset as stored now: live panels follow the demo feed's clock."""
    try:
        fresh = _campaign(settings().read_url)
    except (OperationalError, DBAPIError):
        fresh = None
    return (fresh or info).now()


def figures_moment(info: CampaignInfo) -> datetime:
    """The moment every page's figures are read at: the campaign clock rounded down to 10 s, so
    viewers refreshing together share one computation and two pages open together agree."""
    now = campaign_now(info)
    return now.replace(second=now.second // 10 * 10, microsecond=0)


def campaign() -> CampaignInfo | None:
    """The current campaign, or None with a message when there is none yet."""
    try:
        info = _campaign(settings().read_url)
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


# One cached read for every page: a query's result per distinct arguments, for `ttl` seconds.
# `name` and the database's URL key the cache (the query itself is not hashed); the arguments must be hashable values
# (dates, codes, frozen dataclasses), never a connection or a frame.
@st.cache_data(ttl=10, max_entries=128, show_spinner=False)
def _cached_10(_conn, _query, name: str, url: str, args: tuple):
    return _query(_conn, *args)


@st.cache_data(ttl=30, max_entries=256, show_spinner=False)
def _cached_30(_conn, _query, name: str, url: str, args: tuple):
    return _query(_conn, *args)


@st.cache_data(ttl=300, max_entries=64, show_spinner=False)
def _cached_300(_conn, _query, name: str, url: str, args: tuple):
    return _query(_conn, *args)


_CACHES = {10: _cached_10, 30: _cached_30, 300: _cached_300}


def cached(name: str, query: Callable[..., T], *args, ttl: int = 30) -> T | None:
    """`query(conn, *args)` cached for `ttl` (10, 30 or 300) seconds; on a database failure, the
    last good result and a banner, as `read`."""
    return read(name, _CACHES[ttl], query, name, settings().read_url, args)


def whole_tree_label() -> str:
    """The words for "every office": 全市 under a city bureau, 全辖区 under a county or district
    bureau that runs its own tree."""
    top = cached("top_office", top_office, ttl=300)
    return t("filters.all_offices") if top is None or top[3] == "city" else t("filters.all_jurisdiction")
