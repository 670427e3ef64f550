"""Which alerts are new since the last published report, and the GitHub issue text that announces them; and the
issue text naming the export files that were not loaded.

An alert row is known by its query and its first column (the day of a negative spike): the same spike seen again
tomorrow, with a higher count, is not new. ``build`` writes the active alerts' ids to ``alerts.json`` in the site, so
the published ``latest`` version on the pages branch says which alerts readers (and the last issue) already saw.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config import Config
from pipeline.errors import BuildError
from pipeline.github_markdown import fit, plain
from pipeline.pages import fetch_pages_branch
from pipeline.queries.results import load_manifest
from pipeline.warehouse.connect import Resources, connect
from pipeline.website.version import git_output

ALERTS_FILE = "alerts.json"
SHOWN_ROWS = 20
SHOWN_TEXT = 280  # characters of one value (a mention's text) in the issue
ISSUE_BUDGET = 60_000  # UTF-8 bytes: GitHub refuses an issue body over 65,536 characters


@dataclass(frozen=True)
class Alert:
    id: str  # "<query>:<first column value>"
    query: str
    title: str
    columns: tuple[str, ...]
    row: tuple[Any, ...]


def active_alerts(manifest: dict[str, Any]) -> list[Alert]:
    return [
        Alert(f"{a['query']}:{row[0]}", a["query"], a["title"], tuple(a["columns"]), tuple(row))
        for a in manifest.get("alerts", [])
        for row in a["rows"]
    ]


def alerts_file_text(manifest: dict[str, Any]) -> str:
    """What ``build`` writes to the site's alerts.json."""
    ids = [{"id": a.id, "query": a.query, "title": a.title} for a in active_alerts(manifest)]
    return json.dumps({"alerts": ids}, indent=2, ensure_ascii=False) + "\n"


def published_alert_ids(config: Config, fetch: bool = True) -> set[str]:
    """Alert ids in the published ``latest`` version on the remote's pages branch; empty before the first publish.

    ``fetch=False`` reads ``<remote>/<branch>`` as it is, e.g. as a full-history checkout brought it: then no git
    credential is needed here.
    """
    if fetch:
        fetch_pages_branch(config)
    ref = f"refs/remotes/{config.publish_remote}/{config.publish_branch}"
    versions = git_output(config.root, "show", f"{ref}:versions.json")
    if versions is None:
        return set()
    latest = next((v["version"] for v in json.loads(versions) if "latest" in v.get("aliases", [])), None)
    text = git_output(config.root, "show", f"{ref}:{latest}/{ALERTS_FILE}") if latest else None
    return {a["id"] for a in json.loads(text).get("alerts", [])} if text else set()


def new_alerts(config: Config, fetch: bool = True) -> list[Alert]:
    manifest = load_manifest(config)
    if manifest is None:
        raise BuildError("no query results yet; run `social-health run` before `social-health alerts`")
    seen = published_alert_ids(config, fetch)
    return [a for a in active_alerts(manifest) if a.id not in seen]


def issue_body(alerts: list[Alert], site_url: str) -> str:
    """Markdown for the GitHub issue: one table per alerting query; every value through ``plain`` (mention text is
    public: it cannot mention, link or embed), cut to fit an issue."""
    lines = [f"{len(alerts)} new alert(s) in tonight's report" + (f" ({site_url})" if site_url else "") + "."]
    for query in dict.fromkeys(a.query for a in alerts):
        rows = [a for a in alerts if a.query == query]
        columns = rows[0].columns
        lines += ["", f"### {plain(rows[0].title, SHOWN_TEXT)}", ""]
        lines += [f"| {' | '.join(plain(c, SHOWN_TEXT) for c in columns)} |", f"|{'---|' * len(columns)}"]
        lines += [f"| {' | '.join(plain(v, SHOWN_TEXT) for v in a.row)} |" for a in rows[:SHOWN_ROWS]]
    return fit(lines, ISSUE_BUDGET, "… {n} more line(s) cut to fit an issue; the report has them all.")


def write_issue_body(config: Config, path: Path, fetch: bool = True) -> list[Alert]:
    """Write the issue text when there are new alerts; remove a stale one otherwise (the workflow keys on the file)."""
    alerts = new_alerts(config, fetch)
    path.unlink(missing_ok=True)
    if alerts:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(issue_body(alerts, config.site.site_url), encoding="utf-8")
    return alerts


@dataclass(frozen=True)
class NotLoaded:
    file: str
    reason: str


def not_loaded_files(config: Config) -> list[NotLoaded]:
    """The export files the last ingest could not load (failed, or of no known format), from its load log; none
    before the first ingest."""
    if not config.warehouse.is_file():
        return []
    con = connect(config.warehouse, Resources.of(config), read_only=True)
    try:
        found = con.execute("SELECT file, message FROM load_log WHERE status = 'failed' ORDER BY file").fetchall()
    finally:
        con.close()
    return [NotLoaded(str(file), _reason(str(file), str(message or ""))) for file, message in found]


def _reason(file: str, message: str) -> str:
    """The message without the file name it starts with (an ExportError's ``file: reason``)."""
    return message.removeprefix(f"{file}: ")


def not_loaded_issue_body(files: list[NotLoaded], site_url: str) -> str:
    """Markdown for the issue naming each file not loaded and why; file names and reasons through ``plain`` (a file
    name is outside text: it cannot mention, link or embed), cut to fit an issue."""
    where = f" ({site_url})" if site_url else ""
    lines = [
        f"{len(files)} export file(s) could not be loaded tonight. The report was built and published{where} "
        "from the others; its data-quality page lists these files too.",
        "",
        "| file | why |",
        "|---|---|",
        *(f"| {plain(f.file, SHOWN_TEXT)} | {plain(f.reason, SHOWN_TEXT)} |" for f in files),
        "",
        "Fix or remove each file in the exports folder. To stop the nightly at such a file instead, set "
        "`strict: true` under `ingest:` in the config.",
    ]
    return fit(lines, ISSUE_BUDGET, "… {n} more line(s) cut to fit an issue; the data-quality page has them all.")


def write_not_loaded_issue(config: Config, path: Path) -> list[NotLoaded]:
    """Write the issue text when a file was not loaded; remove a stale one otherwise (the workflow keys on it)."""
    files = not_loaded_files(config)
    path.unlink(missing_ok=True)
    if files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(not_loaded_issue_body(files, config.site.site_url), encoding="utf-8")
    return files
