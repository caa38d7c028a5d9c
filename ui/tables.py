"""Shaping query frames for display: codes to labels, fen to yuan, Chinese column names."""

from __future__ import annotations

import pandas as pd

from campaign.strings import label, t

CASE_COLUMNS = {
    "ticket_no": "col.ticket_no",
    "kind": "col.kind",
    "channel": "col.channel",
    "received_at": "col.received_at",
    "office": "col.office",
    "category": "col.category",
    "business": "col.business",
    "amount": "col.amount",
    "status": "col.status",
    "closed_at": "col.closed_at",
    "outcome": "col.outcome",
    "recovered": "col.recovered",
    "consumer_name": "col.consumer_name",
    "consumer_phone": "col.consumer_phone",
    "site_name": "col.site",
    "handler": "col.handler",
    "overdue": "col.overdue",
}


def with_labels(frame: pd.DataFrame, group: str, column: str = "code") -> pd.DataFrame:
    out = frame.copy()
    out["label"] = out[column].map(lambda c: label(group, c) if isinstance(c, str) and c else "—")
    return out


def money(fen) -> str:
    return "" if fen is None or pd.isna(fen) else f"{fen / 100:,.2f}"


def case_table(frame: pd.DataFrame, typed: bool = False) -> pd.DataFrame:
    """Cases as staff read them: labels for codes, yuan for fen, 是 for overdue.

    On screen every cell is text; `typed` (for files) keeps yuan as floats and times as datetimes,
    missing ones NaN/NaT, so a spreadsheet sums and sorts them."""
    out = frame.copy()
    for column in ("kind", "channel", "status", "outcome"):
        # A missing code reads as NaN from a frame (pandas 3), which is truthy: only text is a code.
        out[column] = out[column].map(lambda c, g=column: label(g, c) if isinstance(c, str) and c else "")
    out["overdue"] = out["overdue"].map(lambda v: t("common.yes") if v else "")
    for column, fen in (("amount", "amount_fen"), ("recovered", "recovered_fen")):
        fen_values = pd.to_numeric(out.pop(fen), errors="coerce").astype("float64")
        out[column] = (fen_values / 100).round(2) if typed else fen_values.map(money)
    for column in ("received_at", "closed_at"):
        moment = pd.to_datetime(out[column])
        out[column] = (
            moment if typed else moment.map(lambda d: "" if pd.isna(d) else f"{d:%Y-%m-%d %H:%M:%S}")
        )
    out = out[list(CASE_COLUMNS)]
    text = [
        c for c in CASE_COLUMNS if not typed or c not in ("amount", "recovered", "received_at", "closed_at")
    ]
    out[text] = out[text].astype(object).where(out[text].notna(), "")
    return out.rename(columns={k: t(v) for k, v in CASE_COLUMNS.items()})
