"""The 12315 screen's queries, each figure counted by hand from a small fixture."""

from dataclasses import replace
from datetime import date
from datetime import datetime as dt

import pytest
from sqlalchemy import insert

from campaign.schema import Complaint
from queries import cases, complaint_figures, complaints
from queries.complaints import Filters
from tests.conftest import add_offices

NOW = dt(2027, 3, 15, 21, 0)


def rec(ticket, office_id, kind, channel, received, status="pending", **extra):
    base = {
        "ticket_no": ticket,
        "kind": kind,
        "channel": channel,
        "received_at": received,
        "office_id": office_id,
        "status": status,
        "category": None,
        "closed_at": None,
        "outcome": None,
        "recovered_fen": None,
        "due_at": None,
        "consumer_name": None,
        "consumer_phone": None,
    }
    return {**base, **extra}


@pytest.fixture
def ids(engine):
    with engine.begin() as conn:
        ids = add_offices(conn, "S1", "S2")
        s1, s2 = ids["S1"], ids["S2"]
        conn.execute(
            insert(Complaint.__table__),
            [
                rec(
                    "1",
                    s1,
                    "complaint",
                    "hotline",
                    dt(2027, 3, 15, 20, 5),
                    category="食品",
                    consumer_name="张三",
                    consumer_phone="13812345678",
                ),
                rec(
                    "2", s1, "complaint", "gala", dt(2027, 3, 15, 20, 10), status="accepted", category="食品"
                ),
                rec("3", s2, "report", "gala", dt(2027, 3, 15, 20, 20), category="网络购物"),
                rec(
                    "4",
                    s2,
                    "consultation",
                    "platform",
                    dt(2027, 3, 15, 20, 40),
                    status="closed",
                    closed_at=dt(2027, 3, 15, 20, 50),
                ),
                rec(
                    "5",
                    s2,
                    "complaint",
                    "hotline",
                    dt(2027, 3, 15, 9, 0),
                    status="closed",
                    outcome="mediated",
                    closed_at=dt(2027, 3, 15, 15, 0),
                    recovered_fen=50000,
                    category="食品",
                ),
                rec(
                    "6",
                    s2,
                    "complaint",
                    "hotline",
                    dt(2027, 3, 14, 9, 0),
                    status="closed",
                    outcome="failed",
                    closed_at=dt(2027, 3, 15, 10, 0),
                ),
                rec("7", s1, "report", "hotline", dt(2027, 3, 1, 9, 0), due_at=dt(2027, 3, 23)),
                rec("8", s1, "complaint", "hotline", dt(2027, 3, 1, 10, 0), due_at=dt(2027, 3, 11)),
                # Same hour on previous days, for the "usual" figure: 14 March 20:30 and 8 March 20:15.
                rec(
                    "9",
                    s1,
                    "complaint",
                    "hotline",
                    dt(2027, 3, 14, 20, 30),
                    status="closed",
                    closed_at=dt(2027, 3, 14, 21),
                ),
                rec(
                    "10",
                    s1,
                    "complaint",
                    "hotline",
                    dt(2027, 3, 8, 20, 15),
                    status="closed",
                    closed_at=dt(2027, 3, 9),
                ),
                # Last year's 3·15, for comparison.
                rec("11", s1, "complaint", "gala", dt(2026, 3, 15, 20, 7)),
                # After now: not arrived yet.
                rec("12", s1, "complaint", "gala", dt(2027, 3, 15, 21, 30)),
            ],
        )
    return ids


GALA_DAY = Filters(date(2027, 3, 15), date(2027, 3, 15))
MARCH = Filters(date(2027, 3, 1), date(2027, 3, 15))


