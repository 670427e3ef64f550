"""Query results as files: ``<build>/results/<name>.parquet`` (and ``.csv`` for aggregates), and ``manifest.json``.

The manifest (query, rows, columns, checksum, run time, checks, variables, and the coverage: which tables have rows
and which tables each query reads) is what the site reads and what two runs are compared by. The files are written
by DuckDB in a session as locked as the queries' (sandbox.lock_for_files): the result's column names come from a
pull request, so they reach SQL only through ``escape.ident``, the COPY must be one statement, and the one folder it
can write is the fresh one that replaces the old results only when complete.
A CSV is for aggregates a person opens in a spreadsheet (its cells neutralised against formulas); a result with one
row per mention or message, or of more than ``CSV_MAX_ROWS`` rows, is written as Parquet only.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from pipeline.config import Config
from pipeline.escape import csv_cell_sql, ident, literal
from pipeline.queries.run import CheckResult, QueryResult, RunReport
from pipeline.queries.sandbox import lock_for_files, result_limits, single_statement, time_limit
from pipeline.queries.tiles import ActiveAlert, TileSeries
from pipeline.warehouse.connect import Resources, connect

MANIFEST = "manifest.json"
CSV_MAX_ROWS = 100_000
# A grain naming one record (the header's `grain: mention`) means a row per record: too many rows for a spreadsheet.
RECORD_GRAINS = ("mention", "message", "post", "order", "customer", "person", "session", "event")


def results_dir(config: Config) -> Path:
    return config.build / "results"


def write_results(config: Config, report: RunReport) -> Path:
    target = results_dir(config)
    building = target.with_name(target.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    try:
        return _write_all(config, report, building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)  # half-written; on a full disk, the space is needed back
        raise


def _write_all(config: Config, report: RunReport, building: Path, target: Path) -> Path:
    con = connect(config.warehouse, Resources.of(config), read_only=True)
    try:
        seconds = result_limits(con, config.warehouse, config.run).seconds
        lock_for_files(con, building)
        queries = [_write(con, building, result, seconds) for result in report.results]
    finally:
        con.close()
    manifest = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "variables": {v.name: jsonable(v.value) for v in report.variables},
        "queries": queries,
        "checks": [_check(c) for c in report.checks],
        "coverage": report.coverage.to_json(),
        "tiles": [_tile(t) for t in report.tiles],
        "alerts": [_alert(a) for a in report.alerts],
    }
    (building / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    building.rename(target)
    return target


def writes_csv(result: QueryResult) -> bool:
    """CSVs are for aggregates: not for a result with a row per mention, message or order (its grain says so)."""
    grain = result.query.grain.strip().lower()
    return result.rows <= CSV_MAX_ROWS and not grain.startswith(RECORD_GRAINS)


def _write(con: duckdb.DuckDBPyConnection, folder: Path, result: QueryResult, seconds: float) -> dict[str, Any]:
    shown = result.query.shown
    table = f"metrics.{ident(result.name)} AS t"
    order = ", ".join(f"t.{ident(c)}" for c, _ in result.columns) or "ALL"
    parquet = folder / f"{result.name}.parquet"
    copy_to(con, f"SELECT * FROM {table} ORDER BY {order}", parquet, "FORMAT parquet", shown, seconds)
    csv = None
    if writes_csv(result):
        csv = folder / f"{result.name}.csv"
        select = f"SELECT {csv_columns(result.columns)} FROM {table} ORDER BY {order}"
        copy_to(con, select, csv, "HEADER", shown, seconds)
    return {
        "name": result.name,
        "file": shown.as_posix(),
        "title": result.query.title,
        "rows": result.rows,
        "columns": [{"name": n, "type": t} for n, t in result.columns],
        "csv": csv.name if csv else None,
        "sha256": _sha256(parquet),
        "seconds": round(result.seconds, 3),
    }


def _sha256(path: Path) -> str:
    """Read in chunks: a result with a row per mention can be larger than the memory Python should hold."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def csv_columns(columns: Sequence[tuple[str, str]]) -> str:
    """The select list of a CSV download: text cells that a spreadsheet would run as formulas neutralised."""
    return ", ".join(
        f"{csv_cell_sql('t.' + ident(name))} AS {ident(name)}" if kind == "VARCHAR" else f"t.{ident(name)}"
        for name, kind in columns
    )


def copy_to(
    con: duckdb.DuckDBPyConnection,
    select: str,
    path: Path,
    options: str,
    shown: Path | str,
    seconds: float | None = None,
) -> None:
    """``COPY (select) TO path``, as one statement, under the queries' time limit (``ResultLimits.seconds``)."""
    sql = single_statement(
        con, f"COPY ({select}) TO {literal(str(path))} ({options})", duckdb.StatementType.COPY, shown
    )
    with time_limit(con, shown, seconds):
        con.execute(sql)


def _check(result: CheckResult) -> dict[str, Any]:
    return {
        "query": result.query.name,
        "file": f"{result.query.shown.as_posix()}:{result.check.line}",
        "check": result.check.label,
        "severity": result.check.severity,
        "threshold": result.check.threshold,
        "bad_rows": None if result.skipped else result.bad_rows,
        "status": result.status,  # passed, failed, or skipped (its sources are all empty: `skipped` says what to add)
        "passed": result.passed,
        "skipped": result.skipped or None,
        "sample": {"columns": list(result.columns), "rows": [[jsonable(v) for v in r] for r in result.sample]},
    }


def _tile(series: TileSeries) -> dict[str, Any]:
    tile = series.tile
    return {
        "query": series.query.name,
        "label": tile.label,
        "value": tile.value,
        "format": tile.format,
        "where": dict(tile.where),
        "higher_is_better": tile.higher_is_better,
        "months": [[m.isoformat(), v, n] for m, v, n in series.months],
    }


def _alert(alert: ActiveAlert) -> dict[str, Any]:
    return {
        "query": alert.query.name,
        "title": alert.query.title,
        "columns": list(alert.columns),
        "rows": [[jsonable(v) for v in row] for row in alert.rows],
    }


def jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def check_failed(check: dict[str, Any]) -> bool:
    """Whether a manifest's check failed: its status says so, or it did not pass and was not skipped."""
    return check.get("status") == "failed" or (check.get("status") != "skipped" and not check.get("passed"))


def load_manifest(config: Config) -> dict[str, Any] | None:
    path = results_dir(config) / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
