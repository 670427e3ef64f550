"""Every query, its checks, tiles and alert filter run once on the empty contract tables: what `check` does so that an
unknown column or a wrong type is reported by file and line before any data exists.

The session is the one example tests use: in memory, the real warehouse schema and reference data, the pipeline's
pillars table, the config's variables, locked down as `run` locks it. On empty tables every query returns no rows
quickly, so this costs little; what it finds is what DuckDB's binder finds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.coverage import create_pillars_table, weights_from
from pipeline.errors import QueryError
from pipeline.queries.header import Query
from pipeline.queries.parameters import TEST_DEFAULTS, resolve
from pipeline.queries.reference import load_reference
from pipeline.queries.run import execute, run_checks
from pipeline.queries.sandbox import lock_down
from pipeline.queries.tiles import active_alerts, evaluate_tiles
from pipeline.warehouse.connect import NO_PROJECT, Resources, connect_memory
from pipeline.warehouse.schema import ALL_TABLES


def bind_queries(
    queries_dir: Path,
    ordered: list[Query],
    graph: dict[str, set[str]],
    variables: dict[str, Any],
    resources: Resources = NO_PROJECT,
) -> dict[str, str]:
    """Problems by query name (empty: every query binds). A query reading one that failed is not tried."""
    con = connect_memory(resources)
    problems: dict[str, str] = {}
    try:
        con.execute("SET TimeZone = 'UTC'")
        for table in ALL_TABLES.values():
            con.execute(table.ddl())
        load_reference(con, queries_dir)
        con.execute("CREATE SCHEMA metrics")
        resolved = resolve(con, {**TEST_DEFAULTS, **variables})
        create_pillars_table(con, weights_from({v.name: v.value for v in resolved}), set())
        lock_down(con, resolved)
        not_tried: set[str] = set()
        for query in ordered:  # in dependency order
            if graph.get(query.name, set()) & (problems.keys() | not_tried):
                not_tried.add(query.name)
                continue
            try:
                execute(con, query)
                run_checks(con, query)
                evaluate_tiles(con, query)
                active_alerts(con, query)
            except QueryError as exc:
                problems[query.name] = str(exc)
    finally:
        con.close()
    return problems
