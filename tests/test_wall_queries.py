"""The wall's complaint figures from a small fixture counted by hand."""

from datetime import datetime as dt

from sqlalchemy import insert

from campaign.schema import Complaint
from queries.complaint_figures import OpenCases
from queries.complaints import Filters
from queries.wall import complaints_wall
from tests.conftest import add_offices

NOW = dt(2027, 3, 15, 20, 45)


def case(ticket, kind, received, status, office_id, due=None, category=None, channel="hotline"):
    return {
        "ticket_no": ticket,
        "kind": kind,
        "channel": channel,
        "received_at": received,
        "office_id": office_id,
        "status": status,
        "due_at": due,
        "category": category,
    }


def fill(conn) -> dict[str, int]:
    ids = add_offices(conn, "S1", "S2")
    s1, s2 = ids["S1"], ids["S2"]
    conn.execute(
        insert(Complaint.__table__),
        [
            case("C1", "complaint", dt(2027, 3, 2, 9), "pending", s1, dt(2027, 3, 10)),
            case("C2", "report", dt(2027, 3, 15, 10), "handling", s1, dt(2027, 4, 6), "食品"),
            case("C3", "complaint", dt(2027, 3, 15, 11), "closed", s2, dt(2027, 5, 18), "食品"),
            case("C4", "complaint", dt(2027, 3, 14, 9), "accepted", s2, dt(2027, 3, 25)),
            case("C5", "consultation", dt(2027, 3, 15, 12), "closed", s2, None, "网络购物"),
            case("C6", "complaint", dt(2027, 2, 27, 9), "pending", s1, dt(2027, 3, 5)),
            case("C7", "complaint", dt(2027, 3, 15, 21), "pending", s1, dt(2027, 3, 25)),
            case("G1", "complaint", dt(2027, 3, 15, 20, 10), "accepted", s2, dt(2027, 3, 25), "食品", "gala"),
        ],
    )
    return ids


def test_complaints_wall_for_the_whole_city(engine, campaign_2027):
    with engine.begin() as conn:
        fill(conn)
        wall = complaints_wall(conn, campaign_2027, NOW, Filters(NOW.date(), NOW.date()))
    # Today by 20:45: C2, C3, C5, G1 (C7 comes at 21:00).
    assert wall.received == 4
    # (19:45, 20:45]: G1 only.
    assert wall.last_hour.count == 1
    # Open as the overview counts them, whatever the day received: C1, C2, C4, C6 (February), G1;
    # overdue: C1 (due 10 March) and C6 (due 5 March).
    assert wall.open_cases == OpenCases(open=5, overdue=2)
    # S1: C1, C2, C6 open, C1 and C6 overdue; S2: C4, G1 open -> the office with overdue cases first.
    assert wall.offices.to_dict("records") == [
        {"name": "S1所", "open": 3, "overdue": 2},
        {"name": "S2所", "open": 2, "overdue": 0},
    ]
    assert dict(zip(wall.categories["code"], wall.categories["count"], strict=True)) == {
        "食品": 3,
        "网络购物": 1,
    }
    # Hourly buckets 00:00 .. 20:00 (21 of them); 10, 11, 12 and 20 o'clock hold one each.
    assert len(wall.volume) == 21 and wall.volume["count"].sum() == 4
    assert wall.volume.set_index("at")["count"][dt(2027, 3, 15, 20)] == 1
    assert (wall.gala.received, wall.gala.answered) == (1, 1)


def test_complaints_wall_for_the_gala_transfers(engine, campaign_2027):
    with engine.begin() as conn:
        fill(conn)
        wall = complaints_wall(conn, campaign_2027, NOW, Filters(NOW.date(), NOW.date(), channels=("gala",)))
    assert (wall.received, wall.open_cases) == (1, OpenCases(open=1, overdue=0))
    assert wall.offices["name"].tolist() == ["S2所"]
