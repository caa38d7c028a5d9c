"""A wall on a database with a campaign and nothing else: every screen draws, with zeros."""

import pytest
from streamlit.testing.v1 import AppTest

from campaign.serve import ENTRY_POINT
from campaign.settings import settings
from tests.test_pages import NOW, wall_html


@pytest.mark.parametrize("screen", ["overview", "complaints", "roster", "sites", "targets"])
def test_a_wall_on_an_empty_database_shows_zeros_not_errors(engine, monkeypatch, screen):
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("CAMPAIGN_NOW", NOW.isoformat())
    settings.cache_clear()
    at = AppTest.from_file(str(ENTRY_POINT), default_timeout=60)
    at.query_params["screens"] = f"{screen}:60"
    at.run()
    at.switch_page("pages/wall.py").run()
    settings.cache_clear()
    assert not at.exception and not at.error
    assert f'data-wall-screen="{screen}"' in wall_html(at)
