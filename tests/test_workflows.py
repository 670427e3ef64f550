"""The GitHub Actions workflows: what they trigger on, what they may do, and that their steps really run.

GitHub itself is not reachable from a test, so the workflows' `run:` steps are run in order by a small runner below,
in a copy of this repository whose `origin` is a local bare repository standing in for GitHub, on the demo data, with
a stand-in `gh` (conftest) for GitHub's CLI. `uses:` steps are stood in for: checkout is the copy itself (fetching
every branch of `origin` with `fetch-depth: 0`, as actions/checkout does; a sparse checkout copies its folders into a
fresh job folder), setup-uv is the uv running the tests, upload-artifact checks that the files it would keep exist and
download-artifact copies them. Expressions are evaluated with the few GitHub functions the workflows use. A made-up
token stands for `github.token`, so the runner can see which steps are handed it and that it never lands on disk.
"""

from __future__ import annotations

import base64
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
from conftest import CASES, TEST_SALT, fake_gh, gh_calls, git, live_markup, repository_with_origin

from pipeline.alerts import SHOWN_TEXT
from pipeline.config import load_config
from pipeline.demo.project import write_demo_project
from pipeline.escape import page_text
from pipeline.github_markdown import plain
from pipeline.queries import incremental
from pipeline.queries.header import Query
from pipeline.warehouse import filecache

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
def test_no_checkout_keeps_a_credential_on_disk(name: str) -> None:
    for job, step in steps_of(workflow(name)):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False, f"{name}: {job}"
            assert "token" not in step["with"] and "ssh-key" not in step["with"], f"{name}: {job}"


TOKEN = re.compile(r"github\.token|secrets\.GITHUB_TOKEN")
# The steps handed the job's token, each for one thing: git alone pushing the pages branch, gh opening the issue,
# gh downloading the PR run's artifact and posting the comment. None of them runs the project's Python.
MAY_HOLD_THE_TOKEN = {
    ("nightly.yml", "publish", "Push the pages branch"),
    ("nightly.yml", "issue", "Open or update the issue"),
    ("pr-comment.yml", "comment", "Download the metric diff"),
    ("pr-comment.yml", "comment", "Post the metric diff"),
}
README_SECRETS = {
    "Get the exports": {"EXPORTS_ACCESS_KEY_ID", "EXPORTS_SECRET_ACCESS_KEY"},
    "Load the exports": {"SOCIAL_HEALTH_SALT"},
}


def handed(step: dict[str, Any]) -> str:
    """What a step is given: its env and with: values (a `run:` script gets nothing else; see the test above)."""
    return yaml.safe_dump({"env": step.get("env", {}), "with": step.get("with", {})})


@pytest.mark.parametrize("name", ALL)
def test_only_the_steps_that_need_it_are_handed_the_token_or_a_secret(name: str) -> None:
    flow = workflow(name)
    assert not TOKEN.search(yaml.safe_dump(flow.get("env", {})))
    for job, spec in flow["jobs"].items():
        job_env = yaml.safe_dump(spec.get("env", {}))
        assert "secrets." not in job_env and not TOKEN.search(job_env)
        for step in spec["steps"]:
            given, label = handed(step), step.get("name") or step.get("uses")
            assert bool(TOKEN.search(given)) == ((name, job, label) in MAY_HOLD_THE_TOKEN), f"{name}: {job}: {label}"
            secrets = set(re.findall(r"secrets\.(\w+)", given)) - {"GITHUB_TOKEN"}
            assert secrets == (README_SECRETS.get(label, set()) if name == "nightly.yml" else set()), label
            if re.search(r"\buv (run|sync)\b|\bmkdocs\b|\bmike\b", step.get("run", "")):
                assert not TOKEN.search(given), f"{name}: {label} runs the project's code: no token"


def test_the_nightly_keeps_the_caches_the_pipeline_builds_on_between_nights() -> None:
    """The folders the Actions cache keeps are the ones ingest and run read (for the repository's config), restored
    before the ingest; a new key each night so each night's caches are saved."""
    config = load_config(ROOT / "social-health.yml")
    steps = [s for _, s in steps_of(workflow("nightly.yml"))]
    cache = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/cache@"))
    ingest = next(i for i, s in enumerate(steps) if "social-health ingest" in s.get("run", ""))
    assert cache < ingest
    kept = {ROOT / p for p in steps[cache]["with"]["path"].split()}
    assert kept == {
        filecache.cache_dir(config),
        incremental.cache_dir(config, Query("q", Path(), Path(), "", "")).parent,
    }
    assert "github.run_id" in steps[cache]["with"]["key"] and steps[cache]["with"]["restore-keys"]


