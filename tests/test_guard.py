"""The Chinese error guard and the chart click's codes, without a browser."""

import io
import logging

from openpyxl import load_workbook

from ui import guard
from ui.filters import clicked_codes


def test_clicked_codes_take_text_and_numbers_and_drop_the_rest():
    points = [
        {"customdata": ["33010201"]},
        {"customdata": ["food"]},
        {"customdata": {"dtype": "i8", "bdata": "AQ=="}},  # a typed array, as Plotly.js sends numpy
        {"customdata": [None]},
        {"customdata": [""]},
        {"customdata": [True]},
        {},
        "not a point",
    ]
    assert clicked_codes(points) == ["33010201", "food"]


def test_a_failing_download_gives_a_file_that_says_so_in_chinese(caplog):
    def build():
        raise KeyError("outcome.nan")

    with caplog.at_level(logging.ERROR, logger="campaign.ui"):
        xlsx = guard.download(build, "xlsx")()
        csv = guard.download(build, "csv")()
    cell = load_workbook(io.BytesIO(xlsx)).active["A1"].value
    assert cell.startswith("导出失败") and "参考编号" in cell
    assert csv.decode("utf-8-sig").startswith("导出失败")
    # The log carries each reference the user reads, with the traceback.
    ref = cell.split("参考编号 ")[1].rstrip("）。")
    assert any(ref in r.getMessage() and r.exc_info for r in caplog.records)


def test_a_working_download_is_untouched():
    assert guard.download(lambda: b"ok", "csv")() == b"ok"
