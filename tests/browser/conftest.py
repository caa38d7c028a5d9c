"""Browser tests: a real server started by `python -m campaign serve`, driven by Debian's Chromium.

Skipped when /usr/bin/chromium is absent, unless REQUIRE_BROWSER_TESTS is set (as in .ci/run).
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

import pytest

from campaign.bootstrap import initialise
from campaign.db import make_engine
from campaign.settings import PROJECT_DIR
from sample_data.city import generate_city
from scripts.dashboard_server import Server, free_port  # noqa: F401  (tests import them from here)
from scripts.screenshots import CHROMIUM, CHROMIUM_ARGS, wait_for_render

DEMO_NOW = datetime(2027, 3, 15, 20, 45)
SCREENSHOTS = PROJECT_DIR / "screenshots"
# Streamlit's frontend, opened at /<page>, first probes /<page>/_stcore/... and falls back to /_stcore/.
PROBE = re.compile(r"/[a-z_-]+/_stcore/(health|host-config)$")

if not Path(CHROMIUM).exists():
    if os.environ.get("REQUIRE_BROWSER_TESTS"):
        raise RuntimeError("REQUIRE_BROWSER_TESTS is set but /usr/bin/chromium is missing")
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)


# A leader to sign in as; every test database also gets a wall token (WALL_TOKENS[url]).
TESTER = ("tester", "browser-test-password")
WALL_TOKENS: dict[str, str] = {}
# One account per other role: (username, password), for the role tests.
ADMIN = ("admin-tester", "browser-admin-password")
DISTRICT_HEAD = ("district-head", "browser-head-password")
STATION_HEAD = ("station-head", "browser-station-password")  # 所长: heads a grassroots office
STAFF = ("staff-member", "browser-staff-password")


def add_tester(engine) -> str:
    """The tester's account, one account per other role, and a wall token in `engine`'s database.

    The district head heads the first district, the 所长 its first office; the staff member is a 承办人 of the first office
    with cases. Returns the token.
    """
    from sqlalchemy import text

    from campaign.auth import add_account, issue_wall_token
    from campaign.localtime import wall_now

    now = wall_now()
    with engine.begin() as conn:
        add_account(conn, TESTER[0], "测试员", "leader", TESTER[1], now)
        token = issue_wall_token(conn, "测试大屏", now)
        add_account(conn, ADMIN[0], "管理测试员", "admin", ADMIN[1], now)
        district = conn.execute(text("SELECT min(code) FROM office WHERE level = 'district'")).scalar()
        if district:
            add_account(conn, DISTRICT_HEAD[0], "区局测试员", "head", DISTRICT_HEAD[1], now, district)
            station = conn.execute(
                text(
                    "SELECT min(code) FROM office WHERE level = 'station' "
                    "AND parent_id = (SELECT id FROM office WHERE code = :d)"
                ),
                {"d": district},
            ).scalar()
            add_account(conn, STATION_HEAD[0], "所长测试员", "head", STATION_HEAD[1], now, station)
        handled = conn.execute(
            text(
                "SELECT o.code, min(c.handler) FROM complaint c JOIN office o ON o.id = c.office_id "
                "WHERE c.handler IS NOT NULL GROUP BY o.code ORDER BY o.code LIMIT 1"
            )
        ).first()
        if handled:
            add_account(conn, STAFF[0], handled[1], "staff", STAFF[1], now, handled[0], sees_personal=True)
    WALL_TOKENS[engine.url.render_as_string(hide_password=False)] = token
    return token


def with_token(path: str, token: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}token={token}"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'demo.db'}"
    engine = make_engine(url)
    initialise(engine)
    generate_city(engine, seed=7, today=DEMO_NOW)
    add_tester(engine)
    engine.dispose()
    return url


# A province sample: 1,101 offices and at least 200,000 requests, the gala night frozen as in the city.
PROVINCE_REQUESTS = 210_000


@pytest.fixture(scope="session")
def province_db(tmp_path_factory) -> str:
    from sample_data.province import generate_province

    url = f"sqlite:///{tmp_path_factory.mktemp('province') / 'province.db'}"
    engine = make_engine(url)
    initialise(engine)
    generate_province(engine, seed=11, today=DEMO_NOW, complaints=PROVINCE_REQUESTS)
    add_tester(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 1920, "height": 1080}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    page = context.new_page()
    page.console_errors = []
    page.failed_requests = []
    # Resource failures are judged by URL below; other console errors are errors.
    page.on(
        "console",
        lambda m: (
            page.console_errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on("requestfailed", lambda r: page.failed_requests.append(f"{r.url} {r.failure}"))
    page.on(
        "response",
        lambda r: (
            page.failed_requests.append(f"{r.status} {r.url}")
            if r.status >= 400 and not PROBE.search(r.url)
            else None
        ),
    )
    yield page
    context.close()


@pytest.fixture(scope="module")
def frozen_server(demo_db):
    """A server on the demo city with the campaign clock frozen at the gala night."""
    server = Server(demo_db, {"CAMPAIGN_NOW": DEMO_NOW.isoformat()})
    yield server
    server.stop()


def wait_for_app(page, seconds: float = 40) -> None:
    """The page drawn, signing in as the tester if the form comes first."""
    wait_for_render(page, seconds, TESTER)


def nav_labels(page) -> list[str]:
    """The navigation's page titles (a Material icon's ligature name comes first; dropped)."""
    return [
        t.strip().splitlines()[-1] for t in page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    ]
