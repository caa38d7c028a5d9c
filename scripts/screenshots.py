"""Screenshots of dashboard pages at 1920x1080 in Debian's headless Chromium.

python scripts/screenshots.py http://127.0.0.1:8501 screenshots/ overview roster?day=2027-03-15
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# For a deployment's screenshots: the account to sign in as.
CREDENTIALS = (
    (os.environ["CAMPAIGN_USER"], os.environ.get("CAMPAIGN_PASSWORD", ""))
    if os.environ.get("CAMPAIGN_USER")
    else None
)

RENDERED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
    if (document.querySelector('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]')) return false;
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    return charts.every(c => c.querySelector('svg.main-svg'));
}"""


def sign_in(page, credentials: tuple[str, str], seconds: float = 40) -> None:
    """Fill the sign-in form and wait until the page asked for has replaced it."""
    username, password = credentials
    form = page.locator('[data-testid="stForm"]')
    form.locator('input[type="text"]').fill(username)
    form.locator('input[type="password"]').fill(password)
    form.locator('[data-testid="stFormSubmitButton"] button').click()
    page.wait_for_selector('input[type="password"]', state="detached", timeout=seconds * 1000)


def wait_for_render(page, seconds: float = 40, credentials: tuple[str, str] | None = None) -> None:
    """Until the script has finished, no skeleton remains and every Plotly chart has drawn.

    With `credentials`, a sign-in form met on the way is filled in first.
    """
    page.wait_for_selector('[data-testid="stApp"]', timeout=seconds * 1000)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=seconds * 1000)
    page.wait_for_function(RENDERED, timeout=seconds * 1000)
    if credentials and page.locator('input[type="password"]').count():
        sign_in(page, credentials, seconds)
        page.wait_for_selector('[data-testid="stMain"] h1', timeout=seconds * 1000)
        page.wait_for_function(RENDERED, timeout=seconds * 1000)
    page.wait_for_timeout(500)


def shoot(base: str, folder: Path, paths: list[str], width: int = 1920, height: int = 1080) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        for path in paths:
            page.goto(f"{base}/{path}")
            wait_for_render(page, credentials=CREDENTIALS)
            name = (path.split("?")[0].strip("/") or "root").replace("/", "_")
            out = folder / f"{name}.png"
            page.screenshot(path=str(out))
            written.append(out)
        browser.close()
    return written


if __name__ == "__main__":
    args = sys.argv[1:]
    # Streamlit scrolls inside its own container, so a "full" shot is a tall viewport.
    height = 3400 if "--full" in args else 1080
    base, folder, *paths = [a for a in args if a != "--full"]
    for out in shoot(base, Path(folder), paths or [""], height=height):
        print(out)
