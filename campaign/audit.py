"""The audit trail: who saw or exported consumers' names and phones, when, with which filters, how many rows."""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, insert, select

from campaign.frames import as_frame
from campaign.schema import AuditEvent

audit_event = AuditEvent.__table__


def record(
    conn: Connection, username: str, action: str, page: str, filters: object, rows: int, now: datetime
) -> None:
    """One event; `filters` is a dataclass or a dict, stored as JSON (dates as ISO text)."""
    values = asdict(filters) if is_dataclass(filters) else dict(filters)  # type: ignore[arg-type]
    conn.execute(
        insert(audit_event).values(
            at=now,
            username=username,
            action=action,
            page=page,
            filters=json.dumps(values, ensure_ascii=False, default=str, sort_keys=True)[:2000],
            rows=rows,
        )
    )


def recent(conn: Connection, limit: int = 500) -> pd.DataFrame:
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
