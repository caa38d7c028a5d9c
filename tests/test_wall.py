"""The wall's playlist arithmetic: rotation by the clock, schedules, URL playlists, countdowns."""

from datetime import date, datetime, time

import pytest

from campaign.wall import (
    DEFAULT_SCREENS,
    Screen,
    WallConfigError,
    campaign_day,
    gala_countdown,
    playlist_at,
    screens_from_url,
    slot_at,
    wall_settings,
)

A, B, C = Screen("overview", 30), Screen("complaints", 20), Screen("roster", 10)


@pytest.mark.parametrize(
    ("seconds", "index", "left"),
    [
        (0, 0, 30),  # the cycle is 30 + 20 + 10 = 60 s
        (29.5, 0, 0.5),
        (30, 1, 20),
        (49, 1, 1),
        (50, 2, 10),
        (59, 2, 1),
        (60, 0, 30),  # round again
        (6000 + 45, 1, 5),  # 6045 mod 60 = 45: 15 s into B's 20
    ],
)
def test_the_slot_follows_the_clock_round_the_playlist(seconds, index, left):
    slot = slot_at((A, B, C), seconds)
    assert (slot.index, slot.seconds_left) == (index, left)
    assert slot.next_screen == (A, B, C)[(index + 1) % 3]


def test_a_single_screen_has_no_next():
    slot = slot_at((B,), 1234)
    assert slot.screen == B and slot.next_screen is None and slot.seconds_left == 20 - 1234 % 20


def test_settings_give_screens_filters_and_a_schedule():
    wall = wall_settings(
        {
            "tick_seconds": 2,
            "screens": [
                {"page": "overview", "dwell": 15},
                {"page": "complaints", "dwell": 25, "channel": "gala", "title": "晚会转办"},
                {"page": "roster", "dwell": 0},  # raised to the 1 s minimum
            ],
            "schedule": [
                {
                    "from": "20:00",
                    "to": "22:30",
                    "day": "3-15",
                    "refresh_seconds": 10,
                    "screens": [{"page": "roster"}],
                },
                {"from": "23:00", "to": "24:00", "screens": [{"page": "targets", "dwell": 40}]},
            ],
        }
    )
    assert wall.tick_seconds == 2
    assert wall.screens == (
        Screen("overview", 15),
        Screen("complaints", 25, (("channel", "gala"),), "晚会转办"),
        Screen("roster", 1),
    )
    gala = playlist_at(wall, datetime(2027, 3, 15, 20, 0), 30)
    assert gala.screens == (Screen("roster", 30),) and gala.refresh_seconds == 10
    assert playlist_at(wall, datetime(2027, 3, 15, 22, 30), 30).screens == wall.screens  # end is exclusive
    assert playlist_at(wall, datetime(2027, 3, 14, 20, 30), 30).screens == wall.screens  # not the gala day
    late = playlist_at(wall, datetime(2027, 3, 14, 23, 59), 30)
    assert late.screens == (Screen("targets", 40),) and late.refresh_seconds == 30  # to midnight, any day


def test_default_settings_rotate_every_screen_and_narrow_during_the_gala():
    wall = wall_settings({})
    assert wall.screens == DEFAULT_SCREENS and wall.tick_seconds == 5
    assert playlist_at(wall, datetime(2027, 3, 15, 19, 59), 30).screens == DEFAULT_SCREENS
    gala = playlist_at(wall, datetime(2027, 3, 15, 21, 0), 30)
    assert [s.page for s in gala.screens] == ["complaints", "complaints", "roster"]
    assert gala.screens[1].filter("channel") == "gala" and gala.refresh_seconds == 10


@pytest.mark.parametrize(
    "raw",
    [
        {"screens": [{"page": "secrets"}]},
        {"screens": [{"page": "overview", "dwell": "long"}]},
        {"schedule": [{"from": "25:00", "screens": []}]},
    ],
)
def test_unreadable_wall_settings_are_refused_naming_the_part(raw):
    with pytest.raises(WallConfigError, match=r"wall\.(screens|schedule)\[0\]"):
        wall_settings(raw)


def test_a_url_playlist_keeps_known_screens_and_filters_only():
    screens = screens_from_url(
        "overview:20,complaints:30:channel=gala;kind=complaint;evil=1,nowhere:5,roster"
    )
    assert screens == (
        Screen("overview", 20),
        Screen("complaints", 30, (("channel", "gala"), ("kind", "complaint"))),
        Screen("roster", 30),
    )
    assert screens_from_url("") == ()
    assert screens_from_url("overview:<script>") == ()


def test_gala_countdown_before_during_after():
    start, end = datetime(2027, 3, 15, 20), datetime(2027, 3, 15, 22, 30)
    before = gala_countdown(start, end, datetime(2027, 3, 15, 18, 44, 30))
    assert (before.phase, before.seconds) == ("before", 4530)  # 1 h 15 min 30 s
    during = gala_countdown(start, end, datetime(2027, 3, 15, 20, 45))
    assert (during.phase, during.seconds) == ("during", 6300)  # 1 h 45 min to 22:30
    assert gala_countdown(start, end, end).phase == "after"


def test_campaign_day_counts_from_one():
    first, last = date(2027, 3, 1), date(2027, 3, 31)
    assert campaign_day(first, last, date(2027, 2, 26)) == ("before", 3)
    assert campaign_day(first, last, date(2027, 3, 1)) == ("day", 1)
    assert campaign_day(first, last, date(2027, 3, 15)) == ("day", 15)
    assert campaign_day(first, last, date(2027, 4, 1)) == ("after", 0)


def test_midnight_end_covers_the_last_minute():
    wall = wall_settings({"schedule": [{"from": "22:00", "to": "24:00", "screens": [{"page": "roster"}]}]})
    assert wall.schedule[0].end == time(0)
    assert playlist_at(wall, datetime(2027, 3, 10, 23, 59, 59), 30).screens == (Screen("roster", 30),)
    assert playlist_at(wall, datetime(2027, 3, 10, 21, 59), 30).screens == DEFAULT_SCREENS