def test_the_nightly_job_that_runs_queries_and_mkdocs_holds_no_write_token() -> None:
    """The report job runs pull-request content once merged (queries, docs, mkdocs.yml): its token is read-only,
    and no step of it is handed one. Only the publish job may write, and it runs git alone."""
    jobs = workflow("nightly.yml")["jobs"]
    report, publish = jobs["report"], jobs["publish"]
    assert report["permissions"] == {"contents": "read"}
    assert not any(TOKEN.search(handed(step)) for step in report["steps"])
    commands = " ".join(step.get("run", "") for step in report["steps"])
    for command in (
        "social-health ingest",
        "social-health run",
        "social-health build",
        "social-health alerts --no-fetch",
        "social-health publish --bundle build/pages.bundle",
    ):
        assert command in commands
    assert "--push" not in commands
    assert publish["permissions"] == {"contents": "write"}
    (push,) = [step for step in publish["steps"] if "run" in step]
    assert push["run"].startswith("bash .github/scripts/push-pages.sh pages/pages.bundle")
    script = (ROOT / ".github" / "scripts" / "push-pages.sh").read_text(encoding="utf-8")
    code = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("#"))
    assert not re.search(r"\b(uv|python3?|mkdocs|mike|social-health|pip)\b", code)  # git alone
    assert "--force" not in code and " -f " not in code and "+refs/heads/$BRANCH:refs/heads" not in code
    assert push["env"]["BRANCH"] == load_config(ROOT / "social-health.yml").publish_branch


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


