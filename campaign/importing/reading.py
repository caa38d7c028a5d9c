"""Read a CSV (UTF-8, UTF-8 with BOM, GBK, GB18030) or XLSX file into a header and raw rows."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from campaign.importing.errors import ImportFileError

MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass
class Sheet:
    headers: list[str]
    # (spreadsheet row number with the header as row 1, the row's cell values)
    rows: list[tuple[int, list[object]]]


def decode_csv(data: bytes) -> str:
    """Text of a CSV as Excel on Chinese Windows saves it; GBK is a subset of GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("import.err.encoding")


def _blank(values: list[object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def read_csv(data: bytes) -> Sheet:
    records = list(csv.reader(io.StringIO(decode_csv(data), newline="")))
    if not records or _blank(records[0]):
        raise ImportFileError("import.err.empty")
    rows = [(n, list(r)) for n, r in enumerate(records[1:], start=2) if not _blank(list(r))]
    return Sheet(headers=[h or "" for h in records[0]], rows=rows)


def read_xlsx(data: bytes) -> Sheet:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError("import.err.unreadable", detail=type(exc).__name__) from exc
    try:
        sheet = book.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = next(values, None)
        if header is None or _blank(list(header)):
            raise ImportFileError("import.err.empty")
        rows = [(n, list(r)) for n, r in enumerate(values, start=2) if not _blank(list(r))]
    finally:
        book.close()
    return Sheet(headers=["" if h is None else str(h) for h in header], rows=rows)


def read_table(path: Path) -> Sheet:
    """The file's header and non-blank rows; the format is taken from its content."""
    if not path.is_file():
        raise ImportFileError("import.err.not_found")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportFileError("import.err.unreadable", detail="> 200 MB")
    data = path.read_bytes()
    return read_bytes(data, path.name)


def read_bytes(data: bytes, name: str) -> Sheet:
    suffix = Path(name).suffix.lower()
    is_zip = data.startswith(b"PK\x03\x04")
    if suffix == ".xlsx" or (is_zip and suffix != ".csv"):
        if not is_zip:
            raise ImportFileError("import.err.unsupported")
        return read_xlsx(data)
    if suffix in (".csv", ".txt", "") and not is_zip:
        return read_csv(data)
    raise ImportFileError("import.err.unsupported")
