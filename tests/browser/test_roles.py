"""Each role in a real browser: what it may open, what its downloads hold, what it may upload;
and a city whose names are markup, shown as text on every screen."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlalchemy import text

from campaign.db import make_engine
from scripts.screenshots import RENDERED, sign_in, wait_for_render
from tests.browser.conftest import (
    ADMIN,
    DEMO_NOW,
    DISTRICT_HEAD,
    SCREENSHOTS,
    STAFF,
    TESTER,
    WALL_TOKENS,
    Server,
    add_tester,
    with_token,
)

DAY = "from=2027-03-15&to=2027-03-15"
PHONE = re.compile(r"1\d{10}")


def open_as(page, url: str, account) -> None:
    page.goto(url)
    wait_for_render(page, 60, account)


def download(page, button: str) -> bytes:
    """Click a download button once the app is idle (a click during a rerun can be lost)."""
    for attempt in range(2):
        page.wait_for_function(RENDERED, timeout=60_000)
        page.wait_for_timeout(500)
        try:
            with page.expect_download(timeout=45_000) as caught:
                page.get_by_role("button", name=button).click()
            return open(caught.value.path(), "rb").read()
        except PlaywrightTimeout:
            if attempt:
                raise
    raise AssertionError("unreachable")


def csv_rows(data: bytes) -> list[dict]:
    lines = data.decode("utf-8-sig").splitlines()
    header = next(n for n, line in enumerate(lines) if line.startswith("受理编号"))
    return list(csv.DictReader(lines[header:]))


def xlsx_rows(data: bytes, header_first: str) -> list[dict]:
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    start = next(n for n, r in enumerate(rows) if r and r[0] == header_first)
    return [dict(zip(rows[start], r, strict=False)) for r in rows[start + 1 :] if r and r[0] is not None]


def district_offices(url: str) -> tuple[set[str], set[str]]:
    """Names and codes of the first district and the offices below it."""
    with make_engine(url).connect() as conn:
        rows = conn.execute(
            text(
                "SELECT name, code FROM office WHERE code = (SELECT min(code) FROM office WHERE level = 'district') "
                "OR parent_id = (SELECT id FROM office WHERE code = (SELECT min(code) FROM office WHERE level = 'district'))"
            )
        ).all()
    return {r[0] for r in rows}, {r[1] for r in rows}


def test_a_district_head_downloads_only_their_district_with_personal_data_masked(
    frozen_server, demo_db, page
):
    names, codes = district_offices(demo_db)
    open_as(page, f"{frozen_server.url}/complaints?{DAY}", DISTRICT_HEAD)
    assert "区局测试员（所长）" in page.locator('[data-testid="stSidebar"]').inner_text()
    cases = csv_rows(download(page, "下载 CSV"))
    assert len(cases) > 100 and {r["承办单位"] for r in cases} <= names
    assert not any(PHONE.fullmatch(r["联系电话"]) for r in cases)
    assert any(re.fullmatch(r"1\d\d\*{4}\d{4}", r["联系电话"]) for r in cases)
    excel = xlsx_rows(download(page, "下载 Excel"), "受理编号")
    assert len(excel) == len(cases) and {r["承办单位"] for r in excel} <= names
    open_as(page, f"{frozen_server.url}/sites", DISTRICT_HEAD)
    stats = xlsx_rows(download(page, "下载统计表（Excel）"), "序号")
    offices = {r["单位"] for r in stats if isinstance(r["序号"], int)}  # not 小计, 合计 or the lines to sign
    assert offices and offices <= names
    open_as(page, f"{frozen_server.url}/targets", DISTRICT_HEAD)
    targets = xlsx_rows(download(page, "下载目标进度（Excel）"), "单位代码")
    assert targets and {r["单位代码"] for r in targets} <= codes


def test_staff_download_only_the_cases_they_handle_in_full(frozen_server, demo_db, page):
    open_as(page, f"{frozen_server.url}/complaints?{DAY}", STAFF)
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    name = re.search(r"(\S+)（工作人员）", sidebar).group(1)
    page.get_by_text("显示完整姓名和电话").click()
    wait_for_render(page, 60)
    cases = csv_rows(download(page, "下载 CSV"))
    assert cases and {r["承办人"] for r in cases} == {name}
    with make_engine(demo_db).connect() as conn:
        mine = conn.execute(
            text(
                "SELECT count(*) FROM complaint WHERE handler = :n AND office_id = "
                "(SELECT id FROM office WHERE code = (SELECT min(o.code) FROM complaint c JOIN office o "
                "ON o.id = c.office_id WHERE c.handler IS NOT NULL)) "
                "AND received_at >= '2027-03-15' AND received_at <= :now"
            ),
            {"n": name, "now": DEMO_NOW},
        ).scalar()
        audited = conn.execute(
            text("SELECT count(*) FROM audit_event WHERE username = :u AND action = 'export'"),
            {"u": STAFF[0]},
        ).scalar()
    assert len(cases) == mine and audited >= 1
    assert any(PHONE.fullmatch(r["联系电话"]) for r in cases)  # allowed, switched on, audited


@pytest.mark.parametrize("path", ["admin", "imports"])
def test_administrators_pages_deep_linked_show_the_form_then_refuse_anyone_else(frozen_server, browser, path):
    # (A fresh server for every deep link is test_navigation's; here, the page-not-found modal.)
    server = frozen_server
    try:
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        page = context.new_page()
        page.goto(f"{server.url}/{path}")
        wait_for_render(page)
        assert page.locator('input[type="password"]').count() == 1
        assert "Page not found" not in page.locator("body").inner_text()
        sign_in(page, TESTER)
        page.wait_for_selector('[data-testid="stAlertContentError"]', timeout=60_000)
        body = page.locator("body").inner_text()
    finally:
        context.close()
    assert "只有管理员可以查看此页面。" in body and "Page not found" not in body
    assert "数据导入" not in body and "系统管理" not in body.replace("只有管理员", "")


def test_an_administrator_uploads_in_the_browser_and_oversize_files_are_refused_in_chinese(
    frozen_server, demo_db, page, tmp_path
):
    open_as(page, f"{frozen_server.url}/imports", ADMIN)
    assert "数据导入" in page.locator('[data-testid="stSidebarNav"]').inner_text()
    uploader = page.locator('[data-testid="stFileUploader"]')
    # Streamlit's English is drawn at size 0 and the catalogue's Chinese in its place.
    english = uploader.locator(
        '[data-testid="stBaseButton-secondary"] p, [data-testid="stFileUploaderDropzoneInstructions"] span'
    )
    assert english.count() == 2
    assert all(english.nth(n).evaluate("e => getComputedStyle(e).fontSize") == "0px" for n in range(2))
    shown = [english.nth(n).evaluate("e => getComputedStyle(e, '::after').content") for n in range(2)]
    assert "选择文件" in shown[0] and "每个文件不超过 50 MB" in shown[1]
    big = tmp_path / "单位.csv"
    big.write_bytes(b"a,b\r\n" + b"x" * (51 * 1024 * 1024))
    page.locator('input[type="file"]').set_input_files(str(big))
    page.wait_for_selector('[data-testid="stFileChip"][aria-invalid="true"]', timeout=30_000)
    refusal = page.evaluate(
        """() => getComputedStyle(document.querySelector('[data-testid="stFileChips"]'), '::after').content"""
    )
    assert "只接受不超过 50 MB 的 .csv 或 .xlsx 文件" in refusal
    assert page.get_by_role("button", name="检查并导入").is_disabled()
    page.locator('[data-testid="stFileChipDeleteBtn"] button').first.click()
    with make_engine(demo_db).connect() as conn:
        row = conn.execute(
            text(
                "SELECT o.code, o.name, p.code, o.lon, o.lat FROM office o JOIN office p ON p.id = o.parent_id "
                "WHERE o.level = 'station' ORDER BY o.code LIMIT 1"
            )
        ).one()
    good = tmp_path / "单位-复核.csv"
    good.write_bytes(
        "单位编码,单位名称,上级单位编码,层级,经度,纬度\r\n{},{},{},所,{},{}\r\n".format(*row).encode("gbk")
    )
    page.locator('input[type="file"]').set_input_files(str(good))
    page.wait_for_function(
        '() => !document.querySelector(\'[data-testid="stFileChip"][aria-invalid="true"]\')'
        " && document.querySelectorAll('[data-testid=\"stFileChip\"]').length === 1",
        timeout=30_000,
    )
    page.get_by_role("button", name="检查并导入").click()
    page.wait_for_selector('[data-testid="stAlertContentSuccess"]', timeout=60_000)
    assert (
        "文件 单位-复核.csv 导入完成：共 1 行"
        in page.locator('[data-testid="stAlertContentSuccess"]').inner_text()
    )
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "imports.png"))


SCRIPT = "<script>window.__xss=1</script>"
IMG = "<img src=x onerror=window.__xss=2>"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    from campaign.bootstrap import initialise
    from sample_data.city import generate_city
    from tests.test_hostile import poison

    url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'hostile.db'}"
    engine = make_engine(url)
    initialise(engine)
    generate_city(engine, seed=11, today=DEMO_NOW)
    with engine.begin() as conn:
        poison(conn)
    token = add_tester(engine)
    engine.dispose()
    server = Server(url, {"CAMPAIGN_NOW": DEMO_NOW.isoformat()})
    server.token = token
    yield server
    server.stop()


def test_markup_in_names_is_shown_as_text_on_every_screen_and_runs_nowhere(hostile_server, page):
    paths = ["", f"complaints?{DAY}", "roster", "sites", "targets"]
    seen = []
    for path in paths:
        open_as(page, f"{hostile_server.url}/{path}", TESTER)
        page.wait_for_timeout(500)
        seen.append(page.locator('[data-testid="stMain"]').inner_text())
        assert page.evaluate("() => window.__xss") is None, path
        assert page.locator('[data-testid="stMain"] img[src="x"], [data-testid="stMain"] script').count() == 0
    for screen in ("overview", "complaints", "roster", "sites", "targets"):
        page.goto(with_token(f"{hostile_server.url}/wall?screens={screen}:60", hostile_server.token))
        page.wait_for_selector(".wall-head", timeout=60_000)
        page.wait_for_timeout(700)
        seen.append(page.locator("body").inner_text())
        assert page.evaluate("() => window.__xss") is None, screen
        assert page.locator('img[src="x"]').count() == 0
    # The names are there, as the characters they are.
    assert any(IMG in text for text in seen)
    assert WALL_TOKENS  # the token came from add_tester


def test_the_servers_log_holds_no_password_token_or_phone_number(frozen_server, demo_db, page):
    from pathlib import Path

    page.goto(f"{frozen_server.url}/roster")
    wait_for_render(page)
    form = page.locator('[data-testid="stForm"]')
    form.locator('input[type="text"]').fill(ADMIN[0])
    form.locator('input[type="password"]').fill("a wrong password, logged nowhere")
    form.locator('[data-testid="stFormSubmitButton"] button').click()
    page.wait_for_selector('[data-testid="stAlertContentError"]', timeout=20_000)
    page.goto(with_token(f"{frozen_server.url}/wall?screens=overview:60", WALL_TOKENS[demo_db]))
    page.wait_for_selector(".wall-head", timeout=60_000)
    log = Path(frozen_server.log.name).read_text()
    assert "sign-in refused" in log  # the refusal is logged ...
    secrets = [TESTER[1], ADMIN[1], DISTRICT_HEAD[1], STAFF[1], "a wrong password", WALL_TOKENS[demo_db]]
    assert not [s for s in secrets if s in log]  # ... and none of what was typed or sent
    assert not PHONE.search(log)
