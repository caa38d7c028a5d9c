"""Journeys, one browser per role, on the demo city and on a province sample of 200,000 requests:
sign in once, open every screen of the role's navigation, use every control on it (tabs, pickers,
date calendars, pages, switches, chart bars, buttons, downloads, opened), reload, and fail on an
error drawn, a failed request, a traceback in the server's log, a visible English word, or a
download that does not open or holds numbers as text. The wall is walked with its token."""

from __future__ import annotations

import re

import pytest

from scripts.wall_probe import wait_for_wall, wall_layout
from tests.browser.conftest import (
    ADMIN,
    DEMO_NOW,
    DISTRICT_HEAD,
    PROVINCE_REQUESTS,
    SCREENSHOTS,
    STAFF,
    STATION_HEAD,
    TESTER,
    WALL_TOKENS,
    Server,
    with_token,
)
from tests.browser.journey import Journey, english_words

ROLES = {
    "leader": TESTER,
    "district head": DISTRICT_HEAD,
    "station head": STATION_HEAD,
    "staff": STAFF,
    "admin": ADMIN,
}
WALL_SCREENS = ["overview", "complaints", "roster", "sites", "targets"]


@pytest.fixture(scope="module")
def province_server(province_db):
    server = Server(province_db, {"CAMPAIGN_NOW": DEMO_NOW.isoformat()})
    yield server
    server.stop()


# Run side by side (pytest-xdist): the city's journeys in one worker, the province's in another,
# each making its dataset once; the other browser tests share out over the rest.
CITY = pytest.mark.xdist_group("city-journeys")
PROVINCE = pytest.mark.xdist_group("province")


@pytest.fixture(params=[pytest.param("city", marks=CITY), pytest.param("province", marks=PROVINCE)])
def place(request):
    """The dataset and a server on it: the demo city, or the province (made once, on first use)."""
    if request.param == "city":
        return request.param, request.getfixturevalue("demo_db"), request.getfixturevalue("frozen_server")
    return request.param, request.getfixturevalue("province_db"), request.getfixturevalue("province_server")


def journey_of(browser, server, account) -> tuple[Journey, object]:
    context = browser.new_context(
        viewport={"width": 1920, "height": 1080},
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        accept_downloads=True,
    )
    page = context.new_page()
    journey = Journey(page, server.url, server.log.name)
    server.log.flush()
    journey.open("/", account)
    return journey, context


def places(db_url: str, username: str) -> list[tuple[float, float]]:
    """The (lon, lat) of the sites an account's screens show: of its office and those below it,
    or every site for an account of the whole city."""
    from sqlalchemy import text

    from campaign.db import make_engine

    engine = make_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                """
                WITH RECURSIVE scope(id) AS (
                    SELECT id FROM office
                    WHERE id = (SELECT office_id FROM account WHERE username = :username)
                       OR (SELECT office_id FROM account WHERE username = :username) IS NULL
                    UNION SELECT office.id FROM office JOIN scope ON office.parent_id = scope.id
                )
                SELECT site.lon, site.lat FROM site
                WHERE site.office_id IN (SELECT id FROM scope)
                ORDER BY site.id
                """
            ),
            {"username": username},
        ).all()
    engine.dispose()
    return [(float(lon), float(lat)) for lon, lat in rows]


def screens(journey: Journey) -> list[str]:
    """The role's navigation, as paths; the wall (its own test) left out."""
    links = journey.page.locator('[data-testid="stSidebarNav"] a')
    paths = [
        re.sub(r"^https?://[^/]+", "", links.nth(i).get_attribute("href")) or "/"
        for i in range(links.count())
    ]
    return [p for p in paths if not p.rstrip("/").endswith("/wall")]


ADMIN_SCREENS = ("/admin", "/imports")


def clicks_through(place: str, role: str, path: str) -> bool:
    """Whether this journey uses every control of the screen, or only downloads and reloads it.

    The leader and a district head click everything, on the city and on the province. The 所长
    clicks through the screens scoped to their office in a way the others are not (the 12315 page,
    the roster and the map) and the staff member the 12315 page (their own cases), on the city; the
    administrator its own screens (elsewhere it sees what the leader sees, the same scope and the
    same queries). Everywhere else they download and reload. Every role clicking every control on
    both places runs CI past 15 minutes on two cores (measured: 19 min 44 s): the time goes
    where the views differ."""
    if role in ("leader", "district head"):
        return True
    if role == "admin":
        return path in ADMIN_SCREENS
    if place != "city":
        return False
    return path in (("/complaints", "/roster", "/sites") if role == "station head" else ("/complaints",))


