"""Reference lists the screens read: the offices (in the viewer's scope, those keeping duty, the top
of the tree) and the categories their pickers offer."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from campaign.frames import as_frame, plain_rows
from campaign.offices import in_scope, stations
from campaign.schema import Complaint, Office

office = Office.__table__
complaint = Complaint.__table__


def office_list(conn: Connection) -> pd.DataFrame:
    """Every office, the tree in order: id, code, name, level, parent_id."""
    rows = conn.execute(
        select(office.c.id, office.c.code, office.c.name, office.c.level, office.c.parent_id).order_by(
            office.c.code
        )
    ).all()
    return as_frame(rows, ["id", "code", "name", "level", "parent_id"])


def category_list(conn: Connection) -> list[str]:
    rows = conn.execute(
        select(complaint.c.category)
        .where(complaint.c.category.is_not(None))
        .distinct()
        .order_by(complaint.c.category)
    )
    return [r[0] for r in rows]


def reference_lists(conn: Connection) -> tuple[pd.DataFrame, list[str]]:
    """The 12315 page's pickers: every office and every category."""
    return office_list(conn), category_list(conn)


def offices_in(conn: Connection, scope: int | None = None) -> list[tuple[int, str, str, str]]:
    """Every office in the viewer's scope: id, code, name, level; by code."""
    return plain_rows(
        conn,
        select(office.c.id, office.c.code, office.c.name, office.c.level)
        .where(*in_scope(office.c.id, scope))
        .order_by(office.c.code),
    )


def duty_offices(conn: Connection, scope: int | None = None) -> list[tuple[int, str, str]]:
    """Offices that must keep the duty, in the viewer's scope, by code: id, code, name."""
    return stations(offices_in(conn, scope))


def top_office(conn: Connection) -> tuple[int, str, str, str] | None:
    """The top of the tree, the one office without a parent (a city bureau, or a county bureau
    running its own centre): id, code, name, level; None before any office is imported."""
    rows = plain_rows(
        conn,
        select(office.c.id, office.c.code, office.c.name, office.c.level)
        .where(office.c.parent_id.is_(None))
        .order_by(office.c.code)
        .limit(1),
    )
    return rows[0] if rows else None
