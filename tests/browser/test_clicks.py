"""In a real browser: an unknown URL is told in Chinese. (Every picker opened, every chart bar of the
12315 page narrowing its filter and a site clicked on the map are in test_journeys.py.)"""

from __future__ import annotations

import re

from tests.browser.conftest import wait_for_app


def no_error_drawn(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert page.get_by_text(re.compile("This app has encountered an error|Ask Google")).count() == 0


def test_an_unknown_url_is_told_in_chinese(frozen_server, page):
    page.goto(f"{frozen_server.url}/no-such-screen")
    page.wait_for_selector('input[type="password"]', timeout=40_000)
    page.wait_for_timeout(1500)
    assert page.get_by_text("Page not found").count() == 0
    assert page.get_by_text(re.compile("does not seem to exist")).count() == 0
    wait_for_app(page)  # signs in: the overview follows, with no English notice either
    assert page.get_by_text("Page not found").count() == 0
    no_error_drawn(page)
