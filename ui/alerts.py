"""The alerts strip: each alert in one line; outside wall mode it links to the screen that explains it."""

from __future__ import annotations

from datetime import datetime
from html import escape

import streamlit as st

from campaign.strings import t
from queries.alerts import Alert

SHOWN_NAMES = 3


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
    st.markdown(f'<div class="wall-alerts">{body}</div>', unsafe_allow_html=True)
