"""Look at the start of a file to tell what it is: encoding, first lines, header candidates.

Only the first 64 KiB are read (and, to tell the encoding, a few 16 KiB samples further in), so probing a
multi-gigabyte export costs nothing.

Encodings (docs/reference/exports.md, "Files that are broken, oddly encoded or hostile"): a byte-order mark says
UTF-8, UTF-16 LE or BE; UTF-16 without one shows by its NUL bytes in every other place; text whose samples are valid
UTF-8, or hold more valid multi-byte sequences than invalid bytes, is UTF-8 (the records holding the invalid bytes are
rejected: a row pasted from another file must not make the whole file be misread). Anything else
is told by charset-normalizer among the encodings Excel and older tools write in Western Europe (``CANDIDATES``); when
none fits, the file fails naming the encodings tried. A NUL byte or two in a text file (a damaged save) does not make
it binary: only a container's magic bytes or a share of NULs and control characters no text has.

Spreadsheets (``.xlsx`` recognised by its zip magic and ``xl/`` part, legacy ``.xls`` by the OLE2 magic; never by
the file name) are opened with fastexcel (calamine): the probe's ``lines`` are the first rows of one worksheet written
as CSV text, one row per line (line breaks inside a cell become spaces, empty cells at a row's end are left out), so
every adapter's ``detect`` reads an Excel file as it reads a CSV. ``sheet`` names that worksheet and ``sheets`` lists
all of the workbook's; ``sources.pick_sheet`` chooses the first worksheet a format recognises. Cells arrive as text
the way ``csvfile.read_csv`` loads them (see sheetfile.py).
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
import fastexcel

from pipeline.errors import ExportError
from pipeline.sources.containers import GZIP_MAGIC, check_gzip, check_workbook, container_name, is_zip_workbook

HEAD_BYTES = 64 * 1024
HEAD_LINES = 40
SAMPLE_BYTES = 16 * 1024
SAMPLES = 4  # spread through the rest of a large file
# Python's names for the 8-bit encodings a CSV may come in besides UTF-8 and UTF-16, and what a person calls them.
CANDIDATES = {
    "cp1252": "Windows-1252",
    "iso8859_15": "ISO-8859-15",
    "latin_1": "ISO-8859-1 (Latin-1)",
    "mac_roman": "Mac Roman",
    "cp850": "DOS Latin-1 (CP850)",
}
TRIED = ", ".join(["UTF-8", "UTF-16", *CANDIDATES.values()])
# Magic bytes of containers no text file starts with: gzip, Parquet, zip, PDF, 7z, RAR, bzip2, xz, PNG, JPEG.
BINARY_MAGIC = (b"\x1f\x8b", b"PAR1", b"PK\x03\x04", b"%PDF", b"7z\xbc\xaf", b"Rar!", b"BZh", b"\xfd7zXZ", b"\x89PNG")


@dataclass(frozen=True)
class Probe:
    path: Path
    encoding: str  # Python's codec name: 'utf-8', 'utf-16-le', 'utf-16-be', 'cp1252', ...
    has_bom: bool
    head: str  # decoded start of the file, BOM and NUL bytes removed
    lines: tuple[str, ...] = field(default=())
    sheet: str | None = None  # the worksheet ``lines`` come from, when the file is a spreadsheet
    sheets: tuple[str, ...] = ()  # every worksheet of the workbook, in order
    binary: bool = False  # a container (gzip, Parquet, zip, ...) or bytes no text has
    container: str | None = None  # what a person calls the container, when the magic bytes tell it
    bom_bytes: int = 0  # the length of the byte-order mark, skipped when the text is read

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
    """What the file is; an ExportError when it is a damaged or oversized workbook, or text in no encoding known."""
    with path.open("rb") as handle:
        raw = handle.read(HEAD_BYTES)
    if is_spreadsheet(path, raw):
        workbook = probe_sheet(path)
        if workbook is not None:
            return workbook
    if raw.startswith(GZIP_MAGIC):
        check_gzip(path)  # damaged, truncated or a bomb: one line, before any adapter opens it
    if _is_binary(raw):
        text = raw.decode("utf-8", errors="replace")
        return Probe(
            path=path, encoding="utf-8", has_bom=False, head=text, lines=(), binary=True, container=container_name(raw)
        )
    encoding, bom = _sniff_encoding(path, raw)
    text = raw[bom:].decode(encoding, errors="replace").replace("\x00", "")
    if len(raw) == HEAD_BYTES:  # the last line may be cut mid-way; drop it
        text = text.rsplit("\n", 1)[0]
    lines = tuple(text.splitlines()[:HEAD_LINES])
    return Probe(path=path, encoding=encoding, has_bom=bool(bom), head=text, lines=lines, bom_bytes=bom)


def _is_binary(raw: bytes) -> bool:
    """A container's magic, or (unless it is UTF-16) more NULs and control characters than any text has."""
    if raw.startswith(BINARY_MAGIC):
        return True
    start = raw[:4096]
    if not start or _utf16_without_bom(start) or start.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    controls = sum(1 for b in start if b < 32 and b not in (9, 10, 13))
    return controls > len(start) // 20  # 5 %: a NUL byte or two in a damaged text file is not binary


