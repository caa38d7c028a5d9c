"""The complaint roll-ups (schema.RollupHour, schema.RollupDayOffice), kept by the database.

Triggers on complaint add a row's contribution when it is inserted, take it away when it is
deleted, and both when it is updated, so the roll-ups stay exact whoever writes: an import, the
live feed, the demo generators, or a correction typed into psql. On SQLite they are row
triggers; on PostgreSQL statement triggers over the transition tables, so a bulk import adds
its rows grouped, in one statement per table.

`rebuild` recomputes both tables from the complaints (after the province generator's bulk load,
or in the migration that creates them); `replacing` moves them by a bulk import's grouped rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text

from campaign.schema import _sql_list
from campaign.vocabulary import CASE_KINDS, OPEN_STATUSES

TRIGGERS = ("rollup_complaint_insert", "rollup_complaint_update", "rollup_complaint_delete")


def _measures(r: str) -> dict[str, str]:
    """Each roll-up measure of one complaint row `r` (a table alias or NEW/OLD), as SQL."""
    is_case = f"{r}.kind IN ({_sql_list(CASE_KINDS)})"
    closed = f"{r}.status = 'closed' AND {r}.closed_at IS NOT NULL"
    return {
        "is_case": f"CASE WHEN {is_case} THEN 1 ELSE 0 END",
        "closed_case": f"CASE WHEN {is_case} AND {closed} THEN 1 ELSE 0 END",
        "mediated": f"CASE WHEN {is_case} AND {closed} AND {r}.outcome = 'mediated' THEN 1 ELSE 0 END",
        "tried": f"CASE WHEN {is_case} AND {closed} AND {r}.outcome IN ('mediated', 'failed') THEN 1 ELSE 0 END",
        "recovered_case": f"CASE WHEN {is_case} AND {closed} THEN COALESCE({r}.recovered_fen, 0) ELSE 0 END",
        "recovered_any": f"CASE WHEN {closed} THEN COALESCE({r}.recovered_fen, 0) ELSE 0 END",
        "open_case": f"CASE WHEN {is_case} AND {r}.status IN ({_sql_list(OPEN_STATUSES)}) THEN 1 ELSE 0 END",
        "closed": closed,
    }


HOUR_COLUMNS = "hour, kind, channel, category, received, closed, mediated, tried, recovered_fen"
HOUR_ADD = (
    "ON CONFLICT (hour, kind, channel, category) DO UPDATE SET "
    "received = rollup_hour.received + excluded.received, closed = rollup_hour.closed + excluded.closed, "
    "mediated = rollup_hour.mediated + excluded.mediated, tried = rollup_hour.tried + excluded.tried, "
    "recovered_fen = rollup_hour.recovered_fen + excluded.recovered_fen"
)
DAY_COLUMNS = "office_id, day, received, cases, cases_closed, closed_on_day, recovered_on_day, open_cases"
DAY_ADD = (
    "ON CONFLICT (office_id, day) DO UPDATE SET "
    "received = rollup_day_office.received + excluded.received, "
    "cases = rollup_day_office.cases + excluded.cases, "
    "cases_closed = rollup_day_office.cases_closed + excluded.cases_closed, "
    "closed_on_day = rollup_day_office.closed_on_day + excluded.closed_on_day, "
    "recovered_on_day = rollup_day_office.recovered_on_day + excluded.recovered_on_day, "
    "open_cases = rollup_day_office.open_cases + excluded.open_cases"
)


def _hour(dialect: str, column: str) -> str:
    if dialect == "sqlite":  # stored as 'YYYY-MM-DD HH:MM:SS.ffffff' (SQLAlchemy's format)
        return f"substr({column}, 1, 13) || ':00:00.000000'"
    return f"date_trunc('hour', {column})"


def _day(dialect: str, column: str) -> str:
    return f"substr({column}, 1, 10)" if dialect == "sqlite" else f"CAST({column} AS DATE)"


def _grouped(dialect: str, rows: str, sign: str) -> list[str]:
    """Statements adding `sign` times the contribution of every row of `rows` (a table or subquery)."""
    m = _measures("r")
    hour = _hour(dialect, "r.received_at")
    received_day = _day(dialect, "r.received_at")
    closing_day = _day(dialect, "r.closed_at")
    return [
        f"INSERT INTO rollup_hour ({HOUR_COLUMNS}) "
        f"SELECT {hour}, r.kind, r.channel, COALESCE(r.category, ''), {sign} * COUNT(*), "
        f"{sign} * SUM({m['closed_case']}), {sign} * SUM({m['mediated']}), {sign} * SUM({m['tried']}), "
        f"{sign} * SUM({m['recovered_case']}) FROM {rows} r "
        f"GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4 {HOUR_ADD}",
        f"INSERT INTO rollup_day_office ({DAY_COLUMNS}) "
        f"SELECT r.office_id, {received_day}, {sign} * COUNT(*), {sign} * SUM({m['is_case']}), "
        f"{sign} * SUM({m['closed_case']}), 0, 0, {sign} * SUM({m['open_case']}) FROM {rows} r "
        f"GROUP BY 1, 2 ORDER BY 1, 2 {DAY_ADD}",
        f"INSERT INTO rollup_day_office ({DAY_COLUMNS}) "
        f"SELECT r.office_id, {closing_day}, 0, 0, 0, {sign} * SUM({m['closed_case']}), "
        f"{sign} * SUM({m['recovered_any']}), 0 FROM {rows} r WHERE {m['closed']} "
        f"GROUP BY 1, 2 ORDER BY 1, 2 {DAY_ADD}",
    ]


def _row(r: str, sign: str) -> list[str]:
    """SQLite trigger statements adding `sign` times row `r`'s (NEW or OLD) contribution."""
    m = _measures(r)
    return [
        f"INSERT INTO rollup_hour ({HOUR_COLUMNS}) VALUES ({_hour('sqlite', f'{r}.received_at')}, "
        f"{r}.kind, {r}.channel, COALESCE({r}.category, ''), {sign}, {sign} * ({m['closed_case']}), "
        f"{sign} * ({m['mediated']}), {sign} * ({m['tried']}), {sign} * ({m['recovered_case']})) {HOUR_ADD}",
        f"INSERT INTO rollup_day_office ({DAY_COLUMNS}) VALUES ({r}.office_id, "
        f"{_day('sqlite', f'{r}.received_at')}, {sign}, {sign} * ({m['is_case']}), "
        f"{sign} * ({m['closed_case']}), 0, 0, {sign} * ({m['open_case']})) {DAY_ADD}",
        f"INSERT INTO rollup_day_office ({DAY_COLUMNS}) SELECT {r}.office_id, "
        f"{_day('sqlite', f'{r}.closed_at')}, 0, 0, 0, {sign} * ({m['closed_case']}), "
        f"{sign} * ({m['recovered_any']}), 0 WHERE {m['closed']} {DAY_ADD}",
    ]


