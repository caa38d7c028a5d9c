"""Start the dashboard server so that every URL runs dashboard.py, even the very first one.

Streamlit marks an app with a `pages/` folder as a folder-navigation app until some session
has run `st.navigation`; until then a deep link such as /roster runs pages/roster.py on its
own, skipping the entry point and its navigation. Clearing that mark before the server
starts makes the first request behave like every later one.
"""

from __future__ import annotations

import os

from campaign.settings import PROJECT_DIR
from campaign.strings import t

ENTRY_POINT = PROJECT_DIR / "dashboard.py"


def use_entry_point_navigation() -> None:
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def serve(port: int = 8501, address: str = "127.0.0.1", headless: bool = False, db: str | None = None) -> int:
    from streamlit.web import bootstrap

    if db:
        os.environ["DATABASE_URL"] = db
    os.chdir(PROJECT_DIR)  # .streamlit/config.toml is read from the working directory
    use_entry_point_navigation()
    flags: dict[str, object] = {"server.port": port, "server.address": address}
    if headless:
        flags["server.headless"] = True
    bootstrap.load_config_options(flag_options=flags)
    shown = "127.0.0.1" if address in ("0.0.0.0", "::") else address
    print(t("cli.serve.url", url=f"http://{shown}:{port}"), flush=True)
    bootstrap.run(str(ENTRY_POINT), False, [], flags)
    return 0