def test_nightly_deploys_one_at_a_time_and_only_its_publish_job_may_write_the_repository() -> None:
    flow = workflow("nightly.yml")
    assert flow["concurrency"] == {"group": "gh-pages", "cancel-in-progress": False}
    report, publish, issue = flow["jobs"]["report"], flow["jobs"]["publish"], flow["jobs"]["issue"]
    assert publish["permissions"] == {"contents": "write"} and publish["needs"] == "report"
    assert issue["permissions"] == {"issues": "write", "contents": "read"} and issue["needs"] == ["report", "publish"]
    checkout = report["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0  # queries_commit needs the history; origin/gh-pages comes with it
    site = next(s for s in report["steps"] if s.get("with", {}).get("name") == "site")
    assert site["if"] == "always()" and site["with"]["include-hidden-files"] is True
    deploy = next(s for s in report["steps"] if s.get("id") == "deploy")
    # GitHub checks the condition again for the job that writes: a report job's outputs cannot make it push
    assert deploy["if"] in publish["if"] and "needs.report.outputs.bundle == 'true'" in publish["if"]


def test_pull_requests_run_untrusted_code_with_a_read_only_token_and_no_secrets() -> None:
    flow = workflow("pull-request.yml")
    text = (WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8")
    assert set(triggers(flow)) == {"pull_request"}
    assert "pull_request_target" not in text and "secrets." not in text
    assert flow["jobs"]["review"]["permissions"] == {"contents": "read"}
    assert flow["concurrency"]["cancel-in-progress"] is True
    runs = " ".join(step.get("run", "") for _, step in steps_of(flow))
    assert runs.index("uv sync --locked --group dev") < runs.index("uv run ruff check")  # the linters are dev tools
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


def test_the_comment_workflow_runs_only_the_default_branchs_renderer_on_the_pull_requests_json() -> None:
    flow = workflow("pr-comment.yml")
    text = (WORKFLOWS / "pr-comment.yml").read_text(encoding="utf-8")
    assert triggers(flow)["workflow_run"]["workflows"] == [workflow("pull-request.yml")["name"]]
    job = flow["jobs"]["comment"]
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert job["env"] == {"UV_NO_DEV": "1"}
    steps = job["steps"]
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert len(checkouts) == 1 and set(checkouts[0]["with"]) == {"persist-credentials"}  # no ref: the default branch
    # Nothing of the PR's run but its artifact is used: no head branch, head repository or PR list from the event
    assert re.findall(r"workflow_run\.(\w+)", text) == ["event", "conclusion", "id", "head_sha"]
    setup = next(s for s in steps if s.get("uses", "").startswith("astral-sh/setup-uv@"))
    assert setup["with"]["enable-cache"] is False
    runs = [s["run"] for s in steps if "run" in s]
    assert runs[0] == "uv sync --locked --no-dev"  # installed before the artifact is on disk
    assert 'gh run download "$RUN_ID" --name metric-diff --dir diff' in runs[1]
    assert runs[2] == "uv run --no-sync social-health comment diff/metric-diff.json --out comment.md"
    assert runs[3] == "bash .github/scripts/post-metric-diff.sh diff/pr-number comment.md"
    assert sum(r.count("uv run") for r in runs) == 1
    assert not re.search(r"(?<![\w./-])(bash|sh|source|python3?|uv run|\.)\s+\.?/?diff/", " ".join(runs))  # data only
    post = steps[-1]
    assert post["env"]["HEAD_SHA"] == "${{ github.event.workflow_run.head_sha }}"
    upload = next(s for _, s in steps_of(workflow("pull-request.yml")) if s.get("name") == "Keep the metric diff")
    assert upload["with"]["path"].split() == ["build/metric-diff/metric-diff.json", "build/metric-diff/pr-number"]


def test_ci_runs_the_readmes_test_command_on_push() -> None:
    flow = workflow("ci.yml")
    assert set(triggers(flow)) == {"push"}
    assert any(step.get("run") == "bash .ci/run" for _, step in steps_of(flow))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```bash\n", 1)[1].split("```", 1)[0]
    test_command = block.splitlines()[1].split("#")[0].strip()
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().splitlines()[-1] == test_command


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


def test_zizmor_does_catch_a_checkout_that_keeps_its_credential(tmp_path: Path) -> None:
    text = (WORKFLOWS / "nightly.yml").read_text(encoding="utf-8")
    unsafe = text.replace("          persist-credentials: false\n", "", 1)
    assert unsafe != text
    (tmp_path / "nightly.yml").write_text(unsafe, encoding="utf-8")
    done = zizmor(tmp_path / "nightly.yml")
    assert done.returncode != 0 and "artipacked" in done.stdout


# --- Running the workflows' steps -------------------------------------------------------------------------------


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
    handed_the_token: list[str] = field(default_factory=list)  # steps whose env or with: held github.token
    git_configs: list[tuple[str, str]] = field(default_factory=list)  # the checkout's .git/config after each step
    job_outputs: dict[str, str] = field(default_factory=dict)  # the job's `outputs:`, for the jobs that need it


def run_job(
    flow: dict[str, Any],
    job: str,
    workspace: Path,
    contexts: dict[str, Any],
    home: Path,
    artifacts: dict[str, Path] | None = None,
    env: dict[str, str] | None = None,
) -> JobRun:
    """The job's steps in order, in ``workspace``; ``artifacts``: what earlier jobs kept, for download-artifact."""
    spec, result = flow["jobs"][job], JobRun()
    summary, output = home / "summary.md", home / "output.txt"
    (home / "runner-temp").mkdir(exist_ok=True)
    base_env = {k: v for k, v in (env or os.environ).items() if k not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT")}
    base_env |= {
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
        "CI": "true",
        "RUNNER_TEMP": str(home / "runner-temp"),
    }
    contexts = contexts | {"steps": {}}
    token = contexts.get("github", {}).get("token")
    for step in spec["steps"]:
        label = step.get("name") or step.get("uses") or step["run"]
        if not runs(step, contexts, result.failed_step is not None):
            result.skipped.append(label)
            if "id" in step:  # a skipped step has no outputs, as on GitHub
                contexts["steps"][step["id"]] = {"outputs": {}}
            continue
        result.ran.append(label)
        given = {k: substitute(v, contexts) for k, v in {**spec.get("env", {}), **step.get("env", {})}.items()}
        given_with = {k: substitute(v, contexts) for k, v in step.get("with", {}).items()}
        if token and token in " ".join([*given.values(), *given_with.values()]):
            result.handed_the_token.append(label)
        if "uses" in step:
            _stand_in_for_action(step, workspace, result, artifacts or {}, token or "")
        else:
            output.write_text("", encoding="utf-8")
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                cwd=workspace,
                env=base_env | given,
                capture_output=True,
                text=True,
                check=False,
            )
            result.logs.append(f"$ {label}\n{done.stdout}{done.stderr}")
            written = output.read_text(encoding="utf-8").splitlines()
            outputs = dict(line.split("=", 1) for line in written if "=" in line)
            if "id" in step:
                contexts["steps"][step["id"]] = {"outputs": outputs}
                result.outputs[step["id"]] = outputs
            if done.returncode != 0:
                result.failed_step = label
        if (workspace / ".git" / "config").is_file():
            result.git_configs.append((label, (workspace / ".git" / "config").read_text(encoding="utf-8")))
    result.job_outputs = {k: substitute(v, contexts) for k, v in spec.get("outputs", {}).items()}
    return result


def _stand_in_for_action(
    step: dict[str, Any], workspace: Path, result: JobRun, artifacts: dict[str, Path], token: str
) -> None:
    action, given = step["uses"].split("@")[0], step.get("with", {})
    if action == "actions/upload-artifact":
        paths = [workspace / line for line in given["path"].split()]
        assert all(p.exists() for p in paths) or given.get("if-no-files-found") == "warn", f"{paths}: not there"
        if paths[0].exists():
            result.kept[given["name"]] = paths[0]
    elif action == "actions/download-artifact":
        kept, target = artifacts[given["name"]], workspace / given["path"]
        target.mkdir(parents=True, exist_ok=True)
        if kept.is_dir():
            shutil.copytree(kept, target, dirs_exist_ok=True)
        else:
            shutil.copy2(kept, target / kept.name)
    elif action == "actions/checkout" and "sparse-checkout" in given:  # a fresh runner: just those folders
        for folder in given["sparse-checkout"].split():
            shutil.copytree(ROOT / folder, workspace / folder, dirs_exist_ok=True)
    elif action == "actions/checkout":  # the workspace is the copy; fetch-depth 0 brings every branch of origin
        if given.get("fetch-depth") == 0:
            git(workspace, "fetch", "-q", "origin", "+refs/heads/*:refs/remotes/origin/*")
        if given.get("persist-credentials", True) is not False:  # what checkout leaves then: the token in the config
            basic = base64.b64encode(f"x-access-token:{token}".encode()).decode()
            git(workspace, "config", "--local", "http.https://github.com/.extraheader", f"AUTHORIZATION: basic {basic}")
    elif action == "actions/cache":  # a first night: nothing to restore; the folders it keeps are checked apart
        assert given["key"] and given["path"].split()
    else:
        assert action == "astral-sh/setup-uv", f"no stand-in for {action}"


@dataclass(frozen=True)
class Repo:
    workspace: Path
    remote: Path
    home: Path


def _copy_of_this_repository(workspace: Path) -> None:
    tracked = git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z").split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (workspace / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, workspace / name)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """This repository's tracked files, committed and pushed to a bare `origin`; its config made the demo's."""
    base = tmp_path_factory.mktemp("nightly")
    workspace, remote, home = base / "workspace", base / "origin.git", base / "home"
    home.mkdir()
    _copy_of_this_repository(workspace)
    repository_with_origin(workspace, remote, "the project")
    _make_demo_the_brand(workspace)
    return Repo(workspace, remote, home)


FIRST_DAY_EXPORTS = ("brandwatch", "meta_posts", "shopify_orders")  # real layouts: tests/cases


@pytest.fixture(scope="module")
def first_day_repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """A fork on its first day: the example config's brand made Acme's, and three exports committed in exports/
    (listening, Meta posts, Shopify orders; no GA4 export and no inbox)."""
    base = tmp_path_factory.mktemp("first-night")
    workspace, remote, home = base / "workspace", base / "origin.git", base / "home"
    home.mkdir()
    _copy_of_this_repository(workspace)
    for case in FIRST_DAY_EXPORTS:
        shutil.copytree(CASES / case, workspace / "exports" / case)
    config = yaml.safe_load((workspace / "social-health.yml").read_text(encoding="utf-8"))
    config["brand"] = {"name": "Acme", "handles": {"facebook": ["Acme"], "instagram": ["acme.es"]}}
    (workspace / "social-health.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    repository_with_origin(workspace, remote, "Acme's first exports")
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
FAKE_TOKEN = "ghs_madeUpForTheTest0123456789abcdefGHIJ"
TOKEN_FORMS = (FAKE_TOKEN, base64.b64encode(f"x-access-token:{FAKE_TOKEN}".encode()).decode())


def scheduled(repo: Repo) -> dict[str, Any]:
    """A scheduled run's contexts. GitHub's server is the folder holding the bare origin, the repository its name."""
    github = {
        "event_name": "schedule",
        **ON_MAIN,
        "token": FAKE_TOKEN,
        "server_url": repo.remote.parent.as_uri(),
        "repository": repo.remote.name,
    }
    return {"github": github, "inputs": {}, "secrets": {}}


def needs_of(**jobs: JobRun | None) -> dict[str, Any]:
    return {
        "needs": {
            name: {
                "result": "skipped" if run is None else "failure" if run.failed_step else "success",
                "outputs": run.job_outputs if run else {},
            }
            for name, run in jobs.items()
        }
    }


def publish_job(repo: Repo, contexts: dict[str, Any], report: JobRun) -> JobRun | None:
    """The publish job, on a fresh runner (its own folder), if GitHub would start it after this report job."""
    flow, contexts = workflow("nightly.yml"), contexts | needs_of(report=report)
    if not runs(flow["jobs"]["publish"], contexts, failed=report.failed_step is not None):
        return None
    workspace = repo.home / "publish-job"
    shutil.rmtree(workspace, ignore_errors=True)
    workspace.mkdir()
    return run_job(flow, "publish", workspace, contexts, repo.home, artifacts=report.kept)


def issue_job(repo: Repo, contexts: dict[str, Any], report: JobRun, publish: JobRun | None) -> JobRun | None:
    """The issue job, on a fresh runner, with a stand-in `gh` (no open issue yet), if GitHub would start it."""
    flow, contexts = workflow("nightly.yml"), contexts | needs_of(report=report, publish=publish)
    if not runs(flow["jobs"]["issue"], contexts, failed=False):
        return None
    workspace = repo.home / "issue-job"
    shutil.rmtree(workspace, ignore_errors=True)
    workspace.mkdir()
    (workspace / "issues.json").write_text("[]", encoding="utf-8")
    env = fake_gh(workspace, GH_ISSUES=str(workspace / "issues.json"))
    return run_job(flow, "issue", workspace, contexts, repo.home, artifacts=report.kept, env=env)


def files_holding_the_token(*folders: Path) -> list[Path]:
    found = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and "objects" not in path.parts and path.stat().st_size < 10_000_000:
                data = path.read_bytes()
                found += [path for form in TOKEN_FORMS if form.encode() in data]
    return found


@pytest.mark.slow
def test_the_nightly_steps_run_in_order_and_publish_the_months_version(repo: Repo) -> None:
    flow, contexts = workflow("nightly.yml"), scheduled(repo)
    report = run_job(flow, "report", repo.workspace, contexts, repo.home)
    log = "\n".join(report.logs)
    assert report.failed_step is None, log
    # no new alert in the demo's last week, and every file loaded
    assert report.skipped == ["Keep the alert issue text", "Keep the issue text of the files not loaded"]
    assert report.outputs["alerts"] == {"new": "false", "files": "false"}
    assert (report.kept["site"] / "index.html").is_file()
    assert report.job_outputs == {"new_alerts": "false", "files_not_loaded": "false", "bundle": "true"}
    # The job that ran the queries and mkdocs was handed no token and left no credential in the checkout
    assert report.handed_the_token == []
    for step, config in report.git_configs:
        assert not re.search(r"extraheader|authorization|x-access-token|\[credential|://[^/\s]*@", config, re.I), step
    assert not _has_pages(repo)  # and it pushed nothing: the publish job does

    publish = publish_job(repo, contexts, report)
    assert publish is not None and publish.failed_step is None, "\n".join(publish.logs if publish else [])
    assert publish.handed_the_token == ["Push the pages branch"]
    versions = json.loads(git(repo.remote, "show", "gh-pages:versions.json"))
    assert [(v["version"], v["aliases"]) for v in versions] == [("2026-10", ["latest"])]
    assert git(repo.remote, "cat-file", "-t", "gh-pages:2026-10/alerts.json") == "blob"
    summary = (repo.home / "summary.md").read_text(encoding="utf-8")
    assert "### Headline metrics" in summary and "Health score" in summary
    assert "Published October 2026 (2026-10, alias latest) to branch gh-pages; its new commit is in" in summary
    assert f"Pushed gh-pages ({git(repo.remote, 'rev-parse', '--short', 'gh-pages')}) to origin.git" in summary
    assert files_holding_the_token(repo.home, repo.workspace / ".git") == []  # the summary, the job folders, git

    after = needs_of(report=report, publish=publish)
    assert not runs(flow["jobs"]["issue"], contexts | after, failed=False)


@pytest.mark.slow
def test_a_strict_night_with_an_unknown_file_publishes_nothing_keeps_the_site_it_built_and_opens_the_issue(
    repo: Repo,
) -> None:
    """`ingest: {strict: true}` in the config: the old behaviour, the whole night stops at the file."""
    flow, contexts = workflow("nightly.yml"), scheduled(repo)
    tip = git(repo.remote, "rev-parse", "gh-pages") if _has_pages(repo) else None
    config = repo.workspace / "social-health.yml"
    as_committed = config.read_text(encoding="utf-8")
    config.write_text(as_committed + "ingest: {strict: true}\n", encoding="utf-8")
    bad = repo.workspace / "build" / "demo-exports" / "exports" / "unknown-tool.csv"
    bad.write_text("Kolumne A;Kolumne B\n1;2\n", encoding="utf-8")
    try:
        report = run_job(flow, "report", repo.workspace, contexts, repo.home)
    finally:
        bad.unlink()
        config.write_text(as_committed, encoding="utf-8")
    assert report.failed_step == "Load the exports"
    assert "error: 1 export file(s) could not be loaded (unknown-tool.csv)" in "\n".join(report.logs)
    assert "Add the month's version to the pages branch" in report.skipped and "Keep the built site" in report.ran
    assert publish_job(repo, contexts, report) is None
    assert (git(repo.remote, "rev-parse", "gh-pages") if _has_pages(repo) else None) == tip
    issue = issue_job(repo, contexts, report, None)
    assert issue is not None and issue.failed_step is None, "\n".join(issue.logs if issue else [])
    assert gh_calls(repo.home / "issue-job")[1:] == ["issue create --title Nightly report failed --body-file issue.md"]


@pytest.mark.slow
def test_a_stray_unknown_file_still_publishes_the_month_and_the_issue_names_it(repo: Repo) -> None:
    flow, contexts = workflow("nightly.yml"), scheduled(repo)
    name = "unknown-tool @octocat.csv"  # a file name is outside text: it must not mention anyone in the issue
    shown = "unknown-tool @p_"  # and it holds a handle, redacted wherever the name is kept or shown
    bad = repo.workspace / "build" / "demo-exports" / "exports" / name
    bad.write_text("Kolumne A;Kolumne B\n1;2\n", encoding="utf-8")
    try:
        report = run_job(flow, "report", repo.workspace, contexts, repo.home)
    finally:
        bad.unlink()
    log = "\n".join(report.logs)
    assert report.failed_step is None, log
    assert f"not loaded: {shown}" in log and "not a known export format" in log and "octocat" not in log
    assert report.job_outputs["files_not_loaded"] == "true" and report.job_outputs["bundle"] == "true"
    summary = (repo.home / "summary.md").read_text(encoding="utf-8")
    assert f"- not loaded: {plain(shown)}" in summary and "octocat" not in summary

    publish = publish_job(repo, contexts, report)
    assert publish is not None and publish.failed_step is None, "\n".join(publish.logs if publish else [])
    versions = json.loads(git(repo.remote, "show", "gh-pages:versions.json"))
    assert [(v["version"], v["aliases"]) for v in versions] == [("2026-10", ["latest"])]
    page = git(repo.remote, "show", "gh-pages:2026-10/data-quality/index.html")
    assert "1 export file(s) not loaded" in page and f"<li>{page_text(shown)}" in page and "octocat" not in page

    issue = issue_job(repo, contexts, report, publish)
    assert issue is not None and issue.failed_step is None, "\n".join(issue.logs if issue else [])
    body_file = repo.home / "issue-job" / "files" / "files-issue.md"
    assert gh_calls(repo.home / "issue-job")[1:] == [
        "issue create --title Export files not loaded by the nightly report --body-file files/files-issue.md"
    ]
    body = body_file.read_text(encoding="utf-8")
    assert f"| {plain(shown, SHOWN_TEXT)}" in body and "could not be loaded tonight" in body
    assert "octocat" not in body
    assert f"Run: {contexts['github']['server_url']}/" in body
    table = "\n".join(line for line in body.splitlines() if line.startswith("|"))
    assert live_markup(table) == []  # (the site's and the run's links beside it are the project's own)


@pytest.mark.slow
def test_a_push_the_remote_refuses_fails_the_night_and_opens_the_issue(repo: Repo) -> None:
    flow, contexts = workflow("nightly.yml"), scheduled(repo)
    report = run_job(flow, "report", repo.workspace, contexts, repo.home)
    assert report.failed_step is None and report.job_outputs["bundle"] == "true", "\n".join(report.logs)
    tip = git(repo.remote, "rev-parse", "gh-pages")
    hook = repo.remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'pages are frozen today' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    try:
        publish = publish_job(repo, contexts, report)
    finally:
        hook.unlink()
    assert publish is not None and publish.failed_step == "Push the pages branch"
    assert "pages are frozen today" in "\n".join(publish.logs)
    assert git(repo.remote, "rev-parse", "gh-pages") == tip
    assert runs(flow["jobs"]["issue"], contexts | needs_of(report=report, publish=publish), failed=False)


@pytest.mark.slow
def test_a_brand_with_three_exports_publishes_its_first_night_and_is_told_what_to_add(first_day_repo: Repo) -> None:
    repo = first_day_repo
    flow = workflow("nightly.yml")
    contexts = scheduled(repo) | {"secrets": {"SOCIAL_HEALTH_SALT": TEST_SALT}}
    report = run_job(flow, "report", repo.workspace, contexts, repo.home)
    assert report.failed_step is None, "\n".join(report.logs)
    assert (report.kept["site"] / "pillars" / "traffic" / "index.html").is_file()
    summary = (repo.home / "summary.md").read_text(encoding="utf-8")
    not_measured = summary.split("### Not measured yet", 1)[1].split("###", 1)[0]
    assert "Traffic that converts" in not_measured and "GA4 traffic acquisition export" in not_measured
    assert "Responsiveness and care" in not_measured and "inbox export" in not_measured
    assert re.search(r"Checks: \d+ of \d+ passed, \d+ skipped \(no data yet", summary)
    publish = publish_job(repo, contexts, report)
    assert publish is not None and publish.failed_step is None, "\n".join(publish.logs if publish else [])
    versions = json.loads(git(repo.remote, "show", "gh-pages:versions.json"))
    assert [(v["version"], v["aliases"]) for v in versions] == [("2026-05", ["latest"])]
    page = git(repo.remote, "show", "gh-pages:2026-05/pillars/care/index.html")
    assert "Not measured yet" in page and "inbox export" in page


def _has_pages(repo: Repo) -> bool:
    found = subprocess.run(
        ["git", "rev-parse", "--verify", "-q", "gh-pages"], cwd=repo.remote, check=False, capture_output=True
    )
    return found.returncode == 0


def test_a_manual_run_that_only_builds_skips_publish() -> None:
    flow = workflow("nightly.yml")
    deploy = next(s for s in flow["jobs"]["report"]["steps"] if s.get("id") == "deploy")
    publish = flow["jobs"]["publish"]
    bundled = {"needs": {"report": {"result": "success", "outputs": {"bundle": "true"}}}}
    manual = {"github": {"event_name": "workflow_dispatch", **ON_MAIN}, "inputs": {"publish": False}}
    assert not runs(deploy, manual, failed=False) and not runs(publish, manual | bundled, failed=False)
    wanted = manual | {"inputs": {"publish": True}}
    assert runs(deploy, wanted, failed=False) and runs(publish, wanted | bundled, failed=False)
    assert not runs(
        publish, wanted | {"needs": {"report": {"result": "success", "outputs": {"bundle": "false"}}}}, failed=False
    )  # mike had nothing new to commit
    on_a_branch = {
        "github": {
            "event_name": "workflow_dispatch",
            "ref_name": "try-new-words",
            "event": {"repository": {"default_branch": "main"}},
        },
        "inputs": {"publish": True},
    }
    assert not runs(deploy, on_a_branch, failed=False)  # only the default branch publishes
    assert not runs(publish, on_a_branch | bundled, failed=False)  # even if a report job said it had a bundle
    alerts_off = manual | {
        "inputs": {"issue_on_alerts": False},
        "needs": {
            "report": {"result": "success", "outputs": {"new_alerts": "true"}},
            "publish": {"result": "skipped", "outputs": {}},
        },
    }
    assert not runs(flow["jobs"]["issue"], alerts_off, failed=False)
    assert runs(flow["jobs"]["issue"], alerts_off | {"inputs": {"issue_on_alerts": True}}, failed=False)


@pytest.mark.slow
def test_the_comment_job_posts_what_the_default_branch_renders_from_the_pull_requests_json(
    repo: Repo, tmp_path: Path
) -> None:
    """pr-comment.yml's steps on a pull request run's artifact: hostile JSON, and a Markdown file it should not hold."""
    artifact = tmp_path / "artifact"
    artifact.mkdir()
    tile = {
        "label": "Likes @octocat ![x](https://evil.example/x.png)",
        "format": "number",
        "month": "2026-10-01",
        "before": 3.0,
        "after": 4.0,
        "on_before": True,
        "on_after": True,
    }
    query = {
        "name": "vanity_weekly",
        "title": "<img src=x onerror=alert(1)>",
        "why": ["SQL <b>x</b>"],
        "key": ["week", "see www.evil.example"],
        "rows_before": 1,
        "rows_after": 1,
        "added": 0,
        "removed": 0,
        "changed": 1,
        "tiles": [tile],
        "error_before": "",
        "error_after": "",
    }
    diff = {"base": "HEAD^1", "commit": "ab" * 20, "period_end": "2026-10-31", "queries": [query], "downstream": []}
    (artifact / "metric-diff.json").write_text(json.dumps(diff), encoding="utf-8")
    (artifact / "pr-number").write_text("41\n", encoding="utf-8")
    (artifact / "metric-diff.md").write_text("@octocat [pwned](https://evil.example)\n", encoding="utf-8")
    run = {"id": 99, "head_sha": "abc123", "event": "pull_request", "conclusion": "success"}
    contexts = {"github": {"token": FAKE_TOKEN, "repository": "acme/social", "event": {"workflow_run": run}}}
    flow = workflow("pr-comment.yml")
    assert runs(flow["jobs"]["comment"], contexts, failed=False)
    env = fake_gh(tmp_path, GH_ARTIFACT=str(artifact), GH_HEAD="abc123")
    try:
        result = run_job(flow, "comment", repo.workspace, contexts, tmp_path, env=env)
        posted = (repo.workspace / "comment-with-marker.md").read_text(encoding="utf-8")
    finally:
        shutil.rmtree(repo.workspace / "diff", ignore_errors=True)
        for name in ("comment.md", "comment-with-marker.md"):
            (repo.workspace / name).unlink(missing_ok=True)
    assert result.failed_step is None, "\n".join(result.logs)
    assert result.handed_the_token == ["Download the metric diff", "Post the metric diff"]
    calls = gh_calls(tmp_path)
    assert calls[0] == "run download 99 --name metric-diff --dir diff"
    assert calls[-1] == "pr comment 41 --body-file comment-with-marker.md"
    marker, body = posted.split("\n", 1)
    assert marker == "<!-- social-health metric diff -->" and body.startswith("## Metric diff against HEAD^1\n")
    assert "| `vanity_weekly` | Likes @\u200boctocat" in body and "| 3.00 | 4.00 | +1.00 (+33.3%) |" in body
    assert "pwned" not in posted and live_markup(body) == []


def test_a_comment_run_without_a_metric_diff_posts_nothing(tmp_path: Path) -> None:
    flow = workflow("pr-comment.yml")
    download = next(s for s in flow["jobs"]["comment"]["steps"] if s.get("id") == "download")
    env = fake_gh(tmp_path) | {"GITHUB_OUTPUT": str(tmp_path / "output.txt"), "RUN_ID": "7"}
    done = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", download["run"]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "nothing to post" in done.stdout
    assert (tmp_path / "output.txt").read_text(encoding="utf-8") == "found=false\n"
    names = ("Render the comment", "Post the metric diff")
    later = [s for s in flow["jobs"]["comment"]["steps"] if s.get("name") in names]
    steps = {"steps": {"download": {"outputs": {"found": "false"}}}}
    assert len(later) == 2 and not any(runs(s, steps, failed=False) for s in later)


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
