"""The metric engine on a small project: order from references, example tests, checks, parameters, result files."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from conftest import small_warehouse
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import load_config
from pipeline.errors import QueryError
from pipeline.queries.run import ordered_queries

WEEKLY = """/* ---
title: Likes per week
chart: {type: line, x: week, y: likes}
checks:
  - unique: [week]
  - range: {column: likes, min: 0}
--- */
SELECT CAST(date_trunc('week', timezone(getvariable('timezone'), published_at)) AS DATE) AS week, sum(likes) AS likes
FROM posts
WHERE timezone(getvariable('timezone'), published_at)::DATE <= getvariable('period_end')
GROUP BY ALL
"""
BEST = """/* ---
title: Best week
checks:
  - at_least_rows: 1
  - name: best week is the maximum
    sql: SELECT * FROM best_week WHERE likes < (SELECT max(likes) FROM likes_weekly)
    severity: warn
--- */
SELECT week, likes FROM likes_weekly ORDER BY likes DESC LIMIT 1
"""
EXAMPLE = """given:
  posts:
    - {platform: x, post_id: "1", published_at: "2026-05-03 23:30:00+00", likes: 5}
    - {platform: x, post_id: "2", published_at: "2026-05-04 10:00:00+00", likes: 7}
variables: {timezone: Europe/Madrid}
expect:
  - {week: 2026-05-04, likes: 12}
"""


def write(project: Path, name: str, text: str) -> Path:
    path = project / "queries" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def order(project: Path) -> list[str]:
    con = duckdb.connect()
    queries, _ = ordered_queries(con, project / "queries")
    return [q.name for q in queries]


def with_warehouse(project: Path) -> Path:
    return small_warehouse(
        project,
        [
            ("x", "1", "2026-05-04 10:00+00", 5),
            ("x", "2", "2026-05-05 10:00+00", 7),
            ("x", "3", "2026-05-12 10:00+00", 30),
            ("x", "4", "2026-06-01 10:00+00", 2),
        ],
    )


def test_order_follows_references_not_names(project: Path) -> None:
    write(project, "a/best_week.sql", BEST)
    write(project, "b/likes_weekly.sql", WEEKLY)
    assert order(project) == ["likes_weekly", "best_week"]


def test_a_cycle_names_the_files(project: Path) -> None:
    write(project, "a/one.sql", "/* ---\ntitle: One\n--- */\nSELECT * FROM two\n")
    write(project, "b/two.sql", "/* ---\ntitle: Two\n--- */\nSELECT * FROM one\n")
    with pytest.raises(QueryError, match=r"circle: queries/a/one\.sql -> queries/b/two\.sql -> queries/a/one\.sql"):
        order(project)


def test_a_missing_name_is_named_with_a_suggestion(project: Path) -> None:
    write(project, "likes_weekly.sql", WEEKLY)
    write(project, "best_week.sql", BEST.replace("FROM likes_weekly ORDER", "FROM like_weekly ORDER"))
    with pytest.raises(QueryError, match=r"best_week\.sql: reads 'like_weekly' \(did you mean 'likes_weekly'\?\)"):
        order(project)


def test_example_tests_pass_and_fail_with_the_difference(project: Path) -> None:
    write(project, "likes_weekly.sql", WEEKLY)
    write(project, "likes_weekly.test.yaml", EXAMPLE)
    runner = CliRunner()
    ok = runner.invoke(app, ["check", "--config", str(project / "social-health.yml")])
    assert ok.exit_code == 0, ok.output
    assert "1 queries in order; 1 example test(s) passed" in ok.stdout
    write(project, "likes_weekly.test.yaml", EXAMPLE.replace("likes: 12", "likes: 13"))
    bad = runner.invoke(app, ["check", "--config", str(project / "social-health.yml")])
    assert bad.exit_code == 1
    assert "likes_weekly.test.yaml: expected but not returned: {week: 2026-05-04, likes: 13}" in bad.stderr
    assert "likes_weekly.test.yaml: returned but not expected: {week: 2026-05-04, likes: 12}" in bad.stderr


PER_MENTION = """/* ---
title: Mentions so far
grain: mention
incremental: week
checks:
  - unique: [mention_id]
--- */
SELECT mention_id, CAST(date_trunc('week', timezone(getvariable('timezone'), published_at)) AS DATE) AS week,
       count(*) OVER (PARTITION BY week) AS {count}
