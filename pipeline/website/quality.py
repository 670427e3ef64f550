"""The data-quality page: each source's freshness, every export file and where its rows went, reject reasons, checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from pipeline.coverage import Coverage, formats_of
from pipeline.pillars import FEEDS
from pipeline.sources import ADAPTERS
from pipeline.website.labels import Labels
from pipeline.website.markup import esc, markdown_table

TITLES = {adapter.name: adapter.title for adapter in ADAPTERS}


@dataclass(frozen=True)
class FileRow:
    file: str
    format: str | None
    locale: str | None
    status: str
    message: str | None
    counts: tuple[int, int, int, int]  # read, loaded, duplicate, rejected
    unknown_columns: list[str]


def read_files(con: duckdb.DuckDBPyConnection) -> list[FileRow]:
    return [
        FileRow(f, fmt, loc, status, msg, (r, lo, d, rej), list(unknown or []))
        for f, fmt, loc, status, msg, r, lo, d, rej, unknown in con.execute(
            "SELECT file, format, locale, status, message, rows_read, rows_loaded, rows_duplicate, rows_rejected,"
            " unknown_columns FROM load_log ORDER BY file"
        ).fetchall()
    ]


def read_freshness(con: duckdb.DuckDBPyConnection) -> list[tuple[str | None, str, int, str, int, int]]:
    """Per source format (None: files not loaded) and status: files, the newest data, rows loaded and rejected."""
    return [
        (fmt, str(status), int(files), str(newest or "?"), int(loaded), int(rejected))
        for fmt, status, files, newest, loaded, rejected in con.execute(
            "SELECT format, status, count(*), max(as_of)::DATE, sum(rows_loaded), sum(rows_rejected)"
            " FROM load_log GROUP BY ALL ORDER BY format NULLS LAST, status"
        ).fetchall()
    ]


def read_reasons(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int, int]]:
    return [
        (str(f), str(r), int(n), int(line or 0))
        for f, r, n, line in con.execute(
            "SELECT file, reason, count(*), min(line) FROM rejects GROUP BY ALL ORDER BY file, min(line)"
        ).fetchall()
    ]


def coverage_table(coverage: Coverage, words: Labels) -> str:
    """Each warehouse table: its rows, the formats that fill it, the pillars whose queries read it, what to add."""
    rows = []
    for table in FEEDS:
        pillars = [
            words(p)
            for p, queries in coverage.pillars.items()
            if any(table in coverage.sources.get(q, ()) for q in queries)
        ]
        count = coverage.rows.get(table, 0)
        rows.append((table, count, " ".join(formats_of(table)), ", ".join(pillars), "" if count else words.feed(table)))
    return markdown_table(("table", "rows", "filled by", "read by", "not measured yet: add"), rows, "lrlll")


def _result(check: dict[str, Any], coverage: Coverage, words: Labels) -> str:
    status = check.get("status") or ("passed" if check.get("passed") else "failed")
    if status == "skipped":
        what = words("or").join(words.feed(t) for t in coverage.missing(str(check["query"])))
        return f"skipped (no data yet: add {what})" if what else "skipped (no data yet)"
    return {"passed": "passed", "failed": "FAILED"}.get(status, status)


def data_quality_page(
    con: duckdb.DuckDBPyConnection, checks: list[dict[str, Any]], words: Labels, coverage: Coverage | None = None
) -> str:
    """Freshness by source, every export file with its row accounting and unknown columns, rejects, check results,
    and what each warehouse table holds (what to add where it is empty)."""
    coverage = coverage or Coverage({}, {}, {})
    fresh = markdown_table(
        ("source", "files", "newest data", "rows loaded", "rows rejected"),
        (
            (_source(fmt, status), files, newest if fmt else "", loaded, rejected)
            for fmt, status, files, newest, loaded, rejected in read_freshness(con)
        ),
        "lrlrr",
    )
    files = markdown_table(
        ("file", "read as", "read", "loaded", "duplicates", "rejected", "notes"),
        ((f.file, _source(f.format, f.status), *f.counts, _notes(f)) for f in read_files(con)),
        "llrrrrl",
    )
    not_loaded = not_loaded_note(read_files(con))
    reasons = read_reasons(con)
    reject_table = (
        markdown_table(("file", "reason", "rows", "first line"), reasons, "llrr")
        if reasons
        else "No row was rejected.\n"
    )
    check_table = (
        markdown_table(
            ("query", "check", "severity", "bad rows", "result"),
            ((c["query"], c["check"], c["severity"], c.get("bad_rows"), _result(c, coverage, words)) for c in checks),
            "lllrl",
        )
        if checks
        else "No checks ran.\n"
    )
    return (
        f"# {esc(words('data_quality'))}\n\n"
        "Every export file found, what it was read as, and where each of its rows went: "
        "`read = loaded + duplicates + rejected`. Files that are part of an export but hold no data (an archive's "
        "viewer, its README) are skipped, and say why. Unknown columns are columns the format does not know (the "
        "platform added or renamed one): they were ignored.\n\n"
        f"{not_loaded}## Freshness by source\n\n{_wrapped(fresh)}\n## Files\n\n{_wrapped(files)}\n"
        f"## Rejected rows by reason\n\n{_wrapped(reject_table)}\n## Checks on the metrics\n\n"
        "A check of a query none of whose tables has data yet is skipped, not failed: the table below says what to "
        f"add.\n\n{_wrapped(check_table)}\n"
        "## What the data covers\n\nEach warehouse table, the export formats that fill it and the queries that "
        "read it (directly or through other queries). A query whose tables are all empty is not measured yet.\n\n"
        f"{_wrapped(coverage_table(coverage, words))}"
    )


def not_loaded_note(files: list[FileRow]) -> str:
    """A warning above the tables naming each file that failed or is of no known format: the report was built
    without it (``ingest`` without ``--strict``), and the reader should know."""
    failed = [f for f in files if f.status == "failed"]
    if not failed:
        return ""
    items = "".join(f"<li>{esc(f.file)}: {esc(_reason(f))}</li>" for f in failed)
    return (
        '<div class="admonition warning sh-not-loaded">'
        f'<p class="admonition-title">{len(failed)} export file(s) not loaded</p>'
        "<p>This report was built without them: its figures leave out whatever they hold. Fix or remove each file "
        f"in the exports folder.</p><ul>{items}</ul></div>\n\n"
    )


def _reason(f: FileRow) -> str:
    message = f.message or f.status
    return message.removeprefix(f"{f.file}: ")


def _wrapped(table: str) -> str:
    """A table in a box whose long cells (file names, check names) wrap, so it fits a laptop's column."""
    return f'<div class="sh-quality" markdown>\n\n{table}\n</div>\n'


def _source(fmt: str | None, status: str) -> str:
    """A format by its title ("Brandwatch mentions export (CSV)"); a file not loaded by what happened to it."""
    if fmt:
        return TITLES.get(fmt, fmt)
    return "skipped (not data)" if status == "skipped" else "not recognised"


def _notes(f: FileRow) -> str:
    notes = [f"{f.status}: {f.message}" if f.message else ("" if f.status == "loaded" else f.status)]
    if f.locale:
        notes.append(f"locale {f.locale}")
    if f.unknown_columns:
        notes.append(f"unknown columns: {', '.join(f.unknown_columns)}")
    return "; ".join(n for n in notes if n)
