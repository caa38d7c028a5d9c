"""A large 12315 file written while it is checked (streaming.CHUNK rows at a time, on a thread):
the same rows, counts and roll-ups as the whole-file way, and still all or nothing."""

import threading
from datetime import datetime

import pytest
from sqlalchemy import func, select

from campaign.importing import staging, streaming
from campaign.importing.complaints import ComplaintsImport
from campaign.importing.errors import ImportRejected
from campaign.importing.runner import run_import
from campaign.schema import Complaint, RollupDayOffice, RollupHour
from tests.conftest import add_offices, write_csv
from tests.test_import_complaints import HEADER

complaint = Complaint.__table__


@pytest.fixture
def small_chunks(monkeypatch):
    """Every file streamed, seven rows a chunk."""
    monkeypatch.setattr(streaming, "CHUNK", 7)
    monkeypatch.setattr(streaming, "STREAM_FROM", 1)


@pytest.fixture
def offices(engine):
    with engine.begin() as conn:
        return add_offices(conn, "S1", "S2")


def row(n: int, status: str = "待受理", site: str = "") -> list[str]:
    closed = status == "已办结"
    return [
        f"T{n:03d}",
        "投诉" if n % 3 else "咨询",
        "12315热线",
        f"2027-03-15 {8 + n % 4:02d}:{n:02d}:00",
        "S1" if n % 2 else "S2",
        "食品",
        "12.50",
        status,
        "2027-03-15 23:00" if closed else "",
        "调解成功" if closed else "",
        "3.00" if closed else "",
        "",
        "",
        site,
    ]


def load(engine, path):
    with engine.begin() as conn:
        return run_import(conn, ComplaintsImport(), path)


def stored(engine) -> dict[str, dict]:
    with engine.connect() as conn:
        return {r.ticket_no: dict(r._mapping) for r in conn.execute(select(complaint))}


def rolled(engine) -> tuple:
    """Requests and closed cases in the hour roll-up; requests and open cases in the day roll-up."""
    hour, day = RollupHour.__table__, RollupDayOffice.__table__
    with engine.connect() as conn:
        hours = conn.execute(select(func.sum(hour.c.received), func.sum(hour.c.closed))).one()
        days = conn.execute(select(func.sum(day.c.received), func.sum(day.c.open_cases))).one()
    return tuple(int(v or 0) for v in (*hours, *days))


def test_a_streamed_file_stores_counts_and_rolls_up_every_row(engine, offices, tmp_path, small_chunks):
    # 30 rows: chunks of 7, 7, 7, 7, 2. Text CSV must carry as written: quotes, commas, a newline.
    rows = [row(n, "已办结" if n % 5 == 0 else "待受理") for n in range(30)]
    rows[10][13] = '活动点 "甲", 东门\n二楼'
    result = load(engine, write_csv(tmp_path / "a.csv", [HEADER, *rows]))
    assert result.rows == 30
    assert (result.counts.inserted, result.counts.updated, result.counts.unchanged) == (30, 0, 0)
    saved = stored(engine)
    assert len(saved) == 30
    assert saved["T010"]["site_name"] == '活动点 "甲", 东门\n二楼'
    assert saved["T010"]["closed_at"] == datetime(2027, 3, 15, 23, 0)
    assert saved["T011"]["business"] is None and saved["T011"]["closed_at"] is None
    assert saved["T007"]["amount_fen"] == 1250 and saved["T007"]["office_id"] == offices["S1"]
    # Closed: n = 0, 5, ..., 25 (6 rows); of them cases (投诉, n % 3 != 0): 5, 10, 20, 25.
    # Open cases: 投诉 rows (20 of 30) not closed: 20 - 4 = 16.
    assert rolled(engine) == (30, 4, 30, 16)


def test_a_newer_file_counts_changes_and_moves_the_roll_ups(engine, offices, tmp_path, small_chunks):
    load(engine, write_csv(tmp_path / "a.csv", [HEADER, *(row(n) for n in range(30))]))
    closing = {1, 2, 4, 8, 29}  # 投诉 rows: 1, 2, 4, 8, 29 (n % 3 != 0)
    newer = [row(n, "已办结" if n in closing else "待受理") for n in range(30)]
    result = load(engine, write_csv(tmp_path / "b.csv", [HEADER, *newer]))
    assert (result.counts.inserted, result.counts.updated, result.counts.unchanged) == (0, 5, 25)
    assert stored(engine)["T029"]["status"] == "closed"
    assert rolled(engine) == (30, 5, 30, 20 - 5)


def test_a_ticket_repeated_across_chunks_is_written_once_from_its_last_row(
    engine, offices, tmp_path, small_chunks
):
    rows = [row(n) for n in range(20)] + [row(4, "已办结"), row(20)]  # T004 again, in the third chunk
    result = load(engine, write_csv(tmp_path / "a.csv", [HEADER, *rows]))
    assert result.rows == 22
    assert (result.counts.inserted, result.counts.updated, result.counts.unchanged) == (21, 0, 0)
    assert stored(engine)["T004"]["status"] == "closed"
    # 21 requests; the one closed case is T004 (投诉); 投诉 rows among 0..20: 14, one closed.
    assert rolled(engine) == (21, 1, 21, 13)


def test_bad_rows_in_later_chunks_are_all_listed_and_nothing_is_kept(engine, offices, tmp_path, small_chunks):
    rows = [row(n) for n in range(30)]
    rows[9][4] = "无此单位"  # spreadsheet row 11, in the second chunk
    rows[27][3] = "三月十五"  # spreadsheet row 29, in the fourth chunk
    with pytest.raises(ImportRejected) as refused:
        load(engine, write_csv(tmp_path / "bad.csv", [HEADER, *rows]))
    assert [(p.row, p.column) for p in refused.value.problems] == [(11, "承办单位"), (29, "登记时间")]
    assert stored(engine) == {}
    assert rolled(engine) == (0, 0, 0, 0)
    assert not [t for t in threading.enumerate() if t.name == "import-writer"]


def test_a_failure_while_writing_ends_the_writer_and_keeps_nothing(
    engine, offices, tmp_path, small_chunks, monkeypatch
):
    merged = []
    merge = staging.Stage.merge

    def failing(self, around=None):
        if merged:
            raise RuntimeError("disk full")
        merged.append(1)
        return merge(self, around)

    monkeypatch.setattr(staging.Stage, "merge", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        load(engine, write_csv(tmp_path / "a.csv", [HEADER, *(row(n) for n in range(30))]))
    assert stored(engine) == {}
    assert not [t for t in threading.enumerate() if t.name == "import-writer"]


def test_csv_is_used_for_copy_only_where_it_reads_back_exactly():
    from zoneinfo import ZoneInfo

    exact = staging._csv_exact
    assert exact(["a", None, 'x "y", z'])
    assert exact([1, None, 3]) and exact([datetime(2027, 3, 15, 8), None])
    assert not exact(["a", ""])  # CSV writes "" as it writes a missing value
    assert not exact([True, False])  # CSV would write True
    assert not exact([datetime(2027, 3, 15, 8, tzinfo=ZoneInfo("Asia/Shanghai"))])
    assert not exact([1.5])


def test_only_a_kind_with_a_table_and_no_check_across_rows_streams():
    from campaign.importing.offices import OfficesImport
    from campaign.importing.shifts import ShiftsImport

    assert ComplaintsImport().streams()
    assert not ShiftsImport().streams()  # no table named: written whole

    class OfficesByTable(OfficesImport):  # checks across rows (names, cycles): never streamed
        table = complaint

    assert not OfficesByTable().streams()
