"""What a published version is: report month, data window, build time, queries commit and input/result hashes.

``build`` writes this as ``version.json`` into the staged docs (so it lands at the root of the built site and of
every version mike deploys); ``publish`` reads it back to label the version and to refuse a stale or failed build.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from dataclasses import asdict, dataclass, fields
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from pipeline.config import Config
from pipeline.errors import BuildError
from pipeline.queries.results import MANIFEST, load_manifest, results_dir
from pipeline.website.labels import Labels
from pipeline.website.model import DataWindow

VERSION_FILE = "version.json"
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
NOT_IN_GIT = "not in git"


@dataclass(frozen=True)
class VersionInfo:
    month: str
    title: str
    data_first: str
    data_last: str
    built_at: str
    queries_commit: str
    inputs_sha256: str
    results_sha256: str


def check_month(month: str) -> str:
    if not MONTH.match(month):
        raise BuildError(f"month {month!r} must look like 2026-11")
    return month


def month_title(month: str, language: str = "en") -> str:
    """ "2026-10" as the site's language writes it: "October 2026", "octubre de 2026", "ottobre 2026"."""
    year, number = check_month(month).split("-")
    return Labels(language).month(date(int(year), int(number), 1))


def version_info(config: Config, con: duckdb.DuckDBPyConnection, month: str | None = None) -> VersionInfo:
    """The version the current results make; ``month`` defaults to the month of the report's period_end."""
    manifest_path = results_dir(config) / MANIFEST
    manifest = load_manifest(config)
    if manifest is None:
        raise BuildError(f"{manifest_path}: no query results yet; run `social-health run` before `build`")
    month = check_month(month) if month else _period_month(manifest_path, manifest.get("variables", {}))
    window = data_window(con)
    return VersionInfo(
        month=month,
        title=month_title(month, config.site.language),
        data_first=window.first,
        data_last=window.last,
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        queries_commit=queries_commit(config.queries),
        inputs_sha256=inputs_sha256(con),
        results_sha256=hashlib.sha256(manifest_path.read_bytes()).hexdigest(),
    )


def _period_month(path: Path, variables: object) -> str:
    period_end = variables.get("period_end") if isinstance(variables, dict) else None
    try:
        return date.fromisoformat(str(period_end)).strftime("%Y-%m")
    except ValueError:
        raise BuildError(f"{path}: variables.period_end {period_end!r} is no date; run `social-health run`") from None


def data_window(con: duckdb.DuckDBPyConnection) -> DataWindow:
    """First and last day with data in any dated table, and how many export files were loaded."""
    first, last, files = con.execute(
        """SELECT min(t)::DATE, max(t)::DATE, (SELECT count(*) FROM load_log WHERE status = 'loaded') FROM (
               SELECT published_at AS t FROM posts UNION ALL SELECT published_at FROM mentions
               UNION ALL SELECT sent_at FROM messages UNION ALL SELECT ordered_at FROM orders
               UNION ALL SELECT period_end FROM web_traffic)"""
    ).fetchone() or (None, None, 0)
    if first is None or last is None:
        raise BuildError("the warehouse holds no dated rows; add exports and run `social-health ingest`")
    return DataWindow(str(first), str(last), int(files))


def inputs_sha256(con: duckdb.DuckDBPyConnection) -> str:
    """One hash over every export file's (name, sha256), in name order: equal inputs give an equal hash."""
    pairs = con.execute("SELECT file, sha256 FROM load_log ORDER BY file, sha256").fetchall()
    combined = hashlib.sha256()
    for file, sha in pairs:
        combined.update(f"{file}\t{sha}\n".encode())
    return combined.hexdigest()


def queries_commit(folder: Path) -> str:
    """Short id of the newest commit touching ``folder``, ``+changes`` when it holds uncommitted edits."""
    inside = git_output(folder, "rev-parse", "--is-inside-work-tree")
    if inside != "true":
        return NOT_IN_GIT
    commit = git_output(folder, "log", "-1", "--format=%h", "--", ".") or "uncommitted"
    # Untracked files count: a new query file changes the results as much as an edited one.
    dirty = git_output(folder, "status", "--porcelain", "--untracked-files=all", "--", ".")
    return f"{commit}+changes" if dirty else commit


def git_output(folder: Path, *args: str) -> str | None:
    """A git command's output in ``folder``, or None when it fails (not a repository, no such revision)."""
    if not folder.is_dir():
        return None
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def write_version_file(site: Path, info: VersionInfo) -> Path:
    path = site / VERSION_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(info), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def read_version_file(site: Path) -> VersionInfo:
    path = site / VERSION_FILE
    if not path.is_file():
        raise BuildError(f"{path}: not found; run `social-health build` first")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BuildError(f"{path}: not valid JSON ({exc}); run `social-health build` again") from None
    names = [f.name for f in fields(VersionInfo)]
    valid = isinstance(data, dict) and sorted(data) == sorted(names) and all(isinstance(v, str) for v in data.values())
    if not valid:
        raise BuildError(f"{path}: expected the text keys {', '.join(names)}; run `social-health build` again")
    return VersionInfo(**data)
