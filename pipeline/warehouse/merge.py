"""Turn staged rows into the contract's tables: one row per key, newest export first, every row accounted for.

Exports overlap (monthly downloads of the same posts). Files are ranked by when they were taken (``as_of``: the date
the export states, else its latest timestamp), then by path, so the ranking never depends on file-system times and
a re-run gives identical tables. For each key the newest file's non-null value of every column wins, so an older
export that measured a metric the newer lacks still fills it in. Every staged row of a key other than the newest one
counts as a duplicate of its file.
"""

from __future__ import annotations

import duckdb

from pipeline.warehouse.schema import DATA_TABLES, STAGE_COLUMNS, Table


def create_staging(con: duckdb.DuckDBPyConnection) -> None:
    """The working tables of one ingest: TEMP, so none remains in the finished warehouse (they vanish with the
    connection; DuckDB spills them to its temporary directory when they outgrow memory)."""
    for table in DATA_TABLES.values():
        extra = ", " + ", ".join(f"{c} {t}" for c, t in STAGE_COLUMNS[:2])
        con.execute(_nullable(table).ddl(f"stage_{table.name}", extra, temp=True).replace("source_file", "_file"))

    con.execute(
        "CREATE TEMP TABLE rejects_stage (file VARCHAR, line BIGINT, reason VARCHAR, raw VARCHAR, _rows BIGINT)"
    )
    con.execute("CREATE TEMP TABLE file_rank (file VARCHAR, as_of TIMESTAMPTZ, rank BIGINT)")


def _nullable(table: Table) -> Table:
    # Staging accepts what adapters produce; NOT NULL is enforced when the final table is filled.
    columns = tuple((c, t.replace(" NOT NULL", "")) for c, t in table.columns if c not in table.derived)
    return Table(table.name, columns, table.key)


def rank_files(con: duckdb.DuckDBPyConnection, stated: dict[str, object]) -> None:
    """Date each file (its stated as_of, else its latest row) and rank them oldest first."""
    con.execute("CREATE OR REPLACE TEMP TABLE stated_as_of (file VARCHAR, as_of TIMESTAMPTZ)")
    if stated:
        con.executemany("INSERT INTO stated_as_of VALUES (?, ?)", [[f, t] for f, t in stated.items()])
    latest = " UNION ALL ".join(
        f"SELECT _file AS file, max({t.as_of})::TIMESTAMPTZ AS as_of FROM stage_{t.name} GROUP BY _file"
        for t in DATA_TABLES.values()
    )
    con.execute(
        f"""INSERT INTO file_rank
            SELECT file, coalesce(s.as_of, l.as_of), row_number() OVER (ORDER BY coalesce(s.as_of, l.as_of), file)
            FROM ({latest}) l FULL JOIN stated_as_of s USING (file)"""
    )


def merge_table(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """Fill the table from its staged rows. Only the keys staged more than once (``repeated``) go through the
    column-by-column pick and the ranking; every other staged row is its key's only row and is copied as it is."""
    key = ", ".join(table.key)
    values = [c for c in table.staged_columns if c not in table.key]
    picks = ", ".join(f"arg_max({c}, _order) FILTER (WHERE {c} IS NOT NULL) AS {c}" for c in values)
    on_key = " AND ".join(f"s.{k} IS NOT DISTINCT FROM d.{k}" for k in table.key)
    stage = f"stage_{table.name}"
    con.execute(table.ddl())
    con.execute(f"CREATE OR REPLACE TEMP TABLE repeated AS SELECT {key} FROM {stage} GROUP BY ALL HAVING count(*) > 1")
    con.execute(
        f"""INSERT INTO {table.name} BY NAME
            SELECT * FROM (
                SELECT {key}, {", ".join(values)}, _file AS source_file
                FROM {stage} s WHERE NOT EXISTS (SELECT 1 FROM repeated d WHERE {on_key})
                UNION ALL BY NAME
                SELECT {key}, {picks}, arg_max(_file, _order) AS source_file
                FROM (SELECT s.*, (f.rank, s._line) AS _order
                      FROM {stage} s JOIN file_rank f ON f.file = s._file
                      WHERE EXISTS (SELECT 1 FROM repeated d WHERE {on_key}))
                GROUP BY ALL)
            ORDER BY {key}"""
    )
    con.execute(
        f"""INSERT INTO file_counts
            SELECT _file, sum(_rows), 0 FROM {stage} s WHERE NOT EXISTS (SELECT 1 FROM repeated d WHERE {on_key})
            GROUP BY _file"""
    )
    con.execute(
        f"""INSERT INTO file_counts
            SELECT _file, sum(_rows) FILTER (WHERE _winner), sum(_rows) FILTER (WHERE NOT _winner) FROM (
                SELECT s._file, s._rows, row_number() OVER (
                    PARTITION BY {", ".join(f"s.{k}" for k in table.key)}
                    ORDER BY f.rank DESC, s._line DESC) = 1 AS _winner
                FROM {stage} s JOIN file_rank f ON f.file = s._file
                WHERE EXISTS (SELECT 1 FROM repeated d WHERE {on_key}))
            GROUP BY _file"""
    )


def merge_all(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE file_counts (file VARCHAR, loaded BIGINT, duplicate BIGINT)")
    for table in DATA_TABLES.values():
        merge_table(con, table)
