"""Plotly figures from small, already-aggregated frames. Labels come from the catalogue."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import plotly.graph_objects as go

from campaign.strings import t
from ui.markup import chart_text

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif"
BLUE, GREY, RED, AMBER = "#2f6fdd", "#9aa0a6", "#d93025", "#f29900"


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        font={"family": FONT, "size": 14},
        legend={"orientation": "h", "y": 1.1, "x": 0},
        hoverlabel={"font_family": FONT},
    )
    return fig


def volume_figure(
    current: pd.DataFrame,
    last_year: pd.DataFrame,
    minutes: int,
    gala: tuple[datetime, datetime] | None,
    height: int = 340,
    now: datetime | None = None,
) -> go.Figure:
    """Counts per bucket now and a year earlier (moved forward a year to line up).

    With `now`, a last bucket still running is drawn apart (dashed, hollow point): not a fall."""
    fig = go.Figure()
    if not last_year.empty:
        shifted = last_year["at"].map(
            lambda d: d.replace(year=d.year + 1) if not (d.month == 2 and d.day == 29) else d
        )
        fig.add_trace(
            go.Scatter(
                x=shifted,
                y=last_year["count"],
                name=t("complaints.series_last_year"),
                line={"color": GREY, "dash": "dot", "width": 2},
            )
        )
    running = (
        now is not None
        and not current.empty
        and pd.Timestamp(current["at"].iloc[-1])
        <= pd.Timestamp(now)
        < pd.Timestamp(current["at"].iloc[-1]) + pd.Timedelta(minutes=minutes)
    )
    whole = current.iloc[:-1] if running else current
    fig.add_trace(
        go.Scatter(
            x=whole["at"],
            y=whole["count"],
            name=t("complaints.series_now"),
            line={"color": BLUE, "width": 3},
            fill="tozeroy",
            fillcolor="rgba(47,111,221,0.12)",
        )
    )
    if running:
        fig.add_trace(
            go.Scatter(
                x=current["at"].iloc[-2:],
                y=current["count"].iloc[-2:],
                name=t("complaints.series_in_progress"),
                mode="lines+markers",
                line={"color": BLUE, "width": 3, "dash": "dash"},
                marker={"size": [0, 10], "color": "white", "line": {"color": BLUE, "width": 2}},
            )
        )
    if gala:
        fig.add_vrect(
            x0=gala[0],
            x1=gala[1],
            fillcolor=RED,
            opacity=0.12,
            line_width=0,
            annotation_text=t("complaints.gala_window"),
            annotation_position="top left",
        )
    fig.update_xaxes(title=None, tickformat="%m-%d %H:%M")
    fig.update_yaxes(title=t("complaints.count"), rangemode="tozero")
    return _layout(fig, height)


def codes(frame: pd.DataFrame) -> list[list]:
    """Each bar's code for on_select, as plain Python values: a numpy array would reach Plotly.js
    as a typed-array dict, and a clicked bar would hand the callback that dict, not the code."""
    return [[None if pd.isna(c) else str(c)] for c in frame["code"]]


def bar_figure(
    frame: pd.DataFrame, label_column: str, value_column: str = "count", height: int = 300, colour: str = BLUE
) -> go.Figure:
    """Horizontal bars, largest on top; each bar carries its code for on_select."""
    ordered = frame.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=ordered[value_column],
            y=chart_text(ordered[label_column]),
            orientation="h",
            marker_color=colour,
            customdata=codes(ordered),
            text=ordered[value_column].map("{:,}".format),
            textposition="auto",
            hovertemplate="%{y}: %{x:,}<extra></extra>",
        )
    )
    fig.update_xaxes(title=None, showticklabels=False)
    fig.update_yaxes(title=None, automargin=True)
    return _layout(fig, height)


def open_overdue_figure(frame: pd.DataFrame, height: int = 420) -> go.Figure:
    """Open and overdue cases per office, the most overdue on top."""
    ordered = frame.iloc[::-1]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=ordered["open"] - ordered["overdue"],
            y=chart_text(ordered["name"]),
            orientation="h",
            name=t("col.open"),
            marker_color=AMBER,
            customdata=codes(ordered),
        )
    )
    fig.add_trace(
        go.Bar(
            x=ordered["overdue"],
            y=chart_text(ordered["name"]),
            orientation="h",
            name=t("col.overdue"),
            marker_color=RED,
            customdata=codes(ordered),
        )
    )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title=None, automargin=True)
    return _layout(fig, height)
