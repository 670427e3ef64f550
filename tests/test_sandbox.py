"""Query SQL comes from pull requests: each way out of the sandbox fails with one clear line naming the file."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import small_warehouse
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import load_config
from pipeline.errors import QueryError
from pipeline.queries import sandbox
from pipeline.queries.run import run_all

HEADER = "/* ---\ntitle: T\n--- */\n"


@pytest.fixture
def warehouse_project(project: Path) -> Path:
    """The Acme project with a small warehouse: three posts."""
    small_warehouse(
        project,
        [
            ("x", "1", "2026-05-04 10:00+00", 5),
            ("x", "2", "2026-05-05 10:00+00", 7),
            ("instagram", "3", "2026-05-12 10:00+00", 11),
        ],
    )
    return project


def run_query(project: Path, sql: str, name: str = "escape") -> None:
    (project / "queries").mkdir(exist_ok=True)
    (project / "queries" / f"{name}.sql").write_text(HEADER + sql + "\n", encoding="utf-8")
    run_all(load_config(project / "social-health.yml"))


DISABLED = r"escape\.sql:(4: )?Permission Error: .*disabled"


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("SELECT * FROM read_csv('/etc/passwd')", DISABLED),
        ("SELECT * FROM 'secrets.csv'", r"escape\.sql: reads 'secrets\.csv', which is no warehouse table"),
        ("SELECT * FROM glob('/home/*')", DISABLED),
        ("SELECT * FROM read_parquet('http://127.0.0.1:9/x.parquet')", DISABLED),
        ("COPY posts TO 'stolen.csv'", r"escape\.sql: must hold exactly one SELECT"),
        ("ATTACH 'other.duckdb' AS other", r"escape\.sql: must hold exactly one SELECT"),
        ("INSTALL httpfs", r"escape\.sql: must hold exactly one SELECT"),
        ("LOAD httpfs", r"escape\.sql: must hold exactly one SELECT"),
        ("SET enable_external_access = true", r"escape\.sql: must hold exactly one SELECT"),
        ("SELECT 1 AS n; DROP TABLE posts", r"escape\.sql: must hold exactly one SELECT"),
        ("DELETE FROM posts", r"escape\.sql: must hold exactly one SELECT"),
        ("SELECT * FROM query('DROP TABLE posts')", r"escape\.sql:(4: )?.*single SELECT"),
        ("SELECT getenv('SOCIAL_HEALTH_SALT') AS salt", r"escape\.sql:(4: )?.*getenv does not exist"),
        ("SELECT * FROM other.main.posts", r"escape\.sql: reads 'other\.main\.posts': only the warehouse"),
    ],
)
def test_each_escape_fails_with_a_clear_message(warehouse_project: Path, sql: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        run_query(warehouse_project, sql)
    con = duckdb.connect(str(warehouse_project / "build" / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM posts").fetchone() == (3,)  # the warehouse is untouched


def test_settings_are_locked_and_limited(warehouse_project: Path) -> None:
    with (warehouse_project / "social-health.yml").open("a", encoding="utf-8") as config:
        config.write("memory_limit: 1GiB\n")
    run_query(
        warehouse_project,
        "SELECT current_setting('enable_external_access') AS external, current_setting('lock_configuration') AS locked,"
        " current_setting('threads') AS threads, current_setting('memory_limit') AS memory,"
        " current_setting('temp_directory') AS spill",
        "settings",
    )
    con = duckdb.connect(str(warehouse_project / "build" / "warehouse.duckdb"), read_only=True)
    external, locked, threads, memory, spill = con.execute("SELECT * FROM metrics.settings").fetchone() or ()
    assert (external, locked, threads, memory) == (False, True, sandbox.THREADS, "1.0 GiB")  # the config's
    assert Path(spill) == (warehouse_project / "build" / "duckdb-tmp" / "warehouse.duckdb").resolve()


def test_a_runaway_query_is_stopped_at_the_configured_limit(warehouse_project: Path) -> None:
    with (warehouse_project / "social-health.yml").open("a", encoding="utf-8") as config:
        config.write("run: {query_seconds: 1}\n")
    with pytest.raises(QueryError) as info:
        run_query(
            warehouse_project, "SELECT sum(hash(i * j)) AS h FROM range(100000) a(i), range(100000000) b(j)", "slow"
        )
    assert str(info.value) == (
        "queries/slow.sql: stopped after 1 s (the limit for this warehouse); make the query cheaper,"
        " or raise run.query_seconds in the config"
    )


def test_a_runaway_check_is_stopped_at_the_configured_limit(warehouse_project: Path) -> None:
    with (warehouse_project / "social-health.yml").open("a", encoding="utf-8") as config:
        config.write("run: {query_seconds: 1}\n")
    runaway = "SELECT n FROM cheap, range(100000000000) r(i) WHERE hash(i + n) = 0"
    header = HEADER.replace("--- */", f"checks:\n  - name: runaway\n    sql: {runaway}\n--- */")
    (warehouse_project / "queries").mkdir()
    (warehouse_project / "queries" / "cheap.sql").write_text(header + "SELECT 1 AS n\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"cheap\.sql:\d+: stopped after 1 s .* raise run\.query_seconds"):
        run_all(load_config(warehouse_project / "social-health.yml"))


def test_a_failed_run_keeps_the_previous_results(warehouse_project: Path) -> None:
    run_query(warehouse_project, "SELECT count(*) AS n FROM posts", "post_count")
    (warehouse_project / "queries" / "zz_broken.sql").write_text(HEADER + "SELECT nope FROM posts\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r'zz_broken\.sql:4: Binder Error: .*"nope"'):
        run_all(load_config(warehouse_project / "social-health.yml"))
    con = duckdb.connect(str(warehouse_project / "build" / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT n FROM metrics.post_count").fetchone() == (3,)


def test_the_cli_prints_one_line_and_exits_1(warehouse_project: Path) -> None:
    (warehouse_project / "queries").mkdir()
    (warehouse_project / "queries" / "leak.sql").write_text(HEADER + "COPY posts TO 'x.csv'\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", "--config", str(warehouse_project / "social-health.yml")])
    assert result.exit_code == 1
    assert "queries/leak.sql: must hold exactly one SELECT" in result.stderr
    assert "Traceback" not in result.stderr
