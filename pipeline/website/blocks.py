"""The building blocks every page places: a query's chart, its monthly chart, its tiles, its table.

``Blocks`` writes each chart's JSON and CSV once under ``assets/`` of the staged docs, whichever pages show it, and
returns the HTML for a page at a given depth (``root`` leads back to the site root).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from pipeline.errors import BuildError
from pipeline.escape import ident, page_url
from pipeline.pillars import PILLAR_IDS, SCORE
from pipeline.queries import Query
from pipeline.queries.results import copy_to, csv_columns
from pipeline.queries.tiles import where_sql
from pipeline.website import charts
from pipeline.website.labels import Labels
from pipeline.website.markup import ChartFiles, chart_block, esc, formatted, table_html, tile_html, to_csv
from pipeline.website.missing import add_html, what_to_add
from pipeline.website.model import Result, SiteData, TileView

TABLE_ROWS = 120  # a narrative table shows the newest rows; the CSV holds them all
PILLAR_PAGES = PILLAR_IDS  # a page per pillar (pipeline/pillars.py)


def chart_rows_sql(query: Query, columns: list[str]) -> str:
    """The rows a query's chart draws (its ``where`` filters, the same test tiles use), ordered by x."""
    where = where_sql(query.chart.where) if query.chart else "true"
    return f"SELECT {', '.join(ident(c) for c in columns)} FROM metrics.{query.name} WHERE {where} ORDER BY ALL"


def page_root(page: str) -> str:
    """From the page's URL back to the site root, with ``use_directory_urls`` (``a/b.md`` is served at ``a/b/``)."""
    parts = page.split("/")
    depth = len(parts) - 1 + (0 if parts[-1] == "index.md" else 1)
    return "../" * depth


def pillar_page(pillar: str) -> str:
    return f"pillars/{pillar}.md"


def pillar_url(pillar: str) -> str:
    return f"pillars/{pillar}/"


