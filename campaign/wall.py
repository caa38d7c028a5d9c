"""The wall screen's playlist: which screen shows when, for how long, with which filters.

Rotation is arithmetic on the clock, not state: every wall in the room showing the same
playlist is on the same screen, and a reloaded browser picks up where it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

# The screens a wall can show, by the page's URL path ("" is the overview).
WALL_PAGES = ("overview", "complaints", "roster", "sites", "targets")
# Filters a wall screen may carry, per page; values are checked against the data when drawn.
SCREEN_FILTERS = {"complaints": ("channel", "kind", "category", "office"), "sites": ("office",)}
MIN_DWELL, MAX_DWELL = 1, 3600  # seconds; a one-second dwell is for soak runs


@dataclass(frozen=True)
class Screen:
    page: str
    dwell: int  # seconds
    filters: tuple[tuple[str, str], ...] = ()
    title: str = ""

    def filter(self, name: str) -> str:
        return dict(self.filters).get(name, "")


@dataclass(frozen=True)
class Playlist:
    screens: tuple[Screen, ...]
    refresh_seconds: int
    name: str = ""  # the schedule entry in force, if any


@dataclass(frozen=True)
class Slot:
    index: int
    screen: Screen
    seconds_left: float
    next_screen: Screen | None  # None when the playlist has one screen


@dataclass(frozen=True)
class ScheduleEntry:
    start: time
    end: time  # time(0) means midnight at the end of the day
    screens: tuple[Screen, ...]
    refresh_seconds: int | None = None
    month_day: tuple[int, int] | None = None  # only on this day of the campaign year
    name: str = ""

    def covers(self, moment: datetime) -> bool:
        if self.month_day and (moment.month, moment.day) != self.month_day:
            return False
        clock = moment.time()
        return self.start <= clock and (self.end == time(0) or clock < self.end)


@dataclass(frozen=True)
class WallSettings:
    screens: tuple[Screen, ...]
    schedule: tuple[ScheduleEntry, ...] = ()
    tick_seconds: float = 5  # how often the wall redraws: the clock, rotation and refresh follow it
    extra: dict = field(default_factory=dict)


DEFAULT_SCREENS = (
    Screen("overview", 30),
    Screen("complaints", 30),
    Screen("roster", 30),
    Screen("sites", 30),
    Screen("targets", 30),
)
# The gala: only the 12315 volume (whole city, then the transfers) and duty coverage, refreshed faster.
GALA_SCHEDULE = ScheduleEntry(
    start=time(20, 0),
    end=time(22, 30),
    month_day=(3, 15),
    refresh_seconds=10,
    name="gala",
    screens=(
        Screen("complaints", 30),
        Screen("complaints", 20, (("channel", "gala"),)),
        Screen("roster", 20),
    ),
)


class WallConfigError(ValueError):
    """A wall setting or URL that cannot be read; the message names the part."""


def _clamp_dwell(value: object, where: str) -> int:
    try:
        seconds = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise WallConfigError(f"{where}: dwell {value!r}") from None
    return max(MIN_DWELL, min(MAX_DWELL, seconds))


def screen_from_dict(raw: dict, where: str) -> Screen:
    page = str(raw.get("page", "")).strip()
    if page not in WALL_PAGES:
        raise WallConfigError(f"{where}: page {page!r}")
    allowed = SCREEN_FILTERS.get(page, ())
    filters = tuple((k, str(raw[k])) for k in allowed if str(raw.get(k, "")).strip())
    return Screen(page, _clamp_dwell(raw.get("dwell", 30), where), filters, str(raw.get("title", "")))


def _clock(text: str, where: str) -> time:
    try:
        hours, minutes = (int(p) for p in str(text).split(":"))
    except ValueError:
        raise WallConfigError(f"{where}: time {text!r}") from None
    if (hours, minutes) == (24, 0):
        return time(0)
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        raise WallConfigError(f"{where}: time {text!r}")
    return time(hours, minutes)


def wall_settings(raw: dict | None) -> WallSettings:
    """The `[wall]` table of campaign.toml; absent parts take the defaults above."""
    raw = raw or {}
    screens = tuple(screen_from_dict(s, f"wall.screens[{i}]") for i, s in enumerate(raw.get("screens", [])))
    schedule: list[ScheduleEntry] = []
    if "schedule" in raw:
        for i, entry in enumerate(raw["schedule"]):
            where = f"wall.schedule[{i}]"
            day = entry.get("day")
            schedule.append(
                ScheduleEntry(
                    start=_clock(entry.get("from", "00:00"), where),
                    end=_clock(entry.get("to", "24:00"), where),
                    screens=tuple(
                        screen_from_dict(s, f"{where}.screens[{j}]") for j, s in enumerate(entry["screens"])
                    )
                    or DEFAULT_SCREENS,
                    refresh_seconds=int(entry["refresh_seconds"]) if "refresh_seconds" in entry else None,
                    month_day=tuple(int(p) for p in str(day).split("-")) if day else None,  # type: ignore[arg-type]
                    name=str(entry.get("name", f"schedule{i}")),
                )
            )
    else:
        schedule.append(GALA_SCHEDULE)
    return WallSettings(
        screens=screens or DEFAULT_SCREENS,
        schedule=tuple(schedule),
        tick_seconds=max(0.5, float(raw.get("tick_seconds", 5))),
    )


def screens_from_url(text: str) -> tuple[Screen, ...]:
    """`overview:20,complaints:30:channel=gala;kind=complaint,roster:30`; unknown parts dropped."""
    screens = []
    for part in text.split(","):
        name, _, rest = part.strip().partition(":")
        if name not in WALL_PAGES:
            continue
        dwell_text, _, filter_text = rest.partition(":")
        raw: dict = {"page": name, "dwell": dwell_text or 30}
        for pair in filter_text.split(";"):
            key, _, value = pair.partition("=")
            if key:
                raw[key.strip()] = value.strip()
        try:
            screens.append(screen_from_dict(raw, "url"))
        except WallConfigError:
            continue
    return tuple(screens)


def playlist_at(wall: WallSettings, moment: datetime, default_refresh: int) -> Playlist:
    """The playlist in force at `moment`: the first schedule entry covering it, else the default."""
    for entry in wall.schedule:
        if entry.covers(moment):
            return Playlist(entry.screens, entry.refresh_seconds or default_refresh, entry.name)
    return Playlist(wall.screens, default_refresh)


def slot_at(screens: tuple[Screen, ...], seconds: float) -> Slot:
    """The screen showing `seconds` after the epoch: the playlist repeats end to end."""
    cycle = sum(s.dwell for s in screens)
    into = seconds % cycle
    for index, screen in enumerate(screens):
        if into < screen.dwell:
            following = screens[(index + 1) % len(screens)] if len(screens) > 1 else None
            return Slot(index, screen, screen.dwell - into, following)
        into -= screen.dwell
    raise AssertionError("unreachable: into < cycle")


@dataclass(frozen=True)
class Countdown:
    phase: str  # "before", "during" or "after"
    seconds: int  # to the start (before) or to the end (during); 0 after


def gala_countdown(gala_start: datetime, gala_end: datetime, now: datetime) -> Countdown:
    if now < gala_start:
        return Countdown("before", int((gala_start - now).total_seconds()))
    if now < gala_end:
        return Countdown("during", int((gala_end - now).total_seconds()))
    return Countdown("after", 0)


def campaign_day(first_day: date, last_day: date, today: date) -> tuple[str, int]:
    """("before", days to go), ("day", N for the campaign's Nth day) or ("after", 0)."""
    if today < first_day:
        return "before", (first_day - today).days
    if today > last_day:
        return "after", 0
    return "day", (today - first_day).days + 1
