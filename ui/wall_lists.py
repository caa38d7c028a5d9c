"""Bar lists for the wall: a name, a bar against the longest, a value; every text escaped."""

from __future__ import annotations

import pandas as pd

from campaign.strings import t
from ui import format
from ui.markup import escape

PANEL_HEIGHT = (
    535  # a wall screen's panels, below the header, alerts and tiles, above the footer at 1920x1080
)


def short_name(name: str) -> str:
    """Office names shortened the way staff say them: 西湖区西溪市场监督管理所 -> 西湖区西溪所."""
    return name.replace("市场监督管理所", "所").replace("市场监督管理局", "局")


def list_row(name: str, share: float, value: str, tone: str, note: str = "") -> str:
    middle = (
        f'<div class="note">{escape(note)}</div>'
        if note
        else f'<div class="track"><div class="bar {escape(tone)}" style="width:{100 * share:.1f}%"></div></div>'
    )
    return (
        f'<div class="row"><div class="name">{escape(short_name(name))}</div>{middle}'
        f'<div class="value">{escape(value)}</div></div>'
    )


def bar_list(title: str, rows: list[tuple], key: str, tall: bool = False) -> str:
    """Rows of (name, share of the longest bar 0..1, value text, tone[, note instead of a bar]).

    `tall` rows fill a screen that has one list and little else (targets)."""
    if not rows:
        body = f'<div class="empty">{escape(t("wall.nothing"))}</div>'
    else:
        body = "".join(list_row(*row) for row in rows)
    kind = "wall-list tall" if tall else "wall-list"
    return f'<div class="{kind}" data-wall-list="{escape(key)}"><h3>{escape(title)}</h3>{body}</div>'


def bars(frame: pd.DataFrame, name: str, value: str, fmt=format.count, tone: str = "") -> list:
    top = max(frame[value].max(), 1) if len(frame) else 1
    return [(str(r[name]), r[value] / top, fmt(r[value]), tone) for _, r in frame.iterrows()]
