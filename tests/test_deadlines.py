"""Working-day time limits, counted by hand on a calendar."""

from datetime import date, datetime

from sqlalchemy import insert, select, text, update

from campaign.campaigns import refresh_deadlines
from campaign.deadlines import Deadlines, WorkCalendar
from campaign.schema import Campaign, Complaint
from campaign.settings import Settings
from tests.conftest import add_offices


def test_adding_working_days_skips_weekends():
    calendar = WorkCalendar()
    # Fri 2027-03-12 + 1 working day: Sat 13, Sun 14 skipped -> Mon 15.
    assert calendar.add(date(2027, 3, 12), 1) == date(2027, 3, 15)
    # Mon 2027-03-01 + 7: Tue2 Wed3 Thu4 Fri5 (4), Mon8 Tue9 Wed10 (7) -> Wed 10.
    assert calendar.add(date(2027, 3, 1), 7) == date(2027, 3, 10)
    # Received on a Sunday (2027-03-14) + 1 -> Mon 15.
    assert calendar.add(date(2027, 3, 14), 1) == date(2027, 3, 15)


def test_holidays_and_make_up_days():
    # Qingming 2027-04-05 (Mon) off; Sat 2027-04-10 a make-up working day.
    calendar = WorkCalendar(holidays=(date(2027, 4, 5),), workday_weekends=(date(2027, 4, 10),))
    # Fri Apr 2 + 1: Sat3 Sun4 weekend, Mon5 holiday -> Tue 6.
    assert calendar.add(date(2027, 4, 2), 1) == date(2027, 4, 6)
    # Thu Apr 8 + 2: Fri9 (1), Sat10 make-up (2) -> Sat 10.
    assert calendar.add(date(2027, 4, 8), 2) == date(2027, 4, 10)


def test_due_at_by_kind_and_status():
    deadlines = Deadlines(Settings(complaint_accept_days=7, complaint_handle_days=45, report_check_days=15))
    received = datetime(2027, 3, 1, 9, 30)  # a Monday
    # Pending complaint: 7 working days -> Wed 10 March, overdue from midnight ending it.
    assert deadlines.due_at("complaint", "pending", received) == datetime(2027, 3, 11)
    # Report: 15 working days from Mon 1 March -> Mon 22 March; due 23 March 00:00.
    assert deadlines.due_at("report", "handling", received) == datetime(2027, 3, 23)
    # Accepted complaint: 45 working days = 9 weeks -> Mon 3 May; due 4 May 00:00.
    assert deadlines.due_at("complaint", "handling", received) == datetime(2027, 5, 4)
    assert deadlines.due_at("consultation", "pending", received) is None


def test_new_time_limits_move_every_stored_deadline_once(engine):
    complaint = Complaint.__table__
    with engine.begin() as conn:
        office = add_offices(conn, "S1")["S1"]

        def case(ticket, kind, status, received, due):
            return {
                "ticket_no": ticket,
                "kind": kind,
                "channel": "hotline",
                "status": status,
                "received_at": received,
                "due_at": due,
                "office_id": office,
            }

        conn.execute(
            insert(complaint),
            [
                # Deadlines under the old limits (7 / 45 / 15 working days).
                case("1", "complaint", "pending", datetime(2027, 3, 1, 9, 30), datetime(2027, 3, 11)),
                case("2", "complaint", "pending", datetime(2027, 3, 1, 17, 0), datetime(2027, 3, 11)),
                case("3", "report", "handling", datetime(2027, 3, 12, 8, 0), datetime(2027, 4, 2)),
                case("4", "complaint", "handling", datetime(2027, 3, 1, 9, 30), datetime(2027, 5, 4)),
                case("5", "consultation", "closed", datetime(2027, 3, 1, 9, 30), None),
            ],
        )
        before = conn.execute(text("SELECT * FROM rollup_day_office ORDER BY office_id, day")).all()
        conn.execute(update(Campaign.__table__).values(deadline_rules="the old limits"))
        moved = refresh_deadlines(
            conn, Settings(complaint_accept_days=3, complaint_handle_days=45, report_check_days=5)
        )
        due = dict(conn.execute(select(complaint.c.ticket_no, complaint.c.due_at)).all())
        after = conn.execute(text("SELECT * FROM rollup_day_office ORDER BY office_id, day")).all()
        again = refresh_deadlines(
            conn, Settings(complaint_accept_days=3, complaint_handle_days=45, report_check_days=5)
        )
    # Pending complaints: Mon 1 March + 3 working days -> Thu 4; due 5 March 00:00 (both, one day).
    # Report: Fri 12 March + 5 -> Mon15 Tue16 Wed17 Thu18 Fri19; due 20 March 00:00.
    # The accepted complaint keeps 45 days; the consultation has none: 3 rows moved.
    assert moved == 3
    assert due == {
        "1": datetime(2027, 3, 5),
        "2": datetime(2027, 3, 5),
        "3": datetime(2027, 3, 20),
        "4": datetime(2027, 5, 4),
        "5": None,
    }
    assert after == before  # deadlines are not in the roll-ups
    assert again == 0  # the same limits again: nothing to do
