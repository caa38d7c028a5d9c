"""Fixtures: every database test runs on SQLite and, when TEST_POSTGRES_URL is set, PostgreSQL."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import DateTime, Engine, text
from sqlalchemy.engine import make_url

from campaign.bootstrap import initialise
from campaign.db import make_engine
from campaign.schema import metadata

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
DATABASES = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]


def reset(engine: Engine) -> None:
    """Drop everything, including Alembic's version table, so the next init starts clean."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        else:
            metadata.drop_all(conn)
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(scope="session", params=DATABASES)
def migrated(request, tmp_path_factory) -> Engine:
    """A database at the newest schema, made once per backend per test session."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    else:
        # A database of this session's own, beside TEST_POSTGRES_URL's: no other process (the
        # browser suite, run alongside) ever shares it.
        url = postgres_database("units", create=True)
    engine = make_engine(url)
    reset(engine)
    initialise(engine)
    yield engine
    engine.dispose()
    if request.param == "postgresql":
        postgres_database("units")


DEMO_NOW = datetime(2027, 3, 15, 20, 45)  # the gala night, when every screen has the most to show
DEMO_SEED = 7


def postgres_database(name: str, create: bool = False, template: str | None = None) -> str:
    """A URL of this worker's database `name` on the test server: dropped, then created empty (or
    as a copy of the database `template`) when `create`."""
    base = make_url(POSTGRES_URL)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    database = f"{base.database}_{name}_{worker}"
    admin = make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        if create:
            copy = f' TEMPLATE "{template}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{database}"{copy}'))
    admin.dispose()
    return base.set(database=database).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def demo_template(migrated: Engine, tmp_path_factory) -> tuple[str, dict]:
    """The demo city (seed 7, the gala night at 20:45), generated once per backend per session.

    Never opened by a test: `demo_city` copies it, so that a module may change its copy."""
    if migrated.dialect.name == "postgresql":
        url = postgres_database("demo", create=True)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'template.db'}"
    from sample_data.city import generate_city

    engine = make_engine(url)
    initialise(engine)
    summary = generate_city(engine, seed=DEMO_SEED, today=DEMO_NOW)
    engine.dispose()
    yield url, summary
    if migrated.dialect.name == "postgresql":
        postgres_database("demo")


def copy_of_demo(template: str, name: str, tmp_path: Path) -> str:
    """A URL of a fresh copy of the demo city's database `template`."""
    source = make_url(template)
    if source.get_backend_name() == "sqlite":
        target = tmp_path / f"{name}.db"
        shutil.copyfile(source.database, target)
        return f"sqlite:///{target}"
    return postgres_database(name, create=True, template=source.database)


@pytest.fixture(scope="module")
def demo_city(demo_template, request, tmp_path_factory) -> str:
    """A URL of this module's own copy of the demo city (see `demo_template`)."""
    import streamlit as st

    name = request.module.__name__.rsplit(".", 1)[-1]
    url = copy_of_demo(demo_template[0], name, tmp_path_factory.mktemp(name))
    st.cache_data.clear()  # figures of another module's city may not linger
    yield url
    st.cache_data.clear()
    if url.startswith("postgresql"):
        postgres_database(name)


@pytest.fixture
def engine(migrated: Engine) -> Engine:
    """The migrated database emptied of rows, with its campaign recreated."""
    with migrated.begin() as conn:
        # Roll-ups last: deleting complaints makes their triggers write to them.
        for table in sorted(reversed(metadata.sorted_tables), key=lambda t: t.name.startswith("rollup_")):
            conn.execute(table.delete())
    initialise(migrated)
    return migrated


@pytest.fixture
def fresh_url(request, tmp_path) -> str:
    """A URL of an empty database (no schema), per backend; for migration tests."""
    return f"sqlite:///{tmp_path / 'fresh.db'}"


def signed_in(
    at, role: str = "leader", office_id: int | None = None, sees_personal: bool = False, name: str = "测试员"
):
    """An AppTest whose session is signed in as `role`, as the sign-in form leaves it."""
    from campaign.auth import Viewer
    from campaign.localtime import wall_now
    from ui.signin import SESSION

    now = wall_now()
    at.session_state[SESSION] = {
        "viewer": Viewer("tester", name, role, office_id, sees_personal),
        "since": now,
        "seen": now,
    }
    return at


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def campaign_2027(engine):
    """The 2027 campaign with the default settings (duty 10-20 March, gala 15 March 20:00-22:30)."""
    from campaign.campaigns import ensure_campaign
    from campaign.schema import Campaign
    from campaign.settings import Settings

    with engine.begin() as conn:
        conn.execute(Campaign.__table__.delete())
        return ensure_campaign(conn, Settings(), year=2027)


def add_offices(conn, *stations: str) -> dict[str, int]:
    """A city bureau C, a district bureau D, and the named grassroots offices under D."""
    from sqlalchemy import insert

    from campaign.schema import Office

    office = Office.__table__
    ids = {}
    ids["C"] = conn.execute(insert(office).values(code="C", name="市局", level="city")).inserted_primary_key[
        0
    ]
    ids["D"] = conn.execute(
        insert(office).values(code="D", name="区局", level="district", parent_id=ids["C"])
    ).inserted_primary_key[0]
    for code in stations:
        ids[code] = conn.execute(
            insert(office).values(code=code, name=f"{code}所", level="station", parent_id=ids["D"])
        ).inserted_primary_key[0]
    return ids


def other_forms(conn) -> dict[str, set[str]]:
    """Stored timestamps in another form than 'YYYY-MM-DD HH:MM:SS.ffffff', by table.column (SQLite)."""
    found: dict[str, set[str]] = {}
    for table in metadata.sorted_tables:
        for column in (c.name for c in table.c if isinstance(c.type, DateTime)):
            values = set(
                conn.exec_driver_sql(
                    f"SELECT DISTINCT {column} FROM {table.name} WHERE {column} IS NOT NULL "
                    f"AND (length({column}) <> 26 OR substr({column}, 11, 1) <> ' ') LIMIT 5"
                ).scalars()
            )
            if values:
                found[f"{table.name}.{column}"] = values
    return found
