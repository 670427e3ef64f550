"""The pull request comment: rendered by trusted code from the diff's JSON, which a pull request's run wrote.

The JSON is hostile here as it can be on GitHub: public-looking text in every field, a megabyte-long string, ten
thousand queries, wrong types and broken JSON. What `social-health comment` prints is rendered with GitHub's own
Markdown parser (cmark-gfm) and with markdown-it-py's linkify (conftest.live_markup): no mention, link, image or HTML
tag may come out, and it must fit one comment.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import live_markup
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.queries.diff import MetricDiff, QueryDiff, TileDiff
from pipeline.queries.diff_markdown import COMMENT, MAX_FILE_BYTES, SUMMARY, parse_diff, render

HOSTILE = (
    "@octocat [x](javascript:alert(1)) ![img](https://evil/x.png) <img src=x onerror=alert(1)> "
    "https://evil.example/login www.evil.example evil.example a@evil.example #12 GH-3 *bold* _em_ `code` | cell"
)
GITHUB_LIMIT = 65_536  # characters of a comment


def query(name: str = "vanity_weekly", text: str = HOSTILE) -> dict[str, Any]:
    tile = {
        "label": text,
        "format": "percent",
        "month": "2026-10-01",
        "before": 0.25,
        "after": 0.2625,
        "on_before": True,
        "on_after": True,
    }
    return {
        "name": name,
        "title": text,
        "why": ["SQL", text],
        "key": ["week", text],
        "rows_before": 10,
        "rows_after": 12,
        "added": 2,
        "removed": 0,
        "changed": 1,
        "tiles": [tile],
        "error_before": text,
        "error_after": "",
        "evaluation": {"precision": 0.9},
    }  # a key this renderer does not know


def diff(*queries: dict[str, Any], base: str = HOSTILE) -> dict[str, Any]:
    return {
        "base": base,
        "commit": "abcdef0123456789" * 2,
        "period_end": "2026-10-31",
        "queries": list(queries),
        "downstream": ["health_score", HOSTILE],
        "figures": [1, 2, 3],
    }


def comment(tmp_path: Path, data: Any) -> Any:
    path = tmp_path / "metric-diff.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return CliRunner().invoke(app, ["comment", str(path)])


@pytest.mark.parametrize(
    "hostile",
    [
        diff(query(), query(name="not a name @octocat")),
        diff(query(text="x" * 1_000_000)),  # a megabyte in one string
        diff(*[query(name=f"q{n}", text="@octocat https://evil.example") for n in range(10_000)]),  # 10,000 queries
        diff(query(text="@" * 30_000 + "|" * 30_000)),  # the characters that grow most when escaped
    ],
    ids=["every-field", "1-MB-string", "10000-queries", "escapes-grow"],
)
def test_hostile_text_in_the_json_renders_as_dead_text_within_one_comment(tmp_path: Path, hostile: Any) -> None:
    done = comment(tmp_path, hostile)
    assert done.exit_code == 0, done.output
    text = done.stdout
    assert text.startswith("## Metric diff against ")
    assert len(text) < GITHUB_LIMIT and len(text.encode("utf-8")) <= COMMENT.budget
    assert live_markup(text) == []
    assert "| `vanity_weekly` |" in text or "| `q0` |" in text  # plain query names stay readable, as code


def test_the_text_is_still_there_to_read(tmp_path: Path) -> None:
    text = comment(tmp_path, diff(query())).stdout
    assert "@\u200boctocat" in text and "evil\u200b.\u200bexample" in text
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" in text and "&#124; cell" in text
    assert "| `vanity_weekly` |" in text and "| error | 26% | +1.25 pp |" in text  # error_before is set


def test_what_does_not_fit_is_counted_and_sent_to_the_job_summary(tmp_path: Path) -> None:
    text = comment(tmp_path, diff(*[query(name=f"q{n}", text="@octocat") for n in range(10_000)])).stdout
    assert "… and 9,950 more changed query(ies); the pull request run's job summary has all of it." in text
    assert text.count("| `q") <= COMMENT.queries + COMMENT.tiles


def test_keys_it_does_not_know_are_ignored() -> None:
    bare = diff(query())
    for q in bare["queries"]:
        q.pop("evaluation")
    bare.pop("figures")
    rendered = [render(parse_diff(json.dumps(data), "x"), COMMENT) for data in (diff(query()), bare)]
    assert rendered[0] == rendered[1]


def mutated(change: str) -> dict[str, Any]:
    data = diff(query())
    target, key, value = {
        "base is a number": (data, "base", 1),
        "queries is an object": (data, "queries", {"q": 1}),
        "a count is text": (data["queries"][0], "rows_before", "12"),
        "a count is true": (data["queries"][0], "added", True),
        "a value is text": (data["queries"][0]["tiles"][0], "before", "1e9"),
        "a flag is text": (data["queries"][0]["tiles"][0], "on_before", "yes"),
        "a month is no date": (data["queries"][0]["tiles"][0], "month", "2026-13-45"),
        "the commit is no commit": (data, "commit", "HEAD; rm -rf /"),
        "a name is missing": (data["queries"][0], "name", None),
    }[change]
    target[key] = value
    if value is None:
        del target[key]
    return data


@pytest.mark.parametrize(
    "broken",
    [
        *(
            mutated(c)
            for c in (
                "base is a number",
                "queries is an object",
                "a count is text",
                "a count is true",
                "a value is text",
                "a flag is text",
                "a month is no date",
                "the commit is no commit",
                "a name is missing",
            )
        ),
        "{not json",
        "[" * 100_000,  # nesting deeper than a parser's stack
        "1" * 5_000,  # a number too long to read
        [diff(query())],  # a list, not the diff
    ],
)
def test_a_json_that_is_not_a_metric_diff_is_refused_in_one_line(tmp_path: Path, broken: Any) -> None:
    done = comment(tmp_path, broken)
    assert done.exit_code == 1
    lines = [line for line in done.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "metric-diff.json" in lines[0] and "Traceback" not in done.output
    assert "expected the metric-diff.json that `social-health diff` writes" in lines[0]
    assert "@octocat" not in lines[0] and len(lines[0]) < 400  # the value itself is never echoed


def test_a_file_larger_than_any_diff_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "metric-diff.json"
    path.write_text(json.dumps(diff(query(text="x" * MAX_FILE_BYTES))), encoding="utf-8")
    done = CliRunner().invoke(app, ["comment", str(path)])
    assert done.exit_code == 1 and "more than a metric diff can be" in done.output


def test_wrong_type_names_where_in_the_json(tmp_path: Path) -> None:
    done = comment(tmp_path, mutated("a value is text"))
    assert "$.queries[0].tiles[0].before must be number or null" in done.output


def test_the_job_summary_and_the_comment_are_one_renderer_of_the_diffs_json(tmp_path: Path) -> None:
    tile = TileDiff("Likes a week", "number", date(2026, 10, 1), 120.0, 240.0, True, True)
    made = MetricDiff(
        "origin/main",
        "f" * 40,
        date(2026, 10, 31),
        (QueryDiff("vanity_weekly", "Likes", ("SQL",), ("week",), 4, 4, 0, 0, 4, (tile,)),),
        ("health_score",),
    )
    (tmp_path / "metric-diff.json").write_text(made.to_json(), encoding="utf-8")
    done = CliRunner().invoke(app, ["comment", str(tmp_path / "metric-diff.json"), "--out", str(tmp_path / "c.md")])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "c.md").read_text(encoding="utf-8") == made.markdown()
    assert "| `vanity_weekly` | Likes a week, October 2026 | 120 | 240 | +120 (+100%) |" in made.markdown()


def test_the_summary_has_room_for_more_than_the_comment() -> None:
    data = parse_diff(json.dumps(diff(*[query(name=f"q{n}") for n in range(300)])), "x")
    assert render(copy.deepcopy(data), SUMMARY).count("| `q") > render(data, COMMENT).count("| `q")
