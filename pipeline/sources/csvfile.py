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
from pipeline.escape import ident, literal
from pipeline.sources.base import LoadContext
from pipeline.sources.probe import Probe
from pipeline.sources.sheetfile import read_sheet

# What the CSV reader found wrong with a record it could not split (DuckDB's reject error_type); the counts come from
# its message, which is read for digits only.
_COUNTS = (
    r"regexp_extract(error_message, 'Expected Number of Columns: ([0-9]+) Found: ([0-9]+)', ['expected', 'found'])"
)
READER_PROBLEM = f"""'unreadable CSV record: ' || CASE error_type
    WHEN 'TOO MANY COLUMNS' THEN 'more fields than the header' || coalesce(' (' || nullif({_COUNTS}.found, '')
        || ' for ' || {_COUNTS}.expected || ' columns)', '')
    WHEN 'MISSING COLUMNS' THEN 'fewer fields than the header' || coalesce(' (' || nullif({_COUNTS}.found, '')
        || ' for ' || {_COUNTS}.expected || ' columns)', '')
    WHEN 'UNQUOTED VALUE' THEN 'a quoted field is not closed, or text follows its closing quote'
    WHEN 'LINE SIZE OVER MAXIMUM' THEN 'the record is longer than the reader accepts'
    WHEN 'INVALID ENCODING' THEN 'the record is not valid text in the file''s encoding'
    ELSE 'its fields cannot be told apart' END"""


# No export format has more than ~100 columns (Shopify: 79). A header far wider is not an export (a spreadsheet's
# whole width saved as CSV, a generated file), and DuckDB 2.0 crashes outright on some 10,000-column reads.
MAX_COLUMNS = 2000
# The longest record the reader accepts; a longer one is a reject ("longer than the reader accepts"), not a failure.
MAX_LINE_BYTES = 20_000_000


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
        """The record as text for ``rejects.raw``: ``Column: value`` pairs, `` | ``-separated, in file order, over the
        ``raw`` table as ``r`` (``LoadContext.stage(..., raw=...)`` evaluates it for rejected rows only).

        Only the columns the adapter reads are kept, redacted (``redact_text``: handles, emails and phone numbers in
        any column, a numeric one too), then the ``people`` columns (handles, emails, names, addresses) as their
        ``person_id`` (an author's is the mention's ``author_id``). A column the adapter does not read is left out:
        it may hold anything, a person's name included. Ask for it after the parse SQL is built, so every column the
        adapter uses is known.
        """
        wanted = {p.lower() for p in people}
        used = [c for c in self.header if c.lower() in {u.lower() for u in self.used} and c.lower() not in wanted]
        hashed = [c for c in self.header if c.lower() in wanted]

        def pairs(columns: list[str], value: str) -> str:
            items = [f"{literal(c + ': ')} || {value.format('r.' + ident(c))}" for c in columns]
            return "concat_ws(' | ', " + ", ".join(items) + ")" if items else "NULL"

        # The people columns are hashed outside redact_text: macros expand textually, and each would be copied.
        return f"concat_ws(' | ', nullif(redact_text({pairs(used, '{}')}), ''), {pairs(hashed, 'person_id({})')})"


