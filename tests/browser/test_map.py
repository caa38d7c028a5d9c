"""The site map draws with no internet: boundaries and sites from the project, no remote basemap."""

import io
from urllib.parse import urlparse

from PIL import Image
from sqlalchemy import text

from campaign.db import make_engine
from tests.browser.conftest import SCREENSHOTS, wait_for_app


def count_pixels(image: Image.Image, colour: tuple[int, int, int], tolerance: int = 12) -> int:
    return sum(
        1
        for pixel in image.get_flattened_data()
        if all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))
    )


def test_map_draws_offline_with_boundaries_and_every_site(frozen_server, demo_db, browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    outside = []

    def only_this_machine(route):
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:  # a government intranet has no internet: anything else must not be needed
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_this_machine)
    page = context.new_page()
    page.goto(f"{frozen_server.url}/sites")
    wait_for_app(page)
    chart = page.locator('[data-testid="stDeckGlJsonChart"]')
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(2500)  # deck.gl draws on the next animation frames
    shot = Image.open(io.BytesIO(chart.screenshot())).convert("RGB")
    SCREENSHOTS.mkdir(exist_ok=True)
    shot.save(SCREENSHOTS / "sites-map.png")
    context.close()
    assert outside == []
    boundary_fill = count_pixels(shot, (232, 238, 246), 6)
    assert boundary_fill > 50_000  # the districts cover a good part of the map
    # At 20:45 on 15 March every site has finished: blue with a tally, red without one.
    finished = count_pixels(shot, (47, 111, 221), 30)
    assert finished > 2_000
    # The sites that never reported are red discs of a fixed size drawn over the rest, not the
    # smallest dots: each hundreds of red pixels (25 a site allows for any overlap); the demo has several.
    with make_engine(demo_db).connect() as conn:
        silent = conn.execute(
            text(
                "SELECT count(*) FROM site WHERE NOT EXISTS (SELECT 1 FROM tally WHERE tally.site_id = site.id)"
            )
        ).scalar_one()
    assert silent >= 1 and count_pixels(shot, (217, 48, 37), 30) > 25 * silent
    with make_engine(demo_db).connect() as conn:
        sites, west, east, south, north = conn.execute(
            text("SELECT count(*), min(lon), max(lon), min(lat), max(lat) FROM site")
        ).one()
    assert sites >= 80
    # Every site lies inside the map's initial view (centre 119.8, 30.22; zoom 8.3 shows about
    # 1.9 degrees of longitude on the 1,100-pixel-wide map and 0.9 degrees of latitude).
    assert west > 119.8 - 0.95 and east < 119.8 + 0.95 and south > 30.22 - 0.45 and north < 30.22 + 0.45
