"""Plan targets: who is behind on which metric, one office's whole plan, the office tree."""

from datetime import date

import pandas as pd
import streamlit as st

from campaign.exports.writing import xlsx_bytes
from campaign.metrics import METRICS
from campaign.offices import subtree_ids, within
from campaign.settings import settings
from campaign.strings import t
from campaign.target_trend import trend
from campaign.targets import progress_as_of, roll_up, targets_frame
from queries.reference import office_list
from ui import data, format, signin
from ui.target_charts import behind_first, bullet_figure, trend_figure
from ui.tiles import Tile, tile_row


@st.cache_data(ttl=300, max_entries=2, show_spinner=False)
def offices_ref(_conn, url: str):
    return office_list(_conn)


@st.cache_data(ttl=60, max_entries=8, show_spinner=False)
def evaluated(_conn, url: str, as_of: date, scope: int | None):
    return progress_as_of(_conn, as_of, None if scope is None else subtree_ids(_conn, scope))


@st.cache_data(ttl=300, max_entries=8, show_spinner=False)
def office_trend(_conn, office_id: int, first: date, last: date):
    return trend(_conn, office_id, first, last)


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """A target table as people read it."""
    return pd.DataFrame(
        {
            t("targets.office"): frame["office_name"],
            t("targets.metric"): frame["metric"].map(lambda m: METRICS[m].name),
            t("col.unit"): frame["metric"].map(lambda m: METRICS[m].unit),
            t("col.target"): frame["target"].round(2),
            t("col.actual"): frame["actual"].round(2),
            t("col.pct_done"): frame["pct_done"].map(lambda v: f"{v:.1f}%"),
            t("col.pct_expected"): frame["pct_expected"].map(lambda v: f"{v:.1f}%"),
            t("col.status_target"): frame["status"].map(lambda s: t(f"target_status.{s}")),
            t("col.period"): [
                f"{a:%m-%d}~{b:%m-%d}" for a, b in zip(frame["start_date"], frame["due_date"], strict=True)
            ],
        }
    )


info = data.campaign()
offices = data.read("target_offices", offices_ref, settings().url) if info else None
if info is not None and offices is not None:
    scope = signin.current().office_id
    offices = within(offices, scope)
    st.title(t("targets.title"))
    today = info.now().date()
    days = [info.first_day + pd.Timedelta(days=i) for i in range((info.last_day - info.first_day).days + 1)]
    picker, _ = st.columns([1, 3])
    default = min(max(today, info.first_day), info.last_day)
    as_of = picker.date_input(t("targets.as_of"), value=default, format="YYYY-MM-DD", key="t_as_of")
    frame = data.read("targets", evaluated, settings().url, as_of, scope)
    data.read_at_caption(info)
    if frame is not None and frame.empty:
        st.info(t("targets.none"))
    elif frame is not None:
        behind = frame[frame["status"] == "behind"]
        tile_row(
            [
                Tile(t("targets.total"), format.count(len(frame)), key="targets"),
                Tile(
                    t("targets.done"),
                    format.count(int((frame["status"] == "done").sum())),
                    tone="good",
                    key="done",
                ),
                Tile(
                    t("targets.on_track"),
                    format.count(int((frame["status"] == "on_track").sum())),
                    key="on_track",
                ),
                Tile(
                    t("targets.behind"),
                    format.count(len(behind)),
                    tone="alert" if len(behind) else "good",
                    key="behind",
                ),
                Tile(
                    t("targets.offices_behind"),
                    format.count(behind["office_id"].nunique()),
                    tone="alert" if len(behind) else "good",
                    key="offices_behind",
                ),
            ]
        )
        ranking, plan, tree = st.tabs(
            [t("targets.tab_ranking"), t("targets.tab_office"), t("targets.tab_tree")]
        )
        with ranking:
            metrics = [m for m in METRICS if m in set(frame["metric"])]
            metric = st.selectbox(
                t("targets.metric"), metrics, format_func=lambda m: METRICS[m].name, key="t_metric"
            )
            chosen = frame[frame["metric"] == metric]
            st.caption(t("targets.ranking_caption"))
            st.plotly_chart(bullet_figure(chosen), key="chart_targets", config={"displaylogo": False})
        with plan:
            with_targets = offices[offices["id"].isin(set(frame["office_id"]))]
            names = dict(zip(with_targets["id"], with_targets["name"], strict=True))
            office_id = st.selectbox(t("targets.office"), list(names), format_func=names.get, key="t_office")
            mine = behind_first(frame[frame["office_id"] == office_id])
            st.dataframe(labelled(mine), hide_index=True, width="stretch")
            st.subheader(t("targets.trend"))
            last = min(as_of, info.last_day)
            history = data.read("target_trend", office_trend, int(office_id), info.first_day, last)
            if history is not None:
                columns = st.columns(3)
                for n, row in enumerate(mine.itertuples(index=False)):
                    series = history[history["id"] == row.id].sort_values("day")
                    full = pd.DataFrame({"day": [d for d in days if d <= last]}).merge(
                        series, on="day", how="left"
                    )
                    full["actual"] = full["actual"].fillna(0.0)
                    metric_name = f"{METRICS[row.metric].name}（{METRICS[row.metric].unit}）"
                    with columns[n % 3]:
                        st.plotly_chart(
                            trend_figure(full, row.target, metric_name),
                            key=f"trend_{row.id}",
                            config={"displayModeBar": False},
                        )
        with tree:
            st.caption(t("targets.rollup_caption"))
            level_rows = []
            city = offices[offices["level"] == "city"]
            for _, node in pd.concat([city, offices[offices["level"] == "district"]]).iterrows():
                below = (
                    set(offices.loc[offices["parent_id"] == node["id"], "id"])
                    if node["level"] == "district"
                    else None
                )
                part = frame if below is None else frame[frame["office_id"].isin(below)]
                for r in roll_up(part, as_of).itertuples(index=False):
                    level_rows.append(
                        {
                            "office_name": node["name"],
                            "office_id": node["id"],
                            "office_code": node["code"],
                            **r._asdict(),
                        }
                    )
            rolled = pd.DataFrame(level_rows)
            if not rolled.empty:
                st.dataframe(labelled(rolled), hide_index=True, width="stretch", height=600)
        st.download_button(
            t("targets.download"),
            xlsx_bytes(targets_frame(frame), "targets"),
            file_name=f"targets-{as_of}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
        )
