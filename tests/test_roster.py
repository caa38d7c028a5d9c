"""The duty screen on the demo city: the export lists every office, the grid agrees with it."""

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from campaign.campaigns import current_campaign
from campaign.db import make_engine
from campaign.exports.reports import coverage_report
from campaign.serve import ENTRY_POINT
from campaign.settings import settings
from queries.coverage import coverage_day, offices_uncovered_at
from queries.overview import overview
from queries.roster import RosterFigures, gaps_ahead
from tests.conftest import DEMO_NOW, signed_in
from ui.roster_tables import on_duty_table
from ui.roster_tiles import roster_tiles

GALA_NIGHT = DEMO_NOW


@pytest.fixture(scope="module")
def demo(demo_city):
    engine = make_engine(demo_city)
    with engine.connect() as conn:
        yield engine, current_campaign(conn)
    engine.dispose()


class Args:
    date = date(2027, 3, 15)


def test_export_lists_every_grassroots_office(demo):
    engine, campaign = demo
    with engine.connect() as conn:
        frame = coverage_report(conn, campaign, Args, None)
        stations = (
            conn.execute(text("SELECT code FROM office WHERE level = 'station' ORDER BY code"))
            .scalars()
            .all()
        )
    assert list(frame["office_code"]) == stations
    assert set(frame["date"]) == {"2027-03-15"}
    # The demo's office without a roster that day: 0% and the whole window a gap.
    empty = frame[frame["coverage_pct"] == "0.0"]
    assert len(empty) == 1 and empty["gaps"].iloc[0] == "08:00-24:00"
    # The missing evening around the gala, and the lunch hole.
    assert set(frame["gaps"]) >= {"22:00-24:00", "11:30-13:00", ""}


def hours_in(gaps: str) -> set[int]:
    hours = set()
    for gap in filter(None, gaps.split(";")):
        start, end = gap.split("-")
        h0, m0 = map(int, start.split(":"))
        h1, m1 = map(int, end.split(":"))
        first, last = h0 * 60 + m0, h1 * 60 + m1
        hours |= {h for h in range(24) if h * 60 < last and (h + 1) * 60 > first}
    return hours


@pytest.mark.parametrize("day", [date(2027, 3, 10), date(2027, 3, 15), date(2027, 3, 20)])
def test_grid_agrees_with_export_cell_by_cell(demo, day):
    engine, campaign = demo

    class On:
        date = day

    with engine.connect() as conn:
        frame = coverage_report(conn, campaign, On, None)
        grid = {d.code: d for d in coverage_day(conn, campaign, day)}
    for row in frame.to_dict("records"):
        cells = grid[row["office_code"]].cells
        red = {c.hour for c in cells if not c.covered}
        assert red == hours_in(row["gaps"]), row["office_code"]
        assert f"{grid[row['office_code']].coverage.coverage_pct:.1f}" == row["coverage_pct"]


def test_gaps_first_on_screen(demo):
    engine, campaign = demo
    with engine.connect() as conn:
        days = coverage_day(conn, campaign, date(2027, 3, 15))
    gapped = [d for d in days if d.coverage.gaps]
    assert days[: len(gapped)] == gapped and len(gapped) == 3
    # Then the office that is fully covered but has no emergency team for the gala.
    assert days[len(gapped)].coverage.gala_ready is False


def test_overview_and_roster_share_the_uncovered_now_function(demo):
    engine, campaign = demo
    with engine.connect() as conn:
        tile = overview(conn, campaign, GALA_NIGHT).uncovered_now
        listed = offices_uncovered_at(conn, campaign, GALA_NIGHT)
        days = coverage_day(conn, campaign, GALA_NIGHT.date())
    assert tile == listed and len(listed) == 1
    # The same office is the one whose whole window is a gap in the coverage arithmetic.
    assert [d.code for d in days if any(a <= GALA_NIGHT < b for a, b in d.coverage.gaps)] == [
        listed[0]["code"]
    ]
    # At 20:45 the office whose evening is missing has a gap from 22:00: within the next 2 hours.
    ahead = gaps_ahead(days, listed, campaign, GALA_NIGHT)
    assert [(g["start"].hour, g["start"].minute) for g in ahead] == [(22, 0)]
    assert gaps_ahead(days, [], campaign, GALA_NIGHT - timedelta(hours=3)) == []


