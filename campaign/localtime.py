"""Local time (Asia/Shanghai, UTC+8, no daylight saving) and the campaign's clock.

Timestamps are stored as naive local wall-clock times: with no daylight saving this is exact
and monotonic, and grouping by local hour or day needs no time-zone arithmetic in SQL.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def wall_now() -> datetime:
    """The real local time now, naive, to the second."""
    return datetime.now(SHANGHAI).replace(tzinfo=None, microsecond=0)


def to_local_naive(moment: datetime) -> datetime:
    """An aware datetime converted to naive Shanghai time; a naive one is taken as local."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(SHANGHAI).replace(tzinfo=None)


def minutes_of(hhmm: str) -> int:
    """'08:00' -> 480; '24:00' -> 1440 (midnight at the end of the day)."""
    hours, minutes = hhmm.strip().split(":")
    value = int(hours) * 60 + int(minutes)
    if not (0 <= int(minutes) < 60 and 0 <= value <= 1440):
        raise ValueError(hhmm)
    return value


def at_minutes(day, minutes: int) -> datetime:
    """The moment `minutes` after the start of `day`; 1440 is the next midnight."""
    return datetime.combine(day, time()) + timedelta(minutes=minutes)


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
