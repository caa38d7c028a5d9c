"""Activity sites and tallies: imports, latest-wins sums, states, the summary and statistics table."""

import io
from datetime import date
from datetime import datetime as dt

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert, select

from campaign.exports.sites_summary import sites_summary, statistics_table
from campaign.geo import gcj02_to_wgs84, wgs84_to_gcj02
from campaign.importing.errors import ImportRejected
from campaign.importing.runner import run_import
from campaign.importing.sites import SitesImport, TalliesImport
from campaign.schema import Complaint, Site
from queries.sites import SiteFilters, sites_as_of, totals_by_office
from tests.conftest import add_offices, write_csv

SITES = [
    ["活动点", "承办单位", "地址", "经度", "纬度", "开始时间", "结束时间", "主题"],
    ["甲广场", "S1", "", "120.164", "30.274", "2027-03-15 09:00", "2027-03-15 16:00", "品质消费 美好生活"],
    ["乙公园", "S1", "", "120.170", "30.250", "2027-03-14 09:00", "2027-03-14 12:00", ""],
    ["丙市场", "S2", "", "120.300", "30.420", "2027-03-15 14:00", "2027-03-15 17:00", ""],
    ["丁商场", "S2", "", "120.200", "30.200", "2027-03-14 09:00", "2027-03-14 11:00", ""],
]
TALLIES = [
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
    ["甲广场", "S1", "2027-03-15 10:00", "12", "20", "1", "1,000", "2", "1", "2", "1", "5"],
    ["甲广场", "S1", "2027-03-15 12:00", "12", "45", "3", "2,500", "5", "2", "2", "1", "5"],
    ["乙公园", "S1", "2027-03-14 12:00", "8", "30", "", "1,200", "", "", "1", "", ""],
    ["丙市场", "S2", "2027-03-15 16:00", "9", "50", "4", "900", "3", "0", "1", "0", "2"],
]
NOW = dt(2027, 3, 15, 13, 0)


@pytest.fixture
def loaded(engine, tmp_path):
    with engine.begin() as conn:
        ids = add_offices(conn, "S1", "S2")
        run_import(conn, SitesImport(), write_csv(tmp_path / "sites.csv", SITES, "gbk"))
        run_import(conn, TalliesImport(), write_csv(tmp_path / "tallies.csv", TALLIES, "gbk"))
        conn.execute(
            insert(Complaint.__table__),
            [
                {
                    "ticket_no": "X1",
                    "kind": "complaint",
                    "channel": "onsite",
                    "received_at": dt(2027, 3, 15, 10),
                    "office_id": ids["S1"],
                    "status": "pending",
                    "site_name": "甲广场",
                },
                {
                    "ticket_no": "X2",
                    "kind": "consultation",
                    "channel": "onsite",
                    "received_at": dt(2027, 3, 15, 11),
                    "office_id": ids["S1"],
                    "status": "closed",
                    "site_name": "甲广场",
                },
            ],
        )
    return ids


def test_latest_tally_wins_and_states_as_of_one_pm(engine, loaded):
    with engine.connect() as conn:
        frame = sites_as_of(conn, NOW).set_index("name")
    # 甲: latest by 13:00 is the 12:00 report (45 consultations, 2,500 materials); live 09-16.
    assert (
        frame.loc["甲广场", "state"],
        frame.loc["甲广场", "consultations"],
        frame.loc["甲广场", "materials"],
    ) == ("live", 45, 2500)
    assert frame.loc["甲广场", "served"] == 45 + 3 and frame.loc["甲广场", "logged"] == 2
    # 乙 finished with a tally, missing counts are 0; 丁 finished without any: silent; 丙 upcoming.
    assert (
        frame.loc["乙公园", "state"],
        frame.loc["乙公园", "complaints"],
        frame.loc["乙公园", "repairs"],
    ) == ("finished", 0, 0)
    assert (frame.loc["丁商场", "state"], frame.loc["丁商场", "materials"]) == ("silent", 0)
    assert frame.loc["丙市场", "state"] == "upcoming"


