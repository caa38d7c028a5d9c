"""12315 requests: volumes, breakdowns, gala transfers, open and overdue cases, the cases behind them."""

import math
from dataclasses import asdict, replace
from datetime import datetime
from functools import partial

import streamlit as st

from campaign import audit
from campaign.localtime import wall_now
from campaign.offices import within
from campaign.settings import settings
from campaign.strings import label, t
from queries import cases, complaints
from queries.reference import category_list, office_list
from ui import charts, data, format, signin
from ui.export import csv_with_preamble, preamble, xlsx_with_preamble
from ui.filters import complaint_filters, narrow, rerun_if_narrowed
from ui.tables import case_table, with_labels
from ui.tiles import Tile, tile_row

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000


@st.cache_data(ttl=300, max_entries=2, show_spinner=False)
def reference(_conn, url: str):
    return office_list(_conn), category_list(_conn)


@st.cache_data(ttl=20, max_entries=32, show_spinner=False)
def figures(_conn, f: complaints.Filters, now: datetime, handler: str | None):
    minutes = 15 if f.first_day == f.last_day else 60
    return {
        "minutes": minutes,
        "volume": complaints.volume_by_time(_conn, f, minutes, now),
        "last_year": complaints.volume_by_time(_conn, f.a_year_earlier(), minutes),
        "received": complaints.count(_conn, f, until=now),
        "last_hour": complaints.last_hour(_conn, f, now),
        "usual": complaints.usual_for_hour(_conn, f, now),
        "kinds": complaints.breakdown(_conn, f, "kind", now),
        "channels": complaints.breakdown(_conn, f, "channel", now),
        "categories": complaints.breakdown(_conn, f, "category", now, limit=10),
        "offices": complaints.by_office(_conn, f, now),
        "rates": complaints.rates(_conn, f, now),
        "gala": complaints.gala_transfers(_conn, f, now, handler=handler),
    }


def filters_text(f: complaints.Filters, offices) -> str:
    names = dict(zip(offices["id"], offices["name"], strict=True))
    parts = [
        f"{f.first_day:%Y-%m-%d} ~ {f.last_day:%Y-%m-%d}",
        names.get(f.office_id, signin.all_offices_label()),
    ]
    parts += [
        "、".join(label(group, c) for c in codes)
        for group, codes in (("kind", f.kinds), ("channel", f.channels))
        if codes
    ]
    parts += ["、".join(f.categories)] if f.categories else []
    parts += [f"{t('col.handler')}：{f.handler}"] if f.handler else []
    return "；".join(parts)


def audit_once(who, f: complaints.Filters, page: int, rows: int) -> None:
    """One audit event per page of unmasked cases a session looks at, not one per rerun."""
    seen = st.session_state.setdefault("_audited", set())
    key = (repr(f), page)
    if key in seen:
        return
    with data.engine().begin() as conn:
        audit.record(
            conn, who.username, "unmask", "complaints", {**asdict(f), "page": page}, rows, wall_now()
        )
    seen.add(key)


