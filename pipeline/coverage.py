"""What the data covers: which queries and pillars are measured, and for the rest, what to add.

A query's sources are the warehouse tables its SELECT (and its sql checks) read, directly or through the queries it
reads (``queries/graph.py``). A query whose sources are all empty is "not measured yet": its checks are skipped rather
than failed, its empty chart says what to add rather than failing the build. A query built on other queries measures
what they measure: it is not measured yet when none of the queries it reads is (the weekly word of mouth counts the
brand's posts too, but without a single mention it measures nothing), its own tables only adding to theirs. A pillar
is not measured yet when all its queries are; the health score leaves it out and shares its weight among the others
(the ``pillars`` table below, which the score query reads).

``run`` computes this from the warehouse's row counts and stores it in the results manifest (``coverage``), so the
site, the job summary and the data-quality page say exactly what the run saw. ``check`` computes it from the export
files present (``Coverage.rows`` then counts files), before anything is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb

from pipeline.errors import PipelineError
from pipeline.escape import literal
from pipeline.pillars import ALL_PILLARS, EXPORTS_DOC, FEEDS, PILLARS
from pipeline.queries.graph import sources
from pipeline.queries.header import Query
from pipeline.queries.reference import PILLARS_TABLE
from pipeline.sources import ADAPTERS
from pipeline.warehouse.schema import DATA_TABLES


def formats_of(table: str) -> tuple[str, ...]:
    """The export formats (adapter names) that fill ``table``."""
    return tuple(a.name for a in ADAPTERS if a.table == table)


def section_title(table: str) -> str:
    """The heading of docs/reference/exports.md that says how to add ``table``'s exports, without code marks."""
    return FEEDS[table].docs.replace("`", "")


@dataclass(frozen=True)
class Coverage:
    rows: dict[str, int]  # data table -> rows in the warehouse (in `check`: export files that will fill it)
    sources: dict[str, frozenset[str]]  # query -> the data tables it reads, through the queries it reads
    pillars: dict[str, tuple[str, ...]]  # pillar id -> its queries
    depends: dict[str, frozenset[str]] = field(default_factory=dict)  # query -> the queries it reads

    def measured(self, query: str) -> bool:
        """False when none of the queries it reads is measured, or, for a query that reads none, when every table it
        reads is empty (a query reading only reference data is measured)."""
        reads = self.depends.get(query, frozenset())
        if reads:
            return any(self.measured(q) for q in reads)
        tables = self.sources.get(query, frozenset())
        return not tables or any(self.rows.get(t, 0) > 0 for t in tables)

    def missing(self, query: str) -> tuple[str, ...]:
        """What to add to measure the query, in the order of FEEDS: the empty tables of the unmeasured queries it
        reads, or, for a query that reads none, its own empty tables."""
        reads = self.depends.get(query, frozenset())
        if reads:
            tables = {t for q in reads if not self.measured(q) for t in self.missing(q)}
        else:
            tables = {t for t in self.sources.get(query, frozenset()) if self.rows.get(t, 0) == 0}
        return tuple(t for t in FEEDS if t in tables)

    def pillar_measured(self, pillar: str) -> bool:
        return any(self.measured(q) for q in self.pillars.get(pillar, ()))

    def pillar_missing(self, pillar: str) -> tuple[str, ...]:
        tables = {t for q in self.pillars.get(pillar, ()) for t in self.missing(q)}
        return tuple(t for t in FEEDS if t in tables)

    def unmeasured_pillars(self) -> list[str]:
        return [p.id for p in ALL_PILLARS if p.id in self.pillars and not self.pillar_measured(p.id)]

    def empty_tables(self) -> list[str]:
        return [t for t in FEEDS if self.rows.get(t, 0) == 0]

    def to_json(self) -> dict[str, Any]:
        return {
            "tables": dict(self.rows),
            "queries": {q: sorted(s) for q, s in self.sources.items()},
            "depends": {q: sorted(d) for q, d in self.depends.items()},
            "pillars": {p: list(qs) for p, qs in self.pillars.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Coverage:
        """The manifest's coverage; a manifest without one (an older run) reads as everything measured."""
        data = data or {}
        return cls(
            rows={str(t): int(n) for t, n in (data.get("tables") or {}).items()},
            sources={str(q): frozenset(map(str, s)) for q, s in (data.get("queries") or {}).items()},
            pillars={str(p): tuple(map(str, qs)) for p, qs in (data.get("pillars") or {}).items()},
            depends={str(q): frozenset(map(str, d)) for q, d in (data.get("depends") or {}).items()},
        )


def table_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows of each warehouse data table (names from the contract, never from outside)."""
    counts = {}
    for table in DATA_TABLES:
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        counts[table] = int(row[0]) if row else 0
    return counts


def coverage_of(
    con: duckdb.DuckDBPyConnection, queries: list[Query], graph: dict[str, set[str]], rows: dict[str, int]
) -> Coverage:
    """``rows`` (table -> rows or files) against what each query reads; ``con`` is any session, for the parser."""
    found = sources(con, queries, graph, DATA_TABLES)
    by_pillar = {p.id: tuple(q.name for q in queries if q.pillar == p.id) for p in ALL_PILLARS}
    depends = {q.name: frozenset(graph.get(q.name, set())) for q in queries}
    return Coverage({t: rows.get(t, 0) for t in DATA_TABLES}, found, by_pillar, depends)


def add_text(tables: Iterable[str]) -> str:
    """What to add, in English, for a command's output or the manifest: the exports and where the docs say how."""
    tables = list(tables)
    if not tables:
        return "no query reads a warehouse table yet"
    what = " or ".join(FEEDS[t].words("en") for t in tables)
    where = "; ".join(f'"{section_title(t)}"' for t in tables)
    return f"add {what} (see {EXPORTS_DOC}: {where})"


def skip_reason(tables: Iterable[str]) -> str:
    return f"no data yet: {add_text(tables)}"


def create_pillars_table(con: duckdb.DuckDBPyConnection, weights: dict[str, float], measured: set[str]) -> None:
    """``reference.pillars (pillar, weight, measured)``: each scored pillar, its config weight, whether it has data.

    Made before the sandbox closes, from the registry, the variables and the warehouse's row counts (never from
    query results), so the health score renormalises over what is measured in SQL."""
    rows = ", ".join(
        f"({literal(p.id)}, {float(weights.get(p.id, 1.0))!r}, {'true' if p.id in measured else 'false'})"
        for p in PILLARS
    )
    con.execute("CREATE SCHEMA IF NOT EXISTS reference")
    con.execute(
        f"CREATE OR REPLACE TABLE reference.{PILLARS_TABLE} AS SELECT * FROM (VALUES {rows})"
        " AS p(pillar, weight, measured)"
    )


def weights_from(variables: dict[str, Any]) -> dict[str, float]:
    """Each pillar's weight from the ``weight_<pillar>`` variables (config report.weights, or --var), 1 by default."""
    out = {}
    for p in PILLARS:
        value = variables.get(f"weight_{p.id}")
        try:
            out[p.id] = 1.0 if value is None else float(value)
        except (TypeError, ValueError):
            raise PipelineError(f"variable weight_{p.id} = {value!r} is not a number") from None
    return out
