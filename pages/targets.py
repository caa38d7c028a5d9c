"""Plan targets: who is behind on which metric, one office's whole plan, the office tree."""

import streamlit as st

from campaign.metrics import METRICS
from campaign.strings import t
from campaign.targets import behind_tone
from queries.target_trend import trend
from queries.targets import targets_page
from ui import data, format, guard, signin
from ui.target_charts import bullet_figure, ranked, trend_grid
from ui.target_tables import labelled, targets_file_name, targets_workbook
from ui.tiles import figure_tile, tile_row

info = data.campaign()
if info is not None:
    scope = signin.current().office_id
    st.title(t("targets.title"))
    picker, _ = st.columns([1, 3])
    default = min(max(info.now().date(), info.first_day), info.last_day)
    as_of = picker.date_input(t("targets.as_of"), value=default, format="YYYY-MM-DD", key="t_as_of")
    page = data.cached("targets_page", targets_page, as_of, scope, ttl=30)
    data.read_at_caption(info)
    if page is not None and page.evaluated.empty:
        st.info(t("targets.none"))
    elif page is not None:
        counts = page.counts
        tile_row(
            [
                figure_tile("targets_total", format.count(counts.total)),
                figure_tile("targets_done", format.count(counts.done), tone="good"),
                figure_tile("targets_on_track", format.count(counts.on_track)),
                figure_tile("targets_behind", format.count(counts.behind), tone=behind_tone(counts.behind)),
                figure_tile(
                    "offices_behind",
                    format.count(counts.offices_behind),
                    tone=behind_tone(counts.offices_behind),
                ),
            ]
        )
        ranking, plan, tree = st.tabs(
            [t("targets.tab_ranking"), t("targets.tab_office"), t("targets.tab_tree")]
        )
        with ranking:
            metric = st.selectbox(
                t("targets.metric"), page.metrics, format_func=lambda m: METRICS[m].name, key="t_metric"
            )
            st.caption(t("targets.ranking_caption"))
            every = page.ranking(metric)
            shown = ranked(every)
            if len(shown) < len(every):
                st.caption(t("targets.ranking_limited", total=len(every), shown=len(shown)))
            st.plotly_chart(bullet_figure(shown), key="chart_targets", config={"displaylogo": False})
        with plan:
            names = page.office_names
            office_id = st.selectbox(t("targets.office"), list(names), format_func=names.get, key="t_office")
            mine = page.plan(office_id)
            shown = labelled(mine)
            st.dataframe(shown, hide_index=True, width="stretch", column_config=format.number_columns(shown))
            st.subheader(t("targets.trend"))
            last = min(as_of, info.last_day)
            # Cached by office and day: switching back to an office, or rerunning, reads nothing.
            history = data.cached("target_trend", trend, int(office_id), info.first_day, last, ttl=300)
            if history is not None:
                trend_grid(mine, history)
        with tree:
            st.caption(t("targets.rollup_caption"))
            if not page.rolled.empty:
                rolled = labelled(page.rolled)
                st.dataframe(
                    rolled,
                    hide_index=True,
                    width="stretch",
                    height=600,
                    column_config=format.number_columns(rolled),
                )
        # Built only when clicked, from the rows already read.
        st.download_button(
            t("targets.download"),
            guard.download(lambda: targets_workbook(page.evaluated, as_of, info.now()), "xlsx"),
            file_name=targets_file_name(as_of),
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
        )
