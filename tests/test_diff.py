"""`social-health diff --base REF`: changed queries, before and after on the same data, in a real git repository.

One project per module: a git repository holding a copy of this project's queries (committed), with the demo's
warehouse and results beside it; each test copies it and edits the copy's working tree.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import as_read
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import Config, load_config
from pipeline.demo.project import write_demo_project
from pipeline.errors import DiffError
from pipeline.ingest import ingest
from pipeline.privacy import DEMO_SALT
from pipeline.queries.diff import extract_queries, natural_key
from pipeline.queries.diff_markdown import change_text
from pipeline.queries.graph import references
from pipeline.queries.header import discover, parse
from pipeline.queries.results import results_dir, write_results
from pipeline.queries.run import run_all
from pipeline.queries.sandbox import single_select

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
DEMO = Path("build") / "demo"
VANITY = Path("queries") / "vanity" / "vanity_weekly.sql"
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,  # no signing or hooks from whoever runs the tests
    "GIT_CONFIG_NOSYSTEM": "1",
}
runner = CliRunner()


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=GIT_ENV, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed copy of the queries, and the demo project (warehouse and results from those queries) beside it."""
    repo = tmp_path_factory.mktemp("diff") / "repo"
    shutil.copytree(ROOT / "queries", repo / "queries")
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    git(repo, "init", "-q")
    git(repo, "add", "queries", "mkdocs.yml")
    git(repo, "commit", "-q", "-m", "queries")
    config = load_config(write_demo_project(repo / DEMO, root=repo))
    ingest(config, DEMO_SALT)
    write_results(config, run_all(config))
    return repo


@pytest.fixture
def repo(origin: Path, tmp_path: Path) -> Path:
    """This test's own copy of the project (without the exports, which the diff never reads)."""
    return Path(shutil.copytree(origin, tmp_path / "repo", symlinks=True, ignore=shutil.ignore_patterns("exports")))


def config_of(repo: Path) -> Config:
    return load_config(repo / DEMO / "social-health.yml")


def diff(repo: Path, base: str = "HEAD") -> Any:
    return runner.invoke(app, ["diff", "--base", base, "--config", str(repo / DEMO / "social-health.yml")])


