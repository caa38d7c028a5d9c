"""The guard that keeps a live panel's timer from undoing a page switch."""

from types import SimpleNamespace

from streamlit.runtime.app_session import AppSession

from ui import rerun_guard
from ui.rerun_guard import ASKED, stale


def test_only_a_fragment_of_another_page_is_stale():
    assert stale("B", "frag-1", "A")  # the old page's timer after a click on B
    assert not stale("B", "frag-1", "B")  # the new page's own timer
    assert not stale("B", "", "A")  # a full rerun is never dropped
    assert not stale("", "frag-1", "A")  # nothing asked yet (first load by URL)


def test_the_installed_guard_drops_the_old_pages_timer_after_a_click(monkeypatch):
    passed = []
    monkeypatch.setattr(AppSession, "request_rerun", lambda self, state: passed.append(state))
    assert rerun_guard.install() and rerun_guard.install()  # once, however often the entry point runs
    session = SimpleNamespace()
    rerun = AppSession.request_rerun

    def state(fragment: str, page: str):
        return SimpleNamespace(fragment_id=fragment, page_script_hash=page)

    click = state("", "B")
    rerun(session, click)  # the click on page B
    rerun(session, state("timer", "A"))  # page A's timer, arriving after the click: dropped
    rerun(session, state("timer", "B"))  # page B's own timer
    rerun(session, None)  # a rerun with no client state
    assert getattr(session, ASKED) == "B"
    assert [s if s is None else (s.fragment_id, s.page_script_hash) for s in passed] == [
        ("", "B"),
        ("timer", "B"),
        None,
    ]
