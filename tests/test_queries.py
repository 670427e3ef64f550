"""Query files: header validation with file and line, and the sandbox every query runs in."""

from pathlib import Path

import duckdb
import pytest

from pipeline.config import load_config
from pipeline.errors import QueryError
from pipeline.queries import discover, parse
from pipeline.runner import lock_down, run_all

REPO_QUERIES = Path(__file__).parents[1] / "queries"
GOOD = "/* ---\ntitle: T\nchart: {type: line, x: week, y: n}\n--- */\nSELECT 1 AS n\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "queries" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_shipped_query_has_a_valid_header() -> None:
    queries = discover(REPO_QUERIES)
    assert queries, "queries/ must hold at least one query"
    for query in queries:
        assert query.title and query.description and query.chart


def test_header_parses_into_a_query(tmp_path: Path) -> None:
    query = parse(write(tmp_path, "weekly_n.sql", GOOD))
    assert (query.name, query.title, query.chart and query.chart.y) == ("weekly_n", "T", ("n",))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "/* ---\ntitle: T\ntilte: U\n--- */\nSELECT 1\n",
            r"weekly_n\.sql:3: unknown header key 'tilte' \(did you mean 'title'\?\)",
        ),
        (
            "/* ---\ntitle: T\nchart: {type: pie, x: a, y: b}\n--- */\nSELECT 1\n",
            r"weekly_n\.sql:3: chart.type must be one of",
        ),
        (
            "/* ---\ntitle: T\nhigher_is_better: maybe\n--- */\nSELECT 1\n",
            r":3: header key 'higher_is_better' has a wrong value",
        ),
        ("SELECT 1\n", r"weekly_n\.sql:1: missing header"),
        ("/* ---\ndescription: D\n--- */\nSELECT 1\n", r"header needs a title"),
        ("/* ---\ntitle: [\n--- */\nSELECT 1\n", r"header is not valid YAML"),
    ],
)
def test_header_errors_name_file_line_and_valid_keys(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse(write(tmp_path, "weekly_n.sql", text))


@pytest.fixture
def sandbox(project: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    lock_down(con, load_config(project / "social-health.yml"))
    return con


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("SELECT * FROM read_csv('/etc/passwd')", "disabled"),
        ("COPY (SELECT 1) TO 'out.csv'", "disabled"),
        ("ATTACH 'other.duckdb'", "disabled"),
        ("INSTALL httpfs", "disabled"),
        ("SET memory_limit = '64GB'", "locked"),
    ],
)
def test_sandbox_blocks_file_network_and_config_access(
    sandbox: duckdb.DuckDBPyConnection, sql: str, message: str
) -> None:
    with pytest.raises(duckdb.Error, match=message):
        sandbox.execute(sql)


def test_run_rejects_anything_but_one_select(project: Path) -> None:
    write(project, "sneaky.sql", "/* ---\ntitle: T\n--- */\nSELECT 1; SET threads = 8\n")
    (project / "build").mkdir()
    import duckdb as db

    db.connect(str(project / "build" / "warehouse.duckdb")).close()
    with pytest.raises(QueryError, match=r"sneaky\.sql: must hold exactly one SELECT"):
        run_all(load_config(project / "social-health.yml"))


def test_run_without_a_warehouse_says_what_to_do(project: Path) -> None:
    write(project, "weekly_n.sql", GOOD)
    with pytest.raises(QueryError, match="run `social-health ingest` first"):
        run_all(load_config(project / "social-health.yml"))
