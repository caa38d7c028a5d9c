"""The complaint screen's filters: sidebar widgets kept in step with the URL (bookmarkable).

Values from the URL are checked against known offices, codes, categories and real dates;
anything else is dropped, never passed on to a query.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from campaign.strings import label, t
from campaign.vocabulary import CHANNELS, KINDS
from queries.complaints import Filters
from ui import guard, signin

NARROWED = "_filters_narrowed"
ALL_OFFICES = 0  # the picker's "whole city" choice; office ids start at 1


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _listed(text: str | None, allowed) -> list[str]:
    return [v for v in (text or "").split(",") if v in allowed]


def _seed_from_url(today: date, offices: pd.DataFrame, categories: list[str]) -> None:
    """On a session's first run, take the filters from the URL."""
    if "f_from" in st.session_state:
        return
    params = st.query_params
    first = _date(params.get("from")) or today
    last = _date(params.get("to")) or first
    if last < first:
        first, last = last, first
    codes = dict(zip(offices["code"], offices["id"], strict=True))
    st.session_state["f_from"], st.session_state["f_to"] = first, last
    st.session_state["f_office"] = codes.get(params.get("office", ""), ALL_OFFICES)
    st.session_state["f_kinds"] = _listed(params.get("kind"), KINDS)
    st.session_state["f_channels"] = _listed(params.get("channel"), CHANNELS)
    st.session_state["f_categories"] = _listed(params.get("category"), categories)


def _write_url(offices: pd.DataFrame) -> None:
    s = st.session_state
    codes = dict(zip(offices["id"], offices["code"], strict=True))
    wanted = {
        "from": s["f_from"].isoformat(),
        "to": s["f_to"].isoformat(),
        "office": codes.get(s["f_office"], ""),
        "kind": ",".join(s["f_kinds"]),
        "channel": ",".join(s["f_channels"]),
        "category": ",".join(s["f_categories"]),
    }
    for key, value in wanted.items():
        if value and st.query_params.get(key) != value:
            st.query_params[key] = value
        elif not value and key in st.query_params:
            del st.query_params[key]


def complaint_filters(today: date, offices: pd.DataFrame, categories: list[str]) -> Filters:
    _seed_from_url(today, offices, categories)
    names = dict(zip(offices["id"], offices["name"], strict=True))
    every_office = signin.all_offices_label()  # read here: AppTest calls format_func outside a run
    with st.sidebar:
        st.header(t("filters.heading"))
        st.date_input(t("filters.from"), key="f_from", format="YYYY-MM-DD")
        st.date_input(t("filters.to"), key="f_to", format="YYYY-MM-DD")
        st.selectbox(
            t("filters.office"),
            [ALL_OFFICES, *offices["id"]],
            key="f_office",
            format_func=lambda i: every_office if i == ALL_OFFICES else names[i],
        )
        st.multiselect(
            t("filters.kind"),
            KINDS,
            select_all=False,
            key="f_kinds",
            format_func=lambda c: label("kind", c),
            placeholder=t("filters.all"),
        )
        st.multiselect(
            t("filters.channel"),
            CHANNELS,
            select_all=False,
            key="f_channels",
            format_func=lambda c: label("channel", c),
            placeholder=t("filters.all"),
        )
        st.multiselect(
            t("filters.category"),
            categories,
            key="f_categories",
            placeholder=t("filters.all"),
            select_all=False,
        )
        st.button(t("filters.reset"), on_click=reset_filters, args=(today,))
    s = st.session_state
    first, last = s["f_from"], s["f_to"]
    if last < first:
        st.sidebar.warning(t("filters.bad_range"))
        last = first
    _write_url(offices)
    office_id = None if s["f_office"] == ALL_OFFICES else int(s["f_office"])
    return Filters(
        first, last, office_id, tuple(s["f_kinds"]), tuple(s["f_channels"]), tuple(s["f_categories"])
    )


@guard.callback
def reset_filters(today: date) -> None:
    s = st.session_state
    s["f_from"] = s["f_to"] = today
    s["f_office"] = ALL_OFFICES
    s["f_kinds"], s["f_channels"], s["f_categories"] = [], [], []


def clicked_codes(points: list) -> list[str]:
    """The codes the clicked bars carry (ui.charts.codes): text only, anything else dropped."""
    found = []
    for p in points:
        data = p.get("customdata") if isinstance(p, dict) else None
        code = data[0] if isinstance(data, list) and data else data
        if isinstance(code, str | int) and not isinstance(code, bool) and str(code):
            found.append(str(code))
    return found


@guard.callback
def narrow(key: str, chart_key: str, single: bool = False) -> None:
    """on_select callback: the clicked bars' codes become the filter `key` (an office id when `single`)."""
    state = st.session_state.get(chart_key) or {}
    codes = clicked_codes(state.get("selection", {}).get("points", []))
    if single:
        codes = [c for c in codes if c.isdigit()]
    if not codes:
        return
    st.session_state[key] = int(codes[0]) if single else sorted(set(codes))
    st.session_state[NARROWED] = True


def rerun_if_narrowed() -> None:
    """Charts live in a fragment, whose selections rerun only the fragment: rerun the whole
    page so the sidebar, the URL and the case table follow the new filters."""
    if st.session_state.pop(NARROWED, False):
        st.rerun(scope="app")
