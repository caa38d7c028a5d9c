"""`export coverage`: one duty day's coverage of every office that keeps duty."""

from __future__ import annotations

from datetime import date

import pandas as pd

from campaign.coverage import OfficeDay


def coverage_frame(days: list[OfficeDay], day: date) -> pd.DataFrame:
    """The coverage export's rows (formats.md), in the order given."""
    return pd.DataFrame(
        [
            {
                "office_code": d.code,
                "office_name": d.name,
                "date": day.isoformat(),
                "coverage_pct": f"{d.coverage.coverage_pct:.1f}",
                "leader_coverage_pct": f"{d.coverage.leader_pct:.1f}",
                "gaps": d.coverage.gaps_hhmm(),
                "gala_ready": "yes" if d.coverage.gala_ready else "no",
            }
            for d in days
        ],
        columns=[
            "office_code",
            "office_name",
            "date",
            "coverage_pct",
            "leader_coverage_pct",
            "gaps",
            "gala_ready",
        ],
    )
