"""Example tests: ``<name>.test.yaml`` beside ``<name>.sql`` gives input rows and the rows expected back.

Each runs on an empty in-memory database with the real warehouse schema, the project's reference data (unless the
test gives its own) and the same sandbox as ``run``: the queries the tested one reads run first on the same rows.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import yaml

from pipeline.coverage import create_pillars_table, weights_from
from pipeline.errors import QueryError
from pipeline.escape import ident, literal
from pipeline.pillars import PILLAR_IDS
from pipeline.queries import incremental
from pipeline.queries.graph import closure
from pipeline.queries.header import Query
from pipeline.queries.parameters import TEST_DEFAULTS, resolve
from pipeline.queries.reference import PILLARS_TABLE, load_reference, reference_names
from pipeline.queries.run import execute
from pipeline.queries.sandbox import lock_down, single_select
from pipeline.queries.tiles import active_alerts, evaluate_tiles
from pipeline.queries.yamllines import Located, load_located
from pipeline.repofiles import regular_file
from pipeline.warehouse.connect import NO_PROJECT, Resources, connect_memory
from pipeline.warehouse.schema import ALL_TABLES

KEYS = ("description", "variables", "given", "where", "expect")
SHOWN_ROWS = 5
DECIMALS = 6


@dataclass(frozen=True)
class Example:
    query: Query
    path: Path
    shown: Path
    variables: dict[str, Any]
    given: dict[str, list[dict[str, Any]]]
    where: dict[str, Any]
    expect: list[dict[str, Any]]


def load_example(query: Query) -> Example:
    path = query.example
    shown = query.shown.with_name(path.name)
    regular_file(path, query.path.parent, shown)
    try:
        doc = load_located(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise QueryError(
            shown, f"is not valid YAML: {getattr(exc, 'problem', exc)}", mark.line + 1 if mark else None
        ) from None
    if not isinstance(doc.value, dict):
        raise QueryError(shown, f"must be a mapping with keys {', '.join(KEYS)}", 1)
    fields: dict[str, Located] = doc.value
    for key, value in fields.items():
        if key not in KEYS:
            near = difflib.get_close_matches(key, KEYS, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            raise QueryError(shown, f"unknown key '{key}'{hint}; valid keys: {', '.join(KEYS)}", value.line)
    plain = doc.plain()
    given = plain.get("given") or {}
    expect = plain.get("expect")
    if not isinstance(given, dict) or not all(_rows_ok(r) for r in given.values()):
        raise QueryError(
            shown, "given: must map table names to lists of rows ({column: value, ...})", _line(fields, "given")
        )
    if not isinstance(expect, list) or not _rows_ok(expect):
        raise QueryError(
            shown, "expect: must be a list of rows ({column: value, ...}); [] expects no rows", _line(fields, "expect")
        )
    for key in ("variables", "where"):
        if not isinstance(plain.get(key) or {}, dict):
            raise QueryError(shown, f"{key}: must be a mapping of name: value", _line(fields, key))
    return Example(query, path, shown, plain.get("variables") or {}, given, plain.get("where") or {}, expect)


def _rows_ok(rows: Any) -> bool:
    return isinstance(rows, list) and all(isinstance(r, dict) and r for r in rows)


def _line(fields: dict[str, Located], key: str) -> int:
    return fields[key].line if key in fields else 1


def run_example(
    example: Example,
    queries: list[Query],
    graph: dict[str, set[str]],
    queries_dir: Path,
    resources: Resources = NO_PROJECT,
) -> list[str]:
    """Problems found (empty when the example passes)."""
    con = connect_memory(resources)
    try:
        con.execute("SET TimeZone = 'UTC'")
        con.execute("CREATE SCHEMA metrics")
        _create_tables(con, example, queries, queries_dir)
        load_reference(con, queries_dir, skip=set(example.given))
        variables = resolve(con, {**TEST_DEFAULTS, **example.variables})
        if PILLARS_TABLE not in example.given:  # every pillar measured, unless the test gives its own
            create_pillars_table(con, weights_from({v.name: v.value for v in variables}), set(PILLAR_IDS))
        lock_down(con, variables)
        needed = closure(example.query.name, graph) - set(example.given)
        for query in queries:  # already in dependency order
            if query.name in needed:
                execute(con, query)
        # The tiles and alert filter must at least run on the example's result, so a typo in a tile's SQL is
        # caught by `check`, before any data.
        evaluate_tiles(con, example.query)
        active_alerts(con, example.query)
        problems = _compare(con, example)
        if example.query.incremental:  # its promise, checked week by week on the example's mentions
            select = single_select(con, example.query.sql, example.query.shown)
            broken = incremental.broken_promise(con, example.query, select)
            problems += [f"{example.shown}: {broken}"] if broken else []
        return problems
    except QueryError as exc:
        return [str(exc)]
    finally:
        con.close()


def _create_tables(con: duckdb.DuckDBPyConnection, example: Example, queries: list[Query], queries_dir: Path) -> None:
    for table in ALL_TABLES.values():
        con.execute(table.ddl())
    references = {*reference_names(queries_dir), PILLARS_TABLE}
    query_names = {q.name for q in queries}
    for name, rows in example.given.items():
        if name in ALL_TABLES:
            _insert_contract_rows(con, example, name, rows)
        elif name in references or name in query_names:
            schema = "reference" if name in references else "metrics"
            con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            # reference CSVs are text; results and the pipeline's pillars table keep their values' types
            _create_from_rows(con, f"{schema}.{name}", rows, typed=schema == "metrics" or name == PILLARS_TABLE)
        else:
            known = sorted(set(ALL_TABLES) | references | query_names)
            near = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            raise QueryError(example.shown, f"given: '{name}'{hint} is no warehouse table, reference file or query")


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(str(c) for row in rows for c in row))


def _text(value: Any) -> str | None:
    """A YAML value as the text DuckDB casts to the column's type."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_text(v) or "NULL" for v in value) + "]"
    return str(value)


