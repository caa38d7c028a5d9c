"""The page downloads as a clerk opens them: Chinese names, typed cells, frozen headers, any size."""

import io
from datetime import date, timedelta
from datetime import datetime as dt

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert

from campaign.auth import Viewer
from campaign.schema import Complaint
from campaign.strings import t
from queries.complaints import Filters
from tests.conftest import add_offices
from ui import case_panel
from ui.export import csv_with_preamble, preamble, xlsx_with_preamble

DAY = date(2027, 3, 15)
NOW = dt(2027, 3, 15, 23, 59, 59)
CASES = 20_001  # past four of the export's 5,000-row pages, and one more
HOSTILE = '=HYPERLINK("http://x","点我")'


@pytest.fixture
def many_cases(engine):
    with engine.begin() as conn:
        ids = add_offices(conn, "S1")
        rows = [
            {
                "ticket_no": f"20270315{n:08d}",
                "kind": "complaint" if n % 3 else "consultation",
                "channel": "hotline",
                # One a second from midnight: the first at 00:00:00, the last at 05:33:20.
                "received_at": dt(2027, 3, 15) + timedelta(seconds=n),
                "office_id": ids["S1"],
                "business": HOSTILE if n == 1 else f"商户{n % 97}",
                "amount_fen": None if n % 10 == 9 else 128050 + n,
                "status": "closed" if n % 2 else "pending",
                "closed_at": dt(2027, 3, 15, 23, 59, 59) if n % 2 else None,
                "outcome": "mediated" if n % 2 else None,
                "recovered_fen": 100 * n if n % 2 else None,
                "consumer_phone": "13812345678",
            }
            for n in range(CASES)
        ]
        conn.execute(insert(Complaint.__table__), rows)
    return ids


def test_the_case_workbook_of_20001_cases_holds_numbers_times_and_a_frozen_header(
    engine, many_cases, monkeypatch
):
    monkeypatch.setattr(case_panel.data, "engine", lambda: engine)
    who = Viewer("tester", "测试员", "city_admin", None, True)
    frame = case_panel._export_frame(who, Filters(DAY, DAY), NOW, unmask=False)
    lines = preamble("2027-03-15 ~ 2027-03-15；全市", NOW, len(frame))
    book = load_workbook(io.BytesIO(xlsx_with_preamble(frame, lines, t("export.case_sheet"))))
    assert book.sheetnames == ["12315诉求明细"]
    sheet = book.active
    # Three preamble rows, a blank one, the header on row 5, frozen under it.
    assert sheet["A5"].value == "受理编号" and sheet.freeze_panes == "A6"
    assert sheet.max_row - 5 == CASES
    header = [c.value for c in sheet[5]]
    col = {name: n + 1 for n, name in enumerate(header)}
    by_ticket = {
        ticket: r for r, (ticket,) in enumerate(sheet.iter_rows(min_row=6, max_col=1, values_only=True), 6)
    }
    assert len(by_ticket) == CASES
    first = by_ticket["2027031500000000"]
    # Ticket 0: 128,050 fen = 1,280.50 yuan, a number; received at midnight exactly, a datetime.
    amount = sheet.cell(first, col["涉及金额（元）"])
    assert amount.value == 1280.5 and amount.data_type == "n" and amount.number_format == "#,##0.00"
    received = sheet.cell(first, col["登记时间"])
    assert received.value == dt(2027, 3, 15) and received.is_date
    assert received.number_format == "yyyy-mm-dd hh:mm:ss"
    assert sheet.cell(first, col["办结时间"]).value is None  # pending: empty, not "" or NaT
    # Ticket 1: closed at the day's last second, 100 fen recovered = 1.00 yuan.
    one = by_ticket["2027031500000001"]
    assert sheet.cell(one, col["办结时间"]).value == dt(2027, 3, 15, 23, 59, 59)
    assert sheet.cell(one, col["挽回经济损失（元）"]).value == 1
    # Its business would be a formula to Excel: it stays text, unaltered.
    business = sheet.cell(one, col["被投诉主体"])
    assert business.value == HOSTILE and business.data_type == "s"
    # Ticket 9 has no amount: an empty cell.
    assert sheet.cell(by_ticket["2027031500000009"], col["涉及金额（元）"]).value is None
    # The last ticket, 20,000: 128,050 + 20,000 fen = 1,480.50 yuan.
    assert sheet.cell(by_ticket["2027031500020000"], col["涉及金额（元）"]).value == 1480.5
    assert sheet.column_dimensions["A"].width >= 16 and sheet.auto_filter.ref == f"A5:Q{sheet.max_row}"


