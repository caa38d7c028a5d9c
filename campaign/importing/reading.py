"""Read a CSV (UTF-8, UTF-8 with BOM, GBK, GB18030) or XLSX file into a header and raw rows."""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from campaign.importing.errors import ImportFileError

MAX_FILE_BYTES = 200 * 1024 * 1024
# An .xlsx is compressed: 1.8 MB can unpack to 1.5 million rows, 0.4 MB to one 400 MB cell. Its
# parts are measured unpacked, and its rows counted, before it is read whole.
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_XLSX_ROWS = 1_048_576  # Excel's own limit for a sheet
# Uploads through the browser: the same limit as `server.maxUploadSize` in .streamlit/config.toml.
MAX_UPLOAD_MB = 50
UPLOAD_TYPES = ("csv", "xlsx")
OLD_EXCEL = b"\xd0\xcf\x11\xe0"  # .xls (and other OLE2 files)
# Control characters no spreadsheet text holds: a binary file read as text.
BINARY_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Sheet:
    headers: list[str]
    # (spreadsheet row number with the header as row 1, the row's cell values)
    rows: list[tuple[int, list[object]]]


def decode_csv(data: bytes) -> str:
    """Text of a CSV as Excel on Chinese Windows saves it; GBK is a subset of GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError:  # marked UTF-8, then not: damaged, or bytes of another kind
            raise ImportFileError("import.err.encoding") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError("import.err.utf16")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("import.err.encoding")


def _blank(values: list[object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def read_csv(data: bytes) -> Sheet:
    text = decode_csv(data)
    if BINARY_TEXT.search(text):
        raise ImportFileError("import.err.not_text")
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records or _blank(records[0]):
        raise ImportFileError("import.err.empty")
    # csv cells are all text: a row is blank when its cells joined are (one C call, not sixteen).
    rows = [(n, r) for n, r in enumerate(records[1:], start=2) if "".join(r).strip()]
    return Sheet(headers=[h or "" for h in records[0]], rows=rows)


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet holds a formula: a quick look at the XML before a second read."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        return any(b"<f>" in xml or b"<f " in xml for xml in map(archive.read, sheets))


def _first_visible(book):
    """The first sheet a person sees in Excel: a hidden or very hidden sheet before it is skipped."""
    shown = [ws for ws in book.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    if not shown:
        raise ImportFileError("import.err.empty")
    return shown[0]


def _formula_without_value(data: bytes, title: str) -> tuple[int, int] | None:
    """The first cell (row, column) of sheet `title` holding a formula with no saved result: read as
    an empty cell, it would pass for 0 or for nothing. Excel saves results; other programs may not."""
    from openpyxl import load_workbook

    formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        rows = zip(
            formulas[title].iter_rows(values_only=True),
            values[title].iter_rows(values_only=True),
            strict=False,
        )
        for n, (written, saved) in enumerate(rows, start=1):
            for column, (formula, value) in enumerate(zip(written, saved, strict=False), start=1):
                if isinstance(formula, str) and formula.startswith("=") and value is None:
                    return n, column
    finally:
        formulas.close()
        values.close()
    return None


UNPACK_CHUNK = 2**20
ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s/>]")


def _rows_in(archive: zipfile.ZipFile, name: str) -> int:
    """The rows a worksheet's XML holds, counted as it is unpacked a megabyte at a time."""
    count, buffer = 0, b""
    with archive.open(name) as part:
        while chunk := part.read(UNPACK_CHUNK):
            buffer += chunk
            cut = len(buffer) - 16  # a tag starting after this may go on in the next chunk
            count += sum(1 for tag in ROW_TAG.finditer(buffer) if tag.start() < cut)
            buffer = buffer[max(cut, 0) :]
    return count + len(ROW_TAG.findall(buffer))


def _check_unpacked(data: bytes) -> None:
    """Refused before it is read: a workbook whose parts unpack beyond the limit, or with a sheet
    of more rows than Excel allows (1.8 MB can hold 1.5 million rows)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(item.file_size for item in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise ImportFileError(
                "import.err.unpacked_too_big",
                size=f"{unpacked / 1024 / 1024:,.0f}",
                limit=MAX_UNPACKED_BYTES // 2**20,
            )
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        for name in sheets:
            if _rows_in(archive, name) > MAX_XLSX_ROWS:
                raise ImportFileError("import.err.too_many_rows", limit=MAX_XLSX_ROWS)


def read_xlsx(data: bytes) -> Sheet:
    from openpyxl import load_workbook

    try:
        _check_unpacked(data)
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise ImportFileError("import.err.unreadable", detail=type(exc).__name__) from exc
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError("import.err.unreadable", detail=type(exc).__name__) from exc
    try:
        sheet = _first_visible(book)
        values = sheet.iter_rows(values_only=True)
        header = next(values, None)
        if header is None or _blank(list(header)):
            raise ImportFileError("import.err.empty")
        rows = []
        for n, r in enumerate(values, start=2):
            if n > MAX_XLSX_ROWS:
                raise ImportFileError("import.err.too_many_rows", limit=MAX_XLSX_ROWS)
            if not _blank(list(r)):
                rows.append((n, list(r)))
        title = sheet.title
    finally:
        book.close()
    if _has_formulas(data) and (cell := _formula_without_value(data, title)):
        raise ImportFileError("import.err.formula_without_value", row=cell[0], column=cell[1])
    return Sheet(headers=["" if h is None else str(h) for h in header], rows=rows)


def read_table(path: Path) -> Sheet:
    """The file's header and non-blank rows; the format is taken from its content."""
    if not path.is_file():
        raise ImportFileError("import.err.not_found")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportFileError("import.err.unreadable", detail="> 200 MB")
    data = path.read_bytes()
    return read_bytes(data, path.name)


def _is_workbook(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def read_upload(data: bytes, name: str, limit_mb: int = MAX_UPLOAD_MB) -> Sheet:
    """A file sent through the browser: a .csv or .xlsx no larger than the limit, whose content
    is what its name says."""
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in UPLOAD_TYPES:
        raise ImportFileError("import.err.upload_type", suffix=suffix or "—")
    if len(data) > limit_mb * 1024 * 1024:
        raise ImportFileError("import.err.too_big", size=f"{len(data) / 1024 / 1024:.1f}", limit=limit_mb)
    if data.startswith(OLD_EXCEL):
        raise ImportFileError("import.err.old_excel")
    if suffix == "xlsx":
        if not _is_workbook(data):
            raise ImportFileError("import.err.not_xlsx")
        return read_xlsx(data)
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError("import.err.csv_is_zip")
    return read_csv(data)


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
