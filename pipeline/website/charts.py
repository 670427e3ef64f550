"""Plotly figures as JSON, written at build time and drawn in the browser by assets/javascripts/charts.js.

The only module that imports plotly. Figures carry data only; the page script draws them with the self-hosted
plotly.js, so a chart costs its JSON and nothing else.
"""

from __future__ import annotations

import json
from typing import Any

import plotly.graph_objects as go

from pipeline.queries import Chart

# Plotly's colour-blind-safe qualitative palette.
PALETTE = ("#88CCEE", "#CC6677", "#DDCC77", "#117733", "#332288", "#AA4499", "#44AA99", "#999933")
TRACES = {"line": "lines+markers", "area": "lines"}


def figure_json(chart: Chart, columns: dict[str, list[Any]], title: str) -> str:
    fig = go.Figure()
    # Two measures usually differ in scale (mentions in tens, likes in thousands): the second gets its own axis,
    # so the smaller one does not look flat.
    dual = len(chart.y) == 2
    for index, name in enumerate(chart.y):
        colour = PALETTE[index % len(PALETTE)]
        axis = "y2" if dual and index == 1 else "y"
        if chart.type == "bar":
            fig.add_trace(go.Bar(x=columns[chart.x], y=columns[name], name=name, marker_color=colour, yaxis=axis))
        else:
            fig.add_trace(
                go.Scatter(
                    x=columns[chart.x],
                    y=columns[name],
                    name=name,
                    mode=TRACES[chart.type],
                    yaxis=axis,
                    line={"color": colour, "width": 2},
                    marker={"size": 3},
                    fill="tozeroy" if chart.type == "area" else None,
                )
            )
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
    fig.update_layout(
        title={"text": title},
        margin={"l": 50, "r": 50, "t": 40, "b": 40},
        legend={"orientation": "h", "y": -0.2},
        hovermode="x unified",
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )
    return json.dumps(fig.to_plotly_json(), default=str, separators=(",", ":"))
