"""`social-health publish`: deploy the built site as one mike version per report month, aliased ``latest``.

Refuses unless the last build succeeded on the current results and every check of severity error passed, so a
failed build or check publishes nothing. Atomic: mike commits to the local pages branch only; one ``git push`` at
the end sends it, and any failure before that puts the local branch back, so the remote keeps its last good version.
Or, instead of the push, a git bundle of the new commit: the nightly workflow builds in a job without a write token
and pushes the bundle from another job that runs git alone (.github/scripts/push-pages.sh).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import BuildError
from pipeline.pages import fetch_pages_branch, git_text, last_line
from pipeline.queries.results import MANIFEST, check_failed, load_manifest, results_dir
from pipeline.website.build import staged_config
from pipeline.website.version import VERSION_FILE, VersionInfo, check_month, month_title, read_version_file

ALIAS = "latest"
# Recorded on each version in versions.json (mike properties), so the branch itself says what each month holds.
PROPERTIES = ("data_first", "data_last", "built_at", "queries_commit", "inputs_sha256")
DEFAULT_IDENTITY = {"NAME": "social-health", "EMAIL": "social-health@users.noreply.github.com"}


def publish(
    config: Config, month: str | None = None, push: bool = False, bundle: Path | None = None
) -> tuple[str, str]:
    """Deploy the built site as version ``month`` (default: the built report's month); returns (version, title).

    ``push`` fetches the remote's pages branch first and pushes once at the end. ``bundle`` fetches nothing (the
    remote branch as fetched before, e.g. by a full-history checkout, is the base) and writes the branch's new commits
    to that file; when mike had nothing new to commit, no file is left there.
    """
    info = built_version(config)
    version = check_month(month) if month else info.month
    title = info.title if version == info.month else month_title(version, config.site.language)
    git_text(config.root, "rev-parse", "--git-dir", what=f"{config.root} is not in a git repository; publish needs one")
    if push:
        fetch_pages_branch(config)
    before = _branch_tip(config)
    if bundle:
        bundle.unlink(missing_ok=True)  # a file left from an earlier run must not be pushed as this one's
    try:
        _deploy(config, version, title, info)
        if bundle:
            write_bundle(config, bundle)
        if push:
            git_text(
                config.root,
                "push",
                "--",
                config.publish_remote,
                f"refs/heads/{config.publish_branch}:refs/heads/{config.publish_branch}",
                what=f"git push of {config.publish_branch} to {config.publish_remote} failed",
            )
    except BaseException:  # also on Ctrl-C: the local branch goes back to where it was, and no bundle is left
        _restore_branch(config, before)
        if bundle:
            bundle.unlink(missing_ok=True)
        raise
    return version, title


def built_version(config: Config) -> VersionInfo:
    """The built site's version, after checking it is the successful build of the current, passing results."""
    site = config.build / "site"
    staged_docs = staged_config(config).parent / "docs"
    if not staged_config(config).is_file() or not (site / VERSION_FILE).is_file():
        raise BuildError(f"{site / VERSION_FILE}: nothing built yet; run `social-health build` before `publish`")
    manifest_path = results_dir(config) / MANIFEST
    manifest = load_manifest(config)
    if manifest is None:
        raise BuildError(f"{manifest_path}: no query results; run `social-health run` and `build` before `publish`")
    failed = [c for c in manifest.get("checks", []) if c.get("severity") == "error" and check_failed(c)]
    if failed:
        where = ", ".join(f"{c.get('file')} {c.get('check')}" for c in failed[:3])
        raise BuildError(f"{manifest_path}: {len(failed)} check(s) of severity error failed ({where}); fix, run, build")
    info = read_version_file(site)
    # mike rebuilds from the staged docs: they must be the ones the last successful build used.
    if not (staged_docs / VERSION_FILE).is_file() or read_version_file(staged_docs) != info:
        raise BuildError(f"{staged_docs}: the last build did not finish; run `social-health build` again")
    if info.results_sha256 != hashlib.sha256(manifest_path.read_bytes()).hexdigest():
        raise BuildError(f"{site}: built from other query results than {manifest_path}; rebuild: `social-health build`")
    return info


def _deploy(config: Config, version: str, title: str, info: VersionInfo) -> None:
    common = ["--config-file", str(staged_config(config)), "--remote", config.publish_remote]
    common += ["--branch", config.publish_branch]
    props = [f"--prop-set-string={name}={getattr(info, name)}" for name in PROPERTIES]
    deploy = ["deploy", *common, "--update-aliases", "--alias-type", "redirect", "--title", title, *props]
    _mike(config.root, *deploy, version, ALIAS)
    _mike(config.root, "set-default", *common, ALIAS)


def write_bundle(config: Config, path: Path) -> bool:
    """The local pages branch's commits that the remote's (as last fetched) lacks, as a git bundle at ``path``; False,
    and no file, when there are none. The bundle needs the remote's tip, so the push must fetch that first."""
    tip = _branch_tip(config)
    known = _branch_tip(config, f"refs/remotes/{config.publish_remote}/{config.publish_branch}")
    if tip is None or tip == known:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    revisions = [f"refs/heads/{config.publish_branch}", *([f"^{known}"] if known else [])]
    git_text(
        config.root, "bundle", "create", "--quiet", str(path.resolve()), *revisions, what="git bundle create failed"
    )
    return True


def _branch_tip(config: Config, ref: str = "") -> str | None:
    ref = ref or f"refs/heads/{config.publish_branch}"
    done = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", ref], cwd=config.root, capture_output=True, text=True, check=False
    )
    return done.stdout.strip() if done.returncode == 0 else None


def _restore_branch(config: Config, tip: str | None) -> None:
    ref = f"refs/heads/{config.publish_branch}"
    args = ["update-ref", ref, tip] if tip else ["update-ref", "-d", ref]
    subprocess.run(["git", *args], cwd=config.root, capture_output=True, check=False)


def _mike(cwd: Path, *args: str) -> None:
    tools = Path(sys.executable).parent
    # mike runs `mkdocs` from PATH: make it this environment's, also when called outside `uv run`.
    path = os.pathsep.join([str(tools), os.environ.get("PATH", "")])
    env = {**os.environ, **_identity_defaults(cwd), "PATH": path, "NO_MKDOCS_2_WARNING": "true"}
    done = subprocess.run([str(tools / "mike"), *args], cwd=cwd, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        raise BuildError(f"mike {args[0]} failed: {last_line(done)}")


def _identity_defaults(cwd: Path) -> dict[str, str]:
    """Committer/author for mike's commit when neither git config nor the environment names one."""
    defaults: dict[str, str] = {}
    for part, value in DEFAULT_IDENTITY.items():
        configured = subprocess.run(
            ["git", "config", f"user.{part.lower()}"], cwd=cwd, capture_output=True, text=True, check=False
        )
        if configured.returncode != 0 and not os.environ.get(f"GIT_COMMITTER_{part}"):
            defaults |= {f"GIT_COMMITTER_{part}": value, f"GIT_AUTHOR_{part}": value}
    return defaults
