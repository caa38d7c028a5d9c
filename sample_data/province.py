"""`python -m sample_data sample --scale province`: a province's year, for benchmarks.

A province-sized office tree (1 bureau, 100 district bureaus, 1,000 grassroots offices), a year
of 12315 requests up to the demo moment (10 million by default; 3·15 at 2.25 times a normal
day), a month of duty rosters, a site or two per office on 14-15 March with tallies, and plan
targets. Requests are drawn with numpy and written in bulk (COPY on PostgreSQL), so ten million
take minutes, not hours. Deterministic for a seed.
"""

from __future__ import annotations

import io
import random
import time as clock
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta

import numpy as np
from sqlalchemy import Engine, delete, insert, update

from campaign import rollups
from campaign.campaigns import CampaignInfo, campaign_year, ensure_campaign, set_clock
from campaign.deadlines import Deadlines, rules_fingerprint
from campaign.localtime import wall_now
from campaign.lookups import analyze, office_ids, site_ids
from campaign.schema import Campaign, Office, Shift, Site, Tally
from campaign.settings import settings
from sample_data.city import TABLES_IN_DELETE_ORDER, insert_plans, insert_rows
from sample_data.complaints import CHANNEL_WEIGHTS, KIND_WEIGHTS
from sample_data.people import CATEGORY_WEIGHTS, business, person, phone
from sample_data.rosters import RosterPlan, shifts_for_day, staff_pool
from sample_data.sites import site, tallies_for

DISTRICTS, STATIONS_PER_DISTRICT = 100, 10
# The share of a day's requests arriving in each hour (people call in office hours).
HOURLY = np.array(
    [2, 1, 1, 1, 1, 2, 4, 8, 30, 60, 70, 66, 45, 40, 60, 66, 62, 55, 38, 30, 26, 20, 12, 6], float
)
COLUMNS = [
    "ticket_no",
    "kind",
    "channel",
    "received_at",
    "office_id",
    "category",
    "business",
    "amount_fen",
    "status",
    "closed_at",
    "outcome",
    "recovered_fen",
    "consumer_name",
    "consumer_phone",
    "site_name",
    "handler",
    "due_at",
]
SYLLABLES = "安宁平和兴华丰阳江山东西南北清源新城广德永嘉临海文成龙泉云和庆元景宁松阳遂昌武义浦江磐安"
Progress = Callable[[str], None]


def place_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
        if name not in names and name[0] != name[1]:
            names.append(name)
    return names


def insert_offices(conn, rng: random.Random, district_count: int = DISTRICTS) -> list[dict]:
    """The province bureau, its district bureaus and their grassroots offices (所)."""
    office = Office.__table__
    root = conn.execute(
        insert(office).values(code="P33", name="省市场监督管理局", level="city", lon=120.15, lat=30.28)
    ).inserted_primary_key[0]
    districts = place_names(rng, district_count)
    streets = place_names(random.Random(rng.random()), STATIONS_PER_DISTRICT * 4)
    rows, stations = [], []
    for d, district in enumerate(districts):
        lon, lat = 118.2 + rng.random() * 4.4, 27.2 + rng.random() * 3.6
        rows.append(
            {
                "code": f"P{d:03d}",
                "name": f"{district}区市场监督管理局",
                "level": "district",
                "parent_id": root,
                "lon": round(lon, 4),
                "lat": round(lat, 4),
            }
        )
    conn.execute(insert(office), rows)
    ids = office_ids(conn, "district")
    rows = []
    for d, district in enumerate(districts):
        picked = rng.sample(streets, STATIONS_PER_DISTRICT)
        for s, street in enumerate(picked, start=1):
            rows.append(
                {
                    "code": f"P{d:03d}{s:02d}",
                    "name": f"{district}区{street}市场监督管理所",
                    "level": "station",
                    "parent_id": ids[f"P{d:03d}"],
                    "lon": round(118.2 + rng.random() * 4.4, 4),
                    "lat": round(27.2 + rng.random() * 3.6, 4),
                    "district": f"{district}区",
                    "street": street,
                }
            )
    conn.execute(
        insert(office), [{k: v for k, v in r.items() if k not in ("district", "street")} for r in rows]
    )
    codes = office_ids(conn, "station")
    for r in rows:
        stations.append({**r, "id": codes[r["code"]]})
    return stations


def day_weights(first: date, last: date, gala_day: date) -> tuple[list[date], np.ndarray]:
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    weights = np.array(
        [
            (2.25 if d == gala_day else 1.2 if d.month == 3 and d.day < 15 else 1.0)
            * (0.7 if d.weekday() >= 5 else 1.0)
            for d in days
        ]
    )
    return days, weights


def pools(rng: random.Random) -> tuple[list[str], list[str], dict[str, list[str]]]:
    names = [person(rng) for _ in range(5000)]
    phones = [phone(rng) for _ in range(20000)]
    businesses = {c: sorted({business(rng, c) for _ in range(300)}) for c in CATEGORY_WEIGHTS}
    return names, phones, businesses