def written(repo: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((config_of(repo).build / "metric-diff" / "metric-diff.json").read_text())
    return data


def table_queries(markdown: str) -> set[str]:
    """The query names in the first column of the Markdown tables."""
    return {line.split("`")[1] for line in markdown.splitlines() if line.startswith("| `")}


def untouched(config: Config) -> dict[str, tuple[str, int]]:
    """Bytes and modification times of the warehouse and of every results file."""
    files = [config.warehouse, *sorted(results_dir(config).rglob("*"))]
    return {str(p): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in files if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_one_changed_query_shows_its_values_before_and_after_and_leaves_the_user_data_alone(repo: Path) -> None:
    config = config_of(repo)
    before = untouched(config)
    edit(repo / VANITY, "        po.likes,\n", "        po.likes * 2 AS likes,\n")

    result = diff(repo)

    assert result.exit_code == 0, result.output
    assert table_queries(result.stdout) == {"vanity_weekly"}
    (query,) = written(repo)["queries"]
    assert (query["name"], query["why"], query["key"]) == ("vanity_weekly", ["SQL"], ["week", "platform"])
    likes = next(t for t in query["tiles"] if t["label"] == "Likes a week")
    assert likes["after"] == pytest.approx(2 * likes["before"]) and likes["before"] > 0
    row = next(line for line in result.stdout.splitlines() if "Likes a week" in line)
    assert f"| {likes['before']:,.0f} | {likes['after']:,.0f} | +" in row
    reach = next(t for t in query["tiles"] if t["label"] == "Reach a week")
    assert reach["before"] == reach["after"] and "no change" in result.stdout
    assert query["rows_before"] == query["rows_after"] > 0
    assert query["changed"] > 0 and query["added"] == query["removed"] == 0
    # health_score reads vanity_weekly: named once, as not compared; no other query is named at all
    assert written(repo)["downstream"] == ["health_score"]
    others = {q.name for q in discover(repo / "queries")} - {"vanity_weekly", "health_score"}
    assert not [name for name in others if name in result.stdout]
    assert "1 changed query: vanity_weekly" in result.stderr
    assert untouched(config) == before
    assert git(repo, "status", "--porcelain") == f" M {VANITY.as_posix()}\n?? build/\n"


def test_a_word_list_change_lists_exactly_the_queries_reading_it(repo: Path) -> None:
    words = repo / "queries" / "reference" / "word_lists.csv"
    lines = words.read_text(encoding="utf-8").splitlines(keepends=True)
    words.write_text("".join(line for line in lines if not line.startswith("disclosure,")), encoding="utf-8")
    con = duckdb.connect()
    queries = discover(repo / "queries")
    readers = {q.name for q in queries if "word_lists" in references(con, single_select(con, q.sql, q.shown), q)}
    assert readers  # the demo's queries do read the word lists

    result = diff(repo)

    assert result.exit_code == 0, result.output
    assert table_queries(result.stdout) == readers
    found = written(repo)["queries"]
    assert {q["name"]: q["why"] for q in found} == {name: ["reference/word_lists.csv changed"] for name in readers}
    assert sum(q["changed"] for q in found) > 0  # paid mentions are no longer told apart
    assert "reference/word_lists.csv changed" in as_read(result.stdout)


def test_a_query_failing_on_one_side_is_reported_in_its_row_and_stops_no_other(repo: Path) -> None:
    good = (repo / VANITY).read_text(encoding="utf-8")
    edit(repo / VANITY, "        po.likes,\n", "        po.no_such_column AS likes,\n")
    git(repo, "commit", "-q", "-am", "a broken query")
    (repo / VANITY).write_text(good, encoding="utf-8")
    with (repo / "queries" / "reference" / "word_lists.csv").open("a", encoding="utf-8") as words:
        words.write("positive,en,splendid\n")  # mention_classes changes too, and runs on both sides

    result = diff(repo)

    assert result.exit_code == 0, result.output
    queries = {q["name"]: q for q in written(repo)["queries"]}
    vanity, classes = queries["vanity_weekly"], queries["mention_classes"]
    assert "vanity_weekly.sql" in vanity["error_before"] and "no_such_column" in vanity["error_before"]
    assert vanity["error_after"] == "" and vanity["rows_after"] > 0 and vanity["rows_before"] is None
    assert classes["error_before"] == classes["error_after"] == "" and classes["rows_before"] > 0
    assert "Could not run:" in result.stdout and "| error |" in result.stdout


def test_new_and_removed_queries_count_all_their_rows(repo: Path) -> None:
    (repo / "queries" / "loyalty" / "cohort_retention.sql").unlink()
    new = repo / "queries" / "vanity" / "posts_monthly.sql"
    new.write_text(
        "/* ---\ntitle: Posts a month\nchart: {x: month, y: posts}\ntiles:\n  - {label: Posts, value: sum(posts)}\n"
        "--- */\nSELECT CAST(date_trunc('month', published_at) AS DATE) AS month, count(*) AS posts FROM posts"
        " GROUP BY ALL\n",
        encoding="utf-8",
    )

    result = diff(repo)

    assert result.exit_code == 0, result.output
    queries = {q["name"]: q for q in written(repo)["queries"]}
    assert set(queries) == {"cohort_retention", "posts_monthly"}
    gone, added = queries["cohort_retention"], queries["posts_monthly"]
    assert gone["why"] == ["removed query"] and gone["removed"] == gone["rows_before"] > 0
    assert gone["rows_after"] is None and gone["added"] is None
    assert added["why"] == ["new query"] and added["added"] == added["rows_after"] > 0
    assert added["tiles"][0]["on_before"] is False and added["tiles"][0]["after"] > 0


def test_no_change_says_so(repo: Path) -> None:
    result = diff(repo)

    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "## Metric diff against HEAD: no query changed"
    assert written(repo)["queries"] == []


def test_an_unknown_revision_is_one_line_naming_it(repo: Path) -> None:
    result = diff(repo, "no-such-branch")

    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "'no-such-branch'" in lines[0] and "git fetch origin main" in lines[0]
    assert "Traceback" not in result.output


def test_queries_outside_git_or_an_option_as_revision_are_refused(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "queries" / "vanity", tmp_path / "queries" / "vanity")
    with pytest.raises(DiffError, match="not inside a git repository"):
        extract_queries(tmp_path / "queries", "HEAD", tmp_path / "base")
    with pytest.raises(DiffError, match="is not a git revision"):
        extract_queries(tmp_path / "queries", "--output=x", tmp_path / "base")


def test_rows_are_matched_on_the_unique_check_else_the_chart_series() -> None:
    vanity = parse(ROOT / VANITY, ROOT / "queries")
    assert natural_key(vanity, ("week", "platform", "likes")) == ("week", "platform")
    no_checks = replace(vanity, checks=())
    assert natural_key(no_checks, ("week", "platform", "likes")) == ("week", "platform")  # x, then where: platform
    assert natural_key(replace(no_checks, chart=None), ("week", "platform")) == ("week",)


def test_changes_are_written_in_the_tiles_own_terms() -> None:
    assert change_text("percent", 0.25, 0.2625) == "+1.25 pp"
    assert change_text("points", 40.0, 35.0) == "\u22125.00 pt"
    assert change_text("number", 200.0, 250.0) == "+50.0 (+25.0%)"
    assert change_text("minutes", 30.0, 30.0) == "no change"
    assert change_text("number", None, 3.0) == "\u2013"


def test_a_word_list_change_shows_the_classifier_evaluation_before_and_after(repo: Path) -> None:
    words = repo / "queries" / "reference" / "word_lists.csv"
    lines = words.read_text(encoding="utf-8").splitlines(keepends=True)
    words.write_text("".join(line for line in lines if not line.startswith("disclosure,")), encoding="utf-8")

    result = diff(repo)

    assert result.exit_code == 0, result.output
    evaluation = written(repo)["evaluation"]
    before, after = evaluation["before"]["all"], evaluation["after"]["all"]
    assert before["mentions"] == after["mentions"] > 600
    assert after["paid_recall"] < before["paid_recall"]  # without the tags, fewer disclosures are found
    assert after["sentiment_macro_f1"] == pytest.approx(before["sentiment_macro_f1"])
    assert "### Classifier evaluation on the labelled mentions" in result.stdout
    row = next(line for line in result.stdout.splitlines() if line.startswith("| all |"))
    assert f"{before['paid_recall']:.2f} → {after['paid_recall']:.2f}" in row


def test_a_new_labelled_mention_alone_shows_the_evaluation_and_no_query(repo: Path) -> None:
    labelled = next((repo / "queries" / "evaluation").glob("*.csv"))
    with labelled.open("a", encoding="utf-8") as handle:
        handle.write("zz-001,en,x,other,Go check them out: best bagels in town,false,positive,true,recommendation\n")

    result = diff(repo)

    assert result.exit_code == 0, result.output
    found = written(repo)
    assert found["queries"] == []
    assert found["evaluation"]["after"]["all"]["mentions"] == found["evaluation"]["before"]["all"]["mentions"] + 1
    assert "no query changed" in result.stdout and "Classifier evaluation" in result.stdout