def _sqlite_triggers() -> list[str]:
    def body(statements: list[str]) -> str:
        return " ".join(f"{s};" for s in statements)

    return [
        f"CREATE TRIGGER rollup_complaint_insert AFTER INSERT ON complaint BEGIN {body(_row('NEW', '1'))} END",
        "CREATE TRIGGER rollup_complaint_update AFTER UPDATE OF "
        "received_at, kind, channel, category, office_id, status, closed_at, outcome, recovered_fen "
        f"ON complaint BEGIN {body(_row('OLD', '-1') + _row('NEW', '1'))} END",
        f"CREATE TRIGGER rollup_complaint_delete AFTER DELETE ON complaint BEGIN {body(_row('OLD', '-1'))} END",
    ]


def _postgres_triggers() -> list[str]:
    old = "; ".join(_grouped("postgresql", "old_rows", "-1"))
    new = "; ".join(_grouped("postgresql", "new_rows", "1"))
    return [
        "CREATE OR REPLACE FUNCTION rollup_complaint_changes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {old}; END IF; "
        f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {new}; END IF; "
        "RETURN NULL; END $$",
        "CREATE TRIGGER rollup_complaint_insert AFTER INSERT ON complaint REFERENCING NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION rollup_complaint_changes()",
        "CREATE TRIGGER rollup_complaint_update AFTER UPDATE ON complaint "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION rollup_complaint_changes()",
        "CREATE TRIGGER rollup_complaint_delete AFTER DELETE ON complaint REFERENCING OLD TABLE AS old_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION rollup_complaint_changes()",
    ]


def create_triggers(conn: Connection) -> None:
    dialect = conn.dialect.name
    for statement in _sqlite_triggers() if dialect == "sqlite" else _postgres_triggers():
        conn.exec_driver_sql(statement)


def drop_triggers(conn: Connection) -> None:
    for name in TRIGGERS:
        conn.exec_driver_sql(
            f"DROP TRIGGER IF EXISTS {name}" + ("" if conn.dialect.name == "sqlite" else " ON complaint")
        )


def rebuild(conn: Connection) -> None:
    """Both roll-ups recomputed from every complaint."""
    conn.execute(text("DELETE FROM rollup_hour"))
    conn.execute(text("DELETE FROM rollup_day_office"))
    # Written in key order, hour by hour as live data arrives: a range of hours then sits in few
    # pages (unordered, PostgreSQL read 21,000 pages for a fortnight's 41,000 rows: 116 ms vs 10).
    for statement in _grouped(conn.dialect.name, "complaint", "1"):
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql("ANALYZE rollup_hour")
    conn.exec_driver_sql("ANALYZE rollup_day_office")


@contextmanager
def replacing(conn: Connection, affected: str, written: str | None = None) -> Iterator[None]:
    """Around a bulk write of the complaint rows `affected` selects (SQL): on SQLite the triggers are
    set aside and the roll-ups move by those rows' grouped contribution, out before and back in
    after, instead of three upserts per row. PostgreSQL's statement triggers already group.

    `written`, when given, selects the same rows as they stand after the write without reading
    the complaint table (an import's staged rows: a million lookups by ticket fewer)."""
    if conn.dialect.name != "sqlite":
        yield
        return
    drop_triggers(conn)
    for statement in _grouped("sqlite", f"({affected})", "-1"):
        conn.exec_driver_sql(statement)
    yield
    for statement in _grouped("sqlite", f"({written or affected})", "1"):
        conn.exec_driver_sql(statement)
    create_triggers(conn)


def has_triggers(conn: Connection) -> bool:
    names = _sql_list(TRIGGERS)
    if conn.dialect.name == "sqlite":
        query = f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({names})"
    else:
        query = f"SELECT count(*) FROM pg_trigger WHERE tgname IN ({names})"
    return conn.exec_driver_sql(query).scalar_one() == len(TRIGGERS)


def ensure_triggers(conn: Connection) -> bool:
    """Restore the triggers (and rebuild the roll-ups) if a bulk load was cut off; True if it had to."""
    if has_triggers(conn):
        return False
    drop_triggers(conn)
    rebuild(conn)
    create_triggers(conn)
    return True
