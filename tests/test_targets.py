"""Target arithmetic: each metric's actual from its source, progress against time, status."""

import io
from datetime import date
from datetime import datetime as dt

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import insert

from campaign.schema import Complaint, ProgressReport, Site, Tally, Target
from campaign.targets import end_of, pct_expected, roll_up, status, targets_frame
from queries.targets import TargetCounts, progress_as_of, target_counts, targets_page, targets_wall
from tests.conftest import add_offices
from ui.target_charts import RANKING_LIMIT, ranked
from ui.target_tables import targets_workbook

MARCH = (date(2027, 3, 1), date(2027, 3, 31))
AS_OF = date(2027, 3, 15)  # day 15 of 31: 15 / 31 = 48.4% expected


def test_expected_share_of_the_period():
    assert pct_expected(*MARCH, AS_OF) == pytest.approx(100 * 15 / 31)
    assert pct_expected(*MARCH, date(2027, 2, 20)) == 0.0  # not started
    assert pct_expected(*MARCH, date(2027, 3, 1)) == pytest.approx(100 / 31)  # the first day counts whole
    assert pct_expected(*MARCH, date(2027, 4, 5)) == 100.0  # finished period
    assert pct_expected(*MARCH, AS_OF, rate=True) == 100.0


def test_status_rules():
    assert status(10, 10, 100.0, 48.4) == "done"
    assert status(5, 10, 50.0, 48.4) == "on_track"
    assert status(4, 10, 40.0, 48.4) == "behind"
    assert status(0, 10, 0.0, 0.0) == "on_track"  # a target not yet started is not behind


def target(office_id, metric, value, start=MARCH[0], due=MARCH[1]):
    return {"office_id": office_id, "metric": metric, "target": value, "start_date": start, "due_date": due}


@pytest.fixture
def city(engine):
    with engine.begin() as conn:
        ids = add_offices(conn, "S1", "S2", "S3")
        s1, s2 = ids["S1"], ids["S2"]
        sites = {}
        for name, start in [
            ("A", dt(2027, 3, 14, 9)),
            ("B", dt(2027, 3, 15, 9)),
            ("C", dt(2027, 3, 20, 9)),
            ("D", dt(2027, 2, 28, 9)),
        ]:
            sites[name] = conn.execute(
                insert(Site.__table__).values(
                    name=name,
                    office_id=s1,
                    lon=120.1,
                    lat=30.2,
                    start_at=start,
                    end_at=start.replace(hour=16),
                )
            ).inserted_primary_key[0]
        conn.execute(
            insert(Tally.__table__),
            [
                {
                    "site_id": sites["A"],
                    "reported_at": dt(2027, 3, 14, 12),
                    "staff": 10,
                    "consultations": 20,
                    "materials": 500,
                },
                {
                    "site_id": sites["A"],
                    "reported_at": dt(2027, 3, 14, 16),
                    "staff": 12,
                    "consultations": 45,
                    "materials": 900,
                },
                {
                    "site_id": sites["B"],
                    "reported_at": dt(2027, 3, 15, 16),
                    "staff": 8,
                    "consultations": 30,
                    "materials": 600,
                },
                {
                    "site_id": sites["D"],
                    "reported_at": dt(2027, 2, 28, 16),
                    "staff": 5,
                    "consultations": 99,
                    "materials": 99,
                },
            ],
        )

        def case(ticket, kind, received, status="closed", closed=None, recovered=None, office=s1):
            return {
                "ticket_no": ticket,
                "kind": kind,
                "channel": "hotline",
                "received_at": received,
                "office_id": office,
                "status": status,
                "closed_at": closed,
                "recovered_fen": recovered,
            }

        conn.execute(
            insert(Complaint.__table__),
            [
                case("1", "complaint", dt(2027, 3, 2), closed=dt(2027, 3, 5), recovered=100_000),
                case("2", "report", dt(2027, 3, 3), closed=dt(2027, 3, 10)),
                case("3", "complaint", dt(2027, 3, 4), status="handling"),
                case("4", "complaint", dt(2027, 2, 25), closed=dt(2027, 3, 2), recovered=50_050),
                case("5", "consultation", dt(2027, 3, 5), closed=dt(2027, 3, 5)),
                case("6", "complaint", dt(2027, 3, 12), closed=dt(2027, 3, 16), recovered=70_000),
                case("7", "complaint", dt(2027, 3, 8), status="rejected", closed=dt(2027, 3, 9)),
            ],
        )
        conn.execute(
            insert(ProgressReport.__table__),
            [
                {"office_id": s1, "metric": "inspections", "value": 12, "reported_at": dt(2027, 3, 8, 17)},
                {"office_id": s1, "metric": "inspections", "value": 20, "reported_at": dt(2027, 3, 14, 17)},
                {"office_id": s1, "metric": "inspections", "value": 31, "reported_at": dt(2027, 3, 16, 17)},
                {"office_id": s1, "metric": "trainings", "value": 1, "reported_at": dt(2027, 2, 20, 17)},
            ],
        )
        conn.execute(
            insert(Target.__table__),
            [
                target(s1, "events", 4),
                target(s1, "staff", 40),
                target(s1, "consultations", 60),
                target(s1, "materials", 3000),
                target(s1, "complaints_closed", 5),
                target(s1, "closure_rate", 80.0),
                target(s1, "recovered", 2000),
                target(s1, "inspections", 40),
                target(s1, "trainings", 1),
                target(s1, "warnings", 1, start=date(2027, 4, 1), due=date(2027, 4, 30)),  # not yet started
                target(s1, "stations", 2, start=date(2027, 2, 1), due=date(2027, 2, 28)),  # finished period
                target(s2, "inspections", 10),  # an office with no data
            ],
        )
    return ids


