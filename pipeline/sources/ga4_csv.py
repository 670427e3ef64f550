"""Google Analytics 4 report downloaded from the UI as CSV, by session source / medium ("Traffic acquisition").

Layout (export-formats.md §5a; real exports in Steproac/Monfrere-Tactical-Audit, Dec 2025): UTF-8 without BOM, CRLF,
nine ``#`` lines (``# Start date: 20250101`` and ``# End date: 20251212`` among them), then the table:
``Session source / medium[,Date][,Session campaign],Sessions,Engaged sessions,…,Key events,…,Total revenue`` with raw
numbers. Without a ``Date`` dimension (``YYYYMMDD``) every row covers the whole Start-End range. Some downloads add
further sections below a blank line (``# ----`` lines, a ``Date,Sessions`` chart table): only the first table is
data, the rest is rejected line by line so nothing disappears unseen. ``Conversions`` is the pre-2024 name of
``Key events``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from pipeline.errors import ExportError
from pipeline.escape import literal
from pipeline.sources.base import Adapter, LoadContext, Loaded
from pipeline.sources.csvfile import CsvTable, read_csv
from pipeline.sources.probe import Probe
from pipeline.sources.sheetfile import EMPTY_ROW
from pipeline.warehouse.macros import count_check, decimal_check

FIRST_COLUMNS = ("session source / medium", "session source/medium")
# Time dimensions whose rows would collapse into one Start-End period (Week has no year either).
UNSUPPORTED_TIME = ("Week", "Month", "Year month", "Year", "Hour", "Date + hour (YYYYMMDDHH)")
TOTAL_ROWS = "('grand total', 'total', 'totals')"
BELOW = "below the report table (a further GA4 section), not data"
METRICS = ("Sessions", "Engaged sessions", "Key events", "Conversions", "Total revenue", "Purchase revenue")
COUNTS = ("Sessions", "Engaged sessions")
REVENUE = ("Total revenue", "Purchase revenue")


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
    ignored = (
        "Engagement rate",
        "Average engagement time per session",
        "Events per session",
        "Event count",
        "Session key event rate",
        "Total users",
        "New users",
        "Engaged sessions per user",
        "Views",
    )

    def detect(self, probe: Probe) -> bool:
        return header_index(probe) is not None

    def load(self, ctx: LoadContext, probe: Probe) -> Loaded:
        index = header_index(probe) or 0
        csv = read_csv(ctx, probe, header_index=index)
        for dimension in UNSUPPORTED_TIME:
            if csv.has(dimension):
                raise ExportError(
                    ctx.file,
                    f"dimension '{dimension}' cannot be stored (its rows would merge into one "
                    "period); download the report with 'Date' as the secondary dimension",
                )
        start, end = preamble_date(probe, "Start date"), preamble_date(probe, "End date")
        ctx.exported = end
        if csv.has("Date"):
            day = f"try_strptime(trim({csv.col('Date')}), '%Y%m%d')::DATE"
            first_day, last_day = "_day", "_day"
        elif start is not None and end is not None:
            day, first_day, last_day = "NULL::DATE", f"DATE '{start}'", f"DATE '{end}'"
        else:
            raise ExportError(
                ctx.file,
                "the '# Start date: YYYYMMDD' / '# End date: YYYYMMDD' lines are missing and "
                "there is no Date column, so the period of the numbers is unknown",
            )
        dimension = csv.col(csv.header[0])
        table_end = _first_table(ctx, probe, index + 1) if probe.sheet is None else _sheet_table_end(ctx, dimension)
        ctx.stage(
            "web_traffic",
            f"""SELECT {first_day} AS period_start, {last_day} AS period_end,
                   redact_key(CASE WHEN _split.s = '' THEN blank(_dim) ELSE trim(_split.s) END) AS source,
                   redact_key(CASE WHEN _split.s <> '' THEN trim(_split.m) END) AS medium,
                   redact_key(blank({csv.opt("Session campaign")})) AS campaign,
                   as_count({csv.col("Sessions")}) AS sessions,
                   as_count({csv.opt("Engaged sessions")}) AS engaged_sessions,
                   CAST(as_decimal({csv.opt("Key events", "Conversions")}) AS DOUBLE) AS key_events,
                   CAST(as_decimal({csv.opt("Total revenue", "Purchase revenue")}) AS DOUBLE) AS revenue,
                   _line, 1 AS _rows, {_reason(csv, table_end)} AS _reason
               FROM (SELECT *, {day} AS _day, {dimension} AS _dim,
                            -- 'google / organic': the last ' / ' splits, '(direct) / (none)' stays as written
                            regexp_extract({dimension}, '^(.*)\\s/\\s(.*)$', ['s', 'm']) AS _split
                     FROM raw)""",
            raw=csv.raw_expr(),
            time_label="Date" if csv.has("Date") else "the report's Start date and End date",
        )
        as_of = datetime(end.year, end.month, end.day, tzinfo=UTC) if end else None
        return Loaded(rows_read=csv.records, as_of=as_of, unknown_columns=csv.unknown_columns(self.known_columns))


def _reason(csv: CsvTable, table_end: int | None) -> str:
    numbers = " ".join(_number_check(csv, n) for n in METRICS if csv.has(n))
    below = f"WHEN _line >= {table_end} THEN '{BELOW}'"
    day = "WHEN _day IS NULL THEN 'Date is not YYYYMMDD'" if csv.has("Date") else ""
    first_empty = literal(csv.header[0] + " is empty")
    return f"""CASE {below if table_end else ""}
                WHEN lower(trim(_dim)) IN {TOTAL_ROWS} THEN 'GA4 total row, not data'
                WHEN blank(_dim) IS NULL THEN {first_empty}
                {day} {numbers}
           END"""


def _number_check(csv: CsvTable, name: str) -> str:
    """Sessions are counts; key events and revenue decimals (revenue nets refunds, so it may be negative)."""
    if name in COUNTS:
        return count_check(csv.col(name), name)
    return decimal_check(csv.col(name), name, negative_ok=name in REVENUE)


def _first_table(ctx: LoadContext, probe: Probe, header_line: int) -> int | None:
    """Give good records their true line; return the line where the first table ends (None: at the end of file).

    The CSV reader skips blank lines, so the shared numbering undercounts records below one, and GA4 puts a blank
    line between sections. A one-column pass sees every record (blank ones as NULL) and fixes both. The section
    lines the reader could not split get the same reason as the rest of what lies below the table.
    """
    con = ctx.con
    con.execute(
        """CREATE OR REPLACE TEMP TABLE ga4_lines AS SELECT c0 AS text FROM read_csv(?, columns={'c0': 'VARCHAR'},
           header=false, auto_detect=false, delim=?, quote='"', escape='"', encoding='utf-8', strict_mode=false,
           max_line_size=20000000)""",
        [str(ctx.utf8(probe).path), "\x1f"],
    )
    # rowid does not start at 0 inside the ingest's transaction: number the lines explicitly.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ga4_lines AS SELECT row_number() OVER (ORDER BY rowid) AS n, text FROM ga4_lines"
    )
    # Good records are, in order, the non-blank lines below the header that the reader did not reject.
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE ga4_good AS SELECT n, row_number() OVER (ORDER BY n) AS k FROM ga4_lines
            WHERE n > {header_line} AND text IS NOT NULL AND n NOT IN (SELECT line FROM csv_rejects_once)"""
    )
    con.execute(
        """UPDATE raw SET _line = g.n FROM (SELECT _line AS old, row_number() OVER (ORDER BY _line) AS k FROM raw) r
           JOIN ga4_good g USING (k) WHERE raw._line = r.old"""
    )
    found = con.execute(
        f"""SELECT min(n) FROM ga4_lines
            WHERE n > {header_line} AND (text IS NULL OR trim(text) = '' OR starts_with(text, '#'))"""
    ).fetchone()
    end = int(found[0]) if found and found[0] is not None else None
    if end is not None:
        con.execute("UPDATE rejects_stage SET reason = ? WHERE file = ? AND line >= ?", [BELOW, ctx.file, end])
    return end


def _sheet_table_end(ctx: LoadContext, dimension: str) -> int | None:
    """The same for an Excel worksheet, whose rows already have their true lines: the first empty or ``#`` row."""
    found = ctx.con.execute(
        f"""SELECT min(line) FROM (SELECT line FROM rejects_stage WHERE file = ? AND reason = ?
            UNION ALL SELECT _line FROM raw WHERE starts_with(trim({dimension}), '#'))""",
        [ctx.file, EMPTY_ROW],
    ).fetchone()
    end = int(found[0]) if found and found[0] is not None else None
    if end is not None:
        ctx.con.execute("UPDATE rejects_stage SET reason = ? WHERE file = ? AND line >= ?", [BELOW, ctx.file, end])
    return end
