"""The demo city: deterministic for a seed, city-sized, with the gaps and peaks it promises."""

from datetime import datetime

import pytest
from sqlalchemy import text

from campaign.campaigns import current_campaign
from campaign.db import make_engine
from queries.coverage import offices_uncovered_at
from sample_data.city import generate_city
from tests.conftest import DEMO_NOW, other_forms

TODAY = DEMO_NOW


@pytest.fixture(scope="module")
def demo(demo_city, demo_template):
    engine = make_engine(demo_city)
    yield engine, demo_template[1]
    engine.dispose()


def scalar(engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


def test_office_tree_of_a_real_city(demo):
    engine, _ = demo
    assert scalar(engine, "SELECT count(*) FROM office WHERE level = 'city'") == 1
    assert 6 <= scalar(engine, "SELECT count(*) FROM office WHERE level = 'district'") <= 10
    assert 30 <= scalar(engine, "SELECT count(*) FROM office WHERE level = 'station'") <= 60
    # Hangzhou lies around 118.3-120.7 E, 29.2-30.6 N.
    assert (
        scalar(
            engine, "SELECT count(*) FROM office WHERE lon < 118.3 OR lon > 120.7 OR lat < 29.2 OR lat > 30.6"
        )
        == 0
    )


def test_complaint_volume_curve_and_gala(demo):
    engine, _ = demo
    per_day = {
        d: n
        for d, n in engine.connect().execute(
            text(
                "SELECT substr(CAST(received_at AS TEXT), 1, 10), count(*) FROM complaint "
                "WHERE received_at >= '2027-03-01' AND received_at < '2027-03-14' GROUP BY 1"
            )
        )
    }
    assert len(per_day) == 13 and all(2000 <= n <= 3600 for n in per_day.values())
    full_last_year = scalar(
        engine,
        "SELECT count(*) FROM complaint WHERE received_at >= '2026-03-15' AND received_at < '2026-03-16'",
    )
    normal = scalar(
        engine,
        "SELECT count(*) FROM complaint WHERE received_at >= '2026-03-14' AND received_at < '2026-03-15'",
    )
    assert 2.0 <= full_last_year / (normal / 0.85) <= 2.8  # 14 March 2026 was a Saturday
    # Gala transfers arrive from 20:00 only.
    assert (
        scalar(
            engine,
            "SELECT count(*) FROM complaint WHERE channel = 'gala' AND received_at >= '2027-03-15 20:00'",
        )
        > 20
    )
    assert (
        scalar(
            engine,
            "SELECT count(*) FROM complaint WHERE channel = 'gala' AND received_at < '2027-03-15 20:00' AND received_at >= '2027-01-01'",
        )
        == 0
    )
    for column in ("kind", "channel", "status"):
        assert scalar(engine, f"SELECT count(DISTINCT {column}) FROM complaint") >= 3
    assert scalar(engine, "SELECT count(*) FROM complaint WHERE received_at > :t", t=TODAY) == 0
    assert (
        scalar(
            engine, "SELECT count(*) FROM complaint WHERE closed_at > :t OR closed_at < received_at", t=TODAY
        )
        == 0
    )


def test_sites_tallies_and_targets(demo):
    engine, summary = demo
    assert 80 <= summary["sites"] <= 120
    assert scalar(engine, "SELECT count(*) FROM tally WHERE reported_at > :t", t=TODAY) == 0
    assert scalar(engine, "SELECT count(DISTINCT office_id) FROM target") == scalar(
        engine, "SELECT count(*) FROM office WHERE level = 'station'"
    )


def test_rosters_have_real_gaps(demo):
    engine, _ = demo
    with engine.connect() as conn:
        campaign = current_campaign(conn)
        lunch = offices_uncovered_at(conn, campaign, datetime(2027, 3, 12, 12, 0))
        late = offices_uncovered_at(conn, campaign, datetime(2027, 3, 15, 23, 0))
        morning = offices_uncovered_at(conn, campaign, datetime(2027, 3, 12, 9, 0))
    assert len(lunch) == 1 and morning == []
    # On the demo day: the office with no roster at all, and the one whose evening is missing.
    assert len(late) == 2


def test_same_seed_same_city(demo, tmp_path):
    engine, summary = demo
    from campaign.bootstrap import initialise
    from campaign.db import make_engine

    other = make_engine(f"sqlite:///{tmp_path / 'again.db'}")
    initialise(other)
    again = generate_city(other, seed=7, today=TODAY)
    assert again == summary
    checksum = (
        "SELECT sum(length(ticket_no) + length(coalesce(consumer_name, ''))), sum(amount_fen) FROM complaint"
    )
    with engine.connect() as a, other.connect() as b:
        assert tuple(a.execute(text(checksum)).one()) == tuple(b.execute(text(checksum)).one())


def test_every_timestamp_the_demo_writes_is_in_the_stored_form(demo):
    engine, _ = demo
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert other_forms(conn) == {}
