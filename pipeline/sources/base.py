"""The adapter contract: how one export format becomes rows of one warehouse table.

An adapter is a small class with a name, the table it feeds, ``detect(probe)`` (is this file mine? decided from
content, never from the file name) and ``load(ctx, probe)``. ``load`` hands the parsing to DuckDB and ends with
``ctx.stage(table, sql)``: one SELECT yielding the table's columns plus ``_line`` (where the record starts),
``_rows`` (how many file records the row stands for) and ``_reason`` (NULL, or why the row is rejected), and says
what of a rejected record is kept (``raw``, or a ``_raw`` column). Valid rows go to the staging table, the others to
``rejects``; the warehouse merges and de-duplicates afterwards.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config import Config
from pipeline.escape import literal
from pipeline.sources.probe import Probe
from pipeline.sources.textfile import TextSource, utf8_source
from pipeline.warehouse.macros import GA4_FLOOR, ORDERS_FLOOR
from pipeline.warehouse.schema import DATA_TABLES, STAGE_COLUMNS

if TYPE_CHECKING:
    import duckdb


@dataclass(frozen=True)
class Loaded:
    """What an adapter reports for one file."""

    rows_read: int  # records in the file, good and bad, as the reader counted them
    as_of: datetime | None = None  # when the export was taken, if the file says; else the merge dates it
    locale: str | None = None  # the language of a localised export's headers and numbers ('es', 'it', ...)
    unknown_columns: tuple[str, ...] = ()  # header columns the format does not know (schema drift), in file order


# Each table's time columns and the floor below which its times are implausible (warehouse/macros.py says why).
TIME_CHECKS: dict[str, tuple[tuple[str, ...], str]] = {
    "posts": (("published_at",), "platform_floor(platform)"),
    "mentions": (("published_at",), "platform_floor(platform)"),
    "messages": (("sent_at",), "platform_floor(platform)"),
    "followers_daily": (("date",), "platform_floor(platform)"),
    "orders": (("ordered_at",), f"DATE '{ORDERS_FLOOR}'"),
    "web_traffic": (("period_start", "period_end"), f"DATE '{GA4_FLOOR}'"),
}


@dataclass
class LoadContext:
    con: duckdb.DuckDBPyConnection
    config: Config
    path: Path  # the file on disk
    file: str  # the file as recorded in the warehouse: relative to the exports folder
    today: date = field(default_factory=date.today)  # the ingest's day (UTC)
    exported: date | None = None  # the date the export states it was taken, when it does (set before ``stage``)
    scratch: Path | None = None  # a folder for this file's temporary copies (transcoded text), removed afterwards
    text: TextSource | None = None  # the UTF-8 text the CSV reader reads (``utf8``), once asked for

    def utf8(self, probe: Probe) -> TextSource:
        """The file as UTF-8 with one kind of line ending and no NUL: itself, or a copy in ``scratch``
        (textfile.py)."""
        if self.text is None:
            scratch = self.scratch or self.config.warehouse.parent / "ingest-scratch"
            self.text = utf8_source(self.path, probe, scratch)
        return self.text

    def stage(
        self,
        table: str,
        select_sql: str,
        params: dict[str, object] | None = None,
        raw: str | None = None,
        time_label: str | None = None,
    ) -> tuple[int, int]:
        """Run an adapter's parse query; file valid rows and rejects. Returns (rows staged, records rejected).

        ``raw`` is the text kept for a rejected row, an expression over the record in the ``raw`` table as ``r``
        (``CsvTable.raw_expr``), joined on ``_line`` and evaluated for rejected rows only; without it the query
        yields ``_raw`` itself. Every row the adapter accepts is also checked for a plausible time (``time_problem``,
        warehouse/macros.py); ``time_label`` names the time's column as the file does (default: the table's).
        """
        spec = DATA_TABLES[table]
        cols = [*spec.staged_columns, *(c for c, _ in STAGE_COLUMNS[:-1])]  # all but source_file, derived, _raw
        self.con.execute("DROP TABLE IF EXISTS parsed")
        self.set_latest_day()
        columns, floor = TIME_CHECKS[table]
        label = literal((time_label or " and ".join(columns)) + " ")
        problems = ", ".join(f"time_problem({c}, {floor})" for c in columns)
        checked = (
            f"SELECT * REPLACE (coalesce(_reason, {label} || coalesce({problems})) AS _reason) FROM ({select_sql})"
        )
        # (a time the adapter could not parse is its own reject; a parsed one must also be plausible)
        # `_raw` is built (every column redacted) only for rejected rows: most rows are good.
        kept = "NULL::VARCHAR" if raw else "CASE WHEN _reason IS NOT NULL THEN _raw END"
        self.con.execute(
            f"CREATE TEMP TABLE parsed AS SELECT {', '.join(cols)}, {kept} AS _raw FROM ({checked})", params or {}
        )
        self.con.execute(
            f"INSERT INTO stage_{table} BY NAME SELECT {', '.join(cols[:-1])}, ? AS _file"
            " FROM parsed WHERE _reason IS NULL",
            [self.file],
        )
        self.con.execute(
            f"""INSERT INTO rejects_stage SELECT ?, p._line, p._reason, {raw or "p._raw"}, p._rows
                FROM parsed p {"LEFT JOIN raw r ON r._line = p._line" if raw else ""} WHERE p._reason IS NOT NULL""",
            [self.file],
        )
        staged, rejected = self.con.execute(
            "SELECT coalesce(sum(_rows) FILTER (WHERE _reason IS NULL), 0),"
            " coalesce(sum(_rows) FILTER (WHERE _reason IS NOT NULL), 0) FROM parsed"
        ).fetchone() or (0, 0)
        self.con.execute("DROP TABLE parsed")
        return int(staged), int(rejected)

    def set_latest_day(self) -> None:
        """The last plausible day for this file's times: the export's stated date, else the ingest's, plus one."""
        stated = self.exported is not None
        latest = (self.exported or self.today) + timedelta(days=1)
        why = "the day after the export's own date" if stated else "the day after this ingest (the file states no date)"
        self.con.execute(f"SET VARIABLE latest_day = DATE '{latest.isoformat()}'")
        self.con.execute(f"SET VARIABLE latest_day_why = {literal(why)}")


class Adapter(ABC):
    name: str  # stable id recorded in load_log.format, e.g. "meta_facebook_posts"
    table: str  # the warehouse table it feeds
    title: str  # what a person calls it, e.g. "Meta Business Suite: Facebook posts (CSV)"
    signature: tuple[str, ...] = ()  # header names that identify it; used to suggest the nearest format
    # Columns of the documented layout that the adapter deliberately does not load. Any header column neither used
    # nor listed here is reported as unknown (a platform added or renamed it), once per file in the ingest summary.
    ignored: tuple[str, ...] = ()
    # Binary files (``probe.looks_binary``: Parquet, gzip) are offered only to adapters that read them; any other
    # binary file stays unknown and fails clearly.
    reads_binary: bool = False

    @property
    def known_columns(self) -> tuple[str, ...]:
        return (*self.signature, *self.ignored)

    @abstractmethod
    def detect(self, probe: Probe) -> bool:
        """True when the file's content is this format."""

    def matches(self, probe: Probe, config: Config | None) -> bool:
        """What the registry asks: ``detect``, unless the config describes the layout (generic_mentions overrides)."""
        return self.detect(probe)

    @abstractmethod
    def load(self, ctx: LoadContext, probe: Probe) -> Loaded:
        """Parse the file with DuckDB and stage its rows with ``ctx.stage``."""
