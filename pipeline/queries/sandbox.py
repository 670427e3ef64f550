"""The locked-down DuckDB session untrusted query SQL runs in.

Query SQL comes from pull requests. Before any of it runs, the session gets its variables and limits, loses file,
network and extension access, and its configuration is locked (one way: nothing can unlock it). Each query must be
one read-only SELECT and gets a wall-clock limit, enforced by interrupting the connection.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipeline.errors import QueryError
from pipeline.queries.parameters import Variable, set_variables

QUERY_SECONDS = 120.0
MEMORY_LIMIT = "4GB"
THREADS = 2


def lock_down(con: duckdb.DuckDBPyConnection, variables: list[Variable]) -> None:
    """Order matters: variables and limits first, then no external access, then the lock."""
    set_variables(con, variables)
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute(f"SET threads = {THREADS}")
    for schema in ("metrics", "reference"):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    con.execute("SET search_path = 'main,metrics,reference'")  # queries name results and reference data plainly
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
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


@contextmanager
def time_limit(con: duckdb.DuckDBPyConnection, shown: Path | str, seconds: float | None = None) -> Iterator[None]:
    """Interrupt the connection after ``seconds`` (default QUERY_SECONDS); errors become one line naming the file."""
    seconds = QUERY_SECONDS if seconds is None else seconds
    timer = threading.Timer(seconds, con.interrupt)
    timer.start()
    try:
        yield
    except duckdb.InterruptException:
        raise QueryError(shown, f"stopped after {seconds:g} s; make the query cheaper") from None
    except duckdb.Error as exc:
        raise QueryError(shown, str(exc).strip().splitlines()[0]) from None
    finally:
        timer.cancel()
