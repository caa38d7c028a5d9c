"""One moment, one stored form: the same requests, written in every accepted time form and imported
by every path (row by row, staged, streamed), count the same per day, hour and quarter hour, and
an older SQLite database holding other forms is repaired by `init`."""

from datetime import date, datetime

import pytest
from alembic import command

from campaign.bootstrap import initialise
from campaign.db import make_engine
from campaign.exports.complaints_summary import complaints_summary
from campaign.importing import runner, streaming
from campaign.importing.complaints import ComplaintsImport
from campaign.importing.runner import run_import
from campaign.importing.shifts import ShiftsImport
from campaign.migrate import alembic_config
from queries import complaints as q
from queries.complaints import Filters
from sample_data.feed import feed
from tests.conftest import add_offices, other_forms, write_csv, write_xlsx
from tests.test_import_complaints import HEADER

# The requests, on the edges: midnight twice, each quarter hour, the last second of a day.
MOMENTS = [
    datetime(2027, 3, 14, 23, 45),
    datetime(2027, 3, 14, 23, 59, 59),
    datetime(2027, 3, 15, 0, 0),
    datetime(2027, 3, 15, 0, 0),
    datetime(2027, 3, 15, 0, 15),
    datetime(2027, 3, 15, 20, 30),
    datetime(2027, 3, 15, 20, 31, 5),
    datetime(2027, 3, 15, 20, 45),
    datetime(2027, 3, 15, 23, 45),
    datetime(2027, 3, 15, 23, 59, 59),
    datetime(2027, 3, 16, 0, 0),
]
DAY = date(2027, 3, 15)

# Per day: 14 March 23:45 and 23:59:59 -> 2; 15 March 00:00, 00:00, 00:15, 20:30, 20:31:05,
# 20:45, 23:45, 23:59:59 -> 8; 16 March 00:00 -> 1.
PER_DAY = {date(2027, 3, 14): 2, DAY: 8, date(2027, 3, 16): 1}
# 15 March by hour: 00h 00:00 + 00:00 + 00:15 = 3; 20h 20:30 + 20:31:05 + 20:45 = 3;
# 23h 23:45 + 23:59:59 = 2; every other hour 0 (3 + 3 + 2 = 8).
PER_HOUR = {0: 3, 20: 3, 23: 2}
# 15 March by quarter hour: 00:00 -> 2, 00:15 -> 1, 20:30 -> 2 (20:30, 20:31:05), 20:45 -> 1,
# 23:45 -> 2 (23:45, 23:59:59); the other 91 quarters 0 (2 + 1 + 2 + 1 + 2 = 8).
PER_QUARTER = {(0, 0): 2, (0, 15): 1, (20, 30): 2, (20, 45): 1, (23, 45): 2}
# Until 15 March 20:30 (the range's end, not included): 00:00, 00:00, 00:15 -> 3.
BEFORE_2030 = 3


def seconds(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S}"


def minutes(moment: datetime) -> str:
    # A minute-resolution export drops the seconds: 23:59:59 is written 23:59, 20:31:05 20:31,
    # each in the same quarter hour, so every expected count above holds for it too.
    return f"{moment:%Y-%m-%d %H:%M}"


def slashes(moment: datetime) -> str:
    return f"{moment.year}/{moment.month}/{moment.day} {moment:%H:%M}"


FORMS = {"seconds": seconds, "minutes": minutes, "slashes": slashes, "excel": None}


def rows(form: str) -> list[list]:
    write = FORMS[form] or (lambda moment: moment)  # an Excel date cell: the datetime itself
    return [
        [f"T{n:03d}", "投诉", "12315热线", write(m), "S1", "食品", "", "待受理", "", "", "", "", "", ""]
        for n, m in enumerate(MOMENTS)
    ]


