"""In a real browser: health, deep links from the first request, every screen at 1920x1080."""

import pytest

from scripts.screenshots import sign_in, wait_for_render
from tests.browser.conftest import SCREENSHOTS, TESTER, Server, nav_labels, wait_for_app

SCREENS = {
    "": "总览",
    "complaints": "12315 诉求实时态势",
    "roster": "值班覆盖",
    "sites": "3·15 宣传咨询服务点",
    "targets": "计划目标完成进度",
}
CHARTS = {"": 0, "complaints": 6, "roster": 0, "sites": 0, "targets": 1}
NAVIGATION = ["总览", "12315 诉求", "值班覆盖", "活动点地图", "计划目标进度", "大屏轮播"]


def test_health_answers_ok(frozen_server):
    assert frozen_server.health() == "ok"


@pytest.mark.parametrize("path", [p for p in SCREENS if p])
def test_deep_link_before_root_on_a_fresh_server(demo_db, browser, path):
    """The first request after a start is a deep link: it must run dashboard.py like the root does."""
    server = Server(demo_db)
    try:
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        first = context.new_page()
        first.goto(f"{server.url}/{path}")
        # Before signing in: the form and nothing of the page, not even its navigation.
        wait_for_render(first)
        form_first = first.locator('input[type="password"]').count()
        before = first.locator('[data-testid="stMain"]').inner_text()
        nav_before = nav_labels(first)
        sign_in(first, TESTER)
        wait_for_app(first)
        deep_nav = nav_labels(first)
        deep_title = first.locator('[data-testid="stMain"] h1').first.inner_text()
        root = context.new_page()
        root.goto(server.url)
        wait_for_app(root)
        root_nav = nav_labels(root)
        context.close()
    finally:
        server.stop()
    assert form_first == 1 and "登录" in before and SCREENS[path] not in before and nav_before == []
    # Folder navigation would list the file names ("overview", "complaints") instead.
    assert deep_nav == root_nav == NAVIGATION
    assert SCREENS[path] in deep_title


@pytest.mark.parametrize("path", list(SCREENS))
def test_every_screen_loads_without_errors_and_renders_chinese(frozen_server, page, path):
    page.goto(f"{frozen_server.url}/{path}")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert page.locator('[data-testid="stToast"]').count() == 0  # no English pop-ups from Streamlit
    charts = page.locator('[data-testid="stPlotlyChart"]')
    for n in range(charts.count()):
        assert charts.nth(n).locator(".trace").count() > 0, f"chart {n} on /{path} is empty"
    assert charts.count() >= CHARTS[path]
    assert SCREENS[path] in page.locator('[data-testid="stMain"]').inner_text() or path == ""
    # A CJK font is installed and used: the glyphs have real width, not tofu boxes.
    assert page.evaluate("() => document.fonts.check('16px \"Noto Sans CJK SC\"')")
    assert page.console_errors == []
    # No request leaves the machine (intranets have no internet) and none fails.
    assert page.failed_requests == []
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{path or 'overview'}.png"))


def test_overview_shows_real_numbers(frozen_server, page):
    page.goto(frozen_server.url)
    wait_for_app(page)
    value = page.locator('[data-tile="received_today"] .value').inner_text()
    assert int(value.replace(",", "")) > 5000


def test_a_wrong_password_is_refused_and_the_right_one_opens_the_page(frozen_server, page):
    page.goto(f"{frozen_server.url}/roster")
    wait_for_render(page)
    sign_in_form = page.locator('[data-testid="stForm"]')
    sign_in_form.locator('input[type="text"]').fill(TESTER[0])
    sign_in_form.locator('input[type="password"]').fill("not the password")
    sign_in_form.locator('[data-testid="stFormSubmitButton"] button').click()
    page.wait_for_selector('[data-testid="stAlertContentError"]', timeout=20_000)
    assert "用户名或密码不正确" in page.locator('[data-testid="stAlertContentError"]').inner_text()
    sign_in(page, TESTER)
    wait_for_app(page)
    assert "值班覆盖" in page.locator('[data-testid="stMain"] h1').first.inner_text()
    assert "测试员（领导）" in page.locator('[data-testid="stSidebar"]').inner_text()


def test_an_unknown_wall_token_opens_nothing(frozen_server, page):
    page.goto(f"{frozen_server.url}/wall?token=not-a-token")
    page.wait_for_selector('[data-testid="stAlertContentError"]', timeout=30_000)
    assert "令牌无效" in page.locator('[data-testid="stAlertContentError"]').inner_text()
    assert page.locator(".wall-head").count() == 0 and page.locator('input[type="password"]').count() == 0
