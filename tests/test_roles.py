"""Every role on every screen: no office outside the viewer's scope is named anywhere on it, in
tables, charts, maps, pickers or text; and no consumer's phone number shows in full unless allowed
and asked. (Duty staff's work phones are on the roster on purpose: the centre calls them.)"""

import json
import re

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from campaign.db import make_engine
from campaign.serve import ENTRY_POINT
from campaign.settings import settings
from tests.conftest import DEMO_NOW, signed_in
from ui.wall_lists import short_name

NOW = DEMO_NOW
PAGES = ["pages/overview.py", "pages/complaints.py", "pages/roster.py", "pages/sites.py", "pages/targets.py"]
FULL_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def consumer_phones(url: str) -> set[str]:
    with make_engine(url).connect() as conn:
        return set(
            conn.execute(
                text("SELECT consumer_phone FROM complaint WHERE consumer_phone IS NOT NULL")
            ).scalars()
        )


@pytest.fixture(scope="module")
def city(demo_city):
    return demo_city


def offices(url: str) -> list[dict]:
    with make_engine(url).connect() as conn:
        return [
            dict(r) for r in conn.execute(text("SELECT id, parent_id, name, level FROM office")).mappings()
        ]


def subtree(all_offices: list[dict], root: int) -> set[int]:
    keep, frontier = {root}, {root}
    while frontier:
        frontier = {o["id"] for o in all_offices if o["parent_id"] in frontier} - keep
        keep |= frontier
    return keep


def everything_shown(at: AppTest) -> str:
    """All a viewer could read: text, tables, pickers' choices, chart data, map data."""
    parts = [
        e.value
        for kind in ("title", "markdown", "caption", "subheader", "error", "info")
        for e in getattr(at, kind)
    ]
    parts += [d.value.astype(str).to_csv() for d in at.dataframe]
    parts += [str(o) for box in (*at.selectbox, *at.multiselect) for o in box.options]
    parts += [json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("plotly_chart")]
    parts += [json.dumps(json.loads(m.proto.json), ensure_ascii=False) for m in at.get("deck_gl_json_chart")]
    return "\n".join(parts)


def viewers(url: str) -> dict[str, tuple[str, int, str | None]]:
    """role label -> (role, office id, display name): a district's head, a station's head and staff."""
    all_offices = offices(url)
    district = min(o["id"] for o in all_offices if o["level"] == "district")
    with make_engine(url).connect() as conn:
        station, handler = conn.execute(
            text(
                "SELECT c.office_id, min(c.handler) FROM complaint c JOIN office o ON o.id = c.office_id "
                "JOIN site s ON s.office_id = o.id WHERE c.handler IS NOT NULL "
                "GROUP BY c.office_id ORDER BY c.office_id LIMIT 1"
            )
        ).one()
    return {
        "district head": ("head", district, "测试员"),
        "station head": ("head", station, "测试员"),
        "staff": ("staff", station, handler),
        "district wall": ("wall", district, "大屏"),
    }


@pytest.mark.parametrize("who", ["district head", "station head", "staff", "district wall"])
def test_no_screen_names_an_office_outside_the_viewers_scope(city, monkeypatch, who):
    role, office_id, name = viewers(city)[who]
    all_offices = offices(city)
    mine = subtree(all_offices, office_id)
    # Other grassroots offices and other districts (the city bureau and one's own parent may be named).
    outside = [
        o["name"]
        for o in all_offices
        if o["id"] not in mine and o["level"] != "city" and o["id"] != office_id
    ]
    # Each in full and as the wall shortens it (西湖区西溪所).
    outside = [form for n in outside for form in (n, short_name(n))]
    outside = [n for n in outside if not any(n in o["name"] for o in all_offices if o["id"] in mine)]
    ours = [form for o in all_offices if o["id"] in mine for form in (o["name"], short_name(o["name"]))]
    phones = consumer_phones(city)
    monkeypatch.setenv("DATABASE_URL", city)
    monkeypatch.setenv("CAMPAIGN_NOW", NOW.isoformat())
    settings.cache_clear()
    at = signed_in(AppTest.from_file(str(ENTRY_POINT), default_timeout=60), role, office_id, True, name=name)
    screens = (
        [f"wall:{s}" for s in ("overview", "complaints", "roster", "sites", "targets")]
        if role == "wall"
        else PAGES
    )
    for screen in screens:
        if role == "wall":
            at.query_params["screens"] = f"{screen[5:]}:600"
            at.run()
            at.switch_page("pages/wall.py").run()
        else:
            at.run()
            at.switch_page(screen).run()
        assert not at.exception, (who, screen)
        shown = everything_shown(at)
        if role == "wall":  # the header names the office the token is scoped to (issue 20)
            header = next(m.value for m in at.markdown if "data-wall-screen" in m.value)
            own = next(o["name"] for o in all_offices if o["id"] == office_id)
            assert "全市" not in header and own in header, (screen, header[-200:])
        leaked = [n for n in outside if n in shown]
        assert leaked == [], (who, screen, leaked[:3])
        assert any(n in shown for n in ours) or screen in ("pages/overview.py", "wall:overview"), (
            who,
            screen,
        )
        # Allowed to see personal data, but not switched on: every phone masked.
        assert not set(FULL_PHONE.findall(shown)) & phones, (who, screen)
    settings.cache_clear()
