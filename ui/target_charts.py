"""Target progress as bullet bars (done against expected) and trend lines."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from campaign.metrics import METRICS
from campaign.strings import t
from queries.targets import behind_first
from ui.charts import AMBER, BLUE, FONT, GREY, RED
from ui.markup import chart_text

STATUS_COLOURS = {"behind": RED, "on_track": BLUE, "done": "#188038"}
# A ranking reads as bars up to about this many offices; a province's 1,000 would draw a chart
# 24,000 pixels tall, blank on screen. Beyond it the page lists the furthest behind.
RANKING_LIMIT = 40


def ranked(frame: pd.DataFrame, limit: int = RANKING_LIMIT) -> pd.DataFrame:
    """The `limit` offices furthest behind on one metric (all of them when there are fewer)."""
    return behind_first(frame).head(limit)


def bullet_figure(frame: pd.DataFrame, label: str = "office_name") -> go.Figure:
    ordered = behind_first(frame).iloc[::-1]
    shown = ordered["pct_done"].clip(upper=150)
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=shown,
            y=chart_text(ordered[label]),
            orientation="h",
            name=t("targets.done_pct"),
            marker_color=[STATUS_COLOURS[s] for s in ordered["status"]],
            text=[f"{v:.0f}%" for v in ordered["pct_done"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=ordered["pct_expected"],
            y=chart_text(ordered[label]),
            mode="markers",
            name=t("targets.expected"),
            marker={"symbol": "line-ns", "size": 18, "line": {"width": 3, "color": "#202124"}},
            hovertemplate=t("targets.expected") + " %{x:.0f}%<extra></extra>",
        )
    )
    height = max(320, 24 * len(ordered) + 80)
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 40, "t": 30, "b": 10},
        font={"family": FONT, "size": 14},
        legend={"orientation": "h", "y": 1.02, "x": 0, "yanchor": "bottom"},
        bargap=0.25,
    )
    fig.update_xaxes(range=[0, 160], ticksuffix="%", title=None)
    fig.update_yaxes(title=None, automargin=True)
    return fig


def trend_figure(days: pd.DataFrame, goal: float, title: str) -> go.Figure:
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=days["day"],
            y=days["actual"],
            name=t("targets.trend_actual"),
            line={"color": BLUE, "width": 3},
            mode="lines+markers",
        )
    )
    fig.add_hline(
        y=goal,
        line={"color": AMBER, "dash": "dash", "width": 2},
        annotation_text=t("targets.trend_target"),
        annotation_position="top left",
    )
    fig.update_layout(
        title={"text": title, "font": {"size": 15}},
        height=230,
        showlegend=False,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        font={"family": FONT, "size": 12},
    )
    fig.update_xaxes(tickformat="%m-%d", title=None, color=GREY)
    fig.update_yaxes(rangemode="tozero", title=None)
    return fig


def trend_grid(plan: pd.DataFrame, history: pd.DataFrame) -> None:
    """One trend chart per target of an office's plan, three to a row; `history` is
    queries.target_trend.trend's day-by-day actuals of those targets."""
    columns = st.columns(3)
    for n, row in enumerate(plan.itertuples(index=False)):
        days = history[history["id"] == row.id].sort_values("day")
        metric = METRICS[row.metric]
        with columns[n % 3]:
            st.plotly_chart(
                trend_figure(days, row.target, f"{metric.name}（{metric.unit}）"),
                key=f"trend_{row.id}",
                config={"displayModeBar": False},
            )
