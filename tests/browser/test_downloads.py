"""Downloads saved by a real browser: the Chinese file name arrives whole, the workbook is typed."""

import io
import re

from openpyxl import load_workbook

from scripts.screenshots import RENDERED, wait_for_render
from tests.browser.conftest import TESTER


def saved(page, button: str) -> tuple[str, bytes]:
    """The name the browser saves a download under, and its bytes."""
    page.wait_for_function(RENDERED, timeout=60_000)
    page.wait_for_timeout(500)
    with page.expect_download(timeout=45_000) as caught:
        page.get_by_role("button", name=button).click()
    return caught.value.suggested_filename, open(caught.value.path(), "rb").read()


def test_downloads_are_saved_under_their_chinese_names(frozen_server, page):
    page.goto(f"{frozen_server.url}/complaints?from=2027-03-15&to=2027-03-15")
    wait_for_render(page, 60, TESTER)
    name, data = saved(page, "下载 Excel")
    assert name == "12315诉求明细_2027-03-15至2027-03-15.xlsx"
    sheet = load_workbook(io.BytesIO(data))["12315诉求明细"]
    header = next(r for r in sheet.iter_rows(min_row=1, max_row=6) if r[0].value == "受理编号")
    column = next(c.column for c in header if c.value == "涉及金额（元）")
    amounts = [r[0] for r in sheet.iter_rows(min_row=header[0].row + 1, min_col=column, max_col=column)]
    assert any(isinstance(c.value, float | int) for c in amounts)
    assert sheet.freeze_panes == f"A{header[0].row + 1}"
    name, _ = saved(page, "下载 CSV")
    assert name == "12315诉求明细_2027-03-15至2027-03-15.csv"
    page.goto(f"{frozen_server.url}/sites")
    wait_for_render(page, 60, TESTER)
    name, _ = saved(page, "下载统计表（Excel）")
    # The figures end at the frozen clock's day, 15 March, whatever the period asked.
    assert re.fullmatch(r"开展宣传活动情况统计表_2027-\d\d-\d\d至2027-03-15\.xlsx", name)
