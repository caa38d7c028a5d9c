"""DataFrames from query results."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def as_frame(rows: Sequence, columns: Sequence[str]) -> pd.DataFrame:
    """The rows as a DataFrame, built column by column: handed SQLAlchemy rows one by one,
    pandas probes each for attributes it lacks (4,000 rows: 20 ms instead of 2)."""
    if not rows:
        return pd.DataFrame(columns=list(columns))
    return pd.DataFrame(dict(zip(columns, map(list, zip(*rows, strict=True)), strict=True)))
