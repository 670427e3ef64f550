"""Google Analytics 4 report downloaded from the UI as CSV, by session source / medium ("Traffic acquisition").

Layout (export-formats.md §5a; real exports in Steproac/Monfrere-Tactical-Audit, Dec 2025): UTF-8 without BOM, CRLF,
nine ``#`` lines (``# Start date: 20250101`` and ``# End date: 20251212`` among them), then the table:
``Session source / medium[,Date][,Session campaign],Sessions,Engaged sessions,…,Key events,…,Total revenue`` with raw
numbers. Without a ``Date`` dimension (``YYYYMMDD``) every row covers the whole Start–End range. Some downloads add
further sections below a blank line (``# ----`` lines, a ``Date,Sessions`` chart table): only the first table is
data, the rest is rejected line by line so nothing disappears unseen. ``Conversions`` is the pre-2024 name of
``Key events``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from pipeline.errors import ExportError
from pipeline.sources.base import Adapter, LoadContext, Loaded
from pipeline.sources.csvfile import CsvTable, read_csv
from pipeline.sources.probe import Probe

FIRST_COLUMNS = ("session source / medium", "session source/medium")
# Time dimensions whose rows would collapse into one Start–End period (Week has no year either).
UNSUPPORTED_TIME = ("Week", "Month", "Year month", "Year", "Hour", "Date + hour (YYYYMMDDHH)")
TOTAL_ROWS = ("grand total", "total", "totals")


def header_index(probe: Probe) -> int | None:
    """The table header: the first line that is neither a ``#`` comment nor blank, within the first 15."""
    if not probe.lines or not probe.lines[0].startswith("#"):
        return None
    for index, line in enumerate(probe.lines[:15]):
        if line.startswith("#") or not line.strip():
            continue
        cells = [c.lower() for c in probe.header_at(index)]
        return index if cells and cells[0] in FIRST_COLUMNS and "sessions" in cells else None
    return None


def preamble_date(probe: Probe, label: str) -> date | None:
    """``# Start date: 20250101`` from the comment lines above the table."""
    for line in probe.lines[: header_index(probe) or 0]:
        found = re.match(rf"#\s*{label}\s*:\s*(\d{{8}})\s*$", line, re.IGNORECASE)
        if found:
            return datetime.strptime(found.group(1), "%Y%m%d").date()
    return None


class Ga4Csv(Adapter):
    name = "ga4_csv"
    table = "web_traffic"
    title = "Google Analytics 4: report by session source / medium (CSV download)"
    signature = ("Session source / medium", "Sessions", "Engaged sessions", "Key events", "Total revenue")

    def detect(self, probe: Probe) -> bool:
        return header_index(probe) is not None

    def load(self, ctx: LoadContext, probe: Probe) -> Loaded:
        index = header_index(probe) or 0
        csv = read_csv(ctx, probe, header_index=index)
        for dimension in UNSUPPORTED_TIME:
            if csv.has(dimension):
                raise ExportError(ctx.file, f"dimension '{dimension}' cannot be stored (its rows would merge into one "
                                            "period); download the report with 'Date' as the secondary dimension")
        start, end = preamble_date(probe, "Start date"), preamble_date(probe, "End date")
        if not csv.has("Date") and (start is None or end is None):
            raise ExportError(ctx.file, "the '# Start date: YYYYMMDD' / '# End date: YYYYMMDD' lines are missing and "
                                        "there is no Date column, so the period of the numbers is unknown")
        table_end = _renumber(ctx, probe, index + 1)
        day = f"try_strptime(trim({csv.col('Date')}), '%Y%m%d')::DATE" if csv.has("Date") else "NULL::DATE"
        ctx.stage(
            "web_traffic",
            f"""SELECT coalesce(_day, DATE '{start}') AS period_start, coalesce(_day, DATE '{end}') AS period_end,
                   CASE WHEN _pair IS NULL THEN blank(_dim) ELSE trim(_pair[1]) END AS source,
                   CASE WHEN _pair IS NOT NULL THEN trim(_pair[2]) END AS medium,
                   blank({csv.opt('Session campaign')}) AS campaign,
                   whole({csv.col('Sessions')}) AS sessions, whole({csv.opt('Engaged sessions')}) AS engaged_sessions,
                   num({_key_events(csv)}) AS key_events, num({_revenue(csv)}) AS revenue,
                   _line, 1 AS _rows, {_reason(csv, table_end)} AS _reason, {csv.raw_expr()} AS _raw
               FROM (SELECT *, {day} AS _day, {csv.col(csv.header[0])} AS _dim,
                            regexp_extract({csv.col(csv.header[0])}, '^(.*)\\s/\\s(.*)$', ['s', 'm']) AS _split,
                            CASE WHEN _split.s <> '' THEN [_split.s, _split.m] END AS _pair
                     FROM raw)""",
        )
        as_of = datetime(end.year, end.month, end.day, tzinfo=UTC) if end else None
        return Loaded(rows_read=csv.records, as_of=as_of)


