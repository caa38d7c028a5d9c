"""Web sessions: the ticket traded once for a cookie, the idle and longest limits, revocation,
a disabled or removed account, and the cookie's signature (issue 19)."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import update

from campaign import web
from campaign.auth import (
    add_account,
    adopt_ticket,
    end_session,
    end_sessions_of,
    forget_old_sessions,
    open_session,
    remove_account,
    session_viewer,
)
from campaign.schema import Account, WebSession

NOW = datetime(2027, 3, 15, 8, 0)


@pytest.fixture
def leader(engine):
    with engine.begin() as conn:
        add_account(conn, "li", "李科长", "leader", "correct horse battery", NOW)
    return engine


def signed_in(engine, at=NOW) -> tuple[int, str]:
    """A session opened at `at` and its cookie's token, traded at once."""
    with engine.begin() as conn:
        opened = open_session(conn, "li", at)
        return opened.id, adopt_ticket(conn, opened.ticket, at)


def alive(engine, token, at) -> bool:
    with engine.begin() as conn:
        return session_viewer(conn, at, token=token) is not None


def test_the_cookie_token_names_the_account_and_its_scope(leader):
    session_id, token = signed_in(leader)
    with leader.begin() as conn:
        live = session_viewer(conn, NOW, token=token)
        by_id = session_viewer(conn, NOW, session_id=session_id)
    assert live.id == session_id == by_id.id
    assert (live.viewer.username, live.viewer.role, live.viewer.office_id) == ("li", "leader", None)


def test_a_ticket_is_traded_once_and_within_its_minute(leader):
    with leader.begin() as conn:
        first = open_session(conn, "li", NOW)
        assert adopt_ticket(conn, first.ticket, NOW + timedelta(seconds=59))
        assert adopt_ticket(conn, first.ticket, NOW + timedelta(seconds=59)) is None  # used
        late = open_session(conn, "li", NOW)
        assert adopt_ticket(conn, late.ticket, NOW + timedelta(seconds=60)) is None  # 08:01:00, expired
        assert adopt_ticket(conn, "made-up", NOW) is None
        assert adopt_ticket(conn, "", NOW) is None


def test_idle_for_an_hour_ends_it_one_second_less_does_not(leader):
    _, token = signed_in(leader)
    assert alive(leader, token, NOW + timedelta(minutes=59, seconds=59))  # seen again at 08:59:59
    # Idle is counted from the last run it was seen: 08:59:59 + 1 h = 09:59:59.
    assert alive(leader, token, NOW + timedelta(hours=1, minutes=59, seconds=58))
    _, other = signed_in(leader)
    assert not alive(leader, other, NOW + timedelta(hours=1))  # 08:00 + 1 h idle


def test_sixteen_hours_end_it_however_busy(leader):
    _, token = signed_in(leader)
    for half_hours in range(1, 32):  # seen every half hour up to 23:30, never idle
        assert alive(leader, token, NOW + timedelta(minutes=30 * half_hours))
    assert alive(leader, token, NOW + timedelta(hours=15, minutes=59, seconds=59))  # 23:59:59
    assert not alive(leader, token, NOW + timedelta(hours=16))  # 08:00 + 16 h = 24:00


def test_last_seen_is_written_at_most_once_a_minute(leader):
    _, token = signed_in(leader)
    alive(leader, token, NOW + timedelta(seconds=59))
    with leader.connect() as conn:
        seen = conn.execute(WebSession.__table__.select()).one().last_seen_at
    assert seen == NOW
    alive(leader, token, NOW + timedelta(minutes=1))
    with leader.connect() as conn:
        assert conn.execute(WebSession.__table__.select()).one().last_seen_at == NOW + timedelta(minutes=1)


def test_signing_out_ends_that_session_only(leader):
    session_id, token = signed_in(leader)
    _, elsewhere = signed_in(leader)
    with leader.begin() as conn:
        end_session(conn, session_id, NOW)
    assert not alive(leader, token, NOW)
    assert alive(leader, elsewhere, NOW)