def _unique(header: list[str]) -> tuple[str, ...]:
    """The header's names, each once; a name the readers use themselves (``_line``, ``_provisional``, an adapter's
    ``_published``: they all start with ``_``) or DuckDB's ``rowid`` gets " (in the file)", so a file's own column
    can never stand in for them (it would renumber or multiply the records)."""
    seen: dict[str, int] = {}
    out = []
    for index, name in enumerate(header):
        name = name.strip() or f"column_{index + 1}"
        if name.startswith("_") or name.lower() == "rowid":
            name = f"{name} (in the file)"
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
    header = _unique(probe.header_at(header_index, delimiter))
    if not header:
        raise ExportError(ctx.file, "no header row found")
    if len(header) > MAX_COLUMNS:
        raise ExportError(
            ctx.file,
            f"its header has {len(header)} columns, more than the {MAX_COLUMNS} any export format comes near; "
            "check that it is the platform's export as downloaded",
        )
    skip = header_index + 1 + skip_after_header
    if probe.sheet is not None:  # an Excel worksheet: same `raw` table, read by fastexcel (sheetfile.py)
        sheet_header, records = read_sheet(ctx, probe, header, skip)
        return CsvTable(header=sheet_header, records=records, path=ctx.file)
    source = ctx.utf8(probe).path  # UTF-8, one kind of line ending, no NUL (textfile.py)
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header))) + "}"
    names = ", ".join(f"c{i} AS {ident(h)}" for i, h in enumerate(header))
    con = ctx.con
    for table in ("raw", "csv_rejects", "csv_scans"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute(
        f"""CREATE TEMP TABLE raw AS SELECT {names} FROM read_csv(?, columns={columns}, header=false, skip={skip},
            auto_detect=false, delim=?, quote='"', escape='"', encoding='utf-8', strict_mode=true,
            store_rejects=true, rejects_table='csv_rejects', rejects_scan='csv_scans', max_line_size=?)""",
        [str(source), delimiter, MAX_LINE_BYTES],
    )
    _number_lines(ctx, skip)
    bad = con.execute("SELECT count(*) FROM csv_rejects_once").fetchone()
    good = con.execute("SELECT count(*) FROM raw").fetchone()
    con.execute(
        # The reader could not split these records into fields, so nobody can tell which part is a person's handle:
        # their text is not kept (the line number finds them in the export), and the reason is said in fixed words,
        # since the reader's own messages may quote the record.
        f"INSERT INTO rejects_stage SELECT ?, line, {READER_PROBLEM}, NULL, 1 FROM csv_rejects_once",
        [ctx.file],
    )
    return CsvTable(header=header, records=int(good[0] if good else 0) + int(bad[0] if bad else 0), path=ctx.file)


def _number_lines(ctx: LoadContext, skip: int) -> None:
    """Give every good record its line: its position among good records, shifted past the rejected ones before it.

    DuckDB numbers rejected records itself. A good record's line is ``skip + ordinal`` plus the number of rejected
    records that precede it; a rejected record precedes the good one whose provisional line reaches its slot. The
    line is one column added in place (``rowid`` is the reading order): the table is not copied, and when the reader
    rejected nothing no record moves.
    """
    con = ctx.con
    con.execute(
        """CREATE OR REPLACE TEMP TABLE csv_rejects_once AS
           SELECT line, any_value(error_type ORDER BY column_idx) AS error_type,
                  any_value(error_message ORDER BY column_idx) AS error_message
           FROM csv_rejects GROUP BY line"""
    )
    con.execute("ALTER TABLE raw ADD COLUMN _line BIGINT")
    first = con.execute("SELECT coalesce(min(rowid), 0) FROM raw").fetchone()  # a temp table's row ids start high
    con.execute(f"UPDATE raw SET _line = rowid - {int(first[0]) if first else 0} + {int(skip) + 1}")
    rejected = con.execute("SELECT count(*) FROM csv_rejects_once").fetchone()
    if not rejected or not rejected[0]:
        return
    con.execute(
        """CREATE OR REPLACE TEMP TABLE reject_slots AS
           SELECT slot, max(before) AS before FROM (
               SELECT line - row_number() OVER (ORDER BY line) + 1 AS slot, row_number() OVER (ORDER BY line) AS before
               FROM csv_rejects_once) GROUP BY slot"""
    )
    con.execute(
        """UPDATE raw SET _line = raw._line + s.before
           FROM (SELECT r._line AS provisional, s.before FROM raw r ASOF JOIN reject_slots s ON r._line >= s.slot) s
           WHERE raw._line = s.provisional"""
    )
