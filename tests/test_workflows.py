"""The GitHub Actions workflows: what they trigger on, what they may do, and that their steps really run.

GitHub itself is not reachable from a test, so the nightly workflow's `run:` steps are run in order by a small
runner below, in a copy of this repository whose `origin` is a local bare repository standing in for GitHub, on the
demo data. `uses:` steps are stood in for: checkout is the copy itself, setup-uv is the uv running the tests, and
upload-artifact checks that the files it would keep exist. Expressions are evaluated with the few GitHub functions the
workflows use.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import git, repository_with_origin

from pipeline.config import load_config
from pipeline.demo.project import write_demo_project

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def workflow(name: str) -> dict[str, Any]:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(flow: dict[str, Any]) -> dict[str, Any]:
    return flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` key as True


def steps_of(flow: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(job, step) for job, spec in flow["jobs"].items() for step in spec["steps"]]


ALL = sorted(p.name for p in WORKFLOWS.glob("*.yml"))


def test_the_four_workflows_exist() -> None:
    assert ALL == ["ci.yml", "nightly.yml", "pr-comment.yml", "pull-request.yml"]


@pytest.mark.parametrize("name", ALL)
def test_every_workflow_grants_nothing_at_the_top_and_pins_actions_by_commit(name: str) -> None:
    flow = workflow(name)
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    assert flow["permissions"] == {}
    for job, spec in flow["jobs"].items():
        assert "permissions" in spec, f"{name}: job {job} must say what it may do"
        assert spec.get("timeout-minutes"), f"{name}: job {job} needs a timeout"
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert uses or name == "pr-comment.yml"
    for action, comment in uses:
        assert PINNED.match(action), f"{name}: {action} is not pinned by a full commit SHA"
        assert re.search(r"# v\d+\.\d+\.\d+", comment), f"{name}: {action} needs its version as a comment"


@pytest.mark.parametrize("name", ALL)
def test_no_expression_is_interpolated_into_a_shell_script(name: str) -> None:
    for job, step in steps_of(workflow(name)):
        assert "${{" not in step.get("run", ""), f"{name}: {job} step {step.get('name')} must pass values via env:"


@pytest.mark.parametrize("name", ALL)
def test_checkouts_keep_no_credentials_except_the_publishing_one(name: str) -> None:
    for job, step in steps_of(workflow(name)):
        if step.get("uses", "").startswith("actions/checkout@"):
            persist = step["with"]["persist-credentials"]
            assert persist is (name == "nightly.yml" and job == "report"), f"{name}: {job}"


def test_nightly_runs_at_an_odd_minute_in_the_brands_time_zone_and_by_hand_with_typed_inputs() -> None:
    on = triggers(workflow("nightly.yml"))
    assert set(on) == {"schedule", "workflow_dispatch"}
    (schedule,) = on["schedule"]
    minute = int(schedule["cron"].split()[0])
    assert minute % 2 == 1
    assert schedule["timezone"] == load_config(ROOT / "social-health.yml").timezone
    inputs = on["workflow_dispatch"]["inputs"]
    assert {k: v["type"] for k, v in inputs.items()} == {
        "month": "string",
        "publish": "boolean",
        "issue_on_alerts": "boolean",
    }
    assert inputs["month"]["default"] == "" and inputs["publish"]["default"] is True


def test_nightly_deploys_one_at_a_time_and_only_its_report_job_may_write_the_repository() -> None:
    flow = workflow("nightly.yml")
    assert flow["concurrency"] == {"group": "gh-pages", "cancel-in-progress": False}
    report, issue = flow["jobs"]["report"], flow["jobs"]["issue"]
    assert report["permissions"] == {"contents": "write"}
    assert issue["permissions"] == {"issues": "write", "contents": "read"}
    checkout = report["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0  # queries_commit needs the history
    site = next(s for s in report["steps"] if s.get("with", {}).get("name") == "site")
    assert site["if"] == "always()" and site["with"]["include-hidden-files"] is True


def test_pull_requests_run_untrusted_code_with_a_read_only_token_and_no_secrets() -> None:
    flow = workflow("pull-request.yml")
    text = (WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8")
    assert set(triggers(flow)) == {"pull_request"}
    assert "pull_request_target" not in text and "secrets." not in text
    assert flow["jobs"]["review"]["permissions"] == {"contents": "read"}
    assert flow["concurrency"]["cancel-in-progress"] is True
    runs = " ".join(step.get("run", "") for _, step in steps_of(flow))
    for command in (
        "ruff check",
        "sqlfluff lint --format github-annotation-native",
        "bash .ci/run",
        "social-health check",
        "social-health demo",
        "social-health diff --config build/demo/social-health.yml --base HEAD^1",
    ):
        assert command in runs
    diff = next(s for _, s in steps_of(flow) if s.get("name") == "Metric diff")
    assert diff["if"] == "${{ !cancelled() }}"  # also when the tests or a check failed


def test_the_comment_workflow_never_checks_out_or_runs_the_pull_requests_code() -> None:
    flow = workflow("pr-comment.yml")
    assert triggers(flow)["workflow_run"]["workflows"] == [workflow("pull-request.yml")["name"]]
    assert flow["jobs"]["comment"]["permissions"] == {"actions": "read", "pull-requests": "write"}
    checkout, post = flow["jobs"]["comment"]["steps"]
    assert checkout["uses"].startswith("actions/checkout@") and "ref" not in checkout["with"]  # the default branch
    assert "uv run" not in post["run"] and "post-metric-diff.sh" in post["run"]
    assert post["env"]["HEAD_SHA"] == "${{ github.event.workflow_run.head_sha }}"


def test_ci_runs_the_readmes_test_command_on_push() -> None:
    flow = workflow("ci.yml")
    assert set(triggers(flow)) == {"push"}
    assert any(step.get("run") == "bash .ci/run" for _, step in steps_of(flow))
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("uv run pytest")


def zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["zizmor", "--offline", "--min-severity", "medium", "--no-progress", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_zizmor_finds_nothing_of_medium_or_higher_severity() -> None:
    done = zizmor(WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_does_catch_an_input_interpolated_into_a_script(tmp_path: Path) -> None:
    """The check above can fail: the same audit on a copy that puts an input straight into the shell."""
    text = (WORKFLOWS / "nightly.yml").read_text(encoding="utf-8")
    unsafe = text.replace('--month "$REPORT_MONTH"', '--month "${{ inputs.month }}"')
    assert unsafe != text
    (tmp_path / "nightly.yml").write_text(unsafe, encoding="utf-8")
    done = zizmor(tmp_path / "nightly.yml")
    assert done.returncode != 0 and "template-injection" in done.stdout


# --- Running the nightly workflow's steps -----------------------------------------------------------------------


class Context(dict[str, Any]):
    """A GitHub expression context: a missing property is null, as on GitHub."""

    def __getattr__(self, name: str) -> Any:
        value = self.get(name)
        return Context(value) if isinstance(value, dict) else value


def evaluate(expression: str, contexts: dict[str, Any], failed: bool) -> Any:
    """The GitHub expressions the workflows use: ==, !=, &&, ||, !, contexts, always(), failure(), success(),
    cancelled() (never, here)."""
    python = (
        expression.strip()
        .removeprefix("${{")
        .removesuffix("}}")
        .replace("&&", " and ")
        .replace("||", " or ")
        .replace("cancelled()", "False")
        .replace("always()", "True")
        .replace("failure()", "_failed")
        .replace("success()", "(not _failed)")
    )
    python = re.sub(r"!(?!=)", " not ", python)
    names = {k: Context(v) for k, v in contexts.items()} | {"_failed": failed}
    return eval(python, {"__builtins__": {}}, names)


def runs(step: dict[str, Any], contexts: dict[str, Any], failed: bool) -> bool:
    condition = str(step.get("if", "success()"))
    if not re.search(r"always\(\)|failure\(\)|success\(\)|cancelled\(\)", condition):
        condition = f"success() && ({condition})"
    return bool(evaluate(condition, contexts, failed))


def substitute(value: Any, contexts: dict[str, Any]) -> str:
    def one(match: re.Match[str]) -> str:
        result = evaluate(match.group(1), contexts, False)
        return "" if result is None else str(result).lower() if isinstance(result, bool) else str(result)

    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", one, str(value))


@dataclass
class JobRun:
    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed_step: str | None = None
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    logs: list[str] = field(default_factory=list)
    kept: dict[str, Path] = field(default_factory=dict)  # artifact name -> path


def run_job(flow: dict[str, Any], job: str, workspace: Path, contexts: dict[str, Any], home: Path) -> JobRun:
    spec, result = flow["jobs"][job], JobRun()
    summary, output = home / "summary.md", home / "output.txt"
    base_env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT")}
    base_env |= {"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output), "CI": "true"}
    contexts = contexts | {"steps": {}}
    for step in spec["steps"]:
        label = step.get("name") or step.get("uses") or step["run"]
        if not runs(step, contexts, result.failed_step is not None):
            result.skipped.append(label)
            continue
        result.ran.append(label)
        if "uses" in step:
            _stand_in_for_action(step, workspace, result)
            continue
        env = base_env | {k: substitute(v, contexts) for k, v in {**spec.get("env", {}), **step.get("env", {})}.items()}
        output.write_text("", encoding="utf-8")
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        result.logs.append(f"$ {label}\n{done.stdout}{done.stderr}")
        outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if "=" in line)
        if "id" in step:
            contexts["steps"][step["id"]] = {"outputs": outputs}
            result.outputs[step["id"]] = outputs
        if done.returncode != 0:
            result.failed_step = label
    return result


def _stand_in_for_action(step: dict[str, Any], workspace: Path, result: JobRun) -> None:
    action = step["uses"].split("@")[0]
    if action == "actions/upload-artifact":
        path = workspace / step["with"]["path"]
        assert path.exists() or step["with"].get("if-no-files-found") == "warn", f"{path} is not there to keep"
        if path.exists():
            result.kept[step["with"]["name"]] = path
    else:
        assert action in ("actions/checkout", "astral-sh/setup-uv"), f"no stand-in for {action}"


@dataclass(frozen=True)
class Repo:
    workspace: Path
    remote: Path
    home: Path


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """This repository's tracked files, committed and pushed to a bare `origin`; its config made the demo's."""
    base = tmp_path_factory.mktemp("nightly")
    workspace, remote, home = base / "workspace", base / "origin.git", base / "home"
    home.mkdir()
    tracked = git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z").split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (workspace / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, workspace / name)
    repository_with_origin(workspace, remote, "the project")
    _make_demo_the_brand(workspace)
    return Repo(workspace, remote, home)


def _make_demo_the_brand(workspace: Path) -> None:
    """The demo's exports and brand in social-health.yml, with the repository's own layout (build/, exports)."""
    demo = yaml.safe_load(write_demo_project(workspace / "build" / "demo-exports", root=workspace).read_text())
    demo |= {
        "exports": "build/demo-exports/exports",
        "warehouse": "build/warehouse.duckdb",
        "build": "build",
        "queries": "queries",
    }
    demo["site"] |= {"mkdocs": "mkdocs.yml"}
    (workspace / "social-health.yml").write_text(yaml.safe_dump(demo, sort_keys=False), encoding="utf-8")


ON_MAIN = {"ref_name": "main", "event": {"repository": {"default_branch": "main"}}}
SCHEDULED = {"github": {"event_name": "schedule", **ON_MAIN}, "inputs": {}, "secrets": {}}


@pytest.mark.slow
def test_the_nightly_steps_run_in_order_and_publish_the_months_version(repo: Repo) -> None:
    flow = workflow("nightly.yml")
    result = run_job(flow, "report", repo.workspace, SCHEDULED, repo.home)
    log = "\n".join(result.logs)
    assert result.failed_step is None, log
    assert result.skipped == ["Keep the alert issue text"]  # no new alert in the demo's last week
    assert result.outputs["alerts"] == {"new": "false"}
    assert (result.kept["site"] / "index.html").is_file()

    versions = json.loads(git(repo.remote, "show", "gh-pages:versions.json"))
    assert [(v["version"], v["aliases"]) for v in versions] == [("2026-10", ["latest"])]
    assert git(repo.remote, "cat-file", "-t", "gh-pages:2026-10/alerts.json") == "blob"
    summary = (repo.home / "summary.md").read_text(encoding="utf-8")
    assert "### Headline metrics" in summary and "Health score" in summary
    assert "Published October 2026 (2026-10, alias latest) to branch gh-pages and pushed to origin" in summary

    needs = {"report": {"result": "success", "outputs": {"new_alerts": result.outputs["alerts"]["new"]}}}
    assert not runs(flow["jobs"]["issue"], SCHEDULED | {"needs": needs}, failed=False)


@pytest.mark.slow
def test_a_failing_night_publishes_nothing_keeps_the_site_it_built_and_opens_the_issue(repo: Repo) -> None:
    flow = workflow("nightly.yml")
    tip = git(repo.remote, "rev-parse", "gh-pages") if _has_pages(repo) else None
    bad = repo.workspace / "build" / "demo-exports" / "exports" / "unknown-tool.csv"
    bad.write_text("Kolumne A;Kolumne B\n1;2\n", encoding="utf-8")
    try:
        result = run_job(flow, "report", repo.workspace, SCHEDULED, repo.home)
    finally:
        bad.unlink()
    assert result.failed_step == "Load the exports"
    assert "unknown-tool.csv" in "\n".join(result.logs)
    assert "Publish" in result.skipped and "Keep the built site" in result.ran
    assert (git(repo.remote, "rev-parse", "gh-pages") if _has_pages(repo) else None) == tip
    needs = {"report": {"result": "failure", "outputs": {}}}
    assert runs(flow["jobs"]["issue"], SCHEDULED | {"needs": needs}, failed=False)


def _has_pages(repo: Repo) -> bool:
    found = subprocess.run(["git", "rev-parse", "--verify", "-q", "gh-pages"], cwd=repo.remote, check=False)
    return found.returncode == 0


def test_a_manual_run_that_only_builds_skips_publish() -> None:
    flow = workflow("nightly.yml")
    publish = next(s for s in flow["jobs"]["report"]["steps"] if s.get("name") == "Publish")
    manual = {"github": {"event_name": "workflow_dispatch", **ON_MAIN}, "inputs": {"publish": False}}
    assert not runs(publish, manual, failed=False)
    assert runs(publish, manual | {"inputs": {"publish": True}}, failed=False)
    on_a_branch = {
        "github": {
            "event_name": "workflow_dispatch",
            "ref_name": "try-new-words",
            "event": {"repository": {"default_branch": "main"}},
        },
        "inputs": {"publish": True},
    }
    assert not runs(publish, on_a_branch, failed=False)  # only the default branch publishes
    alerts_off = manual | {
        "inputs": {"issue_on_alerts": False},
        "needs": {"report": {"result": "success", "outputs": {"new_alerts": "true"}}},
    }
    assert not runs(flow["jobs"]["issue"], alerts_off, failed=False)
    assert runs(flow["jobs"]["issue"], alerts_off | {"inputs": {"issue_on_alerts": True}}, failed=False)


# --- README's "Run it for your brand" says what the workflows do -------------------------------------------------


def brand_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Run it for your brand\n", 1)[1].split("\n## ", 1)[0]


def test_the_readme_names_exactly_the_secrets_the_nightly_workflow_reads() -> None:
    nightly = (WORKFLOWS / "nightly.yml").read_text(encoding="utf-8")
    used = set(re.findall(r"secrets\.(\w+)", nightly))
    named = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", brand_section())) - {"SOCIAL_HEALTH_CONFIG"}
    assert used == named == {"SOCIAL_HEALTH_SALT", "EXPORTS_ACCESS_KEY_ID", "EXPORTS_SECRET_ACCESS_KEY"}
    assert "SOCIAL_HEALTH_SALT" in next(
        s["env"] for _, s in steps_of(workflow("nightly.yml")) if s.get("name") == "Load the exports"
    )


def test_the_readme_steps_match_the_workflows_as_written() -> None:
    section = brand_section()
    for step in ("**Fork**", "**Add your exports**", "**Set the salt secret**", "**Enable Pages**"):
        assert step in section
    names = {workflow(n)["name"] for n in ALL if n != "ci.yml"}
    assert names <= set(re.findall(r"`([A-Z][\w ]+)`", section))
    inputs = triggers(workflow("nightly.yml"))["workflow_dispatch"]["inputs"]
    assert all(f"`{name}`" in section for name in inputs)
    minute, hour = triggers(workflow("nightly.yml"))["schedule"][0]["cron"].split()[:2]
    assert f"{int(hour):02d}:{int(minute):02d}" in section
    config = load_config(ROOT / "social-health.yml")
    assert f"branch `{config.publish_branch}`" in section
    assert config.exports == ROOT / "exports" and "`exports/`" in section
    nightly = (WORKFLOWS / "nightly.yml").read_text(encoding="utf-8")
    for title in re.findall(r'open-or-update-issue\.sh "([^"]+)"', nightly):
        assert f"`{title}`" in section
