"""Writing a report: CSV in UTF-8 with BOM (opens cleanly in Excel), or XLSX by the file's suffix."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pandas as pd


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


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
    return buffer.getvalue()


def write_report(frame: pd.DataFrame, output: Path | None, sheet: str) -> None:
    if output is None:
        sys.stdout.buffer.write(csv_bytes(frame))
        sys.stdout.flush()
    elif output.suffix.lower() == ".xlsx":
        output.write_bytes(xlsx_bytes(frame, sheet))
    else:
        output.write_bytes(csv_bytes(frame))
