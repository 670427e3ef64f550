"""The pipeline's steps as the commands run them: with progress while they work and their summary when done.

`cli.py` (each command) and `serve.py` (each rebuild) call these; a PipelineError is left to the caller to speak.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline import console, privacy
from pipeline.config import Config
from pipeline.errors import ChecksFailed, IngestIncomplete


def salt_for(config: Config) -> str:
    return privacy.DEMO_SALT if config.demo else privacy.salt_from_env()


def do_ingest(config: Config, wide: bool = False) -> None:
    from pipeline.ingest import exports_to_load, ingest

    exports_to_load(config)  # the folder and its files first: a wrong folder is said before a missing secret
    salt = salt_for(config)
    with console.file_progress("Loading exports") as on_file:
        report = ingest(config, salt, on_file)
    console.ingest_summary(report, wide)
    if report.failures:
        raise IngestIncomplete(report.failures)


def do_run(config: Config, overrides: dict[str, Any] | None = None, wide: bool = False) -> None:
    from pipeline.queries.results import write_results
    from pipeline.queries.run import run_all

    with console.file_progress("Running queries") as on_query:
        report = run_all(config, overrides, on_query)
    folder = write_results(config, report)
    console.query_summary(report, folder, wide)
    if report.failed_errors:
        raise ChecksFailed(len(report.failed_errors))


def do_build(config: Config) -> Path:
    from pipeline.website.build import build_site

    with console.file_progress("Building the site") as on_step:
        site = build_site(config, on_step)
    console.out.print(f"Site built: {site}/index.html")
    return site
