"""Markdown pages for the report, written into the staged docs folder. Every text that a person wrote (query
titles and descriptions, result values) is HTML-escaped before it reaches a page."""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass
from typing import Any

from pipeline.queries import Query


@dataclass(frozen=True)
class Result:
    query: Query
    columns: list[str]
    rows: list[tuple[Any, ...]]

    def column(self, name: str) -> list[Any]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


@dataclass(frozen=True)
class DataWindow:
    first: str
    last: str
    files: int


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def chart_block(result: Result, json_path: str, csv_path: str) -> str:
    query = result.query
    label = f"{query.title}: {len(result.rows)} points from {result.rows[0][0]} to {result.rows[-1][0]}"
    return (
        f'<figure class="sh-figure">\n'
        f'<div class="sh-chart" data-src="{esc(json_path)}" role="img" aria-label="{esc(label)}"></div>\n'
        f"<figcaption>{esc(query.description)}</figcaption>\n"
        f"</figure>\n\n"
        f'<details class="sh-data"><summary>Data table</summary>\n{table_html(result)}\n'
        f'<p><a href="{esc(csv_path)}" download>Download CSV</a></p></details>\n'
    )


def table_html(result: Result, limit: int = 400) -> str:
    head = "".join(f"<th>{esc(c)}</th>" for c in result.columns)
    body = "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>" for row in result.rows[-limit:])
    return f'<table class="sh-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def to_csv(result: Result) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows(result.rows)
    return out.getvalue()


def metric_page(result: Result, json_path: str, csv_path: str) -> str:
    query = result.query
    facts = " · ".join(esc(f) for f in (query.unit, query.grain, f"owner {query.owner}" if query.owner else "") if f)
    return (
        f"# {esc(query.title)}\n\n{facts}\n\n{chart_block(result, json_path, csv_path)}\n"
        f"## How it is computed\n\nFrom `{esc(query.path.name)}`:\n\n```sql\n{query.sql.strip()}\n```\n"
    )


def overview_page(brand: str, window: DataWindow, results: list[Result], links: dict[str, str]) -> str:
    items = "\n".join(f"- [{esc(r.query.title)}]({links[r.query.name]})" for r in results)
    return (
        f"# {esc(brand)}: social health\n\n"
        f'<p class="sh-asof">Data as of <strong>{esc(window.last)}</strong> '
        f"(from {esc(window.first)}, {window.files} export files).</p>\n\n"
        "What this report measures: people recommending the brand on their own, traffic that converts, customers "
        "who come back and a brand that answers one to one. Likes and reach are shown only for contrast.\n\n"
        f"## Metrics\n\n{items}\n"
    )
