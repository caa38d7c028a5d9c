"""Number and time formats as a Chinese reader expects them."""

from __future__ import annotations

from datetime import datetime
from numbers import Real

import numpy as np
import pandas as pd
import streamlit as st


def count(value: int | float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def yuan(fen: int | None) -> str:
    """Money in 元 with thousands separators; 万元 from ten thousand yuan up."""
    if fen is None:
        return "—"
    amount = fen / 100
    if amount >= 10_000:
        return f"{amount / 10_000:,.2f} 万元"
    return f"{amount:,.2f} 元"


def percent(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}%"


def clock(moment: datetime) -> str:
    return f"{moment:%H:%M:%S}"


def date_time(moment: datetime) -> str:
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|<>~$:"})


def literal(text: str) -> str:
    """User text (a file name, a business name) for a markdown element: every character as itself."""
    return str(text).translate(_MARKDOWN)


def decimals(values: pd.Series, most: int = 2) -> int:
    """The fewest decimals (up to `most`) that show every value of a column as it is."""
    numbers = pd.to_numeric(values, errors="coerce").dropna().to_numpy(dtype=float)
    for places in range(most):
        scaled = numbers * 10**places
        if np.allclose(scaled, np.round(scaled), rtol=0, atol=1e-6):
            return places
    return most


def number_format(values: pd.Series) -> str | None:
    """The printf format for a table column of figures: thousands separators, as few decimals as
    its values need (at most 2); None for a column that is not numbers."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return None
    if not pd.api.types.is_numeric_dtype(values.dtype):
        present = values.dropna()
        if present.empty or not all(isinstance(v, Real) and not isinstance(v, bool) for v in present):
            return None
    places = decimals(values)
    return "%,d" if places == 0 else f"%,.{places}f"


def number_columns(frame: pd.DataFrame) -> dict[str, st.column_config.NumberColumn]:
    """`column_config` for an st.dataframe of figures: 12,316 and 177,705.4, never 12316."""
    formats = {name: number_format(frame[name]) for name in frame.columns}
    return {name: st.column_config.NumberColumn(format=f) for name, f in formats.items() if f}
