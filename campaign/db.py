"""Engines for the embedded SQLite file and PostgreSQL, and the portable upsert."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Connection, Engine, Table, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url

from campaign.settings import settings


def _stored_form(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


# SQLite holds timestamps as text in SQLAlchemy's form, 'YYYY-MM-DD HH:MM:SS.ffffff', and compares
# them as text. A datetime bound without SQLAlchemy's type (raw driver SQL, text()) would otherwise
# be adapted by the driver as 'YYYY-MM-DD HH:MM:SS', which sorts before the stored form of the same
# second: a request exactly on a boundary would fall into the interval before it.
sqlite3.register_adapter(datetime, _stored_form)


def make_engine(url: str | None = None) -> Engine:
    """An engine for `url` (default: the settings' database), SQLite in WAL mode."""
    url = url or settings().url
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def drop_postgres_schema(engine: Engine) -> None:
    """Everything in a PostgreSQL database's public schema dropped, for a benchmark's fresh start."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")


@lru_cache(maxsize=4)
def engine_for(url: str) -> Engine:
    """One shared engine per URL for the long-running dashboard process."""
    return make_engine(url)


def upsert(
    conn: Connection,
    table: Table,
    rows: Sequence[dict],
    keys: Iterable[str],
) -> None:
    """Insert rows, or update the non-key columns of rows whose `keys` already exist.

    One statement compiled once and executed with every row's parameters: SQLAlchemy batches
    them (insertmanyvalues on PostgreSQL, executemany on SQLite). Building a multi-VALUES
    statement per chunk instead spent most of an import compiling SQL.
    """
    if not rows:
        return
    keys = list(keys)
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    columns = [c for c in rows[0] if c not in keys]
    statement = dialect.insert(table)
    if columns:
        statement = statement.on_conflict_do_update(
            index_elements=keys,
            set_={c: statement.excluded[c] for c in columns},
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=keys)
    conn.execute(statement, list(rows))
