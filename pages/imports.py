"""Administrators bring offices' spreadsheets in through the browser: checked, all or nothing."""

import streamlit as st

from campaign.importing import SPECS
from campaign.importing.reading import MAX_UPLOAD_MB, UPLOAD_TYPES
from campaign.strings import t
from ui import signin
from ui.format import literal
from ui.uploads import import_upload, preselect_kind, uploader_in_chinese

who = signin.current()
if who.role != "admin":
    st.error(t("admin.not_allowed"), icon="⚠️")
    st.stop()

st.title(t("upload.title"))
st.caption(t("upload.how", limit=MAX_UPLOAD_MB))
kinds = list(SPECS)
kind = st.selectbox(t("upload.kind"), kinds, format_func=lambda k: t(f"import.kind.{k}"), key="upload_kind")
gcj02 = kind == "sites" and st.checkbox(t("upload.gcj02"), key="upload_gcj02")
uploader_in_chinese(MAX_UPLOAD_MB)
chosen = st.file_uploader(
    t("upload.file"),
    type=list(UPLOAD_TYPES),
    max_upload_size=MAX_UPLOAD_MB,
    key="upload_file",
    on_change=preselect_kind,
)
if chosen is not None and st.session_state.get("upload_detected") == kind:
    st.caption(t("upload.detected", kind=t(f"import.kind.{kind}")))
if st.button(t("upload.submit"), type="primary", disabled=chosen is None, key="upload_submit") and chosen:
    with st.spinner(t("upload.working", file=literal(chosen.name))):
        outcome = import_upload(who, kind, chosen.name, chosen.getvalue(), gcj02)
    if outcome.ok:
        st.success(literal(outcome.message), icon=":material/check_circle:")
    else:
        st.error(literal(outcome.message), icon="⚠️")
        if not outcome.problems.empty:
            st.dataframe(outcome.problems, hide_index=True, width="stretch")
