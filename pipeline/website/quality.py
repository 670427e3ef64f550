"""The data-quality page: each source's freshness, every export file and where its rows went, reject reasons, checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from pipeline.website.labels import Labels
from pipeline.website.markup import cell


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


def read_freshness(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, str, int, int]]:
    """Per source format: files, the newest data it holds, rows loaded and rejected."""
    return [
        (str(fmt), int(files), str(newest or "?"), int(loaded), int(rejected))
        for fmt, files, newest, loaded, rejected in con.execute(
            "SELECT coalesce(format, '(not recognised)'), count(*), max(as_of)::DATE, sum(rows_loaded),"
            " sum(rows_rejected) FROM load_log GROUP BY ALL ORDER BY 1"
        ).fetchall()
    ]


def read_reasons(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int, int]]:
    return [
        (str(f), str(r), int(n), int(line or 0))
        for f, r, n, line in con.execute(
            "SELECT file, reason, count(*), min(line) FROM rejects GROUP BY ALL ORDER BY file, min(line)"
        ).fetchall()
    ]


def data_quality_page(con: duckdb.DuckDBPyConnection, checks: list[dict[str, Any]], words: Labels) -> str:
    """Freshness by source, every export file with its row accounting and unknown columns, rejects, check results."""
    fresh = "| source | files | newest data | rows loaded | rows rejected |\n|---|--:|---|--:|--:|\n" + "".join(
        f"| {cell(fmt)} | {files} | {cell(newest)} | {loaded} | {rejected} |\n"
        for fmt, files, newest, loaded, rejected in read_freshness(con)
    )
    head = "| file | format | locale | status | read | loaded | duplicate | rejected | unknown columns |\n"
    head += "|---|---|---|---|--:|--:|--:|--:|---|\n"
    body = "".join(
        f"| {cell(f.file)} | {cell(f.format)} | {cell(f.locale)} | {cell(_status(f))} | "
        + " | ".join(str(n) for n in f.counts)
        + f" | {cell(', '.join(f.unknown_columns))} |\n"
        for f in read_files(con)
    )
    rejects = "".join(
        f"| {cell(file)} | {cell(reason)} | {n} | {line} |\n" for file, reason, n, line in read_reasons(con)
    )
    reject_table = (
        "| file | reason | rows | first line |\n|---|---|--:|--:|\n" + rejects if rejects else "No row was rejected.\n"
    )
    check_rows = "".join(
        f"| {cell(c['query'])} | {cell(c['check'])} | {cell(c['severity'])} | {c['bad_rows']} | "
        f"{'passed' if c['passed'] else 'FAILED'} |\n"
        for c in checks
    )
    check_table = (
        "| query | check | severity | bad rows | result |\n|---|---|---|--:|---|\n" + check_rows
        if check_rows
        else "No checks ran.\n"
    )
    return (
        f"# {words('data_quality')}\n\n"
        "Every export file found, what it was recognised as, and where each of its rows went: "
        "`read = loaded + duplicate + rejected`. Unknown columns are columns the format does not know (the platform "
        "added or renamed one): they were ignored.\n\n"
        f"## Freshness by source\n\n{fresh}\n## Files\n\n{head}{body}\n## Rejected rows by reason\n\n{reject_table}\n"
        f"## Checks on the metrics\n\n{check_table}"
    )


def _status(f: FileRow) -> str:
    return f"{f.status}: {f.message}" if f.message else f.status
