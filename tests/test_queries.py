"""Query files: header validation with file and line, and the sandbox every query runs in."""

from pathlib import Path

import duckdb
import pytest

from pipeline.config import load_config
from pipeline.errors import QueryError
from pipeline.queries import discover, parse
from pipeline.queries.parameters import TEST_DEFAULTS, resolve
from pipeline.queries.run import run_all
from pipeline.queries.sandbox import lock_down

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
        assert query.title and query.description and query.pillar
        assert query.chart or query.grain == "mention", f"{query.shown}: only per-mention tables go without a chart"
        assert query.tiles or query.alert or not query.chart, f"{query.shown}: a charted query needs tiles or alert"


def test_every_shipped_query_has_a_check_and_an_example_test() -> None:
    for query in discover(REPO_QUERIES):
        assert query.checks, f"{query.shown} has no checks"
        assert query.example.is_file(), f"{query.shown} has no example test {query.example.name}"


def test_header_parses_into_a_query(tmp_path: Path) -> None:
    query = parse(write(tmp_path, "weekly_n.sql", GOOD))
    assert (query.name, query.title, query.chart and query.chart.y) == ("weekly_n", "T", ("n",))


def test_a_chart_header_names_its_series_sets_formats_and_asks_for_a_second_axis(tmp_path: Path) -> None:
    header = (
        "/* ---\ntitle: T\nchart:\n  x: week\n  y: [rate, minutes, answered]\n"
        "  labels: {rate: Answered within a day}\n  format: {rate: percent, minutes: minutes, answered: percent}\n"
        "  rolling: [rate]\n--- */\nSELECT 1\n"
    )
    chart = parse(write(tmp_path, "care.sql", header)).chart
    assert chart is not None
    assert (chart.label("rate"), chart.label("minutes")) == ("Answered within a day", "Minutes")  # never raw
    assert chart.y2 == ("minutes",) and chart.axis_of("answered") == "y"  # the second format goes right
    assert chart.rolling == ("rate",) and chart.format_of("answered") == "percent"
    same = parse(write(tmp_path, "likes.sql", "/* ---\ntitle: T\nchart: {x: w, y: [a, b]}\n--- */\nSELECT 1\n"))
    assert same.chart is not None and same.chart.y2 == ()  # two counts share one axis unless the header asks
    asked = parse(write(tmp_path, "two.sql", "/* ---\ntitle: T\nchart: {x: w, y: [a, b], y2: b}\n--- */\nSELECT 1\n"))
    assert asked.chart is not None and asked.chart.y2 == ("b",)


