"""Demo activity sites (宣传咨询服务点) on 14-15 March and their hourly running tallies."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from campaign.campaigns import CampaignInfo
from sample_data.geography import LANDMARKS, MAIN_EVENT, PLACE_KINDS

WINDOWS = (
    (time(9, 0), time(16, 0)),
    (time(9, 30), time(11, 30)),
    (time(8, 30), time(12, 0)),
    (time(14, 0), time(17, 0)),
)


def plan_sites(rng: random.Random, campaign: CampaignInfo, stations: list[dict]) -> list[dict]:
    gala_day = campaign.gala_start.date()
    landmarks = {district: [] for _, district, _, _ in LANDMARKS}
    for name, district, lon, lat in LANDMARKS:
        if name != MAIN_EVENT[1]:
            landmarks[district].append((name, lon, lat))
    sites: list[dict] = []
    used: set[str] = set()
    for station in stations:
        days = [gala_day - timedelta(days=1), gala_day] if rng.random() < 0.85 else [gala_day]
        for day in days:
            free = landmarks.get(station["district"], [])
            if free and rng.random() < 0.6:
                place, lon, lat = free.pop()
            else:
                kinds = [k for k in PLACE_KINDS if f"{station['street']}{k}" not in used]
                place = f"{station['street']}{rng.choice(kinds)}"
                lon = station["lon"] + rng.uniform(-0.012, 0.012)
                lat = station["lat"] + rng.uniform(-0.01, 0.01)
            used.add(place)
            start, end = rng.choice(WINDOWS)
            sites.append(site(campaign, station, place, lon, lat, day, start, end, rng.random() < 0.06))
    title, place, _, lon, lat = MAIN_EVENT
    host = next(s for s in stations if s["street"] == "武林")
    sites.append(
        site(campaign, host, f"{title}（{place}）", lon, lat, gala_day, time(9, 30), time(16, 0), False)
    )
    return sites


def site(campaign, station, place, lon, lat, day: date, start: time, end: time, no_tally: bool) -> dict:
    return {
        "name": place if place.endswith("）") else f"{place}宣传咨询服务点",
        "office_id": station["id"],
        "address": f"杭州市{station['district']}{station['street']}街道{place}",
        "lon": round(lon, 6),
        "lat": round(lat, 6),
        "start_at": datetime.combine(day, start),
        "end_at": datetime.combine(day, end),
        "theme": campaign.theme,
        "no_tally": no_tally,
    }


def tallies_for(rng: random.Random, site: dict, today: datetime) -> list[dict]:
    """Running totals every hour of the site's window up to `today`; none for a silent site."""
    if site["no_tally"] or site["start_at"] >= today:
        return []
    big = "主场" in site["name"]
    final = {
        "staff": rng.randint(60, 90) if big else rng.randint(8, 25),
        "consultations": rng.randint(250, 400) if big else rng.randint(15, 110),
        "complaints": rng.randint(15, 30) if big else rng.randint(0, 12),
        "materials": rng.randint(8000, 12000) if big else rng.randint(600, 2800),
        "repairs": rng.randint(30, 60) if big else rng.randint(0, 18),
        "tests": rng.randint(20, 40) if big else rng.randint(0, 8),
        "banners": rng.randint(6, 10) if big else rng.randint(1, 4),
        "vehicles": rng.randint(2, 5) if big else rng.randint(0, 2),
        "volunteers": rng.randint(20, 40) if big else rng.randint(0, 12),
    }
    fixed = ("staff", "banners", "vehicles", "volunteers")
    duration = (site["end_at"] - site["start_at"]).total_seconds()
    moments = []
    moment = site["start_at"] + timedelta(hours=1)
    while moment < site["end_at"] and moment <= today:
        moments.append(moment)
        moment += timedelta(hours=1)
    if site["end_at"] <= today:
        moments.append(site["end_at"])
    rows = []
    for moment in moments:
        share = min(1.0, (moment - site["start_at"]).total_seconds() / duration)
        row = {k: (v if k in fixed else round(v * share)) for k, v in final.items()}
        rows.append({"site_id": site["id"], "reported_at": moment, **row})
    return rows
