"""`social-health check`: everything that can be verified without loading data or touching the warehouse."""

from __future__ import annotations

from pipeline import sources
from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.ingest import list_export_files
from pipeline.queries import discover
from pipeline.sources.probe import probe_file
from pipeline.sources.skip import skip_reason, skip_reason_from_content


def check_project(config: Config) -> list[str]:
    problems: list[str] = []
    try:
        discover(config.queries)
    except PipelineError as exc:
        problems.append(str(exc))
    if config.exports.is_dir():
        problems += _unknown_exports(config)
    return problems


def _unknown_exports(config: Config) -> list[str]:
    problems = []
    for path in list_export_files(config.exports):
        if skip_reason(path, config.exports):
            continue
        probe = probe_file(path)
        if skip_reason_from_content(probe) or sources.detect(probe):
            continue
        nearest = "; ".join(sources.nearest_formats(probe))
        problems.append(f"{path.relative_to(config.exports)}: not a known export format (nearest: {nearest})")
    return problems
