"""Entry point: page config, navigation, and the guard that keeps stack traces off screen."""

import logging

import streamlit as st

from campaign.settings import PROJECT_DIR, settings
from campaign.strings import t
from campaign.wall import wall_settings
from ui import data, guard, not_found, rerun_guard, rotation, signin, wall

FAVICON = PROJECT_DIR / "static" / "favicon.png"

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

rerun_guard.install()  # once per process: a live panel's timer must not undo a page switch
st.set_page_config(page_title=t("app.title"), page_icon=str(FAVICON), layout="wide")

PAGES = [
    st.Page("pages/overview.py", title=t("nav.overview"), icon=":material/dashboard:", default=True),
    st.Page(
        "pages/complaints.py",
        title=t("nav.complaints"),
        icon=":material/support_agent:",
        url_path="complaints",
    ),
    st.Page("pages/roster.py", title=t("nav.roster"), icon=":material/badge:", url_path="roster"),
    st.Page("pages/sites.py", title=t("nav.sites"), icon=":material/map:", url_path="sites"),
    st.Page("pages/targets.py", title=t("nav.targets"), icon=":material/flag:", url_path="targets"),
    st.Page("pages/wall.py", title=t("nav.wall"), icon=":material/tv:", url_path="wall"),
]

# Nobody sees a page before signing in, whatever URL was opened first. A wall token shows walls only.
who = signin.viewer()
# Wall mode: `/wall`, or `?wall=1` on any page for that screen alone; no chrome either way.
wall_mode = wall.requested() or (who is not None and who.role == "wall")
# Always registered, so a deep link to them never meets Streamlit's English "page not found";
# listed in administrators' navigation only, and each refuses anyone else itself.
admin_nav = "visible" if who is not None and who.role == "admin" else "hidden"
ADMIN_PAGES = [
    st.Page(
        "pages/imports.py",
        title=t("nav.imports"),
        icon=":material/upload_file:",
        url_path="imports",
        visibility=admin_nav,
    ),
    st.Page(
        "pages/admin.py",
        title=t("nav.admin"),
        icon=":material/admin_panel_settings:",
        url_path="admin",
        visibility=admin_nav,
    ),
]
shown = [*PAGES, *ADMIN_PAGES, *not_found.page_for([p.url_path for p in (*PAGES, *ADMIN_PAGES)])]
page = st.navigation(shown, position="sidebar" if who and not wall_mode else "hidden")
try:
    if who is None:
        signin.form()
    elif wall_mode or page.url_path == "wall":
        wall.apply_chrome()
        signin.adopt_cookie()  # a person signed in on /wall keeps it too (a hidden script; wall tokens have none)
        if page.url_path == "wall":
            page.run()
        else:
            info = data.campaign()
            if info is not None:
                rotation.show(
                    info, wall_settings(settings().wall), rotation.single_screen(page.url_path or "overview")
                )
    else:
        signin.sidebar(who)
        guard.show_callback_failure()
        page.run()
except Exception:
    guard.page_failure(page.url_path)
