"""The pipeline's steps as the commands run them: with progress while they work and their summary when done.

`cli.py` (each command) and `serve.py` (each rebuild) call these; a PipelineError is left to the caller to speak.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline import console, privacy
from pipeline.config import Config
from pipeline.diskspace import disk_full_said, size_of
from pipeline.errors import ChecksFailed, IngestIncomplete, NothingLoaded
from pipeline.warehouse.lock import warehouse_lock


def salt_for(config: Config) -> str:
    return privacy.DEMO_SALT if config.demo else privacy.salt_from_env()


def do_ingest(config: Config, wide: bool = False, strict: bool | None = None, full: bool = False) -> None:
    """Load the exports under the warehouse's lock. A file that fails or is unknown is listed and the others load
    (exit 0), unless ``strict`` (default: the config's ``ingest.strict``); when not one file loads, the previous
    warehouse is kept and the ingest fails either way."""
    from pipeline.ingest import exports_to_load, ingest

    exports_to_load(config)  # the folder and its files first: a wrong folder is said before a missing secret
    salt = salt_for(config)
    strict = config.ingest_strict if strict is None else strict
    kept = "the previous warehouse is kept" if config.warehouse.is_file() else "no warehouse was written"
    with (
        warehouse_lock(config.warehouse, "ingest"),
        disk_full_said(config.warehouse.parent, size_of(config.warehouse), kept, "ingest"),
        console.file_progress("Loading exports") as on_file,
    ):
        report = ingest(config, salt, on_file, keep_when_nothing_loaded=True, full=full)
    console.ingest_summary(report, wide, strict)
    if report.nothing_loaded:
        raise NothingLoaded(report.failures)
    if report.failures and strict:
        raise IngestIncomplete(report.failures)


def do_run(config: Config, overrides: dict[str, Any] | None = None, wide: bool = False, full: bool = False) -> None:
    """Run the queries and write their results under the warehouse's lock: an ingest cannot swap the warehouse
    under a run, nor two runs write the results at once."""
    from pipeline.queries.results import results_dir, write_results
    from pipeline.queries.run import run_all

    results = results_dir(config)
    kept = "the previous results are kept" if results.is_dir() else "no results were written"
    with warehouse_lock(config.warehouse, "run"):
        with (
            disk_full_said(config.warehouse.parent, 0, kept, "run"),
            console.file_progress("Running queries") as on_query,
        ):
            report = run_all(config, overrides, on_query, full)
        with disk_full_said(results.parent, size_of(results), kept, "run"):
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
