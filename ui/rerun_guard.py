"""Keep a page switch from being undone by the page being left.

A live panel (`st.fragment(run_every=…)`) keeps asking for reruns of itself, each naming the page
it is on. When one of those requests reaches the server just after a click on another page,
Streamlit 1.67 folds the two into one rerun and takes the page from the newer request — the page
being left — so the switch is lost (ScriptRequests._request_rerun_locked); if the switch has
already started, the late fragment run turns the session back to the old page. Under load, 20
viewers on 2 cores, clicks went unanswered for 30 s. The guard drops fragment reruns that name a
page other than the one the session last asked for in a full rerun (a click, a widget, a load).
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

ASKED = "_campaign_page_asked"  # set on the AppSession: the page of its last full rerun request


def stale(asked: str, fragment_id: str, page: str) -> bool:
    """Whether a rerun request is a fragment's, from a page other than the one last asked for."""
    return bool(fragment_id) and bool(asked) and bool(page) and page != asked


def install() -> bool:
    """Wrap AppSession.request_rerun once per process; False if this Streamlit lacks it."""
    try:
        from streamlit.runtime.app_session import AppSession
    except ImportError:  # pragma: no cover - a Streamlit without it has a different rerun path
        log.warning("rerun guard not installed: no streamlit.runtime.app_session.AppSession")
        return False
    original = getattr(AppSession, "request_rerun", None)
    if original is None:
        log.warning("rerun guard not installed: AppSession.request_rerun is gone")
        return False
    if getattr(original, "guarded", False):
        return True

    def request_rerun(self, client_state) -> None:
        if client_state is not None:
            fragment_id, page = client_state.fragment_id, client_state.page_script_hash
            if stale(getattr(self, ASKED, ""), fragment_id, page):
                return
            if not fragment_id:  # an empty page (a first load by URL) leaves nothing to guard
                setattr(self, ASKED, page)
        original(self, client_state)

    request_rerun.guarded = True
    AppSession.request_rerun = request_rerun
    return True