def test_volume_in_15_minute_buckets_and_last_year(engine, ids):
    with engine.connect() as conn:
        frame = complaints.volume_by_time(conn, GALA_DAY, 15, NOW)
        last_year = complaints.volume_by_time(conn, GALA_DAY.a_year_earlier(), 15)
    # 00:00 to 21:00 (now) in 15-minute buckets: 84 of them, empty ones 0.
    assert len(frame) == 84 and f"{frame['at'].iloc[-1]:%H:%M}" == "20:45"
    # 09:00 (5); 20:00 bucket: 20:05, 20:10 (1, 2); 20:15: 20:20 (3); 20:30: 20:40 (4). 21:30 not yet.
    nonzero = frame[frame["count"] > 0]
    assert [(f"{a:%H:%M}", n) for a, n in zip(nonzero["at"], nonzero["count"], strict=True)] == [
        ("09:00", 1),
        ("20:00", 2),
        ("20:15", 1),
        ("20:30", 1),
    ]
    # Last year: the whole day, 96 buckets, one request at 20:07.
    assert len(last_year) == 96
    assert [f"{a:%Y-%m-%d %H:%M}" for a in last_year[last_year["count"] > 0]["at"]] == ["2026-03-15 20:00"]


def test_15_minute_buckets_counted_by_index_ranges_agree_with_grouped_rows(engine, ids):
    """Unfiltered, each bucket is counted as a range of the receipt-time index; narrowed to a channel
    or an office, the day's rows are grouped. A request on a boundary belongs to the later bucket."""
    with engine.begin() as conn:
        conn.execute(
            insert(Complaint.__table__), [rec("13", ids["S1"], "complaint", "gala", dt(2027, 3, 15, 20, 15))]
        )
    with engine.connect() as conn:
        counted = complaints.volume_by_time(conn, GALA_DAY, 15, NOW)
        gala = complaints.volume_by_time(conn, replace(GALA_DAY, channels=("gala",)), 15, NOW)
        s1 = complaints.volume_by_time(conn, replace(GALA_DAY, office_id=ids["S1"]), 15, NOW)

    def busy(frame):
        return {f"{a:%H:%M}": n for a, n in zip(frame["at"], frame["count"], strict=True) if n}

    assert busy(counted) == {"09:00": 1, "20:00": 2, "20:15": 2, "20:30": 1}
    # Gala channel: 20:10 (2), 20:15 (13), 20:20 (3); 21:30 (12) not yet arrived.
    assert busy(gala) == {"20:00": 1, "20:15": 2}
    # S1: 20:05 (1), 20:10 (2), 20:15 (13).
    assert busy(s1) == {"20:00": 2, "20:15": 1}
    assert len(counted) == len(gala) == len(s1) == 84


def test_hourly_buckets_over_a_range(engine, ids):
    with engine.connect() as conn:
        frame = complaints.volume_by_time(conn, MARCH, 60, NOW)
    by_hour = {f"{a:%d %H}": n for a, n in zip(frame["at"], frame["count"], strict=True) if n}
    assert len(frame) == 14 * 24 + 21  # 1-14 March, then 15 March to 21:00
    # 1 March 09 and 10; 8 March 20; 14 March 09 and 20; 15 March 09 and four at 20.
    assert by_hour == {"01 09": 1, "01 10": 1, "08 20": 1, "14 09": 1, "14 20": 1, "15 09": 1, "15 20": 4}


def test_last_hour_against_the_usual(engine, ids):
    with engine.connect() as conn:
        hour = complaint_figures.last_hour(conn, MARCH, NOW)
    # (20:00, 21:00] today: tickets 1, 2, 3, 4.
    assert hour.count == 4
    # Previous 7 days' (20:00, 21:00]: 14 March 20:30 and 8 March 20:15 -> 2 / 7.
    assert hour.usual == pytest.approx(2 / 7)
    assert not hour.surge  # 4 is under the floor of 20


