"""A journey per role, in one browser each: sign in once, open every screen in the navigation,
reload it, and fail on an error drawn, a failed request or a visible English word."""

from __future__ import annotations

import re

import pytest

from scripts.screenshots import RENDERED
from scripts.wall_probe import wait_for_wall
from tests.browser.conftest import ADMIN, DISTRICT_HEAD, STAFF, TESTER, nav_labels, wait_for_render

ROLES = {"leader": TESTER, "district head": DISTRICT_HEAD, "staff": STAFF, "admin": ADMIN}
# Proper names a Chinese screen may carry; anything else in Latin letters is a leftover.
ALLOWED = {"12315", "CCTV", "CSV", "Excel", "XLSX", "xlsx", "A4", "UTF", "GBK", "MB"}
# The administrators' page names the command line's commands, as typed.
ALLOWED |= {"python", "campaign", "user", "token"}
# Text a person sees, leaving out Material icons (their ligature names are words), charts' SVG, and
# what CSS hides (no size, transparent, clipped to a pixel: e.g. the skip link until it has focus).
VISIBLE_TEXT = """() => {
    const hidden = el => {
        for (let e = el; e; e = e.parentElement) {
            const s = getComputedStyle(e);
            if (s.visibility === 'hidden' || s.opacity === '0' || parseFloat(s.fontSize) === 0) return true;
            const r = e.getBoundingClientRect();
            if (s.position === 'absolute' && (r.width <= 1 || r.height <= 1)) return true;
        }
        return false;
    };
    const skip = el => el.closest('[data-testid="stIconMaterial"], svg, script, style, [aria-hidden="true"]') || hidden(el);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const out = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!el || skip(el) || !el.offsetParent) continue;
        out.push(node.textContent);
    }
    return out.join(' ');
}"""
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")


def english_words(page) -> set[str]:
    return {w for w in WORD.findall(page.evaluate(VISIBLE_TEXT)) if w not in ALLOWED}


def drawn_cleanly(page, where: str) -> list[str]:
    problems = []
    if page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count():
        problems.append(f"{where}: an error is drawn")
    words = english_words(page)
    if words:
        problems.append(f"{where}: English {sorted(words)}")
    return problems


@pytest.mark.parametrize("role", list(ROLES))
def test_every_screen_of_a_role_draws_in_chinese_and_survives_a_reload(frozen_server, browser, role):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    page.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))
    page.goto(frozen_server.url)
    wait_for_render(page, 60, ROLES[role])
    links = page.locator('[data-testid="stSidebarNav"] a')
    paths = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(paths) == len(nav_labels(page)) >= 6
    problems = []
    for path in paths:
        page.goto(path if path.startswith("http") else f"{frozen_server.url}{path}")
        if path.rstrip("/").endswith("/wall"):
            wait_for_wall(page)  # the wall has no page heading: its own header
        else:
            wait_for_render(page, 60)
        problems += drawn_cleanly(page, path)
        if role == "leader":  # the reload keeps the sign-in (the session cookie) and the screen
            page.reload()
            page.wait_for_function(RENDERED, timeout=60_000)
            page.wait_for_timeout(500)
            assert page.locator('input[type="password"]').count() == 0, f"{path}: signed out by a reload"
            problems += drawn_cleanly(page, f"{path} (reloaded)")
    context.close()
    print("\n".join(problems))
    assert problems == []
    assert failed == []
