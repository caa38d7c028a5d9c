"""The 12315 page's case table: paginated in SQL, masked unless allowed, downloads built on click."""

from __future__ import annotations

import math
from dataclasses import asdict

import pandas as pd
import streamlit as st

from campaign import audit
from campaign.auth import Viewer
from campaign.localtime import wall_now
from campaign.strings import label, t
from queries import cases
from queries.complaints import Filters
from ui import data, format, guard, signin
from ui.export import csv_with_preamble, preamble, xlsx_with_preamble
from ui.tables import case_table

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filters_text(f: Filters, offices: pd.DataFrame) -> str:
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


def _audit_once(who: Viewer, f: Filters, page: int, rows: int) -> None:
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


def _export_frame(who: Viewer, f: Filters, now, unmask: bool) -> pd.DataFrame:
    with data.engine().begin() as conn:
        frame = pd.concat(list(cases.all_cases(conn, f, now, unmask)), ignore_index=True)
        if unmask:
            audit.record(conn, who.username, "export", "complaints", f, len(frame), wall_now())
        return case_table(frame, typed=True)


def case_section(who: Viewer, f: Filters, offices: pd.DataFrame, now) -> None:
    """The cases behind `f` (for staff, only those they handle) with CSV and Excel downloads."""
    st.subheader(t("complaints.cases"))
    if who.handles is not None:
        st.caption(t("complaints.own_cases", name=format.literal(who.handles)))
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
            _audit_once(who, f, int(page), len(frame))
        st.dataframe(case_table(frame), hide_index=True, width="stretch", height=420)
    if total > EXPORT_LIMIT:
        st.caption(t("complaints.export_too_large", limit=EXPORT_LIMIT))
        return
    if not total:
        return
    privacy = t("export.unmasked") if unmask else t("export.masked")
    described = filters_text(f, offices) + f"；{privacy}"
    name = {"first": f.first_day, "last": f.last_day}

    def exported(write):  # the file's own rows counted in its preamble, read when clicked
        frame = _export_frame(who, f, now, unmask)
        return write(frame, preamble(described, now, len(frame)))

    left, right, _ = st.columns([1, 1, 4])
    # Built only when clicked: a page run never assembles a download nobody asked for.
    left.download_button(
        t("complaints.download_csv"),
        guard.download(lambda: exported(csv_with_preamble), "csv"),
        file_name=t("export.case_file", ext="csv", **name),
        mime="text/csv",
        on_click="ignore",
    )
    right.download_button(
        t("complaints.download_xlsx"),
        guard.download(
            lambda: exported(lambda frame, lines: xlsx_with_preamble(frame, lines, t("export.case_sheet"))),
            "xlsx",
        ),
        file_name=t("export.case_file", ext="xlsx", **name),
        mime=XLSX,
        on_click="ignore",
    )
