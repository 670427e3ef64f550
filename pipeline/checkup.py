"""`social-health check`: everything that can be verified without loading data or touching the warehouse.

The config, every query's header, checks and references (their order), every example test (on an in-memory
database) and that every file in the exports folder is a known format.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from pipeline import sources
from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.ingest import list_export_files
from pipeline.queries.examples import load_example, run_example
from pipeline.queries.run import ordered_queries
from pipeline.queries.sandbox import single_select
from pipeline.sources.probe import probe_file
from pipeline.sources.skip import skip_reason, skip_reason_from_content


@dataclass
class CheckupReport:
    problems: list[str] = field(default_factory=list)
    queries: int = 0
    examples_passed: list[str] = field(default_factory=list)
    without_example: list[str] = field(default_factory=list)


def check_project(config: Config) -> CheckupReport:
    report = CheckupReport()
    _check_queries(config, report)
    if config.exports.is_dir():
        report.problems += _unknown_exports(config)
    return report


def _check_queries(config: Config, report: CheckupReport) -> None:
    con = duckdb.connect(":memory:")
    try:
        ordered, graph = ordered_queries(con, config.queries)
        for query in ordered:
            single_select(con, query.sql, query.shown)
            for check in query.checks:
                if check.kind == "sql":
                    single_select(con, str(check.args), f"{query.shown}:{check.line}", "a sql check must be")
    except PipelineError as exc:
        report.problems.append(str(exc))
        return
    finally:
        con.close()
    report.queries = len(ordered)
    for query in ordered:
        if not query.example.is_file():
            report.without_example.append(query.name)
            continue
        try:
            problems = run_example(load_example(query), ordered, graph, config.queries)
        except PipelineError as exc:
            problems = [str(exc)]
        report.problems += problems
        if not problems:
            report.examples_passed.append(query.name)


def _unknown_exports(config: Config) -> list[str]:
    problems = []
    for path in list_export_files(config.exports):
        if skip_reason(path, config.exports):
            continue
        probe = sources.pick_sheet(probe_file(path))
        if skip_reason_from_content(probe) or sources.detect(probe, config):
            continue
        nearest = "; ".join(sources.nearest_formats(probe))
        problems.append(f"{path.relative_to(config.exports)}: not a known export format (nearest: {nearest})")
    return problems
