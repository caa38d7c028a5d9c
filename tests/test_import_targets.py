"""Targets and progress imports: metrics by code or Chinese name, refused rows."""

from datetime import datetime

import pytest
from sqlalchemy import select

from campaign.importing.errors import ImportRejected
from campaign.importing.runner import run_import
from campaign.importing.targets import ProgressImport, TargetsImport
from campaign.schema import ProgressReport, Target
from tests.conftest import add_offices, write_csv


@pytest.fixture
def offices(engine):
    with engine.begin() as conn:
        return add_offices(conn, "S1")


def test_targets_by_code_or_chinese_name(engine, offices, tmp_path):
    rows = [
        ["单位", "指标", "目标值", "开始日期", "截止日期"],
        ["S1所", "宣传咨询活动", "2", "2027-03-01", "2027-03-31"],
        ["S1", "materials", "3,000", "2027/3/1", "2027/3/31"],
        ["S1", "挽回经济损失（元）", "200,000.50", "2027-03-01", "2027-03-31"],
    ]
    with engine.begin() as conn:
        result = run_import(conn, TargetsImport(), write_csv(tmp_path / "t.csv", rows, "gbk"))
        stored = conn.execute(
            select(Target.__table__.c.metric, Target.__table__.c.target).order_by(Target.__table__.c.metric)
        ).all()
    assert result.counts.inserted == 3
    assert [tuple(r) for r in stored] == [("events", 2.0), ("materials", 3000.0), ("recovered", 200000.5)]


def test_bad_target_rows_refused(engine, offices, tmp_path):
    rows = [
        ["单位", "指标", "目标值", "开始日期", "截止日期"],
        ["S1", "满意度", "90", "2027-03-01", "2027-03-31"],  # 2: unknown metric
        ["S1", "培训", "两场", "2027-03-01", "2027-03-31"],  # 3: not a number
        ["S1", "培训", "2", "2027-03-31", "2027-03-01"],  # 4: due before start
        ["S1", "办结率", "120", "2027-03-01", "2027-03-31"],  # 5: a rate over 100
    ]
    with pytest.raises(ImportRejected) as rejected, engine.begin() as conn:
        run_import(conn, TargetsImport(), write_csv(tmp_path / "bad.csv", rows))
    assert [(p.row, p.column) for p in rejected.value.problems] == [
        (2, "指标"),
        (3, "目标值"),
        (4, "截止日期"),
        (5, "目标值"),
    ]
    with engine.connect() as conn:
        assert conn.execute(select(Target.__table__)).all() == []


def test_progress_reports_only_for_reported_metrics(engine, offices, tmp_path):
    good = [["单位", "指标", "数值", "填报时间"], ["S1", "市场检查", "18", "2027-03-10 17:30"]]
    with engine.begin() as conn:
        run_import(conn, ProgressImport(), write_csv(tmp_path / "p.csv", good))
        row = conn.execute(
            select(
                ProgressReport.__table__.c.metric,
                ProgressReport.__table__.c.value,
                ProgressReport.__table__.c.reported_at,
            )
        ).one()
    assert tuple(row) == ("inspections", 18.0, datetime(2027, 3, 10, 17, 30))
    bad = [["单位", "指标", "数值", "填报时间"], ["S1", "办结投诉举报", "18", "2027-03-10 17:30"]]
    with pytest.raises(ImportRejected) as rejected, engine.begin() as conn:
        run_import(conn, ProgressImport(), write_csv(tmp_path / "b.csv", bad))
    assert "由系统从其他数据计算" in rejected.value.problems[0].reason
