"""Administration: who can sign in, which walls hold tokens, and who saw personal data."""

import pandas as pd
import streamlit as st

from campaign.audit import recent
from campaign.strings import label, t
from queries.admin import accounts, wall_tokens
from ui import data, signin


def table(title: str, frame: pd.DataFrame | None) -> None:
    """A titled table with Chinese headers; blanks as —, and 暂无 for no rows at all."""
    if frame is None:
        return
    st.subheader(title)
    if frame.empty:
        st.caption(t("wall.nothing"))
        return
    shown = frame.astype(object).where(frame.notna(), "—")
    st.dataframe(shown.rename(columns=lambda c: t(f"admin.col.{c}")), hide_index=True, width="stretch")


who = signin.current()
if who.role != "admin":
    st.error(t("admin.not_allowed"), icon="⚠️")
    st.stop()

st.title(t("admin.title"))
st.caption(t("admin.how"))
people = data.read("admin_accounts", accounts)
if people is not None:
    people["role"] = people["role"].map(lambda c: label("account_role", c))
    for flag in ("sees_personal", "disabled"):
        people[flag] = people[flag].map(lambda v: t("common.yes") if v else t("common.no"))
table(t("admin.accounts"), people)
table(t("admin.tokens"), data.read("admin_tokens", wall_tokens))
events = data.read("admin_audit", recent)
if events is not None:
    events["action"] = events["action"].map(lambda c: t(f"admin.action.{c}"))
table(t("admin.audit"), events)
