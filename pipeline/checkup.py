"""`social-health check`: everything that can be verified without loading data or touching the warehouse.

The config, every query's header, checks and references (their order), every query bound against the empty contract
tables (an unknown column is named by file and line), every example test (on an in-memory database), that every file
in the exports folder is a known format, and which pillars the exports present will feed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pipeline import sources
from pipeline.config import Config
from pipeline.coverage import Coverage, coverage_of
from pipeline.errors import ExportError, PipelineError
from pipeline.ingest import SYMLINK_REFUSED, list_export_files
from pipeline.queries.bind import bind_queries
from pipeline.queries.examples import load_example, run_example
from pipeline.queries.graph import closure
from pipeline.queries.header import Query
from pipeline.queries.parameters import from_config
from pipeline.queries.run import ordered_queries
from pipeline.queries.sandbox import single_select
from pipeline.sources.probe import probe_file
from pipeline.sources.skip import skip_reason, skip_reason_from_content
from pipeline.warehouse.connect import Resources, connect_memory


@dataclass
class CheckupReport:
    problems: list[str] = field(default_factory=list)
    queries: int = 0
    examples_passed: list[str] = field(default_factory=list)
    without_example: list[str] = field(default_factory=list)
    formats: Counter[str] = field(default_factory=Counter)  # export format -> files of it in the exports folder
    coverage: Coverage | None = None  # which queries and pillars the exports present feed (rows = export files)


def check_project(config: Config) -> CheckupReport:
    report = CheckupReport()
    if config.exports.is_dir():
        report.problems += _scan_exports(config, report.formats)
    found = _check_queries(config, report)
    if found is not None:
        ordered, graph = found
        failed = bind_queries(config.queries, ordered, graph, from_config(config), Resources.of(config))
        report.problems += failed.values()
        _run_examples(config, ordered, graph, failed, report)
        report.coverage = _coverage(config, ordered, graph, report.formats)
    return report


def _check_queries(config: Config, report: CheckupReport) -> tuple[list[Query], dict[str, set[str]]] | None:
    con = connect_memory(Resources.of(config))
    try:
        ordered, graph = ordered_queries(con, config.queries)
        for query in ordered:
            single_select(con, query.sql, query.shown)
            for check in query.checks:
                if check.kind == "sql":
                    single_select(con, str(check.args), f"{query.shown}:{check.line}", "a sql check must be")
    except PipelineError as exc:
        report.problems.append(str(exc))
        return None
    finally:
        con.close()
    report.queries = len(ordered)
    return ordered, graph


def _run_examples(
    config: Config, ordered: list[Query], graph: dict[str, set[str]], failed: dict[str, str], report: CheckupReport
) -> None:
    """Each query's example test, unless the query (or one it reads) already failed to bind: said once is enough."""
    for query in ordered:
        if not query.example.is_file():
            report.without_example.append(query.name)
            continue
        if closure(query.name, graph) & failed.keys():
            continue
        try:
            problems = run_example(load_example(query), ordered, graph, config.queries, Resources.of(config))
        except PipelineError as exc:
            problems = [str(exc)]
        report.problems += problems
        if not problems:
            report.examples_passed.append(query.name)


def _scan_exports(config: Config, formats: Counter[str]) -> list[str]:
    """Problems with the export files (an unknown format); counts the files of each known format in ``formats``."""
    problems = []
    for path in list_export_files(config.exports):
        if path.is_symlink():
            problems.append(f"{path.relative_to(config.exports)}: {SYMLINK_REFUSED}")
            continue
        if skip_reason(path, config.exports):
            continue
        try:
            probe = sources.pick_sheet(probe_file(path))
        except ExportError as exc:  # a damaged container, a bomb, text in no known encoding
            problems.append(f"{path.relative_to(config.exports)}: {str(exc).split(': ', 1)[-1]}")
            continue
        if skip_reason_from_content(probe):
            continue
        adapter = sources.detect(probe, config)
        if adapter is not None:
            formats[adapter.name] += 1
            continue
        problems.append(f"{path.relative_to(config.exports)}: {sources.unknown_format(probe)}")
    return problems


def exports_coverage(config: Config, formats: Counter[str]) -> Coverage:
    """What export files of ``formats`` (format -> files) will feed, for the config's queries."""
    con = connect_memory(Resources.of(config))
    try:
        ordered, graph = ordered_queries(con, config.queries)
    finally:
        con.close()
    return _coverage(config, ordered, graph, formats)


def _coverage(config: Config, ordered: list[Query], graph: dict[str, set[str]], formats: Counter[str]) -> Coverage:
    """What the exports present will feed: a table counts as filled by the export files of its formats."""
    files: Counter[str] = Counter()
    for adapter in sources.ADAPTERS:
        files[adapter.table] += formats.get(adapter.name, 0)
    con = connect_memory(Resources.of(config))
    try:
        return coverage_of(con, ordered, graph, dict(files))
    finally:
        con.close()
