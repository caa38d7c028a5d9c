"""Target tables as people read them: on the page and in its Excel download."""

from __future__ import annotations

import pandas as pd

from campaign.exports.writing import xlsx_bytes
from campaign.metrics import METRICS
from campaign.strings import t


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


def targets_workbook(frame: pd.DataFrame) -> bytes:
    """The page's download: the table as shown, led by each office's code."""
    table = labelled(frame)
    table.insert(0, t("targets.office_code"), frame["office_code"].to_numpy())
    return xlsx_bytes(table, "targets")
