"""The schema on both databases: migrations match the models; local-time SQL is exact."""

from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, inspect, select

from campaign.bootstrap import initialise
from campaign.campaigns import current_campaign
from campaign.schema import Complaint, Office, metadata
from campaign.sqltime import bucket, day_of, hour_of_day, minute_of_day


# SQLite's reflection cannot read an index on an expression (ix_shift_length); its existence is
# tested in test_coverage_sweep.
@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migrations_match_the_models(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_every_table_and_the_screen_indexes_exist(engine):
    inspector = inspect(engine)
    tables = set(inspector.get_table_names())
    assert {
        "campaign",
        "office",
        "complaint",
        "shift",
        "site",
        "tally",
        "target",
        "progress_report",
    } <= tables
    indexes = {i["name"] for i in inspector.get_indexes("complaint")}
    assert {"ix_complaint_received_at", "ix_complaint_office_received", "ix_complaint_status_due"} <= indexes


def test_init_twice_is_harmless_and_creates_one_campaign(engine):
    first = current_campaign(engine.connect())
    initialise(engine)
    with engine.connect() as conn:
        again = current_campaign(conn)
    assert again == first
    assert (again.duty_start_min, again.duty_end_min) == (480, 1440)
    assert (again.gala_start.hour, again.gala_start.minute, again.gala_end.hour, again.gala_end.minute) == (
        20,
        0,
        22,
        30,
    )


def test_local_hour_day_and_minute_buckets_on_this_database(engine):
    complaint = Complaint.__table__
    with engine.begin() as conn:
        office_id = conn.execute(
            insert(Office.__table__).values(code="X", name="甲所", level="station")
        ).inserted_primary_key[0]
        for n, moment in enumerate(
            [
                datetime(2027, 3, 15, 0, 0),
                datetime(2027, 3, 15, 20, 29, 59),
                datetime(2027, 3, 15, 23, 59, 59),
            ]
        ):
            conn.execute(
                insert(complaint).values(
                    ticket_no=str(n),
                    kind="complaint",
                    channel="gala",
                    received_at=moment,
                    office_id=office_id,
                    status="pending",
                )
            )
        rows = conn.execute(
            select(
                day_of(complaint.c.received_at),
                hour_of_day(complaint.c.received_at),
                minute_of_day(complaint.c.received_at),
                bucket(minute_of_day(complaint.c.received_at), 15),
            ).order_by(complaint.c.received_at)
        ).all()
    # 20:29:59 is minute 20*60+29 = 1229, in the 15-minute bucket starting 1215 (20:15).
    assert [tuple(r) for r in rows] == [
        ("2027-03-15", 0, 0, 0),
        ("2027-03-15", 20, 1229, 1215),
        ("2027-03-15", 23, 1439, 1425),
    ]