def by_metric(frame, office_id):
    return {r["metric"]: r for r in frame[frame["office_id"] == office_id].to_dict("records")}


def test_actual_of_every_metric_source(engine, city):
    with engine.connect() as conn:
        rows = by_metric(progress_as_of(conn, AS_OF), city["S1"])
    # Sites starting 1-31 March by the end of 15 March: A (14th) and B (15th); C starts on the 20th, D in Feb.
    assert rows["events"]["actual"] == 2
    # Latest tallies: A 12 staff / 45 / 900 (16:00 report), B 8 / 30 / 600.
    assert (rows["staff"]["actual"], rows["consultations"]["actual"], rows["materials"]["actual"]) == (
        20,
        75,
        1500,
    )
    # Cases (投诉/举报) closed 1 March..as of: 1 (5th), 2 (10th), 4 (2 March, received in Feb).
    # 6 closes at 00:00 on the 16th: after the end of the 15th.
    assert rows["complaints_closed"]["actual"] == 3
    # Recovered on records closed in the dates: 1000.00 + 500.50 yuan.
    assert rows["recovered"]["actual"] == pytest.approx(1500.50)
    # Closure rate: cases received 1-15 March: 1 2 3 6 7 -> closed by then 1 and 2: 2 / 5 = 40%.
    assert rows["closure_rate"]["actual"] == pytest.approx(40.0)
    # Progress: the latest report in the dates by the end of 15 March is 20 (the 16th's 31 comes later).
    assert rows["inspections"]["actual"] == 20
    # The trainings report was filed in February, before the target's dates.
    assert rows["trainings"]["actual"] == 0


def test_progress_and_status_of_each_target(engine, city):
    with engine.connect() as conn:
        frame = progress_as_of(conn, AS_OF)
    rows = by_metric(frame, city["S1"])
    expected = 100 * 15 / 31
    assert rows["events"]["pct_done"] == 50.0 and rows["events"]["pct_expected"] == pytest.approx(expected)
    assert rows["events"]["status"] == "on_track"  # 50% done >= 48.4% expected
    assert rows["materials"]["status"] == "on_track"  # 1500 / 3000 = 50%
    assert rows["staff"]["status"] == "on_track"  # 20 / 40 = 50%
    assert rows["consultations"]["status"] == "done"  # 75 >= 60
    assert rows["complaints_closed"]["status"] == "on_track"  # 3 / 5 = 60%
    assert rows["recovered"]["status"] == "on_track"  # 1500.50 / 2000 = 75%
    assert rows["inspections"]["status"] == "on_track"  # 20 / 40 = 50%


