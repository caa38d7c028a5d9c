"""A sign-in outlives its tab: a reload and a bookmark stay signed in, signing out ends it (issue 19)."""

from __future__ import annotations

from scripts.screenshots import sign_in, wait_for_render
from tests.browser.conftest import SCREENSHOTS, TESTER, Server

BOOKMARK = "complaints?from=2027-03-15&to=2027-03-15&channel=gala"
SIGN_OUT = '[data-testid="stSidebar"] button:has-text("退出登录")'


def signed_in(page) -> bool:
    return page.locator('input[type="password"]').count() == 0


def test_a_sign_in_survives_a_reload_and_a_bookmark_until_signed_out(frozen_server, page):
    url = f"{frozen_server.url}/{BOOKMARK}"
    page.goto(url)
    wait_for_render(page)
    with page.expect_response(lambda r: "/session/adopt" in r.url) as adopted:
        sign_in(page, TESTER)
    assert adopted.value.status == 204
    wait_for_render(page)
    page.screenshot(path=str(SCREENSHOTS / "session-signed-in.png"))

    cookie = next(c for c in page.context.cookies() if c["name"] == "campaign_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
    assert "campaign_session" not in page.evaluate("document.cookie")

    page.reload()  # F5
    wait_for_render(page)
    assert signed_in(page)
    assert page.url == url  # the same screen with its filters
    assert page.locator(SIGN_OUT).count() == 1

    bookmark = page.context.new_page()  # a bookmark opened in a new tab of the same browser
    bookmark.goto(url)
    wait_for_render(bookmark)
    assert signed_in(bookmark)
    bookmark.screenshot(path=str(SCREENSHOTS / "session-bookmark.png"))
    bookmark.close()

    with page.expect_response(lambda r: "/session/end" in r.url):
        page.locator(SIGN_OUT).click()
        page.wait_for_selector('input[type="password"]')
    assert not any(c["name"] == "campaign_session" for c in page.context.cookies())
    page.reload()
    wait_for_render(page)
    assert not signed_in(page)


def test_another_server_process_on_the_same_database_knows_the_session(frozen_server, demo_db, page):
    page.goto(frozen_server.url)
    wait_for_render(page)
    with page.expect_response(lambda r: "/session/adopt" in r.url):
        sign_in(page, TESTER)
    other = Server(demo_db)  # a restart, or the second process behind one address
    try:
        page.goto(f"{other.url}/{BOOKMARK}")  # same host: the browser sends the cookie here too
        wait_for_render(page)
        assert signed_in(page)
    finally:
        other.stop()
