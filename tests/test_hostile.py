"""Hostile input: markup in user text stays text, odd query parameters fall back to defaults,
formulas in exported text stay text."""

import csv
import io
import re

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from campaign.db import make_engine
from campaign.exports.sites_summary import statistics_table
from campaign.exports.writing import csv_bytes, xlsx_bytes
from campaign.serve import ENTRY_POINT
from campaign.settings import settings
from tests.conftest import DEMO_NOW, signed_in
from ui.export import csv_with_preamble

NOW = DEMO_NOW
SCRIPT = "<script>window.__xss=1</script>"
IMG = "<img src=x onerror=window.__xss=2>"
FORMULA = '=HYPERLINK("http://evil.example","点我")'
# Line breaks would end an HTML block and have the rest read as Markdown: bold, an image every
# viewer's browser fetches, an icon, a formula.
BREAKS = "\n\n**突破** ![p](http://127.0.0.1:9119/beacon.png) :material/home: $x^2$\n\n"


def poison(conn) -> None:
    """Markup in an office's name, businesses, a category, a site and its address, a handler."""
    conn.execute(
        text("UPDATE office SET name = :n WHERE id = (SELECT min(office_id) FROM site)"),
        {"n": f"{IMG}所"},
    )
    conn.execute(
        text(
            "UPDATE complaint SET business = :b, category = :c, handler = :h WHERE received_at >= '2027-03-15'"
        ),
        {"b": SCRIPT, "c": f"{IMG}类", "h": f"**{IMG}**"},
    )
    # Every other grassroots office: named in the overview's alerts, the roster's boxes and the wall.
    conn.execute(
        text("UPDATE office SET name = name || :n WHERE level = 'station' AND name NOT LIKE '%onerror%'"),
        {"n": BREAKS},
    )
    conn.execute(
        text("UPDATE site SET name = name || :s, address = :a"),
        {"s": SCRIPT, "a": f"[点我](javascript:alert(1)) {IMG}"},
    )


@pytest.fixture(scope="module")
def hostile_url(demo_city):
    import streamlit as st

    engine = make_engine(demo_city)
    with engine.begin() as conn:
        poison(conn)
    engine.dispose()
    st.cache_data.clear()
    return demo_city


@pytest.fixture
def app(hostile_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", hostile_url)
    monkeypatch.setenv("CAMPAIGN_NOW", NOW.isoformat())
    settings.cache_clear()
    yield signed_in(AppTest.from_file(str(ENTRY_POINT), default_timeout=60), sees_personal=True)
    settings.cache_clear()


def markup_shown(at: AppTest) -> list[str]:
    """Every piece of HTML the app asked the browser to render as HTML, with raw markup in it."""
    return [
        m.value
        for m in at.markdown
        if m.proto.allow_html
        # Raw HTML as long as no blank line ends the block: after one, Markdown would read the rest.
        and (any(bad in m.value for bad in ("<script", "<img")) or re.search(r"\n[ \t]*\n", m.value))
    ]


def markdown_read(at: AppTest) -> list[str]:
    """Text drawn as Markdown (captions, notes, messages) in which a name's markup would work."""
    texts = [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "success", "error")
        for e in getattr(at, kind)
        if not (kind == "markdown" and e.proto.allow_html)  # HTML: markup_shown's concern
    ]
    return [v for v in texts if "**突破**" in v or "](http" in v or ":material/home:" in v]


PAGES = {
    "pages/overview.py": {},
    "pages/complaints.py": {
        "from": "2027-02-30",
        "to": "' OR 1=1 --",
        "office": "1; DROP TABLE complaint",
        "kind": SCRIPT,
        "channel": "gala'--",
        "category": IMG,
    },
    "pages/roster.py": {"day": "2027-13-45' OR '1'='1"},
    "pages/sites.py": {"office": "../../etc/passwd", "state": SCRIPT, "day": "2099-01-01"},
    "pages/targets.py": {"office": IMG, "as_of": "1 UNION SELECT password_hash FROM account"},
    "pages/wall.py": {"screens": f"{SCRIPT}:5,complaints:0:office={IMG}", "refresh": "-1", "token": ""},
}


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_shows_hostile_text_as_text_and_ignores_hostile_parameters(app, page):
    for key, value in PAGES[page].items():
        app.query_params[key] = value
    app.run()
    app.switch_page(page).run()
    settings.cache_clear()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    assert markup_shown(app) == []
    assert markdown_read(app) == []
    state = app.session_state
    if page == "pages/complaints.py":
        assert (state["f_from"], state["f_to"]) == (NOW.date(), NOW.date())
        assert state["f_office"] == 0 and state["f_kinds"] == [] and state["f_channels"] == []
        assert state["f_categories"] == []  # the poisoned category exists, but was not asked by its name
    if page == "pages/roster.py":
        assert state["roster_day"] == NOW.date()
    if page == "pages/sites.py":
        assert state["s_office"] == 0 and state["s_states"] == [] and state["s_day"] == 0


