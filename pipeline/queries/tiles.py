"""Headline numbers and alerts, computed in the sandbox right after the queries and their checks.

A tile's ``value`` is a SQL aggregate written in a query header, so it is as untrusted as the query: it runs in the
same locked session, as one SELECT, under the same time limit. Each tile becomes a monthly series (by the month of
its ``time`` column), which the site turns into tiles, sparklines, monthly charts and plain-language readings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from pipeline.escape import ident, literal
from pipeline.queries.header import Query, Tile
from pipeline.queries.sandbox import single_select, time_limit


@dataclass(frozen=True)
class TileSeries:
    query: Query
    tile: Tile
    months: tuple[tuple[date, float | None, int], ...]  # (first day of the month, value, rows aggregated)


@dataclass(frozen=True)
class ActiveAlert:
    query: Query
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def where_sql(where: tuple[tuple[str, str], ...]) -> str:
    """Header filters as SQL: compared as text, so `true`, `3` and `all` match booleans, numbers and labels alike."""
    tests = [f"lower(CAST({ident(column)} AS VARCHAR)) = lower({literal(value)})" for column, value in where]
    return " AND ".join(tests) or "true"


def evaluate_tiles(con: duckdb.DuckDBPyConnection, query: Query, seconds: float | None = None) -> list[TileSeries]:
    series = []
    for tile in query.tiles:
        where = f"{query.shown}:{tile.line}"
        sql = (
            f"SELECT date_trunc('month', {ident(tile.time)})::DATE AS month, CAST(({tile.value}) AS DOUBLE) AS value,"
            f" count(*) AS n FROM metrics.{query.name} WHERE {where_sql(tile.where)} GROUP BY ALL ORDER BY month"
        )
        select = single_select(con, sql, where, "a tile's value must make")
        with time_limit(con, where, seconds):
            rows = con.execute(select).fetchall()
        series.append(TileSeries(query, tile, tuple((m, v, int(n)) for m, v, n in rows if m is not None)))
    return series


def active_alerts(con: duckdb.DuckDBPyConnection, query: Query, seconds: float | None = None) -> ActiveAlert | None:
    if query.alert is None:
        return None
    where = f"{query.shown}:{query.alert.line}"
    sql = f"SELECT * FROM metrics.{query.name} WHERE {where_sql(query.alert.where)} ORDER BY ALL"
    select = single_select(con, sql, where, "an alert filter must make")
    with time_limit(con, where, seconds):
        cursor = con.execute(select)
        columns = tuple(d[0] for d in cursor.description or ())
        return ActiveAlert(query, columns, tuple(tuple(r) for r in cursor.fetchall()))
