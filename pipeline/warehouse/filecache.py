"""What one export file became, kept between ingests, so a file already loaded is not parsed again.

Parsing (reading, redacting, hashing) is nearly all of an ingest's time, and a nightly mostly sees the files it saw
the night before. After a file is loaded, its staged rows and rejects are written as Parquet under
``<build>/ingest-cache/<entry>/`` with what the adapter reported; the next ingest that meets the same file restores
them instead of parsing it. The merge then runs on the same staged rows as a full rebuild would, so the warehouse is
identical either way (``tests/test_incremental.py`` compares every table row by row).

An entry is named by everything that decides its rows: the file's content hash and its name in the warehouse, the
salt (as a hash: the cache never holds it), the config the parse reads (brand handles, roles, time zone, the generic
mentions layout), the source of the code that parses (any change to an adapter, a macro or the privacy pass makes
every entry stale) and the DuckDB version. One thing outside the file moves: a file that states no export date is
checked against the ingest's day, so its entry is kept only while none of its rows was rejected as being later than
that day (a later day could accept them). Entries no ingest used are removed at the end of a successful one.
``social-health ingest --full`` parses everything again and rewrites the cache.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from pipeline.config import Config
from pipeline.escape import literal
from pipeline.warehouse.schema import DATA_TABLES

FORMAT = 1  # bump when the entry's layout changes
# The code whose changes change staged rows: every adapter, the parsing and privacy macros, the tables' contract.
_CODE = ("sources", "warehouse/macros.py", "warehouse/schema.py", "privacy.py", "ingest.py", "escape.py", "config.py")
# What of a file's FileOutcome (ingest.py) an entry keeps: its file name and hash name the entry itself.
OUTCOME_KEYS = {"format", "status", "message", "rows_read", "as_of", "locale", "unknown_columns", "encoding"}
LANGUAGES = "languages.parquet"  # the languages detected for texts (language.py), beside the entries
LATER_THAN_DAY = "% is after %"  # time_problem's reason for a time later than the last plausible day


@dataclass(frozen=True)
class Entry:
    """One file's cached result: where it lives and what the adapter reported."""

    folder: Path
    outcome: dict[str, Any]  # FileOutcome's fields but the file's name and hash (they name the entry)


def cache_dir(config: Config) -> Path:
    return config.warehouse.parent / "ingest-cache"


@cache
def code_version() -> str:
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"{FORMAT} duckdb {duckdb.__version__}".encode())
    for part in _CODE:
        for path in sorted((root / part).rglob("*.py")) if (root / part).is_dir() else [root / part]:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def entry_name(config: Config, salt: str, file: str, sha256: str) -> str:
    """The entry of one file, as a hash of everything that decides its staged rows."""
    parse_config = repr((config.brand, config.timezone, config.mentions_csv))
    salt_digest = hashlib.sha256(b"social-health ingest cache\0" + salt.encode()).hexdigest()
    parts = (code_version(), salt_digest, parse_config, file, sha256)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def find(config: Config, name: str, today: date) -> Entry | None:
    """The entry, when it is complete and still holds for ``today``."""
    folder = cache_dir(config) / name
    try:
        outcome = json.loads((folder / "outcome.json").read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(outcome, dict) or not outcome.keys() >= OUTCOME_KEYS:
        return None  # written by another version: parsed again
    valid_until = outcome.pop("valid_until", None)
    if valid_until is not None and date.fromisoformat(str(valid_until)) != today:
        return None
    return Entry(folder, outcome)


def restore(con: duckdb.DuckDBPyConnection, entry: Entry, file: str) -> None:
    """Put the entry's staged rows and rejects back into the ingest's working tables."""
    for table in DATA_TABLES:
        part = entry.folder / f"stage_{table}.parquet"
        if part.is_file():
            con.execute(
                f"INSERT INTO stage_{table} BY NAME SELECT * REPLACE (? AS _file) FROM read_parquet(?)",
                [file, str(part)],
            )
    rejects = entry.folder / "rejects.parquet"
    if rejects.is_file():
        con.execute(
            "INSERT INTO rejects_stage BY NAME SELECT * REPLACE (? AS file) FROM read_parquet(?)", [file, str(rejects)]
        )


def save(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    name: str,
    file: str,
    outcome: dict[str, object],
    dated: bool,
    today: date,
) -> None:
    """Write one freshly loaded file's staged rows, rejects and outcome as an entry (complete, or not at all)."""
    final = cache_dir(config) / name
    partial = final.with_name(name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for table in DATA_TABLES:
        if _has_rows(con, f"stage_{table}", "_file", file):
            _copy(con, f"SELECT * FROM stage_{table} WHERE _file = ?", file, partial / f"stage_{table}.parquet")
    if _has_rows(con, "rejects_stage", "file", file):
        _copy(con, "SELECT * FROM rejects_stage WHERE file = ?", file, partial / "rejects.parquet")
    later = con.execute(
        "SELECT count(*) FROM rejects_stage WHERE file = ? AND reason LIKE ?", [file, LATER_THAN_DAY]
    ).fetchone()
    # A file without a date of its own, with a row rejected as later than the day after this ingest: tomorrow's
    # ingest could accept that row, so this entry holds for today only.
    valid_until = None if dated or not later or not later[0] else today.isoformat()
    (partial / "outcome.json").write_text(json.dumps({**outcome, "valid_until": valid_until}, default=_json))
    shutil.rmtree(final, ignore_errors=True)
    partial.rename(final)


def prune(config: Config, used: set[str]) -> None:
    """Remove the entries of files this ingest did not meet (removed or changed since)."""
    folder = cache_dir(config)
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.is_dir() and entry.name not in used:
            shutil.rmtree(entry, ignore_errors=True)


def _has_rows(con: duckdb.DuckDBPyConnection, table: str, column: str, file: str) -> bool:
    found = con.execute(f"SELECT EXISTS (SELECT 1 FROM {table} WHERE {column} = ?)", [file]).fetchone()
    return bool(found and found[0])


def _copy(con: duckdb.DuckDBPyConnection, select: str, file: str, path: Path) -> None:
    """``select``'s rows of one file (a name from the exports folder: hostile text, so a parameter) to Parquet."""
    con.execute(f"COPY ({select}) TO {literal(str(path))} (FORMAT parquet, COMPRESSION zstd)", [file])


def _json(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")
