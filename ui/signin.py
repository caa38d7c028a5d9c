"""Who is looking: a wall token in the URL, the government SSO (OIDC through `st.login`, when
`[auth]` is configured in secrets), or a local account signed in through the form.

The entry point asks `viewer()` before any page runs; with no viewer it draws the form and
stops, whatever URL was opened first. A local sign-in outlives its tab: the browser trades a
one-time ticket for an HttpOnly cookie naming a server-side session (campaign.web), which a
reload, a bookmark or another server process finds again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import timedelta

import streamlit as st
from sqlalchemy.exc import DBAPIError, OperationalError

from campaign.auth import (
    IDLE,
    LONGEST,
    TICKET_FOR,
    Viewer,
    end_session,
    forget_old_sessions,
    open_session,
    session_alive,
    session_viewer,
    sign_in,
    sso_sign_in,
    wall_viewer,
)
from campaign.localtime import wall_now
from campaign.offices import subtree_ids
from campaign.strings import label, t
from campaign.web import ADOPT_PATH, COOKIE, END_PATH, cookie_token
from queries.reference import office_list
from ui.data import cached, engine, whole_tree_label
from ui.format import literal

log = logging.getLogger("campaign.ui")
SESSION = "_signed_in"
ADOPT = "_session_ticket"  # (ticket, until): the browser has yet to trade it for the cookie
END_COOKIE = "_session_cookie_end"  # signed out: the browser drops the cookie on the next run
TOKEN_UNCHECKED = "_token_unchecked"  # a wall token met while the database could not be reached
TOKEN_RETRY_SECONDS = 10
TOKEN_RECHECK = timedelta(seconds=5)  # a revoked wall token stops within one refresh


def _wall(token: str) -> Viewer | None:
    held = st.session_state.get(SESSION)
    now = wall_now()
    if held and held.get("token") == token and now - held["checked"] < TOKEN_RECHECK:
        return held["viewer"]
    try:
        with engine().begin() as conn:
            found = wall_viewer(conn, token, now)
    except (OperationalError, DBAPIError):
        # The database is down: a wall already signed in keeps showing its last good figures; one
        # opened now cannot tell its token from a bad one, and says so (form() retries).
        if held and held.get("token") == token:
            return held["viewer"]
        st.session_state[TOKEN_UNCHECKED] = True
        return None
    st.session_state.pop(TOKEN_UNCHECKED, None)
    st.session_state[SESSION] = {"viewer": found, "token": token, "checked": now} if found else None
    return found


def sso() -> tuple[bool, str | None]:
    """Whether a government SSO is configured (`[auth]` in secrets), and its provider's name.

    `[auth]` with client_id is the default provider; `[auth.<name>]` a named one.
    """
    try:
        conf = st.secrets.get("auth")
    except Exception:  # no secrets file at all: Streamlit raises rather than return nothing
        return False, None
    if not isinstance(conf, Mapping):
        return False, None
    if "client_id" in conf:
        return True, None
    named = [k for k, v in conf.items() if isinstance(v, Mapping) and "client_id" in v]
    return (True, named[0]) if named else (False, None)


def _sso_viewer() -> Viewer | None:
    """The account of the person the SSO signed in, when there is one and it may sign in."""
    if not sso()[0] or not st.user.is_logged_in:
        return None
    try:
        with engine().begin() as conn:
            result = sso_sign_in(conn, st.user.get("email"))
    except (OperationalError, DBAPIError):
        return None
    if result.viewer is None:
        log.info("SSO sign-in refused: %s", result.refusal)  # never the address
        st.session_state["_sso_refused"] = result.refusal
        return None
    now = wall_now()
    st.session_state[SESSION] = {"viewer": result.viewer, "since": now, "seen": now, "sso": True}
    return result.viewer


def _cookie_viewer() -> Viewer | None:
    """The account whose session this browser's cookie names, while that session lives."""
    token = cookie_token(st.context.cookies.get(COOKIE))
    if token is None:
        return None
    now = wall_now()
    try:
        with engine().begin() as conn:
            live = session_viewer(conn, now, token=token)
    except (OperationalError, DBAPIError):
        return None
    if live is None:
        return None
    st.session_state[SESSION] = {"viewer": live.viewer, "since": now, "seen": now, "session": live.id}
    return live.viewer


def _session_lives(held: dict) -> bool:
    """Whether the server-side session behind this tab still lives (signed out elsewhere, or the
    account disabled, ends it); a tab signed in without one (SSO, tests) has only its own clock."""
    if held.get("session") is None:
        return True
    try:
        with engine().begin() as conn:
            return session_viewer(conn, wall_now(), session_id=held["session"]) is not None
    except (OperationalError, DBAPIError):
        return True  # the database is down: the page says so itself; the session is not at fault


def viewer() -> Viewer | None:
    token = st.query_params.get("token", "")
    if token:
        return _wall(token)
    held = st.session_state.get(SESSION)
    if held and held.get("token"):
        return None
    if not held:
        return _cookie_viewer() or _sso_viewer()
    now = wall_now()
    if not session_alive(held["since"], held["seen"], now, IDLE, LONGEST) or not _session_lives(held):
        st.session_state[SESSION] = None
        st.session_state["_signin_note"] = t("auth.expired")
        if held.get("sso"):
            st.logout()  # the SSO's own sign-in ends too, or it would sign the person straight back in
        return None
    held["seen"] = now
    return held["viewer"]


def recheck() -> None:
    """First thing in a live panel (st.fragment): its timed reruns skip the entry point, so the
    sign-in is checked again here (a revoked wall token, an idle or over-long session, a session
    ended elsewhere). When it no longer holds, the whole app runs again and shows the form."""
    if viewer() is None:
        st.rerun(scope="app")


