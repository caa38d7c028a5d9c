"""In a real browser, what a user clicks: every chart bar on the 12315 page narrows its filter without
Streamlit's English error box; an unknown URL and the filters' pickers speak Chinese only."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import SCREENSHOTS, wait_for_app

# The 12315 page's charts in the order drawn: volume, kind, channel, category, office, open by office.
CLICKABLE = {1: "kind", 2: "channel", 3: "category", 4: "office", 5: "office"}


def server_log(server) -> str:
    server.log.flush()
    with open(server.log.name, encoding="utf-8") as log:
        return log.read()


def no_error_drawn(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert page.get_by_text(re.compile("This app has encountered an error|Ask Google")).count() == 0


@pytest.mark.parametrize("chart", list(CLICKABLE))
def test_clicking_a_bar_narrows_its_filter(frozen_server, page, chart):
    page.goto(f"{frozen_server.url}/complaints")
    wait_for_app(page)
    before = server_log(frozen_server).count("Traceback")
    bar = page.locator('[data-testid="stPlotlyChart"]').nth(chart)
    bar.scroll_into_view_if_needed()
    bar.locator("g.point path").first.click(force=True)
    param = CLICKABLE[chart]
    page.wait_for_url(re.compile(rf"[?&]{param}="), timeout=30_000)
    wait_for_app(page)
    no_error_drawn(page)
    assert server_log(frozen_server).count("Traceback") == before
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"click-{param}-{chart}.png"))


def test_an_unknown_url_is_told_in_chinese(frozen_server, page):
    page.goto(f"{frozen_server.url}/no-such-screen")
    page.wait_for_selector('input[type="password"]', timeout=40_000)
    page.wait_for_timeout(1500)
    assert page.get_by_text("Page not found").count() == 0
    assert page.get_by_text(re.compile("does not seem to exist")).count() == 0
    wait_for_app(page)  # signs in: the overview follows, with no English notice either
    assert page.get_by_text("Page not found").count() == 0
    no_error_drawn(page)


def test_the_pickers_offer_no_english_select_all(frozen_server, page):
    page.goto(f"{frozen_server.url}/complaints")
    wait_for_app(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    for picker in sidebar.locator('[data-testid="stMultiSelect"]').all():
        picker.click()
        page.wait_for_timeout(400)
        assert page.get_by_text(re.compile(r"Select all|No results", re.I)).count() == 0
        page.keyboard.press("Escape")
