"""Query results as files: ``<build>/results/<name>.parquet`` and ``.csv``, and ``manifest.json`` describing them.

The manifest (query, rows, columns, checksum, run time, checks, variables) is what the site reads and what two runs
are compared by. Files are written by trusted code after the sandboxed session closed, into a fresh folder that
replaces the old one only when complete.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pipeline.config import Config
from pipeline.queries.run import CheckResult, RunReport
from pipeline.queries.tiles import ActiveAlert, TileSeries
from pipeline.warehouse.connect import connect

MANIFEST = "manifest.json"


def results_dir(config: Config) -> Path:
    return config.build / "results"


def write_results(config: Config, report: RunReport) -> Path:
    target = results_dir(config)
    building = target.with_name(target.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    con = connect(config.warehouse, read_only=True)
    queries = []
    try:
        for result in report.results:
            table = f"metrics.{result.name}"
            order = ", ".join(f'"{c}"' for c, _ in result.columns) or "ALL"
            csv = building / f"{result.name}.csv"
            con.execute(f"COPY (SELECT * FROM {table} ORDER BY {order}) TO '{csv}' (HEADER, DELIMITER ',')")
            con.execute(
                f"COPY (SELECT * FROM {table} ORDER BY {order}) TO '{building / result.name}.parquet' (FORMAT parquet)"
            )
            queries.append(
                {
                    "name": result.name,
                    "file": result.query.shown.as_posix(),
                    "title": result.query.title,
                    "rows": result.rows,
                    "columns": [{"name": n, "type": t} for n, t in result.columns],
                    "sha256": hashlib.sha256(csv.read_bytes()).hexdigest(),
                    "seconds": round(result.seconds, 3),
                }
            )
    finally:
        con.close()
    manifest = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "variables": {v.name: jsonable(v.value) for v in report.variables},
        "queries": queries,
        "checks": [_check(c) for c in report.checks],
        "tiles": [_tile(t) for t in report.tiles],
        "alerts": [_alert(a) for a in report.alerts],
    }
    (building / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    building.rename(target)
    return target


def _check(result: CheckResult) -> dict[str, Any]:
    return {
        "query": result.query.name,
        "file": f"{result.query.shown.as_posix()}:{result.check.line}",
        "check": result.check.label,
        "severity": result.check.severity,
        "threshold": result.check.threshold,
        "bad_rows": result.bad_rows,
        "passed": result.passed,
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


def load_manifest(config: Config) -> dict[str, Any] | None:
    path = results_dir(config) / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
