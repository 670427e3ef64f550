"""One writer of the warehouse at a time: `ingest` and `run` hold an exclusive lock on a file beside it.

The lock is the kernel's (``flock``): it goes with the process that held it, so a run that was killed or crashed
never leaves a lock behind that blocks the next one. The holder writes its pid and command into the file, so the one
turned away can say who is running.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import WarehouseBusy


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


@contextmanager
def warehouse_lock(warehouse: Path, command: str) -> Iterator[None]:
    """Hold the warehouse's lock while ``command`` (ingest, run) writes it; WarehouseBusy when another one does."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WarehouseBusy(_busy_message(path, warehouse, command)) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {command}\n".encode())
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the lock


def _busy_message(path: Path, warehouse: Path, command: str) -> str:
    try:
        pid, _, holder = path.read_text(encoding="utf-8").strip().partition(" ")
    except OSError:
        pid, holder = "", ""
    who = f"another `social-health {holder}`" if holder in ("ingest", "run") else "another ingest or run"
    which = f"pid {pid}" if pid.isdigit() else "pid not known yet"
    return f"{warehouse}: {who} is running ({which}); wait for it to finish, then run `social-health {command}` again"
