"""Downloadable files of a table, recording the filters and the moment of export.

The page downloads are for people: typed cells (numbers sum, times sort), a bold header frozen under
the preamble, fitted widths. The command line's machine formats are campaign/exports/writing's.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from campaign.exports.writing import inert_frame, inert_text, text_not_formulas
from campaign.strings import t

YUAN = "#,##0.00"
COUNT = "#,##0"
MOMENT = "yyyy-mm-dd hh:mm:ss"
# Widths are fitted to the header and this many leading rows: enough to be right, cheap at 100,000.
WIDTH_SAMPLE = 500
MAX_WIDTH = 60


def preamble(filters_text: str, exported_at: datetime, rows: int) -> list[tuple[str, str]]:
    return [
        (t("export.filters"), filters_text),
        (t("export.exported_at"), f"{exported_at:%Y-%m-%d %H:%M:%S}"),
        (t("export.rows"), str(rows)),
    ]


def csv_with_preamble(frame: pd.DataFrame, lines: list[tuple[str, str]]) -> bytes:
    """UTF-8 with BOM; money with 2 decimals and no separators, so Excel reads it as numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([[inert_text(c) for c in line] for line in lines])
    writer.writerow([])
    inert_frame(frame).to_csv(
        buffer, index=False, lineterminator="\r\n", float_format="%.2f", date_format="%Y-%m-%d %H:%M:%S"
    )
    return buffer.getvalue().encode("utf-8-sig")


def display_width(value: object) -> int:
    """Columns in Excel's units: a Chinese character is about two Latin ones wide."""
    if isinstance(value, datetime):
        return len("2027-03-15 20:31:05")
    text = value if isinstance(value, str) else f"{value:,.2f}" if isinstance(value, float) else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def column_format(series: pd.Series) -> str | None:
    if pd.api.types.is_datetime64_any_dtype(series):
        return MOMENT
    if pd.api.types.is_float_dtype(series):
        return YUAN
    if pd.api.types.is_integer_dtype(series):
        return COUNT
    return None


def cell_value(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value.item() if hasattr(value, "item") else value


def fit_widths(sheet: Worksheet, header_row: int, columns: int) -> None:
    last = min(sheet.max_row, header_row + WIDTH_SAMPLE)
    for column in range(1, columns + 1):
        widths = [
            display_width(cell.value)
            for (cell,) in sheet.iter_rows(min_row=header_row, max_row=last, min_col=column, max_col=column)
            if cell.value is not None
        ]
        sheet.column_dimensions[get_column_letter(column)].width = min(MAX_WIDTH, max(widths, default=8) + 2)


def xlsx_with_preamble(
    frame: pd.DataFrame,
    lines: list[tuple[str, str]],
    sheet: str,
    formats: dict[str, str] | None = None,
) -> bytes:
    """The preamble, a blank row, then the table under a frozen bold header; numbers and times as
    numbers and times (by dtype: float yuan, integer counts, datetimes), `formats` overriding by column."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for line in lines:
        ws.append(list(line))
    ws.append([])
    header_row = len(lines) + 2
    ws.append([str(c) for c in frame.columns])
    for cells in frame.astype(object).itertuples(index=False, name=None):
        ws.append([cell_value(v) for v in cells])
    chosen = {c: column_format(frame[c]) for c in frame.columns} | (formats or {})
    for index, column in enumerate(frame.columns, start=1):
        number_format = chosen.get(column)
        if number_format:
            for (cell,) in ws.iter_rows(min_row=header_row + 1, min_col=index, max_col=index):
                cell.number_format = number_format
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for (cell,) in ws.iter_rows(max_row=len(lines), max_col=1):
        cell.font = Font(bold=True)
    ws.freeze_panes = f"A{header_row + 1}"
    if len(frame.columns):
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(frame.columns))}{ws.max_row}"
    fit_widths(ws, header_row, max(len(frame.columns), 2))
    text_not_formulas(ws)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
