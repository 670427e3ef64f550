"""Every ``queries/**/<name>.test.yaml`` is a test of its own, named after the file, run like `social-health check`."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipeline.queries.examples import load_example, run_example
from pipeline.queries.header import Query
from pipeline.queries.run import ordered_queries

QUERIES = Path(__file__).parents[1] / "queries"


def _ordered() -> tuple[list[Query], dict[str, set[str]]]:
    con = duckdb.connect()
    try:
        return ordered_queries(con, QUERIES)
    finally:
        con.close()


ORDERED, GRAPH = _ordered()
EXAMPLES = [q for q in ORDERED if q.example.is_file()]


@pytest.mark.parametrize("query", EXAMPLES, ids=[q.example.name for q in EXAMPLES])
def test_example(query: Query) -> None:
    problems = run_example(load_example(query), ORDERED, GRAPH, QUERIES)
    assert problems == []