def test_rate_not_started_finished_and_empty_office(engine, city):
    with engine.connect() as conn:
        frame = progress_as_of(conn, AS_OF)
    rows = by_metric(frame, city["S1"])
    # A rate must reach its target: 40% of 80% = 50% done against 100% expected.
    assert (
        rows["closure_rate"]["pct_done"],
        rows["closure_rate"]["pct_expected"],
        rows["closure_rate"]["status"],
    ) == (50.0, 100.0, "behind")
    # Not yet started: nothing expected, so not behind.
    assert (rows["warnings"]["pct_expected"], rows["warnings"]["status"]) == (0.0, "on_track")
    # A period that ended in February with nothing reported: all of it expected, behind.
    assert (rows["stations"]["actual"], rows["stations"]["pct_expected"], rows["stations"]["status"]) == (
        0,
        100.0,
        "behind",
    )
    empty = by_metric(frame, city["S2"])["inspections"]
    assert (empty["actual"], empty["pct_done"], empty["status"]) == (0, 0.0, "behind")


def test_export_rows_and_roll_up(engine, city):
    with engine.connect() as conn:
        frame = progress_as_of(conn, AS_OF)
    export = targets_frame(frame)
    row = export[(export["office_code"] == "S1") & (export["metric"] == "recovered")].iloc[0]
    assert (row["target"], row["actual"], row["pct_done"], row["pct_expected"]) == (
        "2000.00",
        "1500.50",
        "75.0",
        "48.4",
    )
    rate = export[export["metric"] == "closure_rate"].iloc[0]
    assert (rate["target"], rate["actual"], rate["status"]) == ("80.0", "40.0", "behind")
    # Roll-up of inspections over S1 and S2: targets 40 + 10 = 50, actuals 20 + 0 = 20 -> 40% < 48.4%.
    rolled = roll_up(frame, AS_OF)
    inspections = rolled[rolled["metric"] == "inspections"].iloc[0]
    assert (inspections["target"], inspections["actual"], inspections["pct_done"], inspections["status"]) == (
        50,
        20,
        40.0,
        "behind",
    )
    assert end_of(AS_OF) == dt(2027, 3, 15, 23, 59, 59)


# The headline counts: every boundary of the status rule, counted by the one function the page, the
# wall and the overview share. As of 10 March:
PLAN_DAY = date(2027, 3, 10)


@pytest.fixture
def plans(engine):
    with engine.begin() as conn:
        ids = add_offices(conn, "S1", "S2")
        s1, s2 = ids["S1"], ids["S2"]
        conn.execute(
            insert(ProgressReport.__table__),
            [
                {"office_id": s1, "metric": "inspections", "value": 9, "reported_at": dt(2027, 3, 9, 17)},
                {
                    "office_id": s1,
                    "metric": "trainings",
                    "value": 10,
                    "reported_at": dt(2027, 3, 10, 23, 59, 59),
                },
                {"office_id": s2, "metric": "warnings", "value": 4, "reported_at": dt(2027, 3, 5, 17)},
                {"office_id": s2, "metric": "quality_checks", "value": 9, "reported_at": dt(2027, 3, 10, 9)},
            ],
        )
        conn.execute(
            insert(Target.__table__),
            [
                # Due today: all of it expected (10 / 10 days = 100%); 9 of 10 is 90%: behind.
                target(s1, "inspections", 10, due=PLAN_DAY),
                # Day 10 of 20: 50% expected, 10 of 20 is exactly 50%: on track (pct_done >= pct_expected).
                target(s1, "trainings", 20, due=date(2027, 3, 20)),
                # Nothing reported: 0% against 10 / 31 = 32.3%: behind.
                target(s1, "stations", 2),
                # 4 of 4 reached: done.
                target(s2, "warnings", 4),
                # 9 of 20 is 45%, just under 50%: behind.
                target(s2, "quality_checks", 20, due=date(2027, 3, 20)),
            ],
        )
    return ids


