"""In a real browser: the wall fits the screen with no chrome, rotates, and says when its data is old."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import threading

import pytest

from campaign.bootstrap import initialise
from campaign.db import make_engine
from scripts.screenshots import wait_for_render
from scripts.wall_probe import wait_for_wall, wall_layout
from tests.browser.conftest import SCREENSHOTS, WALL_TOKENS, Server, add_tester, wait_for_app, with_token


def wait_for_app_as(page, account) -> None:
    wait_for_render(page, 60, account)


SCREENS = ["overview", "complaints", "roster", "sites", "targets"]
SIZES = {"": (1920, 1080), "-4k": (3840, 2160)}
PHONE = re.compile(r"1\d{10}|\d{3}\*{4}\d{4}")


@pytest.fixture(scope="module")
def wall_settings(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("wall") / "campaign.toml"
    path.write_text("refresh_seconds = 3\n\n[wall]\ntick_seconds = 1\n", encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def wall_server(demo_db, wall_settings):
    from tests.browser.conftest import DEMO_NOW

    server = Server(demo_db, {"CAMPAIGN_NOW": DEMO_NOW.isoformat(), "CAMPAIGN_SETTINGS": wall_settings})
    yield server
    server.stop()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("screen", SCREENS)
def test_every_wall_screen_fits_with_no_chrome_and_no_personal_data(
    browser, demo_db, wall_server, screen, size
):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{wall_server.url}/{with_token(f'wall?screens={screen}:600', WALL_TOKENS[demo_db])}")
    wait_for_wall(page)
    layout = wall_layout(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"wall-{screen}{size}.png"))
    text = page.locator('[data-testid="stMain"]').inner_text()
    signin_form = page.locator('input[type="password"]').count()
    context.close()
    assert signin_form == 0, "a wall token signs the wall in: no form"
    assert layout["screen"] == screen
    assert layout["errors"] == 0
    assert layout["chrome"] == [], "header, toolbar and sidebar are hidden"
    # Nothing scrolls: the content ends inside the viewport and no container overflows.
    assert layout["bottom"] <= height and layout["overflowing"] == [] and not layout["scrolled"], layout
    # Read across a room: no text cut short, no two regions on top of each other, no wasted bottom.
    assert layout["cut"] == [] and layout["overlaps"] == [] and layout["below_footer"] == [], layout
    assert layout["empty_share"] <= 0.10, layout
    # Readable across a room: headline numbers of at least 64 CSS pixels at 1920x1080 (twice that at 4K).
    assert min(layout["headline_px"]) >= 64 * (width // 1920), layout["headline_px"]
    assert layout["cjk"]
    assert not PHONE.search(text)
    assert [e for e in errors if not e.startswith("Failed to load resource")] == []
    if screen == "sites":
        # Every site running today (47 on the demo's gala day) over the 10 districts.
        assert layout["map_sites"] == 47 and layout["map_districts"] == 10
    if screen in ("overview", "complaints"):
        assert layout["traces"] >= 1, "the volume chart has drawn"


def test_wall_mode_on_any_page_shows_that_screen_alone(browser, demo_db, wall_server):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(f"{wall_server.url}/{with_token('complaints?wall=1&channel=gala', WALL_TOKENS[demo_db])}")
    wait_for_wall(page)
    layout = wall_layout(page)
    title = page.locator("[data-wall-screen]").inner_text()
    has_footer = page.locator("[data-wall-next]").count()
    context.close()
    assert layout["screen"] == "complaints" and "晚会转办" in title
    assert layout["chrome"] == [] and layout["bottom"] <= 1080
    assert has_footer == 0  # one screen: nothing comes next


def test_rotation_moves_to_the_next_screen_after_its_dwell(browser, demo_db, wall_server):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(f"{wall_server.url}/{with_token('wall?screens=targets:6,roster:6', WALL_TOKENS[demo_db])}")
    wait_for_wall(page)
    page.evaluate("() => { window.__notReloaded = true; }")
    first = page.locator("[data-wall-screen]").get_attribute("data-wall-screen")
    coming = "roster" if first == "targets" else "targets"
    assert coming in page.locator("[data-wall-next]").inner_text().replace("值班覆盖", "roster").replace(
        "计划目标进度", "targets"
    )
    # Within one dwell (6 s) and a tick (1 s), plus the time to draw.
    page.wait_for_selector(f'[data-wall-screen="{coming}"]', timeout=12_000)
    wait_for_wall(page)
    # With the footer of a rotation, every screen still ends above it.
    layout = wall_layout(page)
    assert layout["below_footer"] == [] and layout["overlaps"] == [], layout
    page.wait_for_selector(f'[data-wall-screen="{first}"]', timeout=12_000)
    assert page.evaluate("() => window.__notReloaded === true")
    context.close()


class TcpProxy:
    """A port that forwards to the database and can be stopped: the database 'going away'."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None
        self.start()

    def start(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        assert self.listener is not None
        # A close alone leaves a thread blocked in accept() listening; shutdown wakes it.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass
        self.sockets = []


@pytest.fixture
def proxied_postgres():
    """A fresh PostgreSQL database for the wall, reached through a stoppable proxy."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    base = os.environ.get("TEST_POSTGRES_URL")
    if not base:
        pytest.skip("TEST_POSTGRES_URL is not set: no PostgreSQL server to stop and start")
    url = make_url(base)
    # One database per xdist worker: two tests of this file may run at once, and each drops its own.
    name = f"{url.database}_wall_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    admin = make_engine(base).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    direct = make_engine(url.set(database=name).render_as_string(hide_password=False))
    initialise(direct)
    from sample_data.city import generate_city
    from tests.browser.conftest import DEMO_NOW

    generate_city(direct, seed=5, today=DEMO_NOW)
    token = add_tester(direct)
    direct.dispose()
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
    yield (
        proxy,
        url.set(host="127.0.0.1", port=proxy.port, database=name).render_as_string(hide_password=False),
        token,
    )
    proxy.stop()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_a_stopped_database_brings_the_banner_and_its_return_clears_it(
    browser, proxied_postgres, wall_settings
):
    proxy, url, token = proxied_postgres
    server = Server(url, {"CAMPAIGN_SETTINGS": wall_settings})
    try:
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        page = context.new_page()
        page.goto(f"{server.url}/{with_token('wall?screens=overview:600', token)}")
        wait_for_wall(page)
        before = page.locator('[data-tile="received_today"] .value').inner_text()
        assert page.locator("[data-wall-banner]").count() == 0
        proxy.stop()
        page.wait_for_selector('[data-wall-banner="db"]', timeout=30_000)
        # The last good figures stay on screen under the banner, and no trace appears.
        assert page.locator('[data-tile="received_today"] .value').inner_text() == before
        assert "数据库暂时无法连接" in page.locator('[data-wall-banner="db"]').inner_text()
        page.screenshot(path=str(SCREENSHOTS / "wall-database-down.png"))
        assert page.locator('[data-testid="stException"]').count() == 0
        proxy.start()
        page.wait_for_selector("[data-wall-banner]", state="detached", timeout=30_000)
        assert page.locator("[data-wall-read-at]").count() == 1
        context.close()
    finally:
        server.stop()


def test_a_wall_whose_server_has_gone_says_so_by_itself(browser, demo_db, wall_settings):
    server = Server(demo_db, {"CAMPAIGN_SETTINGS": wall_settings})
    stopped = False
    try:
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        page = context.new_page()
        page.goto(f"{server.url}/{with_token('wall?screens=targets:600', WALL_TOKENS[demo_db])}")
        wait_for_wall(page)
        frozen = page.locator(".wall-frozen")
        page.wait_for_timeout(9_000)  # three refreshes of 3 s: redrawn each tick, never shown
        assert not frozen.is_visible()
        server.stop()
        stopped = True
        # Two refreshes and a tick (7 s) after the last redraw, in the browser alone.
        page.wait_for_selector(".wall-frozen", state="visible", timeout=20_000)
        context.close()
    finally:
        if not stopped:
            server.stop()


def test_an_alert_on_the_overview_opens_the_screen_that_explains_it(frozen_server, page):
    page.goto(frozen_server.url)
    wait_for_app(page)
    page.locator('[data-alert="gala_waiting"] a').click()
    page.wait_for_url(re.compile(r"/complaints\?.*channel=gala"), timeout=20_000)
    wait_for_app(page)
    caption = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first.inner_text()
    assert "2027-03-15 ~ 2027-03-15" in caption and "晚会" in caption


def test_a_wall_stops_within_a_refresh_when_its_token_is_revoked(browser, demo_db, wall_server):
    """The wall's timed refresh checks its token again (issue 20): revoked, it says so by itself."""
    from sqlalchemy import select

    from campaign.auth import issue_wall_token, revoke_wall_token
    from campaign.localtime import wall_now
    from campaign.schema import WallToken

    engine = make_engine(demo_db)
    with engine.begin() as conn:
        token = issue_wall_token(conn, "将被吊销的大屏", wall_now())
        token_id = conn.execute(
            select(WallToken.__table__.c.id).order_by(WallToken.__table__.c.id.desc())
        ).scalar()
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(f"{wall_server.url}/{with_token('wall?screens=overview:600', token)}")
    wait_for_wall(page)
    with engine.begin() as conn:
        assert revoke_wall_token(conn, token_id, wall_now())
    engine.dispose()
    # A tick (1 s) and the token's 5-second check, with time to draw: no reload by anyone.
    page.wait_for_selector("text=大屏令牌无效或已被吊销", timeout=20_000)
    assert page.locator("[data-wall-screen]").count() == 0
    context.close()


def test_an_open_page_signs_out_within_a_refresh_when_its_session_ends(browser, demo_db, wall_server):
    """A live panel's timed refresh checks the session again (issue 20): ended elsewhere (here, as
    an administrator disabling the account does), the open page shows the sign-in form by itself."""
    from campaign.auth import end_sessions_of
    from campaign.localtime import wall_now
    from tests.browser.conftest import DISTRICT_HEAD

    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(f"{wall_server.url}/complaints")
    wait_for_app_as(page, DISTRICT_HEAD)
    page.wait_for_timeout(1500)  # the browser has traded its ticket for the session cookie
    engine = make_engine(demo_db)
    with engine.begin() as conn:
        assert end_sessions_of(conn, DISTRICT_HEAD[0], wall_now()) >= 1
    engine.dispose()
    # The panel refreshes every 3 s here (30 s by default): the form within a few refreshes.
    page.wait_for_selector('input[type="password"]', timeout=20_000)
    assert "登录已过期" in page.locator('[data-testid="stMain"]').inner_text()
    context.close()


def test_a_wall_opened_while_the_database_is_down_waits_and_then_draws(
    browser, proxied_postgres, wall_settings
):
    """Not 大屏令牌无效 (its token may be good): the database's own message, and the wall once the
    database is back, with nobody reloading (issue 20)."""
    proxy, url, token = proxied_postgres
    server = Server(url, {"CAMPAIGN_SETTINGS": wall_settings})
    try:
        proxy.stop()
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        page = context.new_page()
        page.goto(f"{server.url}/{with_token('wall?screens=overview:600', token)}")
        page.wait_for_selector("text=数据库暂时无法连接", timeout=60_000)
        assert page.get_by_text("大屏令牌无效").count() == 0
        proxy.start()
        wait_for_wall(page, 60)
        assert page.get_by_text("数据库暂时无法连接").count() == 0
        context.close()
    finally:
        server.stop()
