"""The 12315 page's live panels: headline tiles, charts (click a bar to filter) and gala transfers."""

from __future__ import annotations

from datetime import datetime
from functools import partial

import streamlit as st

from campaign.campaigns import CampaignInfo
from campaign.strings import t
from queries.complaint_figures import ComplaintsScreen
from queries.complaints import Filters
from ui import charts, format
from ui.filters import narrow
from ui.overview_tiles import last_hour_tile, open_tiles
from ui.tables import with_labels
from ui.tiles import figure_tile, tile_row

GALA_COLUMNS = {
    "ticket_no": "col.ticket_no",
    "received_at": "col.received_at",
    "office": "col.office",
    "status": "col.status",
    "category": "col.category",
}


def headline(fig: ComplaintsScreen) -> None:
    r = fig.rates
    tile_row(
        [
            figure_tile("received_in_period", format.count(fig.received)),
            last_hour_tile(fig.last_hour),
            *open_tiles(fig.open_cases),
        ]
    )
    tile_row(
        [
            figure_tile("closure_rate", format.percent(r.closure_rate)),
            figure_tile("mediation_rate", format.percent(r.mediation_rate)),
            figure_tile("recovered", format.yuan(r.recovered_fen)),
        ]
    )


def _bars(title: str, frame, key: str, target: str, single: bool = False, height: int = 300) -> None:
    st.subheader(t(title))
    st.plotly_chart(
        charts.bar_figure(frame, "label" if "label" in frame else "name", height=height),
        key=key,
        on_select=partial(narrow, target, key, single),
        selection_mode="points",
    )


def volume_and_breakdowns(info: CampaignInfo, f: Filters, fig: ComplaintsScreen, now: datetime) -> None:
    gala_window = (info.gala_start, info.gala_end) if f.start <= info.gala_start < f.end else None
    st.subheader(t("complaints.volume", minutes=fig.minutes))
    st.plotly_chart(
        charts.volume_figure(fig.volume, fig.last_year, fig.minutes, gala_window, now=now),
        key="chart_volume",
        config={"displaylogo": False},
    )
    left, middle, right = st.columns(3)
    with left:
        _bars("complaints.by_kind", with_labels(fig.kinds, "kind"), "chart_kind", "f_kinds")
    with middle:
        _bars("complaints.by_channel", with_labels(fig.channels, "channel"), "chart_channel", "f_channels")
    with right:
        categories = fig.categories.assign(label=fig.categories["code"].fillna("—"))
        _bars("complaints.by_category", categories, "chart_category", "f_categories")
    st.caption(t("complaints.click_hint"))
    left, right = st.columns(2)
    with left:
        top = fig.offices.head(15)
        top = top.assign(code=top["id"], count=top["received"])
        _bars("complaints.by_office", top, "chart_office", "f_office", single=True, height=460)
    with right:
        st.subheader(t("complaints.open_by_office"))
        worst = fig.open_offices
        st.plotly_chart(
            charts.open_overdue_figure(worst.assign(code=worst["id"]), height=460),
            key="chart_open",
            on_select=partial(narrow, "f_office", "chart_open", True),
            selection_mode="points",
        )


def gala_transfers(fig: ComplaintsScreen) -> None:
    gala = fig.gala
    st.subheader(t("complaints.gala"))
    if gala.received == 0:
        st.caption(t("complaints.gala_none"))
        return
    tile_row(
        [
            figure_tile("gala_received", format.count(gala.received)),
            figure_tile("gala_answered", format.count(gala.answered)),
            figure_tile(
                "gala_open", format.count(gala.still_open), tone="alert" if gala.still_open else "good"
            ),
        ]
    )
    if not gala.oldest_open.empty:
        st.caption(t("complaints.gala_oldest"))
        oldest = gala.oldest_open.assign(status=gala.oldest_open["status"].map(lambda c: t(f"status.{c}")))
        st.dataframe(
            oldest.rename(columns={k: t(v) for k, v in GALA_COLUMNS.items()}),
            hide_index=True,
            width="stretch",
        )