class Blocks:
    def __init__(
        self, docs: Path, data: SiteData, words: Labels, con: duckdb.DuckDBPyConnection, seconds: float | None = None
    ) -> None:
        self.docs = docs
        self.data = data
        self.words = words
        self.con = con  # the warehouse, read-only: tables of any size are written by DuckDB, not held in Python
        self.seconds = seconds  # each CSV's time limit: the run's (queries/sandbox.py ResultLimits.seconds)
        self.written: set[str] = set()

    def _write(self, files: ChartFiles, figure: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if files.chart_id in self.written:
            return
        for folder in ("charts", "data"):
            (self.docs / "assets" / folder).mkdir(parents=True, exist_ok=True)
        (self.docs / files.json).write_text(figure, encoding="utf-8")
        (self.docs / files.csv).write_text(to_csv(columns, rows), encoding="utf-8")
        self.written.add(files.chart_id)

    def result(self, name: str) -> Result:
        return self.data.results[name]

    def query_chart(self, name: str, root: str) -> str:
        """The query's own chart (weekly, usually), with its rows as a table and a CSV; alerts of its pillar (of
        every pillar, on the score chart) are marked on it."""
        result = self.result(name)
        chart = result.query.chart
        if chart is None:
            raise BuildError(f"{result.query.shown}: has no chart: in its header, so it cannot be drawn")
        if not result.rows and not self.data.measured(name):
            add = add_html(self.data.coverage.missing(name), self.words, root, self.data.exports_page)
            return f'<p class="sh-empty sh-missing">{self.words("query_missing", add=add)}</p>\n'
        if not result.rows:
            return f'<p class="sh-empty">{esc(self.words("no_chart_rows"))}</p>\n'
        files = ChartFiles(name)
        names = charts.SeriesNames(
            self.words("rolling_name", label="{label}"), self.words("weekly_points", label="{label}")
        )
        columns = {c: result.column(c) for c in (chart.x, *chart.y)}
        marks = self.marks(result.query)
        figure = charts.query_figure(chart, columns, names, self._format, marks, result.query.unit)
        self._write(files, figure, result.columns, result.rows)
        shown = result.columns[: 1 + len(chart.y)]  # the table beside the chart: x and y; the CSV has every column
        drawn = [row[: len(shown)] for row in result.rows]
        headers = [chart.label(c) for c in shown]
        caption = f"{result.query.title} ({result.query.unit})" if result.query.unit else result.query.title
        label = _summary(result.query.title, headers, drawn)
        return chart_block(files, label, caption, (headers, drawn), root, self.words)

    def _format(self, value: float | None, shape: str) -> str:
        return formatted(value, shape, self.words)

    def marks(self, query: Query) -> list[charts.Mark]:
        """The alert days to mark on ``query``'s chart: rows of the alert queries of its pillar (all of them on the
        score's chart), consecutive days as one band named after the alert query."""
        found = []
        for result in self.data.results.values():
            alert = result.query
            if alert.alert is None or alert.chart is None or alert.name == query.name:
                continue
            if query.pillar not in (alert.pillar, "score"):
                continue
            days = sorted({d for d in result.column(alert.chart.x) if isinstance(d, date)})
            found += [charts.Mark(first, last, alert.title) for first, last in _runs(days)]
        return found

    def monthly_chart(self, name: str, root: str) -> str:
        """The query's headline tile month by month (empty when the query has no tiles); months the data covers only
        in part (before its first day, after the period end) are left out rather than drawn as a fall."""
        tiles = self.data.tiles_of(name)
        if not tiles or not self.data.measured(name):  # an unmeasured query's chart already says what to add
            return ""
        headline = tiles[0]
        months = sorted(m for m in headline.months if self.data.complete_month(m))
        values = [headline.months[m] for m in months]
        files = ChartFiles(f"{name}-monthly")
        rows = [(m, v) for m, v in zip(months, values, strict=True)]
        figure = charts.monthly_figure(headline.label, months, values, headline.format, self._format)
        self._write(files, figure, ["month", headline.label], rows)
        label = _summary(headline.label, ["month", headline.label], rows)
        caption = f"{headline.label} ({self.words('monthly').lower()})"
        return chart_block(files, label, caption, (["month", headline.label], rows), root, self.words)

    def index_chart(self, chart_id: str, tiles: Sequence[tuple[TileView, bool]], root: str, title: str) -> str:
        """Several tiles on one scale: each month as an index of the first month where all of them have a value."""
        months = sorted({m for tile, _ in tiles for m in tile.months if m <= self.data.month})
        start = next((m for m in months if all(t.value(m) for t, _ in tiles)), None)
        if start is None:
            return f'<p class="sh-empty">{esc(self.words("no_chart_rows"))}</p>\n'
        months = [m for m in months if m >= start]
        series = []
        for tile, vanity in tiles:
            base = tile.value(start) or 1.0
            values = [None if tile.value(m) is None else round(100 * (tile.value(m) or 0) / base, 1) for m in months]
            series.append((tile.label, months, values, vanity))
        columns = ["month", *(label for label, *_ in series)]
        rows = [(m, *(s[2][i] for s in series)) for i, m in enumerate(months)]
        files = ChartFiles(chart_id)
        self._write(files, charts.index_figure(series), columns, rows)
        return chart_block(files, _summary(title, columns, rows), title, (columns, rows), root, self.words)

    def tiles(
        self, tiles: Sequence[TileView], root: str, link: Callable[[TileView], str] | None = None, judged: bool = True
    ) -> str:
        """Tiles in a grid, each a link to ``link(tile)`` (site-root relative; default: where it is explained)."""
        link = link or self.tile_link
        compare, month = self.data.compare, self.data.month
        items = "".join(
            tile_html(t, month, root + link(t), self.words, judged, compare, self.tile_missing(t)) for t in tiles
        )
        return f'<div class="sh-tiles">{items}</div>\n'

    def missing_tables(self, tile: TileView) -> tuple[str, ...] | None:
        """None when the tile's data is measured; else the tables to fill (a pillar's score tile: its pillar's)."""
        coverage = self.data.coverage
        pillar = tile.where.get("pillar")
        if self.result(tile.query).query.pillar == SCORE and pillar in coverage.pillars:
            return None if coverage.pillar_measured(pillar) else coverage.pillar_missing(pillar)
        return None if coverage.measured(tile.query) else coverage.missing(tile.query)

    def tile_missing(self, tile: TileView) -> str:
        """What a tile of unmeasured data says to add, as plain text; "" when it is measured."""
        tables = self.missing_tables(tile)
        if tables is None:
            return ""
        return self.words("tile_add", what=what_to_add(tables, self.words)) if tables else self.words("no_sources")

    def tile_link(self, tile: TileView) -> str:
        query = self.result(tile.query).query
        if query.pillar in PILLAR_PAGES:
            return f"{pillar_url(query.pillar)}#{query.name}"
        if query.pillar == "vanity":
            return "stopped-measuring/"
        return f"methodology/#{query.name}"

    def table(self, name: str) -> tuple[ChartFiles, list[str], list[tuple[Any, ...]]]:
        """The query's rows (those its chart draws, if it has one) as a CSV written by DuckDB, and the newest
        ``TABLE_ROWS`` of them for the page."""
        result = self.result(name)
        select = chart_rows_sql(result.query, result.columns)
        files = ChartFiles(f"{name}-table")
        if files.chart_id not in self.written:
            (self.docs / "assets" / "data").mkdir(parents=True, exist_ok=True)
            types = {row[0]: row[1] for row in self.con.execute(f"DESCRIBE {select}").fetchall()}
            cells = csv_columns([(c, str(types[c])) for c in result.columns])
            copy_to(
                self.con,
                f"SELECT {cells} FROM ({select}) AS t",
                self.docs / files.csv,
                "HEADER",
                result.query.shown,
                self.seconds,
            )
            self.written.add(files.chart_id)
        newest = self.con.execute(f"SELECT * FROM ({select}) ORDER BY ALL DESC LIMIT {TABLE_ROWS}").fetchall()
        return files, result.columns, newest[::-1]


def _runs(days: Sequence[date]) -> list[tuple[date, date]]:
    """Sorted days as runs of consecutive days: [(first, last), ...]."""
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and day - runs[-1][1] == timedelta(days=1):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _summary(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """An accessible name for a chart: what it shows, over which span, and its latest values."""
    if not rows:
        return title
    last = ", ".join(f"{c} {_short(v)}" for c, v in zip(columns[1:], rows[-1][1:], strict=False))
    return f"{title}: {len(rows)} points from {rows[0][0]} to {rows[-1][0]}; latest {last}"


def _short(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def table_block(blocks: Blocks, name: str, root: str) -> str:
    files, columns, rows = blocks.table(name)
    return (
        f"{table_html(columns, rows)}\n"
        f'<p><a class="sh-csv" href="{page_url(root + files.csv)}" download>'
        f"{esc(blocks.words('download_csv'))}</a></p>\n"
    )
