"""`python -m sample_data sample`: fill the database with a live-looking demo city.

Deterministic for a seed and a demo moment ("today"); replaces the database's data but keeps its
accounts and wall tokens, tied again to the offices of the same code.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update

from campaign.campaigns import CampaignInfo, campaign_year, ensure_campaign, set_clock
from campaign.deadlines import Deadlines
from campaign.localtime import wall_now
from campaign.lookups import site_ids
from campaign.schema import (
    Account,
    Campaign,
    Complaint,
    Office,
    ProgressReport,
    Shift,
    Site,
    Tally,
    Target,
    WallToken,
)
from campaign.settings import settings
from sample_data.complaints import ComplaintMaker, Venue, arrivals, day_start, gala_transfers
from sample_data.geography import CITY, DISTRICTS
from sample_data.plans import progress_reports, targets_for
from sample_data.rosters import RosterPlan, case_handlers, shifts_for_day
from sample_data.sites import plan_sites, tallies_for

# The demo data a new demo city replaces. Accounts and wall tokens are people's sign-ins, not
# demo data: they stay (see keep_sign_ins), so a rehearsal at another moment signs in as before.
DEMO_TABLES_IN_DELETE_ORDER = (ProgressReport, Target, Tally, Complaint, Site, Shift, Office, Campaign)
# Everything, sign-ins included: the province benchmark starts from nothing.
TABLES_IN_DELETE_ORDER = (
    ProgressReport,
    Target,
    Tally,
    Complaint,
    Site,
    Shift,
    Account,
    WallToken,
    Office,
    Campaign,
)
SIGN_IN_TABLES = (Account, WallToken)


def default_today() -> datetime:
    """Now, if the campaign month is on; else 15 March of the coming campaign at this hour."""
    now = wall_now()
    year = campaign_year(now.date())
    if now.year == year and now.month == 3:
        return now
    return now.replace(year=year, month=3, day=15)


def generate_city(
    engine: Engine, seed: int = 315, today: datetime | None = None, volume: float = 1.0
) -> dict:
    """The demo city; `volume` scales the complaint stream (10 for a benchmark at 10x)."""
    today = (today or default_today()).replace(microsecond=0)
    rng = random.Random(seed)
    with engine.begin() as conn:
        offices_of_sign_ins = detach_sign_ins(conn)
        for model in DEMO_TABLES_IN_DELETE_ORDER:
            conn.execute(delete(model.__table__))
        campaign = ensure_campaign(conn, settings(), year=campaign_year(today.date()))
        set_clock(conn, campaign.id, None if abs((today - wall_now()).total_seconds()) < 60 else today)
        stations = insert_offices(conn)
        reattach_sign_ins(conn, offices_of_sign_ins)
        sites = insert_sites(conn, rng, campaign, stations, today)
        complaints = insert_complaints(conn, rng, campaign, stations, sites, today, volume)
        shifts = insert_shifts(conn, rng, campaign, stations, today)
        tallies = insert_rows(conn, Tally, [t for s in sites for t in tallies_for(rng, s, today)])
        targets = insert_plans(conn, rng, campaign, stations, today)
    return {
        "today": f"{today:%Y-%m-%d %H:%M}",
        "offices": 1 + len(DISTRICTS) + len(stations),
        "complaints": complaints,
        "shifts": shifts,
        "sites": len(sites),
        "tallies": tallies,
        "targets": targets,
    }


def detach_sign_ins(conn: Connection) -> dict:
    """Loosen accounts and wall tokens from their offices before the offices go; their office codes."""
    office = Office.__table__
    codes = {}
    for model in SIGN_IN_TABLES:
        table = model.__table__
        rows = conn.execute(
            select(table.c.id, office.c.code).join(office, office.c.id == table.c.office_id)
        ).all()
        codes[model] = {row.id: row.code for row in rows}
        conn.execute(update(table).where(table.c.office_id.is_not(None)).values(office_id=None))
    return codes


def reattach_sign_ins(conn: Connection, codes: dict) -> None:
    """Tie each account and wall token to the new office of its old code. One whose office the new
    city lacks is disabled (account) or revoked (token): without an office it would see the city."""
    office = Office.__table__
    new_ids = dict(conn.execute(select(office.c.code, office.c.id)).all())
    now = wall_now()
    for model, by_id in codes.items():
        table = model.__table__
        found = [{"row": i, "office": new_ids[c]} for i, c in by_id.items() if c in new_ids]
        lost = [i for i, c in by_id.items() if c not in new_ids]
        if found:
            conn.execute(
                update(table).where(table.c.id == bindparam("row")).values(office_id=bindparam("office")),
                found,
            )
        if lost:
            gone = {"disabled": True} if model is Account else {"revoked_at": now}
            conn.execute(update(table).where(table.c.id.in_(lost)).values(**gone))


def insert_rows(conn: Connection, model, rows: list[dict]) -> int:
    if rows:
        conn.execute(insert(model.__table__), rows)
    return len(rows)


def insert_offices(conn: Connection) -> list[dict]:
    """The office tree; returns the grassroots offices with their ids."""
    office = Office.__table__
    code, name, lon, lat = CITY
    city_id = conn.execute(
        insert(office).values(code=code, name=name, level="city", lon=lon, lat=lat)
    ).inserted_primary_key[0]
    stations = []
    for d_code, district, d_lon, d_lat, streets in DISTRICTS:
        district_id = conn.execute(
            insert(office).values(
                code=d_code,
                name=f"{district}市场监督管理局",
                level="district",
                parent_id=city_id,
                lon=d_lon,
                lat=d_lat,
            )
        ).inserted_primary_key[0]
        for n, (street, s_lon, s_lat) in enumerate(streets, start=1):
            values = {
                "code": f"{d_code}{n:02d}",
                "name": f"{district}{street}市场监督管理所",
                "level": "station",
                "parent_id": district_id,
                "lon": s_lon,
                "lat": s_lat,
            }
            values["id"] = conn.execute(insert(office).values(**values)).inserted_primary_key[0]
            values["street"], values["district"] = street, district
            stations.append(values)
    return stations


def insert_sites(conn, rng, campaign: CampaignInfo, stations, today) -> list[dict]:
    sites = plan_sites(rng, campaign, stations)
    insert_rows(conn, Site, [{k: v for k, v in s.items() if k != "no_tally"} for s in sites])
    ids = site_ids(conn)
    for s in sites:
        s["id"] = ids[(s["name"], s["office_id"])]
    return sites


def insert_complaints(conn, rng, campaign: CampaignInfo, stations, sites, today, volume: float = 1.0) -> int:
    weights = {s["id"]: rng.uniform(0.5, 2.0) for s in stations}
    maker = ComplaintMaker(rng, weights, Deadlines(settings()), case_handlers(stations))
    venues = [Venue(s["name"], s["office_id"], s["start_at"], s["end_at"]) for s in sites]
    gala_day = campaign.gala_start.date()
    rows: list[dict] = []
    last_year = gala_day.replace(year=gala_day.year - 1)
    periods = [
        (day_start(last_year - timedelta(days=1)), day_start(last_year + timedelta(days=2)), last_year),
        (
            day_start(campaign.first_day),
            min(today, day_start(campaign.last_day + timedelta(days=1))),
            gala_day,
        ),
    ]
    for start, end, gala in periods:
        for received in arrivals(rng, start, end, gala, volume):
            live = [v for v in venues if v.start <= received < v.end]
            if live and rng.random() < 0.12:
                rows.append(maker.make(received, today, channel="onsite", venue=rng.choice(live)))
            else:
                rows.append(maker.make(received, today))
        gala_start = datetime.combine(gala, campaign.gala_start.time())
        for _ in range(round(volume)):
            rows.extend(
                maker.make(m, today, channel="gala") for m in gala_transfers(rng, gala_start) if m < end
            )
    rows.sort(key=lambda r: r["received_at"])
    # Ticket numbers follow arrival order within each day, as the platform numbers them.
    maker.sequence.clear()
    for row in rows:
        row["ticket_no"] = maker.ticket(row["received_at"])
    return insert_rows(conn, Complaint, rows)


def insert_shifts(conn, rng, campaign: CampaignInfo, stations, today) -> int:
    plan = RosterPlan.choose(rng, stations, campaign, today)
    rows = []
    for day in campaign.duty_days():
        for station in stations:
            rows.extend(shifts_for_day(rng, plan, station, day, campaign))
    return insert_rows(conn, Shift, rows)


def insert_plans(conn, rng, campaign: CampaignInfo, stations, today) -> int:
    targets = [t for s in stations for t in targets_for(rng, s["id"], campaign)]
    insert_rows(conn, Target, targets)
    insert_rows(conn, ProgressReport, progress_reports(rng, targets, campaign, today))
    return len(targets)
