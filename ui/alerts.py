"""The alerts strip: each alert in one line; outside wall mode it links to the screen that explains it."""

from __future__ import annotations

from datetime import datetime
from html import escape

import streamlit as st

from campaign.strings import t
from queries.alerts import Alert

SHOWN_NAMES = 3
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
    params = dict(alert.params)
    if alert.code == "uncovered":
        names = params["names"]
        more = t("wall.more", n=len(names)) if len(names) > SHOWN_NAMES else ""
        params["names"] = "、".join(names[:SHOWN_NAMES]) + more
    return t(f"wall.alert.{alert.code}", **params)


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
        st.markdown(f'<div class="wall-alerts">{body}</div>', unsafe_allow_html=True)
