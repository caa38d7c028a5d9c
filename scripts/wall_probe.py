"""What a browser measures of the wall: drawn yet, its layout, chrome, overflow and type sizes."""

from __future__ import annotations

from scripts.screenshots import RENDERED

DRAWN = """() => {
    if (!document.querySelector('.wall-head [data-wall-screen]')) return false;
    if (!(RENDERED)()) return false;
    const maps = [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')];
    return maps.every(m => m.querySelector('canvas'));
}""".replace("RENDERED", RENDERED)

LAYOUT = """() => {
    const visible = el => { if (!el) return false; const s = getComputedStyle(el); const r = el.getBoundingClientRect();
        return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0; };
    const chrome = ['stHeader', 'stToolbar', 'stSidebar', 'stExpandSidebarButton', 'stSidebarNav', 'stStatusWidget']
        .filter(id => [...document.querySelectorAll(`[data-testid="${id}"]`)].some(visible));
    const block = document.querySelector('[data-testid="stMainBlockContainer"]');
    const all = [...block.querySelectorAll('*')].filter(visible);
    const bottom = Math.max(...all.map(e => e.getBoundingClientRect().bottom));
    const right = Math.max(...all.map(e => e.getBoundingClientRect().right));
    // The containers that would scroll (or, in wall mode, clip): none may hold more than it shows.
    const overflowing = [document.scrollingElement, ...document.querySelectorAll(
        '.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"]')]
        .filter(e => e && (e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1))
        .map(e => e.getAttribute('data-testid') || e.className || e.tagName);
    // Rendered size, whatever the zoom: a headline's line box is 1.1 times its type.
    const headline = [...document.querySelectorAll('.tile .value')].map(e => e.getBoundingClientRect().height / 1.1);
    const screen = document.querySelector('[data-wall-screen]');
    return {
        screen: screen && screen.getAttribute('data-wall-screen'),
        chrome, bottom, right, overflowing, headline_px: headline,
        errors: document.querySelectorAll('[data-testid="stException"], [data-testid="stAlertContentError"]').length,
        cjk: document.fonts.check('16px "Noto Sans CJK SC"'),
        map_sites: document.querySelectorAll('svg.wall-map circle[data-state]').length,
        map_districts: document.querySelectorAll('svg.wall-map path').length,
        traces: document.querySelectorAll('svg.wall-chart polyline[data-series="today"]').length,
        heap: performance.memory ? performance.memory.usedJSHeapSize : null,
    };
}"""


def wait_for_wall(page, seconds: float = 40) -> None:
    """Until the wall's header is drawn, the script has finished and every chart and map has drawn."""
    page.wait_for_function(DRAWN, timeout=seconds * 1000)
    page.wait_for_timeout(500)


def wall_layout(page) -> dict:
    return page.evaluate(LAYOUT)
