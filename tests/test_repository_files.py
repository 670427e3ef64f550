"""Every file the pipeline reads from the repository is a regular file inside it: a pull request adding a symbolic
link (``queries/reference/words.csv -> ../../.git/config``) is refused by name in check, run, diff and build, and
the linked file's content appears nowhere; the MkDocs config cannot run code or point the docs outside."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import git, small_warehouse
from typer.testing import CliRunner

from pipeline.cli import app

pytestmark = pytest.mark.slow  # runs and builds projects to show each refusal

ROOT = Path(__file__).parents[1]
SECRET = "extraheader = AUTHORIZATION: basic c2VjcmV0LXRva2Vu"
QUERY = """/* ---
title: Likes a week
pillar: word_of_mouth
chart: {x: week, y: likes}
--- */
SELECT date_trunc('week', published_at)::DATE AS week, sum(likes) AS likes FROM posts GROUP BY ALL
"""

runner = CliRunner()


@pytest.fixture
def repo(project: Path) -> Path:
    """A project in a git repository, with one query, a reference CSV, the site's mkdocs.yml and a docs page, ingested
    (a small warehouse), and a secret in .git/config, as GitHub's checkout leaves its token."""
    small_warehouse(project, [("x", "1", "2026-05-04 10:00+00", 5), ("x", "2", "2026-05-11 10:00+00", 7)])
    (project / "queries" / "reference").mkdir(parents=True)
    (project / "queries" / "likes_weekly.sql").write_text(QUERY, encoding="utf-8")
    (project / "queries" / "reference" / "words.csv").write_text("term\nbueno\n", encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "docs").mkdir()
    (project / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    (project / ".gitignore").write_text("build/\n", encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "-c", "user.name=dev", "-c", "user.email=dev@example.org", "commit", "-qm", "project")
    with (project / ".git" / "config").open("a", encoding="utf-8") as config:
        config.write(f'[http "https://github.com/"]\n\t{SECRET}\n')
    return project


def invoke(repo: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--config", str(repo / "social-health.yml")])
    return result.exit_code, result.output


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=dev", "-c", "user.email=dev@example.org", "commit", "-qm", message)


def built(repo: Path) -> None:
    for command in ("run", "build"):
        code, output = invoke(repo, command)
        assert code == 0, output


def published_text(repo: Path) -> str:
    files = [p for p in (repo / "build").rglob("*") if p.is_file() and p.suffix != ".duckdb"]
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in files)


LINKS = {
    "queries/reference/words.csv": "../../.git/config",
    "queries/stolen.sql": "../.git/config",
    "queries/likes_weekly.test.yaml": "../.git/config",
    "queries/sub": "../.git",
    "queries/evaluation/mentions_xx.csv": "../../.git/config",
}


@pytest.mark.parametrize("link", list(LINKS))
@pytest.mark.parametrize("command", ["check", "run", "build"])
def test_a_symbolic_link_among_the_queries_is_refused_by_name(repo: Path, link: str, command: str) -> None:
    if command == "build":
        built(repo)  # a good build first: the link arrives with the next pull request
    path = repo / link
    if path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(LINKS[link])

    code, output = invoke(repo, command)

    assert code == 1, output
    lines = [line for line in output.splitlines() if line.strip()]
    assert any(link in line and "symbolic link" in line for line in lines), output
    assert "basic c2VjcmV0" not in output
    assert "c2VjcmV0" not in published_text(repo)


def test_diff_refuses_a_link_on_either_side(repo: Path) -> None:
    built(repo)
    (repo / "queries" / "reference" / "words.csv").unlink()
    (repo / "queries" / "reference" / "words.csv").symlink_to("../../.git/config")
    code, output = invoke(repo, "diff", "--base", "HEAD")
    assert code == 1 and "queries/reference/words.csv" in output and "symbolic link" in output, output

    commit(repo, "a pull request adds the link")  # now the base holds it: git stores the link itself
    (repo / "queries" / "reference" / "words.csv").unlink()
    (repo / "queries" / "reference" / "words.csv").write_text("term\nbueno\n", encoding="utf-8")
    code, output = invoke(repo, "diff", "--base", "HEAD")
    assert code == 1 and "words.csv" in output, output
    assert "c2VjcmV0" not in output and "c2VjcmV0" not in published_text(repo)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: _link(r / "docs" / "token.md", "../.git/config"), "docs/token.md: is a symbolic link"),
        (lambda r: _link(r / "docs" / "assets", "../.git"), "docs/assets: is a symbolic link"),
        (lambda r: _move_and_link(r / "mkdocs.yml", r / "elsewhere.yml"), "mkdocs.yml: is reached through a symbolic"),
        (lambda r: _append(r / "mkdocs.yml", "hooks:\n  - evil.py\n"), "'hooks' runs Python code at build time"),
        (
            lambda r: _append(r / "mkdocs.yml", "extra:\n  x: !!python/object/apply:os.system ['touch pwned']\n"),
            r"mkdocs.yml:\d+: YAML tag tag:yaml.org,2002:python/object/apply:os.system is not allowed",
        ),
        (lambda r: _set_docs_dir(r, "../.."), "docs_dir '../..' must be a folder inside"),
        (lambda r: _append(r / "mkdocs.yml", "INHERIT: ../../etc/mkdocs.yml\n"), "INHERIT '../../etc/mkdocs.yml'"),
    ],
)
def test_build_refuses_links_code_and_folders_outside_in_the_site_config(
    repo: Path, change: Callable[[Path], None], message: str
) -> None:
    built(repo)
    change(repo)
    code, output = invoke(repo, "build")
    assert code == 1, output
    assert re.search(message, output), output
    assert not (repo / "pwned").exists()
    assert "c2VjcmV0" not in published_text(repo)


def _link(path: Path, target: str) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    path.symlink_to(target)


def _move_and_link(path: Path, moved: Path) -> None:
    path.rename(moved)
    path.symlink_to(os.path.relpath(moved, path.parent))


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _set_docs_dir(repo: Path, folder: str) -> None:
    path = repo / "mkdocs.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("docs_dir: docs", f"docs_dir: {folder}"), encoding="utf-8")


def test_a_snippets_extension_switched_on_by_a_pull_request_reads_nothing_outside_the_staged_docs(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pymdownx.snippets includes files by path from the working directory: MkDocs runs in the staged folder, so the
    checkout's .git/config (a token), its exports or its warehouse cannot be pulled into a page."""
    monkeypatch.chdir(repo)  # as the nightly job runs: from the checkout's root
    built(repo)
    _append(repo / "mkdocs.yml", "  - pymdownx.snippets\n")  # the last key is markdown_extensions
    page = '# About\n\n--8<-- ".git/config"\n\n--8<-- "../../.git/config"\n\n--8<-- "social-health.yml"\n'
    (repo / "docs" / "about.md").write_text(page, encoding="utf-8")
    code, output = invoke(repo, "build")
    assert "c2VjcmV0" not in published_text(repo) and "c2VjcmV0" not in output
    assert "keywords: [acme]" not in published_text(repo)  # nor the project's own files
    assert code == 0, output  # the missing snippets are left out
