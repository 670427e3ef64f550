"""Which tables a query reads, and the order that runs every query after the ones it reads.

References are read from DuckDB's own parser (``json_serialize_sql``), so whatever DuckDB accepts is understood
exactly as DuckDB will run it; common table expressions are the query's own and do not count.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from typing import Any

import duckdb

from pipeline.errors import QueryError
from pipeline.queries.header import Query
from pipeline.queries.sandbox import single_select

SCHEMAS = ("main", "metrics", "reference")  # the only schemas a query may name


def references(con: duckdb.DuckDBPyConnection, sql: str, query: Query) -> set[str]:
    """Names of the tables ``sql`` reads, CTEs excluded; a parse error names the file."""
    row = con.execute("SELECT json_serialize_sql(?)", [sql]).fetchone()
    tree = json.loads(row[0]) if row else {"error": True, "error_message": "empty"}
    if tree.get("error"):
        message = str(tree.get("error_message", "cannot be parsed")).strip().splitlines()[0]
        raise QueryError(query.shown, f"is not valid SQL: {message}")
    tables: set[str] = set()
    ctes: set[str] = set()
    _walk(tree, tables, ctes, query)
    return tables - ctes


def _walk(node: Any, tables: set[str], ctes: set[str], query: Query) -> None:
    if isinstance(node, dict):
        if node.get("type") == "BASE_TABLE":
            schema = node.get("schema_name") or ""
            if (node.get("catalog_name") or "") or (schema and schema not in SCHEMAS):
                where = ".".join(p for p in (node.get("catalog_name"), schema, node["table_name"]) if p)
                raise QueryError(
                    query.shown,
                    f"reads '{where}': only the warehouse, reference data and other queries "
                    "can be read, by their plain names",
                )
            tables.add(str(node["table_name"]).lower())
        for entry in node.get("cte_map", {}).get("map", []) if isinstance(node.get("cte_map"), dict) else []:
            ctes.add(str(entry["key"]).lower())
        for value in node.values():
            _walk(value, tables, ctes, query)
    elif isinstance(node, list):
        for value in node:
            _walk(value, tables, ctes, query)


def dependencies(con: duckdb.DuckDBPyConnection, queries: list[Query], tables: Iterable[str]) -> dict[str, set[str]]:
    """For each query, the other queries it reads. An unknown name is an error naming the file."""
    names = {q.name for q in queries}
    known = set(tables) | names
    for query in queries:
        if query.name in tables:
            raise QueryError(query.shown, f"'{query.name}' is already a warehouse or reference table; rename the file")
    graph: dict[str, set[str]] = {}
    for query in queries:
        read = reads(con, query)
        unknown = sorted(read - known)
        if unknown:
            near = difflib.get_close_matches(unknown[0], sorted(known), n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            raise QueryError(
                query.shown, f"reads '{unknown[0]}'{hint}, which is no warehouse table, reference file or query"
            )
        graph[query.name] = (read & names) - {query.name}
    return graph


def reads(con: duckdb.DuckDBPyConnection, query: Query) -> set[str]:
    """Every table the query's SELECT and its sql checks read (warehouse, reference data, other queries)."""
    read = references(con, single_select(con, query.sql, query.shown), query)
    for check in query.checks:
        if check.kind == "sql":
            select = single_select(con, str(check.args), f"{query.shown}:{check.line}", "a sql check must be")
            read |= references(con, select, query) - {query.name}
    return read


def sources(
    con: duckdb.DuckDBPyConnection, queries: list[Query], graph: dict[str, set[str]], tables: Iterable[str]
) -> dict[str, frozenset[str]]:
    """For each query, the ``tables`` (warehouse tables) it reads, directly or through the queries it reads."""
    wanted = set(tables)
    direct = {q.name: reads(con, q) & wanted for q in queries}
    return {name: frozenset(t for n in closure(name, graph) for t in direct.get(n, ())) for name in direct}


def run_order(queries: list[Query], graph: dict[str, set[str]]) -> list[Query]:
    """Queries sorted so each runs after what it reads (ties by name); a cycle names its files."""
    by_name = {q.name: q for q in queries}
    done: list[str] = []
    waiting = dict(graph)
    while waiting:
        ready = sorted(n for n, needs in waiting.items() if needs <= set(done))
        if not ready:
            cycle = _cycle(waiting)
            files = " -> ".join(str(by_name[n].shown) for n in cycle)
            raise QueryError(by_name[cycle[0]].shown, f"queries read each other in a circle: {files}")
        for name in ready:
            done.append(name)
            del waiting[name]
    return [by_name[n] for n in done]


def _cycle(waiting: dict[str, set[str]]) -> list[str]:
    start = sorted(waiting)[0]
    path = [start]
    while True:
        following = sorted(n for n in waiting[path[-1]] if n in waiting)[0]
        if following in path:
            return [*path[path.index(following) :], following]
        path.append(following)


def closure(name: str, graph: dict[str, set[str]]) -> set[str]:
    """``name`` and every query it reads, directly or not."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo += graph.get(current, set())
    return seen
