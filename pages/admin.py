"""Administration: who can sign in, which walls hold tokens, and who saw personal data."""

import streamlit as st

from campaign.audit import recent
from campaign.strings import label, t
from queries.admin import accounts, wall_tokens
from ui import data, signin

who = signin.current()
if who.role != "admin":
    st.error(t("admin.not_allowed"), icon="⚠️")
    st.stop()

st.title(t("admin.title"))
st.caption(t("admin.how"))
people = data.read("admin_accounts", accounts)
if people is not None:
    st.subheader(t("admin.accounts"))
    people["role"] = people["role"].map(lambda c: label("account_role", c))
    st.dataframe(people.rename(columns=lambda c: t(f"admin.col.{c}")), hide_index=True, width="stretch")
tokens = data.read("admin_tokens", wall_tokens)
if tokens is not None:
    st.subheader(t("admin.tokens"))
    st.dataframe(tokens.rename(columns=lambda c: t(f"admin.col.{c}")), hide_index=True, width="stretch")
events = data.read("admin_audit", recent)
if events is not None:
    st.subheader(t("admin.audit"))
    events["action"] = events["action"].map(lambda c: t(f"admin.action.{c}"))
    st.dataframe(events.rename(columns=lambda c: t(f"admin.col.{c}")), hide_index=True, width="stretch")
