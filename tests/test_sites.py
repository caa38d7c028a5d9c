"""Activity sites and tallies: imports, latest-wins sums, states, the summary and statistics table."""

import io
from datetime import date
from datetime import datetime as dt

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert, select

from campaign.exports.sites_summary import sites_summary, statistics_file, statistics_table
from campaign.geo import gcj02_to_wgs84, wgs84_to_gcj02
from campaign.importing.errors import ImportRejected
from campaign.importing.runner import run_import
from campaign.importing.sites import SitesImport, TalliesImport
from campaign.schema import Complaint, Office, Site, Tally
from queries.sites import (
    SiteFilters,
    live_site_count,
    materials_handed_out,
    sites_as_of,
    sites_page,
    sites_wall,
    today_figures,
    totals_by_office,
)
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
    assert rows[2][0] == "统计时段：2027年3月1日至3月31日"
    header = rows[4]
    assert header[:3] == ["序号", "单位", "设立宣传咨询服务点（个）"]
    # Offices C, D, S1, S2 numbered 1-4 (the summary given lists those without sites too).
    assert [r[0] for r in rows[5:9]] == [1, 2, 3, 4]
    total = next(r for r in rows if r[1] == "合计")
    expected = summary[summary["office_code"] == "ALL"].iloc[0]
    assert total[2:] == [int(expected[c]) for c in summary.columns[2:]]
    assert rows[-1][0] == "导出时间：2027-03-20 09:00:00"


def test_the_statistics_file_lists_offices_that_ran_sites_and_names_the_filer(engine, loaded):
    with engine.connect() as conn:
        city = statistics_file(conn, date(2027, 3, 15), date(2027, 3, 15), dt(2027, 3, 16))
        s2 = statistics_file(conn, date(2027, 3, 15), date(2027, 3, 15), dt(2027, 3, 16), loaded["S2"])

    def rows(data):
        return [[c.value for c in r] for r in load_workbook(io.BytesIO(data)).active.iter_rows()]

    # Sites starting on the 15th: 甲 (S1) and 丙 (S2); offices C and D ran none and are left out.
    # Both under the one district D: no 小计, the 合计 alone.
    city_rows = rows(city)
    assert city_rows[1][0] == "填报单位：市局"
    assert [r[:2] for r in city_rows[5:8]] == [[1, "S1所"], [2, "S2所"], [None, "合计"]]
    assert city_rows[7][2] == 2
    s2_rows = rows(s2)
    # S2 files its own: 1 site, 丙's 16:00 report (9 staff, 50 consultations, 4 complaints, 900 materials).
    assert s2_rows[1][0] == "填报单位：S2所" and [r[1] for r in s2_rows[5:7]] == ["S2所", "合计"]
    assert s2_rows[6][2:7] == [1, 9, 50, 4, 900]


def test_the_statistics_file_subtotals_each_district_and_prints_on_one_a4_page_wide(engine, loaded):
    with engine.begin() as conn:
        # A second district E with one office T1, which ran 戊广场 on the 3rd: 6 staff, 10 consultations.
        city_id = conn.execute(select(Office.__table__.c.id).where(Office.__table__.c.code == "C")).scalar()
        e = conn.execute(
            insert(Office.__table__).values(code="E", name="乙区局", level="district", parent_id=city_id)
        ).inserted_primary_key[0]
        t1 = conn.execute(
            insert(Office.__table__).values(code="T1", name="T1所", level="station", parent_id=e)
        ).inserted_primary_key[0]
        site_id = conn.execute(
            insert(Site.__table__).values(
                name="戊广场",
                office_id=t1,
                lon=120.1,
                lat=30.2,
                start_at=dt(2027, 3, 3, 9),
                end_at=dt(2027, 3, 3, 12),
            )
        ).inserted_primary_key[0]
        conn.execute(
            insert(Tally.__table__).values(
                site_id=site_id, reported_at=dt(2027, 3, 3, 11), staff=6, consultations=10
            )
        )
        # Made at 13:00 on the 15th for 1-31 March: the figures cover 1-15 March.
        data = statistics_file(conn, date(2027, 3, 1), date(2027, 3, 31), NOW)
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[2][0] == "统计时段：2027年3月1日至3月15日"
    # 区局 (D): S1 (甲 and 乙, 2 sites) and S2 (丙 and 丁, 2 sites); 乙区局 (E): T1 (戊, 1 site).
    # Staff as of 13:00 on the 15th: S1 12 (甲 at 12:00) + 8 (乙) = 20; S2 none reported yet (丙 at 16:00).
    assert [r[:4] for r in rows[5:11]] == [
        [1, "S1所", 2, 20],
        [2, "S2所", 2, 0],
        [None, "区局小计", 4, 20],
        [3, "T1所", 1, 6],
        [None, "乙区局小计", 1, 6],
        [None, "合计", 5, 26],  # 4 + 1 sites, 20 + 6 staff
    ]
    assert sheet.cell(7, 3).data_type == "n" and sheet.cell(7, 3).number_format == "#,##0"
    assert sheet.cell(8, 2).font.b and sheet.cell(11, 2).font.b and not sheet.cell(6, 2).font.b
    assert [rows[12][0], rows[12][4], rows[12][8]] == ["填报人：", "审核人：", "联系电话："]
    assert rows[12][1] is None and rows[-1][0] == "导出时间：2027-03-15 13:00:00"
    assert sheet.freeze_panes == "A6" and [r.coord for r in sheet.merged_cells.ranges] == ["A1:L1"]
    assert sheet["A1"].alignment.horizontal == "center"
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (
        9,
        "landscape",
        1,
        0,
    )
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_options.horizontalCentered
    assert sheet.print_title_rows == "$5:$5"


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


