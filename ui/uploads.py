"""An administrator's upload: checked like a command-line import, all or nothing, and audited."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st
from sqlalchemy.exc import DBAPIError, OperationalError

from campaign import audit
from campaign.auth import Viewer
from campaign.importing import SPECS
from campaign.importing.detect import better_kind, detected_kind, header_row
from campaign.importing.errors import ImportRejected
from campaign.importing.runner import run_upload
from campaign.localtime import wall_now
from campaign.strings import t
from ui import guard
from ui.data import engine

log = logging.getLogger("campaign.ui")
SHOWN_PROBLEMS = 500  # rows of the problem table; the count in the summary is of all of them


@dataclass
class Outcome:
    ok: bool
    message: str
    problems: pd.DataFrame = field(default_factory=pd.DataFrame)


def _css_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def uploader_in_chinese(limit_mb: int) -> None:
    """Streamlit's file uploader speaks English ("Upload", "50MB per file", its refusals): say it in
    Chinese from the catalogue instead, without changing how the widget works."""
    button = '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p'
    hint = '[data-testid="stFileUploaderDropzoneInstructions"] span'
    refused = '[data-testid="stFileChips"]:has([aria-invalid="true"])::after'
    css = (
        f"{button}, {hint} {{font-size: 0}}"
        f"{button}::after {{content: {_css_text(t('upload.browse'))}; font-size: 0.875rem}}"
        f"{hint}::after {{content: {_css_text(t('upload.hint', limit=limit_mb))}; font-size: 0.8rem}}"
        f"{refused} {{content: {_css_text(t('upload.refused_by_browser', limit=limit_mb))};"
        " color: #c62828; font-size: 0.875rem; align-self: center; margin-left: 0.75rem}"
        '[data-testid="stFileChip"] [role="alert"] {display: none}'
    )
    st.markdown(f"<style>{css}</style>", unsafe_allow_html=True)


def problem_table(rejected: ImportRejected) -> pd.DataFrame:
    rows = [(p.row, p.column, p.reason) for p in rejected.problems[:SHOWN_PROBLEMS]]
    return pd.DataFrame(rows, columns=[t("upload.col.row"), t("upload.col.column"), t("upload.col.reason")])


@guard.callback
def preselect_kind() -> None:
    """On a new upload, choose the kind its header row names (before the page draws the picker)."""
    chosen = st.session_state.get("upload_file")
    found = detected_kind(header_row(chosen.getvalue(), chosen.name)) if chosen is not None else None
    st.session_state["upload_detected"] = found
    if found is not None:
        st.session_state["upload_kind"] = found


def import_upload(who: Viewer, kind: str, name: str, data: bytes, gcj02: bool = False) -> Outcome:
    """Import one uploaded file of `kind`; nothing is written unless every row is good."""
    plainly = better_kind(kind, header_row(data, name))
    if plainly is not None:  # "缺少必填列：单位编码" alone would not tell which kind to choose
        return Outcome(False, t("upload.looks_like", kind=t(f"import.kind.{plainly}")))
    spec = SPECS[kind](gcj02=True) if gcj02 else SPECS[kind]()
    try:
        with engine().begin() as conn:
            result = run_upload(conn, spec, name, data)
            audit.record(
                conn,
                who.username,
                "import",
                "imports",
                {"kind": kind, "file": result.file},
                result.rows,
                wall_now(),
            )
    except ImportRejected as rejected:
        log.info("upload refused: %s, %d bad rows", kind, len(rejected.problems))
        return Outcome(False, rejected.summary(), problem_table(rejected))
    except (OperationalError, DBAPIError) as error:
        log.warning("upload not imported, database unreachable: %s", type(error).__name__)
        return Outcome(False, t("upload.db_down"))
    # New rows change what every screen shows: drop the cached reads at once.
    st.cache_data.clear()
    return Outcome(True, result.message())
