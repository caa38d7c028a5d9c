"""Target tables as people read them: on the page and in its Excel download."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from campaign.localtime import wall_now
from campaign.metrics import METRICS
from campaign.strings import t
from ui.export import COUNT, YUAN, xlsx_with_preamble

PERCENT = "0.0%"


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """Targets (or roll-ups) with Chinese headers, metric names and status labels."""
    return pd.DataFrame(
        {
            t("targets.office"): frame["office_name"],
            t("targets.metric"): frame["metric"].map(lambda m: METRICS[m].name),
            t("col.unit"): frame["metric"].map(lambda m: METRICS[m].unit),
            t("col.target"): frame["target"].round(2),
            t("col.actual"): frame["actual"].round(2),
            t("col.pct_done"): frame["pct_done"].map(lambda v: f"{v:.1f}%"),
            t("col.pct_expected"): frame["pct_expected"].map(lambda v: f"{v:.1f}%"),
            t("col.status_target"): frame["status"].map(lambda s: t(f"target_status.{s}")),
            t("col.period"): [
                f"{a:%m-%d}~{b:%m-%d}" for a, b in zip(frame["start_date"], frame["due_date"], strict=True)
            ],
        }
    )


def targets_workbook(
    frame: pd.DataFrame, as_of: date | None = None, exported_at: datetime | None = None
) -> bytes:
    """The page's download: the table as shown, led by each office's code, under the as-of date and
    the export time; targets, actuals and percentages as numbers."""
    table = labelled(frame)
    table.insert(0, t("targets.office_code"), frame["office_code"].to_numpy())
    for column in ("pct_done", "pct_expected"):
        table[t(f"col.{column}")] = (frame[column].astype(float) / 100).round(3).to_numpy()
    formats = {t("col.pct_done"): PERCENT, t("col.pct_expected"): PERCENT}
    for column in ("target", "actual"):
        values = table[t(f"col.{column}")].astype(float)
        formats[t(f"col.{column}")] = COUNT if (values == values.round()).all() else YUAN
    lines = [(t("export.as_of"), f"{as_of:%Y-%m-%d}")] if as_of else []
    lines += [
        (t("export.exported_at"), f"{exported_at or wall_now():%Y-%m-%d %H:%M:%S}"),
        (t("export.rows"), len(table)),
    ]
    return xlsx_with_preamble(table, lines, t("export.targets_sheet"), formats)


def targets_file_name(as_of: date) -> str:
    return t("export.targets_file", day=as_of)
