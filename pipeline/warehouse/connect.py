"""Open DuckDB the way the pipeline needs it: UTC session, no implicit extension downloads, bounded memory.

Every DuckDB session of the pipeline is opened here, so every one holds at most the config's ``memory_limit`` and
spills what does not fit to its own folder under ``<build>/duckdb-tmp/`` (DuckDB makes that folder when it first
spills and removes it when the session closes). The sandbox (queries/sandbox.py) then locks these settings.
An in-memory session before the build folder exists (`check` makes none) spills to the system's temporary folder.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.config import DEFAULT_MEMORY_LIMIT, Config
from pipeline.errors import PipelineError

SPILL_FOLDER = "duckdb-tmp"
MEMORY = ":memory:"
# A session may spill at most half the disk's free space, so the warehouse it writes, the results and the site
# still have room (DuckDB's own default is 90 %).
SPILL_SHARE = 0.5
_memory_sessions = itertools.count()


@dataclass(frozen=True)
class Resources:
    """What a DuckDB session may use: memory, and the folder it spills under (``spill``). None: the system's
    temporary folder, for the small in-memory sessions of a function called without a project (tests)."""

    memory_limit: str = DEFAULT_MEMORY_LIMIT
    spill: Path | None = None

    @classmethod
    def of(cls, config: Config) -> Resources:
        return cls(config.memory_limit, config.build / SPILL_FOLDER)


NO_PROJECT = Resources()  # the default memory limit, the system's temporary folder: a function called outside a project


def connect(path: Path | str, resources: Resources, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if read_only and not Path(path).is_file():
        raise PipelineError(f"{path}: no warehouse yet; run `social-health ingest` first")
    settings: dict[str, str | bool | int | float | list[str]] = {
        "autoinstall_known_extensions": False,
        "allow_community_extensions": False,
        "memory_limit": resources.memory_limit,
    }
    spill = spill_folder(path, resources.spill)
    settings["temp_directory"] = str(spill)
    try:
        con = duckdb.connect(str(path), read_only=read_only, config=settings)
    except duckdb.IOException as exc:
        raise PipelineError(f"{path}: cannot open the warehouse ({exc}); is another run using it?") from None
    con.execute("SET TimeZone = 'UTC'")
    # Set after opening: a value that changes with the free space would make a second session of the same file
    # "a different configuration", which DuckDB refuses.
    spill_bytes = int(shutil.disk_usage(spill.parent).free * SPILL_SHARE)
    con.execute(f"SET max_temp_directory_size = '{spill_bytes >> 20}MiB'")
    return con


def connect_memory(resources: Resources) -> duckdb.DuckDBPyConnection:
    """An in-memory session (examples, binding, the classifier's corpus, diffs), with the same limits."""
    return connect(MEMORY, resources)


def spill_folder(path: Path | str, folder: Path | None) -> Path:
    """The session's own spill folder: by the database file's name (every session of one file shares its instance),
    or one per in-memory session, so closing one never deletes what another spilled. Its parent is made here; DuckDB
    makes the folder itself only when it spills."""
    memory = str(path) == MEMORY
    if folder is None or (memory and not folder.parent.is_dir()):
        folder = Path(tempfile.gettempdir()) / "social-health-duckdb"
    folder.mkdir(parents=True, exist_ok=True)
    if memory:
        return folder / f"memory-{os.getpid()}-{next(_memory_sessions)}"
    return folder / Path(path).name
