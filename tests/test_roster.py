"""The duty screen on the demo city: the export lists every office, the grid agrees with it."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from campaign.campaigns import current_campaign
from campaign.exports.reports import coverage_report
from queries.coverage import coverage_day, offices_uncovered_at
from queries.overview import overview
from queries.roster import RosterFigures, gaps_ahead
from sample_data.city import generate_city
from ui.roster_tiles import roster_tiles

GALA_NIGHT = datetime(2027, 3, 15, 20, 45)


@pytest.fixture(scope="module")
def demo(migrated):
    generate_city(migrated, seed=7, today=GALA_NIGHT)
    with migrated.connect() as conn:
        return migrated, current_campaign(conn)


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
