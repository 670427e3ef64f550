"""Load an Excel worksheet into the temp table ``raw``, as ``csvfile.read_csv`` loads a CSV (it calls this module).

Excel files (``.xlsx``, ``.xlsm``, ``.xlsb`` and legacy ``.xls``; told from their content by ``probe.py``) are read with
fastexcel (calamine) and DuckDB scans the Arrow data it yields, so no Python loop touches the rows. ``raw`` then has
the header's names as VARCHAR columns plus ``_line``, exactly as for a CSV, and every adapter works unchanged.

What adapters receive, all as text:

- text cells as typed; empty cells NULL; booleans ``true``/``false``;
- numbers: integral values without a decimal part (``29``, never ``29.0``), others as the shortest decimal
  (``0.029``). Excel stores numbers as floating point, so an id of more than 15 digits typed into Excel as a number
  is already corrupted inside the file (shared/reference/export-formats.md §0, rule 1): nothing can restore it;
- date and time cells as ISO text ``YYYY-MM-DD HH:MM:SS`` (``.fff`` with fractions of a second; a date-only cell at
  ``00:00:00``; a time-only cell on Excel's day zero ``1899-12-31``). Excel dates have no time zone: adapters read
  them in the config's ``timezone``, like any time without an offset. An adapter whose export writes dates as text
  in another form (``MM/DD/YYYY``) must also accept this one, since Excel turns such text into date cells: the SQL
  macro ``excel_ts(x)`` parses it (warehouse/macros.py).

Columns: cells right of the header's last name land in ``column_N`` columns that no adapter reads (a cell cannot shift
into the wrong column as a CSV field can, so such a row is not rejected).

Rows: ``_line`` is the worksheet's row number as Excel shows it (a cell with line breaks stays one row). The header
row, the rows above it (titles, notices) and ``skip`` rows below it are not records. Empty rows after the last
non-empty row are not records either (Excel's used range often reaches past the data) and are not counted. An empty
row between records (cells holding only spaces count as empty) is counted and rejected as such, never dropped in
silence (unlike a blank line in a CSV, which DuckDB's reader skips).

Memory: calamine has no streaming reader, so the worksheet being loaded is held in memory whole (one worksheet at a
time; the rest of the workbook is not read), and probing parses the whole worksheet too. That suits the platforms'
Excel exports, which are small (200,000 rows of 4 columns: 0.7 s to probe, 0.5 s to load, about 170 MB); an export
of millions of rows should be downloaded as CSV instead.
"""

from __future__ import annotations

import fastexcel

from pipeline.errors import ExportError
from pipeline.escape import ident
from pipeline.sources.base import LoadContext
from pipeline.sources.probe import Probe

EMPTY_ROW = "empty row between records"


def read_sheet(ctx: LoadContext, probe: Probe, header: tuple[str, ...], skip: int) -> tuple[tuple[str, ...], int]:
    """Load the rows of ``probe.sheet`` below row ``skip`` into ``raw``; returns (column names, records read).

    ``header`` holds the names read from the probe; columns past it (cells right of the header) get ``column_N``.
    """
    try:
        sheet = fastexcel.read_excel(ctx.path).load_sheet(
            probe.sheet or 0, header_row=None, skip_rows=0, dtypes="string"
        )
    except fastexcel.FastExcelError as exc:
        first = str(exc).strip().splitlines()[0]
        raise ExportError(
            ctx.file, f"worksheet '{probe.sheet}' cannot be read ({first}); open and save it again in Excel"
        ) from exc
    columns = [c.name for c in sheet.available_columns()]
    names = tuple(header[i] if i < len(header) else f"column_{i + 1}" for i in range(len(columns)))
    con = ctx.con
    for table in ("raw", "sheet_rows"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    con.register("sheet_arrow", sheet)
    try:  # the scan keeps the worksheet's row order, which rowid then records
        con.execute("CREATE TEMP TABLE sheet_rows AS SELECT * FROM sheet_arrow")
    finally:
        con.unregister("sheet_arrow")
    cells = [f"CAST({ident(c)} AS VARCHAR)" for c in columns]
    selected = ", ".join(f"{cell} AS {ident(name)}" for cell, name in zip(cells, names, strict=True))
    empty = "concat_ws('', " + ", ".join(f"trim({cell})" for cell in cells) + ") = ''"
    con.execute(
        f"""CREATE TEMP TABLE raw AS SELECT * FROM (
                SELECT {selected}, row_number() OVER (ORDER BY rowid) AS _line, {empty} AS _empty FROM sheet_rows)
            WHERE _line > {int(skip)}"""
    )
    con.execute("DROP TABLE sheet_rows")
    con.execute(f"DELETE FROM raw WHERE _line > (SELECT coalesce(max(_line), {int(skip)}) FROM raw WHERE NOT _empty)")
    con.execute("INSERT INTO rejects_stage SELECT ?, _line, ?, NULL, 1 FROM raw WHERE _empty", [ctx.file, EMPTY_ROW])
    found = con.execute("SELECT count(*) FROM raw").fetchone()
    con.execute("DELETE FROM raw WHERE _empty")
    con.execute("ALTER TABLE raw DROP COLUMN _empty")
    return names, int(found[0] if found else 0)
