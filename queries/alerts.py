"""The wall's alerts: a surge in requests, offices uncovered now, gala transfers left waiting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, func, select

from campaign.campaigns import CampaignInfo
from campaign.coverage import offices_uncovered_at
from campaign.offices import in_scope
from campaign.schema import Complaint
from queries.complaints import Filters, last_hour, usual_for_hour

complaint = Complaint.__table__

SURGE_FACTOR = 2  # the last hour against its usual level
SURGE_FLOOR = 20  # fewer requests than this in an hour is never a surge (a quiet night)
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


def is_surge(last: int, usual: float) -> bool:
    return last >= SURGE_FLOOR and last > SURGE_FACTOR * usual


def alerts(
    conn: Connection, campaign: CampaignInfo, now: datetime, min_on_duty: int = 1, scope: int | None = None
) -> list[Alert]:
    found = []
    today = Filters(now.date() - timedelta(days=1), now.date(), scope=scope)
    last, usual = last_hour(conn, today, now), usual_for_hour(conn, today, now)
    if is_surge(last, usual):
        found.append(Alert("surge", {"last_hour": last, "usual": round(usual)}))
    uncovered = offices_uncovered_at(conn, campaign, now, min_on_duty, scope)
    if uncovered:
        found.append(Alert("uncovered", {"count": len(uncovered), "names": [o["name"] for o in uncovered]}))
    waiting, oldest = waiting_gala_transfers(conn, now, scope)
    if waiting:
        minutes = int((now - oldest).total_seconds() // 60)
        found.append(Alert("gala_waiting", {"count": waiting, "minutes": minutes}))
    return found
