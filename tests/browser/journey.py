"""A person's journey through the dashboard in a real browser: every control a user can click on a
screen (tabs, pickers, date calendars, pages of a table, switches, chart bars, buttons, downloads),
then a reload; after each, the checks the last round's failures call for.

A problem is a line of text, collected rather than raised, so one run reports every screen's.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from scripts.screenshots import RENDERED, wait_for_render
from ui.site_map import VIEW

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
            if ((s.position === 'absolute' || s.position === 'fixed') && (r.width <= 1 || r.height <= 1)) return true;
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
    // What an empty box says it wants: the placeholder is shown text too ("Choose an option").
    for (const input of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
        if (!input.value && input.offsetParent && !hidden(input)) out.push(input.placeholder);
    }
    return out.join(' ');
}"""
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
# A number a clerk would sum, stored as text; codes, tickets and phone numbers are text by nature.
NUMBER_AS_TEXT = re.compile(r"-?\d{1,3}(,\d{3})*(\.\d+)?%?|-?\d+(\.\d+)?%?")
TEXT_COLUMNS = ("编号", "编码", "电话", "号码", "代码", "序号", "工号", "日期", "时间", "时段")
SIGN_OUT = "退出登录"
MARKS = "g.point path, g.trace.bars path"  # a bar (or a point) of a Plotly chart
NARROWING = ("/complaints",)  # screens whose bar charts narrow a filter when a bar is clicked


def english_words(page) -> set[str]:
    return {w for w in WORD.findall(page.evaluate(VISIBLE_TEXT)) if w not in ALLOWED}


RUNNING = """() => document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state') === 'running'"""


def settle(page, seconds: float = 90) -> None:
    """Until a rerun the last action may have started has finished and drawn. A rerun starts within
    a few hundred milliseconds of the click (none does for a tab or a chart that selects nothing)."""
    with contextlib.suppress(PlaywrightTimeout):  # no rerun: the action changed the page alone
        page.wait_for_function(RUNNING, timeout=500, polling=50)
    page.wait_for_function(RENDERED, timeout=seconds * 1000)
    page.wait_for_timeout(150)


DECK = '[data-testid="stDeckGlJsonChart"]'
MAP_TRIES = 40  # places hovered on a map before it counts as showing none of them
TOOLTIP = """() => {
    const tip = document.querySelector('.deck-tooltip');
    return !!tip && tip.offsetParent !== null && tip.innerText.trim() !== '';
}"""
DETAIL = """name => [...document.querySelectorAll('[data-testid="stMarkdown"]')]
    .some(m => m.innerText.includes(name))"""


def mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator, as deck.gl's flat view draws it: the world a unit square, north at 0."""
    return (lon + 180) / 360, 0.5 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)


def on_map(box: dict, lon: float, lat: float) -> tuple[float, float]:
    """The pixel of (lon, lat) on the site map's canvas `box`, at the map's fixed view."""
    scale = 512 * 2 ** VIEW["zoom"]  # deck.gl: the world is 512 pixels wide at zoom 0
    centre_x, centre_y = mercator(VIEW["longitude"], VIEW["latitude"])
    x, y = mercator(lon, lat)
    return box["x"] + box["width"] / 2 + (x - centre_x) * scale, box["y"] + box["height"] / 2 + (
        y - centre_y
    ) * scale


def widest(marks) -> int:
    """The index of the largest mark: a user clicks a bar they can see, and a bar a pixel wide (the
    smallest category, an office with no open case) can be missed by the chart's hover detection."""
    areas = marks.evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return r.width * r.height; })"
    )
    return max(range(len(areas)), key=areas.__getitem__) if areas else 0


def bar_rows(marks) -> int:
    """How many bars a horizontal bar chart draws: its marks' distinct heights on the page (a
    stacked bar's segments share one)."""
    centres = marks.evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return Math.round(r.y + r.height / 2); })"
    )
    return len(set(centres))


@dataclass
class Download:
    name: str
    data: bytes
    rows: int


