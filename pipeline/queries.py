"""Query files: ``queries/**/*.sql``, each a single SELECT with a YAML header in its leading comment.

The header sits in a ``/* --- ... --- */`` block so the file still runs as plain SQL in the DuckDB CLI. Header keys
are validated strictly: a typo fails with the file, the line and the valid keys.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import QueryError

HEADER = re.compile(r"\A\s*/\*\s*---\s*\n(?P<yaml>.*?)\n\s*---\s*\*/", re.DOTALL)
KEYS = {
    "title": str,
    "description": str,
    "unit": str,
    "grain": str,
    "higher_is_better": bool,
    "owner": str,
    "chart": dict,
}
CHART_KEYS = {"type": str, "x": str, "y": (str, list)}
CHART_TYPES = ("line", "bar", "area")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Chart:
    type: str
    x: str
    y: tuple[str, ...]


@dataclass(frozen=True)
class Query:
    name: str  # the file name without .sql: the result's table name
    path: Path
    sql: str  # the whole file, header comment included (DuckDB ignores comments)
    title: str
    description: str = ""
    unit: str = ""
    grain: str = ""
    higher_is_better: bool | None = None
    owner: str = ""
    chart: Chart | None = None


def discover(folder: Path) -> list[Query]:
    if not folder.is_dir():
        raise QueryError(folder, "queries folder not found; set 'queries' in the config")
    queries = [parse(path, folder) for path in sorted(folder.rglob("*.sql"))]
    seen: dict[str, Path] = {}
    for query in queries:
        if query.name in seen:
            raise QueryError(query.path, f"another query is also named '{query.name}' ({seen[query.name]}); rename one")
        seen[query.name] = query.path
    return queries


def parse(path: Path, root: Path | None = None) -> Query:
    shown = path.relative_to(root.parent) if root else path
    name = path.stem
    if not NAME.match(name):
        raise QueryError(shown, "file names must be lower_snake_case (they become table names)")
    text = path.read_text(encoding="utf-8")
    match = HEADER.match(text)
    if not match:
        raise QueryError(shown, "missing header: start the file with /* --- (YAML: title, description, ...) --- */", 1)
    first_line = text[: match.start("yaml")].count("\n") + 1
    try:
        header = yaml.safe_load(match.group("yaml")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise QueryError(
            shown, f"header is not valid YAML: {getattr(exc, 'problem', exc)}", first_line + (mark.line if mark else 0)
        ) from None
    if not isinstance(header, dict):
        raise QueryError(shown, "header must be YAML keys such as title: and description:", first_line)
    _check_keys(shown, text, first_line, header, KEYS, "")
    if "title" not in header:
        raise QueryError(shown, "header needs a title", first_line)
    chart = _chart(shown, text, first_line, header.get("chart"))
    return Query(
        name=name,
        path=path,
        sql=text,
        title=header["title"],
        description=header.get("description", ""),
        unit=header.get("unit", ""),
        grain=header.get("grain", ""),
        higher_is_better=header.get("higher_is_better"),
        owner=header.get("owner", ""),
        chart=chart,
    )


def _line_of(text: str, first_line: int, key: str) -> int:
    for offset, line in enumerate(text.splitlines()[first_line - 1 :]):
        if re.match(rf"\s*{re.escape(key)}\s*:", line):
            return first_line + offset
    return first_line


def _check_keys(path: Path, text: str, first: int, header: dict[str, Any], keys: dict[str, Any], prefix: str) -> None:
    for key, value in header.items():
        line = _line_of(text, first, str(key))
        if key not in keys:
            near = difflib.get_close_matches(str(key), list(keys), n=1)
            hint = f" (did you mean '{prefix}{near[0]}'?)" if near else ""
            raise QueryError(path, f"unknown header key '{prefix}{key}'{hint}; valid keys: {', '.join(keys)}", line)
        if not isinstance(value, keys[key]):
            raise QueryError(path, f"header key '{prefix}{key}' has a wrong value {value!r}", line)


def _chart(path: Path, text: str, first: int, raw: dict[str, Any] | None) -> Chart | None:
    if raw is None:
        return None
    _check_keys(path, text, first, raw, CHART_KEYS, "chart.")
    line = _line_of(text, first, "chart")
    if raw.get("type", "line") not in CHART_TYPES:
        raise QueryError(path, f"chart.type must be one of {', '.join(CHART_TYPES)}", line)
    if "x" not in raw or "y" not in raw:
        raise QueryError(path, "chart needs x: (a column) and y: (a column or a list of columns)", line)
    y = raw["y"] if isinstance(raw["y"], list) else [raw["y"]]
    return Chart(type=raw.get("type", "line"), x=raw["x"], y=tuple(y))
