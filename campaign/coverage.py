"""Duty coverage rules: who is on shift, how much of the 8:00-24:00 window is covered, where the gaps are.

Shifts are half-open intervals [start, end). A person with overlapping or duplicate shifts
counts once. The arithmetic here is pure and per office (`coverage`, `gala_ready`, `hour_cells`);
`coverage_of` runs the same rules for every office at once (campaign.coverage_sweep) over one
read of the day's shifts (`DayShifts`, read by queries.coverage.read_day). "Uncovered now" has
one definition, `uncovered_at`, over shifts already read: the duty screen and its wall screen
pass it the day's read, queries.coverage.offices_uncovered_at (the overview tile, the alerts) a
read of the moment alone. Nothing here touches the database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from campaign import coverage_sweep as sweep
from campaign.campaigns import CampaignInfo
from campaign.localtime import hhmm


@dataclass(frozen=True)
class Duty:
    """One person's shift."""

    person: str
    role: str
    start: datetime
    end: datetime


@dataclass(slots=True)  # not frozen: a frozen class's __init__ costs 4 times as much (1,000 offices)
class Coverage:
    window_start: datetime
    window_end: datetime
    covered_seconds: float
    leader_seconds: float
    gaps: tuple[tuple[datetime, datetime], ...]
    gala_ready: bool | None = None  # None when the day has no gala window

    @property
    def window_seconds(self) -> float:
        return (self.window_end - self.window_start).total_seconds()

    @property
    def coverage_pct(self) -> float:
        return 100 * self.covered_seconds / self.window_seconds if self.window_seconds else 0.0

    @property
    def leader_pct(self) -> float:
        return 100 * self.leader_seconds / self.window_seconds if self.window_seconds else 0.0

    def gaps_hhmm(self) -> str:
        """Gaps as `HH:MM-HH:MM` joined by `;`; midnight ending the window is 24:00."""
        return ";".join(f"{clock(a, self.window_start)}-{clock(b, self.window_start)}" for a, b in self.gaps)


def clock(moment: datetime, day_start: datetime) -> str:
    """HH:MM of `moment` counted from the day's midnight, so the next midnight is 24:00."""
    midnight = day_start.replace(hour=0, minute=0, second=0, microsecond=0)
    return hhmm(int((moment - midnight).total_seconds() // 60))


def merged(intervals: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """The union of half-open intervals, as sorted disjoint intervals."""
    result: list[tuple[datetime, datetime]] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], end))
        else:
            result.append((start, end))
    return result


def headcount(duties: Sequence[Duty], start: datetime, end: datetime) -> list[tuple[datetime, datetime, int]]:
    """Consecutive pieces of [start, end) with the number of distinct people on duty in each."""
    by_person: dict[str, list[tuple[datetime, datetime]]] = {}
    for d in duties:
        by_person.setdefault(d.person, []).append((max(d.start, start), min(d.end, end)))
    events: list[tuple[datetime, int]] = []
    for intervals in by_person.values():
        for a, b in merged(intervals):
            events += [(a, 1), (b, -1)]
    events.sort()
    pieces, count, cursor = [], 0, start
    for moment, change in events:
        if moment > cursor:
            pieces.append((cursor, moment, count))
            cursor = moment
        count += change
    if cursor < end:
        pieces.append((cursor, end, count))
    return pieces


def uncovered(pieces: list[tuple[datetime, datetime, int]], minimum: int) -> list[tuple[datetime, datetime]]:
    """Maximal intervals where fewer than `minimum` are on duty."""
    return merged((a, b) for a, b, n in pieces if n < minimum)


def coverage(
    duties: Sequence[Duty],
    window_start: datetime,
    window_end: datetime,
    min_on_duty: int = 1,
    gala: tuple[datetime, datetime] | None = None,
) -> Coverage:
    """Coverage of one office's duty window by its shifts."""
    pieces = headcount(duties, window_start, window_end)
    covered = sum((b - a).total_seconds() for a, b, n in pieces if n >= min_on_duty)
    leaders = headcount([d for d in duties if d.role == "leader"], window_start, window_end)
    leader_seconds = sum((b - a).total_seconds() for a, b, n in leaders if n >= 1)
    return Coverage(
        window_start,
        window_end,
        covered,
        leader_seconds,
        tuple(uncovered(pieces, min_on_duty)),
        gala_ready(duties, *gala) if gala else None,
    )


def gala_ready(duties: Sequence[Duty], start: datetime, end: datetime) -> bool:
    """Throughout the gala window: at least 2 people on duty, at least one of them 应急队员."""
    everyone = headcount(duties, start, end)
    emergency = headcount([d for d in duties if d.role == "emergency"], start, end)
    return all(n >= 2 for _, _, n in everyone) and all(n >= 1 for _, _, n in emergency)


@dataclass(frozen=True)
class HourCell:
    hour: int  # 8..23: the hour starting at hour:00
    fewest: int  # the fewest people on duty at any moment of the hour
    covered: bool  # nobody was ever short of the minimum in this hour


@dataclass(slots=True)
class OfficeDay:
    office_id: int
    code: str
    name: str
    coverage: Coverage
    fewest: tuple[int, ...] = ()  # the fewest on duty in each hour of the window
    hours: tuple[int, ...] = ()  # the clock hour each of those hours starts at
    minimum: int = 1

    @property
    def cells(self) -> list[HourCell]:
        return [HourCell(h, f, f >= self.minimum) for h, f in zip(self.hours, self.fewest, strict=True)]


