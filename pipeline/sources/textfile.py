"""The text DuckDB's CSV reader is given: the export itself, or a UTF-8 copy of it in the ingest's scratch folder.

DuckDB reads UTF-8 (a BOM is skipped). A file is copied, a 1 MiB chunk at a time, never whole in memory, when:

- its encoding is another one (UTF-16, Windows-1252, Latin-1, ...: ``probe.py`` tells which): decoded in it and
  written as UTF-8. A byte sequence the encoding does not define is written through as an invalid UTF-8 byte, so the
  reader rejects that record as "not valid text in the file's encoding" instead of loading a replacement character;
- it holds NUL bytes (a damaged save, a tool padding its output): they are removed. A NUL is never part of the text
  of any export, and a record holding one would otherwise be read with an invisible character in a field;
- it mixes CRLF and LF line endings (hand edits, concatenated downloads), which DuckDB's strict reader refuses as a
  whole: CRLF becomes LF, also inside a quoted cell (a line break in a cell stays one line break).

A pure UTF-8 file with one kind of line ending and no NUL, the usual case, is read in place after one pass that
counts them (at disk speed, no decoding).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from pipeline.sources.probe import Probe

CHUNK = 1 << 20
INVALID = "invalid-byte"


def _invalid_byte(error: UnicodeError) -> tuple[str, int]:
    """Decoding error handler: each undecodable byte becomes a lone surrogate that UTF-8 writes back as byte 0xFF."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "\udcff" * (error.end - error.start), error.end


codecs.register_error(INVALID, _invalid_byte)


@dataclass(frozen=True)
class TextSource:
    path: Path  # what DuckDB reads, always UTF-8
    encoding: str  # the export's own encoding, for load_log
    nul_bytes: int = 0  # NUL bytes removed
    newlines_fixed: bool = False  # CRLF turned into LF in the copy


@dataclass
class _Counts:
    crlf: int = 0
    lf: int = 0
    nul: int = 0

    @property
    def mixed(self) -> bool:
        return 0 < self.crlf < self.lf  # some lines end CRLF, others bare LF


def utf8_source(path: Path, probe: Probe, scratch: Path) -> TextSource:
    """The file itself when DuckDB can read it as it is, else a cleaned UTF-8 copy under ``scratch``."""
    if probe.encoding == "utf-8":
        counts = _count(path)
        if not counts.nul and not counts.mixed:
            return TextSource(path=path, encoding=_label(probe))
    scratch.mkdir(parents=True, exist_ok=True)
    target = scratch / (path.name + ".utf8.csv")
    nul, fixed = _transcode(path, probe, target)
    return TextSource(path=target, encoding=_label(probe), nul_bytes=nul, newlines_fixed=fixed)


def _label(probe: Probe) -> str:
    return probe.encoding + (" (BOM)" if probe.has_bom else "")


def _count(path: Path) -> _Counts:
    counts = _Counts()
    last = b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            counts.lf += chunk.count(b"\n")
            counts.crlf += chunk.count(b"\r\n") + (last == b"\r" and chunk[:1] == b"\n")
            counts.nul += chunk.count(b"\x00")
            last = chunk[-1:]
    return counts


def _transcode(path: Path, probe: Probe, target: Path) -> tuple[int, bool]:
    """Decode ``path`` in its encoding (BOM skipped), drop NULs, turn CRLF into LF; returns (NULs, CRLF seen)."""
    decoder = codecs.getincrementaldecoder(probe.encoding)(errors=INVALID)
    nul, crlf, held = 0, False, ""
    with path.open("rb") as src, target.open("w", encoding="utf-8", errors="surrogateescape", newline="") as dst:
        src.seek(probe.bom_bytes)
        while True:
            chunk = src.read(CHUNK)
            text = held + decoder.decode(chunk, final=not chunk)
            held = ""
            if chunk and text.endswith("\r"):  # a CRLF may be split between two chunks
                text, held = text[:-1], "\r"
            nul += text.count("\x00")
            crlf = crlf or "\r\n" in text
            dst.write(text.replace("\x00", "").replace("\r\n", "\n"))
            if not chunk:
                break
    return nul, crlf
