"""What the nightly workflow tells people: the job summary, new alerts against the published site, the one issue.

Alerts are compared with the `latest` version on a real bare git remote's gh-pages branch. The issue script talks to
GitHub through `gh`, which cannot reach GitHub from a test: a stand-in `gh` on PATH (conftest) answers `issue list`
from a file and records what the script asked, so the test shows that an open issue is commented on rather than
opened again. Issue and comment texts are rendered by GitHub's own Markdown parser (cmark-gfm) and by a linkifier to
show that nothing in them is live.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import as_read, fake_gh, gh_calls, git, live_markup
from typer.testing import CliRunner

from pipeline.alerts import active_alerts, issue_body, new_alerts, write_issue_body
from pipeline.cli import app
from pipeline.config import Config, load_config
from pipeline.queries.results import MANIFEST, load_manifest, results_dir

pytestmark = pytest.mark.slow  # builds and publishes demo sites

ROOT = Path(__file__).resolve().parents[1]
DEV = ["-c", "user.name=dev", "-c", "user.email=dev@example.org"]
COLUMNS = ["day", "negative_mentions", "first_mention"]


def project(tmp_path: Path, alert_rows: list[list[Any]]) -> Config:
    """A project in a git repository with a bare origin, and a results manifest holding these alert rows."""
    (tmp_path / "exports").mkdir(parents=True)
    (tmp_path / "social-health.yml").write_text(
        "brand: {name: Acme, handles: {x: [acme]}}\nexports: exports/\n"
        f"queries: {os.path.relpath(ROOT / 'queries', tmp_path)}\nsite: {{site_url: 'https://acme.example/'}}\n",
        encoding="utf-8",
    )
    config = load_config(tmp_path / "social-health.yml")
    manifest = {
        "variables": {"period_end": "2026-10-31"},
        "tiles": [],
        "checks": [],
        "alerts": [
            {"query": "negative_spike_alerts", "title": "Negative-spike alerts", "columns": COLUMNS, "rows": alert_rows}
        ],
    }
    results_dir(config).mkdir(parents=True)
    (results_dir(config) / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path.parent, "init", "-q", "--bare", str(tmp_path.parent / "origin.git"))
    git(tmp_path, "remote", "add", "origin", str(tmp_path.parent / "origin.git"))
    return config


def publish_alerts(config: Config, version: str, ids: list[str]) -> None:
    """A gh-pages branch on origin whose `latest` version lists these alert ids, as `build` writes alerts.json."""
    pages = config.root.parent / "pages"
    git(config.root.parent, "init", "-q", "-b", "gh-pages", str(pages))
    (pages / version).mkdir()
    (pages / "versions.json").write_text(
        json.dumps([{"version": version, "title": version, "aliases": ["latest"]}]), encoding="utf-8"
    )
    (pages / version / "alerts.json").write_text(json.dumps({"alerts": [{"id": i} for i in ids]}), encoding="utf-8")
    git(pages, "add", "-A")
    git(pages, *DEV, "commit", "-qm", "pages")
    git(pages, "push", "-q", str(config.root.parent / "origin.git"), "gh-pages")


def test_an_alert_already_in_the_published_report_is_not_new(tmp_path: Path) -> None:
    config = project(tmp_path / "p", [["2026-10-20", 40, "late parcel"], ["2026-10-29", 55, "rude reply"]])
    publish_alerts(config, "2026-10", ["negative_spike_alerts:2026-10-20"])
    assert [a.id for a in new_alerts(config)] == ["negative_spike_alerts:2026-10-29"]


def test_before_the_first_publish_every_active_alert_is_new(tmp_path: Path) -> None:
    config = project(tmp_path / "p", [["2026-10-29", 55, "rude reply"]])
    assert [a.id for a in new_alerts(config)] == ["negative_spike_alerts:2026-10-29"]


def test_the_issue_text_is_written_only_for_new_alerts_and_a_stale_one_is_removed(tmp_path: Path) -> None:
    config = project(tmp_path / "p", [["2026-10-29", 55, "rude reply"]])
    body = tmp_path / "alert-issue.md"
    result = CliRunner().invoke(app, ["alerts", "-c", str(config.path), "--issue-body", str(body)])
    assert result.exit_code == 0, result.output
    assert "1 new alert(s)" in result.output and "2026-10-29" in body.read_text(encoding="utf-8")
    publish_alerts(config, "2026-10", ["negative_spike_alerts:2026-10-29"])
    assert write_issue_body(config, body) == [] and not body.exists()


def test_public_text_in_the_issue_is_escaped() -> None:
    manifest = {
        "alerts": [
            {
                "query": "q",
                "title": "<b>T</b>",
                "columns": COLUMNS,
                "rows": [["2026-10-29", 3, "<script>x()</script> a|b\nc"]],
            }
        ]
    }
    text = issue_body(active_alerts(manifest), "")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "a&#124;b c" in text and "&lt;b&gt;T&lt;/b&gt;" in text


@pytest.mark.slow
def test_the_job_summary_shows_headlines_with_their_change_alerts_and_row_accounting(tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["demo", "--dir", str(tmp_path / "demo")])
    assert done.exit_code == 0, done.output
    result = runner.invoke(app, ["summary", "-c", str(tmp_path / "demo" / "social-health.yml")])
    assert result.exit_code == 0, result.output
    text = as_read(result.stdout)
    assert text.startswith("## Marea social health (demo): October 2026")
    assert "| Health score | October 2026 |" in text
    assert "### Alerts\n\nNo active alert." in text
    accounting = text.split("| files loaded |")[1].splitlines()[2]
    _, loaded_files, not_loaded, skipped, read, loaded, duplicates, rejected, _ = accounting.split("|")
    assert int(loaded_files) == 12 and int(not_loaded) == 0 and int(skipped) == 5  # viewer files are not data
    assert int(read) == int(loaded) + int(duplicates) + int(rejected) > 0
    manifest = load_manifest(load_config(tmp_path / "demo" / "social-health.yml"))
    assert manifest is not None
    checks = len(manifest["checks"])
    assert checks > 70 and f"Checks: {checks} of {checks} passed." in text


# --- The one issue --------------------------------------------------------------------------------------------------

SCRIPT = ROOT / ".github" / "scripts" / "open-or-update-issue.sh"


def run_script(tmp_path: Path, open_issues: list[dict[str, Any]]) -> list[str]:
    (tmp_path / "issues.json").write_text(json.dumps(open_issues), encoding="utf-8")
    (tmp_path / "body.md").write_text("body", encoding="utf-8")
    env = fake_gh(tmp_path, GH_ISSUES=str(tmp_path / "issues.json"))
    subprocess.run(
        ["bash", str(SCRIPT), "Nightly report failed", str(tmp_path / "body.md")],
        env=env,
        check=True,
        capture_output=True,
    )
    return gh_calls(tmp_path)


def test_an_open_issue_with_the_title_is_commented_on_not_opened_again(tmp_path: Path) -> None:
    calls = run_script(
        tmp_path,
        [{"number": 7, "title": "Nightly report failed (old)"}, {"number": 12, "title": "Nightly report failed"}],
    )
    assert calls[1:] == [f"issue comment 12 --body-file {tmp_path / 'body.md'}"]


def test_without_an_open_issue_of_that_exact_title_one_is_opened(tmp_path: Path) -> None:
    calls = run_script(tmp_path, [{"number": 7, "title": "Nightly report failed (old)"}])
    assert calls[1:] == [f"issue create --title Nightly report failed --body-file {tmp_path / 'body.md'}"]


# --- The metric diff comment on a pull request (pr-comment.yml) -------------------------------------------------

POST = ROOT / ".github" / "scripts" / "post-metric-diff.sh"


def post_diff(tmp_path: Path, pr_number: str, head: str, earlier_comment: str = "") -> subprocess.CompletedProcess[str]:
    """The comment flow of pr-comment.yml: the artifact's JSON rendered by `social-health comment`, then posted."""
    artifact = tmp_path / "diff"
    artifact.mkdir(exist_ok=True)
    (artifact / "pr-number").write_text(pr_number, encoding="utf-8")
    (artifact / "metric-diff.json").write_text(json.dumps(big_diff()), encoding="utf-8")
    rendered = CliRunner().invoke(app, ["comment", str(artifact / "metric-diff.json"), "--out", str(tmp_path / "c.md")])
    assert rendered.exit_code == 0, rendered.output
    env = fake_gh(tmp_path, GH_HEAD=head, GH_COMMENT=earlier_comment, HEAD_SHA="abc123")
    return subprocess.run(
        ["bash", str(POST), str(artifact / "pr-number"), str(tmp_path / "c.md")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )


def big_diff() -> dict[str, Any]:
    """A metric diff whose queries would not fit one comment, with public text in its labels."""
    tile = {
        "label": "Likes @octocat www.evil.example",
        "format": "number",
        "month": "2026-10-01",
        "before": 1.0,
        "after": 2.0,
        "on_before": True,
        "on_after": True,
    }
    query = {
        "name": "vanity_weekly",
        "title": "Vanity",
        "why": ["SQL"],
        "key": ["week"],
        "rows_before": 9,
        "rows_after": 9,
        "added": 0,
        "removed": 0,
        "changed": 9,
        "tiles": [tile] * 3,
        "error_before": "",
        "error_after": "",
    }
    return {
        "base": "HEAD^1",
        "commit": "0" * 40,
        "period_end": "2026-10-31",
        "queries": [query] * 3000,
        "downstream": [],
    }


def test_the_diff_is_posted_once_then_edited_and_fits_a_comment(tmp_path: Path) -> None:
    assert post_diff(tmp_path, "41\n", head="abc123").returncode == 0
    assert gh_calls(tmp_path)[-1] == "pr comment 41 --body-file comment-with-marker.md"
    comment = (tmp_path / "comment-with-marker.md").read_text(encoding="utf-8")
    assert comment.startswith("<!-- social-health metric diff -->\n## Metric diff against HEAD^1\n")
    assert len(comment.encode("utf-8")) < 61_000 and "more changed query(ies)" in comment
    assert live_markup(comment.split("\n", 1)[1]) == []
    assert post_diff(tmp_path, "41", head="abc123", earlier_comment="998").returncode == 0
    patch = "api -X PATCH repos/acme/social/issues/comments/998 -F body=@comment-with-marker.md"
    assert gh_calls(tmp_path)[-1] == patch


@pytest.mark.parametrize(
    ("pr_number", "head", "why"),
    [
        ("41", "fff999", "not at the reviewed commit"),  # a fork naming another pull request
        ("41; rm -rf /", "abc123", "pr-number is not a number"),
    ],
)
def test_a_diff_for_another_pull_request_or_a_forged_number_is_not_posted(
    tmp_path: Path, pr_number: str, head: str, why: str
) -> None:
    done = post_diff(tmp_path, pr_number, head=head)
    assert done.returncode == 1 and why in done.stdout
    assert not any(c.startswith(("pr comment", "api -X PATCH")) for c in gh_calls(tmp_path))


def test_a_comment_over_githubs_limit_is_not_posted(tmp_path: Path) -> None:
    """The renderer keeps within the limit; the script checks again, whatever file it is given."""
    (tmp_path / "pr-number").write_text("41", encoding="utf-8")
    (tmp_path / "huge.md").write_text("x" * 70_000, encoding="utf-8")
    env = fake_gh(tmp_path, GH_HEAD="abc123", HEAD_SHA="abc123")
    done = subprocess.run(
        ["bash", str(POST), str(tmp_path / "pr-number"), str(tmp_path / "huge.md")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and "over 65,000 bytes" in done.stdout
    assert not any(c.startswith(("pr comment", "api -X PATCH")) for c in gh_calls(tmp_path))


HOSTILE = [
    "@octocat see [this](https://evil.example) ![x](y) *now*",
    "[x](javascript:alert(1)) ![img](https://evil/x.png) <img src=x onerror=alert(1)>",
    "bare https://evil.example/login?next=%2F, www.evil.example and evil.example, write to a@evil.example",
    "#12 GH-7 @org/team `code` ~~gone~~ $x^2$ &#64;octocat",
]


def test_issue_text_cannot_mention_people_or_link_anywhere() -> None:
    rows = [["2026-10-29", 3, text] for text in HOSTILE]
    title = "Spike @octocat www.evil.example"
    manifest = {"alerts": [{"query": "q", "title": title, "columns": COLUMNS, "rows": rows}]}
    text = issue_body(active_alerts(manifest), "")
    assert "@octocat" not in text and "@\u200boctocat" in text
    assert "](" not in text and "\\[this\\]" in text and "\\*now\\*" in text
    assert live_markup(text) == []
    assert "evil\u200b.\u200bexample" in text  # the text is still there, to read


def test_issue_text_fits_an_issue_however_many_alerts() -> None:
    manifest = {
        "alerts": [
            {"query": f"q{n}", "title": "Spike", "columns": COLUMNS, "rows": [["2026-10-29", 3, "|@" * 5_000]] * 30}
            for n in range(40)
        ]
    }
    text = issue_body(active_alerts(manifest), "")
    assert len(text.encode("utf-8")) <= 60_000 and "cut to fit an issue" in text
    assert live_markup(text) == []


def test_alerts_can_read_the_pages_branch_as_fetched_without_reaching_the_remote(tmp_path: Path) -> None:
    """The nightly job's checkout brings origin/gh-pages with every branch; `alerts --no-fetch` needs no credential."""
    config = project(tmp_path / "p", [["2026-10-20", 40, "late parcel"], ["2026-10-29", 55, "rude reply"]])
    publish_alerts(config, "2026-10", ["negative_spike_alerts:2026-10-20"])
    git(config.root, "fetch", "-q", "origin", "+refs/heads/*:refs/remotes/origin/*")  # what the checkout does
    git(config.root, "remote", "set-url", "origin", str(tmp_path / "gone.git"))  # a remote it could not reach
    body = tmp_path / "alert-issue.md"
    done = CliRunner().invoke(app, ["alerts", "-c", str(config.path), "--issue-body", str(body), "--no-fetch"])
    assert done.exit_code == 0, done.output
    assert "2026-10-29" in body.read_text(encoding="utf-8") and "2026-10-20" not in body.read_text(encoding="utf-8")
    fetching = CliRunner().invoke(app, ["alerts", "-c", str(config.path), "--issue-body", str(body)])
    assert fetching.exit_code == 1 and "cannot read git remote 'origin'" in fetching.output