def test_breakdowns(engine, ids):
    with engine.connect() as conn:
        kinds = complaints.breakdown(conn, GALA_DAY, "kind", NOW)
        channels = complaints.breakdown(conn, GALA_DAY, "channel", NOW)
        top = complaints.breakdown(conn, GALA_DAY, "category", NOW, limit=1)
    # Today by now: 1 2 5 complaints, 3 report, 4 consultation.
    assert list(zip(kinds["code"], kinds["count"], strict=True)) == [
        ("complaint", 3),
        ("consultation", 1),
        ("report", 1),
    ]
    assert list(zip(channels["code"], channels["count"], strict=True)) == [
        ("gala", 2),
        ("hotline", 2),
        ("platform", 1),
    ]
    assert list(zip(top["code"], top["count"], strict=True)) == [("食品", 3)]


def test_received_by_office(engine, ids):
    with engine.connect() as conn:
        frame = complaints.by_office(conn, MARCH, NOW)
    # S1: 1 2 7 8 9 10 received in 1-15 March by 21:00; S2: 3 4 5 6.
    assert frame[["code", "received"]].values.tolist() == [["S1", 6], ["S2", 4]]


def test_open_and_overdue_by_office_whatever_the_day_received(engine, ids):
    with engine.connect() as conn:
        frame = complaint_figures.open_by_office(conn, GALA_DAY, NOW)
        total = complaint_figures.open_cases(conn, GALA_DAY, NOW)
    # Open complaints and reports by 21:00, any day: S1 1 2 7 8 and 11 (last year's, still
    # pending); S2 3. Ticket 4 is a consultation; 12 has not arrived. Overdue: 8 (due 11 March).
    assert frame[["code", "open", "overdue"]].values.tolist() == [["S1", 5, 1], ["S2", 1, 0]]
    assert total == complaint_figures.OpenCases(open=6, overdue=1)


def test_rates(engine, ids):
    with engine.connect() as conn:
        r = complaints.rates(conn, MARCH, NOW)
    # Cases in March by now: 1 2 3 5 6 7 8 9 10 = 9; closed 5 6 9 10 = 4 -> 44.4%.
    assert (r.cases, r.closed) == (9, 4)
    assert r.closure_rate == pytest.approx(400 / 9)
    # Mediations: 5 succeeded, 6 failed -> 50%; recovered 500.00 yuan.
    assert (r.mediated, r.mediation_tried, r.mediation_rate, r.recovered_fen) == (1, 2, 50.0, 50000)


def test_gala_transfers(engine, ids):
    with engine.connect() as conn:
        gala = complaints.gala_transfers(conn, GALA_DAY, NOW)
    # 2 (accepted) and 3 (pending) arrived by 21:00; 12 not yet.
    assert (gala.received, gala.answered, gala.still_open) == (2, 1, 2)
    assert list(gala.oldest_open["ticket_no"]) == ["2", "3"]


def test_office_filter_includes_sub_offices(engine, ids):
    with engine.connect() as conn:
        district = complaints.count(
            conn, Filters(date(2027, 3, 15), date(2027, 3, 15), office_id=ids["D"]), until=NOW
        )
        s2 = complaints.count(
            conn, Filters(date(2027, 3, 15), date(2027, 3, 15), office_id=ids["S2"]), until=NOW
        )
    assert (district, s2) == (5, 3)


def test_cases_page_masks_and_paginates(engine, ids):
    with engine.connect() as conn:
        first = cases.cases_page(conn, GALA_DAY, NOW, page=1, page_size=2)
        third = cases.cases_page(conn, GALA_DAY, NOW, page=3, page_size=2)
        total = cases.count_cases(conn, GALA_DAY, NOW)
    assert total == 5
    assert list(first["ticket_no"]) == ["4", "3"]  # newest first
    assert list(third["ticket_no"]) == ["5"]
    with engine.connect() as conn:
        page = cases.cases_page(conn, GALA_DAY, NOW, page=4, page_size=1)  # 4 3 2 [1] 5
    assert (page["consumer_name"][0], page["consumer_phone"][0]) == ("张*", "138****5678")
