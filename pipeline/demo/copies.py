"""DuckDB writes many copies of a demo export's records in the file's own layout (``social-health demo --scale``).

Python reads only the lines above the first record (preamble and header) and copies bytes; DuckDB reads the records,
multiplies them by a ``range(copies)`` join, rewrites ids and handles per copy with the macros below, renders each
record as one line with the file's own delimiter and quoting, and writes the lines with ``QUOTE ''`` (as they are).
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.escape import literal
from pipeline.warehouse.connect import Resources, connect_memory

CHUNK = 1 << 20
# A person's suffix is the copy's number zero-padded to one width (`maria_g` is `maria_g_07` in copy 7 of 40;
# none at scale 1, width 0); a record id's is that plus a tag digit (0 for the scaled demo, 1 for a new day).
# Every record of a scaled file is rewritten, each with a suffix of the same length, so no two copies can end up
# with the same handle or id.
MACROS = r"""
CREATE OR REPLACE TEMP MACRO copy_handle(h, kk) AS CASE
    WHEN coalesce(h, '') = '' OR kk = '' OR list_contains(keep_handles(), lower(ltrim(trim(h), '@')))
    THEN coalesce(h, '') ELSE h || '_' || kk END;
CREATE OR REPLACE TEMP MACRO copy_id(v, s) AS CASE
    WHEN coalesce(v, '') = '' THEN '' WHEN regexp_full_match(v, '[0-9]+') THEN v || s ELSE v || '-' || s END;
CREATE OR REPLACE TEMP MACRO copy_url(u, s, kk) AS CASE
    WHEN coalesce(u, '') = '' THEN ''
    WHEN regexp_matches(u, '^https?://(www\.)?(x|twitter)\.com/[^/?#]+/status/[0-9]+')
    THEN regexp_extract(u, '^(https?://(?:www\.)?(?:x|twitter)\.com/)', 1)
         || copy_handle(regexp_extract(u, '\.com/([^/?#]+)/status/', 1), kk) || '/status/'
         || regexp_extract(u, '/status/([0-9]+)', 1) || s || regexp_extract(u, '/status/[0-9]+(.*)$', 1)
    ELSE regexp_replace(u, '(/?)$', '-' || s || '\1') END;
CREATE OR REPLACE TEMP MACRO copy_email(e, kk) AS CASE
    WHEN contains(coalesce(e, ''), '@') AND kk <> '' THEN regexp_replace(e, '@', '+' || kk || '@')
    ELSE coalesce(e, '') END;
