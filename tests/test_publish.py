"""`publish`: one mike version per report month on a real local bare remote (no network), published atomically.

The demo project is built through the pipeline (as `social-health demo` does), put in a git repository with a bare
``origin``, then published month by month. Git runs with no user identity configured (HOME is a scratch folder), as
on a fresh CI machine.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import git, repository_with_origin
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import Config, load_config
from pipeline.demo.project import write_demo_project
from pipeline.errors import BuildError
from pipeline.publish import DEFAULT_IDENTITY, PROPERTIES, publish
from pipeline.queries.results import MANIFEST, results_dir
from pipeline.steps import do_build, do_ingest, do_run
from pipeline.website.build import staged_config
from pipeline.website.version import (
    NOT_IN_GIT,
    VERSION_FILE,
    VersionInfo,
    inputs_sha256,
    month_title,
    queries_commit,
    read_version_file,
    write_version_file,
)

ROOT = Path(__file__).parents[1]
DEV = ["-c", "user.name=dev", "-c", "user.email=dev@example.org"]
BUILD_OUTPUTS = ("warehouse.duckdb", "results", "site-src", "site")


def remote_file(remote: Path, path: str) -> str:
    return git(remote, "show", f"gh-pages:{path}")


def remote_versions(remote: Path) -> dict[str, dict[str, object]]:
    return {v["version"]: v for v in json.loads(remote_file(remote, "versions.json"))}


# ---------------------------------------------------------------------------------------------------- no demo needed


@pytest.mark.parametrize(
    ("language", "month", "title"),
    [
        ("en", "2026-10", "October 2026"),
        ("es", "2026-10", "octubre de 2026"),
        ("it", "2026-10", "ottobre 2026"),
        ("en", "2027-01", "January 2027"),
        ("es", "2026-12", "diciembre de 2026"),
    ],
)
def test_month_titles_are_written_in_the_site_language(language: str, month: str, title: str) -> None:
    assert month_title(month, language) == title


def test_a_bad_month_is_refused() -> None:
    with pytest.raises(BuildError, match="'2026-13' must look like 2026-11"):
        month_title("2026-13")


def test_queries_commit_names_the_newest_commit_of_the_folder_and_uncommitted_changes(tmp_path: Path) -> None:
    queries = tmp_path / "repo" / "queries"
    queries.mkdir(parents=True)
    assert queries_commit(queries) == NOT_IN_GIT
    git(tmp_path / "repo", "init", "-q", "-b", "main")
    (queries / "a.sql").write_text("SELECT 1\n", encoding="utf-8")
    git(tmp_path / "repo", "add", "-A")
    git(tmp_path / "repo", *DEV, "commit", "-qm", "queries")
    touched = git(tmp_path / "repo", "rev-parse", "--short", "HEAD")
    # A later commit elsewhere in the repository does not change what the queries are.
    (tmp_path / "repo" / "README").write_text("x\n", encoding="utf-8")
    git(tmp_path / "repo", "add", "-A")
    git(tmp_path / "repo", *DEV, "commit", "-qm", "readme")
    assert queries_commit(queries) == touched
    (queries / "new.sql").write_text("SELECT 2\n", encoding="utf-8")
    assert queries_commit(queries) == f"{touched}+changes"
    (queries / "new.sql").unlink()
    (queries / "a.sql").write_text("SELECT 3\n", encoding="utf-8")
    assert queries_commit(queries) == f"{touched}+changes"


def test_inputs_hash_depends_on_the_files_not_their_order() -> None:
    def hashed(rows: list[tuple[str, str]]) -> str:
        con = duckdb.connect()
        con.execute("CREATE TABLE load_log (file VARCHAR, sha256 VARCHAR)")
        con.executemany("INSERT INTO load_log VALUES (?, ?)", rows)
        return inputs_sha256(con)

    a, b = ("x/a.csv", "1" * 64), ("y/b.csv", "2" * 64)
    assert hashed([a, b]) == hashed([b, a])
    assert hashed([a, b]) != hashed([a, ("y/b.csv", "3" * 64)])
    assert hashed([a, b]) != hashed([a])


def test_version_file_round_trips_and_a_missing_or_garbled_one_is_explained(tmp_path: Path) -> None:
    info = VersionInfo("2026-10", "October 2026", "2024-11-01", "2026-10-31", "t", "abc1234", "1" * 64, "2" * 64)
    write_version_file(tmp_path, info)
    assert read_version_file(tmp_path) == info
    (tmp_path / VERSION_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(BuildError, match=r"version.json: not valid JSON"):
        read_version_file(tmp_path)
    (tmp_path / VERSION_FILE).write_text('{"month": "2026-10"}', encoding="utf-8")
    with pytest.raises(BuildError, match=r"version.json: expected the text keys month, title"):
        read_version_file(tmp_path)
    with pytest.raises(BuildError, match=r"version.json: not found; run `social-health build`"):
        read_version_file(tmp_path / "elsewhere")


# ------------------------------------------------------------------------------------------ the demo, month by month


@dataclass
class History:
    """What the remote looked like after publishing 2026-09, 2026-10, then 2026-10 again (through the CLI)."""

    config: Config
    remote: Path
    returned: list[tuple[str, str]]
    september_trees: list[str]
    versions: dict[str, dict[str, object]]
    files: dict[str, str]
    committer: str
    cli_output: str


@pytest.fixture(scope="module")
def no_git_identity(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No user.name/user.email anywhere, as on a fresh CI runner: publish must bring its own committer."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.setenv("XDG_CONFIG_HOME", str(home))
        patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        for who in ("AUTHOR", "COMMITTER"):
            for part in ("NAME", "EMAIL", "DATE"):
                patch.delenv(f"GIT_{who}_{part}", raising=False)
        yield


def build(config: Config, period_end: date | None = None) -> None:
    do_run(config, {"period_end": period_end} if period_end else None)
    site = do_build(config)
    assert (site / VERSION_FILE).is_file()  # the build states what it was made from


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory, no_git_identity: None) -> History:
    base = tmp_path_factory.mktemp("publish")
    config = load_config(write_demo_project(base / "project", root=ROOT))
    do_ingest(config)
    project, remote = config.root, base / "remote.git"
    (project / ".gitignore").write_text("".join(f"/{name}\n" for name in BUILD_OUTPUTS), encoding="utf-8")
    repository_with_origin(project, remote, "demo project")

    returned, trees = [], []
    build(config, date(2026, 9, 30))
    returned.append(publish(config, push=True))  # the month of the built report: 2026-09
    trees.append(git(remote, "rev-parse", "gh-pages:2026-09"))
    build(config)  # period_end defaults to the last day with data: 2026-10-31
    returned.append(publish(config, push=True))
    trees.append(git(remote, "rev-parse", "gh-pages:2026-09"))
    cli = CliRunner().invoke(app, ["publish", "--config", str(config.path), "--month", "2026-10", "--push"])
    assert cli.exit_code == 0, cli.output
    trees.append(git(remote, "rev-parse", "gh-pages:2026-09"))
    files = {path: remote_file(remote, path) for path in ("index.html", "latest/index.html")}
    for month in ("2026-09", "2026-10"):
        files[f"{month}/{VERSION_FILE}"] = remote_file(remote, f"{month}/{VERSION_FILE}")
    committer = git(remote, "log", "-1", "--format=%cn <%ce>", "gh-pages")
    output = " ".join(cli.output.split())
    return History(config, remote, returned, trees, remote_versions(remote), files, committer, output)


@pytest.mark.slow
def test_each_month_is_a_version_titled_in_words_and_latest_is_the_newest(history: History) -> None:
    assert history.returned == [("2026-09", "September 2026"), ("2026-10", "October 2026")]
    assert (
        history.cli_output == "Published October 2026 (2026-10, alias latest) to branch gh-pages and pushed to origin"
    )
    assert sorted(history.versions) == ["2026-09", "2026-10"]
    assert history.versions["2026-09"]["title"] == "September 2026"
    assert history.versions["2026-10"]["title"] == "October 2026"
    assert history.versions["2026-09"]["aliases"] == []
    assert history.versions["2026-10"]["aliases"] == ["latest"]


@pytest.mark.slow
def test_each_version_states_its_data_window_build_queries_and_inputs(history: History) -> None:
    stated = {m: json.loads(history.files[f"{m}/{VERSION_FILE}"]) for m in ("2026-09", "2026-10")}
    for month, info in stated.items():
        assert info["month"] == month
        assert (info["data_first"], info["data_last"]) == ("2024-11-01", "2026-10-31")
        assert len(info["inputs_sha256"]) == 64 and len(info["results_sha256"]) == 64
        assert info["queries_commit"] and info["built_at"].endswith("+00:00")
        # versions.json says the same, so the list of versions alone tells what each one holds.
        assert history.versions[month]["properties"] == {name: info[name] for name in PROPERTIES}
    assert stated["2026-09"]["inputs_sha256"] == stated["2026-10"]["inputs_sha256"]  # the same exports
    assert stated["2026-09"]["results_sha256"] != stated["2026-10"]["results_sha256"]  # another report period


@pytest.mark.slow
def test_the_root_redirects_to_latest_and_latest_into_the_newest_month(history: History) -> None:
    assert 'window.location.replace(\n      "latest/"' in history.files["index.html"]
    assert 'window.location.replace(\n      "../2026-10/"' in history.files["latest/index.html"]


@pytest.mark.slow
def test_an_earlier_month_stays_byte_identical_after_later_publishes(history: History) -> None:
    first, *later = history.september_trees
    assert later == [first, first]


@pytest.mark.slow
def test_without_a_git_identity_publish_commits_as_social_health(history: History) -> None:
    assert history.committer == f"{DEFAULT_IDENTITY['NAME']} <{DEFAULT_IDENTITY['EMAIL']}>"


@contextmanager
def restored(*paths: Path) -> Iterator[None]:
    saved = {path: path.read_bytes() for path in paths}
    try:
        yield
    finally:
        for path, data in saved.items():
            path.write_bytes(data)


def pages_tips(history: History) -> tuple[str, str]:
    """The pages branch on the remote and in the local repository."""
    return git(history.remote, "rev-parse", "gh-pages"), git(history.config.root, "rev-parse", "gh-pages")


def edit_manifest(config: Config, change: Callable[[dict[str, Any]], None]) -> None:
    path = results_dir(config) / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def results_rerun_after_the_build(config: Config) -> None:
    edit_manifest(config, lambda m: m.update(generated_at="2099-01-01T00:00:00+00:00"))


def a_check_failed_and_the_build_still_ran(config: Config) -> None:
    def fail_first_error_check(manifest: dict[str, Any]) -> None:
        check = next(c for c in manifest["checks"] if c["severity"] == "error")
        check.update(passed=False, bad_rows=3)

    edit_manifest(config, fail_first_error_check)
    sha = hashlib.sha256((results_dir(config) / MANIFEST).read_bytes()).hexdigest()
    info = dataclasses.replace(read_version_file(config.build / "site"), results_sha256=sha)
    write_version_file(config.build / "site", info)
    write_version_file(staged_config(config).parent / "docs", info)


def the_build_stopped_after_staging(config: Config) -> None:
    # A build writes the staged version.json first; a failed `mkdocs build` leaves it beside the previous site.
    docs = staged_config(config).parent / "docs"
    write_version_file(docs, dataclasses.replace(read_version_file(docs), built_at="2099-01-01T00:00:00+00:00"))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (results_rerun_after_the_build, r"built from other query results than .*manifest.json; rebuild"),
        (a_check_failed_and_the_build_still_ran, r"manifest.json: 1 check\(s\) of severity error failed \(queries/"),
        (the_build_stopped_after_staging, r"site-src/docs: the last build did not finish; run `social-health build`"),
    ],
    ids=["stale-build", "failed-check", "failed-build"],
)
def test_after_a_failed_build_or_check_publish_refuses_and_changes_nothing(
    history: History, failure: Callable[[Config], None], message: str
) -> None:
    config = history.config
    before = pages_tips(history)
    staged = staged_config(config).parent / "docs" / VERSION_FILE
    with restored(results_dir(config) / MANIFEST, config.build / "site" / VERSION_FILE, staged):
        failure(config)
        with pytest.raises(BuildError, match=message):
            publish(config, "2026-12", push=True)
    assert pages_tips(history) == before
    assert "2026-12" not in remote_versions(history.remote)


@pytest.mark.slow
def test_nothing_built_is_refused_with_what_to_run(history: History, tmp_path: Path) -> None:
    with pytest.raises(BuildError, match=r"version.json: nothing built yet; run `social-health build` before"):
        publish(dataclasses.replace(history.config, build=tmp_path), push=True)


@pytest.mark.slow
def test_a_rejected_push_leaves_the_remote_and_the_local_branch_as_they_were(history: History) -> None:
    hook = history.remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'pages are frozen today' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    before = pages_tips(history)
    try:
        with pytest.raises(BuildError, match=r"git push of gh-pages to origin failed: .*pages are frozen today"):
            publish(history.config, "2026-12", push=True)
    finally:
        hook.unlink()
    assert pages_tips(history) == before  # mike's local commit is undone too, so a retry starts clean


@pytest.mark.slow
def test_a_single_branch_ci_clone_adds_its_month_and_keeps_the_earlier_ones(history: History) -> None:
    remote = history.remote
    # A sibling of the project, so the config's relative paths (queries, mkdocs.yml) hold there too.
    clone = history.config.root.parent / "ci-clone"
    git(clone.parent, "clone", "-q", "--depth", "1", "-b", "main", remote.as_uri(), str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository") == "true"
    assert git(clone, "branch", "-r", "--list", "origin/gh-pages") == ""
    for name in BUILD_OUTPUTS:  # what CI's ingest, run and build steps leave
        source = history.config.root / name
        if source.is_dir():
            shutil.copytree(source, clone / name)
        else:
            shutil.copy2(source, clone / name)
    git(clone, "config", "user.name", "CI Bot")
    git(clone, "config", "user.email", "ci@example.org")
    kept = {month: git(remote, "rev-parse", f"gh-pages:{month}") for month in ("2026-09", "2026-10")}

    assert publish(load_config(clone / "social-health.yml"), "2026-11", push=True) == ("2026-11", "November 2026")

    versions = remote_versions(remote)
    assert {v: versions[v]["aliases"] for v in versions} == {"2026-09": [], "2026-10": [], "2026-11": ["latest"]}
    assert versions["2026-11"]["title"] == "November 2026"
    assert {month: git(remote, "rev-parse", f"gh-pages:{month}") for month in kept} == kept
    assert '"../2026-11/"' in remote_file(remote, "latest/index.html")
    assert git(remote, "log", "-1", "--format=%cn <%ce>", "gh-pages") == "CI Bot <ci@example.org>"


PUSH_PAGES = ROOT / ".github" / "scripts" / "push-pages.sh"


def push_pages(bundle: Path, remote: Path, temp: Path) -> subprocess.CompletedProcess[str]:
    """The nightly publish job's one step: git alone, the token in the environment, a fresh repository in temp."""
    env = os.environ | {
        "TOKEN": "ghs_madeUp",
        "SERVER_URL": remote.parent.as_uri(),
        "REPOSITORY": remote.name,
        "BRANCH": "gh-pages",
        "RUNNER_TEMP": str(temp),
    }
    return subprocess.run(["bash", str(PUSH_PAGES), str(bundle)], env=env, capture_output=True, text=True, check=False)


