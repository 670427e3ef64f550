"""Read a CSV export into a temporary DuckDB table of text columns, keeping every record accountable.

Records the CSV reader cannot parse (wrong number of fields, an unterminated quote) are filed as rejects with their
line; the others land in ``raw`` with ``_line``, the line number a spreadsheet shows for the record (the header and
any preamble rows count, a record with line breaks inside quotes counts once). Columns are named after the header,
matched case-insensitively, so adapters key on the names the platform writes.

An Excel worksheet (the probe names one) lands in the same ``raw`` table, its row numbers as ``_line``: see
``sheetfile.py`` for how its cells (numbers, dates) arrive as text.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.errors import ExportError
from pipeline.escape import ident
from pipeline.sources.base import LoadContext
from pipeline.sources.probe import Probe
from pipeline.sources.sheetfile import read_sheet


@dataclass(frozen=True)
class CsvTable:
    header: tuple[str, ...]
    records: int  # records read: the good ones in `raw` plus the ones the reader rejected
    path: str
    used: set[str] = field(default_factory=set, compare=False)  # header columns an adapter asked for

    def _find(self, name: str) -> str | None:
        for column in self.header:
            if column.lower() == name.lower():
                self.used.add(column)
                return column
        return None

    def unknown_columns(self, known: Iterable[str]) -> tuple[str, ...]:
        """Header columns neither used by the adapter nor in its documented layout: schema drift to report."""
        expected = {k.lower() for k in known} | {u.lower() for u in self.used}
        return tuple(c for c in self.header if c.lower() not in expected and not c.startswith("column_"))

    def has(self, name: str) -> bool:
        return self._find(name) is not None

    def col(self, *names: str) -> str:
        """The quoted column for the first of ``names`` present; a missing required column fails the file."""
        for name in names:
            found = self._find(name)
            if found is not None:
                return ident(found)
        near = difflib.get_close_matches(names[0], self.header, n=1, cutoff=0.5)
        hint = f"; the nearest header is '{near[0]}'" if near else ""
        raise ExportError(self.path, f"required column '{names[0]}' is missing{hint}")

    def opt(self, *names: str) -> str:
        """The quoted column for the first of ``names`` present, or NULL when the export lacks it."""
        for name in names:
            found = self._find(name)
            if found is not None:
                return ident(found)
        return "NULL::VARCHAR"

    def raw_expr(self, people: tuple[str, ...] = ()) -> str:
        """The record as text for ``rejects.raw``: ``people`` columns (handles, emails) hashed, the rest redacted."""
        wanted = {p.lower() for p in people}
        parts = [f"person_id({ident(c)})" if c.lower() in wanted else f"redact_text({ident(c)})" for c in self.header]
        return "concat_ws(',', " + ", ".join(parts) + ")"


def _unique(header: list[str]) -> tuple[str, ...]:
    seen: dict[str, int] = {}
    out = []
    for index, name in enumerate(header):
        name = name.strip() or f"column_{index + 1}"
        key = name.lower()
        seen[key] = seen.get(key, 0) + 1
        out.append(name if seen[key] == 1 else f"{name} ({seen[key]})")
    return tuple(out)


def read_csv(
    ctx: LoadContext, probe: Probe, header_index: int, delimiter: str = ",", skip_after_header: int = 0
) -> CsvTable:
    """Load the records below the header line ``header_index`` (0-based) into the temp table ``raw``.

    ``skip_after_header`` lines right below the header (e.g. a row describing the columns) are not records: they are
    neither read nor counted, and ``_line`` still counts them, as a spreadsheet does.
    """
    if probe.encoding not in ("utf-8", "utf-16"):
        raise ExportError(ctx.file, f"encoding {probe.encoding} is not supported; save the file as UTF-8")
    header = _unique(probe.header_at(header_index, delimiter))
    if not header:
        raise ExportError(ctx.file, "no header row found")
    skip = header_index + 1 + skip_after_header
    if probe.sheet is not None:  # an Excel worksheet: same `raw` table, read by fastexcel (sheetfile.py)
        sheet_header, records = read_sheet(ctx, probe, header, skip)
        return CsvTable(header=sheet_header, records=records, path=ctx.file)
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header))) + "}"
    names = ", ".join(f"c{i} AS {ident(h)}" for i, h in enumerate(header))
    con = ctx.con
    for table in ("raw", "csv_rejects", "csv_scans"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute(
        f"""CREATE TEMP TABLE raw AS SELECT {names} FROM read_csv(?, columns={columns}, header=false, skip={skip},
            auto_detect=false, delim=?, quote='"', escape='"', encoding=?, strict_mode=true,
            store_rejects=true, rejects_table='csv_rejects', rejects_scan='csv_scans', max_line_size=20000000)""",
        [str(ctx.path), delimiter, probe.encoding],
    )
    _number_lines(ctx, skip)
    bad = con.execute("SELECT count(*) FROM csv_rejects_once").fetchone()
    good = con.execute("SELECT count(*) FROM raw").fetchone()
    con.execute(
        # The reader could not split these records into fields, so nobody can tell which part is a person's handle:
        # their text is not kept (the line number finds them in the export).
        "INSERT INTO rejects_stage SELECT ?, line, 'unreadable CSV record: ' || error_message, NULL, 1"
        " FROM csv_rejects_once",
        [ctx.file],
    )
    return CsvTable(header=header, records=int(good[0] if good else 0) + int(bad[0] if bad else 0), path=ctx.file)


def _number_lines(ctx: LoadContext, skip: int) -> None:
    """Give every good record its line: its position among good records, shifted past the rejected ones before it.

    DuckDB numbers rejected records itself. A good record's line is ``skip + ordinal`` plus the number of rejected
    records that precede it; a rejected record precedes the good one whose provisional line reaches its slot.
    """
    con = ctx.con
    con.execute(
        """CREATE OR REPLACE TEMP TABLE csv_rejects_once AS
           SELECT line, any_value(error_message ORDER BY column_idx) AS error_message,
                  any_value(csv_line) AS csv_line
           FROM csv_rejects GROUP BY line"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE reject_slots AS
           SELECT slot, max(before) AS before FROM (
               SELECT line - row_number() OVER (ORDER BY line) + 1 AS slot, row_number() OVER (ORDER BY line) AS before
               FROM csv_rejects_once) GROUP BY slot"""
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE raw AS
            SELECT r.*, r._provisional + coalesce(s.before, 0) AS _line
            FROM (SELECT *, {skip} + row_number() OVER (ORDER BY rowid) AS _provisional FROM raw) r
            ASOF LEFT JOIN reject_slots s ON r._provisional >= s.slot
            ORDER BY _line"""
    )
    con.execute("ALTER TABLE raw DROP COLUMN _provisional")
