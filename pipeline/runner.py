"""`social-health run`: execute every query in a locked-down DuckDB session and keep the results.

Query SQL comes from pull requests, so it is untrusted: before any query runs, the session loses file and network
access and its configuration is locked; each query must be one read-only SELECT and gets a wall-clock limit.
Results land in the warehouse's ``metrics`` schema under the query's name.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.config import Config
from pipeline.errors import QueryError
from pipeline.queries import Query, discover
from pipeline.warehouse.connect import connect

QUERY_SECONDS = 120.0
MEMORY_LIMIT = "4GB"


@dataclass(frozen=True)
class QueryResult:
    name: str
    rows: int
    seconds: float


def lock_down(con: duckdb.DuckDBPyConnection, config: Config) -> None:
    """Order matters: variables and limits first, then no external access, then the lock (one-way)."""
    con.execute("SET VARIABLE timezone = ?", [config.timezone])
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute("SET threads = 2")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def run_all(config: Config) -> list[QueryResult]:
    queries = discover(config.queries)
    if not Path(config.warehouse).is_file():
        raise QueryError(config.warehouse, "no warehouse yet; run `social-health ingest` first")
    con = connect(config.warehouse, read_only=False)
    try:
        con.execute("CREATE SCHEMA IF NOT EXISTS metrics")
        lock_down(con, config)
        return [_run_one(con, query, config) for query in queries]
    finally:
        con.close()


def _run_one(con: duckdb.DuckDBPyConnection, query: Query, config: Config) -> QueryResult:
    shown = query.path.relative_to(config.queries.parent)
    statements = con.extract_statements(query.sql)
    if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
        raise QueryError(shown, "must hold exactly one SELECT statement (no SET, COPY, ATTACH, CREATE, ...)")
    timer = threading.Timer(QUERY_SECONDS, con.interrupt)
    started = time.perf_counter()
    timer.start()
    try:
        con.execute(f"CREATE OR REPLACE TABLE metrics.{query.name} AS {statements[0].query}")
    except duckdb.InterruptException:
        raise QueryError(shown, f"stopped after {QUERY_SECONDS:.0f} s; make the query cheaper") from None
    except duckdb.Error as exc:
        raise QueryError(shown, str(exc).strip().splitlines()[0]) from None
    finally:
        timer.cancel()
    count = con.execute(f"SELECT count(*) FROM metrics.{query.name}").fetchone()
    return QueryResult(query.name, int(count[0]) if count else 0, time.perf_counter() - started)
