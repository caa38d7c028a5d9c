"""An unknown URL gets a Chinese page of its own, instead of Streamlit's English "Page not found"
notice over the main page."""

from __future__ import annotations

import re

import streamlit as st

from campaign.strings import t

# A path Streamlit accepts as a page's url_path: one segment of letters, digits, - and _.
SEGMENT = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def requested_path() -> str:
    """The page name the browser asked for ("" for the root), as Streamlit resolves it."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        return (ctx.pages_manager.intended_page_name or "") if ctx else ""
    except Exception:  # an internal of Streamlit's: without it, its own notice shows
        return ""


def _draw() -> None:
    st.title(t("app.page_not_found", path=requested_path() or "/"))
    st.caption(t("app.page_not_found_hint"))
    st.page_link("pages/overview.py", label=t("app.back_to_overview"), icon=":material/dashboard:")


def page_for(known: list[str]) -> list:
    """A hidden page at the unknown path asked for, so navigation finds it; none otherwise."""
    path = requested_path()
    if not path or path in known or not SEGMENT.match(path):
        return []
    return [st.Page(_draw, title=t("app.page_not_found", path=path), url_path=path, visibility="hidden")]