def test_the_page_and_the_wall_tiles_are_the_catalogues_figures():
    figures = RosterFigures(
        offices_on_duty=4, full_coverage=1, offices_with_gaps=3, uncovered_now=2, gaps_ahead=1, gala_ready=1
    )
    shown = roster_tiles(figures, ("offices_on_duty", "uncovered_now", "gala_ready"))
    assert [(x.key, x.label, x.value) for x in shown] == [
        ("offices_on_duty", "应值班单位", "4"),
        ("uncovered_now", "当前无人值班单位", "2"),
        ("gala_ready", "晚会备勤就绪", "1"),  # one number; the total in the note
    ]
    assert shown[2].note == "共 4 个应值班单位" and shown[2].tone == "warn"
    # No gala that day: no gala tile.
    no_gala = RosterFigures(4, 4, 0, 0, 0, None)
    assert [x.key for x in roster_tiles(no_gala, ("full_coverage", "gala_ready"))] == ["full_coverage"]
    # Another day than today shown: its day counts say so; now's figures are today's as ever.
    labels = [x.label for x in roster_tiles(no_gala, ("full_coverage", "uncovered_now"), "3月14日（周日）")]
    assert labels == ["3月14日（周日） · 全时段覆盖单位", "当前无人值班单位"]


def test_a_gala_shortfall_names_the_stretches_short_of_people_or_of_the_team(demo):
    _, campaign = demo
    from campaign.coverage import DayShifts
    from queries.roster import GalaShortfall, gala_shortfalls
    from ui.roster_tables import gala_reason

    start = datetime(2027, 3, 15, 8)
    # One office, window from 08:00: 甲 (leader) 08:00-22:00, 乙 (emergency) 20:00-21:00.
    # Gala 20:00-22:30: two people 20:00-21:00 only; the team only 20:00-21:00.
    shifts = DayShifts(
        start,
        np.array([1, 1]),
        np.array(["甲", "乙"], dtype=object),
        np.array(["leader", "emergency"], dtype=object),
        np.array(["", ""], dtype=object),
        np.array([0, 12 * 3600]),
        np.array([14 * 3600, 13 * 3600]),
    )

    class Day:
        office_id = 1
        coverage = type("C", (), {"gala_ready": False})()

    short = gala_shortfalls(shifts, [Day], campaign)[1]
    assert short.too_few == ((datetime(2027, 3, 15, 21), datetime(2027, 3, 15, 22, 30)),)
    assert short.no_team == ((datetime(2027, 3, 15, 21), datetime(2027, 3, 15, 22, 30)),)
    assert gala_reason(short) == "否：21:00-22:30 不足2人；21:00-22:30 无应急队员"
    # Short all gala long: one word for the whole window.
    whole = (datetime(2027, 3, 15, 20), datetime(2027, 3, 15, 22, 30))
    assert gala_reason(GalaShortfall((whole,), (whole,), whole)) == "否：全程不足2人；全程无应急队员"


@pytest.fixture
def roster_page(demo, monkeypatch):
    engine, _ = demo
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("CAMPAIGN_NOW", GALA_NIGHT.isoformat())
    settings.cache_clear()

    def open_as(role: str = "leader", office_id: int | None = None, **params) -> AppTest:
        at = signed_in(AppTest.from_file(str(ENTRY_POINT), default_timeout=60), role, office_id)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        at.switch_page("pages/roster.py").run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    yield open_as
    settings.cache_clear()


