"""Which import kind a file is, from its header row alone: the kinds whose required columns it holds."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from campaign.importing import SPECS
from campaign.importing.reading import decode_csv
from campaign.importing.runner import header_key


def header_row(data: bytes, name: str) -> list[str]:
    """The first row of an uploaded .csv or .xlsx; empty when it cannot be read (the import
    itself then says why)."""
    try:
        if Path(name).suffix.lower() == ".xlsx" or data.startswith(b"PK\x03\x04"):
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                first = next(book.worksheets[0].iter_rows(max_row=1, values_only=True), ())
            finally:
                book.close()
            return ["" if h is None else str(h) for h in first]
        first_line = decode_csv(data).split("\n", 1)[0]
        return next(csv.reader(io.StringIO(first_line)), [])
    except Exception:  # a damaged file: openpyxl raises many kinds
        return []


def known_columns(kind: str, headers: list[str]) -> set[str]:
    """The column keys of `kind` the headers name (Chinese or English)."""
    spec = SPECS[kind]
    return {key for h in headers if (key := header_key(spec, h)) is not None}


def holds_required(kind: str, headers: list[str]) -> bool:
    present = known_columns(kind, headers)
    return all(c.key in present for c in SPECS[kind].columns if c.required)


def detected_kind(headers: list[str]) -> str | None:
    """The kind whose required columns the headers all hold; of several, the one naming the most
    of its columns (a 活动点统计 file also holds 活动点 and 承办单位)."""
    fitting = [k for k in SPECS if holds_required(k, headers)]
    if not fitting:
        return None
    return max(fitting, key=lambda k: len(known_columns(k, headers)))


def better_kind(chosen: str, headers: list[str]) -> str | None:
    """Another kind the file plainly is, when it lacks a required column of the `chosen` kind."""
    if holds_required(chosen, headers):
        return None
    found = detected_kind(headers)
    return found if found != chosen else None
