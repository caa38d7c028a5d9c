"""The administrators' screen: accounts and wall tokens as they stand (never a hash), and the audit trail."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from campaign.frames import as_frame
from campaign.schema import Account, AuditEvent, Office, WallToken

account = Account.__table__
wall_token = WallToken.__table__
office = Office.__table__
audit_event = AuditEvent.__table__


def accounts(conn: Connection) -> pd.DataFrame:
    rows = conn.execute(
        select(
            account.c.username,
            account.c.display_name,
            account.c.role,
            office.c.name.label("office"),
            account.c.sees_personal,
            account.c.locked_until,
            account.c.disabled,
            account.c.created_at,
        )
        .select_from(account.outerjoin(office, office.c.id == account.c.office_id))
        .order_by(account.c.username)
    ).all()
    columns = [
        "username",
        "display_name",
        "role",
        "office",
        "sees_personal",
        "locked_until",
        "disabled",
        "created_at",
    ]
    return as_frame(rows, columns)


def wall_tokens(conn: Connection) -> pd.DataFrame:
    rows = conn.execute(
        select(
            wall_token.c.id,
            wall_token.c.label,
            office.c.name.label("office"),
            wall_token.c.created_at,
            wall_token.c.last_used_at,
            wall_token.c.revoked_at,
        )
        .select_from(wall_token.outerjoin(office, office.c.id == wall_token.c.office_id))
        .order_by(wall_token.c.id)
    ).all()
    return as_frame(rows, ["id", "label", "office", "created_at", "last_used_at", "revoked_at"])


def audit_events(conn: Connection, limit: int = 500) -> pd.DataFrame:
    """The newest events first: at, username, action, page, filters, rows."""
    rows = conn.execute(
        select(
            audit_event.c.at,
            audit_event.c.username,
            audit_event.c.action,
            audit_event.c.page,
            audit_event.c.filters,
            audit_event.c.rows,
        )
        .order_by(audit_event.c.at.desc(), audit_event.c.id.desc())
        .limit(limit)
    ).all()
    return as_frame(rows, ["at", "username", "action", "page", "filters", "rows"])
