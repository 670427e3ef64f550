"""The published site's git branch (``gh-pages``): bringing the remote's in, and git's words when a command fails.

Used by ``publish`` (which deploys to the branch) and ``alerts`` (which reads the published ``latest`` version from
it); neither depends on the other, and the site builder depends on neither.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import BuildError


def fetch_pages_branch(config: Config) -> None:
    """Bring the remote's pages branch in, so mike adds to it (a single-branch CI clone does not have it)."""
    remote, branch = config.publish_remote, config.publish_branch
    listed = subprocess.run(
        ["git", "ls-remote", "--exit-code", "--heads", remote, f"refs/heads/{branch}"],
        cwd=config.root,
        capture_output=True,
        text=True,
        check=False,
    )
    if listed.returncode == 2:
        return  # first publish: the branch does not exist there yet
    if listed.returncode != 0:
        raise BuildError(f"cannot read git remote {remote!r}: {last_line(listed)}; check `publish.remote`")
    shallow = git_text(config.root, "rev-parse", "--is-shallow-repository", what="git rev-parse failed") == "true"
    refspec = f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}"
    depth = ["--depth=1"] if shallow else []
    git_text(
        config.root, "fetch", "--quiet", *depth, remote, refspec, what=f"git fetch of {branch} from {remote} failed"
    )


def git_text(cwd: Path, *args: str, what: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BuildError(f"{what}: {last_line(done)}")
    return done.stdout.strip()


def last_line(done: subprocess.CompletedProcess[str]) -> str:
    """The line that says why: the remote's own words or git's fatal line if any, else the last line."""
    lines = [line.strip() for line in (done.stderr.strip() or done.stdout.strip()).splitlines() if line.strip()]
    for prefix in ("remote:", "fatal:", "!"):
        telling = [line for line in lines if line.startswith(prefix) and line != prefix]
        if telling:
            return telling[-1]
    return lines[-1] if lines else "no output"
