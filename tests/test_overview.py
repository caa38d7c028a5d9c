"""Overview tiles from a small fixture whose every figure is counted by hand."""

from datetime import datetime as dt

from sqlalchemy import insert

from campaign.schema import Complaint, Shift, Site, Tally
from queries.complaint_figures import OpenCases
from queries.overview import overview
from tests.conftest import add_offices

NOW = dt(2027, 3, 15, 10, 30)


def complaint(ticket, kind, received, status, office_id, due=None):
    return {
        "ticket_no": ticket,
        "kind": kind,
        "channel": "hotline",
        "received_at": received,
        "office_id": office_id,
        "status": status,
        "due_at": due,
    }


def fill(conn):
    ids = add_offices(conn, "S1", "S2")
    s1 = ids["S1"]
    conn.execute(
        insert(Complaint.__table__),
        [
            complaint("T1", "complaint", dt(2027, 3, 15, 10, 0), "pending", s1, dt(2027, 3, 25)),
            complaint("T2", "report", dt(2027, 3, 15, 9, 10), "handling", s1, dt(2027, 4, 6)),
            complaint("T3", "consultation", dt(2027, 3, 15, 10, 29, 59), "closed", s1),
            complaint("T4", "complaint", dt(2027, 3, 1, 9, 0), "pending", s1, dt(2027, 3, 11)),
            complaint("T5", "complaint", dt(2027, 3, 14, 10, 0), "closed", s1, dt(2027, 5, 18)),
            complaint("T6", "complaint", dt(2027, 3, 14, 11, 0), "handling", s1, dt(2027, 5, 18)),
            complaint("T7", "complaint", dt(2027, 3, 15, 10, 31), "pending", s1, dt(2027, 3, 25)),
        ],
    )
    conn.execute(
        insert(Shift.__table__),
        [
            {
                "office_id": s1,
                "person_name": "甲",
                "role": "leader",
                "start_at": dt(2027, 3, 15, 8),
                "end_at": dt(2027, 3, 15, 16),
            },
            {
                "office_id": s1,
                "person_name": "甲",
                "role": "leader",
                "start_at": dt(2027, 3, 15, 10),
                "end_at": dt(2027, 3, 15, 12),
            },
            {
                "office_id": ids["S2"],
                "person_name": "乙",
                "role": "duty",
                "start_at": dt(2027, 3, 15, 8),
                "end_at": dt(2027, 3, 15, 10, 30),
            },
        ],
    )
    site_ids = {}
    for name, start, end in [
        ("X", dt(2027, 3, 15, 9), dt(2027, 3, 15, 16)),
        ("Y", dt(2027, 3, 14, 9), dt(2027, 3, 14, 16)),
        ("Z", dt(2027, 3, 15, 11), dt(2027, 3, 15, 12)),
    ]:
        site_ids[name] = conn.execute(
            insert(Site.__table__).values(
                name=name, office_id=s1, lon=120.1, lat=30.2, start_at=start, end_at=end
            )
        ).inserted_primary_key[0]
    conn.execute(
        insert(Tally.__table__),
        [
            {"site_id": site_ids["X"], "reported_at": dt(2027, 3, 15, 10, 0), "materials": 300},
            {"site_id": site_ids["X"], "reported_at": dt(2027, 3, 15, 10, 20), "materials": 500},
            {"site_id": site_ids["X"], "reported_at": dt(2027, 3, 15, 11, 0), "materials": 900},
            {"site_id": site_ids["Y"], "reported_at": dt(2027, 3, 14, 12, 0), "materials": 1000},
            {"site_id": site_ids["Y"], "reported_at": dt(2027, 3, 14, 16, 0), "materials": 1500},
        ],
    )


def test_overview_figures(engine, campaign_2027):
    with engine.begin() as conn:
        fill(conn)
        figures = overview(conn, campaign_2027, NOW)
    # Today up to 10:30:00: T1, T2, T3. T7 (10:31) has not arrived yet.
    assert figures.today_received == 3
    # Yesterday up to 10:30:00: T5 only (T6 came at 11:00).
    assert figures.same_time_yesterday == 1
    # (09:30, 10:30]: T1 at 10:00 and T3 at 10:29:59; T2 at 09:10 is older.
    assert figures.last_hour.count == 2
    # Open complaints and reports received by now: T1, T2, T4, T6; consultation T3 never counts.
    # Past their deadline: T4 (due 11 March).
    assert figures.open_cases == OpenCases(open=4, overdue=1)
    # S1 has 甲 on duty (counted once); S2's shift ended at 10:30 exactly (half-open).
    assert [o["code"] for o in figures.uncovered_now] == ["S2"]
    # X runs 09:00-16:00; Y was yesterday; Z starts at 11:00.
    assert figures.live_sites == 1
    # Latest tally by now: X 500 (10:20; 11:00 not yet), Y 1500 -> 2000.
    assert figures.materials == 2000


def test_nobody_is_uncovered_outside_the_duty_window(engine, campaign_2027):
    with engine.begin() as conn:
        fill(conn)
        before_eight = overview(conn, campaign_2027, dt(2027, 3, 15, 7, 59))
        not_a_duty_day = overview(conn, campaign_2027, dt(2027, 3, 9, 10, 30))
        at_eight = overview(conn, campaign_2027, dt(2027, 3, 15, 8, 0))
    assert before_eight.uncovered_now == [] and not_a_duty_day.uncovered_now == []
    assert at_eight.uncovered_now == []  # both S1 and S2 start at 08:00
