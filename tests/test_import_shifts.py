"""Roster import in both layouts: 24:00, crossing midnight, refused rows, idempotency."""

from datetime import datetime

import pytest
from sqlalchemy import select

from campaign.importing.errors import ImportRejected
from campaign.importing.runner import run_import
from campaign.importing.shifts import ShiftsImport
from campaign.schema import Shift
from tests.conftest import add_offices, write_csv, write_xlsx


def stored(engine):
    s = Shift.__table__
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(s.c.person_name, s.c.role, s.c.start_at, s.c.end_at).order_by(
                    s.c.start_at, s.c.person_name
                )
            )
        ]


def load(engine, path):
    with engine.begin() as conn:
        return run_import(conn, ShiftsImport(), path)


@pytest.fixture
def offices(engine):
    with engine.begin() as conn:
        return add_offices(conn, "S1")


def test_date_and_span_layout_with_24_00(engine, offices, tmp_path):
    rows = [
        ["单位", "姓名", "岗位", "联系电话", "日期", "时段"],
        ["S1所", "甲", "带班领导", "13900001234", "2027-03-15", "08:00-16:00"],
        ["S1", "乙", "值班员", "", "2027/3/15", "16:00-24:00"],
    ]
    result = load(engine, write_csv(tmp_path / "r.csv", rows, "gbk"))
    assert result.counts.inserted == 2
    assert stored(engine) == [
        ("甲", "leader", datetime(2027, 3, 15, 8), datetime(2027, 3, 15, 16)),
        ("乙", "duty", datetime(2027, 3, 15, 16), datetime(2027, 3, 16, 0)),
    ]
    again = load(engine, write_csv(tmp_path / "r2.csv", rows, "utf-8"))
    assert (again.counts.inserted, again.counts.unchanged) == (0, 2)


def test_start_and_end_layout_crossing_midnight(engine, offices, tmp_path):
    rows = [
        ["office", "name", "role", "start", "end"],
        ["S1", "丙", "应急队员", datetime(2027, 3, 15, 19, 30), datetime(2027, 3, 16, 2, 0)],
    ]
    load(engine, write_xlsx(tmp_path / "r.xlsx", rows))
    assert stored(engine) == [("丙", "emergency", datetime(2027, 3, 15, 19, 30), datetime(2027, 3, 16, 2, 0))]


def test_bad_rows_are_listed_and_nothing_is_written(engine, offices, tmp_path):
    rows = [
        ["单位", "姓名", "岗位", "开始时间", "结束时间"],
        ["S1", "甲", "值班员", "2027-03-15 08:00", "2027-03-15 16:00"],  # 2: fine
        ["S1", "乙", "值班员", "2027-03-15 16:00", "2027-03-15 08:00"],  # 3: end before start
        ["S9", "丙", "值班员", "2027-03-15 08:00", "2027-03-15 16:00"],  # 4: unknown office
        ["S1", "丁", "保安", "2027-03-15 08:00", "2027-03-15 16:00"],  # 5: unknown role
        ["S1", "戊", "值班员", "下午", "2027-03-15 16:00"],  # 6: unparseable time
    ]
    with pytest.raises(ImportRejected) as rejected:
        load(engine, write_csv(tmp_path / "bad.csv", rows, "gbk"))
    assert [(p.row, p.column) for p in rejected.value.problems] == [
        (3, "结束时间"),
        (4, "单位"),
        (5, "岗位"),
        (6, "开始时间"),
    ]
    assert stored(engine) == []


def test_bad_spans(engine, offices, tmp_path):
    rows = [
        ["单位", "姓名", "岗位", "日期", "时段"],
        ["S1", "甲", "值班员", "2027-03-15", "8点到16点"],  # 2: not HH:MM-HH:MM
        ["S1", "乙", "值班员", "2027-03-15", "22:00-06:00"],  # 3: backwards in one day
        ["S1", "丙", "值班员", "2027-02-30", "08:00-16:00"],  # 4: no such date
        ["S1", "丁", "值班员", "2027-03-15", "08:00-24:30"],  # 5: past midnight
    ]
    with pytest.raises(ImportRejected) as rejected:
        load(engine, write_csv(tmp_path / "bad.csv", rows))
    assert [(p.row, p.column) for p in rejected.value.problems] == [
        (2, "时段"),
        (3, "时段"),
        (4, "日期"),
        (5, "时段"),
    ]


def test_a_file_without_either_layout_is_refused(engine, offices, tmp_path):
    rows = [["单位", "姓名", "岗位", "日期"], ["S1", "甲", "值班员", "2027-03-15"]]
    with pytest.raises(ImportRejected) as rejected:
        load(engine, write_csv(tmp_path / "x.csv", rows))
    assert "时段（shift）" in rejected.value.file_reason