def test_a_disabled_account_loses_every_session_and_a_removed_one_too(leader):
    _, token = signed_in(leader)
    account = Account.__table__
    with leader.begin() as conn:
        conn.execute(update(account).where(account.c.username == "li").values(disabled=True))
    assert not alive(leader, token, NOW)
    with leader.begin() as conn:
        conn.execute(update(account).where(account.c.username == "li").values(disabled=False))
        assert end_sessions_of(conn, "li", NOW) == 1
    assert not alive(leader, token, NOW)
    _, again = signed_in(leader)
    with leader.begin() as conn:
        remove_account(conn, "li")
        add_account(conn, "li", "另一个李", "leader", "correct horse battery", NOW)
    assert not alive(leader, again, NOW)  # a new account under the name inherits nothing


def test_a_session_never_traded_has_no_token_to_find(leader):
    with leader.begin() as conn:
        opened = open_session(conn, "li", NOW)
        assert session_viewer(conn, NOW, session_id=opened.id) is not None
        assert session_viewer(conn, NOW, token="") is None
        assert session_viewer(conn, NOW) is None


def test_old_and_ended_sessions_are_forgotten(leader):
    ended, _ = signed_in(leader)
    signed_in(leader, NOW - timedelta(hours=16))  # 16:00 the day before: past its longest
    _, token = signed_in(leader)
    with leader.begin() as conn:
        end_session(conn, ended, NOW)
        assert forget_old_sessions(conn, NOW) == 2
    assert alive(leader, token, NOW)


@pytest.fixture
def secret(monkeypatch, tmp_path):
    monkeypatch.setenv("CAMPAIGN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv(web.SECRET_ENV, raising=False)
    from campaign.settings import settings

    settings.cache_clear()
    web.session_secret.cache_clear()
    yield tmp_path
    settings.cache_clear()
    web.session_secret.cache_clear()


def test_only_a_cookie_signed_by_this_server_gives_its_token(secret):
    signed = web.sign_token("abc")
    assert web.cookie_token(signed) == "abc"
    assert web.cookie_token(signed[:-1] + ("A" if signed[-1] != "A" else "B")) is None
    assert web.cookie_token("abc") is None
    assert web.cookie_token("") is None and web.cookie_token(None) is None
    web.session_secret.cache_clear()
    (secret / "session_secret").write_text("another server's secret")
    assert web.cookie_token(signed) is None


def test_the_secret_is_made_once_readable_by_its_owner_only(secret):
    first = web.session_secret()
    web.session_secret.cache_clear()
    assert web.session_secret() == first and len(first) >= 48
    assert (secret / "session_secret").stat().st_mode & 0o777 == 0o600


def test_the_secret_setting_wins_over_the_file(secret, monkeypatch):
    monkeypatch.setenv(web.SECRET_ENV, "shared by every server")
    assert web.session_secret() == "shared by every server"
    assert not (secret / "session_secret").exists()


def test_a_tab_whose_session_ended_elsewhere_shows_the_form_on_its_next_run(leader, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from campaign.auth import Viewer
    from campaign.localtime import wall_now
    from campaign.serve import ENTRY_POINT
    from campaign.settings import settings
    from ui.signin import SESSION

    monkeypatch.setenv("DATABASE_URL", leader.url.render_as_string(hide_password=False))
    settings.cache_clear()
    now = wall_now()
    with leader.begin() as conn:
        opened = open_session(conn, "li", now)
    held = {
        "viewer": Viewer("li", "李科长", "leader", None, False),
        "since": now,
        "seen": now,
        "session": opened.id,
    }

    def tab() -> AppTest:  # a fresh AppTest per run: AppTest's own reruns skip the entry point
        at = AppTest.from_file(str(ENTRY_POINT), default_timeout=60)
        at.session_state[SESSION] = dict(held)
        return at.run()

    assert not [e for e in tab().text_input if e.label == "密码"]
    with leader.begin() as conn:
        end_session(conn, opened.id, now)  # signed out in another tab, or by an administrator
    ended = tab()
    assert [e.label for e in ended.text_input] == ["用户名", "密码"]
    assert [e.value for e in ended.info] == ["登录已过期，请重新登录。"]
    settings.cache_clear()
