"""Downloadable files of a table, recording the filters and the moment of export."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pandas as pd

from campaign.exports.writing import inert_frame, inert_text, xlsx_bytes
from campaign.strings import t


def preamble(filters_text: str, exported_at: datetime, rows: int) -> list[tuple[str, str]]:
    return [
        (t("export.filters"), filters_text),
        (t("export.exported_at"), f"{exported_at:%Y-%m-%d %H:%M:%S}"),
        (t("export.rows"), str(rows)),
    ]


def csv_with_preamble(frame: pd.DataFrame, lines: list[tuple[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([[inert_text(c) for c in line] for line in lines])
    writer.writerow([])
    inert_frame(frame).to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_with_preamble(frame: pd.DataFrame, lines: list[tuple[str, str]], sheet: str) -> bytes:
    return xlsx_bytes(frame, sheet, preamble=lines)
