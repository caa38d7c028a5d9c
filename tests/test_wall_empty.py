"""A wall on a database with a campaign and nothing else: every screen draws, with zeros."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from campaign.bootstrap import initialise
from campaign.db import make_engine
from campaign.serve import ENTRY_POINT
from campaign.settings import settings
from tests.conftest import signed_in
from tests.test_pages import NOW, wall_html


@pytest.fixture(scope="module")
def empty_url(tmp_path_factory) -> str:
    """Its own database: the shared test databases hold other modules' demo cities."""
    url = f"sqlite:///{tmp_path_factory.mktemp('empty') / 'empty.db'}"
    engine = make_engine(url)
    initialise(engine)
    engine.dispose()
    return url


@pytest.mark.parametrize("screen", ["overview", "complaints", "roster", "sites", "targets"])
def test_a_wall_on_an_empty_database_shows_zeros_not_errors(empty_url, monkeypatch, screen):
    # Reads are cached per process by campaign and moment, not by database: start and end clean.
    st.cache_data.clear()
    monkeypatch.setenv("DATABASE_URL", empty_url)
    monkeypatch.setenv("CAMPAIGN_NOW", NOW.isoformat())
    settings.cache_clear()
    at = signed_in(AppTest.from_file(str(ENTRY_POINT), default_timeout=60))
    at.query_params["screens"] = f"{screen}:60"
    at.run()
    at.switch_page("pages/wall.py").run()
    settings.cache_clear()
    st.cache_data.clear()
    assert not at.exception and not at.error
    assert f'data-wall-screen="{screen}"' in wall_html(at)
