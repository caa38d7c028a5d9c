"""Activity sites on a map: which are live, how many people they have served, the statistics table."""

import streamlit as st

from campaign.offices import within
from campaign.settings import settings
from campaign.strings import t
from queries import sites
from queries.reference import office_list
from ui import data, signin
from ui.site_map import site_deck
from ui.sites_panels import headline, legend, office_table, site_detail, site_filters, statistics_download
from ui.tiles import tile_row

info = data.campaign()
offices = data.cached("sites:offices", office_list, ttl=300) if info else None
days = data.cached("sites:days", sites.site_days, ttl=300) if info else None
if info is not None and offices is not None and days is not None:
    scope = signin.current().office_id
    st.title(t("sites.title"))
    f = site_filters(within(offices, scope), days, scope)

    @st.fragment(run_every=max(60, settings().refresh_seconds))
    def live_sites() -> None:
        signin.recheck()
        now = data.figures_moment(info)
        figures = data.cached("sites:page", sites.sites_page, now, f)
        if figures is None:
            return
        data.read_at_caption(info)
        tile_row(headline(figures))
        if figures.sites.empty:
            st.info(t("sites.none"))
            return
        map_column, table_column = st.columns([3, 2])
        with map_column:
            st.markdown(legend(), unsafe_allow_html=True)
            event = st.pydeck_chart(
                site_deck(figures.sites),
                height=640,
                on_select="rerun",
                selection_mode="single-object",
                key="site_map",
            )
            st.caption(t("sites.map_hint"))
        with table_column:
            st.subheader(t("sites.by_office"))
            office_table(figures.offices)
        st.subheader(t("sites.detail"))
        site_detail(figures.sites, event, now, scope)

    live_sites()

    first, last = (f.day, f.day) if f.day else (info.first_day, info.last_day)
    statistics_download(first, last, info.now().replace(microsecond=0), f.office_id or scope)