def _choice(gen: np.random.Generator, weights: dict[str, float], size: int) -> np.ndarray:
    p = np.array(list(weights.values()), float)
    return np.array(list(weights), dtype=object)[gen.choice(len(p), size=size, p=p / p.sum())]


def complaint_batches(
    seed: int, campaign: CampaignInfo, stations: list[dict], total: int, now: datetime, batch: int = 500_000
) -> Iterator[list[tuple]]:
    """A year of requests ending at `now`, `batch` rows at a time, in arrival order."""
    rng = random.Random(seed)
    gen = np.random.default_rng(seed)
    gala_day = campaign.gala_start.date()
    days, weights = day_weights(now.date() - timedelta(days=364), now.date(), gala_day)
    per_day = gen.multinomial(total, weights / weights.sum())
    office_ids = np.array([s["id"] for s in stations])
    office_p = gen.lognormal(0, 0.5, len(stations))
    office_p /= office_p.sum()
    handlers = {s["id"]: [n for n, _ in staff_pool(s["code"])["duty"]] for s in stations}
    names, phones, businesses = pools(rng)
    deadlines = Deadlines(settings())
    due_cache: dict[tuple, datetime | None] = {}
    kinds_w = {k: v for k, v in KIND_WEIGHTS.items()}
    channels_w = {k: v for k, v in CHANNEL_WEIGHTS.items() if k != "onsite"}
    rows: list[tuple] = []
    for day, count in zip(days, per_day, strict=True):
        if not count:
            continue
        day_start = datetime.combine(day, time())
        hourly = HOURLY.copy()
        if day == gala_day:
            hourly[20:23] *= 4
        seconds = np.sort(
            gen.choice(24, size=count, p=hourly / hourly.sum()) * 3600 + gen.integers(0, 3600, count)
        )
        received = [day_start + timedelta(seconds=int(s)) for s in seconds]
        keep = [r < now for r in received]
        kinds = _choice(gen, kinds_w, count)
        channels = _choice(gen, channels_w, count)
        if day == gala_day:
            evening = (seconds >= 20 * 3600) & (seconds < 22.5 * 3600) & (gen.random(count) < 0.4)
            channels[evening] = "gala"
            kinds[evening & (kinds == "consultation")] = "complaint"
        categories = _choice(gen, CATEGORY_WEIGHTS, count)
        offices = gen.choice(office_ids, size=count, p=office_p)
        amounts = np.minimum(20_000_000, np.round(np.exp(gen.normal(np.log(60000), 1.2, count)))).astype(
            np.int64
        )
        has_amount = (kinds != "consultation") & (gen.random(count) < 0.8)
        median = np.where(kinds == "consultation", 0.01, np.where(kinds == "complaint", 4.0, 8.0))
        median = np.where(channels == "gala", 0.6, median)
        takes = np.exp(gen.normal(np.log(median), 0.8)) * np.where(gen.random(count) < 0.03, 10, 1)
        named = gen.random(count) < 0.9
        picks = gen.random((count, 6))
        for n in range(count):
            if not keep[n]:
                continue
            at, kind, channel = received[n], str(kinds[n]), str(channels[n])
            closed_at = at + timedelta(days=float(takes[n]))
            status, outcome = "closed", None
            if closed_at > now:
                closed_at = None
                age = (now - at).total_seconds()
                status = "pending" if age < 6 * 3600 else ("handling" if picks[n, 0] < 0.7 else "accepted")
            elif kind == "complaint":
                if picks[n, 1] < 0.05:
                    status = "rejected"
                else:
                    r = picks[n, 2]
                    outcome = (
                        "mediated"
                        if r < 0.72
                        else "failed"
                        if r < 0.87
                        else "withdrawn"
                        if r < 0.95
                        else "other"
                    )
            elif kind == "report":
                outcome = "filed" if picks[n, 2] < 0.3 else "other"
            amount = int(amounts[n]) if has_amount[n] else None
            recovered = (
                round(amount * (0.3 + 0.7 * picks[n, 3])) if amount and outcome == "mediated" else None
            )
            key = (kind, status, at.date())
            if key not in due_cache:
                due_cache[key] = deadlines.due_at(kind, status, at)
            category = str(categories[n])
            office_id = int(offices[n])
            people = handlers[office_id]
            rows.append(
                (
                    None,
                    kind,
                    channel,
                    at,
                    office_id,
                    category,
                    businesses[category][int(picks[n, 4] * len(businesses[category]))]
                    if kind != "consultation"
                    else None,
                    amount,
                    status,
                    closed_at.replace(microsecond=0) if closed_at else None,
                    outcome,
                    recovered,
                    names[int(picks[n, 5] * len(names))] if named[n] else None,
                    phones[(n * 7919 + day.toordinal()) % len(phones)] if named[n] else None,
                    None,
                    people[(at.minute * 60 + at.second) % len(people)],
                    due_cache[key],
                )
            )
        if len(rows) >= batch:
            yield rows
            rows = []
    if rows:
        yield rows