def test_the_case_table_and_the_picker_carry_hostile_names_as_plain_values(app, hostile_url):
    from campaign.db import make_engine

    with make_engine(hostile_url).connect() as conn:
        poisoned = conn.execute(text("SELECT id FROM office WHERE name LIKE '%onerror%'")).scalar_one()
    app.run()
    app.switch_page("pages/complaints.py").run()
    table = app.dataframe[-1].value
    assert set(table["被投诉主体"]) <= {SCRIPT, ""} and SCRIPT in set(table["被投诉主体"])
    picker = app.selectbox(key="f_office")
    assert f"{IMG}所" in picker.options
    # In a markdown caption, a name is escaped so it is neither markup nor formatting.
    picker.set_value(poisoned)
    app.run()
    assert any("\\<img src=x onerror=window\\.\\_\\_xss=2\\>所" in c.value for c in app.caption)


def test_text_that_excel_would_run_as_a_formula_stays_text_in_every_export():
    frame = pd.DataFrame(
        {"被投诉主体": [FORMULA, "+86 1234", "-1+1", "@SUM(A1)", "杭州悦享健身"], "金额": [1, 2, 3, 4, 5]}
    )
    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == [f"'{FORMULA}", "'+86 1234", "'-1+1", "'@SUM(A1)", "杭州悦享健身"]
    assert [r[1] for r in rows[1:]] == ["1", "2", "3", "4", "5"]  # numbers stay numbers
    with_preamble = csv_with_preamble(frame, [("筛选条件", "=1+1")]).decode("utf-8-sig")
    assert with_preamble.startswith("筛选条件,'=1+1") and f"'{FORMULA}" in with_preamble.replace('""', '"')
    sheet = load_workbook(io.BytesIO(xlsx_bytes(frame, "cases", [("筛选条件", "=1+1")]))).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert sheet["A4"].value == FORMULA and sheet["B1"].value == "=1+1"  # the text itself, unaltered
    summary = pd.DataFrame(
        [{"office_code": "S1", "office_name": FORMULA, **{c: 1 for c in ("sites", "staff")}}]
    )
    from campaign.exports.sites_summary import COLUMNS

    summary = summary.reindex(columns=COLUMNS, fill_value=1)
    book = load_workbook(
        io.BytesIO(statistics_table(summary, "=cmd|' /C calc'!A0", NOW.date(), NOW.date(), NOW))
    )
    cells = [c for row in book.active.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells) and any(c.value == FORMULA for c in cells)


def test_the_server_is_configured_to_refuse_cross_site_requests_and_large_uploads():
    import tomllib

    from campaign.importing.reading import MAX_UPLOAD_MB
    from campaign.settings import PROJECT_DIR

    config = tomllib.loads((PROJECT_DIR / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB
    assert config["client"]["showErrorDetails"] == "none"  # no trace, no message from the server


def test_names_in_charts_are_shown_as_typed_not_as_plotly_markup():
    from ui.charts import bar_figure
    from ui.markup import chart_text, escape

    frame = pd.DataFrame(
        {
            "name": ["<b>粗</b>所", '<a href="http://x">点</a>', "甲\n\n乙"],
            "code": ["1", "2", "3"],
            "count": [3, 2, 1],
        }
    )
    labels = list(bar_figure(frame, "name").data[0].y)
    assert labels[::-1] == ["&lt;b&gt;粗&lt;/b&gt;所", '&lt;a href="http://x"&gt;点&lt;/a&gt;', "甲 乙"]
    assert list(chart_text(pd.Series(["A&B"]))) == ["A&amp;B"]
    assert escape("所\r\n\n**突破**\u2028<i>") == "所 **突破** &lt;i&gt;"


def test_no_screen_module_escapes_html_but_through_ui_markup():
    """One escaping for user text in markup: html.escape alone keeps line breaks that end a block."""

    from campaign.settings import PROJECT_DIR

    direct = [
        str(path.relative_to(PROJECT_DIR))
        for folder in ("ui", "pages")
        for path in (PROJECT_DIR / folder).glob("*.py")
        if path.name != "markup.py"
        and re.search(r"from html import|import html\b", path.read_text(encoding="utf-8"))
    ]
    assert direct == []