def _key_events(csv: CsvTable) -> str:
    return csv.opt("Key events", "Conversions")


def _revenue(csv: CsvTable) -> str:
    return csv.opt("Total revenue", "Purchase revenue")


def _reason(csv: CsvTable, table_end: int) -> str:
    checks = [(c, csv.col(c)) for c in ("Sessions", "Engaged sessions") if csv.has(c)]
    checks += [(name.strip('"'), expr) for expr in (_key_events(csv), _revenue(csv)) if expr != "NULL::VARCHAR"
               for name in [expr]]
    numbers = " ".join(f"WHEN bad_num({e}) THEN '{n} ''' || {e} || ''' is not a number'" for n, e in checks)
    date_check = (f"WHEN _day IS NULL THEN 'Date ''' || coalesce({csv.col('Date')}, '') || ''' is not YYYYMMDD'"
                  if csv.has("Date") else "")
    return f"""CASE WHEN _line >= {table_end} THEN 'below the report table (a further GA4 section), not data'
                WHEN lower(trim(_dim)) IN {TOTAL_ROWS} THEN 'GA4 total row, not data'
                WHEN blank(_dim) IS NULL THEN '{csv.header[0]} is empty'
                {date_check} {numbers}
           END"""


def _renumber(ctx: LoadContext, probe: Probe, header_line: int) -> int:
    """Give good records their true line and return the line where the first table ends.

    The CSV reader skips blank lines, so the shared numbering undercounts records below one; GA4 puts a blank line
    between sections. A one-column pass sees every line (blank ones as NULL) and fixes both.
    """
    con = ctx.con
    con.execute(
        """CREATE OR REPLACE TEMP TABLE ga4_lines AS SELECT c0 AS text FROM read_csv(?, columns={'c0': 'VARCHAR'},
           header=false, auto_detect=false, delim=?, quote='"', escape='"', encoding=?, strict_mode=false,
           max_line_size=20000000)""",
        [str(ctx.path), "\x1f", probe.encoding],
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE ga4_good AS SELECT n, row_number() OVER (ORDER BY n) AS k
            FROM (SELECT rowid + 1 AS n, text FROM ga4_lines)
            WHERE n > {header_line} AND text IS NOT NULL AND n NOT IN (SELECT line FROM csv_rejects_once)"""
    )
    con.execute(
        """UPDATE raw SET _line = g.n FROM (SELECT _line AS old, row_number() OVER (ORDER BY _line) AS k FROM raw) r
           JOIN ga4_good g USING (k) WHERE raw._line = r.old"""
    )
    end = con.execute(
        f"""SELECT min(rowid + 1) FROM ga4_lines
            WHERE rowid + 1 > {header_line} AND (text IS NULL OR trim(text) = '' OR starts_with(text, '#'))"""
    ).fetchone()
    return int(end[0]) if end and end[0] is not None else 2**62