def _renumber(rows: list[tuple], counters: dict[date, int]) -> list[tuple]:
    """Ticket numbers in arrival order within each day, as the platform numbers them."""
    out = []
    for row in rows:
        day = row[3].date()
        counters[day] = counters.get(day, 0) + 1
        out.append((f"{day:%Y%m%d}{counters[day]:08d}", *row[1:]))
    return out


def _copy_value(v) -> str:
    if v is None:
        return "\\N"
    if isinstance(v, datetime):
        return v.isoformat(sep=" ")
    return str(v).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def write_complaints(engine: Engine, batches: Iterator[list[tuple]], progress: Progress | None) -> int:
    """Bulk-write rows: COPY on PostgreSQL, executemany in large transactions on SQLite."""
    written, counters = 0, {}
    for rows in batches:
        rows = _renumber(rows, counters)
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                cursor = conn.connection.driver_connection.cursor()
                with cursor.copy(f"COPY complaint ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                    buffer = io.StringIO()
                    for row in rows:
                        buffer.write("\t".join(_copy_value(v) for v in row) + "\n")
                    copy.write(buffer.getvalue())
            else:
                # Timestamps as SQLAlchemy stores them on SQLite (with microseconds), or text
                # comparisons against bound parameters would miss rows on the boundary.
                conn.exec_driver_sql(
                    f"INSERT INTO complaint ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                    [
                        tuple(f"{v:%Y-%m-%d %H:%M:%S.%f}" if isinstance(v, datetime) else v for v in r)
                        for r in rows
                    ],
                )
        written += len(rows)
        if progress:
            progress(f"{written:,}")
    return written


def insert_month_of_shifts(conn, rng: random.Random, campaign: CampaignInfo, stations, today) -> int:
    """Every office's duty roster for the whole of March, in batches."""
    plan = RosterPlan.choose(rng, stations, campaign, today)
    first = campaign.gala_start.date().replace(day=1)
    written = 0
    for n in range(31):
        day = first + timedelta(days=n)
        written += insert_rows(
            conn, Shift, [r for s in stations for r in shifts_for_day(rng, plan, s, day, campaign)]
        )
    return written


def generate_province(
    engine: Engine,
    seed: int = 315,
    today: datetime | None = None,
    complaints: int = 10_000_000,
    progress: Progress | None = None,
    districts: int = DISTRICTS,
) -> dict:
    started = clock.perf_counter()
    today = (today or wall_now().replace(month=3, day=15, year=campaign_year(wall_now().date()))).replace(
        microsecond=0
    )
    rng = random.Random(seed)
    with engine.begin() as conn:
        rollups.drop_triggers(conn)  # the roll-ups are computed once at the end
    try:
        summary = _generate(engine, rng, seed, today, complaints, progress, districts)
    finally:
        with engine.begin() as conn:
            rollups.rebuild(conn)
            rollups.create_triggers(conn)
    analyze(engine)
    return {**summary, "seconds": round(clock.perf_counter() - started, 1)}


def _generate(engine, rng, seed, today, complaints, progress, districts) -> dict:
    with engine.begin() as conn:
        for model in TABLES_IN_DELETE_ORDER:
            conn.execute(delete(model.__table__))
        campaign = ensure_campaign(conn, settings(), year=campaign_year(today.date()))
        set_clock(conn, campaign.id, None if abs((today - wall_now()).total_seconds()) < 60 else today)
        stations = insert_offices(conn, rng, districts)
        sites = []
        for s in stations:
            for n in range(1 + (rng.random() < 0.6)):
                day = campaign.gala_start.date() - timedelta(days=n)
                sites.append(
                    site(
                        campaign,
                        s,
                        f"{s['street']}广场{'一二'[n]}",
                        s["lon"],
                        s["lat"],
                        day,
                        time(9, 0),
                        time(16, 30),
                        rng.random() < 0.05,
                    )
                )
        for s in sites:
            s["address"] = s["address"].replace("杭州市", "")
        insert_rows(conn, Site, [{k: v for k, v in s.items() if k != "no_tally"} for s in sites])
        ids = site_ids(conn)
        for s in sites:
            s["id"] = ids[(s["name"], s["office_id"])]
        tallies = insert_rows(conn, Tally, [t for s in sites for t in tallies_for(rng, s, today)])
        shifts = insert_month_of_shifts(conn, rng, campaign, stations, today)
        targets = insert_plans(conn, rng, campaign, stations, today)
    written = write_complaints(
        engine, complaint_batches(seed, campaign, stations, complaints, today), progress
    )
    with engine.begin() as conn:  # deadlines were computed with today's rules: no recomputing at start
        conn.execute(update(Campaign.__table__).values(deadline_rules=rules_fingerprint(settings())))
    return {
        "today": f"{today:%Y-%m-%d %H:%M}",
        "offices": 1 + districts + len(stations),
        "complaints": written,
        "shifts": shifts,
        "sites": len(sites),
        "tallies": tallies,
        "targets": targets,
    }
