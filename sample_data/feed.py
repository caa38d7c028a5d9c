"""`python -m sample_data feed`: new demo requests arriving in real time along the day's curve.

With --speed N the demo clock runs N times faster, and the campaign clock the screens read is
moved with it, so the figures and the clock stay in step.
"""

from __future__ import annotations

import math
import random
import time as clock
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Engine, insert, update

from campaign import lookups
from campaign.campaigns import campaign_table, current_campaign
from campaign.deadlines import Deadlines
from campaign.localtime import wall_now
from campaign.schema import Complaint
from campaign.settings import settings
from sample_data.complaints import ComplaintMaker, Venue, arrivals, poisson
from sample_data.rosters import case_handlers

complaint = Complaint.__table__
GALA_TRANSFERS = 290  # transfers a city's gala night brings, as in the demo history
GALA_DECAY_MINUTES = 70


def feed(
    engine: Engine,
    speed: float = 1.0,
    tick_seconds: float = 2.0,
    seed: int | None = None,
    stop_after: float | None = None,
    report: Callable[[datetime, int], None] | None = None,
) -> int:
    """Insert arrivals until stopped (or for `stop_after` real seconds); returns how many."""
    rng = random.Random(seed)
    with engine.connect() as conn:
        campaign = current_campaign(conn)
        by_code = lookups.office_ids(conn, "station")
        stations = sorted(({"id": id_, "code": code} for code, id_ in by_code.items()), key=lambda s: s["id"])
        venues = [Venue(*window) for window in lookups.site_windows(conn)]
        last_ticket = lookups.last_ticket(conn)
    maker = ComplaintMaker(
        rng,
        {s["id"]: rng.uniform(0.5, 2.0) for s in stations},
        Deadlines(settings()),
        case_handlers(stations),
    )
    gala_day = campaign.gala_start.date()
    started_real = clock.monotonic()
    demo_now = campaign.now()
    offset = campaign.clock_offset_s
    total = 0
    while stop_after is None or clock.monotonic() - started_real < stop_after:
        clock.sleep(tick_seconds)
        step = timedelta(seconds=tick_seconds * speed)
        rows = []
        for moment in arrivals(rng, demo_now, demo_now + step, gala_day):
            live = [v for v in venues if v.start <= moment < v.end]
            venue = rng.choice(live) if live and rng.random() < 0.12 else None
            rows.append(maker.make(moment, moment, channel="onsite" if venue else None, venue=venue))
        rows += [
            maker.make(m, m, channel="gala") for m in gala_wave(rng, campaign.gala_start, demo_now, step)
        ]
        demo_now += step
        for row in rows:
            row["ticket_no"] = next_ticket(row["received_at"], last_ticket)
            last_ticket = row["ticket_no"]
        with engine.begin() as conn:
            if rows:
                conn.execute(insert(complaint), rows)
            if speed != 1.0:
                offset = round((demo_now - wall_now()).total_seconds())
                conn.execute(
                    update(campaign_table)
                    .where(campaign_table.c.id == campaign.id)
                    .values(clock_offset_s=offset)
                )
        total += len(rows)
        if report:
            report(demo_now, len(rows))
    return total


def gala_wave(rng: random.Random, gala_start: datetime, start: datetime, step: timedelta) -> list[datetime]:
    """Gala transfers in [start, start + step): the surge from the show's start, decaying over hours."""
    minutes = (start - gala_start).total_seconds() / 60
    if minutes < 0 or minutes > 600:
        return []
    rate_per_minute = GALA_TRANSFERS / GALA_DECAY_MINUTES * math.exp(-minutes / GALA_DECAY_MINUTES)
    return sorted(
        start + step * rng.random() for _ in range(poisson(rng, rate_per_minute * step.total_seconds() / 60))
    )


def next_ticket(received: datetime, last: str) -> str:
    """The day's next ticket number after `last` (yyyymmdd + 8-digit sequence)."""
    prefix = f"{received:%Y%m%d}"
    sequence = int(last[8:]) + 1 if last.startswith(prefix) and last[8:].isdigit() else 90000001
    return f"{prefix}{sequence:08d}"
