"""The duty page's tables: who is on duty now, one office's shifts; headed from the catalogue."""

from __future__ import annotations

import pandas as pd

from campaign.strings import t
from queries.roster import GalaShortfall

HEADS = {
    "person": "col.person",
    "role": "col.role",
    "phone": "col.phone",
    "start": "col.start",
    "end": "col.end",
}


def on_duty_of(on_duty: pd.DataFrame, code: str | None) -> pd.DataFrame:
    """The people on duty of the office with `code`; everyone when None."""
    return on_duty if code is None else on_duty[on_duty["code"] == code]


def on_duty_table(on_duty: pd.DataFrame) -> pd.DataFrame:
    """`queries.roster` on-duty rows as shown: roles named, times as HH:MM, midnight ending as 24:00."""
    shown = on_duty.assign(
        role=on_duty["role"].map(lambda c: t(f"role.{c}")),
        start=on_duty["start"].map(lambda d: f"{d:%H:%M}"),
        # A time of day is never false (Python 3.5 on): midnight is asked for by its hour and minute.
        end=on_duty["end"].map(lambda d: "24:00" if (d.hour, d.minute) == (0, 0) else f"{d:%H:%M}"),
    ).drop(columns=["code"])
    return shown.rename(columns={"office": t("roster.office"), **{k: t(v) for k, v in HEADS.items()}})


def shifts_table(shifts: pd.DataFrame) -> pd.DataFrame:
    """`queries.roster.shifts_of` rows as shown: roles named, times as MM-DD HH:MM."""
    return shifts.assign(
        role=shifts["role"].map(lambda c: t(f"role.{c}")),
        start=shifts["start"].map(lambda d: f"{d:%m-%d %H:%M}"),
        end=shifts["end"].map(lambda d: f"{d:%m-%d %H:%M}"),
    ).rename(columns={k: t(v) for k, v in HEADS.items()})


def gala_reason(short: GalaShortfall) -> str:
    """Why an office is not gala-ready, for the grid's 晚会备勤 column: 否 and the stretches short."""

    def span(a, b) -> str:  # the whole gala in one word: the column stays narrow
        return t("roster.gala_whole") if (a, b) == short.gala else f"{a:%H:%M}-{b:%H:%M} "

    reasons = [t("roster.gala_too_few", span=span(a, b)) for a, b in short.too_few]
    reasons += [t("roster.gala_no_team", span=span(a, b)) for a, b in short.no_team]
    return t("roster.gala_not_ready", reasons="；".join(reasons)) if reasons else t("common.no")


def gala_reasons(shortfalls: dict[int, GalaShortfall]) -> dict[int, str]:
    return {office_id: gala_reason(short) for office_id, short in shortfalls.items()}
