"""Plotly figures as JSON, written at build time and drawn in the browser by assets/javascripts/charts.js.

The only module that imports plotly. Figures carry data and a bare layout (no template): the page script adds the
light or dark colours, so one JSON serves both themes and a chart costs its data and little else.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

import plotly.graph_objects as go

from pipeline.queries import Chart

# Plotly's colour-blind-safe qualitative palette ("Safe").
PALETTE = ("#88CCEE", "#CC6677", "#DDCC77", "#117733", "#332288", "#AA4499", "#44AA99", "#999933")
TRACES = {"line": "lines+markers", "area": "lines"}


def query_figure(chart: Chart, columns: dict[str, list[Any]]) -> str:
    """A query's own chart: its y columns over its x column."""
    fig = go.Figure(layout={"template": "none"})
    # Two measures usually differ in scale (mentions in tens, likes in thousands): the second gets its own axis,
    # so the smaller one does not look flat.
    dual = len(chart.y) == 2
    for index, name in enumerate(chart.y):
        axis = "y2" if dual and index == 1 else "y"
        fig.add_trace(_trace(chart.type, columns[chart.x], columns[name], name, index, axis))
    if dual:
        fig.update_layout(
            yaxis={"title": {"text": chart.y[0]}, "rangemode": "tozero"},
            yaxis2={
                "title": {"text": chart.y[1]},
                "overlaying": "y",
                "side": "right",
                "rangemode": "tozero",
                "showgrid": False,
            },
        )
    return _dump(fig)


def monthly_figure(series: Sequence[tuple[str, Sequence[date], Sequence[float | None]]]) -> str:
    """Headline values month by month: one bar series per (label, months, values)."""
    fig = go.Figure(layout={"template": "none"})
    for index, (label, months, values) in enumerate(series):
        fig.add_trace(_trace("bar", list(months), list(values), label, index, "y"))
    fig.update_layout(barmode="group")
    return _dump(fig)


def index_figure(series: Sequence[tuple[str, Sequence[date], Sequence[float | None], bool]]) -> str:
    """Several series on one scale, each as an index of its first value (= 100); dashed lines are the vanity ones."""
    fig = go.Figure(layout={"template": "none"})
    for index, (label, months, values, vanity) in enumerate(series):
        trace = _trace("line", list(months), list(values), label, index, "y")
        trace.update(line={"dash": "dot" if vanity else "solid", "width": 2 if vanity else 3})
        fig.add_trace(trace)
    return _dump(fig)


def _trace(kind: str, x: list[Any], y: list[Any], name: str, index: int, axis: str) -> go.Bar | go.Scatter:
    colour = PALETTE[index % len(PALETTE)]
    if kind == "bar":
        # Own offset group: bars on a second axis stand beside the first ones instead of on top of them.
        return go.Bar(x=x, y=y, name=name, marker_color=colour, yaxis=axis, offsetgroup=str(index))
    return go.Scatter(
        x=x,
        y=y,
        name=name,
        mode=TRACES.get(kind, "lines+markers"),
        yaxis=axis,
        line={"color": colour, "width": 2},
        marker={"size": 3},
        fill="tozeroy" if kind == "area" else None,
    )


def _dump(fig: go.Figure) -> str:
    fig.update_layout(
        margin={"l": 50, "r": 50, "t": 20, "b": 40},
        legend={"orientation": "h", "y": -0.2},
        hovermode="x unified",
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )
    return json.dumps(fig.to_plotly_json(), default=str, separators=(",", ":"))