info = data.campaign()
ref = data.read("reference", reference, settings().url) if info else None
if info is not None and ref is not None:
    who = signin.current()
    scope = who.office_id
    offices, categories = within(ref[0], scope), ref[1]
    f = replace(complaint_filters(info.now().date(), offices, categories), scope=scope)
    st.title(t("complaints.title"))
    st.caption(format.literal(filters_text(f, offices)))

    @st.fragment(run_every=settings().refresh_seconds)
    def live_figures() -> None:
        rerun_if_narrowed()
        now = data.campaign_now(info).replace(microsecond=0)
        moment = now.replace(second=now.second // 10 * 10)
        fig = data.read("complaints", figures, f, moment, who.handles)
        if fig is None:
            return
        data.read_at_caption(info)
        r, gala, by_office = fig["rates"], fig["gala"], fig["offices"]
        tile_row(
            [
                Tile(t("complaints.received"), format.count(fig["received"]), key="received"),
                Tile(
                    t("complaints.last_hour"),
                    format.count(fig["last_hour"]),
                    t("complaints.usual", value=fig["usual"]),
                    tone="warn" if fig["last_hour"] > 2 * max(fig["usual"], 1) else "",
                    key="last_hour",
                ),
                Tile(t("complaints.open"), format.count(int(by_office["open"].sum())), key="open"),
                Tile(
                    t("complaints.overdue"),
                    format.count(int(by_office["overdue"].sum())),
                    tone="alert" if by_office["overdue"].sum() else "good",
                    key="overdue",
                ),
            ]
        )
        tile_row(
            [
                Tile(t("complaints.closure_rate"), format.percent(r.closure_rate), key="closure_rate"),
                Tile(t("complaints.mediation_rate"), format.percent(r.mediation_rate), key="mediation_rate"),
                Tile(t("complaints.recovered"), format.yuan(r.recovered_fen), key="recovered"),
            ]
        )
        if fig["received"] == 0:
            st.info(t("complaints.empty"))
            return
        gala_window = (info.gala_start, info.gala_end) if f.start <= info.gala_start < f.end else None
        st.subheader(t("complaints.volume", minutes=fig["minutes"]))
        st.plotly_chart(
            charts.volume_figure(fig["volume"], fig["last_year"], fig["minutes"], gala_window),
            key="chart_volume",
            config={"displaylogo": False},
        )
        left, middle, right = st.columns(3)
        for column, title, frame, group, target, key in (
            (left, "complaints.by_kind", fig["kinds"], "kind", "f_kinds", "chart_kind"),
            (middle, "complaints.by_channel", fig["channels"], "channel", "f_channels", "chart_channel"),
        ):
            with column:
                st.subheader(t(title))
                st.plotly_chart(
                    charts.bar_figure(with_labels(frame, group), "label", height=300),
                    key=key,
                    on_select=partial(narrow, target, key),
                    selection_mode="points",
                )
        with right:
            st.subheader(t("complaints.by_category"))
            categories_frame = fig["categories"].assign(label=fig["categories"]["code"].fillna("—"))
            st.plotly_chart(
                charts.bar_figure(categories_frame, "label", height=300),
                key="chart_category",
                on_select=partial(narrow, "f_categories", "chart_category"),
                selection_mode="points",
            )
        st.caption(t("complaints.click_hint"))
        left, right = st.columns(2)
        with left:
            st.subheader(t("complaints.by_office"))
            top = by_office.head(15).assign(
                code=by_office["id"].head(15), count=by_office["received"].head(15)
            )
            st.plotly_chart(
                charts.bar_figure(top, "name", height=460),
                key="chart_office",
                on_select=partial(narrow, "f_office", "chart_office", True),
                selection_mode="points",
            )
        with right:
            st.subheader(t("complaints.open_by_office"))
            worst = by_office.sort_values(["overdue", "open"], ascending=False).head(15)
            st.plotly_chart(
                charts.open_overdue_figure(worst.assign(code=worst["id"]), height=460),
                key="chart_open",
                on_select=partial(narrow, "f_office", "chart_open", True),
                selection_mode="points",
            )
        st.subheader(t("complaints.gala"))
        if gala.received == 0:
            st.caption(t("complaints.gala_none"))
        else:
            tile_row(
                [
                    Tile(t("complaints.gala_received"), format.count(gala.received), key="gala_received"),
                    Tile(t("complaints.gala_answered"), format.count(gala.answered), key="gala_answered"),
                    Tile(
                        t("complaints.gala_open"),
                        format.count(gala.still_open),
                        tone="alert" if gala.still_open else "good",
                        key="gala_open",
                    ),
                ]
            )
            if not gala.oldest_open.empty:
                st.caption(t("complaints.gala_oldest"))
                oldest = gala.oldest_open.rename(
                    columns={
                        "ticket_no": t("col.ticket_no"),
                        "received_at": t("col.received_at"),
                        "office": t("col.office"),
                        "status": t("col.status"),
                        "category": t("col.category"),
                    }
                )
                oldest[t("col.status")] = oldest[t("col.status")].map(lambda c: t(f"status.{c}"))
                st.dataframe(oldest, hide_index=True, width="stretch")

    live_figures()

    st.subheader(t("complaints.cases"))
    # Figures cover the viewer's offices; the cases themselves, for staff, only those they handle.
    f = replace(f, handler=who.handles)
    if who.handles is not None:
        st.caption(t("complaints.own_cases", name=format.literal(who.handles)))
    now = info.now().replace(microsecond=0)
    total = data.read("case_count", cases.count_cases, f, now) or 0
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = st.number_input(
        t("complaints.page"), min_value=1, max_value=pages, value=1, step=1, key="case_page"
    )
    st.caption(t("complaints.cases_total", total=total, page=page, pages=pages))
    # Names and phones in full only for those allowed, and every such view is in the audit trail.
    unmask = who.sees_personal and st.toggle(t("complaints.unmask"), key="unmask")
    frame = data.read("cases", cases.cases_page, f, now, int(page), PAGE_SIZE, unmask)
    if frame is not None:
        if unmask:
            audit_once(who, f, int(page), len(frame))
        st.dataframe(case_table(frame), hide_index=True, width="stretch", height=420)
    if total > EXPORT_LIMIT:
        st.caption(t("complaints.export_too_large", limit=EXPORT_LIMIT))
    elif total:
        privacy = t("export.unmasked") if unmask else t("export.masked")
        lines = preamble(filters_text(f, offices) + f"；{privacy}", now, total)

        def export_frame():
            with data.engine().begin() as conn:
                import pandas as pd

                frame = pd.concat(list(cases.all_cases(conn, f, now, unmask)), ignore_index=True)
                if unmask:
                    audit.record(conn, who.username, "export", "complaints", f, len(frame), wall_now())
                return case_table(frame)

        left, right, _ = st.columns([1, 1, 4])
        left.download_button(
            t("complaints.download_csv"),
            lambda: csv_with_preamble(export_frame(), lines),
            file_name=f"cases-{f.first_day}-{f.last_day}.csv",
            mime="text/csv",
            on_click="ignore",
        )
        right.download_button(
            t("complaints.download_xlsx"),
            lambda: xlsx_with_preamble(export_frame(), lines, "cases"),
            file_name=f"cases-{f.first_day}-{f.last_day}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
        )