def _stage_text(con: duckdb.DuckDBPyConnection, name: str, rows: list[dict[str, Any]]) -> list[str]:
    columns = _columns(rows)
    con.execute(f"CREATE TEMP TABLE {name} ({', '.join(f'{ident(c)} VARCHAR' for c in columns)})")
    con.executemany(
        f"INSERT INTO {name} VALUES ({', '.join('?' for _ in columns)})",
        [[_text(row.get(c)) for c in columns] for row in rows],
    )
    return columns


def _insert_contract_rows(
    con: duckdb.DuckDBPyConnection, example: Example, table: str, rows: list[dict[str, Any]]
) -> None:
    spec = ALL_TABLES[table]
    types = {c: t.replace(" NOT NULL", "") for c, t in spec.columns}
    columns = _stage_text(con, f"given_{table}", rows)
    unknown = [c for c in columns if c not in types]
    if unknown:
        raise QueryError(example.shown, f"given: {table} has no column '{unknown[0]}'; its columns: {', '.join(types)}")
    picks = [f"CAST({ident(c)} AS {types[c]}) AS {ident(c)}" for c in columns]
    if "source_file" in types and "source_file" not in columns:
        picks.append(f"{literal(example.path.name)} AS source_file")
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT {', '.join(picks)} FROM given_{table}")
    except duckdb.Error as exc:
        raise QueryError(example.shown, f"given: {table}: {str(exc).strip().splitlines()[0]}") from None


def _type_of(values: list[Any]) -> str:
    present = [v for v in values if v is not None]
    if not present:
        return "VARCHAR"
    if all(isinstance(v, bool) for v in present):
        return "BOOLEAN"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "BIGINT"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "DOUBLE"
    if all(isinstance(v, datetime) for v in present):
        return "TIMESTAMPTZ"
    if all(isinstance(v, date) for v in present):
        return "DATE"
    if all(isinstance(v, list) for v in present):
        return "VARCHAR[]"
    return "VARCHAR"


def _create_from_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]], typed: bool) -> None:
    stage = "given_" + table.replace(".", "_")
    columns = _stage_text(con, stage, rows)
    picks = [
        f"CAST({ident(c)} AS {_type_of([r.get(c) for r in rows]) if typed else 'VARCHAR'}) AS {ident(c)}"
        for c in columns
    ]
    con.execute(f"CREATE TABLE {table} AS SELECT {', '.join(picks)} FROM {stage}")


def _compare(con: duckdb.DuckDBPyConnection, example: Example) -> list[str]:
    name = example.query.name
    output = dict(
        con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'metrics' AND table_name = ?",
            [name],
        ).fetchall()
    )
    wanted = _columns(example.expect) or list(output)
    missing = [c for c in [*wanted, *example.where] if c not in output]
    if missing:
        return [f"{example.shown}: the query returns no column '{missing[0]}'; it returns {', '.join(output)}"]
    filters = " AND ".join(f"CAST({ident(c)} AS VARCHAR) = {literal(_text(v) or '')}" for c, v in example.where.items())
    produced = f"SELECT {_rounded(wanted, output)} FROM metrics.{name}" + (f" WHERE {filters}" if filters else "")
    if example.expect:
        _stage_text(con, "expected_text", example.expect)
        casts = ", ".join(f"CAST({ident(c)} AS {output[c]}) AS {ident(c)}" for c in wanted)
        try:
            con.execute(f"CREATE TEMP TABLE expected AS SELECT {casts} FROM expected_text")
        except duckdb.Error as exc:
            return [f"{example.shown}: expect: {str(exc).strip().splitlines()[0]}"]
        expected = f"SELECT {_rounded(wanted, output)} FROM expected"
    else:
        expected = f"SELECT {_rounded(wanted, output)} FROM metrics.{name} WHERE false"
    absent = con.execute(f"{expected} EXCEPT ALL {produced}").fetchall()
    extra = con.execute(f"{produced} EXCEPT ALL {expected}").fetchall()
    problems = []
    if absent:
        problems.append(f"{example.shown}: expected but not returned: {_show(wanted, absent)}")
    if extra:
        problems.append(f"{example.shown}: returned but not expected: {_show(wanted, extra)}")
    return problems


def _rounded(columns: list[str], types: dict[str, str]) -> str:
    numeric = ("DOUBLE", "FLOAT", "DECIMAL", "REAL")
    return ", ".join(
        f"round({ident(c)}, {DECIMALS}) AS {ident(c)}" if types[c].startswith(numeric) else ident(c) for c in columns
    )


def _show(columns: list[str], rows: list[tuple[Any, ...]]) -> str:
    shown = [
        "{" + ", ".join(f"{c}: {_text(v) or 'null'}" for c, v in zip(columns, row, strict=True)) + "}"
        for row in rows[:SHOWN_ROWS]
    ]
    more = f" (and {len(rows) - SHOWN_ROWS} more)" if len(rows) > SHOWN_ROWS else ""
    return "; ".join(shown) + more
