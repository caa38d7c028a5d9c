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
    const inFlow = all.filter(e => !e.closest('.wall-foot, .wall-frozen'));
    // What shows: texts and drawings, not Streamlit's wrappers (which hold the fixed footer's empty slot).
    const leaves = inFlow.filter(e => ![...e.children].some(visible));
    const bottom = Math.max(...leaves.map(e => e.getBoundingClientRect().bottom));
    const right = Math.max(...all.map(e => e.getBoundingClientRect().right));
    // The containers that would scroll (or, in wall mode, clip): none may hold more than it shows.
    const overflowing = [document.scrollingElement, ...document.querySelectorAll(
        '.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"]')]
        .filter(e => e && (e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1))
        .map(e => e.getAttribute('data-testid') || e.className || e.tagName);
    const scrolled = [document.scrollingElement, ...document.querySelectorAll(
        '.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"]')]
        .some(e => e && (e.scrollTop > 0 || e.scrollLeft > 0));
    // Text cut short: a box narrower than its text, or a text ending in the ellipsis.
    const cut = inFlow.filter(e => {
        const s = getComputedStyle(e);
        const own = [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
        return (s.textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1 && e.textContent.trim())
            || own.endsWith('…') || own.endsWith('...');
    }).map(e => e.textContent.trim().slice(0, 60));
    // The wall's regions, top to bottom: no two may overlap.
    const regions = [];
    const add = (name, sel) => document.querySelectorAll(sel).forEach((e, i) => {
        if (visible(e)) regions.push([`${name}${i}`, e.getBoundingClientRect()]); });
    add('header', '.wall-head'); add('freshness', '.wall-status'); add('alerts', '.wall-alerts');
    add('tiles', '.tiles'); add('panel', '.wall-list, svg.wall-chart, svg.wall-map, table.grid, .wall-note');
    add('footer', '.wall-foot');
    const overlaps = [];
    for (let i = 0; i < regions.length; i++) for (let j = i + 1; j < regions.length; j++) {
        const [a, r] = regions[i], [b, q] = regions[j];
        if (Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top) > 0.5
            && Math.min(r.right, q.right) - Math.max(r.left, q.left) > 0.5) overlaps.push(`${a}/${b}`);
    }
    const foot = document.querySelector('.wall-foot');
    const floor = foot && visible(foot) ? foot.getBoundingClientRect().top : window.innerHeight;
    const below_footer = leaves.filter(e => e.getBoundingClientRect().bottom > floor + 0.5)
        .map(e => e.className || e.tagName).slice(0, 5);
    // Rendered size, whatever the zoom: a headline's line box is 1.1 times its type.
    const headline = [...document.querySelectorAll('.tile .value')].map(e => e.getBoundingClientRect().height / 1.1);
    const screen = document.querySelector('[data-wall-screen]');
    return {
        screen: screen && screen.getAttribute('data-wall-screen'),
        chrome, bottom, right, overflowing, scrolled, cut, overlaps, below_footer,
        empty_share: Math.max(0, floor - bottom) / window.innerHeight,
        headline_px: headline,
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
