"""Plan targets' rules: a target's progress and status from its actual (read by
queries.target_actuals), roll-ups, and the export's numbers.

The arithmetic is pure and follows formats.md: pct_done = actual / target; pct_expected
= days elapsed to the end of the as-of date / days in start..due (inclusive), within 0..100
(100 for a rate); done when actual >= target, on track when pct_done >= pct_expected.
"""

from __future__ import annotations

from datetime import date, datetime, time

import numpy as np
import pandas as pd

from campaign.metrics import METRICS


def end_of(day: date) -> datetime:
    """The last stored moment of an as-of date (timestamps are kept to the second)."""
    return datetime.combine(day, time(23, 59, 59))


def expected_pcts(start: pd.Series, due: pd.Series, as_of: date, rate: pd.Series) -> pd.Series:
    """Per target: the share of its period elapsed by the end of `as_of`, 0..100; 100 for a rate."""
    first, last = _days(start), _days(due)
    elapsed = (np.datetime64(as_of, "D") - first).astype(np.int64) + 1
    share = np.clip(100.0 * elapsed / ((last - first).astype(np.int64) + 1), 0.0, 100.0)
    return pd.Series(np.where(np.asarray(rate, bool), 100.0, share), index=start.index)


def _days(dates: pd.Series) -> np.ndarray:
    """Dates as numpy days, each distinct date converted once (thousands of targets share a few)."""
    codes, distinct = pd.factorize(dates, use_na_sentinel=False)
    return np.array([np.datetime64(d, "D") for d in distinct], "datetime64[D]")[codes]


def statuses(actual: pd.Series, goal: pd.Series, done_pct: pd.Series, expected_pct: pd.Series) -> pd.Series:
    """done when the actual reaches the target, else on track when as far along as the dates, else behind."""
    index = actual.index if isinstance(actual, pd.Series) else None
    actual, goal, done_pct, expected_pct = (
        np.asarray(v, float) for v in (actual, goal, done_pct, expected_pct)
    )
    found = np.where(actual >= goal, "done", np.where(done_pct >= expected_pct, "on_track", "behind"))
    return pd.Series(found.astype(object), index=index)


def behind_tone(behind: int) -> str:
    """The colour of a count of targets (or offices) behind: amber while any is, else green."""
    return "warn" if behind else "good"


def pct_expected(start: date, due: date, as_of: date, rate: bool = False) -> float:
    return float(expected_pcts(pd.Series([start]), pd.Series([due]), as_of, pd.Series([rate])).iloc[0])


def status(actual: float, goal: float, done_pct: float, expected_pct: float) -> str:
    return statuses(*(pd.Series([v]) for v in (actual, goal, done_pct, expected_pct))).iloc[0]


def evaluate(rows: pd.DataFrame, found: dict[int, float], as_of: date) -> pd.DataFrame:
    """Adds actual, pct_done, pct_expected and status to rows of targets (id, metric, target, dates)."""
    out = rows.copy()
    if out.empty:
        return out.assign(
            actual=pd.Series(dtype=float),
            pct_done=pd.Series(dtype=float),
            pct_expected=pd.Series(dtype=float),
            status=pd.Series(dtype=object),
        )
    actual = pd.Series(found, dtype=float).reindex(out["id"].to_numpy()).fillna(0.0).to_numpy()
    goal = out["target"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        done = np.where(goal != 0, 100.0 * actual / goal, 100.0)
    out["actual"] = actual
    out["pct_done"] = done
    rate = out["metric"].isin([m for m, spec in METRICS.items() if spec.rate])
    out["pct_expected"] = expected_pcts(out["start_date"], out["due_date"], as_of, rate)
    out["status"] = statuses(actual, goal, done, out["pct_expected"]).to_numpy()
    return out


def roll_up(evaluated: pd.DataFrame, as_of: date, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per metric and period (and per value of the `by` columns) summing the offices'
    targets and actuals (rates averaged), with its progress and status."""
    if evaluated.empty:
        return evaluated
    grouped = evaluated.groupby([*by, "metric", "start_date", "due_date"], as_index=False).agg(
        target=("target", "sum"),
        actual=("actual", "sum"),
        offices=("office_id", "nunique"),
        rate_target=("target", "mean"),
        rate_actual=("actual", "mean"),
    )
    is_rate = grouped["metric"].map(lambda m: METRICS[m].rate).astype(bool)
    grouped.loc[is_rate, "target"] = grouped.loc[is_rate, "rate_target"]
    grouped.loc[is_rate, "actual"] = grouped.loc[is_rate, "rate_actual"]
    grouped["id"] = range(len(grouped))
    found = dict(zip(grouped["id"], grouped["actual"], strict=True))
    return evaluate(grouped.drop(columns=["actual", "rate_target", "rate_actual"]), found, as_of)


def number(value: float, metric: str) -> str:
    """A target or actual as the export writes it: rates 1 decimal, money 2, counts whole."""
    if METRICS[metric].rate:
        return f"{value:.1f}"
    if metric == "recovered":
        return f"{value:.2f}"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:g}"


def targets_frame(evaluated: pd.DataFrame) -> pd.DataFrame:
    """The `targets` export (formats.md): one row per target."""
    return pd.DataFrame(
        {
            "office_code": evaluated["office_code"],
            "office_name": evaluated["office_name"],
            "metric": evaluated["metric"],
            "target": [number(v, m) for v, m in zip(evaluated["target"], evaluated["metric"], strict=True)],
            "actual": [number(v, m) for v, m in zip(evaluated["actual"], evaluated["metric"], strict=True)],
            "pct_done": evaluated["pct_done"].map(lambda v: f"{v:.1f}"),
            "pct_expected": evaluated["pct_expected"].map(lambda v: f"{v:.1f}"),
            "status": evaluated["status"],
        }
    )
