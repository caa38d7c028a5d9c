"""The 12315 headline figures at their edges: midnight, the hour's boundary, the current second."""

from datetime import datetime as dt

from sqlalchemy import insert

from campaign.schema import Complaint
from campaign.surge import is_surge
from queries.complaint_figures import (
    OpenCases,
    last_hour,
    open_cases,
    received_in_period,
    received_same_time_yesterday,
    received_today,
)
from queries.complaints import Filters
from tests.conftest import add_offices

NOW = dt(2027, 3, 15, 20, 45)
TODAY = Filters(NOW.date(), NOW.date())


def rec(ticket, received, kind="complaint", status="pending", due=None, office="S1", channel="hotline"):
    return {
        "ticket_no": ticket,
        "kind": kind,
        "channel": channel,
        "received_at": received,
        "office": office,
        "status": status,
        "due_at": due,
    }


ROWS = [
    rec("Y1", dt(2027, 3, 14, 23, 59, 59)),  # yesterday's last second
    rec("Y2", dt(2027, 3, 14, 20, 45)),  # yesterday at the same second
    rec("Y3", dt(2027, 3, 14, 20, 45, 1), status="closed"),  # yesterday, a second later
    rec("T0", dt(2027, 3, 15, 0, 0), kind="consultation", status="closed"),  # midnight
    rec("T1", dt(2027, 3, 15, 19, 45), due=dt(2027, 3, 15, 20, 45)),  # exactly an hour ago
    rec("T2", dt(2027, 3, 15, 19, 45, 1), kind="consultation", status="pending"),
    rec("T3", dt(2027, 3, 15, 20, 45), kind="report", due=dt(2027, 3, 15, 20, 45, 1), office="S2"),  # now
    rec("T4", dt(2027, 3, 15, 20, 45, 1)),  # a second from now: not arrived
    rec("T5", dt(2027, 3, 16, 0, 0)),  # tomorrow's midnight
]


def fill(conn):
    ids = add_offices(conn, "S1", "S2")
    rows = [{**{k: v for k, v in r.items() if k != "office"}, "office_id": ids[r["office"]]} for r in ROWS]
    conn.execute(insert(Complaint.__table__), rows)
    return ids


def test_received_today_from_midnight_through_the_current_second(engine):
    with engine.begin() as conn:
        fill(conn)
        # T0 (00:00), T1, T2, T3 (20:45:00); not T4 (20:45:01) nor T5, nor Y1 (23:59:59 yesterday).
        assert received_today(conn, TODAY, NOW) == 4
        # Yesterday to 20:45:00: Y2 only (Y1 is later in the day, Y3 a second later).
        assert received_same_time_yesterday(conn, TODAY, NOW) == 1
        # 14-15 March up to now: Y1, Y2, Y3 and the four of today.
        assert received_in_period(conn, Filters(dt(2027, 3, 14).date(), NOW.date()), NOW) == 7
        # At 23:59:59 every request of the day is in, tomorrow's midnight is not: T0-T4.
        assert received_today(conn, TODAY, dt(2027, 3, 15, 23, 59, 59)) == 5


def test_last_hour_is_the_hour_ending_at_now(engine):
    with engine.begin() as conn:
        fill(conn)
        hour = last_hour(conn, TODAY, NOW)
        # (19:45:00, 20:45:00]: T2 and T3; T1 exactly an hour ago is out, T4 not arrived.
        assert hour.count == 2
        # The same hour on 7 days before: Y2 at 20:45:00 on the 14th -> 1 / 7.
        assert round(hour.usual * 7) == 1
        # Across midnight: (23:00 on the 14th, 00:00 on the 15th]: Y1 and T0.
        assert last_hour(conn, TODAY, dt(2027, 3, 15, 0, 0)).count == 2


def test_open_and_overdue_at_the_current_second(engine):
    with engine.begin() as conn:
        ids = fill(conn)
        # Open complaints and reports received by now: Y1, Y2, T1, T3 (T2 is a consultation,
        # T4 has not arrived). Overdue: T1 is due at 20:45:00 exactly; T3 a second later.
        assert open_cases(conn, TODAY, NOW) == OpenCases(open=4, overdue=1)
        assert open_cases(conn, TODAY, dt(2027, 3, 15, 20, 45, 1)) == OpenCases(open=5, overdue=2)
        # Narrowed to S2 and to reports: T3 alone.
        assert open_cases(conn, Filters(NOW.date(), NOW.date(), office_id=ids["S2"]), NOW) == OpenCases(1, 0)
        assert open_cases(conn, Filters(NOW.date(), NOW.date(), kinds=("report",)), NOW) == OpenCases(1, 0)


def test_the_surge_rule_at_its_edges():
    assert not is_surge(19, 0)  # under the floor of 20, however quiet the usual hour
    assert is_surge(20, 9.9)  # the floor, more than twice the usual
    assert not is_surge(20, 10)  # exactly twice is not a surge
    assert is_surge(41, 20)
