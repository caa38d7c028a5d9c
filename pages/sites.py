"""Activity sites on a map: which are live, how many people they have served, the statistics table."""

from datetime import date, datetime

import streamlit as st

from campaign.exports.sites_summary import sites_summary, statistics_table
from campaign.offices import within
from campaign.schema import TALLY_COUNTS
from campaign.settings import settings
from campaign.strings import t
from queries import sites
from queries.reference import office_list
from ui import data, format, signin
from ui.site_map import COLOURS, site_deck
from ui.tiles import Tile, tile_row

ALL = 0  # the pickers' "all offices" / "all days" choice


@st.cache_data(ttl=300, max_entries=2, show_spinner=False)
def reference(_conn, url: str):
    return office_list(_conn), sites.site_days(_conn)


@st.cache_data(ttl=30, max_entries=16, show_spinner=False)
def site_figures(_conn, f: sites.SiteFilters, now: datetime):
    return {"sites": sites.sites_as_of(_conn, now, f), "offices": sites.totals_by_office(_conn, now, f)}


def from_url(offices, days) -> None:
    if "s_office" in st.session_state:
        return
    codes = dict(zip(offices["code"], offices["id"], strict=True))
    params = st.query_params
    st.session_state["s_office"] = codes.get(params.get("office", ""), ALL)
    st.session_state["s_states"] = [s for s in params.get("state", "").split(",") if s in sites.STATES]
    try:
        day = date.fromisoformat(params.get("day", ""))
    except ValueError:
        day = None
    st.session_state["s_day"] = day if day in days else ALL


def legend() -> str:
    chips = "".join(
        f'<span style="display:inline-block;width:0.9em;height:0.9em;border-radius:50%;margin:0 0.3em 0 1em;'
        f'background:rgba({c[0]},{c[1]},{c[2]},1)"></span>{t(f"sites.state.{s}")}'
        for s, c in COLOURS.items()
    )
    return f'<div style="font-size:1rem">{chips}</div>'


info = data.campaign()
ref = data.read("site_reference", reference, settings().url) if info else None
if info is not None and ref is not None:
    scope = signin.current().office_id
    offices, days = within(ref[0], scope), ref[1]
    from_url(offices, days)
    names = dict(zip(offices["id"], offices["name"], strict=True))
    every_office = signin.all_offices_label()  # read here: AppTest calls format_func outside a run
    st.title(t("sites.title"))
    left, middle, right = st.columns([2, 2, 1])
    left.selectbox(
        t("sites.filter_office"),
        [ALL, *offices["id"]],
        key="s_office",
        format_func=lambda i: every_office if i == ALL else names[i],
    )
    middle.multiselect(
        t("sites.filter_state"),
        sites.STATES,
        key="s_states",
        format_func=lambda s: t(f"sites.state.{s}"),
        placeholder=t("filters.all"),
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
    day = None if s["s_day"] == ALL else s["s_day"]
    f = sites.SiteFilters(
        None if s["s_office"] == ALL else int(s["s_office"]), day, tuple(s["s_states"]), scope
    )

    @st.fragment(run_every=max(60, settings().refresh_seconds))
    def live_sites() -> None:
        now = data.campaign_now(info).replace(microsecond=0, second=0)
        figures = data.read("sites", site_figures, f, now)
        if figures is None:
            return
        data.read_at_caption(info)
        frame, by_office = figures["sites"], figures["offices"]
        totals = {c: int(frame[c].sum()) for c in TALLY_COUNTS}
        live = int((frame["state"] == "live").sum())
        tile_row(
            [
                Tile(
                    t("col.sites"), format.count(len(frame)), t("sites.state.live") + f" {live}", key="sites"
                ),
                *(
                    Tile(t(f"col.{c}"), format.count(totals[c]), key=c)
                    for c in ("staff", "consultations", "complaints", "materials")
                ),
            ]
        )
        tile_row(
            [
                Tile(t(f"col.{c}"), format.count(totals[c]), key=c)
                for c in ("repairs", "tests", "banners", "vehicles", "volunteers")
            ]
        )
        if frame.empty:
            st.info(t("sites.none"))
            return
        map_column, table_column = st.columns([3, 2])
        with map_column:
            st.markdown(legend(), unsafe_allow_html=True)
            event = st.pydeck_chart(
                site_deck(frame),
                height=640,
                on_select="rerun",
                selection_mode="single-object",
                key="site_map",
            )
            st.caption(t("sites.map_hint"))
        with table_column:
            st.subheader(t("sites.by_office"))
            table = by_office.drop(columns=["code"]).rename(
                columns={
                    "name": t("roster.office"),
                    "sites": t("col.sites"),
                    **{c: t(f"col.{c}") for c in TALLY_COUNTS},
                }
            )
            st.dataframe(table, hide_index=True, width="stretch", height=640)
        st.subheader(t("sites.detail"))
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
        history = data.read("site_history", sites.tally_history, int(site["id"]), now, scope)
        if history is None or history.empty:
            st.caption(t("sites.no_tallies"))
        else:
            history["reported_at"] = history["reported_at"].map(lambda d: f"{d:%m-%d %H:%M}")
            st.dataframe(
                history.rename(
                    columns={"reported_at": t("col.reported_at"), **{c: t(f"col.{c}") for c in TALLY_COUNTS}}
                ),
                hide_index=True,
                width="stretch",
            )

    live_sites()

    now = info.now().replace(microsecond=0)
    first, last = (day, day) if day else (info.first_day, info.last_day)
    summary = data.read("sites_summary", sites_summary, first, last, now, f.office_id or scope)
    if summary is not None:
        filed_by = names.get(f.office_id or scope) or offices.loc[offices["level"] == "city", "name"].iloc[0]
        kept = summary[(summary["sites"] > 0) | (summary["office_code"] == "ALL")]
        st.download_button(
            t("sites.download"),
            statistics_table(kept, filed_by, first, last, now),
            file_name=f"sites-statistics-{first}-{last}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
        )
