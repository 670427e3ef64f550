"""`social-health publish`: deploy the built site as one mike version per report month, aliased ``latest``.

Runs only after a successful ``build`` (whose staged config it deploys), so a failed build publishes nothing and
the versions already on the pages branch stay as they were.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline.config import Config
from pipeline.errors import BuildError
from pipeline.website.build import staged_config

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def report_month(config: Config, month: str | None) -> str:
    if month is None:
        return datetime.now(ZoneInfo(config.timezone)).strftime("%Y-%m")
    if not MONTH.match(month):
        raise BuildError(f"--month {month!r} must look like 2026-11")
    return month


def month_title(month: str) -> str:
    year, number = month.split("-")
    return f"{MONTH_NAMES[int(number) - 1]} {year}"


def publish(config: Config, month: str | None = None, push: bool = False) -> str:
    staged = staged_config(config)
    if not staged.is_file():
        raise BuildError("nothing built yet; run `social-health build` before `publish`")
    version = report_month(config, month)
    _git(config.root, "rev-parse", "--git-dir", what="publish needs the config's folder to be in a git repository")
    common = ["--config-file", str(staged), "--remote", config.publish_remote, "--branch", config.publish_branch]
    push_flag = ["--push"] if push else []
    _mike(
        config.root,
        "deploy",
        *common,
        *push_flag,
        "--update-aliases",
        "--alias-type",
        "redirect",
        "--title",
        month_title(version),
        version,
        "latest",
    )
    _mike(config.root, "set-default", *common, *push_flag, "latest")
    return version


def _mike(cwd: Path, *args: str) -> None:
    mike = Path(sys.executable).parent / "mike"
    done = subprocess.run(
        [str(mike), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "true"},
    )
    if done.returncode != 0:
        last = (done.stderr.strip() or done.stdout.strip()).splitlines()[-1:] or ["no output"]
        raise BuildError(f"mike {args[0]} failed: {last[0]}")


def _git(cwd: Path, *args: str, what: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BuildError(what)
    return done.stdout.strip()
