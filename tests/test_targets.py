"""Target arithmetic: each metric's actual from its source, progress against time, status."""

from datetime import date
from datetime import datetime as dt

import pytest
from sqlalchemy import insert

from campaign.schema import Complaint, ProgressReport, Site, Tally, Target
from campaign.targets import end_of, pct_expected, progress_as_of, roll_up, status, targets_frame
from tests.conftest import add_offices

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
