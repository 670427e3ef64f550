"""`social-health summary`: the run in Markdown for the workflow's job summary ($GITHUB_STEP_SUMMARY).

Headline metrics with their change on the month before, what is not measured yet (and what to add), active alerts, and
data quality: export files and where their rows went, and the checks. Read from the results manifest and the
warehouse's load log, as the site is.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pipeline.alerts import SHOWN_ROWS, active_alerts, not_loaded_files
from pipeline.config import Config
from pipeline.coverage import Coverage, add_text
from pipeline.errors import BuildError
from pipeline.github_markdown import plain
from pipeline.pillars import pillar
from pipeline.queries.results import check_failed, load_manifest
from pipeline.warehouse.connect import Resources, connect
from pipeline.website.labels import Labels
from pipeline.website.markup import arrow, change, formatted
from pipeline.website.model import TileView, month_of, shift, tile_views


def job_summary(config: Config) -> str:
    manifest = load_manifest(config)
    if manifest is None:
        raise BuildError("no query results yet; run `social-health run` before `social-health summary`")
    words = Labels(config.site.language)
    month = month_of(date.fromisoformat(str(manifest["variables"]["period_end"])))
    heading = f"## {plain(config.site.title)}: {plain(words.month(month))}\n\n"
    coverage = Coverage.from_json(manifest.get("coverage"))
    return (
        heading
        + headlines(manifest, month, words, coverage)
        + not_measured_section(coverage)
        + alerts_section(manifest)
        + quality_section(config, manifest)
    )


def not_measured_section(coverage: Coverage) -> str:
    """Each pillar (and each other query) with no data yet: what to add, and where the docs say how."""
    pillars = coverage.unmeasured_pillars()
    lines = [f"- **{plain(pillar(p).name('en'))}**: {plain(add_text(coverage.pillar_missing(p)))}\n" for p in pillars]
    in_pillars = {q for p in pillars for q in coverage.pillars.get(p, ())}
    lines += [
        f"- {plain(q)}: {plain(add_text(coverage.missing(q)))}\n"
        for q in coverage.sources
        if q not in in_pillars and not coverage.measured(q)
    ]
    if not lines:
        return ""
    intro = "No table these read has data yet; the health score is computed from the pillars that have some.\n\n"
    return "### Not measured yet\n\n" + intro + ("".join(lines) + "\n")


def headlines(manifest: dict[str, Any], month: date, words: Labels, coverage: Coverage | None = None) -> str:
    """Each query's headline tile: its latest month's value and the change on the month before."""
    coverage = coverage or Coverage({}, {}, {})
    rows = [_headline_row(t, month, words, coverage.measured(t.query)) for t in tile_views(manifest) if t.index == 0]
    table = "| metric | month | value | change |\n|---|---|--:|--:|\n" + "".join(rows)
    return f"### Headline metrics\n\n{table}\n"


def _headline_row(tile: TileView, month: date, words: Labels, measured: bool = True) -> str:
    if not measured:
        return f"| {plain(tile.label)} | | {plain(words('not_measured_yet').lower())} | |\n"
    shown = tile.latest(month)
    now = tile.value(shown) if shown else None
    then = tile.value(shift(shown, -1)) if shown else None
    moved = change(tile, now, then, words)
    when = words.month(shown) if shown else words("no_data")
    text = f"{arrow(moved)} {moved.text}" if moved.text else ""
    return f"| {plain(tile.label)} | {plain(when)} | {plain(formatted(now, tile.format, words))} | {plain(text)} |\n"


def alerts_section(manifest: dict[str, Any]) -> str:
    alerts = active_alerts(manifest)
    if not alerts:
        return "### Alerts\n\nNo active alert.\n\n"
    lines = [
        f"- **{plain(a.title)}**: {plain(', '.join(f'{c} {v}' for c, v in zip(a.columns, a.row, strict=True)))}\n"
        for a in alerts[:SHOWN_ROWS]
    ]
    more = f"- … and {len(alerts) - SHOWN_ROWS} more\n" if len(alerts) > SHOWN_ROWS else ""
    return f"### Alerts ({len(alerts)} active)\n\n" + "".join(lines) + more + "\n"


def not_loaded_section(config: Config) -> str:
    """The export files that failed or are of no known format: the report was built without them."""
    files = not_loaded_files(config)
    if not files:
        return ""
    lines = "".join(f"- not loaded: {plain(f.file)}: {plain(f.reason)}\n" for f in files[:SHOWN_ROWS])
    more = f"- … and {len(files) - SHOWN_ROWS} more (the data-quality page lists them all)\n"
    return (
        f"{len(files)} export file(s) could not be loaded; the report was built without them:\n\n"
        + lines
        + (more if len(files) > SHOWN_ROWS else "")
        + "\n"
    )


def quality_section(config: Config, manifest: dict[str, Any]) -> str:
    con = connect(config.warehouse, Resources.of(config), read_only=True)
    try:
        files, skipped, failed, read, loaded, duplicate, rejected = con.execute(
            "SELECT count(*) FILTER (status = 'loaded'), count(*) FILTER (status = 'skipped'),"
            " count(*) FILTER (status = 'failed'), coalesce(sum(rows_read), 0), coalesce(sum(rows_loaded), 0),"
            " coalesce(sum(rows_duplicate), 0), coalesce(sum(rows_rejected), 0)"
            " FROM load_log"
        ).fetchone() or (0, 0, 0, 0, 0, 0, 0)
    finally:
        con.close()
    checks = manifest.get("checks", [])
    failing = [c for c in checks if check_failed(c)]
    not_run = sum(1 for c in checks if c.get("status") == "skipped")
    passed = len(checks) - len(failing) - not_run
    not_run_text = f", {not_run} skipped (no data yet: see Not measured yet)" if not_run else ""
    table = (
        "| files loaded | not loaded | skipped (not data) | rows read | loaded | duplicates | rejected |\n"
        "|--:|--:|--:|--:|--:|--:|--:|\n"
        f"| {files} | {failed} | {skipped} | {read} | {loaded} | {duplicate} | {rejected} |\n\n"
        + not_loaded_section(config)
        + f"Checks: {passed} of {len(checks)} passed{not_run_text}.\n"
    )
    table += "".join(
        f"- {c['severity']}: {plain(c['file'])} {plain(c['check'])} ({c['bad_rows']} rows)\n" for c in failing
    )
    return f"### Data quality\n\n{table}"
