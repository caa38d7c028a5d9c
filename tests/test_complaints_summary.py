"""`export complaints-summary`: every column computed by hand from a small fixture."""

from datetime import date
from datetime import datetime as dt

from sqlalchemy import insert

from campaign.deadlines import Deadlines
from campaign.exports.complaints_summary import complaints_summary
from campaign.schema import Complaint
from campaign.settings import Settings
from tests.conftest import add_offices

DEADLINES = Deadlines(Settings())


def row(ticket, office_id, kind, received, status, closed=None, recovered=None):
    return {
        "ticket_no": ticket,
        "kind": kind,
        "channel": "hotline",
        "received_at": received,
        "office_id": office_id,
        "status": status,
        "closed_at": closed,
        "recovered_fen": recovered,
        "due_at": DEADLINES.due_at(kind, status, received),
    }


def fill(conn):
    ids = add_offices(conn, "S1", "S2")
    s1, s2 = ids["S1"], ids["S2"]
    conn.execute(
        insert(Complaint.__table__),
        [
            row("A", s1, "complaint", dt(2027, 3, 1, 9), "closed", dt(2027, 3, 3), 150050),
            row(
                "B", s1, "complaint", dt(2027, 3, 1, 10), "pending"
            ),  # due Thu 11 Mar 00:00 (7 wd from Mon 1)
            row("C", s1, "report", dt(2027, 3, 2, 9), "handling"),  # due Wed 24 Mar 00:00 (15 wd from Tue 2)
            row("D", s1, "consultation", dt(2027, 3, 2, 9), "pending"),  # never overdue
            row("E", s2, "complaint", dt(2027, 3, 5, 16), "handling", recovered=None),  # due 45 wd later: May
            row("F", s2, "report", dt(2027, 3, 5, 17), "closed", dt(2027, 3, 6), 20000),
            row("G", s2, "complaint", dt(2027, 2, 28, 23, 59), "pending"),  # before the range
            row("H", s2, "complaint", dt(2027, 3, 10, 9), "pending"),  # after the range
        ],
    )
    return ids


def as_dicts(frame):
    return {r["office_code"]: r for r in frame.to_dict("records")}


def test_summary_per_office_and_all(engine):
    with engine.begin() as conn:
        fill(conn)
        # Range 1-5 March; overdue as of the end of 11 March.
        frame = complaints_summary(conn, date(2027, 3, 1), date(2027, 3, 5), dt(2027, 3, 12))
    rows = as_dicts(frame)
    assert list(frame.columns) == [
        "office_code",
        "office_name",
        "received",
        "complaints",
        "reports",
        "consultations",
        "closed",
        "closure_rate",
        "recovered_yuan",
        "overdue",
    ]
    assert list(frame["office_code"]) == ["C", "D", "S1", "S2", "ALL"]
    # S1: A B C D received; complaints A B; report C; consultation D; closed A; 1/3 = 33.3%;
    # recovered 1500.50; overdue B (due 11 March, open as of 12 March).
    assert {k: rows["S1"][k] for k in ("received", "complaints", "reports", "consultations", "closed")} == {
        "received": 4,
        "complaints": 2,
        "reports": 1,
        "consultations": 1,
        "closed": 1,
    }
    assert (rows["S1"]["closure_rate"], rows["S1"]["recovered_yuan"], rows["S1"]["overdue"]) == (
        "33.3",
        "1500.50",
        1,
    )
    # S2 in range: E (complaint, open, due in May) and F (report, closed): 1/2 = 50.0%, 200.00, 0 overdue.
    assert (
        rows["S2"]["received"],
        rows["S2"]["closed"],
        rows["S2"]["closure_rate"],
        rows["S2"]["recovered_yuan"],
        rows["S2"]["overdue"],
    ) == (2, 1, "50.0", "200.00", 0)
    # Offices with no records: zeros and an empty rate.
    assert (rows["D"]["received"], rows["D"]["closure_rate"], rows["D"]["recovered_yuan"]) == (0, "", "0.00")
    # ALL: 6 received, 3 complaints, 2 reports, 1 consultation, 2 closed of 5 = 40.0%, 1700.50, 1 overdue.
    assert {
        k: rows["ALL"][k]
        for k in (
            "received",
            "complaints",
            "reports",
            "consultations",
            "closed",
            "closure_rate",
            "recovered_yuan",
            "overdue",
        )
    } == {
        "received": 6,
        "complaints": 3,
        "reports": 2,
        "consultations": 1,
        "closed": 2,
        "closure_rate": "40.0",
        "recovered_yuan": "1700.50",
        "overdue": 1,
    }


def test_overdue_counts_working_days(engine):
    with engine.begin() as conn:
        fill(conn)
        # As of the end of 9 March, B (received Mon 1) is within its 7 working days (to Wed 10).
        on_ninth = complaints_summary(conn, date(2027, 3, 1), date(2027, 3, 5), dt(2027, 3, 10))
        # As of the end of 10 March its last working day has ended: overdue.
        on_tenth = complaints_summary(conn, date(2027, 3, 1), date(2027, 3, 5), dt(2027, 3, 11))
        # As of the end of 24 March, C (report, 15 working days to Tue 23) is overdue too.
        later = complaints_summary(conn, date(2027, 3, 1), date(2027, 3, 5), dt(2027, 3, 25))
    assert as_dicts(on_ninth)["ALL"]["overdue"] == 0
    assert as_dicts(on_tenth)["ALL"]["overdue"] == 1
    assert as_dicts(later)["S1"]["overdue"] == 2


def test_office_filter_keeps_the_subtree(engine):
    with engine.begin() as conn:
        ids = fill(conn)
        frame = complaints_summary(
            conn, date(2027, 3, 1), date(2027, 3, 5), dt(2027, 3, 12), office_id=ids["S2"]
        )
    assert list(frame["office_code"]) == ["S2", "ALL"]
    assert as_dicts(frame)["ALL"]["received"] == 2
