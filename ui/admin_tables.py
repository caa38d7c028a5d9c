"""The administrators' tables: codes as words, blanks as —, Chinese headers."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from campaign.strings import label, t


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


def accounts_shown(people: pd.DataFrame | None) -> pd.DataFrame | None:
    if people is None:
        return None
    yes_no = {True: t("common.yes"), False: t("common.no")}
    return people.assign(
        role=people["role"].map(lambda c: label("account_role", c)),
        sees_personal=people["sees_personal"].map(lambda v: yes_no[bool(v)]),
        disabled=people["disabled"].map(lambda v: yes_no[bool(v)]),
    )


def events_shown(events: pd.DataFrame | None) -> pd.DataFrame | None:
    if events is None:
        return None
    return events.assign(action=events["action"].map(lambda c: t(f"admin.action.{c}")))
