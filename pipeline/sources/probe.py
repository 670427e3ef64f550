"""Look at the start of a file to tell what it is: encoding, first lines, header candidates.

Only the first 64 KiB are read, so probing a multi-gigabyte export costs nothing.

Spreadsheets (``.xlsx`` recognised by its zip magic and ``xl/`` part, legacy ``.xls`` by the OLE2 magic; never by
the file name) are opened with fastexcel (calamine): the probe's ``lines`` are the first rows of one worksheet written
as CSV text, one row per line (line breaks inside a cell become spaces, empty cells at a row's end are left out), so
every adapter's ``detect`` reads an Excel file as it reads a CSV. ``sheet`` names that worksheet and ``sheets`` lists
all of the workbook's; ``sources.pick_sheet`` chooses the first worksheet a format recognises. Cells arrive as text
the way ``csvfile.read_csv`` loads them (see sheetfile.py).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import fastexcel

HEAD_BYTES = 64 * 1024
HEAD_LINES = 40


@dataclass(frozen=True)
class Probe:
    path: Path
    encoding: str  # what DuckDB's read_csv calls it: 'utf-8' or 'utf-16'
    has_bom: bool
    head: str  # decoded start of the file, BOM removed
    lines: tuple[str, ...] = field(default=())
    sheet: str | None = None  # the worksheet ``lines`` come from, when the file is a spreadsheet
    sheets: tuple[str, ...] = ()  # every worksheet of the workbook, in order

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()

    def rows(self, start: int = 0, delimiter: str = ",") -> list[list[str]]:
        """The head parsed as CSV from line ``start`` on (quoted newlines honoured; the last row may be cut)."""
        text = "\n".join(self.lines[start:])
        try:
            return list(csv.reader(io.StringIO(text), delimiter=delimiter))
        except csv.Error:
            return []

    def header_at(self, index: int, delimiter: str = ",") -> list[str]:
        rows = self.rows(index, delimiter)
        return [c.strip() for c in rows[0]] if rows else []

    def find_header(self, required: set[str], delimiter: str = ",", within: int = 15) -> int | None:
        """Index of the first line (within the first ``within``) whose cells include every ``required`` name."""
        wanted = {r.lower() for r in required}
        for index in range(min(within, len(self.lines))):
            cells = {c.lower() for c in self.header_at(index, delimiter)}
            if wanted <= cells:
                return index
        return None


def probe_file(path: Path) -> Probe:
    with path.open("rb") as handle:
        raw = handle.read(HEAD_BYTES)
    if is_spreadsheet(path, raw):
        workbook = probe_sheet(path)
        if workbook is not None:
            return workbook
    encoding, bom = _sniff_encoding(raw)
    codec = {"utf-16": "utf-16-le", "utf-16-be": "utf-16-be"}.get(encoding, "utf-8")
    text = raw[len(bom) :].decode(codec, errors="replace")
    if len(raw) == HEAD_BYTES:  # the last line may be cut mid-way; drop it
        text = text.rsplit("\n", 1)[0]
    lines = tuple(text.splitlines()[:HEAD_LINES])
    return Probe(path=path, encoding=encoding, has_bom=bool(bom), head=text, lines=lines)


def _sniff_encoding(raw: bytes) -> tuple[str, bytes]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8", b"\xef\xbb\xbf"
    if raw.startswith(b"\xff\xfe"):
        return "utf-16", b"\xff\xfe"
    if raw.startswith(b"\xfe\xff"):
        return "utf-16-be", b"\xfe\xff"
    return "utf-8", b""


def looks_binary(probe: Probe) -> bool:
    return probe.sheet is None and "\x00" in probe.head[:4096]


XLS_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # OLE2 compound file: legacy .xls (also old .doc/.ppt: opening tells)
ZIP_MAGIC = b"PK\x03\x04"


def is_spreadsheet(path: Path, raw: bytes) -> bool:
    """An Excel workbook by its content: OLE2 magic, or a zip archive holding an ``xl/`` part (xlsx, xlsm, xlsb)."""
    if raw.startswith(XLS_MAGIC):
        return True
    if not raw.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return any(name.startswith("xl/") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def probe_sheet(path: Path, sheet: str | None = None) -> Probe | None:
    """The probe of worksheet ``sheet`` (default: the first); None when the workbook cannot be opened."""
    try:
        reader = fastexcel.read_excel(path)
        names = tuple(reader.sheet_names)
        name = sheet if sheet is not None else names[0]
        cells = reader.load_sheet(name, header_row=None, skip_rows=0, n_rows=HEAD_LINES, dtypes="string")
        rows = cells.to_polars().rows() if cells.width else []
    except (fastexcel.FastExcelError, IndexError, OSError):
        return None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        line = [_one_line(cell) for cell in row]
        while line and not line[-1].strip():  # as the CSV would be: a title row is one cell, not a padded row
            line.pop()
        writer.writerow(line)
    text = out.getvalue()
    return Probe(
        path=path, encoding="utf-8", has_bom=False, head=text, lines=tuple(text.splitlines()), sheet=name, sheets=names
    )


def _one_line(cell: object) -> str:
    return "" if cell is None else " ".join(str(cell).splitlines())
