"""Reference lists the screens' pickers offer: offices and categories."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from campaign.frames import as_frame
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
