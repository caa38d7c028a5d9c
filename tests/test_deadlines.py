"""Working-day time limits, counted by hand on a calendar."""

from datetime import date, datetime

from campaign.deadlines import Deadlines, WorkCalendar
from campaign.settings import Settings


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
