"""Dialect-aware SQL for local-time buckets; the one place SQLite and PostgreSQL differ."""

from __future__ import annotations

from sqlalchemy import Integer, String, type_coerce
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement


class hour_of_day(FunctionElement):
    """The local hour 0..23 of a stored timestamp, as an integer."""

    type = Integer()
    inherit_cache = True
    name = "hour_of_day"


class minute_of_day(FunctionElement):
    """Minutes since local midnight 0..1439 of a stored timestamp, as an integer."""

    type = Integer()
    inherit_cache = True
    name = "minute_of_day"


class day_of(FunctionElement):
    """The local date of a stored timestamp as text 'YYYY-MM-DD' (comparable, portable)."""

    type = String()
    inherit_cache = True
    name = "day_of"


# SQLite holds timestamps as SQLAlchemy writes them, 'YYYY-MM-DD HH:MM:SS.ffffff': reading the
# digits by position costs a fraction of strftime, which parses the whole date for every row.
@compiles(hour_of_day, "sqlite")
def _hour_sqlite(element, compiler, **kw):
    return f"CAST(substr({compiler.process(element.clauses, **kw)}, 12, 2) AS INTEGER)"


@compiles(hour_of_day, "postgresql")
def _hour_pg(element, compiler, **kw):
    return f"CAST(EXTRACT(HOUR FROM {compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(minute_of_day, "sqlite")
def _minute_sqlite(element, compiler, **kw):
    arg = compiler.process(element.clauses, **kw)
    return f"(CAST(substr({arg}, 12, 2) AS INTEGER) * 60 + CAST(substr({arg}, 15, 2) AS INTEGER))"


@compiles(minute_of_day, "postgresql")
def _minute_pg(element, compiler, **kw):
    arg = compiler.process(element.clauses, **kw)
    return f"CAST(EXTRACT(HOUR FROM {arg}) * 60 + EXTRACT(MINUTE FROM {arg}) AS INTEGER)"


@compiles(day_of, "sqlite")
def _day_sqlite(element, compiler, **kw):
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 10)"


@compiles(day_of, "postgresql")
def _day_pg(element, compiler, **kw):
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM-DD')"


def bucket(expr: ColumnElement, size: int) -> ColumnElement:
    """Integer-divide `expr` into buckets of `size`, giving each bucket's start."""
    return (expr // size) * size


class date_of(FunctionElement):
    """The local date of a stored timestamp, comparable with Date columns on both databases."""

    inherit_cache = True
    name = "date_of"


@compiles(date_of, "sqlite")
def _date_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(date_of, "postgresql")
def _date_pg(element, compiler, **kw):
    return f"CAST({compiler.process(element.clauses, **kw)} AS DATE)"


class unindexed(FunctionElement):
    """The column itself, but not a reason for SQLite's planner to choose that column's index."""

    inherit_cache = True
    name = "unindexed"


@compiles(unindexed, "sqlite")
def _unindexed_sqlite(element, compiler, **kw):
    return f"+{compiler.process(element.clauses, **kw)}"


@compiles(unindexed, "postgresql")
def _unindexed_pg(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)


class seconds_between(FunctionElement):
    """Whole seconds from the first timestamp to the second, as an integer. Usable in an index."""

    type = Integer()
    inherit_cache = True
    name = "seconds_between"


@compiles(seconds_between, "sqlite")
def _seconds_sqlite(element, compiler, **kw):
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"(CAST(strftime('%s', {end}) AS INTEGER) - CAST(strftime('%s', {start}) AS INTEGER))"


@compiles(seconds_between, "postgresql")
def _seconds_pg(element, compiler, **kw):
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    # Written as PostgreSQL prints it back (no inner brackets) so Alembic sees the index unchanged.
    return f"CAST(EXTRACT(EPOCH FROM {end} - {start}) AS BIGINT)"


class seconds_since(FunctionElement):
    """Whole seconds from a fixed moment (the first argument) to a timestamp, as an integer: for
    reading many rows, not for an index. SQLite 3.38+ has unixepoch(), about twice as fast as
    strftime('%s') (7,000 shifts: 3 ms less); older SQLite gets seconds_between's form."""

    type = Integer()
    inherit_cache = True
    name = "seconds_since"


@compiles(seconds_since, "sqlite")
def _since_sqlite(element, compiler, **kw):
    if (compiler.dialect.server_version_info or (0,)) >= (3, 38):
        start, end = (compiler.process(c, **kw) for c in element.clauses)
        return f"(unixepoch({end}) - unixepoch({start}))"
    return _seconds_sqlite(element, compiler, **kw)


@compiles(seconds_since, "postgresql")
def _since_pg(element, compiler, **kw):
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    # date_part gives a double; EXTRACT a numeric since PostgreSQL 14, slower to make and cast.
    return f"CAST(date_part('epoch', {end} - {start}) AS BIGINT)"


def unparsed(column: ColumnElement) -> ColumnElement:
    """A timestamp column as the driver returns it (text on SQLite, datetime on PostgreSQL),
    without SQLAlchemy's parsing value by value: for pandas to convert the column at once."""
    return type_coerce(column, String())
