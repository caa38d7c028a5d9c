"""The import machinery every kind shares: header mapping, row checks, all-or-nothing writes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
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
from campaign.strings import t

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Column:
    key: str  # the English header, also the key in a parsed row
    zh: str  # the Chinese header
    parse: Parser
    required: bool = False


@dataclass
class Counts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged
        return self


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


MEMO_LIMIT = 10_000  # distinct cells remembered per column; beyond, a column is mostly unique
MISSING = object()


def _parse_column(column: Column, raws: list) -> tuple[list, list[tuple[int, str]]]:
    """A column's parsed cells (None where bad), and (position, reason) for each bad one.

    Parsers are pure, so repeated cells (kinds, offices, statuses...) are parsed once."""
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
    around: Callable[[str], AbstractContextManager] | None = None,
) -> Counts:
    """Upsert only the records that are new or differ from what is stored; count each kind."""
    if len(records) >= STAGE_FROM:
        return write_staged(conn, table, records, keys, progress, around)
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


def write_staged(
    conn: Connection,
    table: Table,
    records: Sequence[dict],
    keys: Sequence[str],
    progress: Progress | None,
    around: Callable[[str], AbstractContextManager] | None = None,
) -> Counts:
    """Load the records into a temporary table (COPY on PostgreSQL), count what is new or changed
    against the stored rows, and upsert those in one statement. `around(stage)` is entered around
    the upsert (the complaints' roll-ups on SQLite)."""
    postgres = conn.dialect.name == "postgresql"
    columns = list(records[0])
    values = [c for c in columns if c not in keys]
    names = ", ".join(columns)
    name = table.name
    stage = f"import_stage_{name}"
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {stage}")
    if postgres:
        # Sorting and grouping a million rows (the anti-join, the roll-up triggers' transition
        # tables) in memory, for this transaction only: with the default 4 MB they spill to disk
        # (1 M requests: the upsert 62 -> 40 s).
        conn.exec_driver_sql("SET LOCAL work_mem = '256MB'")
        conn.exec_driver_sql(
            f"CREATE TEMP TABLE {stage} ON COMMIT DROP AS SELECT {names} FROM {name} WITH NO DATA"
        )
        cursor = conn.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
            for record in records:
                copy.write_row(tuple(record[c] for c in columns))
        conn.exec_driver_sql(f"ANALYZE {stage}")
    else:
        conn.exec_driver_sql(f"CREATE TEMP TABLE {stage} AS SELECT {names} FROM {name} WHERE 0")
        # Stored exactly as SQLAlchemy stores each type (timestamps as its text), so they compare equal.
        # Column by column: one list per column, converted with map, then zipped into rows.
        cells = []
        for c in columns:
            column = [r[c] for r in records]
            process = table.c[c].type.bind_processor(conn.dialect)
            cells.append(list(map(process, column)) if process else column)
        conn.exec_driver_sql(
            f"INSERT INTO {stage} ({names}) VALUES ({', '.join('?' * len(columns))})",
            list(zip(*cells, strict=True)),
        )
    joined = " AND ".join(f"t.{k} = s.{k}" for k in keys)
    if not values:
        differs = "1 = 0"
    elif postgres:
        differs = f"ROW({', '.join(f't.{c}' for c in values)}) IS DISTINCT FROM ROW({', '.join(f's.{c}' for c in values)})"
    else:
        differs = "(" + " OR ".join(f"t.{c} IS NOT s.{c}" for c in values) + ")"
    inserted, updated = conn.exec_driver_sql(
        f"SELECT coalesce(sum(CASE WHEN t.{keys[0]} IS NULL THEN 1 ELSE 0 END), 0), "
        f"coalesce(sum(CASE WHEN t.{keys[0]} IS NOT NULL AND {differs} THEN 1 ELSE 0 END), 0) "
        f"FROM {stage} s LEFT JOIN {name} t ON {joined}"
    ).one()
    action = f"DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in values)}" if values else "DO NOTHING"
    with around(stage) if around else nullcontext():
        conn.exec_driver_sql(
            f"INSERT INTO {name} ({names}) SELECT {', '.join(f's.{c}' for c in columns)} "
            f"FROM {stage} s LEFT JOIN {name} t ON {joined} WHERE t.{keys[0]} IS NULL OR {differs} "
            f"ON CONFLICT ({', '.join(keys)}) {action}"
        )
    conn.exec_driver_sql(f"DROP TABLE {stage}")
    if progress:
        progress(len(records), len(records))
    return Counts(
        inserted=int(inserted), updated=int(updated), unchanged=len(records) - int(inserted) - int(updated)
    )