def test_the_grid_says_why_an_office_is_not_gala_ready(roster_page, demo):
    at = roster_page()
    grid = next(m.value for m in at.markdown if 'class="grid"' in m.value)
    # The demo's office without an emergency team at the gala: only that; the one whose evening
    # is thin (one person until 22:00) and the one without a roster: both conditions all gala long.
    assert grid.count("否：全程无应急队员<") == 1
    assert grid.count("否：全程不足2人；全程无应急队员<") == 2
    assert '<td class="bad">否</td>' not in grid
    # The wall's data holds the same reasons, for its grid to show (ui/wall_roster passes them on).
    from queries.roster import roster_wall
    from ui.roster_tables import gala_reasons

    engine, campaign = demo
    with engine.connect() as conn:
        wall = roster_wall(conn, campaign, GALA_NIGHT, 1)
    assert sorted(gala_reasons(wall.gala_short).values()) == [
        "否：全程不足2人；全程无应急队员",
        "否：全程不足2人；全程无应急队员",
        "否：全程无应急队员",
    ]


def test_the_people_on_duty_are_filtered_by_office_and_the_url_keeps_it(roster_page, demo):
    engine, _ = demo
    at = roster_page()
    picker = at.selectbox(key="roster_duty_office")
    # "All" is a choice of its own: a None value would draw Streamlit's English "Choose an option".
    assert picker.value == "" and picker.format_func("") == "全市"
    everyone = at.dataframe[0].value
    assert everyone["单位"].nunique() > 1
    # Offered gaps first, as the grid lists them: first the office without a roster, nobody on duty.
    assert picker.options[1] == "西湖区西溪市场监督管理所"  # 33010602
    picker.set_value("33010602").run()
    assert "当前没有人在岗。" in [c.value for c in at.caption]
    with engine.connect() as conn:
        code = conn.execute(
            text("SELECT code FROM office WHERE name = :n"), {"n": everyone["单位"].iloc[-1]}
        ).scalar()
    at.selectbox(key="roster_duty_office").set_value(code).run()
    shown = at.dataframe[0].value
    assert 0 < len(shown) < len(everyone) and set(shown["单位"]) == {everyone["单位"].iloc[-1]}
    assert at.query_params["duty_office"] in (code, [code])
    # Opened from that URL, the filter is set again.
    again = roster_page(duty_office=code)
    assert again.selectbox(key="roster_duty_office").value == code
    assert len(again.dataframe[0].value) == len(shown)


def test_a_grassroots_office_picks_among_its_own_people_only(roster_page, demo):
    engine, _ = demo
    with engine.connect() as conn:
        station = conn.execute(text("SELECT min(id) FROM office WHERE level = 'station'")).scalar()
        district = conn.execute(text("SELECT min(id) FROM office WHERE level = 'district'")).scalar()
    # A 所 has no offices below it: its "all" is itself alone.
    assert roster_page("head", station).selectbox(key="roster_duty_office").format_func("") == "本单位"
    assert (
        roster_page("head", district).selectbox(key="roster_duty_office").format_func("")
        == "本单位及下级单位"
    )


def test_a_shift_ending_at_midnight_is_listed_as_ending_at_24_00():
    on_duty = pd.DataFrame(
        {
            "code": ["1", "1", "2"],
            "office": ["甲所", "甲所", "乙所"],
            "person": ["张三", "李四", "王五"],
            "role": ["duty", "duty", "duty"],
            "phone": ["", "", ""],
            "start": pd.to_datetime(["2027-03-15 16:00", "2027-03-15 18:00", "2027-03-15 23:45"]),
            "end": pd.to_datetime(["2027-03-16 00:00", "2027-03-15 23:59", "2027-03-16 00:15"]),
        }
    )
    shown = on_duty_table(on_duty)
    assert list(shown["结束时间"]) == ["24:00", "23:59", "00:15"]
    assert list(shown["开始时间"]) == ["16:00", "18:00", "23:45"]