def test_headline_counts_at_the_status_boundaries(engine, plans):
    with engine.connect() as conn:
        rows = by_metric(progress_as_of(conn, PLAN_DAY), plans["S1"])
        assert (rows["inspections"]["pct_expected"], rows["inspections"]["status"]) == (100.0, "behind")
        assert (rows["trainings"]["pct_done"], rows["trainings"]["pct_expected"]) == (50.0, 50.0)
        assert rows["trainings"]["status"] == "on_track"
        # 5 targets: done 1 (warnings), on track 1 (trainings), behind 3 (inspections, stations at
        # S1; quality_checks at S2): 2 offices behind.
        assert target_counts(conn, PLAN_DAY) == TargetCounts(5, 1, 1, 3, 2)
        # S2 alone: warnings done, quality_checks behind.
        assert target_counts(conn, PLAN_DAY, plans["S2"]) == TargetCounts(2, 1, 0, 1, 1)
        # The day after, trainings' 50% is below 11 / 20 = 55% expected: behind.
        assert target_counts(conn, date(2027, 3, 11)) == TargetCounts(5, 1, 0, 4, 2)


def test_page_wall_and_counts_agree(engine, plans):
    with engine.connect() as conn:
        counted = target_counts(conn, PLAN_DAY)
        page = targets_page(conn, PLAN_DAY)
        wall = targets_wall(conn, dt(2027, 3, 10, 20, 45))
        district = (
            target_counts(conn, PLAN_DAY, plans["D"]),
            targets_page(conn, PLAN_DAY, plans["D"]).counts,
        )
    assert counted == page.counts == wall.counts == TargetCounts(5, 1, 1, 3, 2)
    assert district == (counted, counted)  # both stations are under the district
    # The wall lists S1 first: 2 targets behind against S2's 1.
    assert wall.offices.to_dict("list") == {
        "name": ["S1所", "S2所"],
        "behind": [2, 1],
        "metrics": ["市场检查、新建维权服务站", "商品质量抽检"],
    }


def test_level_roll_ups_and_the_download(engine, plans):
    with engine.connect() as conn:
        page = targets_page(conn, PLAN_DAY)
    rolled = page.rolled
    # The city, then district D; each has the same 5 metric-periods (one office's target each).
    assert rolled["office_code"].tolist() == ["C"] * 5 + ["D"] * 5
    quality = rolled[(rolled["office_code"] == "D") & (rolled["metric"] == "quality_checks")].iloc[0]
    assert (quality["target"], quality["actual"], quality["pct_done"], quality["status"]) == (
        20,
        9,
        45.0,
        "behind",
    )
    assert page.office_names == {plans["S1"]: "S1所", plans["S2"]: "S2所"}
    sheet = load_workbook(io.BytesIO(targets_workbook(page.evaluated))).active
    rows = list(sheet.iter_rows(values_only=True))
    rows = rows[next(n for n, r in enumerate(rows) if r[0] == "单位代码") :]  # under the preamble
    assert rows[0][:3] == ("单位代码", "单位", "指标") and rows[0][8] == "状态"
    # By office code, metric code and due date: S1's inspections (市场检查) due today, behind (落后).
    assert (rows[1][0], rows[1][2], rows[1][8]) == ("S1", "市场检查", "落后")
    assert {r[8] for r in rows[1:]} == {"已完成", "进度正常", "落后"}


def test_a_ranking_of_more_offices_than_fit_lists_the_furthest_behind():
    # 45 offices: 5 done, 20 on track, 20 behind (the least done of them office 44, at 1%).
    frame = pd.DataFrame(
        {
            "office_code": [f"{n:02d}" for n in range(45)],
            "status": ["done"] * 5 + ["on_track"] * 20 + ["behind"] * 20,
            "pct_done": [100.0] * 5 + [60.0] * 20 + [float(45 - n) for n in range(25, 45)],
        }
    )
    shown = ranked(frame)
    assert len(shown) == RANKING_LIMIT == 40
    # Every office behind comes first, least done first; the 5 done ones are what is left out.
    assert list(shown["office_code"][:3]) == ["44", "43", "42"]
    assert set(shown["status"][:20]) == {"behind"} and "done" not in set(shown["status"])
    assert len(ranked(frame.head(12))) == 12
