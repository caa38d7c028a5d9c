"""Ids and keys of rows already written, for writers that insert in bulk and then refer to them
(the demo generators, the live feed)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Engine, func, select, text

from campaign.schema import Complaint, Office, Site

office = Office.__table__
site = Site.__table__
complaint = Complaint.__table__


def office_ids(conn: Connection, level: str) -> dict[str, int]:
    """The offices of `level` by code."""
    return dict(conn.execute(select(office.c.code, office.c.id).where(office.c.level == level)).all())


def site_ids(conn: Connection) -> dict[tuple[str, int], int]:
    """Every site's id by (name, office id)."""
    return {
        (name, office_id): id_
        for name, office_id, id_ in conn.execute(select(site.c.name, site.c.office_id, site.c.id))
    }


def site_windows(conn: Connection) -> list[tuple[str, int, datetime, datetime]]:
    """Every site's name, office id, start and end."""
    return [
        tuple(r) for r in conn.execute(select(site.c.name, site.c.office_id, site.c.start_at, site.c.end_at))
    ]


def complaint_count(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(complaint)).scalar_one()


def last_ticket(conn: Connection) -> str:
    return conn.execute(select(func.max(complaint.c.ticket_no))).scalar() or ""


def analyze(engine: Engine) -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL also reclaims dead rows)."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
