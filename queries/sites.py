"""Activity sites: each site's latest running tally as of a moment, its state, totals per office,
and the headline figures the sites page, its wall screen and the overview share.

Which function answers which figure (labels in campaign.strings `figure.*`):
- live_site_count: figure.live_sites (overview, sites page unfiltered, wall);
- tally_sums / materials_handed_out: figure.materials_total (overview, sites page unfiltered);
- today_figures: the wall's figure.sites_today, served_today, materials_today, site_complaints_today.
"Today" of a running total is its rise since midnight: the sums by now less the sums before 00:00.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Connection, and_, func, select

from campaign.frames import as_frame
from campaign.offices import in_scope, subtree_select
from campaign.schema import TALLY_COUNTS, Complaint, Office, Site, Tally
from campaign.sites import live_at, running_on, state_at
from queries.tallies import latest_tallies

site = Site.__table__
tally = Tally.__table__
office = Office.__table__
complaint = Complaint.__table__


@dataclass(frozen=True)
class SiteFilters:
    office_id: int | None = None
    day: date | None = None  # sites running on that day
    states: tuple[str, ...] = ()
    scope: int | None = None  # the viewer's office: only it and the offices below it

    @property
    def narrowed(self) -> bool:
        """Narrower than the viewer's scope: its figures are not the overview's."""
        return self.office_id is not None or self.day is not None or bool(self.states)


def state_of(now: datetime, last_tally):
    return state_at(site.c.start_at, site.c.end_at, last_tally, now)


def site_clauses(f: SiteFilters, now: datetime, last_tally=None) -> list:
    """The filters' clauses on `site`; a state filter needs the latest tally's time (`last_tally`)."""
    clauses = []
    if f.office_id is not None:
        clauses.append(site.c.office_id.in_(subtree_select(f.office_id)))
    clauses += in_scope(site.c.office_id, f.scope)
    if f.day is not None:
        clauses.append(running_on(site.c.start_at, site.c.end_at, f.day))
    if f.states:
        clauses.append(state_of(now, last_tally).in_(f.states))
    return clauses


def site_count(conn: Connection, now: datetime, f: SiteFilters = SiteFilters(), live: bool = False) -> int:
    """How many sites the filters keep (only those live at `now` when `live`)."""
    latest = latest_tallies(now)
    chosen = site.outerjoin(latest, latest.c.site_id == site.c.id) if f.states else site
    live_only = [live_at(site.c.start_at, site.c.end_at, now)] if live else []
    clauses = site_clauses(f, now, latest.c.reported_at if f.states else None)
    return conn.execute(select(func.count()).select_from(chosen).where(*clauses, *live_only)).scalar_one()


def live_site_count(conn: Connection, now: datetime, scope: int | None = None) -> int:
    """Sites live at `now` in the viewer's scope: figure.live_sites."""
    return site_count(conn, now, SiteFilters(scope=scope), live=True)


def tally_sums(
    conn: Connection, now: datetime, f: SiteFilters = SiteFilters(), inclusive: bool = True
) -> dict:
    """Every tally count summed over the filters' sites, each site's latest report by `now`."""
    latest = latest_tallies(now, inclusive)
    row = conn.execute(
        select(*(func.coalesce(func.sum(latest.c[c]), 0) for c in TALLY_COUNTS))
        .select_from(latest.join(site, site.c.id == latest.c.site_id))
        .where(*site_clauses(f, now, latest.c.reported_at))
    ).one()
    return {c: int(v) for c, v in zip(TALLY_COUNTS, row, strict=True)}


def materials_handed_out(conn: Connection, now: datetime, scope: int | None = None) -> int:
    """Materials handed out by `now` in the viewer's scope (tallies are running totals): figure.materials_total."""
    return tally_sums(conn, now, SiteFilters(scope=scope))["materials"]


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
    ]
    frame = as_frame(rows, [*columns, *TALLY_COUNTS, "logged"])
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
class SitesPage:
    """The sites page's figures for its filters at one moment."""

    sites: pd.DataFrame  # as sites_as_of
    offices: pd.DataFrame  # as totals_by_office, then a last row (code "ALL") of the totals
    in_view: int  # figure.sites_in_view
    live: int  # figure.live_sites unless narrowed (then figure.live_in_view)
    materials: int  # figure.materials_total unless narrowed (then figure.materials_in_view)
    narrowed: bool


def sites_page(conn: Connection, now: datetime, f: SiteFilters) -> SitesPage:
    """Unfiltered, `live` and `materials` are live_site_count and materials_handed_out for the
    viewer's scope: the same queries with the same (empty) filters."""
    frame = sites_as_of(conn, now, f)
    totals = tally_sums(conn, now, f)
    by_office = totals_by_office(conn, now, f)
    by_office.loc[len(by_office)] = ["ALL", "", len(frame), *totals.values()]
    return SitesPage(
        frame, by_office, len(frame), site_count(conn, now, f, live=True), totals["materials"], f.narrowed
    )


@dataclass(frozen=True)
class TodayFigures:
    sites_today: int  # sites running at some moment today
    live_sites: int
    served_today: int  # consultations + complaints, risen since 00:00
    materials_today: int
    site_complaints_today: int


def today_figures(conn: Connection, now: datetime, office_id: int | None = None, scope: int | None = None):
    """Today's site figures; with no office, `live_sites` is live_site_count's figure."""
    area = SiteFilters(office_id=office_id, scope=scope)
    midnight = datetime.combine(now.date(), time())
    by_now, before = tally_sums(conn, now, area), tally_sums(conn, midnight, area, inclusive=False)
    rise = {c: by_now[c] - before[c] for c in ("consultations", "complaints", "materials")}
    return TodayFigures(
        sites_today=site_count(conn, now, replace(area, day=now.date())),
        live_sites=site_count(conn, now, area, live=True),
        served_today=rise["consultations"] + rise["complaints"],
        materials_today=rise["materials"],
        site_complaints_today=rise["complaints"],
    )


@dataclass(frozen=True)
class SitesWall:
    figures: TodayFigures
    sites: pd.DataFrame  # as sites_as_of, for today
    offices: pd.DataFrame  # code, name, sites, tallies: most served first
    office: str  # the screen's office filter's name; "" for the viewer's whole scope


def sites_wall(
    conn: Connection, now: datetime, office_id: int | None = None, scope: int | None = None
) -> SitesWall:
    f = SiteFilters(office_id=office_id, day=now.date(), scope=scope)
    frame = sites_as_of(conn, now, f)
    by_office = totals_by_office(conn, now, f)
    by_office["served"] = by_office["consultations"] + by_office["complaints"]
    by_office = by_office.sort_values(["served", "code"], ascending=[False, True]).head(8)
    name = (
        ""
        if office_id is None
        else conn.execute(select(office.c.name).where(office.c.id == office_id)).scalar()
    )
    figures = today_figures(conn, now, office_id, scope)
    return SitesWall(figures, frame, by_office.reset_index(drop=True), name or "")
