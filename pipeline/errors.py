"""One error hierarchy for the whole pipeline.

Every error a user can cause is a ``PipelineError`` whose message is one complete sentence naming the file, line or
key and saying what to do. ``cli.py`` is the only place that turns these into an exit code; anything else that
escapes is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class PipelineError(Exception):
    """Root of every user-facing error."""


class ConfigError(PipelineError):
    """The config file is missing, unreadable or has a wrong key or value."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        super().__init__(f"{path}: {message}")


class ExportError(PipelineError):
    """An export file cannot be loaded as a whole (unknown format, missing column, unreadable)."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        super().__init__(f"{path}: {message}")


class IngestIncomplete(PipelineError):
    """Some export files could not be loaded; the others were."""

    def __init__(self, failures: list[ExportError]) -> None:
        self.failures = failures
        files = ", ".join(str(f.path) for f in failures)
        super().__init__(f"{len(failures)} export file(s) could not be loaded ({files}); see the lines above")


class NothingLoaded(PipelineError):
    """Not one export file could be loaded: the previous warehouse is kept, so the last report stands."""

    def __init__(self, failures: list[ExportError]) -> None:
        self.failures = failures
        files = ", ".join(str(f.path) for f in failures)
        super().__init__(
            f"none of the export files could be loaded ({files}); the previous warehouse is kept. Fix or remove "
            "them (the lines above say why) and run `social-health ingest` again"
        )


class WarehouseBusy(PipelineError):
    """Another `ingest` or `run` holds the warehouse's lock."""


class DiskFull(PipelineError):
    """The disk filled up while the warehouse or the results were written; the previous ones are kept."""


class QueryError(PipelineError):
    """A query file has a bad header, is not a single SELECT, or fails when it runs."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}")


class ChecksFailed(PipelineError):
    """Query results were stored, but at least one check of severity error failed."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} check(s) of severity error failed (listed above); fix the data or the query")


class BuildError(PipelineError):
    """The site could not be built or published."""


class ExportStoreError(PipelineError):
    """The object store holding the exports cannot be listed or read (bad URL, credentials, network)."""


class DiffError(PipelineError):
    """The metric diff cannot compare against the given git revision."""


class DiffFileError(PipelineError):
    """A metric diff's JSON (a pull request run's artifact) is not JSON, too large, or not the diff's schema."""


class GitHubError(PipelineError):
    """A GitHub job summary or alert issue cannot be written."""
