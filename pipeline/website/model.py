"""What the pages are made of: each query's result rows, its monthly headline series (tiles) and active alerts.

Read once per build from the warehouse's ``metrics`` schema and the results manifest; the page modules only format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pipeline.coverage import Coverage
from pipeline.queries import Query


@dataclass(frozen=True)
class Result:
    """A query's result as the pages use it: the rows its chart draws, already filtered by the chart's ``where`` and
    ordered by x in SQL, with the chart's columns first (x, then y, then the rest). A query without a chart keeps
    no rows here: it may be one row per mention, and ``{{ table }}`` reads it in SQL."""

    query: Query
    columns: list[str]
    rows: list[tuple[Any, ...]]

    def column(self, name: str) -> list[Any]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


@dataclass(frozen=True)
class TileView:
    """One headline series, from the manifest: monthly values of a tile's SQL aggregate."""

    query: str
    label: str
    format: str
    higher_is_better: bool | None
    months: dict[date, float | None]
    index: int  # its place among its query's tiles: 0 is the query's headline
    where: dict[str, str]

    def value(self, month: date) -> float | None:
        return self.months.get(month)

    def latest(self, until: date) -> date | None:
        """The newest month up to ``until`` that has a value (cohorts mature late, so it is not always ``until``)."""
        known = [m for m, v in self.months.items() if v is not None and m <= until]
        return max(known) if known else None


@dataclass(frozen=True)
class AlertView:
    query: Query
    columns: list[str]
    rows: list[list[Any]]


@dataclass(frozen=True)
class DataWindow:
    first: str
    last: str
    files: int


@dataclass(frozen=True)
class SiteData:
    brand: str
    results: dict[str, Result]  # by query name, in run order
    tiles: list[TileView]
    alerts: list[AlertView]
    window: DataWindow
    period_end: date
    month: date  # first day of the report month
    compare: str = "year"  # what tiles are judged against (config report.compare)
    baseline: str = ""  # the health score's baseline, in words
    coverage: Coverage = field(default_factory=lambda: Coverage({}, {}, {}))  # what is measured (the run's)
    exports_page: bool = False  # whether the site has reference/exports.md, where "what to add" links

    def measured(self, query: str) -> bool:
        return self.coverage.measured(query)

    def complete_month(self, month: date) -> bool:
        """Whether the data covers all of ``month``: from its first day (the data's first day or later) to its last
        (the period end or earlier). A monthly bar of a month covered in part would read as a fall."""
        last_day = shift(month, 1) - timedelta(days=1)
        return date.fromisoformat(self.window.first) <= month and last_day <= self.period_end

    def tiles_of(self, query: str) -> list[TileView]:
        return [t for t in self.tiles if t.query == query]

    def queries_in(self, pillar: str) -> list[Query]:
        queries = [r.query for r in self.results.values() if r.query.pillar == pillar]
        return sorted(queries, key=lambda q: (q.order, q.name))


def tile_views(manifest: dict[str, Any]) -> list[TileView]:
    views = []
    seen: dict[str, int] = {}
    for item in manifest.get("tiles", []):
        index = seen.get(item["query"], 0)
        seen[item["query"]] = index + 1
        months = {date.fromisoformat(m): v for m, v, _ in item["months"]}
        views.append(
            TileView(
                item["query"], item["label"], item["format"], item["higher_is_better"], months, index, item["where"]
            )
        )
    return views


def month_of(day: date) -> date:
    return day.replace(day=1)


def shift(month: date, months: int) -> date:
    """The first day of the month ``months`` after ``month`` (negative: before)."""
    total = month.year * 12 + month.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)