def hour_cells(
    duties: Sequence[Duty], window_start: datetime, window_end: datetime, minimum: int
) -> list[HourCell]:
    """The fewest on duty in each hour of the window, read off one headcount of the whole window."""
    pieces = headcount(duties, window_start, window_end)
    cells, i = [], 0
    hour = window_start
    while hour < window_end:
        hour_end = min(hour + timedelta(hours=1), window_end)
        while pieces[i][1] <= hour:  # pieces tile the window in order
            i += 1
        j, fewest = i, pieces[i][2]
        while j < len(pieces) and pieces[j][0] < hour_end:
            fewest = min(fewest, pieces[j][2])
            j += 1
        cells.append(HourCell(hour.hour, fewest, fewest >= minimum))
        hour = hour_end
    return cells


def in_duty_window(campaign: CampaignInfo, moment: datetime) -> bool:
    if moment.date() not in campaign.duty_days():
        return False
    start, end = campaign.duty_window(moment.date())
    return start <= moment < end


@dataclass(frozen=True)
class DayShifts:
    """The shifts overlapping one duty window, as parallel arrays; times in whole seconds from
    the window's start. Read once, they serve the day's coverage and who is on duty at a moment
    of the window."""

    start: datetime
    office_id: np.ndarray
    person: np.ndarray
    role: np.ndarray
    phone: np.ndarray
    begin: np.ndarray
    end: np.ndarray

    def at(self, moment: datetime) -> np.ndarray:
        """Which shifts are on duty at `moment` (start <= moment < end)."""
        second = (moment - self.start).total_seconds()
        return (self.begin <= second) & (second < self.end)


def uncovered_at(
    campaign: CampaignInfo,
    shifts: DayShifts,
    offices: Sequence[tuple[int, str, str]],
    moment: datetime,
    min_on_duty: int = 1,
) -> list[dict]:
    """THE rule for "uncovered now": the offices (id, code, name; in the order given) with fewer
    than `min_on_duty` distinct people whose shift [start, end) holds `moment`. Outside the duty
    window nobody is required, so none. `shifts` must hold every shift on duty at `moment`: any
    read of a window containing it."""
    if not in_duty_window(campaign, moment):
        return []
    on = shifts.at(moment)
    pairs = set(zip(shifts.office_id[on].tolist(), shifts.person[on].tolist(), strict=True))
    people = Counter(office_id for office_id, _ in pairs)  # a person with overlapping shifts once
    return [{"id": o[0], "code": o[1], "name": o[2]} for o in offices if people[o[0]] < min_on_duty]


def sweep_shifts(day: DayShifts, positions: dict[int, int]) -> tuple[sweep.Shifts, np.ndarray]:
    """The shifts of the offices in `positions` (office id -> position) for the sweep; and each
    shift's role."""
    if not len(day.office_id):
        none = np.zeros(0, np.int64)
        return sweep.Shifts(none, none, none, none), np.zeros(0, dtype=object)
    lookup = np.full(max(max(positions, default=0), int(day.office_id.max())) + 1, -1, np.int64)
    lookup[list(positions)] = list(positions.values())
    keep = lookup[day.office_id] >= 0
    office = lookup[day.office_id[keep]]
    name_codes, uniques = pd.factorize(day.person[keep])
    person = office * len(uniques) + name_codes
    return sweep.Shifts(office, person, day.begin[keep], day.end[keep]), day.role[keep]


def coverage_of(
    shifts_read: DayShifts,
    offices: Sequence[tuple[int, str, str]],
    campaign: CampaignInfo,
    end: datetime,
    min_on_duty: int = 1,
) -> list[OfficeDay]:
    """The coverage of the window [shifts_read.start, end) for `offices` (id, code, name), from
    the shifts read: least covered first, then least led, then not gala-ready, then by code."""
    start = shifts_read.start
    n, window = len(offices), int((end - start).total_seconds())
    shifts, roles = sweep_shifts(shifts_read, {o[0]: i for i, o in enumerate(offices)})
    everyone = sweep.headcount(shifts, 0, window)
    covered = everyone.seconds_at_least(min_on_duty, n, 0, window)
    leaders = sweep.headcount(shifts.where(roles == "leader"), 0, window).seconds_at_least(1, n, 0, window)
    holes = sweep.gaps(everyone, min_on_duty, n, window)
    fewest = sweep.fewest_by_hour(everyone, n, window).tolist()
    hours = tuple((start + timedelta(hours=k)).hour for k in range(len(fewest[0]) if n else 0))
    ready: list[bool | None] = [None] * n
    if campaign.gala_start.date() == start.date():
        g0 = int((campaign.gala_start - start).total_seconds())
        g1 = int((campaign.gala_end - start).total_seconds())
        # The day's pieces cut to the gala when it lies inside the duty window (it does: 20:00-22:30).
        inside = g0 >= 0 and g1 <= window
        two = (everyone if inside else sweep.headcount(shifts, g0, g1)).seconds_at_least(2, n, g0, g1)
        team = sweep.headcount(shifts.where(roles == "emergency"), g0, g1).seconds_at_least(1, n, g0, g1)
        ready = ((two == g1 - g0) & (team == g1 - g0)).tolist()
    # Least covered, then least led, then not gala-ready, then by code (the offices come in code
    # order; the sort is stable); one window for all, so seconds order as percentages do.
    order = np.lexsort((np.array([r is not False for r in ready]), leaders, covered)).tolist()
    covered, leaders = covered.tolist(), leaders.tolist()
    gaps = [
        tuple((start + timedelta(seconds=a), start + timedelta(seconds=b)) for a, b in hole) if hole else ()
        for hole in holes
    ]
    return [
        OfficeDay(
            offices[i][0],
            offices[i][1],
            offices[i][2],
            Coverage(start, end, covered[i], leaders[i], gaps[i], ready[i]),
            tuple(fewest[i]),
            hours,
            min_on_duty,
        )
        for i in order
    ]
