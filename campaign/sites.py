"""When an activity site is live, and its state: the one rule every screen and count uses.

A site is live from its start (inclusive) to its end (exclusive): at 16:00 a 09:00–16:00 site
has finished, at 09:00 it is live. The overview's count, the sites page, its wall screen and
the map's colours all read the state from here.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, case, literal

STATES = ("upcoming", "live", "finished", "silent")  # silent: finished without any tally


def live_at(start_at, end_at, now: datetime):
    """The SQL condition of a site (its start and end columns) being live at `now`."""
    return and_(start_at <= now, end_at > now)


def state_at(start_at, end_at, last_tally, now: datetime):
    """The SQL expression of a site's state at `now`; `last_tally` is its latest report's time (NULL: none)."""
    return case(
        (start_at > now, literal("upcoming")),
        (live_at(start_at, end_at, now), literal("live")),
        (last_tally.is_(None), literal("silent")),
        else_=literal("finished"),
    )


def running_on(start_at, end_at, day: date):
    """The SQL condition of a site running at some moment of `day`."""
    midnight = datetime.combine(day, time())
    return and_(start_at < midnight + timedelta(days=1), end_at > midnight)