@pytest.fixture(params=["rows", "staged", "streamed"])
def path(request, monkeypatch) -> str:
    """Eleven requests taken each way: below the staging threshold, staged, streamed in chunks of 4."""
    if request.param in ("staged", "streamed"):
        monkeypatch.setattr(runner, "STAGE_FROM", 1)
    if request.param == "streamed":
        monkeypatch.setattr(streaming, "STREAM_FROM", 1)
        monkeypatch.setattr(streaming, "CHUNK", 4)
    return request.param


def assert_counts(conn, office_id: int) -> None:
    """Every read the screens and the summary export make, against the hand counts."""
    for day, expected in PER_DAY.items():
        whole = Filters(day, day)
        assert q.count(conn, whole) == expected, day  # the hourly roll-up
        assert q.count(conn, whole, since=whole.start) == expected, day  # the raw table
        assert q.count(conn, Filters(day, day, office_id=office_id)) == expected, day
        summary = complaints_summary(conn, day, day, as_of=datetime(2027, 3, 17))
        assert summary.set_index("office_code").loc["ALL", "received"] == expected, day
    for f in (
        Filters(DAY, DAY),
        Filters(DAY, DAY, office_id=office_id),
        Filters(DAY, DAY, kinds=("complaint",)),
    ):
        by_hour = q.volume_by_time(conn, f, 60)
        assert len(by_hour) == 24
        assert {t.hour: n for t, n in zip(by_hour["at"], by_hour["count"], strict=True) if n} == PER_HOUR, f
        by_quarter = q.volume_by_time(conn, f, 15)
        assert len(by_quarter) == 96
        assert {
            (t.hour, t.minute): n for t, n in zip(by_quarter["at"], by_quarter["count"], strict=True) if n
        } == PER_QUARTER, f
    until = datetime(2027, 3, 15, 20, 30)
    assert q.count(conn, Filters(DAY, DAY), until=until) == BEFORE_2030
    assert q.count(conn, Filters(DAY, DAY, office_id=office_id), until=until) == BEFORE_2030
    assert int(q.volume_by_time(conn, Filters(DAY, DAY), 15, until=until)["count"].sum()) == BEFORE_2030


@pytest.mark.parametrize("form", FORMS)
def test_every_form_by_every_path_counts_the_same(engine, campaign_2027, tmp_path, form, path):
    with engine.begin() as conn:
        offices = add_offices(conn, "S1")
    if form == "excel":
        file = write_xlsx(tmp_path / "requests.xlsx", [HEADER, *rows(form)])
    else:
        file = write_csv(tmp_path / "requests.csv", [HEADER, *rows(form)])
    with engine.begin() as conn:
        result = run_import(conn, ComplaintsImport(), file)
    assert result.counts.inserted == len(MOMENTS)
    with engine.connect() as conn:
        assert_counts(conn, offices["D"])
        if engine.dialect.name == "sqlite":
            assert other_forms(conn) == {}


# Receipt times as earlier versions stored them on SQLite: the sqlite3 driver's own form (no
# fraction), a minute-resolution file's, an ISO 'T', a short fraction, and SQLAlchemy's.
OLD_FORMS = [
    "2027-03-14 23:45:00",
    "2027-03-14 23:59:59",
    "2027-03-15 00:00",
    "2027-03-15 00:00:00",
    "2027-03-15T00:15:00",
    "2027-03-15 20:30:00",
    "2027-03-15 20:31:05.5",
    "2027-03-15 20:45",
    "2027-03-15T23:45",
    "2027-03-15 23:59:59.000000",
    "2027-03-16 00:00:00",
]