def test_every_shipped_chart_names_each_series_it_draws() -> None:
    for query in discover(REPO_QUERIES):
        if query.chart:
            labelled = dict(query.chart.labels)
            assert all(c in labelled for c in query.chart.y), f"{query.shown}: chart.labels misses a y column"


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
        ("/* ---\ntitle: T\npillar: vanity_fair\n--- */\nSELECT 1\n", r":3: pillar must be one of word_of_mouth"),
        ("/* ---\ntitle: T\nincremental: month\n--- */\nSELECT 1\n", r":3: incremental must be week, or left out"),
        (
            "/* ---\ntitle: T\nchecks:\n  - unique: [n]\n  - not_nul: [n]\n--- */\nSELECT 1\n",
            r":5: checks: unknown check 'not_nul' \(did you mean 'not_null'\?\); kinds: not_null, unique",
        ),
        (
            "/* ---\ntitle: T\nchecks:\n  - unique: [n]\n    severity: fatal\n--- */\nSELECT 1\n",
            r":5: checks: severity must be error or warn",
        ),
        (
            "/* ---\ntitle: T\nchecks:\n  - range: {column: n, minimum: 0}\n--- */\nSELECT 1\n",
            r":4: checks: range takes \{column: name, min: number, max: number\}",
        ),
        ("/* ---\ntitle: T\nchecks:\n  - sql: SELECT 1\n--- */\nSELECT 1\n", r":4: checks: a sql check needs a name"),
        ("/* ---\ntitle: T\nchart: {type: line, x: a, y: b, colour: red}\n--- */\nSELECT 1\n", r":3: .*'chart.colour'"),
        (
            "/* ---\ntitle: T\nchart: {x: w, y: n}\ntiles:\n  - {label: N, vlaue: sum(n)}\n--- */\nSELECT 1\n",
            r":5: unknown header key 'tiles.vlaue' \(did you mean 'tiles.value'\?\)",
        ),
        (
            "/* ---\ntitle: T\nchart: {x: w, y: n}\ntiles:\n  - {label: N}\n--- */\nSELECT 1\n",
            r":5: a tile needs label: and value:",
        ),
        (
            "/* ---\ntitle: T\ntiles:\n  - {label: N, value: sum(n)}\n--- */\nSELECT 1\n",
            r":4: a tile needs time: \(its date column\) when the query has no chart",
        ),
        (
            "/* ---\ntitle: T\nchart: {x: w, y: n}\ntiles:\n  - {label: N, value: n, format: euros}\n"
            "--- */\nSELECT 1\n",
            r":5: tiles.format must be one of number, percent, minutes, points",
        ),
        ("/* ---\ntitle: T\nalert: {when: {active: true}}\n--- */\nSELECT 1\n", r":3: unknown header key 'alert.when'"),
        ("/* ---\ntitle: T\norder: first\n--- */\nSELECT 1\n", r":3: header key 'order' has a wrong value"),
        (
            "/* ---\ntitle: T\nchart: {x: w, y: n, labels: {m: M}}\n--- */\nSELECT 1\n",
            r":3: chart.labels names m, which the chart does not draw \(w, n\)",
        ),
        ("/* ---\ntitle: T\nchart: {x: w, y: n, y2: m}\n--- */\nSELECT 1\n", r":3: chart.y2 names m, not among"),
        (
            "/* ---\ntitle: T\nchart: {x: w, y: n, format: euros}\n--- */\nSELECT 1\n",
            r":3: chart.format of n must be one of number, percent, minutes, points",
        ),
        (
            "/* ---\ntitle: T\nchart: {x: w, y: [a, b, c], format: {a: percent, b: minutes}}\n--- */\nSELECT 1\n",
            r":3: a chart has at most two axes, one format each",
        ),
        ("/* ---\ntitle: T\nchart: {x: w, y: [a, b], y2: [a, b]}\n--- */\nSELECT 1\n", r":3: chart.y2 leaves nothing"),
        (
            "/* ---\ntitle: T\nchart: {type: bar, x: w, y: n, rolling: true}\n--- */\nSELECT 1\n",
            r":3: chart.rolling draws a line",
        ),
    ],
)
def test_header_errors_name_file_line_and_valid_keys(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse(write(tmp_path, "weekly_n.sql", text))


@pytest.fixture
def sandbox() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE TABLE posts (likes BIGINT)")
    lock_down(con, resolve(con, {**TEST_DEFAULTS, "period_end": "2026-05-31"}))
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


def test_checks_become_bad_row_queries(tmp_path: Path) -> None:
    header = """/* ---
title: T
checks:
  - not_null: [week]
  - unique: [week, platform]
    severity: warn
    threshold: 2
  - accepted_values: {column: platform, values: [all, x]}
  - at_least_rows: 3
  - range: {column: rate, min: 0, max: 1}
  - name: rate needs people
    sql: SELECT * FROM weekly_n WHERE rate > 0 AND people = 0
--- */
SELECT 1
"""
    checks = parse(write(tmp_path, "weekly_n.sql", header)).checks
    assert [(c.kind, c.severity, c.threshold, c.line) for c in checks] == [
        ("not_null", "error", 0, 4),
        ("unique", "warn", 2, 5),
        ("accepted_values", "error", 0, 8),
        ("at_least_rows", "error", 0, 9),
        ("range", "error", 0, 10),
        ("sql", "error", 0, 12),
    ]
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE weekly_n AS SELECT * FROM (VALUES (DATE '2026-05-04', 'all', 0.5, 3), (NULL, 'x', 1.5, 0),"
        " (DATE '2026-05-04', 'all', 0.2, 2), (DATE '2026-05-11', 'tiktok', NULL, 1)) t(week, platform, rate, people)"
    )
    bad = [con.execute(f"SELECT count(*) FROM ({c.bad_rows_sql('weekly_n')})").fetchone() for c in checks]
    assert bad == [(1,), (1,), (1,), (0,), (1,), (1,)]
