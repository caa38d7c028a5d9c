"""Demo duty rosters for the 8:00-24:00 window, with the gaps a real city has."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime

from campaign.campaigns import CampaignInfo
from campaign.localtime import at_minutes, minutes_of
from sample_data.people import person, phone


@dataclass(frozen=True)
class RosterPlan:
    lunch_hole: int  # office id that leaves 11:30-13:00 uncovered every day
    evening_gap: int  # office id whose evening shift is missing on the days around the gala
    no_roster: tuple[int, date]  # office id and the day it filed no roster at all
    no_emergency: int  # office id without an emergency team on gala night

    @staticmethod
    def choose(
        rng: random.Random, stations: list[dict], campaign: CampaignInfo, today: datetime
    ) -> RosterPlan:
        ids = [s["id"] for s in stations]
        picked = rng.sample(ids, 4)
        days = campaign.duty_days()
        missing_day = today.date() if today.date() in days else campaign.gala_start.date()
        return RosterPlan(picked[0], picked[1], (picked[2], missing_day), picked[3])


def staff_pool(office_code: str) -> dict[str, list[tuple[str, str]]]:
    """An office's leaders, duty staff and emergency team: distinct names, stable per office code."""
    rng = random.Random(f"staff:{office_code}")
    names: list[str] = []
    while len(names) < 13:
        name = person(rng)
        if name not in names:
            names.append(name)
    people = [(name, phone(rng)) for name in names]
    return {"leader": people[:3], "duty": people[3:9], "emergency": people[9:]}


def case_handlers(stations: list[dict]) -> dict[int, list[str]]:
    """Who handles each office's cases (承办人): its duty staff, by office id."""
    return {s["id"]: [name for name, _ in staff_pool(s["code"])["duty"]] for s in stations}


def shifts_for_day(
    rng: random.Random, plan: RosterPlan, station: dict, day: date, campaign: CampaignInfo
) -> list[dict]:
    office_id = station["id"]
    if plan.no_roster == (office_id, day):
        return []
    gala_day = campaign.gala_start.date()
    evening_gap = office_id == plan.evening_gap and abs((day - gala_day).days) <= 1
    if office_id == plan.lunch_hole:
        pattern = [
            ("leader", "08:00", "11:30"),
            ("leader", "13:00", "17:00"),
            ("leader", "17:00", "24:00"),
            ("duty", "08:00", "11:30"),
            ("duty", "13:00", "18:00"),
            ("duty", "18:00", "24:00"),
        ]
    elif evening_gap:
        pattern = [
            ("leader", "08:00", "16:00"),
            ("leader", "16:00", "22:00"),
            ("duty", "08:00", "12:00"),
            ("duty", "12:00", "18:00"),
        ]
    else:
        pattern = [
            ("leader", "08:00", "16:00"),
            ("leader", "16:00", "24:00"),
            ("duty", "08:00", "12:00"),
            ("duty", "12:00", "18:00"),
            ("duty", "18:00", "24:00"),
        ]
    if day == gala_day and office_id not in (plan.no_emergency, plan.evening_gap):
        pattern += [("emergency", "19:30", "24:00"), ("emergency", "19:30", "24:00")]
    pool = staff_pool(station["code"])
    picks = {role: rng.sample(people, len(people)) for role, people in pool.items()}
    rows = []
    for role, start, end in pattern:
        name, number = picks[role].pop()
        rows.append(
            {
                "office_id": office_id,
                "person_name": name,
                "role": role,
                "phone": number,
                "start_at": at_minutes(day, minutes_of(start)),
                "end_at": at_minutes(day, minutes_of(end)),
            }
        )
    return rows
