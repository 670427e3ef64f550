"""`social-health run`: every query, in dependency order, in the sandbox; then every check on the results.

Results land in the warehouse's ``metrics`` schema under the query's name, all in one transaction: a query that fails
leaves the previous results as they were. Then they are written as files with a manifest (``results.py``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipeline.config import Config
from pipeline.coverage import (
    Coverage,
    coverage_of,
    create_pillars_table,
    skip_reason,
    table_rows,
    weights_from,
)
from pipeline.errors import QueryError
from pipeline.queries import incremental
from pipeline.queries.checks import Check
from pipeline.queries.graph import dependencies, reads, run_order
from pipeline.queries.header import Query, discover
from pipeline.queries.parameters import Variable, from_config, resolve
from pipeline.queries.reference import PILLARS_TABLE, load_reference, reference_names
from pipeline.queries.sandbox import (
    ResultLimits,
    check_result,
    lock_down,
    result_limits,
    single_select,
    time_limit,
)
from pipeline.queries.tiles import ActiveAlert, TileSeries, active_alerts, evaluate_tiles
from pipeline.warehouse.connect import Resources, connect
from pipeline.warehouse.schema import ALL_TABLES

SAMPLE_ROWS = 5


@dataclass(frozen=True)
class QueryResult:
    query: Query
    rows: int
    columns: tuple[tuple[str, str], ...]  # (name, DuckDB type)
    seconds: float
    weeks_computed: int | None = None  # an incremental query's weeks computed again; None: computed in full
    how: str = ""  # for an incremental query, how it ran tonight (shown after the run)

    @property
    def name(self) -> str:
        return self.query.name


@dataclass(frozen=True)
class CheckResult:
    query: Query
    check: Check
    bad_rows: int
    columns: tuple[str, ...] = ()
    sample: tuple[tuple[Any, ...], ...] = ()
    skipped: str = ""  # why it did not run: its query's sources are all empty ("no data yet: add ...")

    @property
    def status(self) -> str:
        if self.skipped:
            return "skipped"
        return "passed" if self.bad_rows <= self.check.threshold else "failed"

    @property
    def passed(self) -> bool:
        return self.status == "passed"


@dataclass
class RunReport:
    results: list[QueryResult] = field(default_factory=list)
    checks: list[CheckResult] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    tiles: list[TileSeries] = field(default_factory=list)
    alerts: list[ActiveAlert] = field(default_factory=list)
    coverage: Coverage = field(default_factory=lambda: Coverage({}, {}, {}))

    @property
    def failed_errors(self) -> list[CheckResult]:
        return [c for c in self.checks if c.status == "failed" and c.check.severity == "error"]

    @property
    def skipped(self) -> list[CheckResult]:
        return [c for c in self.checks if c.status == "skipped"]


OnQuery = Callable[[int, int, str], None]  # (index, total, query name): progress while queries run


def readable_tables(queries_dir: Path) -> set[str]:
    """What a query may read besides other queries: the warehouse contract, the reference files and the pillars."""
    return set(ALL_TABLES) | set(reference_names(queries_dir)) | {PILLARS_TABLE}


def ordered_queries(con: duckdb.DuckDBPyConnection, queries_dir: Path) -> tuple[list[Query], dict[str, set[str]]]:
    queries = discover(queries_dir)
    graph = dependencies(con, queries, readable_tables(queries_dir))
    return run_order(queries, graph), graph


def run_all(
    config: Config, overrides: dict[str, Any] | None = None, on_query: OnQuery | None = None, full: bool = False
) -> RunReport:
    if not Path(config.warehouse).is_file():
        discover(config.queries)  # header errors first: they need no data
        raise QueryError(config.warehouse, "no warehouse yet; run `social-health ingest` first")
    con = connect(config.warehouse, Resources.of(config), read_only=False)
    try:
        ordered, graph = ordered_queries(con, config.queries)
        load_reference(con, config.queries)
        con.execute("CREATE SCHEMA IF NOT EXISTS metrics")
        report = RunReport(variables=resolve(con, {**from_config(config), **(overrides or {})}))
        report.coverage = coverage_of(con, ordered, graph, table_rows(con))
        measured = {p for p in report.coverage.pillars if report.coverage.pillar_measured(p)}
        create_pillars_table(con, weights_from({v.name: v.value for v in report.variables}), measured)
        limits = result_limits(con, config.warehouse, config.run)
        plans = _plans(con, config, ordered, report.variables, full)
        lock_down(con, report.variables)
        con.execute("BEGIN TRANSACTION")
        _drop_stale(con, {q.name for q in ordered})
        for index, query in enumerate(ordered):
            if on_query:
                on_query(index, len(ordered), query.name)
            report.results.append(execute(con, query, limits, plans.get(query.name)))
        if on_query:
            on_query(len(ordered), len(ordered), "checks")
        report.checks = [c for q in ordered for c in run_checks(con, q, report.coverage, limits.seconds)]
        report.tiles = [t for q in ordered for t in evaluate_tiles(con, q, limits.seconds)]
        report.alerts = [a for q in ordered if (a := active_alerts(con, q, limits.seconds)) is not None]
        con.execute("COMMIT")
    finally:
        con.close()
    incremental.save(config, list(plans.values()))
    return report


def _plans(
    con: duckdb.DuckDBPyConnection, config: Config, ordered: list[Query], variables: list[Variable], full: bool
) -> dict[str, incremental.Plan]:
    """For each ``incremental`` query, the weeks to compute again (queries/incremental.py); read before the lock."""
    plain = readable_tables(config.queries) - set(ALL_TABLES)
    return {
        q.name: incremental.prepare(con, config, q, reads(con, q) - plain - {q.name}, variables, full)
        for q in ordered
        if q.incremental
    }


def _drop_stale(con: duckdb.DuckDBPyConnection, names: set[str]) -> None:
    """Results of queries that no longer exist go, so the metrics schema mirrors queries/."""
    for (table,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'metrics'").fetchall():
        if table not in names:
            con.execute(f'DROP TABLE metrics."{table}"')


def execute(
    con: duckdb.DuckDBPyConnection,
    query: Query,
    limits: ResultLimits | None = None,
    plan: incremental.Plan | None = None,
) -> QueryResult:
    limits = limits or ResultLimits()
    select = single_select(con, query.sql, query.shown)
    started = time.perf_counter()
    weeks, how = None, ""
    with time_limit(con, query.shown, limits.seconds):
        try:
            if plan is not None and plan.incremental:
                if incremental.compute(con, plan, select, f"metrics.{query.name}"):
                    weeks = plan.weeks
                    how = f"{weeks} week(s) with new, changed or removed mentions computed, the others kept"
                else:
                    how = "computed in full: its rows for those weeks broke the incremental: week promise"
            elif plan is not None:
                how = f"computed in full: {plan.why_full}"
            if weeks is None:
                con.execute(f"CREATE OR REPLACE TABLE metrics.{query.name} AS {select}")
        except duckdb.InterruptException:
            raise  # time_limit says it stopped
        except duckdb.Error as exc:
            raise located(query, select, exc) from None
        rows = check_result(con, f"metrics.{query.name}", query.shown, limits)
    seconds = time.perf_counter() - started
    columns = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'metrics' AND table_name = ?"
        " ORDER BY column_index",
        [query.name],
    ).fetchall()
    return QueryResult(query, rows, tuple((str(n), str(t)) for n, t in columns), seconds, weeks, how)


LINE = re.compile(r"^LINE (\d+):", re.MULTILINE)


def located(query: Query, select: str, exc: duckdb.Error) -> QueryError:
    """DuckDB's error as one line naming the file and the line of the file it points at (its ``LINE n`` counts from
    the statement, which starts after the header)."""
    message = str(exc).strip().splitlines()[0]
    line = LINE.search(str(exc))
    start = query.sql.find(select)
    if line is None or start < 0:
        return QueryError(query.shown, message)
    return QueryError(query.shown, message, query.sql[:start].count("\n") + int(line.group(1)))


def run_checks(
    con: duckdb.DuckDBPyConnection, query: Query, coverage: Coverage | None = None, seconds: float | None = None
) -> list[CheckResult]:
    """The query's checks on its result; all skipped, with what to add, when every table it reads is empty."""
    if coverage is not None and not coverage.measured(query.name):
        reason = skip_reason(coverage.missing(query.name))
        return [CheckResult(query, check, 0, skipped=reason) for check in query.checks]
    results = []
    for check in query.checks:
        where = f"{query.shown}:{check.line}"
        select = single_select(con, check.bad_rows_sql(f"metrics.{query.name}"), where, "a sql check must be")
        with time_limit(con, where, seconds):
            count = con.execute(f"SELECT count(*) FROM ({select})").fetchone()
            cursor = con.execute(f"SELECT * FROM ({select}) LIMIT {SAMPLE_ROWS}")
            columns = tuple(d[0] for d in cursor.description or ())
            sample = tuple(tuple(r) for r in cursor.fetchall())
        results.append(CheckResult(query, check, int(count[0]) if count else 0, columns, sample))
    return results
