"""A full disk while the warehouse or the results are written: one line naming the folder and the space needed.

Python says ENOSPC; DuckDB says it in an IO, transaction (at commit) or, once the database gave up, fatal error:
'Could not write file "...": No space left on device'. Only those error kinds count, and what the message quotes is
removed first: a file name or a cell value of an export could spell the same words.
"""

from __future__ import annotations

import errno
import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipeline.errors import DiskFull

NO_SPACE = re.compile(r"no space left on device|disk is full|not enough (free )?(disk )?space", re.IGNORECASE)
QUOTED = re.compile(r'"[^"]*"|\'[^\']*\'')
# "Failed to commit: Could not write file ...": a transaction's commit is where DuckDB writes its log.
DUCKDB_WRITE_ERRORS = (
    duckdb.IOException,
    duckdb.TransactionException,
    duckdb.FatalException,
    duckdb.OutOfMemoryException,
)


def is_disk_full(exc: BaseException | None) -> bool:
    """Whether ``exc``, or an error it was raised from, is the disk being full."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if isinstance(exc, DUCKDB_WRITE_ERRORS) and (
            NO_SPACE.search(QUOTED.sub("", str(exc))) or _errno_of(str(exc)) in (errno.ENOSPC, errno.EDQUOT)
        ):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _errno_of(message: str) -> int | None:
    """The errno of a DuckDB write error that carries its details as JSON (``Async write failed for range …:
    {"exception_type":"IO", …, "errno":"28"}``, as a COPY to Parquet reports a full disk). Read as JSON, so a file
    name quoted in it cannot pose as the field."""
    start = message.find("{")
    try:
        details = json.loads(message[start:]) if start >= 0 else None
    except ValueError:
        return None
    value = details.get("errno") if isinstance(details, dict) else None
    return int(value) if isinstance(value, str | int) and str(value).isdigit() else None


def size_of(path: Path) -> int:
    """Bytes in a file, or in every file under a folder; 0 when it is not there."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else 0


def readable_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


@contextmanager
def disk_full_said(folder: Path, needed: int, kept: str, command: str) -> Iterator[None]:
    """Turn a full disk while writing into ``folder`` into one line: the folder, its free space, about how much
    ``command`` needs (``needed``: the size of what it wrote last time, 0 when unknown) and what was kept."""
    try:
        yield
    except BaseException as exc:
        if not is_disk_full(exc):
            raise
        where = Path(exc.filename).parent if isinstance(exc, OSError) and exc.filename else folder
        free = readable_size(shutil.disk_usage(where if where.is_dir() else folder).free)
        need = f"; it needs about {readable_size(needed)} (as much as last time)" if needed else ""
        raise DiskFull(
            f"{where}: the disk is full ({free} free){need}; free some space there and run `social-health "
            f"{command}` again ({kept})"
        ) from None
