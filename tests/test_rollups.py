"""The roll-ups: kept exact by the database's triggers, and read back as the raw table counts."""

from dataclasses import replace
from datetime import date
from datetime import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import delete, insert, select, update

from campaign import rollups
from campaign.schema import Complaint, RollupDayOffice, RollupHour
from queries import complaints
from queries.complaints import Filters
from tests.conftest import add_offices
from tests.test_complaints_queries import rec

complaint = Complaint.__table__
hourly = RollupHour.__table__
daily = RollupDayOffice.__table__
NOW = dt(2027, 3, 15, 20, 30)


def hour_rows(conn) -> dict:
    rows = conn.execute(
        select(hourly).where(hourly.c.received != 0).order_by(hourly.c.hour, hourly.c.kind, hourly.c.channel)
    ).all()
    return {(r.hour, r.kind, r.channel, r.category): tuple(r[4:]) for r in rows}


def day_rows(conn) -> dict:
    rows = conn.execute(select(daily).order_by(daily.c.office_id, daily.c.day)).all()
    return {(r.office_id, r.day): tuple(r[2:]) for r in rows if any(r[2:])}


@pytest.fixture
def ids(engine):
    with engine.begin() as conn:
        ids = add_offices(conn, "S1", "S2")
        conn.execute(
            insert(complaint),
            [
                rec("1", ids["S1"], "complaint", "hotline", dt(2027, 3, 15, 20, 5), category="食品"),
                rec("2", ids["S1"], "complaint", "hotline", dt(2027, 3, 15, 20, 50), category="食品"),
                rec("3", ids["S2"], "consultation", "gala", dt(2027, 3, 15, 20, 10)),
                rec(
                    "4",
                    ids["S2"],
                    "report",
                    "gala",
                    dt(2027, 3, 14, 9, 0),
                    status="closed",
                    closed_at=dt(2027, 3, 15, 10, 0),
                    outcome="mediated",
                    recovered_fen=1500,
                ),
            ],
        )
    return ids


def test_inserts_are_rolled_up_by_hour_and_by_office_and_day(engine, ids):
    with engine.connect() as conn:
        # received, closed, mediated, tried, recovered_fen
        assert hour_rows(conn) == {
            (dt(2027, 3, 14, 9), "report", "gala", ""): (1, 1, 1, 1, 1500),
            (dt(2027, 3, 15, 20), "complaint", "hotline", "食品"): (2, 0, 0, 0, 0),
            (dt(2027, 3, 15, 20), "consultation", "gala", ""): (1, 0, 0, 0, 0),
        }
        # received, cases, cases_closed, closed_on_day, recovered_on_day, open_cases
        assert day_rows(conn) == {
            (ids["S1"], date(2027, 3, 15)): (2, 2, 0, 0, 0, 2),
            (ids["S2"], date(2027, 3, 14)): (1, 1, 1, 0, 0, 0),
            (ids["S2"], date(2027, 3, 15)): (1, 0, 0, 1, 1500, 0),
        }


def test_updates_and_deletes_move_the_counts(engine, ids):
    with engine.begin() as conn:
        # Ticket 1 is closed by mediation failing, and handed to S2; ticket 4 is reopened.
        conn.execute(
            update(complaint)
            .where(complaint.c.ticket_no == "1")
            .values(status="closed", closed_at=dt(2027, 3, 16, 9), outcome="failed", office_id=ids["S2"])
        )
        conn.execute(update(complaint).where(complaint.c.ticket_no == "4").values(status="handling"))
        conn.execute(delete(complaint).where(complaint.c.ticket_no == "3"))
    with engine.connect() as conn:
        assert hour_rows(conn) == {
            (dt(2027, 3, 14, 9), "report", "gala", ""): (1, 0, 0, 0, 0),
            (dt(2027, 3, 15, 20), "complaint", "hotline", "食品"): (2, 1, 0, 1, 0),
        }
        assert day_rows(conn) == {
            (ids["S1"], date(2027, 3, 15)): (1, 1, 0, 0, 0, 1),
            (ids["S2"], date(2027, 3, 14)): (1, 1, 0, 0, 0, 1),
            (ids["S2"], date(2027, 3, 15)): (1, 1, 1, 0, 0, 0),
            (ids["S2"], date(2027, 3, 16)): (0, 0, 0, 1, 0, 0),
        }


