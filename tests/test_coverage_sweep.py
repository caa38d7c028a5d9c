"""Every office's day at once: hand-counted on a small roster, and the same answers as the
per-office arithmetic of campaign.coverage on a seeded random one."""

import random
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import insert, text

from campaign.campaigns import current_campaign
from campaign.coverage import Duty, coverage, hour_cells, uncovered_at
from campaign.schema import Office, Shift
from queries.coverage import coverage_day, longest_shift, offices_uncovered_at, read_day
from queries.reference import offices_in
from queries.roster import RosterFigures, on_duty_at, on_duty_frame, roster_now, roster_wall

GALA_DAY = datetime(2027, 3, 15)
NIGHT = datetime(2027, 3, 15, 20, 45)


def at(hh: int, mm: int = 0, day: int = 15) -> datetime:
    return datetime(2027, 3, day, hh, mm)


def add_offices(conn, codes: list[str]) -> dict[str, int]:
    ids = {}
    for code in codes:
        ids[code] = conn.execute(
            insert(Office.__table__).values(code=code, name=f"{code}所", level="station")
        ).inserted_primary_key[0]
    return ids


def add_shifts(conn, ids: dict[str, int], shifts: list[tuple]) -> None:
    conn.execute(
        insert(Shift.__table__),
        [
            {"office_id": ids[o], "person_name": p, "role": r, "start_at": a, "end_at": b}
            for o, p, r, a, b in shifts
        ],
    )


@pytest.fixture
def small(engine):
    with engine.begin() as conn:
        ids = add_offices(conn, ["A", "B", "C"])
        add_shifts(
            conn,
            ids,
            [
                # A: one 30-hour shift, begun the evening before.
                ("A", "甲", "duty", at(20, 0, 14), at(2, 0, 16)),
                # B: 乙 twice, overlapping (counts once), and a leader from noon.
                ("B", "乙", "duty", at(8), at(12)),
                ("B", "乙", "duty", at(10), at(14)),
                ("B", "丙", "leader", at(12), at(0, 0, 16)),
            ],
        )
        return engine, current_campaign(conn)


def test_a_long_shift_begun_the_day_before_is_on_duty(small):
    engine, campaign = small
    with engine.connect() as conn:
        assert longest_shift(conn) == timedelta(hours=30, seconds=1)
        on_duty = on_duty_at(conn, NIGHT)
        uncovered = offices_uncovered_at(conn, campaign, NIGHT)
    assert sorted(zip(on_duty["code"], on_duty["person"], strict=True)) == [("A", "甲"), ("B", "丙")]
    assert [o["code"] for o in uncovered] == ["C"]


def test_one_read_of_the_day_serves_coverage_uncovered_and_on_duty(small):
    engine, campaign = small
    with engine.connect() as conn:
        now = roster_now(conn, campaign, GALA_DAY.date(), NIGHT, 1)
        assert now.offices == coverage_day(conn, campaign, GALA_DAY.date())
    assert [o["code"] for o in now.uncovered] == ["C"]
    listed = now.on_duty[["code", "office", "person", "role"]].values.tolist()
    assert listed == [["A", "A所", "甲", "duty"], ["B", "B所", "丙", "leader"]]
    # 甲's shift runs 20:00 on the 14th to 02:00 on the 16th, past the window read.
    assert now.on_duty["start"].tolist() == [at(20, 0, 14), at(12)]
    assert now.on_duty["end"].tolist() == [at(2, 0, 16), at(0, 0, 16)]


def test_outside_the_day_shown_the_moment_is_asked_alone(small):
    engine, campaign = small
    with engine.connect() as conn:
        # The 14th shown at 01:00 on the 16th: nobody must be on duty, 甲 still is.
        now = roster_now(conn, campaign, GALA_DAY.date().replace(day=14), at(1, 0, 16), 1)
    assert now.uncovered == []
    assert now.on_duty[["code", "person"]].values.tolist() == [["A", "甲"]]


def test_a_day_of_three_offices_counted_by_hand(small):
    engine, campaign = small
    with engine.connect() as conn:
        days = {d.code: d for d in coverage_day(conn, campaign, GALA_DAY.date())}
    # C has nobody: 0 %, the whole window one gap, listed first.
    assert next(iter(days)) == "C"
    assert (days["C"].coverage.coverage_pct, days["C"].coverage.gaps_hhmm()) == (0.0, "08:00-24:00")
    # B: 乙 08-14 and 丙 12-24 cover the window; the leader 12 of 16 hours = 75 %.
    b = days["B"]
    assert (b.coverage.coverage_pct, b.coverage.leader_pct, b.coverage.gaps) == (100.0, 75.0, ())
    # Both on duty 12:00-14:00, one otherwise.
    assert [c.fewest for c in b.cells] == [1, 1, 1, 1, 2, 2] + [1] * 10
    assert [c.hour for c in b.cells] == list(range(8, 24))
    # A's one shift covers the day; nobody is 2 strong with an emergency member at the gala.
    assert days["A"].coverage.coverage_pct == 100.0
    assert {code: d.coverage.gala_ready for code, d in days.items()} == {"A": False, "B": False, "C": False}