@pytest.mark.parametrize("role", list(ROLES))
def test_a_role_uses_every_control_of_every_screen_it_is_offered(place, browser, role):
    name, db_url, server = place
    journey, context = journey_of(browser, server, ROLES[role])
    journey.places = places(db_url, ROLES[role][0])
    paths = screens(journey)
    assert len(paths) >= (5 if role != "admin" else 2), paths
    for path in paths:
        journey.open(path)
        if name == "city" or role in ("leader", "district head"):  # each view once: a shot costs CPU
            SCREENSHOTS.mkdir(exist_ok=True)
            shot = path.strip("/") or "overview"
            journey.page.screenshot(
                path=str(SCREENSHOTS / f"journey-{name}-{role.replace(' ', '-')}-{shot}.png")
            )
        # The administrator sees what the leader sees: outside its own screens, nothing to download
        # that the leader's journey has not opened already.
        journey.exercise(path, controls=clicks_through(name, role, path), downloads=role != "admin")
    context.close()
    print(f"{name} {role}: {len(journey.actions)} actions on {len(paths)} screens")
    print("\n".join(f"  {a}" for a in journey.actions))
    print(
        "slowest:",
        *(f"  {s:6.1f}s {a}" for a, s in sorted(journey.timings.items(), key=lambda i: -i[1])[:25]),
        sep="\n",
    )
    print(f"checks: {sum(s for a, s in journey.timings.items() if a.endswith('(checks)')):.1f}s")
    assert journey.problems == []
    # The controls were found and used, not skipped: each screen's pickers, and files opened.
    clicked = [p for p in paths if clicks_through(name, role, p)]
    used = {a.split(" ")[0] for a in journey.actions}
    assert set(clicked) - {"/", "/admin"} <= used, journey.actions  # the overview and /admin: nothing to set
    if role != "admin":
        assert journey.downloads and all(d.rows for d in journey.downloads)
    if "/complaints" in clicked:
        # Each bar chart of the 12315 page (kind, channel, category, office, open by office)
        # narrows its filter when its largest bar is clicked, one after another: the URL gains it,
        # with no error drawn (checked above). The last, left with the chosen office alone, is
        # clicked on the view as it was at first.
        narrowed = [a for a in journey.narrowed if a.startswith("/complaints")]
        assert len(narrowed) == 5, journey.narrowed
    if "/sites" in clicked:
        # A site clicked on the map is shown in detail (its name, its office, its tallies).
        assert [p for p in journey.picked if p.startswith("/sites")], journey.actions


@PROVINCE
def test_a_leader_exports_the_cases_of_a_province_month_and_every_row_arrives(
    province_server, province_db, browser
):
    """At least 20,000 cases, clicked in the browser as a clerk would: the file opens, its rows are
    the page's count, and its amounts are numbers."""
    journey, context = journey_of(browser, province_server, TESTER)
    journey.open("/complaints?from=2027-01-15&to=2027-03-15")
    captions = " ".join(journey.page.locator('[data-testid="stCaptionContainer"]').all_inner_texts())
    total = int(re.search(r"共 ([\d,]+) 件", captions).group(1).replace(",", ""))
    journey.download_all("/complaints")
    context.close()
    assert journey.problems == []
    assert 20_000 <= total < PROVINCE_REQUESTS
    sheet = next(d for d in journey.downloads if d.name.endswith(".xlsx"))
    text = next(d for d in journey.downloads if d.name.endswith(".csv"))
    # Three lines of preamble, a blank line and the header above the cases.
    assert sheet.rows == text.rows == total + 5


@PROVINCE
@pytest.mark.parametrize("screen", WALL_SCREENS)
def test_the_wall_token_walks_every_wall_screen_of_a_province_and_survives_a_reload(
    province_db, province_server, browser, screen
):
    """The city's wall screens are held to the same in test_wall.py, at 1920x1080 and 4K."""
    name, db, server = "province", province_db, province_server
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    journey = Journey(page, server.url, server.log.name)
    server.log.flush()
    problems = []
    for attempt in ("opened", "reloaded"):
        if attempt == "opened":
            page.goto(f"{server.url}/{with_token(f'wall?screens={screen}:600', WALL_TOKENS[db])}")
        else:
            page.reload()
        wait_for_wall(page, 90)
        layout = wall_layout(page)
        journey.check(f"wall {screen} {attempt}")
        if page.locator('input[type="password"]').count():
            problems.append(f"{attempt}: the sign-in form")
        for key in ("chrome", "overflowing", "cut", "overlaps", "below_footer"):
            if layout[key]:
                problems.append(f"{attempt}: {key} {layout[key]}")
        if layout["scrolled"] or layout["bottom"] > 1080 or layout["errors"]:
            problems.append(f"{attempt}: {layout}")
    page.screenshot(path=str(SCREENSHOTS / f"journey-{name}-wall-{screen}.png"))
    words = english_words(page)
    context.close()
    assert problems + journey.problems == []
    assert not words


# A page is wider than its screen when the page or its main area scrolls sideways (what a table
# holds past its own edge scrolls inside the table, as it should).
SIDEWAYS = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    return {width: window.innerWidth, page: document.documentElement.scrollWidth,
            main: main.scrollWidth, shown: main.clientWidth};
}"""


@pytest.mark.parametrize("size", [(1920, 1080), (3840, 2160)])
def test_every_screen_is_drawn_whole_on_a_full_hd_and_a_4k_screen(frozen_server, browser, size):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    journey = Journey(page, frozen_server.url, frozen_server.log.name)
    frozen_server.log.flush()
    journey.open("/", TESTER)
    problems = []
    for path in screens(journey):
        journey.open(path)
        extent = page.evaluate(SIDEWAYS)
        if extent["page"] > width + 1 or extent["main"] > extent["shown"] + 1:
            problems.append(f"{path}: wider than the screen {extent}")
        page.screenshot(path=str(SCREENSHOTS / f"screen-{path.strip('/') or 'overview'}-{width}.png"))
    context.close()
    assert problems + journey.problems == []
