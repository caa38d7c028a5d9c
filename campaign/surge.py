"""The surge rule: when the last hour's requests are far above their usual level. The overview's
and the walls' 最近一小时受理 tile turns red, and the alerts strip speaks, by this one rule."""

from __future__ import annotations

SURGE_FACTOR = 2  # the last hour against its usual level
SURGE_FLOOR = 20  # fewer requests than this in an hour is never a surge (a quiet night)


def is_surge(last_hour: int, usual: float) -> bool:
    """Whether `last_hour` requests are a surge against `usual` (the same hour's mean on the days before)."""
    return last_hour >= SURGE_FLOOR and last_hour > SURGE_FACTOR * usual
