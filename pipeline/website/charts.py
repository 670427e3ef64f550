"""Plotly figures as JSON, written at build time and drawn in the browser by assets/javascripts/charts.js.

The only module that imports plotly. Figures carry data and a bare layout (no template): the page script adds the
light or dark colours, so one JSON serves both themes and a chart costs its data and little else.

Every text placed in a figure (series names, axis titles, marks) comes from query headers, so it is HTML-escaped:
plotly renders a subset of HTML in text, links included. Each trace names the column it draws in ``meta``.
"""

from __future__ import annotations

import html
import json
import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import plotly.graph_objects as go

from pipeline.queries import Chart

# Plotly's colour-blind-safe qualitative palette ("Safe").
PALETTE = ("#88CCEE", "#CC6677", "#DDCC77", "#117733", "#332288", "#AA4499", "#44AA99", "#999933")
TRACES = {"line": "lines+markers", "area": "lines"}
ROLLING_WEEKS = 4  # a rolling line is the mean of the week and the three before it...
ROLLING_MIN = 3  # ...over those that have a value, when at least three do
MARK_COLOUR = "rgba(204, 102, 119, 0.16)"  # the palette's red, faint: a band behind the data
DURATIONS = ((1440.0, "d", 48 * 60), (60.0, "h", 90), (1.0, "min", 0))  # unit, its name, from how many minutes


@dataclass(frozen=True)
class Mark:
    """Days to mark on a chart (an alert), drawn as a band with its name."""

    first: date
    last: date
    text: str


Formatter = Callable[[float | None, str], str]  # (value, tile format) -> text, in the site's language


@dataclass(frozen=True)
class SeriesNames:
    """How a chart names its series, in the site's language: '{label} (4-week average)', '{label} (week by week)'."""

    rolling: str
    weekly: str


def query_figure(
    chart: Chart,
    columns: dict[str, list[Any]],
    names: SeriesNames,
    fmt: Formatter,
    marks: Sequence[Mark] = (),
    unit: str = "",
) -> str:
    """A query's own chart: its y columns over its x column, named by the header's labels, on one axis unless the
    header puts some on a second (``y2``, or formats that differ). An axis is titled by its series' label, or by the
    query's ``unit`` when it holds several."""
    fig = go.Figure(layout={"template": "none"})
    x = columns[chart.x]
    for index, name in enumerate(chart.y):
        axis, label, shape = chart.axis_of(name), chart.label(name), chart.format_of(name)
        values = columns[name]
        if name in chart.rolling:
            weekly = _trace("line", x, values, names.weekly.format(label=label), index, axis, name, fmt, shape)
            weekly.update(mode="markers", marker={"size": 4, "opacity": 0.35}, showlegend=False, legendgroup=name)
            fig.add_trace(weekly)
            smooth = _trace(
                "line", x, rolling(values), names.rolling.format(label=label), index, axis, name, fmt, shape
            )
            smooth.update(mode="lines", legendgroup=name, meta={"column": name, "rolling": ROLLING_WEEKS})
            fig.add_trace(smooth)
        else:
            fig.add_trace(_trace(chart.type, x, values, label, index, axis, name, fmt, shape))
    fig.update_layout(yaxis=_axis(chart, "y", columns, unit))
    if chart.y2:
        # Two scales: both start at zero, and the right one keeps ticks of its own (not ones synced to the left's
        # grid, which would read 0.44, 1.44, ...).
        right = {"rangemode": "tozero", **_axis(chart, "y2", columns, unit), "tickmode": "auto"}
        fig.update_layout(yaxis={"rangemode": "tozero"})
        fig.update_layout(yaxis2={**right, "overlaying": "y", "side": "right", "showgrid": False})
    if chart.x in dict(chart.labels):
        fig.update_layout(xaxis={"title": {"text": html.escape(chart.label(chart.x))}})
    _add_marks(fig, marks)
    return _dump(fig)


def rolling(values: Sequence[float | None]) -> list[float | None]:
    """The mean of each point and the three before it, over those with a value; None with fewer than three."""
    out: list[float | None] = []
    for index in range(len(values)):
        window = [v for v in values[max(0, index - ROLLING_WEEKS + 1) : index + 1] if v is not None]
        out.append(statistics.fmean(window) if len(window) >= ROLLING_MIN else None)
    return out


def monthly_figure(
    label: str, months: Sequence[date], values: Sequence[float | None], shape: str, fmt: Formatter
) -> str:
    """A headline value month by month, as bars, its axis in the tile's format."""
    fig = go.Figure(layout={"template": "none"})
    fig.add_trace(_trace("bar", list(months), list(values), label, 0, "y", "value", fmt, shape))
    fig.update_layout(yaxis=_axis_format(shape, [v for v in values if v is not None]))
    return _dump(fig)


