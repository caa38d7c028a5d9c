"""The alerts strip: every alert whole (never cut); outside wall mode it links to the screen that explains it."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from campaign.strings import t
from queries.alerts import Alert
from ui.markup import escape
from ui.wall_lists import short_name

SHOWN_NAMES = 3
# The wall strip's type sizes in rem, largest first: the largest at which the alerts fit one line of
# 1920 px (116.5 rem inside the margins); below the smallest they wrap to a second line instead.
WALL_SIZES = (1.625, 1.375, 1.25)
WALL_WIDTH_REM = 116.5
ALERT_FRAME_REM = 3.0  # an alert's padding, border and the gap to the next
# The light strip of the ordinary screens; wall mode's dark one is in ui/wall.py.
CSS = """
<style>
.wall-alerts.light { display: flex; gap: 0.8rem; flex-wrap: wrap; margin-bottom: 0.8rem; }
.wall-alerts.light .alert { background: #fdecea; border-left: 0.4rem solid #d93025; color: #a50e0e; font-size: 1.15rem;
  font-weight: 600; padding: 0.45rem 0.9rem; border-radius: 0.4rem; }
.wall-alerts.light .alert a { color: inherit; text-decoration: underline; }
.wall-alerts.light .calm { background: #e6f4ea; border-left: 0.4rem solid #188038; color: #137333; font-size: 1.15rem;
  padding: 0.45rem 0.9rem; border-radius: 0.4rem; }
</style>
"""


def alert_text(alert: Alert) -> str:
    """The alert in words; offices by their short names, the first few then 等 n 个."""
    params = dict(alert.params)
    if alert.code == "uncovered":
        names = params["names"]
        more = t("wall.more", n=len(names)) if len(names) > SHOWN_NAMES else ""
        params["names"] = "、".join(short_name(n) for n in names[:SHOWN_NAMES]) + more
    return t(f"wall.alert.{alert.code}", **params)


def text_width_em(text: str) -> float:
    """About how wide a text sets, in em: a Chinese character one em, a Latin one about half."""
    return sum(1.0 if ord(c) > 0x2E80 else 0.55 for c in text)


def wall_font_rem(texts: list[str]) -> float:
    """The largest type at which every alert fits one line side by side; else the smallest (they wrap)."""
    for size in WALL_SIZES:
        if sum(text_width_em(x) * size + ALERT_FRAME_REM for x in texts) <= WALL_WIDTH_REM:
            return size
    return WALL_SIZES[-1]


def alert_link(alert: Alert, now: datetime) -> str:
    """The screen that explains the alert, filtered to it (relative: every page sits at the root)."""
    day = now.date().isoformat()
    return {
        "surge": f"complaints?from={day}&to={day}",
        "uncovered": f"roster?day={day}",
        "gala_waiting": f"complaints?from={day}&to={day}&channel=gala",
    }[alert.code]


def alerts_strip(alerts: list[Alert], now: datetime, links: bool) -> None:
    if not alerts:
        body = f'<div class="calm">{escape(t("wall.no_alerts"))}</div>'
    else:
        items = []
        for alert in alerts:
            text = escape(alert_text(alert))
            if links:
                text = f'<a href="{escape(alert_link(alert, now))}" target="_self">{text}</a>'
            items.append(f'<div class="alert" data-alert="{escape(alert.code)}">{text}</div>')
        body = "".join(items)
    if links:
        st.markdown(f'{CSS}<div class="wall-alerts light">{body}</div>', unsafe_allow_html=True)
    else:
        size = wall_font_rem([alert_text(a) for a in alerts]) if alerts else WALL_SIZES[0]
        st.markdown(
            f'<div class="wall-alerts" style="--alert-size:{size}rem">{body}</div>', unsafe_allow_html=True
        )
