"""Number and time formats as a Chinese reader expects them."""

from __future__ import annotations

from datetime import datetime


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
