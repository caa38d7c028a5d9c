"""The Chinese error guard: a failure in a page, a callback or a download shows a short Chinese
message with a reference the server log carries, never Streamlit's English error box."""

from __future__ import annotations

import functools
import io
import logging
import secrets
from collections.abc import Callable

import streamlit as st

from campaign.strings import t

log = logging.getLogger("campaign.ui")
NOTE = "_guard_failed_ref"  # a callback's failure, shown at the top of the next run


def reference() -> str:
    """A short reference for one failure: in the message the user reads and in the log line."""
    return secrets.token_hex(4).upper()


def callback(fn: Callable) -> Callable:
    """A widget callback that never raises: its failure is logged and told on the next run."""

    @functools.wraps(fn)
    def guarded(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception:
            ref = reference()
            log.exception("callback %s failed [ref %s]", fn.__name__, ref)
            st.session_state[NOTE] = ref
            return None

    return guarded


def show_callback_failure() -> None:
    """On each run: the last callback's failure, once."""
    ref = st.session_state.pop(NOTE, None)
    if ref:
        st.error(t("app.action_failed", ref=ref), icon="⚠️")


def page_failure(page: str) -> None:
    """A page run that failed: logged with a reference, told in Chinese."""
    ref = reference()
    log.exception("page %s failed [ref %s]", page, ref)
    st.error(t("app.error_ref", ref=ref), icon="⚠️")


def download(build: Callable[[], bytes], kind: str) -> Callable[[], bytes]:
    """A download's deferred data that never raises: if building the file fails, the file the user
    gets says so in Chinese with the reference (a workbook for .xlsx, a line of text for .csv)."""

    @functools.wraps(build)
    def guarded() -> bytes:
        try:
            return build()
        except Exception:
            ref = reference()
            log.exception("download %s failed [ref %s]", getattr(build, "__name__", "?"), ref)
            return failure_file(t("app.download_failed", ref=ref), kind)

    return guarded


def failure_file(message: str, kind: str) -> bytes:
    if kind == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        book.active.title = t("app.download_failed_sheet")
        book.active["A1"] = message
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    return ("\ufeff" + message + "\r\n").encode("utf-8")