def test_init_repairs_an_older_sqlite_database(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = alembic_config(engine)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0006")
    with engine.begin() as conn:
        offices = add_offices(conn, "S1")
        for n, received in enumerate(OLD_FORMS):
            conn.exec_driver_sql(
                "INSERT INTO complaint (ticket_no, kind, channel, received_at, office_id, status, due_at) "
                "VALUES (?, 'complaint', 'hotline', ?, ?, 'pending', ?)",
                (f"T{n:03d}", received, offices["S1"], "2027-03-22 00:00"),
            )
        # One shift imported twice, row by row and staged: one key in two forms, the later row
        # newer (a changed phone); and one in the old forms alone.
        conn.exec_driver_sql(
            "INSERT INTO shift (office_id, person_name, role, phone, start_at, end_at) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    offices["S1"],
                    "张三",
                    "leader",
                    "1",
                    "2027-03-15 08:00:00.000000",
                    "2027-03-15 20:00:00.000000",
                ),
                (offices["S1"], "张三", "leader", "2", "2027-03-15 08:00:00", "2027-03-15 20:00:00"),
                (offices["S1"], "李四", "leader", "3", "2027-03-15 20:00", "2027-03-16T00:00:00"),
            ],
        )
    assert initialise(engine) == "0008"
    with engine.connect() as conn:
        assert_counts(conn, offices["D"])
        assert other_forms(conn) == {}
        received = conn.exec_driver_sql("SELECT received_at FROM complaint ORDER BY ticket_no").scalars()
        assert list(received) == [
            "2027-03-14 23:45:00.000000",
            "2027-03-14 23:59:59.000000",
            "2027-03-15 00:00:00.000000",
            "2027-03-15 00:00:00.000000",
            "2027-03-15 00:15:00.000000",
            "2027-03-15 20:30:00.000000",
            "2027-03-15 20:31:05.500000",
            "2027-03-15 20:45:00.000000",
            "2027-03-15 23:45:00.000000",
            "2027-03-15 23:59:59.000000",
            "2027-03-16 00:00:00.000000",
        ]
        shifts = conn.exec_driver_sql(
            "SELECT person_name, phone, start_at, end_at FROM shift ORDER BY id"
        ).all()
        assert [tuple(s) for s in shifts] == [
            ("张三", "2", "2027-03-15 08:00:00.000000", "2027-03-15 20:00:00.000000"),
            ("李四", "3", "2027-03-15 20:00:00.000000", "2027-03-16 00:00:00.000000"),
        ]
    engine.dispose()


def test_the_live_feed_writes_the_stored_form(engine, campaign_2027):
    from campaign.campaigns import set_clock

    with engine.begin() as conn:
        add_offices(conn, "S1", "S2")
        # The campaign's clock at a busy hour: on the real clock, run at 2 a.m. in Shanghai, a third
        # of a second brought no arrival at all and the test failed.
        set_clock(conn, campaign_2027.id, datetime(2027, 3, 15, 10, 0))
    # An hour of demo time a real second: a few ticks, each with arrivals.
    assert feed(engine, speed=3600, tick_seconds=0.05, seed=1, stop_after=0.3) > 0
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert other_forms(conn) == {}


def test_a_roster_read_row_by_row_then_staged_matches_its_own_rows(engine, tmp_path, monkeypatch):
    # Staged and row-by-row writes must store a shift's start alike, or the unique key
    # (office, name, start) tells them apart and the second import adds every shift again.
    with engine.begin() as conn:
        add_offices(conn, "S1")
    file = write_csv(
        tmp_path / "roster.csv",
        [
            ["单位", "姓名", "岗位", "日期", "时段"],
            ["S1", "甲", "带班领导", "2027-03-15", "00:00-08:00"],
            ["S1", "乙", "值班员", "2027-03-15", "16:00-24:00"],
        ],
    )
    for stage_from in (runner.STAGE_FROM, 1):
        monkeypatch.setattr(runner, "STAGE_FROM", stage_from)
        with engine.begin() as conn:
            result = run_import(conn, ShiftsImport(), file)
    assert (result.counts.inserted, result.counts.updated, result.counts.unchanged) == (0, 0, 2)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM shift").scalar_one() == 2
        if engine.dialect.name == "sqlite":
            assert other_forms(conn) == {}