def test_totals_per_office_and_city_wide(engine, loaded):
    with engine.connect() as conn:
        by_office = totals_by_office(conn, NOW).set_index("code")
        summary = sites_summary(conn, date(2027, 3, 1), date(2027, 3, 31), dt(2027, 3, 16)).set_index(
            "office_code"
        )
        live = sites_as_of(conn, NOW, SiteFilters(states=("live",)))
    # As of 13:00. S1: 甲 (12 staff, 45, 2,500) + 乙 (8, 30, 1,200) = 20 staff, 75 consultations, 3,700.
    assert tuple(by_office.loc["S1", ["sites", "staff", "consultations", "materials"]]) == (2, 20, 75, 3700)
    # S2's 丙 has reported nothing by 13:00 and 丁 never did.
    assert tuple(by_office.loc["S2", ["sites", "staff", "materials"]]) == (2, 0, 0)
    # The export as of the end of 15 March: S2 now has 丙's 16:00 report (9 staff, 50, 4, 900).
    assert tuple(summary.loc["S2", ["sites", "staff", "consultations", "complaints", "materials"]]) == (
        2,
        9,
        50,
        4,
        900,
    )
    # ALL: 4 sites; staff 12+8+9 = 29; consultations 45+30+50 = 125; complaints 3+0+4 = 7; materials 4,600.
    assert tuple(
        summary.loc["ALL", ["sites", "staff", "consultations", "complaints", "materials", "banners"]]
    ) == (4, 29, 125, 7, 4600, 4)
    assert list(live["name"]) == ["甲广场"]


def test_statistics_table_totals_equal_the_export(engine, loaded):
    with engine.connect() as conn:
        summary = sites_summary(conn, date(2027, 3, 1), date(2027, 3, 31), dt(2027, 3, 16))
    data = statistics_table(summary, "市局", date(2027, 3, 1), date(2027, 3, 31), dt(2027, 3, 20, 9))
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][0] == "开展宣传活动情况统计表" and rows[1][0] == "填报单位：市局"
    assert rows[2][0] == "统计时段：2027年03月01日 至 2027年03月31日"
    header = rows[4]
    assert header[1] == "设立宣传咨询服务点（个）"
    total = next(r for r in rows if r[0] == "合计")
    expected = summary[summary["office_code"] == "ALL"].iloc[0]
    assert total[1:] == [int(expected[c]) for c in summary.columns[2:]]
    assert rows[-1][0] == "导出时间：2027-03-20 09:00:00"


def test_bad_site_and_tally_rows_are_refused(engine, loaded, tmp_path):
    bad_sites = [SITES[0], ["戊", "S1", "", "120.1", "30.2", "2027-03-15 12:00", "2027-03-15 09:00", ""]]
    with pytest.raises(ImportRejected) as rejected, engine.begin() as conn:
        run_import(conn, SitesImport(), write_csv(tmp_path / "bad.csv", bad_sites))
    assert [(p.row, p.column) for p in rejected.value.problems] == [(2, "结束时间")]
    bad_tallies = [
        TALLIES[0],
        ["不存在", "S1", "2027-03-15 10:00", "1", "", "", "", "", "", "", "", ""],
        ["甲广场", "S1", "2027-03-15 11:00", "-3", "", "", "1.5", "", "", "", "", ""],
    ]
    with pytest.raises(ImportRejected) as rejected, engine.begin() as conn:
        run_import(conn, TalliesImport(), write_csv(tmp_path / "bad2.csv", bad_tallies))
    assert [(p.row, p.column) for p in rejected.value.problems] == [
        (2, "活动点"),
        (3, "参加工作人员"),
        (3, "发放资料"),
    ]


def test_gcj02_coordinates_are_converted_on_import(engine, tmp_path):
    with engine.begin() as conn:
        add_offices(conn, "S1")
    # 武林广场 in WGS-84; a 高德 picker shows it shifted by the GCJ-02 formula.
    wgs = (120.1640, 30.2740)
    gcj = wgs84_to_gcj02(*wgs)
    assert abs(gcj[0] - wgs[0]) > 0.003  # the shift is several hundred metres
    rows = [
        SITES[0],
        ["武林广场", "S1", "", f"{gcj[0]:.6f}", f"{gcj[1]:.6f}", "2027-03-15 09:30", "2027-03-15 16:00", ""],
    ]
    with engine.begin() as conn:
        run_import(conn, SitesImport(gcj02=True), write_csv(tmp_path / "gcj.csv", rows))
        lon, lat = conn.execute(select(Site.__table__.c.lon, Site.__table__.c.lat)).one()
    assert abs(lon - wgs[0]) < 2e-6 and abs(lat - wgs[1]) < 2e-6  # within 0.2 m
    assert gcj02_to_wgs84(200.0, 10.0) == (200.0, 10.0)  # outside China: unchanged
