"""Office scoping: a viewer sees their office and the offices below it, never another's rows."""

from datetime import datetime as dt

import pandas as pd
from sqlalchemy import insert

from campaign.offices import within
from campaign.schema import Complaint, Office
from queries import cases, complaints
from queries.complaints import Filters
from tests.conftest import add_offices

NOW = dt(2027, 3, 15, 20, 45)
DAY = NOW.date()


def fill(conn) -> dict[str, int]:
    """City C; district D with S1 and S2; district E with S3."""
    ids = add_offices(conn, "S1", "S2")
    office = Office.__table__
    ids["E"] = conn.execute(
        insert(office).values(code="E", name="东区局", level="district", parent_id=ids["C"])
    ).inserted_primary_key[0]
    ids["S3"] = conn.execute(
        insert(office).values(code="S3", name="S3所", level="station", parent_id=ids["E"])
    ).inserted_primary_key[0]
    rows = [("S1", 2), ("S2", 1), ("S3", 4)]
    # 承办人: S1's cases are 李四's and 王五's; S3 has a 李四 of its own (a namesake elsewhere).
    handlers = {("S1", 0): "李四", ("S1", 1): "王五", ("S3", 2): "李四"}
    conn.execute(
        insert(Complaint.__table__),
        [
            {
                "ticket_no": f"{code}-{i}",
                "kind": "complaint",
                "channel": "hotline",
                "received_at": dt(2027, 3, 15, 9, i),
                "office_id": ids[code],
                "status": "pending",
                "due_at": dt(2027, 3, 25),
                "consumer_name": "张三",
                "consumer_phone": "13812345678",
                "handler": handlers.get((code, i)),
            }
            for code, n in rows
            for i in range(n)
        ],
    )
    return ids


def test_scope_keeps_a_viewer_inside_their_subtree(engine, campaign_2027):
    with engine.begin() as conn:
        ids = fill(conn)
        day = Filters(DAY, DAY)
        # District D: S1's 2 and S2's 1; a station: its own; the city bureau: all 7.
        assert complaints.count(conn, Filters(DAY, DAY, scope=ids["D"]), until=NOW) == 3
        assert complaints.count(conn, Filters(DAY, DAY, scope=ids["S1"]), until=NOW) == 2
        assert complaints.count(conn, Filters(DAY, DAY, scope=ids["C"]), until=NOW) == 7
        assert complaints.count(conn, day, until=NOW) == 7
        # Asking for another district's office inside one's scope finds nothing, not that office's rows.
        assert complaints.count(conn, Filters(DAY, DAY, office_id=ids["S3"], scope=ids["D"]), until=NOW) == 0
        by_office = complaints.by_office(conn, Filters(DAY, DAY, scope=ids["D"]), NOW)
        assert sorted(by_office["code"]) == ["S1", "S2"]
        page = cases.cases_page(conn, Filters(DAY, DAY, scope=ids["E"]), NOW, page_size=50)
        assert len(page) == 4 and cases.count_cases(conn, Filters(DAY, DAY, scope=ids["E"]), NOW) == 4
        # A year earlier and the gala view keep the scope.
        scoped = Filters(DAY, DAY, scope=ids["S2"])
        assert scoped.a_year_earlier().scope == ids["S2"]
        assert complaints.gala_transfers(conn, scoped, NOW).received == 0


def test_staff_see_only_the_cases_they_handle_inside_their_office(engine, campaign_2027):
    from campaign.auth import Viewer

    with engine.begin() as conn:
        ids = fill(conn)
        staff = Viewer("li4", "李四", "staff", ids["S1"], False)
        assert staff.handles == "李四" and Viewer("h", "李四", "head", ids["S1"], False).handles is None
        mine = Filters(DAY, DAY, scope=staff.office_id, handler=staff.handles)
        # S1 has 2 cases, one of them 李四's; S3's 李四 is outside the scope.
        assert cases.count_cases(conn, mine, NOW) == 1
        page = cases.cases_page(conn, mine, NOW)
        assert page["ticket_no"].tolist() == ["S1-0"] and page["handler"].tolist() == ["李四"]
        assert cases.count_cases(conn, Filters(DAY, DAY, handler="李四"), NOW) == 2
        assert cases.count_cases(conn, Filters(DAY, DAY, scope=ids["S2"], handler="李四"), NOW) == 0
        # The export goes through the same filters.
        exported = pd.concat(list(cases.all_cases(conn, mine, NOW, page_size=1)))
        assert exported["ticket_no"].tolist() == ["S1-0"]


def test_an_office_list_narrows_to_a_subtree():
    offices = pd.DataFrame(
        {"id": [1, 2, 3, 4, 5, 6], "parent_id": [None, 1, 2, 2, 1, 5], "code": list("CDabEc")}
    )
    assert within(offices, 2)["code"].tolist() == ["D", "a", "b"]
    assert within(offices, 6)["code"].tolist() == ["c"]
    assert within(offices, None)["code"].tolist() == list("CDabEc")
