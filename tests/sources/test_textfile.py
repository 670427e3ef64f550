"""The UTF-8 copy the CSV reader is given (pipeline/sources/textfile.py): streamed, exact, and only when needed."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from pipeline.sources.probe import probe_file
from pipeline.sources.textfile import CHUNK, utf8_source

HEADER = "platform,conversation_id,message_id,sent_at,from,text,automated\n"
ROW = "instagram,c1,m1,2026-05-12T09:14:00+02:00,ana,Canción ñandú perché “5 €”,false\n"


def test_a_large_windows_1252_file_is_copied_in_chunks_not_held_in_memory(tmp_path: Path) -> None:
    text = HEADER + ROW * 400_000  # ~32 MB
    source = tmp_path / "inbox.csv"
    source.write_bytes(text.encode("cp1252"))
    probe = probe_file(source)
    assert probe.encoding == "cp1252"
    tracemalloc.start()
    copy = utf8_source(source, probe, tmp_path / "scratch")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 8 * CHUNK, peak  # a few chunks, never the 32 MB file
    assert copy.path != source and copy.encoding == "cp1252"
    assert copy.path.read_text(encoding="utf-8") == text


def test_a_crlf_split_between_two_chunks_becomes_one_lf(tmp_path: Path) -> None:
    first = HEADER + "x" * (CHUNK - len(HEADER) - 1) + "\r"  # the chunk ends on the CR of a CRLF
    text = first + "\n" + ROW + ROW.replace("\n", "\r\n")
    source = tmp_path / "inbox.csv"
    source.write_bytes(text.encode("utf-8"))
    copy = utf8_source(source, probe_file(source), tmp_path / "scratch")
    assert copy.path.read_bytes() == text.replace("\r\n", "\n").encode("utf-8")


def test_a_clean_utf8_file_is_read_in_place(tmp_path: Path) -> None:
    source = tmp_path / "inbox.csv"
    source.write_text((HEADER + ROW * 3).replace("\n", "\r\n"), encoding="utf-8")
    copy = utf8_source(source, probe_file(source), tmp_path / "scratch")
    assert copy.path == source and not (tmp_path / "scratch").exists()


def test_nul_bytes_are_counted_and_removed(tmp_path: Path) -> None:
    source = tmp_path / "inbox.csv"
    source.write_bytes((HEADER + ROW.replace("ana", "a\x00na\x00")).encode("utf-8"))
    copy = utf8_source(source, probe_file(source), tmp_path / "scratch")
    assert copy.nul_bytes == 2
    assert copy.path.read_text(encoding="utf-8") == HEADER + ROW
