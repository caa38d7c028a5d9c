"""Start the dashboard server so that every URL runs dashboard.py, even the very first one.

Streamlit marks an app with a `pages/` folder as a folder-navigation app until some session
has run `st.navigation`; until then a deep link such as /roster runs pages/roster.py on its
own, skipping the entry point and its navigation. Clearing that mark before the server
starts makes the first request behave like every later one.

The server is Streamlit's own (Starlette, through `st.App`), with campaign.web's session routes.
"""

from __future__ import annotations

import os
import sys

from campaign.settings import PROJECT_DIR
from campaign.strings import t
from campaign.web import ENTRY_POINT, make_app


def use_entry_point_navigation() -> None:
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def serve(port: int = 8501, address: str = "127.0.0.1", headless: bool = False, db: str | None = None) -> int:
    if db:
        os.environ["DATABASE_URL"] = db
    os.chdir(PROJECT_DIR)  # .streamlit/config.toml is read from the working directory
    use_entry_point_navigation()
    flags: dict[str, object] = {"server.port": port, "server.address": address}
    if headless:
        flags["server.headless"] = True
    shown = "127.0.0.1" if address in ("0.0.0.0", "::") else address
    print(t("cli.serve.url", url=f"http://{shown}:{port}"), flush=True)
    # App.run anchors Streamlit's script-level settings and sys.path at sys.argv[0]: the entry
    # point, as `streamlit run dashboard.py` would, not campaign/__main__.py.
    sys.argv = [str(ENTRY_POINT)]
    make_app().run(config=flags)
    return 0
