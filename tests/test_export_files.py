"""Downloads from the screens record the filters and the moment of export above the table."""

import io
from datetime import datetime

import pandas as pd
from openpyxl import load_workbook

from ui.export import csv_with_preamble, preamble, xlsx_with_preamble

FRAME = pd.DataFrame(
    {"受理编号": ["2027031500000001", "2027031500000002"], "联系电话": ["138****5678", None]}
)
LINES = preamble("2027-03-15 ~ 2027-03-15；全市；晚会转办", datetime(2027, 3, 15, 20, 45, 7), 2)


def test_csv_has_bom_preamble_then_table():
    data = csv_with_preamble(FRAME, LINES)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[:5] == [
        "筛选条件,2027-03-15 ~ 2027-03-15；全市；晚会转办",
        "导出时间,2027-03-15 20:45:07",
        "行数,2",
        "",
        "受理编号,联系电话",
    ]
    # Ticket numbers stay text, 16 digits exactly.
    assert lines[5] == "2027031500000001,138****5678"


def test_xlsx_has_the_same_preamble_and_table():
    book = load_workbook(io.BytesIO(xlsx_with_preamble(FRAME, LINES, "cases")))
    sheet = book["cases"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["筛选条件", "2027-03-15 ~ 2027-03-15；全市；晚会转办"]
    assert rows[1] == ["导出时间", "2027-03-15 20:45:07"]
    assert rows[2] == ["行数", 2]  # a number, as the rows below it
    assert rows[4] == ["受理编号", "联系电话"]
    assert rows[5] == ["2027031500000001", "138****5678"]
    # The header stays in view under the preamble, bold; widths fit the 16-digit ticket numbers.
    assert sheet.freeze_panes == "A6" and sheet["A5"].font.b and sheet.auto_filter.ref == "A5:B7"
    assert sheet.column_dimensions["A"].width == 18  # 16 characters and a margin of 2
    assert sheet["B7"].value is None  # a missing phone is an empty cell, not "nan"
