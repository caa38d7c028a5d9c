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
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from campaign.exports.writing import FORMULA_START, inert_frame, inert_text
from campaign.strings import t

YUAN = "#,##0.00"
COUNT = "#,##0"
MOMENT = "yyyy-mm-dd hh:mm:ss"
# Widths are fitted to the header and this many leading rows: enough to be right, cheap at 100,000.
WIDTH_SAMPLE = 500
MAX_WIDTH = 60


def preamble(filters_text: str, exported_at: datetime, rows: int) -> list[tuple[str, object]]:
    """The lines above a download's table; the row count a number (a clerk checks it with a sum)."""
    return [
        (t("export.filters"), filters_text),
        (t("export.exported_at"), f"{exported_at:%Y-%m-%d %H:%M:%S}"),
        (t("export.rows"), int(rows)),
    ]


def csv_with_preamble(frame: pd.DataFrame, lines: list[tuple[str, object]]) -> bytes:
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


def fitted_widths(frame: pd.DataFrame) -> list[float]:
    """Excel column widths fitting each header and the leading WIDTH_SAMPLE values."""
    sample = frame.head(WIDTH_SAMPLE).astype(object)
    widths = []
    for column in frame.columns:
        values = [cell_value(v) for v in sample[column]]
        cells = [display_width(str(column)), *(display_width(v) for v in values if v is not None)]
        widths.append(min(MAX_WIDTH, max(cells) + 2))
    return widths


def xlsx_with_preamble(
    frame: pd.DataFrame,
    lines: list[tuple[str, object]],
    sheet: str,
    formats: dict[str, str] | None = None,
) -> bytes:
    """The preamble, a blank row, then the table under a frozen bold header; numbers and times as
    numbers and times (by dtype: float yuan, integer counts, datetimes), `formats` overriding by column.

    Written row by row (openpyxl's write-only mode): 100,000 cases take a fraction of the memory."""
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    header_row = len(lines) + 2
    last_row = header_row + len(frame)
    ws.freeze_panes = f"A{header_row + 1}"
    for index, width in enumerate(fitted_widths(frame), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    if len(frame.columns):
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(frame.columns))}{last_row}"
    bold = Font(bold=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def cell(value: object, number_format: str | None = None, font=None, alignment=None) -> WriteOnlyCell:
        written = WriteOnlyCell(ws, value=value)
        if written.data_type == "f":
            written.data_type = "s"  # user text that Excel would run as a formula stays text
        if number_format and not isinstance(value, str):
            written.number_format = number_format
        if font:
            written.font = font
        if alignment:
            written.alignment = alignment
        return written

    for label, value in lines:
        ws.append([cell(label, font=bold), cell(value)])
    ws.append([])
    ws.append([cell(str(c), font=bold, alignment=centred) for c in frame.columns])
    chosen = {c: column_format(frame[c]) for c in frame.columns} | (formats or {})
    styles = [chosen.get(c) for c in frame.columns]
    for values in frame.astype(object).itertuples(index=False, name=None):
        row = []
        for value, number_format in zip(values, styles, strict=True):
            value = cell_value(value)
            typed = number_format is not None and value is not None
            risky = isinstance(value, str) and value.startswith(FORMULA_START)
            row.append(cell(value, number_format) if typed or risky else value)
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
