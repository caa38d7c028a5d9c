"""`export complaints-summary`: per office and ALL, the records received within the dates."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from sqlalchemy import Connection

from campaign.strings import t
from queries.complaints_summary import COUNTS, complaints_by_office

COLUMNS = [
    "office_code",
    "office_name",
    "received",
    "complaints",
    "reports",
    "consultations",
    "closed",
    "closure_rate",
    "recovered_yuan",
    "overdue",
]


def complaints_summary(
    conn: Connection, first_day: date, last_day: date, as_of: datetime, office_id: int | None = None
) -> pd.DataFrame:
    """Counts of records received first_day..last_day (inclusive); overdue as of `as_of`."""
    frame = complaints_by_office(conn, first_day, last_day, as_of, office_id)
    total = frame[COUNTS].sum()
    frame.loc[len(frame)] = ["ALL", t("export.all_offices"), *(int(total[c]) for c in COUNTS)]
    cases = frame["complaints"] + frame["reports"]
    frame["closure_rate"] = [
        f"{100 * closed / n:.1f}" if n else "" for closed, n in zip(frame["closed"], cases, strict=True)
    ]
    frame["recovered_yuan"] = [f"{fen / 100:.2f}" for fen in frame["recovered_fen"]]
    return frame[COLUMNS]
