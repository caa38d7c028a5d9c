"""Who is looking: a wall token in the URL, or a local account signed in through the form.

The entry point asks `viewer()` before any page runs; with no viewer it draws the form and
stops, whatever URL was opened first.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import streamlit as st
from sqlalchemy.exc import DBAPIError, OperationalError

from campaign.auth import Viewer, session_alive, sign_in, wall_viewer
from campaign.localtime import wall_now
from campaign.strings import label, t
from ui.data import engine
from ui.format import literal

log = logging.getLogger("campaign.ui")
SESSION = "_signed_in"
IDLE = timedelta(hours=1)
LONGEST = timedelta(hours=16)  # a duty day
TOKEN_RECHECK = timedelta(minutes=1)  # a revoked wall token stops working within a minute


def _wall(token: str) -> Viewer | None:
    held = st.session_state.get(SESSION)
    now = wall_now()
    if held and held.get("token") == token and now - held["checked"] < TOKEN_RECHECK:
        return held["viewer"]
    try:
        with engine().begin() as conn:
            found = wall_viewer(conn, token, now)
    except (OperationalError, DBAPIError):
        # The database is down: a wall already signed in keeps showing its last good figures.
        return held["viewer"] if held and held.get("token") == token else None
    st.session_state[SESSION] = {"viewer": found, "token": token, "checked": now} if found else None
    return found


def viewer() -> Viewer | None:
    token = st.query_params.get("token", "")
    if token:
        return _wall(token)
    held = st.session_state.get(SESSION)
    if not held or held.get("token"):
        return None
    now = wall_now()
    if not session_alive(held["since"], held["seen"], now, IDLE, LONGEST):
        st.session_state[SESSION] = None
        st.session_state["_signin_note"] = t("auth.expired")
        return None
    held["seen"] = now
    return held["viewer"]


def current() -> Viewer:
    """The signed-in viewer, for a page the entry point has let run; a page run any other way stops."""
    held = st.session_state.get(SESSION)
    if not held:
        st.stop()
    return held["viewer"]


def all_offices_label() -> str:
    """The pickers' "every office" choice: the whole city, or all of the viewer's own scope."""
    return t("filters.all_offices") if current().office_id is None else t("filters.all_in_scope")


def form() -> None:
    """The sign-in form; on success the script reruns on the page that was asked for."""
    if st.query_params.get("token"):
        st.error(t("auth.bad_token"), icon="⚠️")
        return
    st.title(t("auth.title"))
    note = st.session_state.pop("_signin_note", "")
    if note:
        st.info(note)
    left, _ = st.columns([1, 2])
    with left.form("signin"):
        username = st.text_input(t("auth.username"), max_chars=64)
        password = st.text_input(t("auth.password"), type="password", max_chars=200)
        submitted = st.form_submit_button(t("auth.submit"), type="primary")
    if not submitted:
        return
    try:
        with engine().begin() as conn:
            result = sign_in(conn, username.strip(), password, wall_now())
    except (OperationalError, DBAPIError):
        left.error(t("app.db_unreachable_never"), icon="⚠️")
        return
    if result.viewer is None:
        log.info("sign-in refused: %s", result.refusal)  # never the name or the password
        if result.refusal == "locked":
            left.error(t("auth.locked", time=f"{result.locked_until:%H:%M}"), icon="⚠️")
        else:
            left.error(t("auth.refused"), icon="⚠️")
        return
    now = wall_now()
    st.session_state[SESSION] = {"viewer": result.viewer, "since": now, "seen": now}
    st.rerun()


def sidebar(who: Viewer) -> None:
    """Who is signed in, and the way out."""
    with st.sidebar:
        name = literal(who.display_name)
        st.caption(t("auth.signed_in_as", name=name, role=label("account_role", who.role)))
        if st.button(t("auth.sign_out"), key="sign_out"):
            st.session_state[SESSION] = None
            st.rerun()
