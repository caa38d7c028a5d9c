"""The wall's alerts from a small fixture counted by hand; the surge rule at its edges."""

from datetime import datetime as dt
from datetime import timedelta

import pytest
from sqlalchemy import insert

from campaign.schema import Complaint, Shift
from campaign.surge import is_surge
from queries.alerts import alerts, waiting_gala_transfers
from tests.conftest import add_offices

NOW = dt(2027, 3, 15, 20, 45)


def request(ticket, received, office_id, channel="hotline", status="pending"):
    return {
        "ticket_no": ticket,
        "kind": "complaint",
        "channel": channel,
        "received_at": received,
        "office_id": office_id,
        "status": status,
    }


def fill(conn, hotline_last_hour: int = 20) -> None:
    ids = add_offices(conn, "S1", "S2")
    s1 = ids["S1"]
    rows = [request(f"H{i}", dt(2027, 3, 15, 20, i), s1) for i in range(hotline_last_hour)]
    # The usual level: 7 on 14 March and 7 on 13 March in the same hour, none on the 5 days before.
    rows += [request(f"U{d}{i}", dt(2027, 3, d, 20, 0), s1) for d in (13, 14) for i in range(7)]
    rows += [
        request("G0", dt(2027, 3, 15, 20, 0), s1, "gala"),  # 45 min pending: waiting
        request("G1", dt(2027, 3, 15, 20, 10), s1, "gala"),  # 35 min pending: waiting
        request("G2", dt(2027, 3, 15, 20, 20), s1, "gala"),  # 25 min: not yet 30
        request("G3", dt(2027, 3, 15, 20, 5), s1, "gala", "accepted"),  # answered
        request("G4", dt(2027, 3, 15, 20, 15), s1, "gala", "closed"),  # answered
    ]
    conn.execute(insert(Complaint.__table__), rows)
    # S1 is on duty all day; S2 has no roster at all.
    conn.execute(
        insert(Shift.__table__).values(
            office_id=s1, person_name="甲", role="duty", start_at=dt(2027, 3, 15, 8), end_at=dt(2027, 3, 16)
        )
    )


def test_every_alert_from_the_fixture(engine, campaign_2027):
    with engine.begin() as conn:
        fill(conn)
        found = {a.code: a.params for a in alerts(conn, campaign_2027, NOW)}
    # (19:45, 20:45]: 20 hotline + 5 gala = 25; usual (7 + 7) / 7 days = 2; 25 > 2 x 2 and >= 20.
    assert found["surge"] == {"last_hour": 25, "usual": 2}
    assert found["uncovered"] == {"count": 1, "names": ["S2所"]}
    # G0 and G1; the oldest arrived at 20:00, 45 minutes ago.
    assert found["gala_waiting"] == {"count": 2, "minutes": 45}


def test_a_quiet_hour_is_not_a_surge_whatever_the_ratio(engine, campaign_2027):
    with engine.begin() as conn:
        fill(conn, hotline_last_hour=14)
        found = {a.code for a in alerts(conn, campaign_2027, NOW)}
    # 14 + 5 = 19 in the last hour: over twice the usual 2, but under the floor of 20.
    assert "surge" not in found


def test_gala_transfers_wait_from_thirty_minutes(engine, campaign_2027):
    with engine.begin() as conn:
        fill(conn)
        assert waiting_gala_transfers(conn, dt(2027, 3, 15, 20, 29, 59)) == (0, None)
        # At 20:30 exactly G0 has waited 30 minutes.
        assert waiting_gala_transfers(conn, dt(2027, 3, 15, 20, 30)) == (1, dt(2027, 3, 15, 20, 0))
        assert waiting_gala_transfers(conn, NOW + timedelta(hours=1))[0] == 3  # G2 too


def test_no_alerts_outside_the_duty_window_on_a_quiet_night(engine, campaign_2027):
    with engine.begin() as conn:
        add_offices(conn, "S1")
        assert alerts(conn, campaign_2027, dt(2027, 3, 16, 3, 0)) == []


@pytest.mark.parametrize(
    ("last", "usual", "surge"),
    [(21, 10, True), (20, 10, False), (20, 9.9, True), (19, 0, False), (20, 0, True)],
)
def test_surge_is_more_than_twice_the_usual_and_at_least_twenty(last, usual, surge):
    assert is_surge(last, usual) is surge
