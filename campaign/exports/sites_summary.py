"""`export sites-summary` and the activity statistics table (开展宣传活动情况统计表) offices file."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from sqlalchemy import Connection, func, select

from campaign.exports.writing import text_not_formulas
from campaign.frames import as_frame
from campaign.offices import subtree_select
from campaign.schema import TALLY_COUNTS, Office, Site
from campaign.strings import t
from queries.tallies import latest_tallies

office = Office.__table__
site = Site.__table__
COLUMNS = ["office_code", "office_name", "sites", *TALLY_COUNTS]


def sites_summary(
    conn: Connection, first_day: date, last_day: date, as_of: datetime, office_id: int | None = None
) -> pd.DataFrame:
    """Per office: its own sites starting first_day..last_day and their latest tallies by `as_of`."""
    latest = latest_tallies(as_of)
    totals = (
        select(
            site.c.office_id,
            func.count(site.c.id).label("sites"),
            *(func.coalesce(func.sum(latest.c[c]), 0).label(c) for c in TALLY_COUNTS),
        )
        .select_from(site.outerjoin(latest, latest.c.site_id == site.c.id))
        .where(
            site.c.start_at >= datetime.combine(first_day, time()),
            site.c.start_at < datetime.combine(last_day + timedelta(days=1), time()),
        )
        .group_by(site.c.office_id)
        .subquery()
    )
    listed = select(office.c.id, office.c.code, office.c.name)
    if office_id is not None:
        listed = listed.where(office.c.id.in_(subtree_select(office_id)))
    listed = listed.subquery()
    rows = conn.execute(
        select(listed.c.code, listed.c.name, totals.c.sites, *(totals.c[c] for c in TALLY_COUNTS))
        .select_from(listed.outerjoin(totals, totals.c.office_id == listed.c.id))
        .order_by(listed.c.code)
    ).all()
    frame = as_frame(rows, COLUMNS)
    numbers = COLUMNS[2:]
    frame[numbers] = frame[numbers].fillna(0).astype("int64")
    frame.loc[len(frame)] = ["ALL", t("export.all_offices"), *(int(frame[c].sum()) for c in numbers)]
    return frame


def statistics_file(
    conn: Connection, first_day: date, last_day: date, as_of: datetime, office_id: int | None = None
) -> bytes:
    """The statistics table an office files: its subtree's offices that ran sites, and the total."""
    summary = sites_summary(conn, first_day, last_day, as_of, office_id)
    kept = summary[(summary["sites"] > 0) | (summary["office_code"] == "ALL")]
    filer = office.c.id == office_id if office_id is not None else office.c.level == "city"
    filed_by = conn.execute(select(office.c.name).where(filer).order_by(office.c.code).limit(1)).scalar()
    return statistics_table(kept, filed_by or "", first_day, last_day, as_of)


def statistics_table(
    frame: pd.DataFrame, office_name: str, first_day: date, last_day: date, exported_at: datetime
) -> bytes:
    """The summary laid out as an office files it: title, office, period, figures, export time."""
    headers = [t("stats.office"), *(t(f"stats.{c}") for c in COLUMNS[2:])]
    book = Workbook()
    sheet = book.active
    sheet.title = t("stats.sheet")
    width = len(headers)
    sheet.append([t("stats.title")])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([t("stats.filed_by", office=office_name)])
    sheet.append([t("stats.period", first=f"{first_day:%Y年%m月%d日}", last=f"{last_day:%Y年%m月%d日}")])
    sheet.append([])
    sheet.append(headers)
    thin = Side(style="thin")
    for row in frame.itertuples(index=False):
        name = t("export.all_offices") if row.office_code == "ALL" else row.office_name
        sheet.append([name, *(int(getattr(row, c)) for c in COLUMNS[2:])])
    last_row = sheet.max_row
    for cells in sheet.iter_rows(min_row=5, max_row=last_row, max_col=width):
        for cell in cells:
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            if cell.row == 5 or cell.row == last_row:
                cell.font = Font(bold=True)
            if cell.row > 5 and cell.column > 1:
                cell.number_format = "#,##0"
    for cell in sheet[5]:
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    sheet.column_dimensions["A"].width = 30
    for column in "BCDEFGHIJK"[: width - 1]:
        sheet.column_dimensions[column].width = 13
    sheet.append([])
    sheet.append([t("stats.exported_at", time=f"{exported_at:%Y-%m-%d %H:%M:%S}")])
    text_not_formulas(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
