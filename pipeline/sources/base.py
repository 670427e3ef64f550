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
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config import Config
from pipeline.sources.probe import Probe
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


@dataclass
class LoadContext:
    con: duckdb.DuckDBPyConnection
    config: Config
    path: Path  # the file on disk
    file: str  # the file as recorded in the warehouse: relative to the exports folder

    def stage(
        self, table: str, select_sql: str, params: dict[str, object] | None = None, raw: str | None = None
    ) -> tuple[int, int]:
        """Run an adapter's parse query; file valid rows and rejects. Returns (rows staged, records rejected).

        ``raw`` is the text kept for a rejected row, an expression over the record in the ``raw`` table as ``r``
        (``CsvTable.raw_expr``), joined on ``_line`` and evaluated for rejected rows only; without it the query
        yields ``_raw`` itself.
        """
        spec = DATA_TABLES[table]
        cols = [*spec.staged_columns, *(c for c, _ in STAGE_COLUMNS[:-1])]  # all but source_file, derived, _raw
        self.con.execute("DROP TABLE IF EXISTS parsed")
        # `_raw` is built (every column redacted) only for rejected rows: most rows are good.
        kept = "NULL::VARCHAR" if raw else "CASE WHEN _reason IS NOT NULL THEN _raw END"
        self.con.execute(
            f"CREATE TEMP TABLE parsed AS SELECT {', '.join(cols)}, {kept} AS _raw FROM ({select_sql})", params or {}
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
