"""`export sites-summary` and the activity statistics table (开展宣传活动情况统计表) offices file."""

from __future__ import annotations

import io
from datetime import date, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import Connection

from campaign.exports.writing import text_not_formulas
from campaign.strings import t
from queries.reference import office_list
from queries.sites_summary import COLUMNS, filing_office_name, sites_by_office

HEADER_ROW = 5  # title, 填报单位, 统计时段, a blank row, then the header
NUMBERS = COLUMNS[2:]


def sites_summary(
    conn: Connection, first_day: date, last_day: date, as_of: datetime, office_id: int | None = None
) -> pd.DataFrame:
    """Per office: its own sites starting first_day..last_day and their latest tallies by `as_of`;
    then ALL, their sums."""
    frame = sites_by_office(conn, first_day, last_day, as_of, office_id)
    frame.loc[len(frame)] = ["ALL", t("export.all_offices"), *(int(frame[c].sum()) for c in NUMBERS)]
    return frame


def covered_days(first_day: date, last_day: date, as_of: datetime) -> tuple[date, date]:
    """The days the figures cover: a table made on 15 March of a March campaign covers 1-15 March."""
    return first_day, max(first_day, min(last_day, as_of.date()))


def statistics_file(
    conn: Connection, first_day: date, last_day: date, as_of: datetime, office_id: int | None = None
) -> bytes:
    """The statistics table an office files: its subtree's offices that ran sites, a subtotal per
    区县局 when there are several, and the total."""
    summary = sites_summary(conn, first_day, last_day, as_of, office_id)
    kept = summary[(summary["sites"] > 0) | (summary["office_code"] == "ALL")]
    filed_by = filing_office_name(conn, office_id)
    first, last = covered_days(first_day, last_day, as_of)
    return statistics_table(kept, filed_by or "", first, last, as_of, districts(office_list(conn)))


def districts(offices: pd.DataFrame) -> dict[str, str]:
    """Office code -> the name of the 区县局 it is (or is under); offices above every district have none."""
    level = dict(zip(offices["id"], offices["level"], strict=True))
    name = dict(zip(offices["id"], offices["name"], strict=True))
    parent = {
        i: None if pd.isna(p) else int(p) for i, p in zip(offices["id"], offices["parent_id"], strict=True)
    }
    found = {}
    for office_id, code in zip(offices["id"], offices["code"], strict=True):
        node = office_id
        while node is not None and level[node] != "district":
            node = parent.get(node)
        if node is not None:
            found[code] = name[node]
    return found


def period_text(first_day: date, last_day: date) -> str:
    key = "stats.period_span" if first_day.year == last_day.year else "stats.period_years"
    return t(key, first=first_day, last=last_day)


def table_rows(frame: pd.DataFrame, district_of: dict[str, str]) -> list[tuple[str, list]]:
    """(kind, cells) in filing order: offices numbered 1.. grouped by 区县局, each group's 小计 when
    there are two groups or more, then 合计. Kind is office / subtotal / total."""
    offices = frame[frame["office_code"] != "ALL"]
    groups: dict[str | None, list] = {}
    for row in offices.itertuples(index=False):
        groups.setdefault(district_of.get(row.office_code), []).append(row)
    subtotals = sum(1 for g in groups if g is not None) > 1
    rows: list[tuple[str, list]] = []
    number = 0
    for district, members in groups.items():
        for row in members:
            number += 1
            rows.append(("office", [number, row.office_name, *(int(getattr(row, c)) for c in NUMBERS)]))
        if subtotals and district is not None:
            sums = [sum(int(getattr(r, c)) for r in members) for c in NUMBERS]
            rows.append(("subtotal", [None, t("stats.subtotal", district=district), *sums]))
    total = frame[frame["office_code"] == "ALL"]
    if len(total):
        rows.append(("total", [None, t("export.all_offices"), *(int(total.iloc[0][c]) for c in NUMBERS)]))
    return rows


def statistics_table(
    frame: pd.DataFrame,
    office_name: str,
    first_day: date,
    last_day: date,
    exported_at: datetime,
    district_of: dict[str, str] | None = None,
) -> bytes:
    """The summary laid out as an office files it: title, office, period, numbered figures with
    subtotals, lines to sign, the export time; printed on A4 landscape, one page wide."""
    headers = [t("stats.number"), t("stats.office"), *(t(f"stats.{c}") for c in NUMBERS)]
    width = len(headers)
    book = Workbook()
    sheet = book.active
    sheet.title = t("stats.sheet")
    sheet.append([t("stats.title")])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    sheet.append([t("stats.filed_by", office=office_name)])
    sheet.append([period_text(first_day, last_day)])
    sheet.append([])
    sheet.append(headers)
    rows = table_rows(frame, district_of or {})
    for _, cells in rows:
        sheet.append(cells)
    last_row = sheet.max_row
    thin = Side(style="thin")
    for (kind, _), cells in zip(
        [("header", None), *rows],
        sheet.iter_rows(min_row=HEADER_ROW, max_row=last_row, max_col=width),
        strict=True,
    ):
        for cell in cells:
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            if kind != "office":
                cell.font = Font(bold=True)
            if kind != "header" and cell.column > 2:
                cell.number_format = "#,##0"
            if cell.column == 1 or (kind in ("subtotal", "total") and cell.column == 2):
                cell.alignment = Alignment(horizontal="center")
    for cell in sheet[HEADER_ROW]:
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    sheet.row_dimensions[HEADER_ROW].height = 45
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 30
    for column in range(3, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 12
    sheet.append([])
    # Left blank to be filled in by hand before the table is sent up.
    signatures = [None] * width
    for column, key in zip((1, 5, 9), ("stats.filled_by", "stats.checked_by", "stats.phone"), strict=True):
        signatures[column - 1] = t(key)
    sheet.append(signatures)
    sheet.append([])
    sheet.append([t("stats.exported_at", time=f"{exported_at:%Y-%m-%d %H:%M:%S}")])
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    print_setup(sheet, width)
    text_not_formulas(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def print_setup(sheet: Worksheet, width: int) -> None:
    """A4 landscape, every column on one page wide, the header repeated on each page, centred."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_options.horizontalCentered = True
    sheet.print_area = f"A1:{get_column_letter(width)}{sheet.max_row}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
