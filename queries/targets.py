"""The targets screen's reads: every target's progress as of a day; the headline counts
(`counts_of`, the one place they are counted, for the page, the wall and the overview); the
city and district roll-ups; the export's rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import Connection, select

from campaign.frames import as_dates, as_frame, plain_rows
from campaign.metrics import METRICS
from campaign.offices import subtree_ids, within
from campaign.schema import Office, Target
from campaign.targets import end_of, evaluate, roll_up, targets_frame
from queries.reference import office_list
from queries.target_actuals import actuals

target = Target.__table__
office = Office.__table__

TARGET_COLUMNS = ["id", "office_id", "metric", "target", "start_date", "due_date"]
OFFICE_COLUMNS = ["office_code", "office_name", "parent_id"]
STATUS_ORDER = {"behind": 0, "on_track": 1, "done": 2}


def target_rows(conn: Connection, office_ids: list[int] | None = None, offices: bool = True) -> pd.DataFrame:
    """Every target (of `office_ids`): with its office's code, name and parent, by office code,
    metric and due date; or, `offices` False, the targets alone in no order (for counting)."""
    query = select(
        target.c.id,
        target.c.office_id,
        target.c.metric,
        target.c.target,
        target.c.start_date,
        target.c.due_date,
    )
    if offices:
        query = (
            query.add_columns(office.c.code, office.c.name, office.c.parent_id)
            .select_from(target.join(office, office.c.id == target.c.office_id))
            .order_by(office.c.code, target.c.metric, target.c.due_date)
        )
    if office_ids is not None:
        query = query.where(target.c.office_id.in_(office_ids))
    frame = as_frame(plain_rows(conn, query), TARGET_COLUMNS + (OFFICE_COLUMNS if offices else []))
    for column in ("start_date", "due_date"):
        frame[column] = as_dates(frame[column])
    return frame


def progress_as_of(
    conn: Connection, as_of: date, office_ids: list[int] | None = None, offices: bool = True
) -> pd.DataFrame:
    """Every target (of `office_ids`) with its actual and status as of the end of `as_of`; with
    its office (`target_rows`) unless `offices` is False."""
    rows = target_rows(conn, office_ids, offices)
    return evaluate(rows, actuals(conn, end_of(as_of), office_ids), as_of)


def _subtree(conn: Connection, scope: int | None) -> list[int] | None:
    return None if scope is None else subtree_ids(conn, scope)


@dataclass(frozen=True)
class TargetCounts:
    total: int  # figure.targets_total
    done: int  # figure.targets_done
    on_track: int  # figure.targets_on_track
    behind: int  # figure.targets_behind
    offices_behind: int  # figure.offices_behind: offices with at least one target behind


def counts_of(evaluated: pd.DataFrame) -> TargetCounts:
    """The headline counts of targets as `progress_as_of` evaluates them."""
    counts = evaluated["status"].value_counts()
    behind = evaluated.loc[evaluated["status"] == "behind", "office_id"]
    return TargetCounts(
        total=len(evaluated),
        done=int(counts.get("done", 0)),
        on_track=int(counts.get("on_track", 0)),
        behind=int(counts.get("behind", 0)),
        offices_behind=int(behind.nunique()),
    )


def target_counts(conn: Connection, as_of: date, scope: int | None = None) -> TargetCounts:
    """The headline counts of the targets in `scope` (an office and those below it; None: all)."""
    return counts_of(progress_as_of(conn, as_of, _subtree(conn, scope), offices=False))


@dataclass(frozen=True)
class TargetsWall:
    counts: TargetCounts
    offices: pd.DataFrame  # name, behind, metrics: the eight offices with most targets behind


def targets_wall(conn: Connection, now: datetime, scope: int | None = None) -> TargetsWall:
    evaluated = progress_as_of(conn, now.date(), _subtree(conn, scope))
    behind = evaluated[evaluated["status"] == "behind"]
    offices = (
        behind.groupby(["office_code", "office_name"], as_index=False)
        .agg(behind=("id", "count"), metrics=("metric", lambda m: "、".join(METRICS[c].name for c in m)))
        .sort_values(["behind", "office_code"], ascending=[False, True])
        .rename(columns={"office_name": "name"})
    )
    return TargetsWall(
        counts_of(evaluated), offices[["name", "behind", "metrics"]].head(8).reset_index(drop=True)
    )


def behind_first(frame: pd.DataFrame) -> pd.DataFrame:
    """Behind first (least done first), then on track, then done."""
    keyed = frame.assign(_order=frame["status"].map(STATUS_ORDER))
    return keyed.sort_values(["_order", "pct_done", "office_code"]).drop(columns="_order")


def level_roll_ups(evaluated: pd.DataFrame, offices: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """The top office's roll-up of every target (a city, or a county bureau running its own tree)
    and each district's of its offices' (`roll_up`), named by office: the top first, then the
    districts below it by code."""
    named = offices.rename(columns={"id": "office_id", "code": "office_code", "name": "office_name"})
    named = named[["office_id", "office_code", "office_name", "level", "parent_id"]]
    top = named[named["parent_id"].isna()].assign(_rank=-1)
    districts = named[(named["level"] == "district") & named["parent_id"].notna()]
    districts = districts.assign(_rank=range(len(districts)))
    parts = []
    if len(top) and len(evaluated):
        parts.append(top.merge(roll_up(evaluated, as_of), how="cross"))
    below = evaluated[evaluated["parent_id"].isin(districts["office_id"])]
    if len(below):
        by_district = roll_up(below, as_of, by=("parent_id",)).rename(columns={"parent_id": "office_id"})
        by_district["office_id"] = by_district["office_id"].astype(int)
        parts.append(districts.merge(by_district, on="office_id"))
    if not parts:
        return pd.DataFrame()
    rolled = pd.concat(parts, ignore_index=True)
    return rolled.sort_values(["_rank", "metric", "start_date", "due_date"], kind="stable").drop(
        columns=["_rank", "level", "parent_id"]
    )


@dataclass(frozen=True)
class TargetsPage:
    counts: TargetCounts
    evaluated: pd.DataFrame  # every target in scope with its office, progress and status
    office_names: dict[int, str]  # the offices with targets, by code
    rolled: pd.DataFrame  # level_roll_ups

    @property
    def metrics(self) -> list[str]:
        present = set(self.evaluated["metric"])
        return [m for m in METRICS if m in present]

    def ranking(self, metric: str) -> pd.DataFrame:
        return self.evaluated[self.evaluated["metric"] == metric]

    def plan(self, office_id: int) -> pd.DataFrame:
        return behind_first(self.evaluated[self.evaluated["office_id"] == office_id])


def targets_page(conn: Connection, as_of: date, scope: int | None = None) -> TargetsPage:
    """Everything the targets page shows as of the end of `as_of`, inside `scope`."""
    evaluated = progress_as_of(conn, as_of, _subtree(conn, scope))
    offices = within(office_list(conn), scope)
    with_targets = offices[offices["id"].isin(set(evaluated["office_id"]))]
    return TargetsPage(
        counts_of(evaluated),
        evaluated,
        dict(zip(with_targets["id"].astype(int), with_targets["name"], strict=True)),
        level_roll_ups(evaluated, offices, as_of),
    )


def targets_export(conn: Connection, as_of: date, scope: int | None = None) -> pd.DataFrame:
    """The `targets` export (formats.md) as of the end of `as_of`, inside `scope`."""
    return targets_frame(progress_as_of(conn, as_of, _subtree(conn, scope)))
