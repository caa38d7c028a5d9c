"""A county bureau running its own centre: its tree (a 区县局 at the top, 所 below, no city bureau)
imports through the command line, every export gives hand-computed figures, every screen draws."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
import streamlit as st
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from campaign.cli import main
from campaign.serve import ENTRY_POINT
from campaign.settings import settings
from tests.conftest import signed_in, write_csv

NOW = datetime(2027, 3, 15, 21, 30)
COUNTY, CHENGNAN, FENSHUI, FUCHUN = "330122", "33012201", "33012202", "33012203"

FILES: dict[str, list[list[str]]] = {
    "offices": [
        ["单位编码", "单位名称", "上级单位编码", "层级", "经度", "纬度"],
        # Children first: a file may list them before their parent.
        [CHENGNAN, "桐庐县城南市场监督管理所", COUNTY, "所", "119.6850", "29.7850"],
        [FENSHUI, "桐庐县分水市场监督管理所", COUNTY, "所", "119.4300", "29.9100"],
        [FUCHUN, "桐庐县富春江市场监督管理所", COUNTY, "所", "", ""],
        [COUNTY, "桐庐县市场监督管理局", "", "区县局", "119.6913", "29.7933"],
    ],
    "sites": [
        ["活动点", "承办单位", "地址", "经度", "纬度", "开始时间", "结束时间", "主题"],
        [
            "迎春公园",
            COUNTY,
            "桐庐县迎春南路",
            "119.6900",
            "29.7950",
            "2027-03-15 09:30",
            "2027-03-15 16:00",
            "",
        ],
        ["城南广场", CHENGNAN, "", "119.6860", "29.7840", "2027-03-15 09:00", "2027-03-15 16:00", ""],
        ["分水广场", FENSHUI, "", "119.4310", "29.9110", "2027-03-15 09:00", "2027-03-15 12:00", ""],
    ],
    "tallies": [
        [
            "活动点",
            "承办单位",
            "统计时间",
            "参加工作人员",
            "现场咨询",
            "受理投诉",
            "发放资料",
            "维修服务",
            "检测服务",
            "横幅",
            "宣传车辆",
            "志愿者",
        ],
        ["迎春公园", COUNTY, "2027-03-15 16:00", "20", "100", "5", "3,000", "", "", "", "", "10"],
        ["城南广场", CHENGNAN, "2027-03-15 12:00", "10", "50", "2", "1000", "", "", "", "", ""],
        # The later row is the running total that counts.
        ["城南广场", CHENGNAN, "2027-03-15 16:00", "12", "80", "3", "1500", "5", "2", "2", "1", "6"],
        ["分水广场", FENSHUI, "2027-03-15 12:00", "6", "30", "", "500", "", "", "", "", ""],
    ],
    "complaints": [
        [
            "受理编号",
            "诉求类型",
            "来源渠道",
            "登记时间",
            "承办单位",
            "处理状态",
            "办结时间",
            "处理结果",
            "挽回经济损失",
            "联系电话",
        ],
        [
            "2027031500000001",
            "投诉",
            "12315热线",
            "2027-03-15 09:00",
            CHENGNAN,
            "已办结",
            "2027-03-15 16:00",
            "调解成功",
            "3,600",
            "13812345678",
        ],
        ["2027031400000002", "举报", "12315平台", "2027-03-14 10:00", CHENGNAN, "办理中", "", "", "", ""],
        [
            "2027031500000003",
            "咨询",
            "现场",
            "2027-03-15 10:30",
            FENSHUI,
            "已办结",
            "2027-03-15 10:40",
            "",
            "",
            "",
        ],
        ["2027031500000004", "投诉", "晚会转办", "2027-03-15 21:05", COUNTY, "待受理", "", "", "", ""],
        # Pending since 1 March: 7 working days end 10 March, overdue from 11 March 00:00.
        ["2027030100000005", "投诉", "12315热线", "2027-03-01 09:00", FUCHUN, "待受理", "", "", "", ""],
        # Received before the campaign: outside every export's dates.
        [
            "2027022700000006",
            "投诉",
            "12315热线",
            "2027-02-27 09:00",
            FENSHUI,
            "已办结",
            "2027-03-02 10:00",
            "调解成功",
            "500",
            "",
        ],
    ],
    "shifts": [
        ["单位", "姓名", "岗位", "日期", "时段"],
        [CHENGNAN, "张三", "带班领导", "2027-03-15", "08:00-16:00"],
        [CHENGNAN, "李四", "值班员", "2027-03-15", "16:00-24:00"],
        [CHENGNAN, "赵六", "应急队员", "2027-03-15", "19:00-23:00"],
        [FENSHUI, "王五", "值班员", "2027-03-15", "08:00-20:00"],
    ],
    "targets": [
        ["单位", "指标", "目标值", "开始日期", "截止日期"],
        [CHENGNAN, "宣传咨询活动", "2", "2027-03-01", "2027-03-31"],
        [CHENGNAN, "发放宣传资料", "3000", "2027-03-01", "2027-03-31"],
        [CHENGNAN, "办结率", "95", "2027-03-01", "2027-03-31"],
        [FENSHUI, "发放宣传资料", "2000", "2027-03-01", "2027-03-31"],
        [FUCHUN, "挽回经济损失", "1000", "2027-03-01", "2027-03-31"],
        [COUNTY, "培训", "1", "2027-03-01", "2027-03-20"],
    ],
    "progress": [
        ["单位", "指标", "数值", "填报时间"],
        [COUNTY, "培训", "1", "2027-03-12 17:30"],
    ],
}


@pytest.fixture(scope="module")
def county_url(migrated, tmp_path_factory) -> str:
    """The county's files imported one kind after another, as a bureau's staff would."""
    from tests.conftest import reset

    reset(migrated)
    url = migrated.url.render_as_string(hide_password=False)
    folder = tmp_path_factory.mktemp("county")
    for kind, rows in FILES.items():
        path = write_csv(folder / f"{kind}.csv", rows, "gbk")
        assert main(["--db", url, "import", kind, str(path)]) == 0, kind
    return url


def export(url: str, folder: Path, report: str, *options: str) -> list[list[object]]:
    """The rows of `python -m campaign export REPORT -o x.xlsx`, header first, as opened in Excel."""
    path = folder / f"{report}.xlsx"
    assert main(["--db", url, "export", report, "-o", str(path), *options]) == 0
    return [[c.value for c in row] for row in load_workbook(path).active.iter_rows()]


def test_the_county_tree_is_stored_with_its_bureau_at_the_top(county_url):
    from sqlalchemy import text

    from campaign.db import make_engine

    with make_engine(county_url).connect() as conn:
        rows = conn.execute(
            text(
                "SELECT o.code, p.code, o.level FROM office o LEFT JOIN office p ON p.id = o.parent_id"
                " ORDER BY o.code"
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        (COUNTY, None, "district"),
        (CHENGNAN, COUNTY, "station"),
        (FENSHUI, COUNTY, "station"),
        (FUCHUN, COUNTY, "station"),
    ]


def test_the_top_office_is_the_county_bureau(county_url):
    from campaign.db import make_engine
    from queries.reference import top_office

    with make_engine(county_url).connect() as conn:
        assert top_office(conn)[1:] == (COUNTY, "桐庐县市场监督管理局", "district")


def test_complaints_summary(county_url, tmp_path):
    rows = export(
        county_url,
        tmp_path,
        "complaints-summary",
        "--from",
        "2027-03-01",
        "--to",
        "2027-03-31",
        "--date",
        "2027-03-15",
    )
    assert rows[0] == [
        "office_code",
        "office_name",
        "received",
        "complaints",
        "reports",
        "consultations",
        "closed",
        "closure_rate",
        "recovered_yuan",
        "overdue",
    ]
    assert rows[1:] == [
        # The bureau's own gala transfer, pending, due long after 15 March.
        [COUNTY, "桐庐县市场监督管理局", 1, 1, 0, 0, 0, "0.0", "0.00", 0],
        # A closed complaint and an open report: 1 ÷ 2 = 50.0 %.
        [CHENGNAN, "桐庐县城南市场监督管理所", 2, 1, 1, 0, 1, "50.0", "3600.00", 0],
        # One consultation, not a case: no closure rate. The February record is outside the dates.
        [FENSHUI, "桐庐县分水市场监督管理所", 1, 0, 0, 1, 0, None, "0.00", 0],
        [FUCHUN, "桐庐县富春江市场监督管理所", 1, 1, 0, 0, 0, "0.0", "0.00", 1],
        # 5 received; 3 complaints + 1 report, 1 closed: 1 ÷ 4 = 25.0 %.
        ["ALL", "合计", 5, 3, 1, 1, 1, "25.0", "3600.00", 1],
    ]


def test_complaints_summary_of_one_office_counts_its_subtree(county_url, tmp_path):
    rows = export(
        county_url,
        tmp_path,
        "complaints-summary",
        "--from",
        "2027-03-01",
        "--to",
        "2027-03-31",
        "--date",
        "2027-03-15",
        "--office",
        COUNTY,
    )
    assert [r[0] for r in rows[1:]] == [COUNTY, CHENGNAN, FENSHUI, FUCHUN, "ALL"]
    assert rows[-1][2] == 5


def test_coverage(county_url, tmp_path):
    rows = export(county_url, tmp_path, "coverage", "--date", "2027-03-15")
    assert rows[0] == [
        "office_code",
        "office_name",
        "date",
        "coverage_pct",
        "leader_coverage_pct",
        "gaps",
        "gala_ready",
    ]
    # Only the 所 keep the 8:00-24:00 duty (16 hours); the county bureau is not listed.
    assert rows[1:] == [
        # 8-16 and 16-24 covered; a leader 8 of 16 hours; 李四 and 赵六 (应急) through the gala.
        [CHENGNAN, "桐庐县城南市场监督管理所", "2027-03-15", "100.0", "50.0", None, "yes"],
        # 12 of 16 hours; no leader; one person at 20:00 and none from 20:00.
        [FENSHUI, "桐庐县分水市场监督管理所", "2027-03-15", "75.0", "0.0", "20:00-24:00", "no"],
        [FUCHUN, "桐庐县富春江市场监督管理所", "2027-03-15", "0.0", "0.0", "08:00-24:00", "no"],
    ]


def test_sites_summary(county_url, tmp_path):
    rows = export(
        county_url,
        tmp_path,
        "sites-summary",
        "--from",
        "2027-03-01",
        "--to",
        "2027-03-31",
        "--date",
        "2027-03-15",
    )
    assert rows[0] == [
        "office_code",
        "office_name",
        "sites",
        "staff",
        "consultations",
        "complaints",
        "materials",
        "repairs",
        "tests",
        "banners",
        "vehicles",
        "volunteers",
    ]
    assert rows[1:] == [
        [COUNTY, "桐庐县市场监督管理局", 1, 20, 100, 5, 3000, 0, 0, 0, 0, 10],
        # The 16:00 running totals, not the 12:00 ones.
        [CHENGNAN, "桐庐县城南市场监督管理所", 1, 12, 80, 3, 1500, 5, 2, 2, 1, 6],
        [FENSHUI, "桐庐县分水市场监督管理所", 1, 6, 30, 0, 500, 0, 0, 0, 0, 0],
        [FUCHUN, "桐庐县富春江市场监督管理所", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        # 20+12+6 staff, 100+80+30 consultations, 5+3 complaints, 3000+1500+500 materials, 10+6.
        ["ALL", "合计", 3, 38, 210, 8, 5000, 5, 2, 2, 1, 16],
    ]


def test_sites_statistics_table_filed_by_the_county(county_url):
    from datetime import date

    from campaign.db import make_engine
    from campaign.exports.sites_summary import sites_summary, statistics_table

    with make_engine(county_url).connect() as conn:
        frame = sites_summary(conn, date(2027, 3, 1), date(2027, 3, 31), NOW)
    book = load_workbook(
        io.BytesIO(statistics_table(frame, "桐庐县市场监督管理局", date(2027, 3, 1), date(2027, 3, 31), NOW))
    )
    rows = [[c.value for c in row] for row in book.active.iter_rows()]
    assert "桐庐县市场监督管理局" in rows[1][0]
    assert rows[9][1:6] == ["合计", 3, 38, 210, 8]  # after the 序号 column


def test_targets(county_url, tmp_path):
    rows = export(county_url, tmp_path, "targets", "--date", "2027-03-15")
    assert rows[0] == [
        "office_code",
        "office_name",
        "metric",
        "target",
        "actual",
        "pct_done",
        "pct_expected",
        "status",
    ]
    by_target = {(r[0], r[2]): r[3:] for r in rows[1:]}
    # 1..31 March, 15 days elapsed at the end of 15 March: 15 ÷ 31 = 48.4 %.
    assert by_target == {
        (CHENGNAN, "events"): ["2", "1", "50.0", "48.4", "on_track"],
        (CHENGNAN, "materials"): ["3000", "1500", "50.0", "48.4", "on_track"],
        # 1 of 2 cases closed = 50 %, of a 95 % target: 52.6 % done; a rate is expected at 100.
        (CHENGNAN, "closure_rate"): ["95.0", "50.0", "52.6", "100.0", "behind"],
        (FENSHUI, "materials"): ["2000", "500", "25.0", "48.4", "behind"],
        (FUCHUN, "recovered"): ["1000.00", "0.00", "0.0", "48.4", "behind"],
        # 1..20 March, 15 days of 20 elapsed: 75.0 %; the one training reported on 12 March.
        (COUNTY, "trainings"): ["1", "1", "100.0", "75.0", "done"],
    }


def test_the_targets_roll_up_is_headed_by_the_county(county_url):
    from campaign.db import make_engine
    from queries.targets import targets_page

    with make_engine(county_url).connect() as conn:
        rolled = targets_page(conn, datetime(2027, 3, 15).date()).rolled
    # No city and no district below the top: one roll-up, the county's, of every target, its own
    # training included; materials 1500 + 500 of 3000 + 2000.
    assert set(rolled["office_code"]) == {COUNTY}
    by_metric = dict(zip(rolled["metric"], zip(rolled["target"], rolled["actual"], strict=True), strict=True))
    assert by_metric["materials"] == (5000, 2000)
    assert by_metric["trainings"] == (1, 1)


def test_csv_export_to_stdout_has_the_all_row(county_url, capsysbinary):
    assert (
        main(["--db", county_url, "export", "sites-summary", "--from", "2027-03-01", "--to", "2027-03-31"])
        == 0
    )
    text = capsysbinary.readouterr().out.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[-1][:3] == ["ALL", "合计", "3"]


@pytest.fixture
def county_app(county_url, monkeypatch):
    # Reads are cached per process by campaign and moment, not by database: start and end clean.
    st.cache_data.clear()
    monkeypatch.setenv("DATABASE_URL", county_url)
    monkeypatch.setenv("CAMPAIGN_NOW", NOW.isoformat())
    settings.cache_clear()
    yield lambda **who: signed_in(AppTest.from_file(str(ENTRY_POINT), default_timeout=60), **who)
    settings.cache_clear()
    st.cache_data.clear()


PAGES = ["pages/overview.py", "pages/complaints.py", "pages/roster.py", "pages/sites.py", "pages/targets.py"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_draws_on_the_county_tree(county_app, page):
    at = county_app()
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_draws_for_the_head_of_a_station(county_app, county_url, page):
    from sqlalchemy import text

    from campaign.db import make_engine

    with make_engine(county_url).connect() as conn:
        station = conn.execute(text("SELECT id FROM office WHERE code = :c"), {"c": CHENGNAN}).scalar_one()
    at = county_app(role="head", office_id=station)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("screen", ["overview", "complaints", "roster", "sites", "targets"])
def test_every_wall_screen_draws_on_the_county_tree(county_app, screen):
    at = county_app()
    at.query_params["screens"] = f"{screen}:60"
    at.run()
    at.switch_page("pages/wall.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    # A county's wall names its whole tree 全辖区, never 全市.
    html = "".join(m.value for m in at.markdown)
    assert "全辖区" in html and "全市" not in html
    html = "".join(m.value for m in at.markdown)
    assert f'data-wall-screen="{screen}"' in html