def test_the_case_csv_has_a_bom_and_plain_numbers_and_times(engine, many_cases, monkeypatch):
    monkeypatch.setattr(case_panel.data, "engine", lambda: engine)
    who = Viewer("tester", "测试员", "city_admin", None, True)
    frame = case_panel._export_frame(who, Filters(DAY, DAY), NOW, unmask=False).tail(1)
    data = csv_with_preamble(frame, preamble("全市", NOW, 1))
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[4].startswith("受理编号,诉求类型")
    # 1,280.50 yuan without a separator (Excel reads it as a number); times to the second.
    assert lines[5].split(",")[:8] == [
        "2027031500000000",
        "咨询",
        "12315热线",
        "2027-03-15 00:00:00",
        "S1所",
        "",
        "商户0",
        "1280.50",
    ]


def test_download_names_are_chinese():
    assert (
        t("export.case_file", first=DAY, last=DAY, ext="xlsx") == "12315诉求明细_2027-03-15至2027-03-15.xlsx"
    )
    assert t("export.targets_file", day=DAY) == "计划目标进度_截至2027-03-15.xlsx"
    assert (
        t("stats.file", first=date(2027, 3, 1), last=DAY)
        == "开展宣传活动情况统计表_2027-03-01至2027-03-15.xlsx"
    )


def test_the_targets_workbook_has_chinese_labels_numbers_and_its_as_of_date():
    import pandas as pd

    from ui.target_tables import targets_file_name, targets_workbook

    frame = pd.DataFrame(
        {
            "office_code": ["S1", "S1"],
            "office_name": ["S1所", "S1所"],
            "metric": ["inspections", "recovered"],
            "target": [20.0, 10000.0],
            "actual": [9.0, 12345.5],
            # 9 ÷ 20 = 45.0%; 12,345.5 ÷ 10,000 = 123.5% (rounded to 1 decimal)
            "pct_done": [45.0, 123.455],
            "pct_expected": [50.0, 50.0],
            "status": ["behind", "done"],
            "start_date": [date(2027, 3, 1)] * 2,
            "due_date": [date(2027, 3, 20)] * 2,
        }
    )
    data = targets_workbook(frame, DAY, dt(2027, 3, 15, 20, 45, 7))
    assert targets_file_name(DAY) == "计划目标进度_截至2027-03-15.xlsx"
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["计划目标进度"]
    sheet = book.active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[:3] == [
        ["统计截至", "2027-03-15", *[None] * 8],
        ["导出时间", "2027-03-15 20:45:07", *[None] * 8],
        ["行数", 2, *[None] * 8],
    ]
    header = [
        "单位代码",
        "单位",
        "指标",
        "计量单位",
        "目标值",
        "实际值",
        "完成比例",
        "应完成比例",
        "状态",
        "起止日期",
    ]
    assert rows[4] == header
    assert rows[5][:3] == ["S1", "S1所", "市场检查"] and rows[5][8] == "落后" and rows[6][8] == "已完成"
    assert sheet.freeze_panes == "A6"
    target, actual, done = sheet["E6"], sheet["F7"], sheet["G7"]
    assert (target.value, target.number_format) == (20, "#,##0")  # every target whole: counts
    assert (actual.value, actual.number_format) == (12345.5, "#,##0.00")
    assert done.data_type == "n" and done.value == 1.235 and done.number_format == "0.0%"
