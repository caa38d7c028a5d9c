"""Writing a report: CSV in UTF-8 with BOM (opens cleanly in Excel), or XLSX by the file's suffix."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

# A cell of text starting with one of these is a formula to Excel: user text (a business named
# "=HYPERLINK(…)") must stay text in every file we hand out.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert_text(value: object) -> object:
    """For CSV: text Excel would run as a formula gets a leading apostrophe, as Excel itself writes it."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    text = frame.select_dtypes(include=["object", "string"]).columns
    return frame.assign(**{c: frame[c].map(inert_text) for c in text}) if len(text) else frame


def text_not_formulas(sheet: Worksheet) -> None:
    """For XLSX: openpyxl stores any string starting with "=" as a formula; we never write formulas."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return inert_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def xlsx_bytes(
    frame: pd.DataFrame, sheet: str = "report", preamble: list[tuple[str, str]] | None = None
) -> bytes:
    """An XLSX workbook; `preamble` rows (label, value) go above the table, e.g. filters and time."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        start = 0
        if preamble:
            pd.DataFrame(preamble).to_excel(writer, sheet_name=sheet, index=False, header=False)
            start = len(preamble) + 1
        frame.to_excel(writer, sheet_name=sheet, index=False, startrow=start)
        text_not_formulas(writer.sheets[sheet])
    return buffer.getvalue()


def write_report(frame: pd.DataFrame, output: Path | None, sheet: str) -> None:
    if output is None:
        sys.stdout.buffer.write(csv_bytes(frame))
        sys.stdout.flush()
    elif output.suffix.lower() == ".xlsx":
        output.write_bytes(xlsx_bytes(frame, sheet))
    else:
        output.write_bytes(csv_bytes(frame))
