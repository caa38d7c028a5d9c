"""The wall's volume chart as inline SVG: crisp at any screen size, nothing to run in the browser.

Today's requests by hour against the same day a year earlier, with the gala window shaded.
The hour still in progress is drawn apart (dashed, a hollow point, 进行中): its count is not a fall.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from campaign.strings import t
from ui.markup import escape

BLUE, GREY, RED, GRID, TEXT = "#4c8dff", "#9aa0a6", "#ff5a4e", "#24324d", "#c7d2e8"
LEFT, RIGHT, TOP, BOTTOM = 70, 34, 44, 36  # room for the axes' labels and the legend


def nice_step(top: float, ticks: int = 4) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` gridlines up to `top`."""
    raw = max(top, 1) / ticks
    power = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def volume_svg(
    current: pd.DataFrame,
    last_year: pd.DataFrame,
    day_start: datetime,
    gala: tuple[datetime, datetime] | None,
    width: int = 1100,
    height: int = 520,
    now: datetime | None = None,
) -> str:
    """`current` and `last_year`: columns at, count by hour (last year's `at` a year back).

    With `now`, the last hour of `current` is in progress when it has not ended by `now`."""
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM
    counts_now = [int(c) for c in current["count"]]
    counts_then = [int(c) for c in last_year["count"]]
    step = nice_step(max([*counts_now, *counts_then, 1]))
    top = step * (max([*counts_now, *counts_then, 1]) // step + 1)

    def x(hours: float) -> float:
        return LEFT + plot_w * hours / 24

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    parts = [
        f'<svg class="wall-chart" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
        f'role="img" font-family="Noto Sans CJK SC, sans-serif">'
    ]
    if gala:
        g0 = (gala[0] - day_start) / timedelta(hours=1)
        g1 = (gala[1] - day_start) / timedelta(hours=1)
        parts.append(
            f'<rect x="{x(g0):.1f}" y="{TOP}" width="{x(g1) - x(g0):.1f}" height="{plot_h}" '
            f'fill="{RED}" fill-opacity="0.16"/>'
            f'<text x="{x(g0) + 6:.1f}" y="{TOP + 24}" fill="{RED}" font-size="20">'
            f"{escape(t('complaints.gala_window'))}</text>"
        )
    for value in range(0, top + 1, step):
        parts.append(
            f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="{GRID}"/>'
            f'<text x="{LEFT - 10}" y="{y(value) + 7:.1f}" fill="{TEXT}" font-size="20" '
            f'text-anchor="end">{value:,}</text>'
        )
    for hour in range(0, 25, 3):
        parts.append(
            f'<text x="{x(hour):.1f}" y="{height - 8}" fill="{TEXT}" font-size="20" '
            f'text-anchor="middle">{hour:02d}:00</text>'
        )

    def points(counts: list[int]) -> str:
        # Each hour's count sits in the middle of its hour.
        return " ".join(f"{x(h + 0.5):.1f},{y(c):.1f}" for h, c in enumerate(counts))

    if counts_then:
        parts.append(
            f'<polyline points="{points(counts_then)}" fill="none" stroke="{GREY}" '
            f'stroke-width="2.5" stroke-dasharray="6 5"/>'
        )
    elapsed = _minutes_into_last_hour(current, now)
    whole = counts_now[:-1] if elapsed is not None else counts_now
    if whole:
        line = points(whole)
        last = len(whole) - 0.5
        parts.append(
            f'<polygon points="{x(0.5):.1f},{y(0):.1f} {line} {x(last):.1f},{y(0):.1f}" '
            f'fill="{BLUE}" fill-opacity="0.18"/>'
            f'<polyline points="{line}" fill="none" stroke="{BLUE}" stroke-width="4" data-series="today"/>'
        )
    if elapsed is not None:
        hour = len(counts_now) - 1
        px, py = x(hour + 0.5), y(counts_now[-1])
        if whole:
            parts.append(
                f'<polyline points="{x(hour - 0.5):.1f},{y(whole[-1]):.1f} {px:.1f},{py:.1f}" fill="none" '
                f'stroke="{BLUE}" stroke-width="4" stroke-dasharray="8 7" data-series="in_progress"/>'
            )
        note = t("wall.hour_in_progress", minutes=elapsed)
        anchor = "end" if px > LEFT + plot_w * 0.8 else "start"
        dx = -14 if anchor == "end" else 14
        parts.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="7" fill="#0b1220" stroke="{BLUE}" stroke-width="3" '
            f'data-in-progress/><text x="{px + dx:.1f}" y="{max(py - 14, TOP + 20):.1f}" fill="{TEXT}" '
            f'font-size="20" text-anchor="{anchor}">{escape(note)}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" x2="{LEFT + 36}" y1="18" y2="18" stroke="{BLUE}" stroke-width="4"/>'
        f'<text x="{LEFT + 44}" y="25" fill="{TEXT}" font-size="20">{escape(t("complaints.series_now"))}</text>'
        f'<line x1="{LEFT + 150}" x2="{LEFT + 186}" y1="18" y2="18" stroke="{GREY}" stroke-width="2.5" '
        f'stroke-dasharray="6 5"/><text x="{LEFT + 194}" y="25" fill="{TEXT}" font-size="20">'
        f"{escape(t('complaints.series_last_year'))}</text></svg>"
    )
    return "".join(parts)


def _minutes_into_last_hour(current: pd.DataFrame, now: datetime | None) -> int | None:
    """Minutes gone of the last hour of `current` when it is still running at `now`, else None."""
    if now is None or current.empty:
        return None
    start = pd.Timestamp(current["at"].iloc[-1]).to_pydatetime().replace(tzinfo=None)
    if not start <= now < start + timedelta(hours=1):
        return None
    return int((now - start) / timedelta(minutes=1))
