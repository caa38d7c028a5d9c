"""The import machinery every kind shares: header mapping, row checks, all-or-nothing writes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Table, select, tuple_

from campaign.db import upsert
from campaign.frames import no_collection
from campaign.importing.cells import Parser
from campaign.importing.errors import (
    BadRow,
    FieldError,
    ImportFileError,
    ImportRejected,
    RowError,
)
from campaign.importing.reading import Sheet, read_table, read_upload
from campaign.importing.staging import Around, Counts, write_staged
from campaign.importing.streaming import large, write_while_checking
from campaign.strings import t

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Column:
    key: str  # the English header, also the key in a parsed row
    zh: str  # the Chinese header
    parse: Parser
    required: bool = False


@dataclass
class ImportResult:
    file: str
    rows: int
    counts: Counts = field(default_factory=Counts)

    def message(self) -> str:
        c = self.counts
        return t(
            "import.done",
            file=self.file,
            rows=self.rows,
            inserted=c.inserted,
            updated=c.updated,
            unchanged=c.unchanged,
        )


class ImportSpec:
    """One import kind: its columns, how a parsed row becomes a record, how records are written."""

    kind: str = ""
    columns: tuple[Column, ...] = ()
    # A kind writing one table by key columns of the file (parsed, they are the record's), with
    # no check across rows, names them here: a large file of it is then written while checked.
    table: Table | None = None
    keys: tuple[str, ...] = ()

    def around(self, conn: Connection) -> Around | None:
        """What to enter around each upsert into `table` (given the stage's name)."""
        return None

    def streams(self) -> bool:
        """Whether a large file of this kind can be written while it is checked."""
        return self.table is not None and type(self).check_all is ImportSpec.check_all

    def missing_columns(self, present: set[str]) -> list[Column]:
        return [c for c in self.columns if c.required and c.key not in present]

    def prepare(self, conn: Connection) -> None:
        """Load what row checks need (office names, ...) before any row is read."""

    def record(self, values: dict, conn: Connection) -> dict:
        """The record to store for one row's parsed values; raises RowError."""
        return values

    def key(self, record: dict) -> tuple:
        raise NotImplementedError

    def check_all(self, records: list[tuple[int, dict]]) -> list[tuple[int, RowError]]:
        """Checks across rows (a name used twice, a cycle); after per-row checks pass."""
        return []

    def write(self, conn: Connection, records: list[dict], progress: Progress | None) -> Counts:
        raise NotImplementedError


def header_key(spec: ImportSpec, header: str) -> str | None:
    wanted = header.strip()
    for column in spec.columns:
        if wanted == column.zh or wanted.lower() == column.key:
            return column.key
    return None


def map_headers(spec: ImportSpec, sheet: Sheet) -> dict[int, str]:
    """Cell position -> column key, for the columns this kind knows; the rest are ignored."""
    mapping: dict[int, str] = {}
    for position, header in enumerate(sheet.headers):
        key = header_key(spec, header)
        if key is None:
            continue
        if key in mapping.values():
            raise ImportFileError("import.err.duplicate_column", column=header.strip())
        mapping[position] = key
    missing = spec.missing_columns(set(mapping.values()))
    if missing:
        names = "、".join(f"{c.zh}（{c.key}）" for c in missing)
        raise ImportFileError("import.err.missing_columns", columns=names)
    return mapping


def parse_rows(
    spec: ImportSpec, sheet: Sheet, conn: Connection, progress: Progress | None = None
) -> tuple[list[tuple[int, dict]], list[BadRow]]:
    mapping = map_headers(spec, sheet)
    headers = {key: sheet.headers[pos].strip() for pos, key in mapping.items()}
    by_key = {c.key: c for c in spec.columns}
    # Column by column, each distinct cell parsed once; a row's problems in column order.
    bad: dict[int, list[tuple[str, str]]] = {}
    parsed = []
    width = max(mapping) + 1
    if all(len(cells) >= width for _, cells in sheet.rows):  # the usual file: one transpose in C
        columns = list(zip(*(cells for _, cells in sheet.rows), strict=False)) or [()] * width
    else:
        columns = [[cells[p] if p < len(cells) else None for _, cells in sheet.rows] for p in range(width)]
    for position, key in mapping.items():
        raws = columns[position]
        values, problems_here = _parse_column(by_key[key], raws)
        parsed.append(values)
        for index, reason in problems_here:
            bad.setdefault(index, []).append((key, reason))
    keys = list(mapping.values())
    blank = {c.key: None for c in spec.columns}
    records: list[tuple[int, dict]] = []
    problems: list[BadRow] = []
    total = len(sheet.rows)
    for index, ((row_number, _), row) in enumerate(zip(sheet.rows, zip(*parsed, strict=True), strict=True)):
        if index in bad:
            problems += [BadRow(row_number, headers[key], reason) for key, reason in bad[index]]
        else:
            try:
                records.append(
                    (row_number, spec.record({**blank, **dict(zip(keys, row, strict=True))}, conn))
                )
            except RowError as error:
                name = headers.get(error.column, by_key[error.column].zh)
                problems.append(BadRow(row_number, name, error.reason))
        if progress and (index + 1) % 5000 == 0:
            progress(index + 1, total)
    if not problems:
        for row_number, error in spec.check_all(records):
            name = headers.get(error.column, by_key[error.column].zh)
            problems.append(BadRow(row_number, name, error.reason))
    problems.sort(key=lambda p: p.row)
    return records, problems


def key_cells(spec: ImportSpec, sheet: Sheet) -> list[tuple]:
    """Each row's key, from its key columns parsed (None in place of a bad cell)."""
    mapping = {key: position for position, key in map_headers(spec, sheet).items()}
    by_key = {c.key: c for c in spec.columns}
    parsed = []
    for key in spec.keys:
        raws = [cells[mapping[key]] if mapping[key] < len(cells) else None for _, cells in sheet.rows]
        parsed.append(_parse_column(by_key[key], raws)[0])
    return list(zip(*parsed, strict=True))


MEMO_LIMIT = 10_000  # distinct cells remembered per column; beyond, a column is mostly unique
MISSING = object()
SAMPLE = 1_000  # cells looked at to tell a mostly unique column (tickets, times, phones)


def _parse_column(column: Column, raws: Sequence) -> tuple[list, list[tuple[int, str]]]:
    """A column's parsed cells (None where bad), and (position, reason) for each bad one.

    Parsers are pure, so repeated cells (kinds, offices, statuses...) are parsed once. A mostly
    unique column is parsed cell by cell in one call, with no memo to consult; should a cell
    be bad, the careful way finds which."""
    try:
        if len(set(raws[:SAMPLE])) > SAMPLE * 0.9:
            parsed = list(map(column.parse, raws))
            if not (column.required and None in parsed):
                return parsed, []
    except (FieldError, TypeError):  # TypeError: an unhashable cell
        pass
    return _parse_carefully(column, raws)


def _parse_carefully(column: Column, raws: Sequence) -> tuple[list, list[tuple[int, str]]]:
    memo: dict = {}
    parsed: list = []
    problems: list[tuple[int, str]] = []
    parse, required = column.parse, column.required
    remembered, keep = memo.get, parsed.append
    for index, raw in enumerate(raws):
        cell = raw if type(raw) is str else (type(raw), raw)  # 1, 1.0 and True: equal, not the same
        try:
            found = remembered(cell, MISSING)
        except TypeError:  # an unhashable cell
            cell, found = None, MISSING
        if found is MISSING:
            try:
                found = parse(raw)
                if required and found is None:
                    raise FieldError("import.err.required")
            except FieldError as error:
                found = error
            if cell is not None and len(memo) < MEMO_LIMIT:
                memo[cell] = found
        if isinstance(found, FieldError):
            problems.append((index, found.reason))
            found = None
        keep(found)
    return parsed, problems


def run_import(
    conn: Connection, spec: ImportSpec, path: Path, progress: Progress | None = None
) -> ImportResult:
    """Check every row of `path`; write all of them, or nothing and raise ImportRejected.

    The caller owns the transaction, so a failure while writing also leaves nothing behind.
    """
    return import_sheet(conn, spec, path.name, lambda: read_table(path), progress)


def run_upload(
    conn: Connection, spec: ImportSpec, name: str, data: bytes, progress: Progress | None = None
) -> ImportResult:
    """The same for a file sent through the browser, checked for size, type and content first."""
    return import_sheet(conn, spec, Path(name).name, lambda: read_upload(data, name), progress)


def import_sheet(
    conn: Connection, spec: ImportSpec, name: str, read: Callable[[], Sheet], progress: Progress | None
) -> ImportResult:
    try:
        # Millions of cells, lists and dicts, none of them in a cycle: the cyclic collector would
        # walk them all again and again as they pile up (1 M rows: several seconds).
        with no_collection():
            sheet = read()
            spec.prepare(conn)
            if spec.streams() and large(sheet):
                keys = key_cells(spec, sheet)
                counts, problems = write_while_checking(conn, spec, sheet, keys, parse_rows, progress)
                if not problems:
                    return ImportResult(name, rows=len(sheet.rows), counts=counts)
            else:
                records, problems = parse_rows(spec, sheet, conn, progress)
    except ImportFileError as error:
        raise ImportRejected(name, file_reason=error.reason) from None
    if problems:
        raise ImportRejected(name, problems)
    # A key repeated within one file takes its last row.
    latest = {spec.key(record): record for _, record in records}
    result = ImportResult(name, rows=len(sheet.rows))
    with no_collection():
        result.counts = spec.write(conn, list(latest.values()), progress)
    return result


def write_changes(
    conn: Connection,
    table: Table,
    records: Sequence[dict],
    keys: Sequence[str],
    progress: Progress | None = None,
    chunk: int = 500,
    around: Around | None = None,
) -> Counts:
    """Upsert only the records that are new or differ from what is stored; count each kind."""
    if len(records) >= STAGE_FROM:
        counts = write_staged(conn, table, records, keys, around)
        if progress:
            progress(len(records), len(records))
        return counts
    counts = Counts()
    columns = list(records[0]) if records else []
    key_columns = [table.c[k] for k in keys]
    if conn.dialect.name == "postgresql":
        # The table grows inside this transaction while its statistics still say "small", and the
        # planner would scan it whole for every chunk's key lookup: make it use the key's index.
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    for start in range(0, len(records), chunk):
        batch = records[start : start + chunk]
        wanted = [tuple(r[k] for k in keys) for r in batch]
        key_expr = key_columns[0] if len(keys) == 1 else tuple_(*key_columns)
        lookup = [w[0] for w in wanted] if len(keys) == 1 else wanted
        stored = {
            tuple(row[: len(keys)]): tuple(row[len(keys) :])
            for row in conn.execute(
                select(*key_columns, *(table.c[c] for c in columns)).where(key_expr.in_(lookup))
            )
        }
        changed = []
        for key, record in zip(wanted, batch, strict=True):
            before = stored.get(key)
            if before is None:
                counts.inserted += 1
            elif before != tuple(record[c] for c in columns):
                counts.updated += 1
            else:
                counts.unchanged += 1
                continue
            changed.append(record)
        upsert(conn, table, changed, keys)
        if progress:
            progress(min(start + chunk, len(records)), len(records))
    return counts


STAGE_FROM = 2_000  # records; from here they are staged and written by one upsert