def test_a_site_is_live_from_its_start_up_to_but_not_at_its_end(engine, loaded):
    with engine.connect() as conn:
        at_two = live_site_count(conn, dt(2027, 3, 15, 14))
        at_four = live_site_count(conn, dt(2027, 3, 15, 16))
        states = sites_as_of(conn, dt(2027, 3, 15, 16)).set_index("name")["state"]
        in_s2 = live_site_count(conn, dt(2027, 3, 15, 14), loaded["S2"])
    # 14:00: 甲 (09-16) and 丙, whose start_at is 14:00 exactly: 2 live.
    assert at_two == 2 and in_s2 == 1
    # 16:00: 甲's end_at is 16:00 exactly, so only 丙 (14-17) is live; the map's state agrees.
    assert at_four == 1
    assert (states["甲广场"], states["丙市场"]) == ("finished", "live")


def add_overnight_site(conn, office_id: int) -> None:
    """戊夜市 (S2) runs 14 March 20:00 to 15 March 02:00 and reports at 23:00 and at 00:00."""
    site_id = conn.execute(
        insert(Site.__table__).returning(Site.__table__.c.id),
        {
            "name": "戊夜市",
            "office_id": office_id,
            "lon": 120.2,
            "lat": 30.3,
            "start_at": dt(2027, 3, 14, 20),
            "end_at": dt(2027, 3, 15, 2),
        },
    ).scalar_one()
    zero = {c: 0 for c in ("staff", "repairs", "tests", "banners", "vehicles", "volunteers")}
    conn.execute(
        insert(Tally.__table__),
        [
            {
                "site_id": site_id,
                "reported_at": dt(2027, 3, 14, 23),
                "consultations": 10,
                "complaints": 1,
                "materials": 300,
                **zero,
            },
            {
                "site_id": site_id,
                "reported_at": dt(2027, 3, 15, 0),
                "consultations": 16,
                "complaints": 2,
                "materials": 500,
                **zero,
            },
        ],
    )


def test_materials_cumulative_and_today(engine, loaded):
    with engine.begin() as conn:
        add_overnight_site(conn, loaded["S2"])
    now = dt(2027, 3, 15, 16)
    with engine.connect() as conn:
        total = materials_handed_out(conn, now)
        today = today_figures(conn, now)
        s1 = today_figures(conn, now, office_id=loaded["S1"])
        page = sites_page(conn, now, SiteFilters())
        narrowed = sites_page(conn, now, SiteFilters(day=date(2027, 3, 15)))
    # Cumulative by 16:00 (16:00 itself counts): 甲 2,500 + 乙 1,200 + 丙 900 + 戊 500 = 5,100.
    assert total == 5100
    # Before 00:00 on the 15th: 乙 1,200 + 戊 300 = 1,500; today 5,100 - 1,500 = 3,600
    # (甲 2,500 + 丙 900 + 戊's rise 200, its 00:00 report being today's).
    assert today.materials_today == 3600
    # Served today: 甲 45+3 + 丙 50+4 + 戊 (16+2) - (10+1) = 48 + 54 + 7 = 109; complaints 3 + 4 + 1 = 8.
    assert (today.served_today, today.site_complaints_today) == (109, 8)
    # Running today: 甲, 丙 and 戊 (until 02:00); live at 16:00: 丙 only (甲 ends at 16:00).
    assert (today.sites_today, today.live_sites) == (3, 1)
    # S1 alone: 甲 only today, 2,500 materials, 48 served, not live at 16:00.
    assert (s1.sites_today, s1.live_sites, s1.materials_today, s1.served_today) == (1, 0, 2500, 48)
    # The page unfiltered shows the overview's figures; filtered to the 15th, its own.
    assert (page.in_view, page.live, page.materials, page.narrowed) == (5, 1, 5100, False)
    # The 15th: 甲, 丙, 戊 run that day; materials 2,500 + 900 + 500 = 3,900.
    assert (narrowed.in_view, narrowed.live, narrowed.materials, narrowed.narrowed) == (3, 1, 3900, True)
    assert narrowed.offices.iloc[-1]["code"] == "ALL" and narrowed.offices.iloc[-1]["materials"] == 3900


def test_the_wall_names_the_office_it_is_filtered_to(engine, loaded):
    with engine.connect() as conn:
        city = sites_wall(conn, NOW)
        s2 = sites_wall(conn, NOW, loaded["S2"])
    # 13:00 on the 15th: 甲 and 丙 run today; 甲 is live.
    assert (city.office, len(city.sites), city.figures.sites_today, city.figures.live_sites) == ("", 2, 2, 1)
    assert s2.office == "S2所" and list(s2.sites["name"]) == ["丙市场"] and s2.figures.live_sites == 0
