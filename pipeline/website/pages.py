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
        return [row[index] for row in self.chart_rows()]

    def chart_rows(self) -> list[tuple[Any, ...]]:
        """The rows the chart draws: those matching the chart's ``where`` filters (all rows without a chart)."""
        if not self.query.chart or not self.query.chart.where:
            return self.rows
        tests = [(self.columns.index(c), v) for c, v in self.query.chart.where if c in self.columns]
        return [row for row in self.rows if all(str(row[i]) == v for i, v in tests)]


@dataclass(frozen=True)
class DataWindow:
    first: str
    last: str
    files: int


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def chart_block(result: Result, json_path: str, csv_path: str) -> str:
    query = result.query
    rows = result.chart_rows()
    label = f"{query.title}: {len(rows)} points from {rows[0][0]} to {rows[-1][0]}"
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


@dataclass(frozen=True)
class FileRow:
    file: str
    format: str | None
    locale: str | None
    status: str
    message: str | None
    counts: tuple[int, int, int, int]  # read, loaded, duplicate, rejected
    unknown_columns: list[str]


def data_quality_page(
    files: list[FileRow], reasons: list[tuple[str, str, int, int]], checks: list[dict[str, Any]]
) -> str:
    """Every export file with its format, locale, row accounting and unknown columns; reject reasons; check results."""
    head = "| file | format | locale | status | read | loaded | duplicate | rejected | unknown columns |\n"
    head += "|---|---|---|---|--:|--:|--:|--:|---|\n"
    body = "".join(
        f"| {_cell(f.file)} | {_cell(f.format)} | {_cell(f.locale)} | {_cell(_status(f))} | "
        + " | ".join(str(n) for n in f.counts)
        + f" | {_cell(', '.join(f.unknown_columns))} |\n"
        for f in files
    )
    rejects = "".join(f"| {_cell(file)} | {_cell(reason)} | {n} | {line} |\n" for file, reason, n, line in reasons)
    reject_table = (
        "| file | reason | rows | first line |\n|---|---|--:|--:|\n" + rejects if rejects else "No row was rejected.\n"
    )
    check_rows = "".join(
        f"| {_cell(c['query'])} | {_cell(c['check'])} | {_cell(c['severity'])} | {c['bad_rows']} | "
        f"{'passed' if c['passed'] else 'FAILED'} |\n"
        for c in checks
    )
    check_table = (
        "| query | check | severity | bad rows | result |\n|---|---|---|--:|---|\n" + check_rows
        if check_rows
        else "No checks ran.\n"
    )
    return (
        "# Data quality\n\n"
        "Every export file found, what it was recognised as, and where each of its rows went: "
        "`read = loaded + duplicate + rejected`. Unknown columns are columns the format does not know (the platform "
        "added or renamed one): they were ignored.\n\n"
        f"## Files\n\n{head}{body}\n## Rejected rows by reason\n\n{reject_table}\n"
        f"## Checks on the metrics\n\n{check_table}"
    )


def _status(f: FileRow) -> str:
    return f"{f.status}: {f.message}" if f.message else f.status


def _cell(value: object) -> str:
    """A Markdown table cell: escaped, with pipes and line breaks neutralised."""
    return esc(value).replace("|", "&#124;").replace("\n", " ")
