"""The audit trail: who saw or exported consumers' names and phones, when, with which filters, how many rows."""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from datetime import datetime

from sqlalchemy import Connection, insert

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