def _utf16_without_bom(start: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NULs fill every other byte, as in ASCII-range text in UTF-16; else None."""
    if len(start) < 4:
        return None
    even, odd = start[0::2].count(0), start[1::2].count(0)
    half = len(start) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _sniff_encoding(path: Path, raw: bytes) -> tuple[str, int]:
    """(codec, length of the byte-order mark)."""
    boms = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
    for bom, codec in boms:
        if raw.startswith(bom):
            return codec, len(bom)
    utf16 = _utf16_without_bom(raw[:4096])
    if utf16:
        return utf16, 0
    samples = [raw, *_samples(path, len(raw))]
    invalid, multibyte = (sum(counts) for counts in zip(*(_utf8_counts(s) for s in samples), strict=True))
    if invalid == 0 or multibyte > invalid:
        return "utf-8", 0  # mostly UTF-8: the few invalid bytes are rows the CSV reader rejects as not valid text
    sample = b"".join(samples).replace(b"\x00", b"")
    best = charset_normalizer.from_bytes(sample, cp_isolation=list(CANDIDATES)).best()
    if best is None:
        raise ExportError(path.name, f"the text's encoding cannot be told (tried {TRIED}); save it as UTF-8 CSV")
    return codecs.lookup(best.encoding).name, 0


def _samples(path: Path, after: int) -> list[bytes]:
    """A few chunks spread through the rest of the file (none for a file shorter than the head)."""
    size = path.stat().st_size
    if size <= after:
        return []
    step = (size - after) // SAMPLES
    chunks = []
    with path.open("rb") as handle:
        for index in range(SAMPLES):
            handle.seek(after + index * step)
            chunks.append(handle.read(SAMPLE_BYTES))
    return chunks


def _utf8_counts(chunk: bytes) -> tuple[int, int]:
    """(invalid byte sequences, continuation bytes of valid multi-byte characters) of a chunk read as UTF-8, for a
    chunk cut anywhere."""
    start = 0
    while start < min(3, len(chunk)) and 0x80 <= chunk[start] <= 0xBF:  # cut inside a character
        start += 1
    text = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(chunk[start:], final=False)
    invalid = text.count("\ufffd")
    return invalid, len(text.encode("utf-8")) - len(text) - 2 * invalid  # each U+FFFD is 3 bytes: 2 past the first


def looks_binary(probe: Probe) -> bool:
    return probe.sheet is None and probe.binary


XLS_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # OLE2 compound file: legacy .xls (also old .doc/.ppt: opening tells)


def is_spreadsheet(path: Path, raw: bytes) -> bool:
    """An Excel workbook by its content: OLE2 magic, or a zip archive holding an ``xl/`` part (xlsx, xlsm, xlsb).

    A workbook whose parts would expand past the limits (a zip bomb), or a damaged one, fails here, before any of it
    is read (``containers.check_workbook``)."""
    if raw.startswith(XLS_MAGIC):
        return True
    if not is_zip_workbook(path, raw):
        return False
    check_workbook(path)
    return True


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
