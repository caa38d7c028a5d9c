"""`export sites-summary` and the activity statistics table (开展宣传活动情况统计表) offices file."""

from __future__ import annotations

import io
from datetime import date, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from sqlalchemy import Connection

from campaign.exports.writing import text_not_formulas
from campaign.strings import t
from queries.sites_summary import COLUMNS, filing_office_name, sites_by_office


def sites_summary(
    conn: Connection, first_day: date, last_day: date, as_of: datetime, office_id: int | None = None
) -> pd.DataFrame:
    """Per office: its own sites starting first_day..last_day and their latest tallies by `as_of`;
    then ALL, their sums."""
    frame = sites_by_office(conn, first_day, last_day, as_of, office_id)
    numbers = COLUMNS[2:]
    frame.loc[len(frame)] = ["ALL", t("export.all_offices"), *(int(frame[c].sum()) for c in numbers)]
    return frame


def statistics_file(
    conn: Connection, first_day: date, last_day: date, as_of: datetime, office_id: int | None = None
) -> bytes:
    """The statistics table an office files: its subtree's offices that ran sites, and the total."""
    summary = sites_summary(conn, first_day, last_day, as_of, office_id)
    kept = summary[(summary["sites"] > 0) | (summary["office_code"] == "ALL")]
    filed_by = filing_office_name(conn, office_id)
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