FROM mentions
"""
PER_MENTION_EXAMPLE = """description: two mentions a week apart
variables: {timezone: Europe/Madrid, period_end: 2026-05-17}
given:
  mentions:
    - {platform: x, mention_id: "1", author_role: other, published_at: "2026-05-04 09:00:00+00", text: uno}
    - {platform: x, mention_id: "2", author_role: other, published_at: "2026-05-11 09:00:00+00", text: dos}
expect:
  - {mention_id: "1", week: 2026-05-04, mentions: 1}
  - {mention_id: "2", week: 2026-05-11, mentions: %s}
"""


def test_an_incremental_querys_promise_is_checked_week_by_week(project: Path) -> None:
    """``incremental: week`` promises a week's rows depend on that week's mentions only: the example test computes
    each week alone and compares, so a query counting across weeks fails ``check`` before a nightly trusts it."""
    write(project, "mentions_so_far.sql", PER_MENTION.format(count="mentions"))
    write(project, "mentions_so_far.test.yaml", PER_MENTION_EXAMPLE % 1)
    runner = CliRunner()
    ok = runner.invoke(app, ["check", "--config", str(project / "social-health.yml")])
    assert ok.exit_code == 0, ok.output
    across = PER_MENTION.replace("PARTITION BY week", "ORDER BY published_at").format(count="mentions")
    write(project, "mentions_so_far.sql", across)
    write(project, "mentions_so_far.test.yaml", PER_MENTION_EXAMPLE % 2)
    bad = runner.invoke(app, ["check", "--config", str(project / "social-health.yml")])
    assert bad.exit_code == 1
    assert (
        "mentions_so_far.test.yaml: incremental: week does not hold: the rows of the week of 2026-05-11 differ"
        in " ".join(bad.stderr.split())
    )


def test_example_errors_name_the_file_and_line(project: Path) -> None:
    write(project, "likes_weekly.sql", WEEKLY)
    write(project, "likes_weekly.test.yaml", EXAMPLE.replace("variables:", "varables:"))
    result = CliRunner().invoke(app, ["check", "--config", str(project / "social-health.yml")])
    assert result.exit_code == 1
    assert "likes_weekly.test.yaml:5: unknown key 'varables' (did you mean 'variables'?)" in result.stderr


def test_check_needs_no_warehouse(project: Path) -> None:
    write(project, "likes_weekly.sql", WEEKLY)
    write(project, "likes_weekly.test.yaml", EXAMPLE)
    assert not (project / "build").exists()
    result = CliRunner().invoke(app, ["check", "--config", str(project / "social-health.yml")])
    assert result.exit_code == 0, result.output
    assert not (project / "build").exists()


def test_run_stores_results_files_and_a_manifest(project: Path) -> None:
    config_path = with_warehouse(project)
    write(project, "likes_weekly.sql", WEEKLY)
    write(project, "best_week.sql", BEST)
    result = CliRunner().invoke(app, ["run", "--config", str(config_path), "--period-end", "2026-05-31"])
    assert result.exit_code == 0, result.output
    results = project / "build" / "results"
    assert (results / "likes_weekly.csv").read_text() == "week,likes\n2026-05-04,12\n2026-05-11,30\n"
    assert duckdb.sql(f"SELECT * FROM '{results / 'best_week.parquet'}'").fetchall()[0][1] == 30
    manifest = json.loads((results / "manifest.json").read_text())
    assert manifest["variables"]["period_end"] == "2026-05-31"
    assert [(q["name"], q["rows"], [c["name"] for c in q["columns"]]) for q in manifest["queries"]] == [
        ("likes_weekly", 2, ["week", "likes"]),
        ("best_week", 1, ["week", "likes"]),
    ]
    assert all(len(q["sha256"]) == 64 and q["seconds"] >= 0 for q in manifest["queries"])
    assert [c["passed"] for c in manifest["checks"]] == [True, True, True, True]


def test_period_end_defaults_to_the_last_day_with_data_and_vars_override(project: Path) -> None:
    config_path = with_warehouse(project)
    write(project, "likes_weekly.sql", WEEKLY)
    runner = CliRunner()
    assert runner.invoke(app, ["run", "--config", str(config_path)]).exit_code == 0
    assert (project / "build/results/likes_weekly.csv").read_text().endswith("2026-06-01,2\n")
    assert runner.invoke(app, ["run", "--config", str(config_path), "--var", "period_end=2026-05-10"]).exit_code == 0
    assert (project / "build/results/likes_weekly.csv").read_text() == "week,likes\n2026-05-04,12\n"


def test_failed_checks_print_rows_and_only_errors_fail_the_run(project: Path) -> None:
    config_path = with_warehouse(project)
    write(
        project, "likes_weekly.sql", WEEKLY.replace("range: {column: likes, min: 0}", "range: {column: likes, max: 10}")
    )
    result = CliRunner().invoke(app, ["run", "--config", str(config_path)])
    assert result.exit_code == 1
    assert "error: queries/likes_weekly.sql:6: check 'likes <= 10' found 2 bad row(s)" in result.stderr
    assert "2026-05-11" in result.stderr and "30" in result.stderr  # the offending rows are shown
    assert "1 check(s) of severity error failed" in result.stderr
    write(
        project,
        "likes_weekly.sql",
        WEEKLY.replace("range: {column: likes, min: 0}", "range: {column: likes, max: 10}\n    severity: warn"),
    )
    warned = CliRunner().invoke(app, ["run", "--config", str(config_path)])
    assert warned.exit_code == 0
    assert "warn: queries/likes_weekly.sql:6: check 'likes <= 10' found 2 bad row(s)" in warned.stderr


def test_config_parameters_reach_sql(project: Path) -> None:
    config_path = with_warehouse(project)
    text = config_path.read_text() + "report: {net_sentiment_min_n: 7, weights: {care: 3}}\n"
    text += "attribution: {social: {discount_codes: [INSTA10]}}\n"
    config_path.write_text(text)
    write(
        project,
        "params.sql",
        "/* ---\ntitle: P\n--- */\nSELECT getvariable('net_sentiment_min_n') AS n, "
        "getvariable('weight_care') AS care, getvariable('weight_traffic') AS traffic, "
        "getvariable('social_discount_codes') AS codes, getvariable('timezone') AS tz\n",
    )
    result = CliRunner().invoke(app, ["run", "--config", str(config_path)])
    assert result.exit_code == 0, result.output
    assert (
        project / "build/results/params.csv"
    ).read_text() == "n,care,traffic,codes,tz\n7,3.0,1.0,[INSTA10],Europe/Madrid\n"
    assert load_config(config_path).report.weights["care"] == 3.0


def test_the_score_baseline_and_targets_reach_sql(project: Path) -> None:
    config_path = with_warehouse(project)
    text = config_path.read_text() + "report:\n  baseline: {from: 2024-11, to: 2025-10}\n  compare: quarter\n"
    text += "  targets: {care: {response_rate: 0.9}, word_of_mouth: {authentic_recommendations: 80}}\n"
    config_path.write_text(text)
    write(
        project,
        "params.sql",
        "/* ---\ntitle: P\n--- */\nSELECT getvariable('baseline_from') AS b_from, getvariable('baseline_to') AS b_to,"
        " getvariable('target_response_rate') AS rate, getvariable('target_authentic_recommendations') AS recs,"
        " getvariable('target_sessions') AS sessions\n",
    )
    result = CliRunner().invoke(app, ["run", "--config", str(config_path)])
    assert result.exit_code == 0, result.output
    csv = (project / "build/results/params.csv").read_text()
    assert csv == "b_from,b_to,rate,recs,sessions\n2024-11-01,2025-10-31,0.9,80.0,\n"
    assert load_config(config_path).report.compare == "quarter"
