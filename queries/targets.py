"""The targets screen's figures: every target's progress as of a day, and the counts the wall shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection

from campaign.metrics import METRICS
from campaign.offices import subtree_ids
from campaign.targets import progress_as_of


@dataclass(frozen=True)
class TargetsWall:
    done: int
    on_track: int
    behind: int
    offices_behind: int
    offices: pd.DataFrame  # name, behind, metrics: the eight offices with most targets behind


def targets_wall(conn: Connection, now: datetime, scope: int | None = None) -> TargetsWall:
    evaluated = progress_as_of(conn, now.date(), None if scope is None else subtree_ids(conn, scope))
    counts = evaluated["status"].value_counts()
    behind = evaluated[evaluated["status"] == "behind"]
    offices = (
        behind.groupby(["office_code", "office_name"], as_index=False)
        .agg(behind=("id", "count"), metrics=("metric", lambda m: "、".join(METRICS[c].name for c in m)))
        .sort_values(["behind", "office_code"], ascending=[False, True])
        .rename(columns={"office_name": "name"})
    )
    return TargetsWall(
        done=int(counts.get("done", 0)),
        on_track=int(counts.get("on_track", 0)),
        behind=int(counts.get("behind", 0)),
        offices_behind=len(offices),
        offices=offices[["name", "behind", "metrics"]].head(8).reset_index(drop=True),
    )
