"""Coverage arithmetic, every figure counted by hand on a clock face."""

from datetime import datetime

import pytest

from campaign.coverage import Duty, coverage, gala_ready, hour_cells

DAY = datetime(2027, 3, 15)
WINDOW = (datetime(2027, 3, 15, 8), datetime(2027, 3, 16, 0))  # 08:00-24:00, 960 minutes


def at(hh: int, mm: int = 0, day: int = 15) -> datetime:
    return datetime(2027, 3, day, hh, mm)


def duty(person, start, end, role="duty"):
    return Duty(person, role, start, end)


def test_full_day_to_24_00():
    c = coverage([duty("甲", at(8), at(16)), duty("乙", at(16), at(0, 0, 16))], *WINDOW)
    assert c.coverage_pct == 100.0 and c.gaps == () and c.gaps_hhmm() == ""


def test_no_shifts_is_one_whole_gap():
    c = coverage([], *WINDOW)
    assert (c.coverage_pct, c.leader_pct, c.gaps_hhmm()) == (0.0, 0.0, "08:00-24:00")


def test_lunch_hole_and_missing_evening():
    duties = [duty("甲", at(8), at(11, 30)), duty("乙", at(13), at(22))]
    c = coverage(duties, *WINDOW)
    # Uncovered 11:30-13:00 (90 min) and 22:00-24:00 (120 min): 750 / 960 = 78.125%.
    assert c.gaps_hhmm() == "11:30-13:00;22:00-24:00"
    assert c.coverage_pct == pytest.approx(78.125)


def test_one_minute_gap_between_half_open_shifts():
    c = coverage([duty("甲", at(8), at(12)), duty("乙", at(12, 1), at(0, 0, 16))], *WINDOW)
    # 12:00 belongs to neither shift: 1 minute of 960 uncovered.
    assert c.gaps_hhmm() == "12:00-12:01"
    assert c.coverage_pct == pytest.approx(100 * 959 / 960)


def test_back_to_back_shifts_leave_no_gap():
    c = coverage([duty("甲", at(8), at(12)), duty("乙", at(12), at(0, 0, 16))], *WINDOW)
    assert c.gaps == ()


def test_shift_crossing_midnight_into_the_next_window():
    # A night shift 20:00 on 14 March to 09:00 on 15 March covers 08:00-09:00 of the 15th.
    night = duty("甲", at(20, 0, 14), at(9))
    c = coverage([night, duty("乙", at(10), at(0, 0, 16))], *WINDOW)
    assert c.gaps_hhmm() == "09:00-10:00"
    # And the one crossing into the 16th covers 22:00-24:00 of the 15th only.
    c2 = coverage([duty("甲", at(8), at(22)), duty("乙", at(22), at(2, 0, 16))], *WINDOW)
    assert c2.gaps == ()


def test_overlaps_and_duplicates_count_once_per_person():
    duties = [duty("甲", at(8), at(14)), duty("甲", at(10), at(16)), duty("甲", at(8), at(14))]
    # 甲 alone 08:00-16:00; with a minimum of 2 the whole window is short.
    c = coverage(duties, *WINDOW, min_on_duty=2)
    assert c.gaps_hhmm() == "08:00-24:00"
    assert coverage(duties, *WINDOW).gaps_hhmm() == "16:00-24:00"
    cells = hour_cells(duties, *WINDOW, minimum=1)
    assert [c.fewest for c in cells[:9]] == [1, 1, 1, 1, 1, 1, 1, 1, 0]


def test_leader_coverage_counts_only_leaders():
    duties = [duty("甲", at(8), at(16), "leader"), duty("乙", at(8), at(0, 0, 16))]
    c = coverage(duties, *WINDOW)
    # Leader 480 of 960 minutes.
    assert (c.coverage_pct, c.leader_pct) == (100.0, 50.0)


GALA = (at(20), at(22, 30))


def test_gala_ready_needs_two_people_and_an_emergency_member_throughout():
    base = [duty("甲", at(16), at(0, 0, 16), "leader")]
    ready = [*base, duty("丙", at(19, 30), at(0, 0, 16), "emergency")]
    assert gala_ready(ready, *GALA) is True
    # Only the leader: one person.
    assert gala_ready(base, *GALA) is False
    # Two people but no emergency member.
    assert gala_ready([*base, duty("乙", at(18), at(0, 0, 16))], *GALA) is False
    # The emergency member leaves at 22:00, half an hour early.
    assert gala_ready([*base, duty("丙", at(19, 30), at(22), "emergency")], *GALA) is False
    # One emergency member twice over is still one person.
    twice = [duty("丙", at(19), at(23), "emergency"), duty("丙", at(20), at(23), "emergency")]
    assert gala_ready(twice, *GALA) is False
    assert coverage(ready, *WINDOW, gala=GALA).gala_ready is True


def test_hour_cells_show_the_fewest_in_each_hour():
    duties = [duty("甲", at(8), at(0, 0, 16)), duty("乙", at(8), at(12, 30))]
    cells = hour_cells(duties, *WINDOW, minimum=1)
    assert [c.hour for c in cells] == list(range(8, 24))
    # Two until 12:30: hours 8-11 have 2; hour 12 has 1 at its fewest; the rest 1.
    assert [c.fewest for c in cells] == [2, 2, 2, 2] + [1] * 12
    assert all(c.covered for c in cells)