@dataclass
class Journey:
    """One browser page walking a server's screens as `account`; `problems` collects what went wrong."""

    page: object
    base: str
    log_path: str | None = None
    problems: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    downloads: list[Download] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)
    narrowed: list[str] = field(default_factory=list)  # chart clicks that changed the URL's filters
    places: list[tuple[float, float]] = field(default_factory=list)  # sites' (lon, lat) to find on a map
    picked: list[str] = field(default_factory=list)  # sites picked on a map and shown in detail
    _log_seen: int = 0

    def __post_init__(self) -> None:
        self.page.on(
            "response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 500 else None
        )
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        self._log_seen = self._log_size()

    def _log_size(self) -> int:
        return Path(self.log_path).stat().st_size if self.log_path else 0

    def check(self, where: str) -> None:
        """An error drawn, an English word, a failed request or a traceback in the server's log."""
        page = self.page
        if page.locator(ERRORS).count():
            texts = page.locator(ERRORS).all_inner_texts()
            self.problems.append(f"{where}: an error is drawn: {texts[0][:120]!r}")
        words = english_words(page)
        if words:
            self.problems.append(f"{where}: English {sorted(words)}")
        if self.failed:
            self.problems.append(f"{where}: failed requests {self.failed[:3]}")
            self.failed.clear()
        if self.log_path:
            with open(self.log_path, encoding="utf-8", errors="replace") as log:
                log.seek(self._log_seen)
                added = log.read()
            self._log_seen += len(added.encode("utf-8", errors="replace"))
            if "Traceback" in added:
                self.problems.append(f"{where}: a traceback in the server's log: {added[-300:]!r}")

    def open(self, path: str, account: tuple[str, str] | None = None) -> float:
        started = time.monotonic()
        self.page.goto(path if path.startswith("http") else f"{self.base}{path}")
        wait_for_render(self.page, 120, account)
        seconds = time.monotonic() - started
        self.timings[path] = seconds
        self.check(path)
        return seconds

    def act(self, where: str, what: str, action) -> None:
        """Do one thing a user does; a control that cannot be used is a problem, not a crash."""
        label = f"{where} · {what}"
        self.actions.append(label)
        started = time.monotonic()
        try:
            action()
            settle(self.page)
        except Exception as error:  # reported with the screen and the control
            self.problems.append(f"{label}: {type(error).__name__}: {str(error).splitlines()[0][:160]}")
            return
        acted = time.monotonic()
        self.check(label)
        self.timings[label] = acted - started
        self.timings[f"{label} (checks)"] = time.monotonic() - acted

    # The controls, each found afresh (a rerun replaces the elements).

    def _visible(self, selector: str):
        return [e for e in self.page.locator(selector).all() if e.is_visible()]

    @staticmethod
    def _label(element) -> str:
        label = element.locator('[data-testid="stWidgetLabel"]')
        return label.first.inner_text().strip() if label.count() else ""

    def tabs(self) -> list[str]:
        return [t.inner_text().strip() for t in self._visible('[data-testid="stTab"]')]

    def _untried(self, testid: str, done: set[str]):
        """Each visible widget of a kind not tried yet on this screen, found afresh (a rerun may
        have replaced the elements), with its label; marked as tried when handed out."""
        for n in range(len(self._visible(f'[data-testid="{testid}"]'))):
            widgets = self._visible(f'[data-testid="{testid}"]')
            if n >= len(widgets):
                return
            name = self._label(widgets[n])
            if f"{testid}:{name}" not in done:
                done.add(f"{testid}:{name}")
                yield widgets[n], name

    def _scrolled_to(self, element) -> None:
        # A scroll closes an open list or calendar (react-aria): scroll first, as a person does.
        element.scroll_into_view_if_needed()
        self.page.wait_for_timeout(300)

    def choose(self, where: str, testid: str, done: set[str], option: int = 1) -> None:
        """Every visible select box (or multiselect) not yet tried: open it and take an option."""
        for box, name in self._untried(testid, done):

            def pick(box=box):
                self._scrolled_to(box)
                box.click()
                options = self.page.locator('[role="listbox"] [role="option"]')
                options.first.wait_for(timeout=10_000)
                options.nth(min(option, options.count() - 1)).click()
                if testid == "stMultiSelect":
                    self.page.keyboard.press("Escape")

            self.act(where, f"{name}（选择）", pick)

    def dates(self, where: str, done: set[str]) -> None:
        """Every visible date picker: open its calendar and click the day before the one chosen."""
        for picker, name in self._untried("stDateInput", done):

            def pick(picker=picker):
                self._scrolled_to(picker)
                picker.locator('[data-testid="stDateInputCalendarButton"]').click()
                dialog = self.page.locator('[role="dialog"]')
                dialog.wait_for(timeout=10_000)
                cells = dialog.locator('[role="gridcell"]:not([aria-disabled="true"])')
                days = [c for c in cells.all() if c.inner_text().strip()]
                chosen = next(
                    (i for i, c in enumerate(days) if c.get_attribute("aria-selected") == "true"), 1
                )
                days[chosen - 1 if chosen > 0 else 1].click()
                if dialog.count():
                    self.page.keyboard.press("Escape")

            self.act(where, f"{name}（日历）", pick)

    def pages_of_tables(self, where: str) -> None:
        for n in range(len(self._visible('[data-testid="stNumberInput"]'))):
            box = self._visible('[data-testid="stNumberInput"]')[n]
            up = box.locator('[data-testid="stNumberInputStepUp"]')
            if up.is_enabled():
                self.act(where, f"{self._label(box)}（下一页）", up.click)
                box = self._visible('[data-testid="stNumberInput"]')[n]
                self.act(
                    where,
                    f"{self._label(box)}（上一页）",
                    box.locator('[data-testid="stNumberInputStepDown"]').click,
                )

    def switches(self, where: str) -> None:
        for n in range(len(self._visible('[data-testid="stCheckbox"]'))):
            for turn in ("打开", "关闭"):
                box = self._visible('[data-testid="stCheckbox"]')[n]
                self.act(where, f"{box.inner_text().strip()}（{turn}）", box.locator("label").click)

    def _back_to(self, url: str) -> None:
        """The view a chart click narrowed, opened again as it was (as the browser's back does)."""
        if self.page.url != url:
            self.page.goto(url)
            wait_for_render(self.page, 120)

    def _narrowed(self, before: str) -> bool:
        """Whether the URL's filters changed: a narrowing click reruns the chart's fragment, then the
        page, which writes the URL; wait for that, not for the first rerun to end."""
        with contextlib.suppress(PlaywrightTimeout):
            self.page.wait_for_function("url => location.href !== url", arg=before, timeout=15_000)
            settle(self.page)
        return self.page.url != before

    def bars(self, where: str) -> None:
        """Click the largest mark of every chart, one after another, as a person narrows a view
        step by step; a chart of a NARROWING screen must change the URL's filters. A chart left
        with one bar or none by the charts before it (the office already chosen) is clicked on the
        view as it was at first, opened again.

        Each chart is found afresh, and the click tried again once if the chart was redrawn under
        it (a live panel's timed refresh replaces its charts)."""
        start = self.page.url
        charts = self.page.locator('[data-testid="stPlotlyChart"]')
        for n in range(charts.count()):
            if n >= charts.count() or not charts.nth(n).is_visible():
                continue
            if self.page.url != start and bar_rows(charts.nth(n).locator(MARKS)) <= 1:
                self._back_to(start)
            if not charts.nth(n).locator(MARKS).count():
                continue

            def click(n=n):
                for attempt in range(2):
                    try:
                        chart = self.page.locator('[data-testid="stPlotlyChart"]').nth(n)
                        chart.scroll_into_view_if_needed(timeout=10_000)
                        marks = chart.locator(MARKS)
                        marks.nth(widest(marks)).click(force=True, timeout=10_000)
                        return
                    except PlaywrightError:
                        if attempt:
                            raise
                        settle(self.page)

            before = self.page.url
            self.act(where, f"图表{n + 1}（点击）", click)
            narrowing = where.startswith(NARROWING)
            if narrowing and not self._narrowed(before):
                # A click landing while a timed refresh redraws the page can be lost: once more.
                self.act(where, f"图表{n + 1}（再次点击）", click)
            if self._narrowed(before) if narrowing else self.page.url != before:
                self.narrowed.append(f"{where} · 图表{n + 1}")

    def maps(self, where: str) -> None:
        """On each map: hover the known places until one shows its tooltip, as a person looks for a
        dot; click it; the site's detail must then name it."""
        for n in range(len(self._visible(DECK))):
            canvas = self._visible(DECK)[n].locator("canvas").first
            canvas.scroll_into_view_if_needed()
            self.page.wait_for_timeout(300)
            box = canvas.bounding_box()
            tooltip = self.page.locator(".deck-tooltip")
            for lon, lat in self.places[:MAP_TRIES]:
                x, y = on_map(box, lon, lat)
                if not (box["x"] < x < box["x"] + box["width"] and box["y"] < y < box["y"] + box["height"]):
                    continue
                self.page.mouse.move(x, y)
                with contextlib.suppress(PlaywrightTimeout):  # deck.gl picks on a later frame
                    self.page.wait_for_function(TOOLTIP, timeout=2_000, polling=100)
                if tooltip.count() and tooltip.first.is_visible() and tooltip.first.inner_text().strip():
                    name = tooltip.first.inner_text().strip().splitlines()[0]
                    for attempt in ("点击", "再次点击"):  # a click in a redraw goes unseen: once more
                        self.act(
                            where,
                            f"地图{n + 1}（{attempt} {name}）",
                            lambda x=x, y=y: self.page.mouse.click(x, y),
                        )
                        with contextlib.suppress(PlaywrightTimeout):
                            self.page.wait_for_function(DETAIL, arg=f"{name} ·", timeout=20_000, polling=250)
                        shown = " ".join(self.page.locator('[data-testid="stMarkdown"]').all_inner_texts())
                        if f"{name} ·" in shown:
                            self.picked.append(f"{where} · {name}")
                            break
                    else:
                        self.problems.append(f"{where}: {name} clicked on the map, not shown in detail")
                    break
            else:
                self.problems.append(
                    f"{where}: map {n + 1} shows none of {len(self.places)} places where expected"
                )

    def buttons(self, where: str) -> None:
        """Buttons that change the view (e.g. 清除筛选), never signing out."""
        for button in self._visible('[data-testid="stButton"] button'):
            name = button.inner_text().strip()
            if name and name != SIGN_OUT and button.is_enabled():
                self.act(where, f"{name}（按钮）", button.click)

    def download_all(self, where: str) -> None:
        for n in range(len(self._visible('[data-testid="stDownloadButton"]'))):
            button = self._visible('[data-testid="stDownloadButton"] button')[n]
            name = button.inner_text().strip()
            self.act(
                where, f"{name}（下载）", lambda button=button, name=name: self.download(where, button, name)
            )

    def download(self, where: str, button, name: str) -> None:
        with self.page.expect_download(timeout=120_000) as caught:
            button.click()
        saved = caught.value
        data = Path(saved.path()).read_bytes()
        file_name = saved.suggested_filename
        if re.search(r"[A-Za-z]{3,}", Path(file_name).stem):
            self.problems.append(f"{where} · {name}: an English file name {file_name!r}")
        if file_name.endswith(".xlsx"):
            rows = self.check_workbook(f"{where} · {name}", data)
        elif file_name.endswith(".csv"):
            rows = len(list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))) if data else 0
        else:
            self.problems.append(f"{where} · {name}: an unexpected file {file_name!r}")
            rows = 0
        self.downloads.append(Download(file_name, data, rows))

    def check_workbook(self, where: str, data: bytes) -> int:
        """The workbook opens; no number a clerk would sum is stored as text. Returns its rows."""
        book = load_workbook(io.BytesIO(data), read_only=True)
        rows = 0
        for sheet in book.worksheets:
            header: tuple | None = None
            for row in sheet.iter_rows(values_only=True):
                rows += 1
                if header is None and sum(1 for v in row if isinstance(v, str) and v) >= 3:
                    header = row
                    continue
                for column, value in enumerate(row):
                    title = str(header[column] or "") if header and column < len(header) else ""
                    if (
                        isinstance(value, str)
                        and NUMBER_AS_TEXT.fullmatch(value.strip())
                        and not any(word in title for word in TEXT_COLUMNS)
                    ):
                        self.problems.append(
                            f"{where}: {title or sheet.title} holds the number {value!r} as text"
                        )
                        return rows
        return rows

    def exercise(self, path: str, downloads: bool = True, controls: bool = True) -> None:
        """Every control of the screen at `path`, tab by tab, then a reload. Without `controls`: the
        downloads and the reload only (a screen another journey has clicked through)."""
        if not controls:
            if downloads:
                self.download_all(path)
            self.reload(path)
            return
        done: set[str] = set()
        # The default view first (the most rows: pages of a table, downloads), then each narrowing.
        self.pages_of_tables(path)
        self.switches(path)
        if downloads:
            self.download_all(path)
        tabs = self.tabs() or [None]
        for index, tab in enumerate(tabs):
            where = f"{path}{f' [{tab}]' if tab else ''}"
            if tab and index:
                self.act(
                    where, "标签页", lambda index=index: self._visible('[data-testid="stTab"]')[index].click()
                )
            self.bars(where)  # before the pickers narrow the view (a province's single day, office…)
            self.maps(where)
            self.dates(where, done)
            self.choose(where, "stSelectbox", done)
            self.choose(where, "stMultiSelect", done, option=0)
        self.buttons(path)
        self.reload(path)

    def reload(self, path: str) -> None:
        """F5: the same view again, still signed in, drawn cleanly."""
        page = self.page
        url = page.url
        page.reload()
        try:
            wait_for_render(page, 120)
        except Exception as error:
            self.problems.append(f"{path} (reloaded): {type(error).__name__}")
            return
        if page.locator('input[type="password"]').count():
            self.problems.append(f"{path}: signed out by a reload")
        if page.url != url:
            self.problems.append(f"{path}: the reload lost the view ({url} → {page.url})")
        self.check(f"{path} (reloaded)")
