"""A large import written while it is still being checked.

Checking a row is Python's work; writing it is the database's (SQLite's C code with Python's lock
released, or PostgreSQL's server process), so the two can run side by side on two cores. The rows
are checked a chunk at a time; each chunk of good rows goes to a writer thread that stages it,
counts it and merges it into the table while the next chunk is checked. The caller's transaction
still holds every write: a bad row anywhere, found after chunks were written, rolls them all back,
and every bad row of the file is still reported.

The writer alone uses the connection while it runs. The checking thread waits while a chunk is
loaded into the stage (SQLite's row-by-row insert would otherwise fight it for Python's lock at
every row) and goes on while the chunk is counted and merged (single statements, lock released).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from sqlalchemy import Connection

from campaign.importing.errors import BadRow
from campaign.importing.reading import Sheet
from campaign.importing.staging import Counts, Stage, Staged

CHUNK = 100_000  # rows checked, then written, at a time
STREAM_FROM = 200_000  # rows in a file from which it is written while it is checked
STOP = object()


class ChunkWriter:
    """A thread staging and merging chunks of records into `spec.table`, one after another; started
    by the first chunk, stopped on leaving the `with` block whatever happened."""

    def __init__(self, conn: Connection, spec):
        self.conn, self.spec = conn, spec
        self.counts = Counts()
        self.error: BaseException | None = None
        self.inbox: queue.Queue = queue.Queue(maxsize=1)
        self.loaded = threading.Event()
        self.thread = threading.Thread(target=self._run, name="import-writer", daemon=True)
        self.stage: Stage | None = None

    def __enter__(self) -> ChunkWriter:
        return self

    def put(self, records: list[dict]) -> None:
        """Hand over a chunk; return once it is in the stage (its merge goes on behind)."""
        if self.stage is None:  # the writer is not running yet: the connection is free
            self.stage = Stage(self.conn, self.spec.table, list(records[0]), self.spec.keys)
            self.around = self.spec.around(self.conn)
            self.thread.start()
        staged = Staged(self.conn.dialect, self.spec.table, self.stage.columns, records)
        self._raise()
        self.loaded.clear()
        self.inbox.put(staged)
        # A writer failing between the check above and the clear would never signal again.
        while not self.loaded.wait(0.2) and self.thread.is_alive():
            pass
        self._raise()

    def finish(self) -> Counts:
        """Wait for the last merge; the counts of every chunk."""
        self._stop()
        self._raise()
        if self.stage is not None:
            self.stage.drop()
        return self.counts

    def __exit__(self, *exc) -> None:
        self._stop()  # on any failure the thread ends before the caller rolls back

    def _stop(self) -> None:
        if self.thread.is_alive():
            self.inbox.put(STOP)
            self.thread.join()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        while (staged := self.inbox.get()) is not STOP:
            try:
                try:
                    self.stage.load(staged)
                finally:
                    self.loaded.set()
                self.counts += self.stage.merge(self.around)
            except BaseException as error:  # handed to the checking thread, which raises it
                self.error = error
                self.loaded.set()
                return


def large(sheet: Sheet) -> bool:
    """Whether `sheet` is large enough to be written while it is checked."""
    return len(sheet.rows) >= STREAM_FROM


def write_while_checking(
    conn: Connection, spec, sheet: Sheet, keys: list, parse_rows: Callable, progress: Callable | None
) -> tuple[Counts, list[BadRow]]:
    """Check `sheet` chunk by chunk and write its good rows as they come; the counts, and every
    bad row of the file (when there are any, what was written must be rolled back). `keys`: each
    row's key, so that of a key repeated in the file only its last row is written."""
    total = len(sheet.rows)
    last = dict(zip(keys, (n for n, _ in sheet.rows), strict=True))
    keep = None if len(last) == total else set(last.values())
    problems: list[BadRow] = []
    with ChunkWriter(conn, spec) as writer:
        for start in range(0, total, CHUNK):
            part = Sheet(sheet.headers, sheet.rows[start : start + CHUNK])
            done = (lambda n, _t, s=start: progress(s + n, total)) if progress else None
            records, bad = parse_rows(spec, part, conn, done)
            problems += bad
            if problems:
                continue  # nothing more is written; the rest is only checked
            chosen = [r for n, r in records if keep is None or n in keep]
            if chosen:
                writer.put(chosen)
        counts = writer.finish()  # the stage dropped either way; with problems the caller rolls back
    return (Counts() if problems else counts), problems
