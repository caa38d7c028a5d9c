"""The sites page's parts: its filters (kept in the URL), tiles, legend, office table and site detail."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from campaign.exports.sites_summary import covered_days, statistics_file
from campaign.schema import TALLY_COUNTS
from campaign.sites import STATES
from campaign.strings import t
from queries.sites import SiteFilters, SitesPage, tally_history
from ui import data, format, guard, signin
from ui.site_map import COLOURS
from ui.tiles import Tile, figure_tile

ALL = 0  # the pickers' "all offices" / "all days" choice


def _from_url(offices: pd.DataFrame, days: list[date]) -> None:
    if "s_office" in st.session_state:
        return
    codes = dict(zip(offices["code"], offices["id"], strict=True))
    params = st.query_params
    st.session_state["s_office"] = codes.get(params.get("office", ""), ALL)
    st.session_state["s_states"] = [s for s in params.get("state", "").split(",") if s in STATES]
    try:
        day = date.fromisoformat(params.get("day", ""))
    except ValueError:
        day = None
    st.session_state["s_day"] = day if day in days else ALL


def site_filters(offices: pd.DataFrame, days: list[date], scope: int | None) -> SiteFilters:
    """The office, state and day pickers, started from the URL and written back to it."""
    _from_url(offices, days)
    names = dict(zip(offices["id"], offices["name"], strict=True))
    every_office = signin.all_offices_label()  # read here: AppTest calls format_func outside a run
    left, middle, right = st.columns([2, 2, 1])
    left.selectbox(
        t("sites.filter_office"),
        [ALL, *offices["id"]],
        key="s_office",
        format_func=lambda i: every_office if i == ALL else names[i],
    )
    middle.multiselect(
        t("sites.filter_state"),
        STATES,
        key="s_states",
        format_func=lambda s: t(f"sites.state.{s}"),
        placeholder=t("filters.all"),
        select_all=False,
    )
    right.selectbox(
        t("sites.filter_day"),
        [ALL, *days],
        key="s_day",
        format_func=lambda d: t("sites.all_days") if d == ALL else f"{d.month}月{d.day}日",
    )
    s = st.session_state
    codes = dict(zip(offices["id"], offices["code"], strict=True))
    wanted = {
        "office": codes.get(s["s_office"], ""),
        "state": ",".join(s["s_states"]),
        "day": "" if s["s_day"] == ALL else s["s_day"].isoformat(),
    }
    for key, value in wanted.items():
        if value:
            st.query_params[key] = value
        elif key in st.query_params:
            del st.query_params[key]
    office_id = None if s["s_office"] == ALL else int(s["s_office"])
    return SiteFilters(office_id, None if s["s_day"] == ALL else s["s_day"], tuple(s["s_states"]), scope)


def headline(figures: SitesPage) -> list[Tile]:
    """Narrowed by a filter, the live and materials counts are not the overview's: other labels."""
    return [
        figure_tile("sites_in_view", format.count(figures.in_view)),
        figure_tile("live_in_view" if figures.narrowed else "live_sites", format.count(figures.live)),
        figure_tile(
            "materials_in_view" if figures.narrowed else "materials_total", format.count(figures.materials)
        ),
    ]


def legend() -> str:
    chips = "".join(
        f'<span style="display:inline-block;width:0.9em;height:0.9em;border-radius:50%;margin:0 0.3em 0 1em;'
        f'background:rgba({c[0]},{c[1]},{c[2]},1)"></span>{t(f"sites.state.{s}")}'
        for s, c in COLOURS.items()
    )
    return f'<div style="font-size:1rem">{chips}</div>'


def office_table(by_office: pd.DataFrame) -> None:
    """Per office, then the total (the query's "ALL" row)."""
    table = by_office.assign(
        name=by_office["name"].where(by_office["code"] != "ALL", t("export.all_offices"))
    ).drop(columns=["code"])
    columns = {
        "name": t("roster.office"),
        "sites": t("col.sites"),
        **{c: t(f"col.{c}") for c in TALLY_COUNTS},
    }
    table = table.rename(columns=columns)
    config = format.number_columns(table)
    st.dataframe(table, hide_index=True, width="stretch", height=640, column_config=config)


def site_detail(frame: pd.DataFrame, event, now: datetime, scope: int | None) -> None:
    """The site picked on the map: when and where, its state, and its tallies one by one."""
    picked = (event.selection.get("objects", {}) or {}).get("sites", []) if event else []
    if not picked:
        st.caption(t("sites.pick_hint"))
        return
    chosen = frame[frame["id"] == picked[0]["id"]]
    if chosen.empty:
        return
    site = chosen.iloc[0]
    st.markdown(
        f"**{format.literal(site['name'])}** · {format.literal(site['office'])} · "
        f"{site['start']:%m-%d %H:%M}—{site['end']:%H:%M} · "
        f"{t('sites.state.' + site['state'])}"
    )
    st.caption(f"{format.literal(site['address'] or '')}　{t('sites.logged', n=int(site['logged']))}")
    history = data.cached("sites:history", tally_history, int(site["id"]), now, scope)
    if history is None or history.empty:
        st.caption(t("sites.no_tallies"))
        return
    shown = history.assign(reported_at=history["reported_at"].map(lambda d: f"{d:%m-%d %H:%M}"))
    columns = {"reported_at": t("col.reported_at"), **{c: t(f"col.{c}") for c in TALLY_COUNTS}}
    shown = shown.rename(columns=columns)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=format.number_columns(shown))


def statistics_download(first: date, last: date, now: datetime, office_id: int | None) -> None:
    """开展宣传活动情况统计表: built when clicked, not on every run."""

    def workbook() -> bytes:
        with data.read_engine().connect() as conn:
            return statistics_file(conn, first, last, now, office_id)

    st.download_button(
        t("sites.download"),
        guard.download(workbook, "xlsx"),
        file_name=t("stats.file", first=first, last=covered_days(first, last, now)[1]),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
    )
