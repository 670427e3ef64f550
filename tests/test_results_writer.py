"""The results a query returns are as hostile as its SQL: its column names, its size and its cells.

The alias attack of the trust review: a column named so that the writer's own ORDER BY closes the COPY and starts a
second one writing anywhere. Names reach SQL only through escape.ident, the result must have plain column names,
and the session writing the files can write nothing outside the fresh results folder.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from conftest import small_warehouse
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import load_config
from pipeline.errors import QueryError
from pipeline.queries.results import copy_to, load_manifest, results_dir, write_results
from pipeline.queries.run import run_all
from pipeline.queries.sandbox import lock_for_files

HEADER = "/* ---\ntitle: T\n{extra}--- */\n"


@pytest.fixture
def warehouse_project(project: Path) -> Path:
    small_warehouse(project, [("x", "1", "2026-05-04 10:00+00", 5), ("x", "2", "2026-05-11 10:00+00", 7)])
    (project / "queries").mkdir()
    return project


def add_query(project: Path, name: str, sql: str, extra: str = "") -> None:
    (project / "queries" / f"{name}.sql").write_text(HEADER.format(extra=extra) + sql + "\n", encoding="utf-8")


def run_and_write(project: Path) -> Path:
    config = load_config(project / "social-health.yml")
    return write_results(config, run_all(config))


def test_the_alias_attack_fails_with_one_line_and_writes_nothing(warehouse_project: Path, tmp_path: Path) -> None:
    stolen = tmp_path / "stolen.csv"
    alias = f"n\") TO 'x.csv'; COPY (SELECT * FROM posts) TO '{stolen}'; --"
    add_query(warehouse_project, "escape", f'SELECT count(*) AS "{alias.replace(chr(34), chr(34) * 2)}" FROM posts')

    result = CliRunner().invoke(app, ["run", "-c", str(warehouse_project / "social-health.yml")])

    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "escape.sql: result column" in lines[0] and "name it with AS" in lines[0], lines
    assert not stolen.exists()
    assert not list(warehouse_project.rglob("x.csv")) and not list(Path.cwd().glob("x.csv"))
    assert not results_dir(load_config(warehouse_project / "social-health.yml")).exists()


def test_the_writing_session_reaches_no_file_outside_its_folder(warehouse_project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "results.building"
    con = duckdb.connect(str(warehouse_project / "build" / "warehouse.duckdb"), read_only=True)
    lock_for_files(con, folder)
    copy_to(con, "SELECT * FROM posts", folder / "posts.parquet", "FORMAT parquet", "q.sql")
    assert (folder / "posts.parquet").is_file()
    for target in (tmp_path / "elsewhere.csv", folder / ".." / "escaped.csv"):
        with pytest.raises(QueryError, match=r"q\.sql: Permission Error"):
            copy_to(con, "SELECT * FROM posts", target, "HEADER", "q.sql")
    with pytest.raises(duckdb.Error, match="disabled by configuration"):
        con.execute("SELECT * FROM read_csv('/etc/passwd')")
    with pytest.raises(duckdb.Error, match="locked"):
        con.execute("SET enable_external_access = true")
    assert not (tmp_path / "elsewhere.csv").exists() and not (tmp_path / "escaped.csv").exists()


def test_composed_sql_that_is_not_one_copy_is_refused(warehouse_project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    con = duckdb.connect(str(warehouse_project / "build" / "warehouse.duckdb"), read_only=True)
    lock_for_files(con, folder)
    with pytest.raises(QueryError, match=r"q\.sql: its result's column names break the SQL"):
        copy_to(con, "SELECT 1) TO 'a.csv'; COPY (SELECT 2", folder / "b.csv", "HEADER", "q.sql")
    assert not list(folder.iterdir())


def test_a_result_over_the_row_limit_fails_its_query(warehouse_project: Path) -> None:
    config = warehouse_project / "social-health.yml"
    config.write_text(config.read_text() + "run: {max_result_rows: 1000}\n", encoding="utf-8")
    add_query(warehouse_project, "many", "SELECT i FROM range(1001) t(i)")
    with pytest.raises(QueryError, match=r"many\.sql: returned 1,001 rows, over the limit of 1,000; .*max_result_rows"):
        run_and_write(warehouse_project)


def test_a_result_over_the_size_limit_fails_before_anything_is_written(warehouse_project: Path) -> None:
    config = warehouse_project / "social-health.yml"
    config.write_text(config.read_text() + "run: {max_result_mb: 1}\n", encoding="utf-8")
    add_query(warehouse_project, "wide", "SELECT i, repeat('x', 20000) AS filler FROM range(100) t(i)")
    with pytest.raises(QueryError, match=r"wide\.sql: returned about 1 MB, over the limit of 1 MB; .*max_result_mb"):
        run_and_write(warehouse_project)
    assert not results_dir(load_config(config)).exists()


def test_by_default_the_limits_grow_with_the_warehouse(warehouse_project: Path) -> None:
    # 1,000,000 rows are allowed, plus twice the largest table's: 2 posts now, 12 after the insert.
    add_query(warehouse_project, "honest", "SELECT i FROM range(1000010) t(i)")
    with pytest.raises(QueryError, match=r"honest\.sql: returned 1,000,010 rows, over the limit of 1,000,004;"):
        run_and_write(warehouse_project)
    con = duckdb.connect(str(warehouse_project / "build" / "warehouse.duckdb"))
    con.execute("INSERT INTO posts (platform, post_id, source_file) SELECT 'x', 'g' || i, 'f' FROM range(10) t(i)")
    con.close()
    run_and_write(warehouse_project)  # ... allowed once the warehouse holds more rows


def test_a_per_mention_result_is_written_as_parquet_only(warehouse_project: Path) -> None:
    add_query(warehouse_project, "per_mention", "SELECT post_id FROM posts", extra="grain: mention\n")
    add_query(warehouse_project, "weekly", "SELECT count(*) AS n FROM posts", extra="grain: week\n")
    folder = run_and_write(warehouse_project)
    assert (folder / "per_mention.parquet").is_file() and not (folder / "per_mention.csv").exists()
    assert (folder / "weekly.csv").is_file() and (folder / "weekly.parquet").is_file()
    manifest = load_manifest(load_config(warehouse_project / "social-health.yml"))
    assert manifest is not None
    assert {q["name"]: q["csv"] for q in manifest["queries"]} == {"per_mention": None, "weekly": "weekly.csv"}


def test_result_csvs_carry_no_formulas_and_numbers_stay_numbers(warehouse_project: Path) -> None:
    cells = ['=HYPERLINK("https://evil.example","x")', "+SUM(A1)", "-2+3", "@cmd", "\tlead", "\rlead", "-5", "+3.5"]
    # Tab and carriage return as chr(): a query file's line endings are read as newlines.
    values = ", ".join(
        "'" + c.replace("'", "''").replace("\t", "' || chr(9) || '").replace("\r", "' || chr(13) || '") + "'"
        for c in cells
    )
    add_query(warehouse_project, "formulas", f"SELECT unnest([{values}]) AS cell, -5 AS n ORDER BY cell")
    folder = run_and_write(warehouse_project)
    with (folder / "formulas.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    written = {row["cell"] for row in rows}
    assert written == {
        '\'=HYPERLINK("https://evil.example","x")',
        "'+SUM(A1)",
        "'-2+3",
        "'@cmd",
        "'\tlead",
        "'\rlead",
        "-5",
        "+3.5",
    }
    assert {row["n"] for row in rows} == {"-5"}
    parquet = duckdb.sql(f"SELECT cell FROM '{folder / 'formulas.parquet'}'").fetchall()
    assert {c for (c,) in parquet} == set(cells)  # Parquet keeps the values as the query returned them
