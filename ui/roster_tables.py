"""The duty page's tables: who is on duty now, one office's shifts; headed from the catalogue."""

from __future__ import annotations

import pandas as pd

from campaign.strings import t

HEADS = {
    "person": "col.person",
    "role": "col.role",
    "phone": "col.phone",
    "start": "col.start",
    "end": "col.end",
}


def on_duty_table(on_duty: pd.DataFrame) -> pd.DataFrame:
    """`queries.roster` on-duty rows as shown: roles named, times as HH:MM, midnight ending as 24:00."""
    shown = on_duty.assign(
        role=on_duty["role"].map(lambda c: t(f"role.{c}")),
        start=on_duty["start"].map(lambda d: f"{d:%H:%M}"),
        end=on_duty["end"].map(lambda d: f"{d:%H:%M}" if d.time() else "24:00"),
    ).drop(columns=["code"])
    return shown.rename(columns={"office": t("roster.office"), **{k: t(v) for k, v in HEADS.items()}})


def shifts_table(shifts: pd.DataFrame) -> pd.DataFrame:
    """`queries.roster.shifts_of` rows as shown: roles named, times as MM-DD HH:MM."""
    return shifts.assign(
        role=shifts["role"].map(lambda c: t(f"role.{c}")),
        start=shifts["start"].map(lambda d: f"{d:%m-%d %H:%M}"),
        end=shifts["end"].map(lambda d: f"{d:%m-%d %H:%M}"),
    ).rename(columns={k: t(v) for k, v in HEADS.items()})