@pytest.mark.slow
def test_a_bundle_holds_the_new_commit_and_the_git_only_push_adds_it_to_the_remote(
    history: History, tmp_path: Path
) -> None:
    """The nightly way: a full-history checkout (origin/gh-pages comes with every branch) deploys with --bundle and
    reaches nothing; push-pages.sh then pushes exactly that commit on top of the remote's tip, and nothing else."""
    remote = history.remote
    clone = history.config.root.parent / "full-clone"
    git(clone.parent, "clone", "-q", "-b", "main", remote.as_uri(), str(clone))  # every branch, as origin/*
    for name in BUILD_OUTPUTS:
        source = history.config.root / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, clone / name)
    config = load_config(clone / "social-health.yml")
    tip = git(remote, "rev-parse", "gh-pages")
    bundle = tmp_path / "pages.bundle"

    assert publish(config, "2026-12", bundle=bundle) == ("2026-12", "December 2026")
    assert git(remote, "rev-parse", "gh-pages") == tip  # nothing pushed
    new = git(clone, "rev-parse", "gh-pages")
    assert git(clone, "bundle", "list-heads", str(bundle)) == f"{new} refs/heads/gh-pages"
    assert git(clone, "rev-list", "--count", f"{tip}..{new}") == "1"

    pushed = push_pages(bundle, remote, tmp_path)
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr
    assert f"Pushed gh-pages ({new[:7]}" in pushed.stdout
    assert git(remote, "rev-parse", "gh-pages") == new and git(remote, "rev-parse", "gh-pages^") == tip
    assert remote_versions(remote)["2026-12"]["aliases"] == ["latest"]
    assert [p.name for p in tmp_path.iterdir()] == ["pages.bundle"]  # its work repository is gone

    git(clone, "fetch", "-q", "origin")
    again = tmp_path / "again.bundle"
    assert publish(config, "2026-12", bundle=again) == ("2026-12", "December 2026")
    assert not again.exists()  # the same build again: mike had nothing new to commit, nothing to push
    cli = CliRunner().invoke(app, ["publish", "-c", str(config.path), "--month", "2026-12", "--bundle", str(again)])
    assert cli.exit_code == 0 and "nothing new to push" in cli.output


@pytest.mark.slow
def test_a_bundle_that_does_not_continue_the_published_branch_is_refused(history: History, tmp_path: Path) -> None:
    forger = tmp_path / "forger"
    git(tmp_path, "init", "-q", "-b", "gh-pages", str(forger))
    (forger / "index.html").write_text("<script>steal()</script>", encoding="utf-8")
    git(forger, "add", "-A")
    git(forger, *DEV, "commit", "-qm", "a whole new site")
    git(forger, "bundle", "create", "-q", str(tmp_path / "forged.bundle"), "gh-pages")
    tip = git(history.remote, "rev-parse", "gh-pages")

    pushed = push_pages(tmp_path / "forged.bundle", history.remote, tmp_path / "forger")
    assert pushed.returncode != 0 and "rejected" in pushed.stderr
    assert git(history.remote, "rev-parse", "gh-pages") == tip
