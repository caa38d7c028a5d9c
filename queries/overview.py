"""Figures for the overview tiles, each as of a moment on the campaign clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import Connection, case, func, select, text

from campaign.campaigns import CampaignInfo
from campaign.coverage import offices_uncovered_at
from campaign.offices import in_scope, subtree_ids
from campaign.schema import OPEN_CASE, Complaint, Site
from campaign.tallies import latest_tallies
from campaign.targets import progress_as_of

complaint = Complaint.__table__
site = Site.__table__


@dataclass(frozen=True)
class Overview:
    now: datetime
    today_received: int
    same_time_yesterday: int
    last_hour: int
    open_cases: int
    overdue_cases: int
    uncovered_now: list[dict]
    live_sites: int
    materials: int
    targets_behind: int
    offices_behind: int


def received_between(conn: Connection, start: datetime, end: datetime, scope: int | None = None) -> int:
    """Requests of every kind received in [start, end)."""
    return conn.execute(
        select(func.count()).where(
            complaint.c.received_at >= start,
            complaint.c.received_at < end,
            *in_scope(complaint.c.office_id, scope),
        )
    ).scalar_one()


def open_and_overdue(conn: Connection, now: datetime, scope: int | None = None) -> tuple[int, int]:
    """Complaints and reports still open, and those of them past their time limit: read off the open
    cases' partial index (its condition written out as is, so both databases can use it)."""
    overdue = func.coalesce(func.sum(case((complaint.c.due_at <= now, 1), else_=0)), 0)
    row = conn.execute(
        select(func.count(), overdue).where(
            text(OPEN_CASE), complaint.c.received_at <= now, *in_scope(complaint.c.office_id, scope)
        )
    ).one()
    return int(row[0]), int(row[1])


def live_site_count(conn: Connection, now: datetime, scope: int | None = None) -> int:
    return conn.execute(
        select(func.count()).where(
            site.c.start_at <= now, site.c.end_at > now, *in_scope(site.c.office_id, scope)
        )
    ).scalar_one()


def materials_handed_out(conn: Connection, now: datetime, scope: int | None = None) -> int:
    """Sum over sites of the latest tally reported by `now` (tallies are running totals)."""
    latest = latest_tallies(now)
    return int(
        conn.execute(
            select(func.coalesce(func.sum(latest.c.materials), 0))
            .select_from(latest.join(site, site.c.id == latest.c.site_id))
            .where(*in_scope(site.c.office_id, scope))
        ).scalar_one()
    )


def overview(
    conn: Connection, campaign: CampaignInfo, now: datetime, min_on_duty: int = 1, scope: int | None = None
) -> Overview:
    """The headline figures for the viewer's scope (None: the whole city)."""
    midnight = datetime.combine(now.date(), time())
    after = now + timedelta(seconds=1)  # the current second counts as received
    open_cases, overdue_cases = open_and_overdue(conn, now, scope)
    return Overview(
        now=now,
        today_received=received_between(conn, midnight, after, scope),
        same_time_yesterday=received_between(
            conn, midnight - timedelta(days=1), after - timedelta(days=1), scope
        ),
        last_hour=received_between(conn, now - timedelta(hours=1), after, scope),
        open_cases=open_cases,
        overdue_cases=overdue_cases,
        uncovered_now=offices_uncovered_at(conn, campaign, now, min_on_duty, scope),
        live_sites=live_site_count(conn, now, scope),
        materials=materials_handed_out(conn, now, scope),
        **behind_on_targets(conn, now, scope),
    )


def behind_on_targets(conn: Connection, now: datetime, scope: int | None = None) -> dict[str, int]:
    """How many targets are behind as of today, and at how many offices."""
    offices = None if scope is None else subtree_ids(conn, scope)
    evaluated = progress_as_of(conn, now.date(), offices, offices=False)
    behind = evaluated[evaluated["status"] == "behind"]
    return {"targets_behind": len(behind), "offices_behind": int(behind["office_id"].nunique())}