def current() -> Viewer:
    """The signed-in viewer, for a page the entry point has let run; a page run any other way stops."""
    held = st.session_state.get(SESSION)
    if not held:
        st.stop()
    return held["viewer"]


def scope_name() -> str:
    """What the viewer's figures cover, for a heading: the whole tree (全市), or the name of the
    office a head, a member of staff or a wall token is scoped to."""
    office_id = current().office_id
    if office_id is None:
        return whole_tree_label()
    offices = cached("office_list", office_list, ttl=300)
    named = offices.loc[offices["id"] == office_id, "name"] if offices is not None else None
    return str(named.iloc[0]) if named is not None and len(named) else whole_tree_label()


def all_offices_label() -> str:
    """The pickers' "every office" choice: the whole city, or all of the viewer's own scope."""
    office_id = current().office_id
    if office_id is None:
        return whole_tree_label()
    below = cached("office_subtree", subtree_ids, office_id, ttl=300) or [office_id]
    # A 所 has no offices below it: "本单位及下级单位" would promise units that do not exist.
    return t("filters.all_in_scope") if len(below) > 1 else t("filters.own_office")


def form() -> None:
    """The sign-in form; on success the script reruns on the page that was asked for."""
    token = st.query_params.get("token")
    if token and st.session_state.get(TOKEN_UNCHECKED):
        _wait_for_the_database(token)
        return
    if token:
        st.error(t("auth.bad_token"), icon="⚠️")
        return
    if st.session_state.pop(END_COOKIE, False):
        _browser_fetch(END_PATH)
    st.title(t("auth.title"))
    note = st.session_state.pop("_signin_note", "")
    if note:
        st.info(note)
    left, _ = st.columns([1, 2])
    configured, provider = sso()
    if configured:
        refused = st.session_state.pop("_sso_refused", "")
        if refused and st.user.is_logged_in:
            left.error(t("auth.sso_refused", email=literal(st.user.get("email") or "")), icon="⚠️")
            if left.button(t("auth.sso_sign_out"), key="sso_sign_out"):
                st.logout()
            return
        if left.button(t("auth.sso"), type="primary", key="sso_sign_in"):
            st.login(provider)
        left.caption(t("auth.or_local"))
    with left.form("signin"):
        username = st.text_input(t("auth.username"), max_chars=64)
        password = st.text_input(t("auth.password"), type="password", max_chars=200)
        submitted = st.form_submit_button(t("auth.submit"), type="primary")
    if not submitted:
        return
    now = wall_now()
    try:
        with engine().begin() as conn:
            result = sign_in(conn, username.strip(), password, now)
            if result.viewer:
                forget_old_sessions(conn, now)  # a sign-in is rare enough to tidy up after the others
            opened = open_session(conn, result.viewer.username, now) if result.viewer else None
    except (OperationalError, DBAPIError):
        left.error(t("app.db_unreachable_never"), icon="⚠️")
        return
    if result.viewer is None:
        log.info("sign-in refused: %s", result.refusal)  # never the name or the password
        left.error(t("auth.refused"), icon="⚠️")  # the same whatever the reason (the log has it)
        return
    st.session_state[SESSION] = {"viewer": result.viewer, "since": now, "seen": now, "session": opened.id}
    st.session_state[ADOPT] = (opened.ticket, now + TICKET_FOR)
    st.rerun()


def _wait_for_the_database(token: str) -> None:
    """A wall opened while the database is down: not "invalid token" (it may be good) but the
    database's own message, tried again every few seconds until the token can be checked."""
    st.warning(t("app.db_unreachable_never"), icon="⚠️")

    @st.fragment(run_every=TOKEN_RETRY_SECONDS)
    def retry() -> None:
        _wall(token)
        if not st.session_state.get(TOKEN_UNCHECKED):  # reached: the wall, or "invalid token"
            st.rerun(scope="app")

    retry()


def _browser_fetch(path: str) -> None:
    """Have the browser request `path` on this server with its cookies: only an HTTP response, not
    the websocket a script speaks over, can set or clear an HttpOnly cookie."""
    script = f"<script>fetch({json.dumps(path)}, {{credentials: 'same-origin', cache: 'no-store'}});</script>"
    # Hidden, so that it leaves no gap in the column it is drawn in; a hidden element still runs.
    hide = "<style>[data-testid=stLayoutWrapper]:has(> .st-key-session_cookie){display:none}</style>"
    with st.container(key="session_cookie"):
        st.html(hide + script, unsafe_allow_javascript=True)


def adopt_cookie() -> None:
    pending = st.session_state.get(ADOPT)
    if not pending:
        return
    ticket, until = pending
    if wall_now() >= until:
        st.session_state.pop(ADOPT, None)
        return
    # Drawn on every run within the ticket's minute: a run cut short by another must not lose it;
    # a second trade of the same ticket is refused and changes nothing.
    _browser_fetch(f"{ADOPT_PATH}?ticket={ticket}")


def sign_out() -> None:
    held = st.session_state.get(SESSION) or {}
    st.session_state[SESSION] = None
    st.session_state.pop(ADOPT, None)
    if held.get("session") is not None:
        try:
            with engine().begin() as conn:
                end_session(conn, held["session"], wall_now())
        except (OperationalError, DBAPIError):
            log.warning("a session could not be ended: the database is unreachable")
        st.session_state[END_COOKIE] = True
    if held.get("sso"):
        st.logout()


def sidebar(who: Viewer) -> None:
    """Who is signed in, and the way out."""
    with st.sidebar:
        name = literal(who.display_name)
        st.caption(t("auth.signed_in_as", name=name, role=label("account_role", who.role)))
        adopt_cookie()
        if st.button(t("auth.sign_out"), key="sign_out"):
            sign_out()
            st.rerun()