def index_figure(series: Sequence[tuple[str, Sequence[date], Sequence[float | None], bool]]) -> str:
    """Several series on one scale, each as an index of its first value (= 100); dashed lines are the vanity ones."""
    fig = go.Figure(layout={"template": "none"})
    for index, (label, months, values, vanity) in enumerate(series):
        trace = _trace("line", list(months), list(values), label, index, "y", label, None, "number")
        trace.update(line={"dash": "dot" if vanity else "solid", "width": 2 if vanity else 3})
        fig.add_trace(trace)
    return _dump(fig)


def _axis(chart: Chart, axis: str, columns: dict[str, list[Any]], unit: str) -> dict[str, Any]:
    """An axis's format (the format of its series) and title (its series' label when it holds one, else the unit)."""
    drawn = [c for c in chart.y if chart.axis_of(c) == axis]
    values = [v for c in drawn for v in columns[c] if v is not None]
    settings = _axis_format(chart.format_of(drawn[0]), values)
    title = chart.label(drawn[0]) if len(drawn) == 1 else unit
    if title:
        settings["title"] = {"text": html.escape(title)}
    return settings


def _axis_format(shape: str, values: Sequence[float]) -> dict[str, Any]:
    if shape == "percent":
        return {"tickformat": ".0%", "hoverformat": ".1%", "rangemode": "tozero"}
    if shape == "minutes":
        return {"rangemode": "tozero", **_duration_ticks(max(values, default=0.0))}
    if shape == "points":
        return {"hoverformat": ".0f"}
    return {}


def _duration_ticks(top: float) -> dict[str, Any]:
    """Tick marks in minutes, hours or days, whichever the largest value reads in: never "16.8k" minutes."""
    size, name = next((size, name) for size, name, start in DURATIONS if top >= start)
    span = top / size
    step = _nice_step(span / 5) if span > 0 else 1.0
    ticks = [i * step for i in range(int(span / step) + 2)]
    return {"tickvals": [t * size for t in ticks], "ticktext": [f"{t:g} {name}" for t in ticks]}


def _nice_step(rough: float) -> float:
    power = 10.0 ** math.floor(math.log10(rough))
    return float(next(m * power for m in (1, 2, 5, 10) if m * power >= rough))


def _trace(
    kind: str,
    x: list[Any],
    y: list[Any],
    name: str,
    index: int,
    axis: str,
    column: str,
    fmt: Formatter | None,
    shape: str,
) -> go.Bar | go.Scatter:
    colour = PALETTE[index % len(PALETTE)]
    hover: dict[str, Any] = {}
    if fmt is not None and shape == "minutes":  # durations read as "2.5 h" in the hover too
        hover = {"text": [fmt(v, shape) if v is not None else "" for v in y], "hovertemplate": "%{text}"}
    common = {"x": x, "y": y, "name": html.escape(name), "yaxis": axis, "meta": {"column": column}, **hover}
    if kind == "bar":
        # Own offset group: bars on a second axis stand beside the first ones instead of on top of them.
        return go.Bar(**common, marker_color=colour, offsetgroup=str(index))
    return go.Scatter(
        **common,
        mode=TRACES.get(kind, "lines+markers"),
        line={"color": colour, "width": 2},
        marker={"size": 3},
        fill="tozeroy" if kind == "area" else None,
    )


def _add_marks(fig: go.Figure, marks: Sequence[Mark]) -> None:
    """Each mark as a faint band from half a week before its first day to half a week after its last, so the weekly
    point of that week sits inside it, and its name at the top."""
    for mark in marks:
        start = datetime.combine(mark.first, datetime.min.time()) - timedelta(days=3.5)
        end = datetime.combine(mark.last, datetime.min.time()) + timedelta(days=3.5)
        fig.add_shape(
            type="rect",
            xref="x",
            yref="paper",
            x0=start.isoformat(sep=" "),
            x1=end.isoformat(sep=" "),
            y0=0,
            y1=1,
            fillcolor=MARK_COLOUR,
            line={"width": 0},
            layer="below",
        )
        fig.add_annotation(
            x=start.isoformat(sep=" "),
            y=1,
            xref="x",
            yref="paper",
            text=html.escape(mark.text),
            showarrow=False,
            xanchor="right",
            yanchor="top",
            font={"size": 11},
        )


def _dump(fig: go.Figure) -> str:
    fig.update_layout(
        margin={"l": 60, "r": 60, "t": 20, "b": 40},
        legend={"orientation": "h", "y": -0.2},
        hovermode="x unified",
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )
    return json.dumps(fig.to_plotly_json(), default=str, separators=(",", ":"))
