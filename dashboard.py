"""Entry point: page config, navigation, and the guard that keeps stack traces off screen."""

import logging

import streamlit as st

from campaign.settings import PROJECT_DIR
from campaign.strings import t

FAVICON = PROJECT_DIR / "static" / "favicon.png"

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

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
]

page = st.navigation(PAGES)
try:
    page.run()
except Exception:
    logging.getLogger("campaign.ui").exception("page %s failed", page.url_path)
    st.error(t("app.error"), icon="⚠️")