def test_a_rebuild_gives_what_the_triggers_kept(engine, ids):
    with engine.begin() as conn:
        conn.execute(update(complaint).where(complaint.c.ticket_no == "2").values(channel="gala"))
        kept = hour_rows(conn), day_rows(conn)
        rollups.rebuild(conn)
        assert (hour_rows(conn), day_rows(conn)) == kept


def test_missing_triggers_are_restored_on_start(engine, ids):
    with engine.begin() as conn:
        rollups.drop_triggers(conn)
        conn.execute(insert(complaint), [rec("5", ids["S1"], "complaint", "media", dt(2027, 3, 15, 8))])
        assert not rollups.has_triggers(conn)
        assert rollups.ensure_triggers(conn) is True
        assert rollups.has_triggers(conn)
        assert hour_rows(conn)[(dt(2027, 3, 15, 8), "complaint", "media", "")] == (1, 0, 0, 0, 0)
        assert rollups.ensure_triggers(conn) is False


def test_rolled_figures_equal_the_raw_ones_and_leave_out_what_arrives_after_now(engine, ids):
    """The gala day at 20:30: tickets 1 and 3 are in, ticket 2 (20:50) has not arrived yet."""
    today = Filters(date(2027, 3, 15), date(2027, 3, 15))
    both = Filters(date(2027, 3, 14), date(2027, 3, 15))
    raw = replace(both, scope=ids["C"])  # a scope: the same requests, read from the raw table
    with engine.connect() as conn:
        assert complaints.count(conn, today, until=NOW) == 2
        assert complaints.count(conn, both, until=NOW) == complaints.count(conn, raw, until=NOW) == 3
        assert complaints.breakdown(conn, both, "kind", NOW).values.tolist() == [
            ["complaint", 1],
            ["consultation", 1],
            ["report", 1],
        ]
        for column in ("kind", "channel", "category"):
            rolled = complaints.breakdown(conn, both, column, NOW)
            assert rolled.values.tolist() == complaints.breakdown(conn, raw, column, NOW).values.tolist(), (
                column
            )
        none, food = complaints.breakdown(conn, both, "category", NOW)["code"].tolist()
        assert pd.isna(none) and food == "食品"  # no category: as the raw table gives it
        hourly = complaints.volume_by_time(conn, both, 60, NOW)
        assert hourly.values.tolist() == complaints.volume_by_time(conn, raw, 60, NOW).values.tolist()
        assert hourly.set_index("at")["count"][dt(2027, 3, 15, 20)] == 2
        assert len(hourly) == 24 + 21  # to 20:30, the last hour partly
        assert complaints.rates(conn, both, NOW) == complaints.rates(conn, raw, NOW)
        assert complaints.rates(conn, both, NOW).mediated == 1
        assert complaints.rates(conn, both, dt(2027, 3, 15, 9)).closed == 0  # ticket 4 closes at 10:00
        assert complaints.rates(conn, both, dt(2027, 3, 15, 9)).cases == 1
        by_office = complaints.by_office(conn, both, NOW)
        assert by_office.values.tolist() == complaints.by_office(conn, raw, NOW).values.tolist()
        assert by_office[["code", "received"]].values.tolist() == [["S2", 2], ["S1", 1]]


def test_open_and_overdue_leave_out_what_arrives_after_now(engine, ids):
    from queries.complaint_figures import open_cases

    def open_and_overdue(conn, now, scope=None):
        found = open_cases(conn, Filters(now.date(), now.date(), scope=scope), now)
        return found.open, found.overdue

    with engine.begin() as conn:
        conn.execute(
            update(complaint).where(complaint.c.ticket_no == "1").values(due_at=dt(2027, 3, 15, 20, 20))
        )
    with engine.connect() as conn:
        assert open_and_overdue(conn, NOW) == (1, 1)  # ticket 2 (20:50) not arrived yet
        assert open_and_overdue(conn, dt(2027, 3, 15, 21)) == (2, 1)
        assert open_and_overdue(conn, dt(2027, 3, 15, 20, 10)) == (1, 0)  # not yet due
        assert open_and_overdue(conn, NOW, scope=ids["S2"]) == (0, 0)