@pytest.fixture
def edges(engine):
    """Four offices against a minimum of 2, their shifts on the moments asked (half-open)."""
    with engine.begin() as conn:
        ids = add_offices(conn, ["P", "Q", "R", "S"])
        # A district office keeps no duty: never listed, never counted.
        conn.execute(insert(Office.__table__).values(code="T", name="T局", level="district"))
        add_shifts(
            conn,
            ids,
            [
                # P: always exactly 2, 甲 handing over to 丙 at 12:00; 丙 is the gala's emergency member.
                ("P", "甲", "duty", at(8), at(12)),
                ("P", "乙", "duty", at(8), at(0, 0, 16)),
                ("P", "丙", "emergency", at(12), at(0, 0, 16)),
                # Q: 丁's two overlapping shifts count once; 戊 from 20:00.
                ("Q", "丁", "duty", at(8), at(13)),
                ("Q", "丁", "duty", at(11), at(0, 0, 16)),
                ("Q", "戊", "duty", at(20), at(0, 0, 16)),
                # R: 庚 all day; 己 ends at 08:00, 壬 at 12:00, 癸 starts at 12:00, 辛 at 23:59:59.
                ("R", "己", "duty", at(7), at(8)),
                ("R", "庚", "duty", at(8), at(0, 0, 16)),
                ("R", "壬", "duty", at(10), at(12)),
                ("R", "癸", "duty", at(12), at(13)),
                ("R", "辛", "duty", at(23, 59) + timedelta(seconds=59), at(0, 0, 16)),
                # S: nobody.
            ],
        )
        return engine, current_campaign(conn)


@pytest.mark.parametrize(
    "moment, short",
    [
        # P 甲+乙 = 2; Q 丁 = 1; R 庚 = 1 (己 has ended, 庚 has begun); S 0.
        (at(8), ["Q", "R", "S"]),
        # P 乙+丙 = 2 (甲 has ended); Q 丁 = 1 (not 2); R 庚+癸 = 2 (壬 has ended); S 0.
        (at(12), ["Q", "S"]),
        # P 乙+丙, Q 丁+戊, R 庚+辛 (辛 has just begun): 2 each; S 0.
        (at(23, 59) + timedelta(seconds=59), ["S"]),
        # 24:00 is the next day's 00:00, outside every duty window: nobody is required.
        (at(0, 0, 16), []),
    ],
)
def test_uncovered_now_is_one_answer_whichever_path_asks(edges, moment, short):
    engine, campaign = edges
    day = GALA_DAY.date()
    with engine.connect() as conn:
        alone = offices_uncovered_at(conn, campaign, moment, 2)  # the overview tile, the alerts
        page = roster_now(conn, campaign, day, moment, 2)  # the day's read, when in its window
        wall = roster_wall(conn, campaign, moment, 2)
    assert [o["code"] for o in alone] == short
    assert page.uncovered == wall.uncovered == alone
    assert page.figures.uncovered_now == wall.figures.uncovered_now == len(short)
    if moment < at(0, 0, 16):  # the grid's gaps hold the moment for the same offices
        gapped = sorted(d.code for d in page.offices if any(a <= moment < b for a, b in d.coverage.gaps))
        assert gapped == short


def test_the_screen_figures_counted_by_hand(edges):
    engine, campaign = edges
    with engine.connect() as conn:
        page = roster_now(conn, campaign, GALA_DAY.date(), at(12), 2)
        wall = roster_wall(conn, campaign, at(12), 2)
        other_day = roster_now(conn, campaign, date(2027, 3, 14), at(12), 2)
    # Gaps (fewer than 2): P none; Q 08:00-20:00; R 08:00-10:00 and 13:00-23:59:59; S all day.
    # At 12:00 Q and S are short; of the others only R has a gap starting before 14:00 (13:00).
    # The gala 20:00-22:30 needs 2 people and an emergency member: P (乙, 丙) only.
    assert page.figures == RosterFigures(
        offices_on_duty=4,  # P Q R S; T is a district office
        full_coverage=1,  # P
        offices_with_gaps=3,  # Q R S: 4 - 1
        uncovered_now=2,  # Q S
        gaps_ahead=1,  # R
        gala_ready=1,  # P, of 4
    )
    assert [(g["code"], g["start"]) for g in page.ahead] == [("R", at(13))]
    assert wall.figures == page.figures
    # Another day shown: its own day counts (nobody rostered on the 14th), now's figures today's.
    assert other_day.figures == RosterFigures(4, 0, 4, 2, 1, None)


