"""Look at the start of a file to tell what it is: encoding, first lines, header candidates.

Only the first 64 KiB are read, so probing a multi-gigabyte export costs nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

HEAD_BYTES = 64 * 1024
HEAD_LINES = 40


@dataclass(frozen=True)
class Probe:
    path: Path
    encoding: str  # what DuckDB's read_csv calls it: 'utf-8' or 'utf-16'
    has_bom: bool
    head: str  # decoded start of the file, BOM removed
    lines: tuple[str, ...] = field(default=())

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
    return "\x00" in probe.head[:4096]
