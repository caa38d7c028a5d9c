"""Every page runs in AppTest on the demo city, and its tiles equal direct SQL counts."""

import re

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from campaign.serve import ENTRY_POINT
from campaign.settings import settings
from tests.conftest import DEMO_NOW, signed_in

NOW = DEMO_NOW
PAGES = ["pages/overview.py", "pages/complaints.py", "pages/roster.py", "pages/sites.py", "pages/targets.py"]


@pytest.fixture(scope="module")
def demo_url(demo_city):
    return demo_city


@pytest.fixture
def app(demo_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", demo_url)
    monkeypatch.setenv("CAMPAIGN_NOW", NOW.isoformat())
    settings.cache_clear()
    yield signed_in(AppTest.from_file(str(ENTRY_POINT), default_timeout=60))
    settings.cache_clear()


def app_demo_url(at: AppTest) -> str:
    import os

    return os.environ["DATABASE_URL"]


def tiles(at: AppTest) -> dict[str, str]:
    html = "".join(m.value for m in at.markdown)
    return dict(re.findall(r'data-tile="(\w+)" data-scope="[^"]*">.*?<div class="value">([^<]*)</div>', html))


def count(demo_url, sql: str) -> int:
    from campaign.db import make_engine

    with make_engine(demo_url).connect() as conn:
        return conn.execute(text(sql), {"now": NOW}).scalar_one()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(app, page):
    app.run()
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def test_overview_tiles_equal_direct_sql(app, demo_url):
    app.run()
    # targets_behind is checked against the targets export in its own test.
    shown = {
        k: int(v.replace(",", "")) for k, v in tiles(app).items() if k not in ("clock", "targets_behind")
    }
    # The moment as text in SQLAlchemy's stored form, so SQLite compares it exactly at the edge.
    now = "'2027-03-15 20:45:00.000000'"
    is_open = "kind IN ('complaint', 'report') AND status IN ('pending', 'accepted', 'handling')"
    expected = {
        "received_today": count(
            demo_url,
            f"SELECT count(*) FROM complaint WHERE received_at >= '2027-03-15' AND received_at <= {now}",
        ),
        # (19:45:00, 20:45:00]
        "last_hour": count(
            demo_url,
            f"SELECT count(*) FROM complaint WHERE received_at > '2027-03-15 19:45:00.000000' AND received_at <= {now}",
        ),
        "open_cases": count(
            demo_url, f"SELECT count(*) FROM complaint WHERE {is_open} AND received_at <= {now}"
        ),
        "overdue_cases": count(
            demo_url,
            f"SELECT count(*) FROM complaint WHERE {is_open} AND received_at <= {now} AND due_at <= {now}",
        ),
        # 20:45 is inside the duty window: offices with nobody on a shift covering this moment.
        "uncovered_now": count(
            demo_url,
            f"SELECT count(*) FROM office o WHERE level = 'station' AND NOT EXISTS (SELECT 1 FROM shift s WHERE s.office_id = o.id AND s.start_at <= {now} AND s.end_at > {now})",
        ),
        "live_sites": count(
            demo_url, f"SELECT count(*) FROM site WHERE start_at <= {now} AND end_at > {now}"
        ),
        "materials_total": count(
            demo_url,
            f"SELECT coalesce(sum(materials), 0) FROM tally t WHERE reported_at = (SELECT max(reported_at) FROM tally u WHERE u.site_id = t.site_id AND u.reported_at <= {now})",
        ),
    }
    assert shown == expected
    assert expected["received_today"] > 5000 and expected["uncovered_now"] >= 1
    assert tiles(app)["clock"] == "20:45:00"


def test_missing_database_shows_a_message_not_a_trace(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    settings.cache_clear()
    at = signed_in(AppTest.from_file(str(ENTRY_POINT), default_timeout=60)).run()
    settings.cache_clear()
    assert not at.exception
    assert any("数据库暂时无法连接" in e.value for e in at.error)


def test_figures_are_read_from_the_replica_that_database_read_url_names(demo_url, monkeypatch):
    """The primary unreachable, the replica holding the demo city: every page shows its figures."""
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    monkeypatch.setenv("DATABASE_READ_URL", demo_url)
    monkeypatch.setenv("CAMPAIGN_NOW", NOW.isoformat())
    settings.cache_clear()
    try:
        for page in PAGES:
            at = signed_in(AppTest.from_file(str(ENTRY_POINT), default_timeout=60)).run()
            if page != PAGES[0]:
                at.switch_page(page).run()
            assert not at.exception, page
            assert not any("数据库暂时无法连接" in e.value for e in at.error), page
            if page == PAGES[0]:
                assert int(tiles(at)["received_today"].replace(",", "")) > 5000
    finally:
        settings.cache_clear()


def test_complaint_filters_come_from_the_url_and_hostile_values_are_dropped(app):
    app.query_params["from"] = "2027-03-15"
    app.query_params["to"] = "2027-03-15"
    app.query_params["channel"] = "gala,<script>alert(1)</script>"
    app.query_params["office"] = "1 OR 1=1"
    app.run()
    app.switch_page("pages/complaints.py").run()
    assert not app.exception
    assert app.session_state["f_channels"] == ["gala"]
    assert app.session_state["f_office"] == 0  # unknown office: the whole city
    received = int(tiles(app)["received_in_period"].replace(",", ""))
    assert received == count(
        app_demo_url(app),
        "SELECT count(*) FROM complaint WHERE channel = 'gala' "
        "AND received_at >= '2027-03-15' AND received_at <= :now",
    )


def test_site_map_carries_every_site_and_the_boundaries(app, demo_url):
    import json

    app.run()
    app.switch_page("pages/sites.py").run()
    assert not app.exception
    deck = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    layers = {layer["id"]: layer for layer in deck["layers"]}
    assert len(layers["sites"]["data"]) == count(demo_url, "SELECT count(*) FROM site")
    assert len(layers["districts"]["data"]["features"]) == 10
    # No basemap: pydeck's sentinel tells Streamlit not to fetch one.
    assert deck.get("mapStyle") == "__MAP_STYLE__"
    # A text tooltip only: a site's name is never interpreted as HTML.
    tooltip = json.loads(app.get("deck_gl_json_chart")[0].proto.tooltip)
    assert "{name}" in tooltip["text"] and "html" not in tooltip


LATEST_TALLY = (
    "reported_at = (SELECT max(reported_at) FROM tally u WHERE u.site_id = t.site_id AND u.reported_at {by})"
)
MATERIALS = "SELECT coalesce(sum(materials), 0) FROM tally t WHERE " + LATEST_TALLY
MATERIALS_BY_NOW = MATERIALS.format(by="<= :now")
MATERIALS_BEFORE_TODAY = MATERIALS.format(by="< '2027-03-15'")
LIVE = "SELECT count(*) FROM site WHERE start_at <= :now AND end_at > :now"


def test_site_page_and_wall_tiles_equal_direct_sql(app, demo_url):
    app.run()
    app.switch_page("pages/sites.py").run()
    shown = {k: int(v.replace(",", "")) for k, v in tiles(app).items()}
    # Unfiltered, the page shows the overview's figures under the overview's labels.
    assert shown == {
        "sites_in_view": count(demo_url, "SELECT count(*) FROM site"),
        "live_sites": count(demo_url, LIVE),
        "materials_total": count(demo_url, MATERIALS_BY_NOW),
    }
    app.query_params["screens"] = "sites:60"
    app.switch_page("pages/wall.py").run()
    wall = {k: int(v.replace(",", "")) for k, v in tiles(app).items()}
    today = "start_at < '2027-03-16' AND end_at > '2027-03-15'"
    assert wall["sites_today"] == count(demo_url, f"SELECT count(*) FROM site WHERE {today}")
    assert wall["live_sites"] == count(demo_url, LIVE)
    # Today's materials: the running totals by now less those before midnight; not the cumulative.
    materials_today = count(demo_url, MATERIALS_BY_NOW) - count(demo_url, MATERIALS_BEFORE_TODAY)
    assert wall["materials_today"] == materials_today < count(demo_url, MATERIALS_BY_NOW)
    assert "materials_total" not in wall and "materials" not in wall


def test_a_filtered_site_page_labels_its_own_figures(app, demo_url):
    app.query_params["day"] = "2027-03-15"
    app.run()
    app.switch_page("pages/sites.py").run()
    assert not app.exception
    shown = tiles(app)
    assert set(shown) == {"sites_in_view", "live_in_view", "materials_in_view"}
    today = "start_at < '2027-03-16' AND end_at > '2027-03-15'"
    assert int(shown["sites_in_view"]) == count(demo_url, f"SELECT count(*) FROM site WHERE {today}")


def test_the_statistics_workbook_is_built_only_when_downloaded(app, monkeypatch):
    import ui.sites_panels

    built = []
    monkeypatch.setattr(ui.sites_panels, "statistics_file", lambda *args: built.append(args) or b"")
    app.run()
    app.switch_page("pages/sites.py").run()
    assert not app.exception and app.get("download_button")
    assert built == []  # a page run draws the button; the file is made when it is clicked


def test_target_screen_agrees_with_the_export_and_the_mix_is_plausible(app, demo_url):
    from campaign.db import make_engine
    from campaign.exports.reports import targets_report

    class Args:
        date = NOW.date()

    with make_engine(demo_url).connect() as conn:
        from campaign.campaigns import current_campaign

        export = targets_report(conn, current_campaign(conn), Args, None)
    counts = export["status"].value_counts().to_dict()
    # A plausible mix on the demo city: each status is at least a tenth of all targets.
    assert all(counts.get(s, 0) >= len(export) / 10 for s in ("done", "on_track", "behind")), counts
    app.run()
    app.switch_page("pages/targets.py").run()
    assert not app.exception
    shown = {k: int(v.replace(",", "")) for k, v in tiles(app).items()}
    assert shown["targets_total"] == len(export)
    assert (shown["targets_done"], shown["targets_on_track"], shown["targets_behind"]) == (
        counts["done"],
        counts["on_track"],
        counts["behind"],
    )
    assert shown["offices_behind"] == export.loc[export["status"] == "behind", "office_code"].nunique()
    # The wall's targets screen shows the same figures under the same labels.
    app.query_params["screens"] = "targets:60"
    app.switch_page("pages/wall.py").run()
    on_wall = {k: int(v.replace(",", "")) for k, v in tiles(app).items() if k != "clock"}
    assert on_wall == {
        k: shown[k] for k in ("targets_done", "targets_on_track", "targets_behind", "offices_behind")
    }
    app.switch_page("pages/overview.py").run()
    assert int(tiles(app)["targets_behind"].replace(",", "")) == counts["behind"]


PHONE = re.compile(r"1\d{10}|\d{3}\*{4}\d{4}")


def wall_html(at: AppTest) -> str:
    return "".join(m.value for m in at.markdown)


@pytest.mark.parametrize("screen", ["overview", "complaints", "roster", "sites", "targets"])
def test_every_wall_screen_renders_without_personal_data(app, screen):
    app.query_params["screens"] = f"{screen}:60"
    app.run()
    app.switch_page("pages/wall.py").run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    html = wall_html(app)
    assert f'data-wall-screen="{screen}"' in html
    assert tiles(app), "a wall screen leads with big numbers"
    # The roster holds every duty officer's phone: the wall shows none, masked or not.
    assert not PHONE.search(html)
    assert "data-wall-read-at" in html and "data-wall-banner" not in html


def test_wall_figures_equal_direct_sql(app, demo_url):
    app.query_params["screens"] = "complaints:60"
    app.run()
    app.switch_page("pages/wall.py").run()
    shown = {k: int(v.replace(",", "")) for k, v in tiles(app).items()}
    assert shown["received_today"] == count(
        demo_url, "SELECT count(*) FROM complaint WHERE received_at >= '2027-03-15' AND received_at <= :now"
    )
    assert shown["overdue_cases"] == count(
        demo_url,
        "SELECT count(*) FROM complaint WHERE kind IN ('complaint', 'report') AND status IN ('pending', 'accepted', 'handling') "
        "AND due_at <= :now AND received_at <= :now",  # whatever the day received, as on the overview
    )
    assert shown["gala_received"] == count(
        demo_url,
        "SELECT count(*) FROM complaint WHERE channel = 'gala' AND received_at >= '2027-03-15' AND received_at <= :now",
    )


def test_a_wall_screen_takes_its_filters_from_the_url_and_drops_hostile_ones(app, demo_url):
    # (`?wall=1` on a page is the same screen alone; AppTest runs a switched-to page without the
    # entry point, so that route is proven in the browser tests.)
    app.query_params["screens"] = "complaints:60:channel=gala;office=<img src=x onerror=alert(1)>"
    app.run()
    app.switch_page("pages/wall.py").run()
    assert not app.exception
    html = wall_html(app)
    assert "12315 诉求 · 晚会转办" in html and "<img src=x" not in html
    assert int(tiles(app)["received_today"].replace(",", "")) == count(
        demo_url,
        "SELECT count(*) FROM complaint WHERE channel = 'gala' AND received_at >= '2027-03-15' AND received_at <= :now",
    )


def test_wall_at_the_gala_rotates_the_gala_playlist_with_alerts(app):
    app.run()
    app.switch_page("pages/wall.py").run()
    html = wall_html(app)
    # 20:45 on 15 March: the default gala schedule rotates complaints, gala transfers and duty.
    shown = re.search(r'data-wall-screen="(\w+)"', html).group(1)
    assert shown in ("complaints", "roster")
    assert "每 10 秒刷新" in html and "下一屏" in html
    # The demo night has a gala wave, an office with no roster, and transfers left waiting.
    assert {"surge", "uncovered", "gala_waiting"} <= set(re.findall(r'data-alert="(\w+)"', html))


@pytest.mark.parametrize(
    "page", ["pages/complaints.py", "pages/roster.py", "pages/sites.py", "pages/targets.py"]
)
def test_every_screen_says_when_its_data_was_read(app, page):
    app.run()
    app.switch_page(page).run()
    # On the frozen campaign clock, a read that just happened is 20:45:00 give or take a second.
    assert any(re.fullmatch(r"数据读取于 20:4[45]:\d\d", c.value) for c in app.caption), [
        c.value for c in app.caption
    ]


def test_overview_alerts_link_to_the_screens_that_explain_them(app):
    app.run()
    html = wall_html(app)
    links = dict(re.findall(r'data-alert="(\w+)"><a href="([^"]+)"', html))
    assert links == {
        "surge": "complaints?from=2027-03-15&amp;to=2027-03-15",
        "uncovered": "roster?day=2027-03-15",
        "gala_waiting": "complaints?from=2027-03-15&amp;to=2027-03-15&amp;channel=gala",
    }


def test_an_office_head_sees_only_their_district_on_the_12315_screen(demo_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", demo_url)
    monkeypatch.setenv("CAMPAIGN_NOW", NOW.isoformat())
    settings.cache_clear()
    district = count(demo_url, "SELECT min(id) FROM office WHERE level = 'district'")
    at = signed_in(AppTest.from_file(str(ENTRY_POINT), default_timeout=60), "head", district)
    at.run()
    at.switch_page("pages/complaints.py").run()
    settings.cache_clear()
    assert not at.exception
    in_district = "office_id IN (SELECT id FROM office WHERE id = {d} OR parent_id = {d})".format(
        d=int(district)
    )
    received = int(tiles(at)["received_in_period"].replace(",", ""))
    assert received == count(
        demo_url,
        f"SELECT count(*) FROM complaint WHERE {in_district} AND received_at >= '2027-03-15' AND received_at <= :now",
    )
    assert (
        0
        < received
        < count(
            demo_url,
            "SELECT count(*) FROM complaint WHERE received_at >= '2027-03-15' AND received_at <= :now",
        )
    )
    # The office picker offers the whole scope (the district and its offices) and nothing else.
    picker = at.selectbox(key="f_office")
    assert picker.format_func(0) == "本单位及下级单位" and "本单位及下级单位" in at.caption[0].value
    assert len(picker.options) == 1 + count(
        demo_url, f"SELECT count(*) FROM office WHERE id = {int(district)} OR parent_id = {int(district)}"
    )


def as_viewer(monkeypatch, demo_url, role: str, office_sql: str | None, sees_personal: bool = False):
    """An AppTest signed in as `role` for the office `office_sql` selects (None: the whole city)."""
    monkeypatch.setenv("DATABASE_URL", demo_url)
    monkeypatch.setenv("CAMPAIGN_NOW", NOW.isoformat())
    settings.cache_clear()
    office_id = int(count(demo_url, office_sql)) if office_sql else None
    at = AppTest.from_file(str(ENTRY_POINT), default_timeout=60)
    return signed_in(at, role, office_id, sees_personal), office_id


def test_a_station_head_sees_only_their_office_on_every_screen(demo_url, monkeypatch):
    # The first office with sites, targets and complaints: every screen has rows to leak.
    at, me = as_viewer(monkeypatch, demo_url, "head", "SELECT min(office_id) FROM site")
    mine = f"office_id = {me}"
    at.run()
    shown = {k: int(v.replace(",", "")) for k, v in tiles(at).items() if k != "clock"}
    assert shown["received_today"] == count(
        demo_url,
        f"SELECT count(*) FROM complaint WHERE {mine} AND received_at >= '2027-03-15' AND received_at <= :now",
    )
    assert shown["open_cases"] == count(
        demo_url,
        f"SELECT count(*) FROM complaint WHERE {mine} AND kind IN ('complaint', 'report') "
        "AND status IN ('pending', 'accepted', 'handling') AND received_at <= :now",
    )
    assert shown["uncovered_now"] <= 1 and shown["targets_behind"] <= count(
        demo_url, f"SELECT count(*) FROM target WHERE {mine}"
    )
    at.switch_page("pages/sites.py").run()
    assert not at.exception
    assert int(tiles(at)["sites_in_view"]) == count(demo_url, f"SELECT count(*) FROM site WHERE {mine}")
    at.switch_page("pages/targets.py").run()
    assert not at.exception
    assert int(tiles(at)["targets_total"]) == count(demo_url, f"SELECT count(*) FROM target WHERE {mine}")
    # Last: the roster puts its day in the URL, which AppTest carries to the next page.
    at.switch_page("pages/roster.py").run()
    assert not at.exception
    rows = set(re.findall(r'data-office="([^"]+)"', wall_html(at)))
    code = count(demo_url, f"SELECT code FROM office WHERE id = {me}")
    assert rows == {code} and tiles(at)["offices_on_duty"] == "1"
    settings.cache_clear()


def test_a_district_wall_shows_its_district_only(demo_url, monkeypatch):
    at, district = as_viewer(
        monkeypatch, demo_url, "wall", "SELECT min(id) FROM office WHERE level = 'district'"
    )
    at.query_params["screens"] = "complaints:60"
    at.run()
    at.switch_page("pages/wall.py").run()
    settings.cache_clear()
    assert not at.exception
    in_district = f"office_id IN (SELECT id FROM office WHERE id = {district} OR parent_id = {district})"
    assert int(tiles(at)["received_today"].replace(",", "")) == count(
        demo_url,
        f"SELECT count(*) FROM complaint WHERE {in_district} AND received_at >= '2027-03-15' AND received_at <= :now",
    )


def phones_shown(at: AppTest) -> set[str]:
    cells = "\n".join(d.value.astype(str).to_csv() for d in at.dataframe)
    return set(re.findall(r"1\d{10}|\d{3}\*{4}\d{4}", cells))


def test_personal_data_is_masked_unless_allowed_and_every_unmasked_view_is_audited(demo_url, monkeypatch):
    from campaign.db import make_engine

    with make_engine(demo_url).begin() as conn:
        conn.execute(text("DELETE FROM audit_event"))
    at, _ = as_viewer(monkeypatch, demo_url, "leader", None)
    at.run()
    at.switch_page("pages/complaints.py").run()
    # Not allowed: no switch, and every phone on screen is masked (138****5678).
    assert not [w for w in at.toggle if w.key == "unmask"]
    assert phones_shown(at) and all("****" in p for p in phones_shown(at))
    allowed, _ = as_viewer(monkeypatch, demo_url, "leader", None, sees_personal=True)
    allowed.run()
    allowed.switch_page("pages/complaints.py").run()
    assert all("****" in p for p in phones_shown(allowed))  # masked until asked
    allowed.toggle(key="unmask").set_value(True).run()
    allowed.run()  # a refresh of the same page is not a second event
    settings.cache_clear()
    assert any("****" not in p for p in phones_shown(allowed))
    events = count(
        demo_url, "SELECT count(*) FROM audit_event WHERE username = 'tester' AND action = 'unmask'"
    )
    rows = count(demo_url, "SELECT rows FROM audit_event WHERE username = 'tester'")
    assert (events, rows) == (1, 50)  # one page of 50 cases


def test_the_admin_screen_lists_accounts_tokens_and_audit_for_admins_only(demo_url, monkeypatch):
    from campaign.auth import add_account, issue_wall_token
    from campaign.db import make_engine
    from campaign.localtime import wall_now

    with make_engine(demo_url).begin() as conn:
        conn.execute(text("DELETE FROM account WHERE username = 'li'"))
        add_account(
            conn, "li", "李所长", "head", "a long enough password", wall_now(), office_code="33010201"
        )
        issue_wall_token(conn, "大厅屏", wall_now())
    at, _ = as_viewer(monkeypatch, demo_url, "admin", None)
    at.run()
    at.switch_page("pages/admin.py").run()
    assert not at.exception and not at.error
    people, tokens = at.dataframe[0].value, at.dataframe[1].value
    assert "li" in set(people["用户名"]) and "所长" in set(people["角色"])
    assert "大厅屏" in set(tokens["大屏名称"])
    assert "password" not in " ".join(map(str, people.columns))  # no hash column, ever
    head, _ = as_viewer(monkeypatch, demo_url, "head", "SELECT min(id) FROM office WHERE level = 'station'")
    head.run()
    settings.cache_clear()
    # Not in a head's navigation, and the page itself refuses: a refusal, no accounts, no tokens.
    head.switch_page("pages/admin.py").run()
    assert [e.value for e in head.error] == ["只有管理员可以查看此页面。"] and not head.dataframe


def test_staff_see_their_offices_figures_but_only_the_cases_they_handle(demo_url, monkeypatch):
    station = count(demo_url, "SELECT min(office_id) FROM complaint WHERE handler IS NOT NULL")
    name = count(demo_url, f"SELECT min(handler) FROM complaint WHERE office_id = {station}")
    at, _ = as_viewer(monkeypatch, demo_url, "staff", f"SELECT {station}")
    signed_in(at, "staff", station, True, name=name)
    at.run()
    at.switch_page("pages/complaints.py").run()
    settings.cache_clear()
    assert not at.exception and not at.error
    today = "received_at >= '2027-03-15' AND received_at <= :now"
    # The figures are the office's; the case table only this person's.
    assert int(tiles(at)["received_in_period"].replace(",", "")) == count(
        demo_url, f"SELECT count(*) FROM complaint WHERE office_id = {station} AND {today}"
    )
    mine = count(
        demo_url,
        f"SELECT count(*) FROM complaint WHERE office_id = {station} AND handler = '{name}' AND {today}",
    )
    assert 0 < mine < int(tiles(at)["received_in_period"].replace(",", ""))
    assert any(f"共 {mine:,} 件" in c.value for c in at.caption)
    table = at.dataframe[-1].value
    assert set(table["承办人"]) == {name} and len(table) == min(mine, 50)
    assert any(name in c.value for c in at.caption)


def test_an_administrator_imports_a_file_in_the_browser_and_a_bad_one_is_refused_row_by_row(
    demo_url, monkeypatch
):
    from campaign.db import make_engine

    with make_engine(demo_url).connect() as conn:
        row = conn.execute(
            text(
                "SELECT o.code, o.name, p.code, o.lon, o.lat FROM office o JOIN office p ON p.id = o.parent_id "
                "WHERE o.level = 'station' ORDER BY o.code LIMIT 1"
            )
        ).one()
    events = "SELECT count(*) FROM audit_event WHERE action = 'import'"
    before = count(demo_url, events), count(demo_url, "SELECT count(*) FROM complaint")
    at, _ = as_viewer(monkeypatch, demo_url, "admin", None)
    at.run()
    at.switch_page("pages/imports.py").run()
    assert not at.exception and at.title[0].value == "数据导入"
    assert at.file_uploader[0].allowed_type == [".csv", ".xlsx"]
    # The same office again: read, checked, and nothing changes.
    good = "单位编码,单位名称,上级单位编码,层级,经度,纬度\r\n{},{},{},所,{},{}\r\n".format(*row)
    at.file_uploader[0].set_value(("单位.csv", good.encode("gbk"), "text/csv")).run()
    at.button(key="upload_submit").click().run()
    assert not at.exception and not at.error
    assert "未变 1 条" in at.success[0].value
    # A 12315 file with a bad row: refused, the file, row, column and reason listed, nothing written.
    at.selectbox(key="upload_kind").set_value("complaints").run()
    bad = (
        "受理编号,诉求类型,来源渠道,登记时间,承办单位,处理状态\r\nX1,投诉,短信,2027-03-15 09:00,{},已受理\r\n"
    )
    at.file_uploader[0].set_value(("诉求<b>.csv", bad.format(row[0]).encode(), "text/csv")).run()
    at.button(key="upload_submit").click().run()
    settings.cache_clear()
    assert "未导入：1 行有误" in at.error[0].value and "诉求\\<b\\>\\.csv" in at.error[0].value
    problems = at.dataframe[0].value
    assert problems.iloc[0].tolist()[:2] == [2, "来源渠道"] and "短信" in problems.iloc[0, 2]
    assert count(demo_url, "SELECT count(*) FROM complaint") == before[1]
    assert count(demo_url, events) == before[0] + 1  # the good import only
    # Anyone else is refused by the page itself: no picker, no uploader.
    leader, _ = as_viewer(monkeypatch, demo_url, "leader", None)
    leader.run()
    leader.switch_page("pages/imports.py").run()
    assert [e.value for e in leader.error] == ["只有管理员可以查看此页面。"] and not leader.file_uploader


SSO = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "a-test-cookie-secret-of-some-length",
    "client_id": "dashboard",
    "client_secret": "not-a-real-secret",
    "server_metadata_url": "https://sso.example.gov.cn/.well-known/openid-configuration",
}


def test_with_a_government_sso_configured_its_user_signs_in_as_their_account(demo_url, monkeypatch):
    from campaign.auth import add_account
    from campaign.db import make_engine
    from campaign.localtime import wall_now

    with make_engine(demo_url).begin() as conn:
        conn.execute(text("DELETE FROM account WHERE username = 'wang@scjg.example.gov.cn'"))
        add_account(conn, "wang@scjg.example.gov.cn", "王处长", "leader", None, wall_now())
    monkeypatch.setenv("DATABASE_URL", demo_url)
    monkeypatch.setenv("CAMPAIGN_NOW", NOW.isoformat())
    settings.cache_clear()

    def fresh(user: dict) -> AppTest:
        at = AppTest.from_file(str(ENTRY_POINT), default_timeout=60)
        at.secrets["auth"] = SSO
        at.user = user
        return at.run()

    # Not signed in at the SSO: its button above the local form, and no page.
    out = fresh({"is_logged_in": False})
    assert [b.label for b in out.button] == ["统一身份认证登录", "登录"] and len(out.text_input) == 2
    assert not tiles(out)
    # Signed in at the SSO with an account here: straight to the page, as that account.
    known = fresh({"is_logged_in": True, "email": "Wang@scjg.example.gov.cn"})
    assert not known.exception and "王处长（领导）" in known.sidebar.caption[0].value
    assert int(tiles(known)["received_today"].replace(",", "")) > 0
    # Signed in at the SSO without an account here: refused by name, nothing of the page.
    stranger = fresh({"is_logged_in": True, "email": "nobody@example.com"})
    settings.cache_clear()
    assert "nobody@example\\.com 尚未在本系统开通" in stranger.error[0].value
    assert not tiles(stranger) and [b.label for b in stranger.button] == ["退出统一身份认证"]


def test_without_an_sso_only_the_local_form_shows(app):
    app.session_state["_signed_in"] = None
    app.run()
    assert [b.label for b in app.button] == ["登录"] and len(app.text_input) == 2