def test_gala_ready_needs_two_people_and_an_emergency_member_throughout(engine):
    with engine.begin() as conn:
        ids = add_offices(conn, ["D", "E"])
        add_shifts(
            conn,
            ids,
            [
                ("D", "丁", "duty", at(8), at(0, 0, 16)),
                ("D", "戊", "emergency", at(19), at(23)),
                # E's emergency member leaves at 22:00, half an hour before the gala ends.
                ("E", "己", "duty", at(8), at(0, 0, 16)),
                ("E", "庚", "emergency", at(19), at(22)),
            ],
        )
        days = coverage_day(conn, current_campaign(conn), GALA_DAY.date())
    # Both fully covered: the one not ready for the gala comes first.
    assert [(d.code, d.coverage.gala_ready) for d in days] == [("E", False), ("D", True)]


def random_roster(rng: random.Random, offices: list[str]) -> list[tuple]:
    """Shifts on minute boundaries around the gala day: overlaps, duplicates, touching ends,
    nights across midnight, shifts wholly outside the window."""
    roles = ["duty", "duty", "leader", "emergency"]
    shifts, seen = [], set()
    for code in offices:
        for _ in range(rng.randint(0, 9)):
            person = rng.choice("甲乙丙")
            start = at(0) + timedelta(minutes=rng.randrange(-6 * 60, 26 * 60, 15))
            end = start + timedelta(minutes=rng.choice([15, 60, 240, 480, 900, 1200]))
            if (code, person, start) not in seen:
                seen.add((code, person, start))
                shifts.append((code, person, rng.choice(roles), start, end))
    return shifts


@pytest.mark.parametrize("minimum", [1, 2])
def test_every_office_at_once_agrees_with_one_office_at_a_time(engine, minimum):
    rng = random.Random(315)
    codes = [f"S{n:02d}" for n in range(40)]
    shifts = random_roster(rng, codes)
    with engine.begin() as conn:
        add_shifts(conn, add_offices(conn, codes), shifts)
        campaign = current_campaign(conn)
        days = {d.code: d for d in coverage_day(conn, campaign, GALA_DAY.date(), minimum)}
    start, end = campaign.duty_window(GALA_DAY.date())
    gala = (campaign.gala_start, campaign.gala_end)
    for code in codes:
        mine = [Duty(p, r, a, b) for o, p, r, a, b in shifts if o == code and a < end and b > start]
        assert days[code].coverage == coverage(mine, start, end, minimum, gala), code
        assert days[code].cells == hour_cells(mine, start, end, minimum), code


@pytest.mark.parametrize("minimum", [1, 2])
def test_the_moment_read_off_the_day_agrees_with_the_moment_asked_alone(engine, minimum):
    rng = random.Random(12315)
    codes = [f"S{n:02d}" for n in range(40)]
    with engine.begin() as conn:
        add_shifts(conn, add_offices(conn, codes), random_roster(rng, codes))
    with engine.connect() as conn:
        campaign = current_campaign(conn)
        start, end = campaign.duty_window(GALA_DAY.date())
        shifts = read_day(conn, start, end)
        days = coverage_day(conn, campaign, GALA_DAY.date(), minimum)
        offices = offices_in(conn)
        stations = [o[:3] for o in offices]
        for minutes in range(0, 16 * 60, 15):
            moment = start + timedelta(minutes=minutes, seconds=rng.choice([0, 1, 59]))
            asked = offices_uncovered_at(conn, campaign, moment, minimum)
            assert uncovered_at(campaign, shifts, stations, moment, minimum) == asked
            # The sweep's gaps hold the moment for the same offices.
            gapped = sorted(d.code for d in days if any(a <= moment < b for a, b in d.coverage.gaps))
            assert gapped == [o["code"] for o in asked], moment
            alone = on_duty_at(conn, moment)
            read = on_duty_frame(shifts, moment, offices)
            keys = ["code", "role", "person", "start"]
            assert read.drop(columns="phone").values.tolist() == (
                alone.sort_values(keys, key=lambda c: c.map(str)).drop(columns="phone").values.tolist()
            ), moment


def test_the_shift_length_index_exists(engine):
    sql = {
        "sqlite": "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'shift'",
        "postgresql": "SELECT indexname FROM pg_indexes WHERE tablename = 'shift'",
    }[engine.dialect.name]
    with engine.connect() as conn:
        assert "ix_shift_length" in conn.execute(text(sql)).scalars().all()
