"""The locked-down DuckDB sessions that untrusted query SQL, and everything touching its results, run in.

Query SQL comes from pull requests, and so do the names in its results (aliases become column names). Before any of
it runs, the session gets its variables and limits, loses file, network and extension access, and its configuration
is locked (one way: nothing can unlock it), with the memory limit and spill folder it was opened with
(warehouse/connect.py). Each query must be one read-only SELECT and gets a wall-clock limit, enforced by interrupting
the connection. The sessions that write results to files (``results.py``) and read them for the site
(``website/build.py``) are locked the same way, with one folder left writable: even a bug in how their SQL is composed
could not reach any other file.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.config import RunSettings
from pipeline.errors import QueryError
from pipeline.escape import literal
from pipeline.queries.parameters import Variable, set_variables

# A query's wall-clock limit: by default 120 s plus 60 s per million rows of the largest warehouse table. It stops
# runaway SQL (a cross join) without failing a big brand's honest query: the slowest, the word-of-mouth classifier
# (queries/word_of_mouth/mention_classes.sql), does per-mention text work and takes about 6 minutes for 10 million
# mentions on 2 cores, so 36 s per million; 60 s is that with room for a slower or busier runner (720 s at 10 M).
QUERY_SECONDS = 120.0
SECONDS_PER_MILLION_ROWS = 60.0
THREADS = 2
MB = 1 << 20
# A result's size: by default at most twice the rows of the largest warehouse table and four times the warehouse's
# bytes, each plus an allowance, so an honest query (one row per mention, at most) never meets it whatever the
# brand's size, and a runaway one (a cross join, a string repeated) stops before it fills a disk.
ROW_ALLOWANCE = 1_000_000
BYTE_ALLOWANCE = 1 << 30
COLUMN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


@dataclass(frozen=True)
class ResultLimits:
    """A query's limits: its result's rows and bytes, and the seconds it (and each check, tile, file) may take."""

    rows: int = ROW_ALLOWANCE
    bytes: int = BYTE_ALLOWANCE
    seconds: float = QUERY_SECONDS


def result_limits(con: duckdb.DuckDBPyConnection, warehouse: Path, settings: RunSettings) -> ResultLimits:
    """The config's limits, else defaults that grow with the warehouse (see ROW_ALLOWANCE and QUERY_SECONDS)."""
    largest = con.execute("SELECT coalesce(max(estimated_size), 0) FROM duckdb_tables() WHERE schema_name = 'main'")
    largest_rows = int((largest.fetchone() or (0,))[0])
    size = BYTE_ALLOWANCE + 4 * (warehouse.stat().st_size if warehouse.is_file() else 0)
    return ResultLimits(
        rows=settings.max_result_rows or ROW_ALLOWANCE + 2 * largest_rows,
        bytes=settings.max_result_mb * MB if settings.max_result_mb else size,
        seconds=settings.query_seconds or query_seconds(largest_rows),
    )


def query_seconds(largest_rows: int) -> float:
    """The default time limit for a warehouse whose largest table has ``largest_rows`` rows (see QUERY_SECONDS)."""
    return QUERY_SECONDS + math.ceil(SECONDS_PER_MILLION_ROWS * largest_rows / 1_000_000)


def check_result(con: duckdb.DuckDBPyConnection, table: str, shown: Path | str, limits: ResultLimits) -> int:
    """Refuse a result whose column names are not plain names, or that is over the limits; returns its rows."""
    columns = [d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description or ()]
    for name in columns:
        if not COLUMN_NAME.match(name):
            shown_name = name if len(name) <= 40 else name[:40] + "…"
            raise QueryError(
                shown, f"result column {shown_name!r} is not a plain name (letters, digits, _): name it with AS"
            )
    rows = int((con.execute(f"SELECT count(*) FROM {table}").fetchone() or (0,))[0])
    if rows > limits.rows:
        raise QueryError(
            shown,
            f"returned {rows:,} rows, over the limit of {limits.rows:,}; aggregate the rows,"
            " or raise run.max_result_rows in the config",
        )
    if columns:
        # The result's size as text, measured in SQL without fetching it: cells plus a separator each.
        lengths = con.execute(f"SELECT sum(coalesce(strlen(CAST(COLUMNS(*) AS VARCHAR)), 0)) FROM {table}").fetchone()
        size = sum(int(n or 0) for n in lengths or ()) + rows * len(columns)
        if size > limits.bytes:
            raise QueryError(
                shown,
                f"returned about {size // MB:,} MB, over the limit of {limits.bytes // MB:,} MB;"
                " return fewer or smaller columns, or raise run.max_result_mb in the config",
            )
    return rows


def lock_down(con: duckdb.DuckDBPyConnection, variables: list[Variable]) -> None:
    """Order matters: variables and limits first, then no external access, then the lock."""
    set_variables(con, variables)
    for schema in ("metrics", "reference"):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    con.execute("SET search_path = 'main,metrics,reference'")  # queries name results and reference data plainly
    _close(con, writable=None)


def lock_for_files(con: duckdb.DuckDBPyConnection, writable: Path) -> None:
    """The session that writes or reads results: as locked as the queries', files only inside ``writable``."""
    writable.mkdir(parents=True, exist_ok=True)
    _close(con, writable)


def lock_for_reading(con: duckdb.DuckDBPyConnection) -> None:
    """A session comparing results (``diff``): as locked as the queries', with no file access at all."""
    _close(con, writable=None)


def _close(con: duckdb.DuckDBPyConnection, writable: Path | None) -> None:
    # memory_limit, temp_directory and max_temp_directory_size are the opener's (warehouse/connect.py): locked below.
    con.execute(f"SET threads = {THREADS}")
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    if writable is not None:
        con.execute(f"SET allowed_directories = [{literal(str(writable.resolve()) + '/')}]")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def single_select(con: duckdb.DuckDBPyConnection, sql: str, shown: Path | str, what: str = "must hold") -> str:
    """The one SELECT in ``sql``; anything else (several statements, SET, COPY, ATTACH, DDL) is refused."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(shown, f"is not valid SQL: {str(exc).strip().splitlines()[0]}") from None
    if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
        raise QueryError(shown, f"{what} exactly one SELECT statement (no SET, COPY, ATTACH, CREATE, ...)")
    return str(statements[0].query)


def single_statement(con: duckdb.DuckDBPyConnection, sql: str, kind: duckdb.StatementType, shown: Path | str) -> str:
    """SQL the pipeline composed around names a query chose: exactly one statement of ``kind``, or it is refused.

    Names go through ``escape.ident``, so this cannot fail; it is the second lock on the same door."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error:
        statements = []
    if len(statements) != 1 or statements[0].type != kind:
        raise QueryError(shown, "its result's column names break the SQL that writes it; rename them with AS")
    return sql


@contextmanager
def time_limit(con: duckdb.DuckDBPyConnection, shown: Path | str, seconds: float | None = None) -> Iterator[None]:
    """Interrupt the connection after ``seconds`` (default QUERY_SECONDS; the run's: ``ResultLimits.seconds``);
    errors become one line naming the file."""
    seconds = QUERY_SECONDS if seconds is None else seconds
    timer = threading.Timer(seconds, con.interrupt)
    timer.start()
    try:
        yield
    except duckdb.InterruptException:
        raise QueryError(
            shown,
            f"stopped after {seconds:g} s (the limit for this warehouse); make the query cheaper,"
            " or raise run.query_seconds in the config",
        ) from None
    except duckdb.Error as exc:
        raise QueryError(shown, str(exc).strip().splitlines()[0]) from None
    finally:
        timer.cancel()
