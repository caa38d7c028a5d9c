"""Demo 12315 requests: a city's daily volume on a diurnal curve, the 3·15 peak, gala transfers."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from campaign.deadlines import Deadlines
from sample_data.people import CATEGORY_WEIGHTS, business, person, phone

DAILY_VOLUME = 3000
GALA_DAY_FACTOR = 2.25
# Share of a day's requests in each local hour 0..23.
HOURLY = (
    0.4,
    0.2,
    0.1,
    0.1,
    0.1,
    0.3,
    0.8,
    2.0,
    5.0,
    8.5,
    9.0,
    8.0,
    5.5,
    6.5,
    8.0,
    8.0,
    7.5,
    6.5,
    4.5,
    4.0,
    3.8,
    3.4,
    2.3,
    1.2,
)
KIND_WEIGHTS = {"complaint": 55, "report": 15, "consultation": 30}
CHANNEL_WEIGHTS = {"hotline": 46, "platform": 42, "visit": 4, "media": 2, "other": 3, "onsite": 3}


@dataclass(frozen=True)
class Venue:
    """A live activity site where on-site complaints are taken."""

    name: str
    office_id: int
    start: datetime
    end: datetime


def day_volume(rng: random.Random, day: date, gala_day: date, scale: float = 1.0) -> float:
    factor = 0.85 if day.weekday() >= 5 else 1.0
    if day == gala_day:
        factor = GALA_DAY_FACTOR
    elif day == gala_day + timedelta(days=1):
        factor = 1.4
    return DAILY_VOLUME * scale * factor * rng.uniform(0.93, 1.07)


def arrivals(
    rng: random.Random, start: datetime, end: datetime, gala_day: date, scale: float = 1.0
) -> Iterator[datetime]:
    """Arrival moments in [start, end) following the day's curve (a Poisson stream per hour)."""
    total = sum(HOURLY)
    hour = start.replace(minute=0, second=0)
    while hour < end:
        per_hour = (
            day_volume(random.Random(hour.toordinal()), hour.date(), gala_day, scale)
            * HOURLY[hour.hour]
            / total
        )
        if hour.date() == gala_day and hour.hour >= 20:
            per_hour *= 1.5  # the gala's own wave, on top of the transfers
        lo, hi = max(start, hour), min(end, hour + timedelta(hours=1))
        share = (hi - lo).total_seconds() / 3600
        for _ in range(poisson(rng, per_hour * share)):
            yield lo + timedelta(seconds=rng.random() * (hi - lo).total_seconds())
        hour += timedelta(hours=1)


def poisson(rng: random.Random, mean: float) -> int:
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def gala_transfers(rng: random.Random, gala_start: datetime) -> list[datetime]:
    """Transfers the gala triggers: a surge from the show's start, tailing into the night."""
    moments = []
    for _ in range(rng.randint(260, 320)):
        minutes = rng.expovariate(1 / 70)
        if minutes < 600:
            moments.append(gala_start + timedelta(minutes=minutes + 5))
    return moments


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class ComplaintMaker:
    """Makes one request's record, with a status and closure consistent with `now`."""

    def __init__(
        self,
        rng: random.Random,
        offices: dict[int, float],
        deadlines: Deadlines,
        handlers: dict[int, list[str]] | None = None,
    ):
        self.rng = rng
        self.handlers = handlers or {}
        self.office_ids = list(offices)
        self.office_weights = list(offices.values())
        self.deadlines = deadlines
        self.sequence: dict[date, int] = {}

    def ticket(self, received: datetime) -> str:
        n = self.sequence.get(received.date(), 0) + 1
        self.sequence[received.date()] = n
        return f"{received:%Y%m%d}{n:08d}"

    def make(
        self, received: datetime, now: datetime, channel: str | None = None, venue: Venue | None = None
    ) -> dict:
        rng = self.rng
        kind = weighted(rng, KIND_WEIGHTS)
        if channel is None:
            channel = weighted(rng, CHANNEL_WEIGHTS)
            if channel == "onsite" and venue is None:
                channel = "visit"
        if channel == "gala":
            kind = "report" if rng.random() < 0.35 else "complaint"
        category = weighted(rng, CATEGORY_WEIGHTS)
        office_id = venue.office_id if venue else rng.choices(self.office_ids, self.office_weights)[0]
        amount = None
        if kind != "consultation" and rng.random() < 0.8:
            amount = min(200_000, round(math.exp(rng.gauss(math.log(600), 1.2)), 2))
        status, closed_at, outcome = self._progress(kind, channel, received, now)
        recovered = None
        if outcome == "mediated" and amount:
            recovered = round(amount * rng.uniform(0.3, 1.0), 2)
        named = rng.random() < 0.9
        return {
            "ticket_no": self.ticket(received),
            "kind": kind,
            "channel": channel,
            "received_at": received.replace(microsecond=0),
            "office_id": office_id,
            "category": category,
            "business": business(rng, category) if kind != "consultation" else None,
            "amount_fen": round(amount * 100) if amount else None,
            "status": status,
            "closed_at": closed_at,
            "outcome": outcome,
            "recovered_fen": round(recovered * 100) if recovered else None,
            "consumer_name": person(rng) if named else None,
            "consumer_phone": phone(rng) if named else None,
            "site_name": venue.name if venue else None,
            "handler": self.handler(office_id, received),
            "due_at": self.deadlines.due_at(kind, status, received),
        }

    def handler(self, office_id: int, received: datetime) -> str | None:
        """One of the office's duty staff, chosen by the arrival second (the random stream untouched)."""
        names = self.handlers.get(office_id)
        return names[(received.minute * 60 + received.second) % len(names)] if names else None

    def _progress(self, kind: str, channel: str, received: datetime, now: datetime):
        rng = self.rng
        if kind == "consultation":
            done = received + timedelta(minutes=rng.uniform(2, 40))
            return ("closed", done.replace(microsecond=0), None) if done <= now else ("handling", None, None)
        stuck = rng.random() < 0.03  # cases that slip through and end up overdue
        median_days = 0.6 if channel == "gala" else (4.0 if kind == "complaint" else 8.0)
        takes = timedelta(days=math.exp(rng.gauss(math.log(median_days), 0.8)))
        if stuck:
            takes *= rng.uniform(6, 15)
        age = now - received
        if received + takes <= now:
            closed = (received + takes).replace(microsecond=0)
            if kind == "complaint" and rng.random() < 0.05:
                return "rejected", closed, None
            if kind == "complaint":
                outcome = weighted(rng, {"mediated": 72, "failed": 15, "withdrawn": 8, "other": 5})
            else:
                outcome = weighted(rng, {"filed": 30, "other": 70})
            return "closed", closed, outcome
        # Gala transfers are answered within the hour, the rest within a working day or so.
        first_response = timedelta(minutes=rng.uniform(8, 75)) if channel == "gala" else timedelta(hours=6)
        if age < first_response or (stuck and rng.random() < 0.4):
            return "pending", None, None
        return ("handling" if rng.random() < 0.7 else "accepted"), None, None


def day_start(day: date) -> datetime:
    return datetime.combine(day, time())
