"""Reference data beside the queries: every ``queries/reference/*.csv`` becomes a table named after its file.

Word lists and the GA4 source list live here so a stakeholder changes them in a pull request like any query. They
are loaded before the sandbox closes file access, so each must be a regular file of the repository (repofiles.py).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.errors import QueryError
from pipeline.queries.header import NAME
from pipeline.repofiles import regular_file

SCHEMA = "reference"
# Reference tables the pipeline makes itself (pipeline/coverage.py): no CSV may take their names.
PILLARS_TABLE = "pillars"


def reference_files(queries: Path) -> list[Path]:
    """The reference CSVs, each a regular file inside the queries folder (a symbolic link is refused)."""
    folder = queries / "reference"
    if not folder.is_dir():
        return []
    return [regular_file(p, queries, p.relative_to(queries.parent)) for p in sorted(folder.glob("*.csv"))]


def reference_names(queries: Path) -> list[str]:
    return [p.stem for p in reference_files(queries)]


def load_reference(con: duckdb.DuckDBPyConnection, queries: Path, skip: set[str] | None = None) -> list[str]:
    """Create ``reference.<file stem>`` for each CSV (header row, all text columns kept as written)."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    loaded = []
    for path in reference_files(queries):
        name = path.stem
        if skip and name in skip:
            continue
        shown = path.relative_to(queries.parent)
        if name == PILLARS_TABLE:
            raise QueryError(
                shown, f"'{name}' is made by the pipeline (each pillar's weight and data); rename the file"
            )
        if not NAME.match(name):
            raise QueryError(shown, "reference file names must be lower_snake_case (they become table names)")
        try:
            con.execute(
                f"CREATE OR REPLACE TABLE {SCHEMA}.{name} AS SELECT * FROM read_csv(?, header=true, all_varchar=true,"
                " strict_mode=true, encoding='utf-8')",
                [str(path)],
            )
        except duckdb.Error as exc:
            raise QueryError(shown, f"cannot be read as CSV: {str(exc).strip().splitlines()[0]}") from None
        loaded.append(name)
    return loaded
