"""`social-health ingest`: every file in the exports folder into a fresh warehouse, or nothing at all.

The warehouse is rebuilt from all exports on every run and swapped in only when the build finished, so a run that
breaks half-way leaves the previous warehouse untouched and re-running gives identical tables.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from pipeline import privacy, sources
from pipeline.config import Config, normalise_handle
from pipeline.diskspace import is_disk_full
from pipeline.errors import ConfigError, ExportError
from pipeline.escape import literal
from pipeline.sources.probe import probe_file
from pipeline.sources.readers import unreadable
from pipeline.sources.skip import is_notes, skip_reason, skip_reason_from_content
from pipeline.warehouse import filecache, merge
from pipeline.warehouse.connect import Resources, connect
from pipeline.warehouse.language import detect_languages
from pipeline.warehouse.macros import PARSING_MACROS
from pipeline.warehouse.schema import ALL_TABLES, DATA_TABLES


@dataclass
class FileOutcome:
    file: str
    sha256: str
    format: str | None
    status: str  # loaded | skipped | failed
    message: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_duplicate: int = 0
    rows_rejected: int = 0
    as_of: datetime | None = None
    locale: str | None = None
    unknown_columns: tuple[str, ...] = ()
    encoding: str | None = None  # a text file's encoding as detected ('utf-8', 'cp1252', ...)
    cached: bool = False  # restored from the file cache: loaded before with the same content, not parsed again


@dataclass
class IngestReport:
    warehouse: Path
    outcomes: list[FileOutcome] = field(default_factory=list)
    failures: list[ExportError] = field(default_factory=list)

    @property
    def nothing_loaded(self) -> bool:
        return bool(self.failures) and not any(o.status == "loaded" for o in self.outcomes)


OnFile = Callable[[int, int, str], None]


def list_export_files(exports: Path) -> list[Path]:
    """Every file under ``exports`` but hidden ones; symbolic links too (to a file or a folder), so that ingest
    refuses them by name rather than read what they point at or leave them out in silence."""
    return sorted(
        p
        for p in exports.rglob("*")
        if (p.is_symlink() or p.is_file()) and not any(part.startswith(".") for part in p.relative_to(exports).parts)
    )


def exports_to_load(config: Config) -> list[Path]:
    """The files of the exports folder; a missing folder or one without any export is an error (checked before the
    salt is asked for, so a wrong folder is reported first)."""
    if not config.exports.is_dir():
        if config.exports_url:
            raise ConfigError(
                config.path,
                f"the mirror {config.exports} of {config.exports_url} does not exist; run `social-health fetch` first",
            )
        raise ConfigError(config.path, f"'exports' folder {config.exports} does not exist; create it and add exports")
    files = list_export_files(config.exports)
    if all(is_notes(path) for path in files):
        # An empty warehouse would build an empty report: keep the last one and say what is missing.
        where = config.exports_url or config.exports
        raise ConfigError(
            config.path,
            f"no export file found in {where}; add the platforms' exports (docs/reference/exports.md lists them)",
        )
    return files


def ingest(
    config: Config,
    salt: str,
    on_file: OnFile | None = None,
    keep_when_nothing_loaded: bool = False,
    full: bool = False,
) -> IngestReport:
    """Build a warehouse beside the current one and swap it in when done; with ``keep_when_nothing_loaded``, not
    when every file failed (``report.nothing_loaded``): the previous one is kept. A file loaded before with the same
    content is restored from the cache (warehouse/filecache.py) rather than parsed again, unless ``full``."""
    files = exports_to_load(config)
    config.warehouse.parent.mkdir(parents=True, exist_ok=True)
    building = config.warehouse.with_name(config.warehouse.name + ".building")
    _discard(building)
    report = IngestReport(warehouse=config.warehouse)
    con = connect(building, Resources.of(config))
    try:
        _prepare(con, config, salt)
        names = _file_names(con, files, config.exports)
        cached = FileCache(config, salt, datetime.now(UTC).date(), use=not full)
        for index, path in enumerate(files):
            rel = names[path]
            if on_file:
                on_file(index, len(files), rel)
            report.outcomes.append(_load_file(con, config, path, rel, report, cached))
        _finish(con, report, config, cached.use)
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        _discard(building)  # never swapped in, and its space is what a full disk needs back
        raise
    con.close()
    if keep_when_nothing_loaded and report.nothing_loaded:
        _discard(building)
        return report
    os.replace(building, config.warehouse)
    building.with_name(building.name + ".wal").unlink(missing_ok=True)
    filecache.prune(config, cached.used)
    return report


@dataclass
class FileCache:
    """This ingest's use of the file cache: the entries it met (kept by ``prune``), and whether it may restore."""

    config: Config
    salt: str
    today: date
    use: bool = True
    used: set[str] = field(default_factory=set)

    def name(self, rel: str, sha256: str) -> str:
        name = filecache.entry_name(self.config, self.salt, rel, sha256)
        self.used.add(name)
        return name


