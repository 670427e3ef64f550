"""Narrative pages: stakeholders' own Markdown in ``docs/``, with a chart, tiles or a table placed by one line.

    {{ chart wom_weekly }}     the query's chart, with its data table and CSV
    {{ tile wom_weekly }}      the query's tiles (value, changes, sparkline)
    {{ table wom_weekly }}     the query's rows and their CSV

A line must hold the placeholder alone. Lines inside fenced code blocks are left as they are (so pages can show the
syntax). An unknown query name fails the build with the page and line.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from pipeline.errors import BuildError
from pipeline.website.blocks import Blocks, page_root, table_block

PLACEHOLDER = re.compile(r"^\s*\{\{\s*(?P<kind>[a-z]+)\s+(?P<name>[^\s}]+)\s*\}\}\s*$")
LOOSE = re.compile(r"^\s*\{\{.*\}\}\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
KINDS = ("chart", "tile", "table")


def expand_pages(docs: Path, pages: list[str], blocks: Blocks, shown_dir: str) -> None:
    """Expand the placeholders of ``pages`` (relative to ``docs``); errors name them under ``shown_dir``."""
    for page in pages:
        path = docs / page
        text = path.read_text(encoding="utf-8")
        expanded = expand(text, page, blocks, f"{shown_dir}/{page}")
        if expanded != text:
            path.write_text(expanded, encoding="utf-8")


def expand(text: str, page: str, blocks: Blocks, shown: str) -> str:
    out = []
    fenced = False
    root = page_root(page)
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        if FENCE.match(line):
            fenced = not fenced
        match = None if fenced else PLACEHOLDER.match(line)
        if match is None:
            if not fenced and LOOSE.match(line) and "{{" in line:
                raise BuildError(
                    f"{shown}:{number}: write a placeholder as {{{{ chart NAME }}}}, {{{{ tile NAME }}}} "
                    "or {{ table NAME }}, alone on its line"
                )
            out.append(line)
            continue
        out.append(_block(match["kind"], match["name"], blocks, root, f"{shown}:{number}") + "\n")
    return "".join(out)


def _block(kind: str, name: str, blocks: Blocks, root: str, where: str) -> str:
    if kind not in KINDS:
        raise BuildError(f"{where}: unknown placeholder '{kind}'; use one of {', '.join(KINDS)}")
    results = blocks.data.results
    if name not in results:
        near = difflib.get_close_matches(name, list(results), n=1)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        raise BuildError(f"{where}: no query named '{name}'{hint}; query names are the file names in queries/")
    query = results[name].query
    if kind == "chart":
        if query.chart is None:
            raise BuildError(f"{where}: query '{name}' has no chart: in its header; use {{{{ table {name} }}}}")
        return blocks.query_chart(name, root)
    if kind == "tile":
        tiles = blocks.data.tiles_of(name)
        if not tiles:
            raise BuildError(f"{where}: query '{name}' has no tiles: in its header; use {{{{ chart {name} }}}}")
        return blocks.tiles(tiles, root)
    return table_block(blocks, name, root)