"""


@dataclass(frozen=True)
class Layout:
    """How a CSV export writes its records: the lines above them, delimiter, which cells it quotes, line ends."""

    head_lines: int  # preamble and header: copied byte for byte (or through ``Copies.head``)
    delimiter: str = ","
    quote_when: str = '[,"\r\n]'  # a cell holding one of these is quoted (Python's csv, QUOTE_MINIMAL)
    newline: str = "\n"
    final_newline: bool = True


@dataclass(frozen=True)
class Copies:
    """What one scaled file is made of.

    ``changes(col)`` maps header names to the SQL expression that replaces the cell; ``col(name)`` is the source
    cell (never NULL), and the expressions may use ``k`` (the copy's number), ``kk`` (its padded text, for people)
    and ``s`` (the suffix of record ids: ``kk`` plus ``tag``, so a new day's records never take an old record's id).
    ``insert`` adds a column (after which header name, its name, its SQL); ``head`` then rewrites the header line.
    """

    layout: Layout
    copies: int
    changes: Callable[[Callable[[str], str]], dict[str, str]]
    width: int  # digits of the copy number: the same for every file of one scale, so suffixes agree across files
    tag: str = "0"
    insert: tuple[str, str, str] | None = None
    where: Callable[[Callable[[str], str]], str] = lambda col: "true"  # which source records (over their cells)
    order: str = "_r, k"  # the output order (``_r``: the record's number in the source)
    group: Callable[[Callable[[str], str]], str] | None = None  # ``_g``, a window grouping records (line items)
    head: Callable[[list[str]], list[str]] | None = None  # rewrites the head lines (GA4's dates and header)


def connect(keep_handles: Sequence[str], temp: Path) -> duckdb.DuckDBPyConnection:
    """A DuckDB session with the copy macros; ``keep_handles`` (the brand's, its staff's and partners') stay as they
    are in every copy, so the classes of mentions stay the same."""
    con = connect_memory(Resources(memory_limit="2GB", spill=temp))
    handles = ", ".join(literal(h.lower().lstrip("@")) for h in keep_handles)
    con.execute(f"CREATE OR REPLACE TEMP MACRO keep_handles() AS [{handles}]::VARCHAR[]")
    con.execute(MACROS)
    return con


def write_copies(con: duckdb.DuckDBPyConnection, source: Path, target: Path, spec: Copies) -> int:
    """Write ``spec.copies`` copies of ``source``'s records to ``target`` (which may be ``source``); returns the
    records written."""
    head = _head(source, spec.layout.head_lines)
    names = {name: f"c{i}" for i, name in enumerate(_load(con, source, spec.layout))}
    header = list(names)

    def col(name: str) -> str:
        return f"coalesce({names[name]}, '')"

    changes = spec.changes(col)
    cells = []
    for name in header:
        cells.append((name, changes.get(name, col(name))))
        if spec.insert and spec.insert[0] == name:
            cells.append(spec.insert[1:])
    quote = literal(spec.layout.quote_when)
    rendered = [
        f"""CASE WHEN regexp_matches(_v{i}, {quote}) THEN '"' || replace(_v{i}, '"', '""') || '"'
                    ELSE _v{i} END"""
        for i in range(len(cells))
    ]
    line = f" || {literal(spec.layout.delimiter)} || ".join(rendered)
    values = ", ".join(f"{expr} AS _v{i}" for i, (_, expr) in enumerate(cells))
    group = f", {spec.group(col)} AS _g" if spec.group else ""
    rows = f"""(SELECT {values}, _r, k{", _g" if spec.group else ""} FROM (
                SELECT *, lpad(k::VARCHAR, {spec.width}, '0') AS kk,
                       lpad(k::VARCHAR, {spec.width}, '0') || {literal(spec.tag)} AS s
                FROM (SELECT *, rowid + 1 AS _r{group} FROM src) CROSS JOIN range({spec.copies}) AS copy(k)
                WHERE {spec.where(col)}))"""
    if spec.insert and spec.head is None:
        raise ValueError(f"{source.name}: a column is inserted, so Copies.head must rewrite the header")
    target.parent.mkdir(parents=True, exist_ok=True)
    body = target.with_name(target.name + ".body")
    con.execute(
        f"""COPY (SELECT {line} AS line FROM {rows} ORDER BY {spec.order})
            TO {literal(str(body))} (FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\x1f',
                                     NEW_LINE {literal(spec.layout.newline)})"""
    )
    _assemble(target, "".join(spec.head(head) if spec.head else head).encode("utf-8"), body, spec.layout)
    body.unlink()
    chosen = con.execute(f"SELECT count(*) FROM src WHERE {spec.where(col)}").fetchone()
    return spec.copies * int(chosen[0]) if chosen else 0


def count_records(con: duckdb.DuckDBPyConnection, source: Path, layout: Layout) -> int:
    """The records below the head of a CSV export."""
    _load(con, source, layout)
    found = con.execute("SELECT count(*) FROM src").fetchone()
    return int(found[0]) if found else 0


def _load(con: duckdb.DuckDBPyConnection, source: Path, layout: Layout) -> list[str]:
    """The file's records as table ``src`` (columns c0, c1, ... in the header's order, all text); returns the
    header."""
    head = _head(source, layout.head_lines)
    header = next(_split(line, layout.delimiter) for line in reversed(head) if line.strip())
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header))) + "}"
    con.execute("DROP TABLE IF EXISTS src")
    con.execute(
        f"""CREATE TEMP TABLE src AS SELECT * FROM read_csv(?, skip={layout.head_lines}, header=false,
            columns={columns}, delim=?, quote='"', escape='"', auto_detect=false, strict_mode=true,
            null_padding=false, encoding='utf-8')""",
        [str(source), layout.delimiter],
    )
    return header


def _head(source: Path, count: int) -> list[str]:
    """The first ``count`` lines, line ends kept (the BOM too: it belongs to the first line)."""
    lines: list[str] = []
    with source.open("r", encoding="utf-8", newline="") as text:
        for _ in range(count):
            lines.append(text.readline())
    return lines


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line.lstrip("\ufeff").rstrip("\r\n")], delimiter=delimiter))


def _assemble(target: Path, head: bytes, body: Path, layout: Layout) -> None:
    partial = target.with_name(target.name + ".part")
    with partial.open("wb") as out, body.open("rb") as data:
        out.write(head)
        shutil.copyfileobj(data, out, CHUNK)
        if not layout.final_newline:  # GA4 ends without a line break after its last row
            out.truncate(out.tell() - len(layout.newline.encode()))
    partial.replace(target)