def _discard(building: Path) -> None:
    """A half-built warehouse and its write-ahead log (its spill folder goes with its session: connect.py)."""
    building.unlink(missing_ok=True)
    building.with_name(building.name + ".wal").unlink(missing_ok=True)


def _prepare(con: duckdb.DuckDBPyConnection, config: Config, salt: str) -> None:
    for table in ALL_TABLES.values():
        if table.name not in DATA_TABLES:
            con.execute(table.ddl())
    con.execute(PARSING_MACROS)
    privacy.create_macros(con, salt, config.brand.all_handles())
    _roles(con, config)
    merge.create_staging(con)


def _roles(con: duckdb.DuckDBPyConnection, config: Config) -> None:
    """author_role is decided from the config's handles before anything is hashed (macro ``author_role``)."""

    def sql_list(values: tuple[str, ...]) -> str:
        return "[" + ", ".join(literal(normalise_handle(v)) for v in values) + "]::VARCHAR[]"

    con.execute(
        f"""CREATE OR REPLACE TEMP MACRO author_role(h) AS CASE
            WHEN list_contains(brand_handles(), norm_handle(h)) THEN 'brand'
            WHEN list_contains({sql_list(config.brand.employees)}, norm_handle(h)) THEN 'employee'
            WHEN list_contains({sql_list(config.brand.partners)}, norm_handle(h)) THEN 'partner'
            ELSE 'other' END"""
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


SYMLINK_REFUSED = "is a symbolic link, which is never followed; put the export file itself in the exports folder"
NAME_NOT_UTF8 = "its name is not valid UTF-8 (shown with \\x escapes); rename the file"
CHECK_THE_FILE = "check that the nightly's user may read it, and that it is not being written or removed meanwhile"


def _printable(path: Path, exports: Path) -> str:
    """The file's path in the exports folder as text that can be stored and printed: a name that is not valid UTF-8
    (bytes Python keeps as surrogates) is shown with ``\\x`` escapes, and that file is refused by name."""
    rel = path.relative_to(exports).as_posix()
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _file_names(con: duckdb.DuckDBPyConnection, files: list[Path], exports: Path) -> dict[Path, str]:
    """How each file is named in the warehouse (load_log, rejects, every row's source_file) and wherever it is
    shown: its printable path, redacted as free text is, since a name may hold a person's handle, email or phone
    (``reply to @maria_g.csv``). Two names that redact alike get the start of their content's hash (which names no
    one), so the files are still told apart."""
    printable = [_printable(path, exports) for path in files]
    found = con.execute("SELECT list_transform(?::VARCHAR[], lambda n: redact_text(n))", [printable]).fetchone()
    redacted: list[str] = list(found[0]) if found else printable
    counts = Counter(redacted)
    return {
        path: f"{name} ({_digest(path)})" if counts[name] > 1 and name != plain else name
        for path, name, plain in zip(files, redacted, printable, strict=True)
    }


def _digest(path: Path) -> str:
    try:
        return _sha256(path)[:8]
    except OSError:  # unreadable: its load fails and says so; the name only needs to differ
        return "unreadable"


def _load_file(
    con: duckdb.DuckDBPyConnection, config: Config, path: Path, rel: str, report: IngestReport, cached: FileCache
) -> FileOutcome:
    refused = FileOutcome(file=rel, sha256="", format=None, status="skipped")
    if path.is_symlink():  # never followed: it could point at any file of the machine
        return _fail(refused, report, ExportError(rel, SYMLINK_REFUSED))
    if _printable(path, config.exports) != path.relative_to(config.exports).as_posix():
        return _fail(refused, report, ExportError(rel, NAME_NOT_UTF8))
    try:
        outcome = FileOutcome(file=rel, sha256=_sha256(path), format=None, status="skipped")
    except OSError as exc:  # no permission, or removed since the folder was listed
        return _fail(refused, report, ExportError(rel, f"cannot be read ({exc.strerror or exc}); {CHECK_THE_FILE}"))
    entry_name = cached.name(rel, outcome.sha256)
    entry = filecache.find(config, entry_name, cached.today) if cached.use else None
    if entry is not None:
        filecache.restore(con, entry, rel)
        return _restored(outcome, entry.outcome)
    reason = skip_reason(path, config.exports)
    try:  # a damaged container, a bomb or text in no known encoding fails here, in one line
        probe = None if reason else sources.pick_sheet(probe_file(path))
    except ExportError as exc:
        return _fail(outcome, report, ExportError(rel, str(exc).split(": ", 1)[-1]))
    except OSError as exc:
        return _fail(outcome, report, ExportError(rel, f"cannot be read ({exc.strerror or exc}); {CHECK_THE_FILE}"))
    if probe is not None:
        reason = skip_reason_from_content(probe)
    if reason or probe is None:
        outcome.message = reason
        return outcome
    adapter = sources.detect(probe, config)  # a binary file goes only to adapters that read binary files
    if adapter is None:
        return _fail(
            outcome,
            report,
            ExportError(
                rel,
                f"{sources.unknown_format(probe)}; remove it from the exports folder or add an adapter (see "
                "CONTRIBUTING.md)",
            ),
        )
    outcome.format = adapter.name
    scratch = config.warehouse.with_name(config.warehouse.name + ".scratch")
    ctx = sources.LoadContext(
        con=con, config=config, path=path, file=rel, today=datetime.now(UTC).date(), scratch=scratch
    )
    ctx.set_latest_day()
    con.execute("BEGIN TRANSACTION")
    try:
        loaded = adapter.load(ctx, probe)
    except ExportError as exc:
        if is_disk_full(exc):
            raise
        con.execute("ROLLBACK")
        return _fail(outcome, report, exc)
    except (duckdb.Error, UnicodeError, EOFError) as exc:
        if is_disk_full(exc):
            raise  # not this file's fault: the whole ingest stops (diskspace.disk_full_said)
        con.execute("ROLLBACK")
        return _fail(outcome, report, unreadable(rel, adapter.title, exc))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    con.execute("COMMIT")
    outcome.encoding = ctx.text.encoding if ctx.text else None
    outcome.status, outcome.rows_read, outcome.as_of = "loaded", loaded.rows_read, loaded.as_of
    outcome.locale, outcome.unknown_columns = loaded.locale, loaded.unknown_columns
    kept = {k: getattr(outcome, k) for k in sorted(filecache.OUTCOME_KEYS)}
    filecache.save(con, config, entry_name, rel, kept, dated=ctx.exported is not None, today=cached.today)
    return outcome


def _restored(outcome: FileOutcome, kept: dict[str, Any]) -> FileOutcome:
    """The outcome of a file restored from the cache: what its load reported when it was parsed."""
    return replace(
        outcome,
        format=kept["format"],
        status=kept["status"],
        message=kept["message"],
        rows_read=int(kept["rows_read"]),
        as_of=datetime.fromisoformat(kept["as_of"]) if kept["as_of"] else None,
        locale=kept["locale"],
        unknown_columns=tuple(kept["unknown_columns"]),
        encoding=kept["encoding"],
        cached=True,
    )


def _fail(outcome: FileOutcome, report: IngestReport, error: ExportError) -> FileOutcome:
    outcome.status = "failed"
    outcome.message = str(error)
    report.failures.append(error)
    return outcome


def _finish(con: duckdb.DuckDBPyConnection, report: IngestReport, config: Config, reuse: bool) -> None:
    loaded = [o for o in report.outcomes if o.status == "loaded"]
    merge.rank_files(con, {o.file: o.as_of for o in loaded if o.as_of is not None})
    merge.merge_all(con)
    detect_languages(con, filecache.cache_dir(config) / filecache.LANGUAGES, reuse)
    counts = {
        f: (int(a or 0), int(b or 0))
        for f, a, b in con.execute("SELECT file, sum(loaded), sum(duplicate) FROM file_counts GROUP BY file").fetchall()
    }
    rejected = dict(con.execute("SELECT file, sum(_rows) FROM rejects_stage GROUP BY file").fetchall())
    as_of = dict(con.execute("SELECT file, as_of FROM file_rank").fetchall())
    for o in loaded:
        o.rows_loaded, o.rows_duplicate = counts.get(o.file, (0, 0))
        o.rows_rejected = int(rejected.get(o.file, 0))
        o.as_of = as_of.get(o.file, o.as_of)
        if o.rows_read != o.rows_loaded + o.rows_duplicate + o.rows_rejected:
            raise RuntimeError(
                f"bug in adapter {o.format}: {o.file} read {o.rows_read} rows but accounted for "
                f"{o.rows_loaded} loaded + {o.rows_duplicate} duplicate + {o.rows_rejected} rejected"
            )
    # Reasons name a column and a problem, never a value; redacting them again costs little and guards the page.
    con.execute(
        "INSERT INTO rejects SELECT file, line, redact_text(reason), raw FROM rejects_stage ORDER BY file, line"
    )
    con.executemany(
        "INSERT INTO load_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())",
        [
            [
                o.file,
                o.sha256,
                o.format,
                o.locale,
                o.status,
                o.message,
                o.as_of,
                o.rows_read,
                o.rows_loaded,
                o.rows_duplicate,
                o.rows_rejected,
                list(o.unknown_columns),
                o.encoding,
            ]
            for o in report.outcomes
        ],
    )
    # A message may quote the file's header, and unknown columns are header names: both reach the data-quality page.
    con.execute(
        "UPDATE load_log SET message = redact_text(message),"
        " unknown_columns = list_transform(unknown_columns, lambda c: redact_text(c))"
    )
