"""The wall's alerts: a surge in requests, offices uncovered now, gala transfers left waiting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, func, select

from campaign.campaigns import CampaignInfo
from campaign.offices import in_scope
from campaign.schema import Complaint
from queries.complaint_figures import last_hour
from queries.complaints import Filters
from queries.coverage import offices_uncovered_at

complaint = Complaint.__table__

GALA_WAIT = timedelta(minutes=30)


@dataclass(frozen=True)
class Alert:
    code: str  # "surge", "uncovered" or "gala_waiting"
    params: dict


def waiting_gala_transfers(
    conn: Connection, now: datetime, scope: int | None = None
) -> tuple[int, datetime | None]:
    """Gala transfers still pending a first response more than 30 minutes after arriving: count, oldest."""
    row = conn.execute(
        select(func.count(), func.min(complaint.c.received_at)).where(
            complaint.c.channel == "gala",
            complaint.c.status == "pending",
            complaint.c.received_at <= now - GALA_WAIT,
            *in_scope(complaint.c.office_id, scope),
        )
    ).one()
    return int(row[0]), row[1]


def alerts(
    conn: Connection, campaign: CampaignInfo, now: datetime, min_on_duty: int = 1, scope: int | None = None
) -> list[Alert]:
    found = []
    hour = last_hour(conn, Filters(now.date(), now.date(), scope=scope), now)
    if hour.surge:
        found.append(Alert("surge", {"last_hour": hour.count, "usual": round(hour.usual)}))
    uncovered = offices_uncovered_at(conn, campaign, now, min_on_duty, scope)
    if uncovered:
        found.append(Alert("uncovered", {"count": len(uncovered), "names": [o["name"] for o in uncovered]}))
    waiting, oldest = waiting_gala_transfers(conn, now, scope)
    if waiting:
        minutes = int((now - oldest).total_seconds() // 60)
        found.append(Alert("gala_waiting", {"count": waiting, "minutes": minutes}))
    return found
