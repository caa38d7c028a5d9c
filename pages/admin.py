"""Administration: who can sign in, which walls hold tokens, and who saw personal data."""

import streamlit as st

from campaign.strings import t
from queries.admin import accounts, audit_events, wall_tokens
from ui import data, signin
from ui.admin_tables import accounts_shown, events_shown, table

who = signin.current()
if who.role != "admin":
    st.error(t("admin.not_allowed"), icon="⚠️")
    st.stop()

st.title(t("admin.title"))
st.caption(t("admin.how"))
table(t("admin.accounts"), accounts_shown(data.read("admin_accounts", accounts)))
table(t("admin.tokens"), data.read("admin_tokens", wall_tokens))
table(t("admin.audit"), events_shown(data.read("admin_audit", audit_events)))
