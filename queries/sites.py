"""Activity sites: each site's latest running tally as of a moment, its state, totals per office."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Connection, and_, case, func, literal, select

from campaign.frames import as_frame
from campaign.offices import in_scope, subtree_select
from campaign.schema import TALLY_COUNTS, Complaint, Office, Site, Tally
from campaign.tallies import latest_tallies

site = Site.__table__
tally = Tally.__table__
office = Office.__table__
complaint = Complaint.__table__

STATES = ("upcoming", "live", "finished", "silent")  # silent: finished without any tally


@dataclass(frozen=True)
class SiteFilters:
    office_id: int | None = None
    day: date | None = None  # sites running on that day
    states: tuple[str, ...] = ()
    scope: int | None = None  # the viewer's office: only it and the offices below it


def state_of(now: datetime, last_tally):
    return case(
        (site.c.start_at > now, literal("upcoming")),
        (site.c.end_at > now, literal("live")),
        (last_tally.is_(None), literal("silent")),
        else_=literal("finished"),
    )


def site_clauses(f: SiteFilters, now: datetime, last_tally) -> list:
    clauses = []
    if f.office_id is not None:
        clauses.append(site.c.office_id.in_(subtree_select(f.office_id)))
    clauses += in_scope(site.c.office_id, f.scope)
    if f.day is not None:
        start = datetime.combine(f.day, time())
        clauses += [site.c.start_at < start + timedelta(days=1), site.c.end_at > start]
    if f.states:
        clauses.append(state_of(now, last_tally).in_(f.states))
    return clauses


def sites_as_of(conn: Connection, now: datetime, f: SiteFilters = SiteFilters()) -> pd.DataFrame:
    """One row per site: where, when, state, latest tallies (0 when none), complaints logged there."""
    latest = latest_tallies(now)
    logged = (
        select(complaint.c.site_name, complaint.c.office_id, func.count().label("logged"))
        .where(complaint.c.site_name.is_not(None), complaint.c.received_at <= now)
        .group_by(complaint.c.site_name, complaint.c.office_id)
        .subquery()
    )
    rows = conn.execute(
        select(
            site.c.id,
            site.c.name,
            office.c.name.label("office"),
            site.c.address,
            site.c.lon,
            site.c.lat,
            site.c.start_at,
            site.c.end_at,
            site.c.theme,
            state_of(now, latest.c.reported_at).label("state"),
            latest.c.reported_at,
            *(func.coalesce(latest.c[c], 0).label(c) for c in TALLY_COUNTS),
            func.coalesce(logged.c.logged, 0).label("logged"),
        )
        .select_from(
            site.join(office, office.c.id == site.c.office_id)
            .outerjoin(latest, latest.c.site_id == site.c.id)
            .outerjoin(
                logged, and_(logged.c.site_name == site.c.name, logged.c.office_id == site.c.office_id)
            )
        )
        .where(*site_clauses(f, now, latest.c.reported_at))
        .order_by(site.c.start_at, site.c.name)
    ).all()
    columns = [
        "id",
        "name",
        "office",
        "address",
        "lon",
        "lat",
        "start",
        "end",
        "theme",
        "state",
        "reported_at",
        *TALLY_COUNTS,
        "logged",
    ]
    frame = as_frame(rows, columns)
    frame["served"] = frame["consultations"] + frame["complaints"]
    return frame


def totals_by_office(conn: Connection, now: datetime, f: SiteFilters = SiteFilters()) -> pd.DataFrame:
    """Per hosting office: sites and the sums of their latest tallies; largest first."""
    latest = latest_tallies(now)
    rows = conn.execute(
        select(
            office.c.code,
            office.c.name,
            func.count(site.c.id).label("sites"),
            *(func.coalesce(func.sum(latest.c[c]), 0).label(c) for c in TALLY_COUNTS),
        )
        .select_from(
            site.join(office, office.c.id == site.c.office_id).outerjoin(
                latest, latest.c.site_id == site.c.id
            )
        )
        .where(*site_clauses(f, now, latest.c.reported_at))
        .group_by(office.c.code, office.c.name)
        .order_by(func.count(site.c.id).desc(), office.c.code)
    ).all()
    return as_frame(rows, ["code", "name", "sites", *TALLY_COUNTS])


def tally_history(conn: Connection, site_id: int, now: datetime, scope: int | None = None) -> pd.DataFrame:
    rows = conn.execute(
        select(tally.c.reported_at, *(tally.c[c] for c in TALLY_COUNTS))
        .select_from(tally.join(site, site.c.id == tally.c.site_id))
        .where(tally.c.site_id == site_id, tally.c.reported_at <= now, *in_scope(site.c.office_id, scope))
        .order_by(tally.c.reported_at)
    ).all()
    return as_frame(rows, ["reported_at", *TALLY_COUNTS])


def site_days(conn: Connection) -> list[date]:
    """The days on which any site runs, for the day picker."""
    starts = conn.execute(select(func.min(site.c.start_at), func.max(site.c.end_at))).one()
    if starts[0] is None:
        return []
    first, last = starts[0].date(), (starts[1] - timedelta(seconds=1)).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@dataclass(frozen=True)
class SitesWall:
    sites: pd.DataFrame  # as queries.sites_as_of, for today
    offices: pd.DataFrame  # code, name, sites, tallies: most served first


def sites_wall(
    conn: Connection, now: datetime, office_id: int | None = None, scope: int | None = None
) -> SitesWall:
    f = SiteFilters(office_id=office_id, day=now.date(), scope=scope)
    frame = sites_as_of(conn, now, f)
    by_office = totals_by_office(conn, now, f)
    by_office["served"] = by_office["consultations"] + by_office["complaints"]
    by_office = by_office.sort_values(["served", "code"], ascending=[False, True]).head(8)
    return SitesWall(frame, by_office.reset_index(drop=True))
