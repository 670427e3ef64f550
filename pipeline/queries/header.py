"""Query files: ``queries/**/*.sql``, each a single SELECT with a YAML header in its leading comment.

The header sits in a ``/* --- ... --- */`` block so the file still runs as plain SQL in the DuckDB CLI. Header keys
are validated strictly: a typo or a wrong value fails with the file, the line and the valid keys.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import QueryError
from pipeline.pillars import HEADER_PILLARS
from pipeline.queries.checks import Check, parse_checks
from pipeline.queries.yamllines import Located, load_located
from pipeline.repofiles import tree_files

HEADER = re.compile(r"\A\s*/\*\s*---\s*\n(?P<yaml>.*?)\n\s*---\s*\*/", re.DOTALL)
KEYS: dict[str, Any] = {
    "title": str,
    "description": str,
    "unit": str,
    "grain": str,
    "higher_is_better": bool,
    "owner": str,
    "pillar": str,
    "order": int,
    "chart": dict,
    "tiles": list,
    "alert": dict,
    "checks": list,
    "incremental": str,
}
INCREMENTAL = ("week",)  # queries/incremental.py: what an incremental query promises
PILLARS = HEADER_PILLARS  # pipeline/pillars.py: the five pillars, vanity and the score
CHART_KEYS: dict[str, Any] = {
    "type": str,
    "x": str,
    "y": (str, list),
    "where": dict,
    "labels": dict,
    "format": (str, dict),
    "y2": (str, list),
    "rolling": (bool, str, list),
}
CHART_TYPES = ("line", "bar", "area")
TILE_KEYS: dict[str, Any] = {
    "label": str,
    "value": str,
    "where": dict,
    "time": str,
    "format": str,
    "higher_is_better": bool,
}
# How a tile's number is written: percent for fractions 0..1, minutes as durations, points for -100..100 scores.
TILE_FORMATS = ("number", "percent", "minutes", "points")
ALERT_KEYS: dict[str, Any] = {"where": dict}
NAME = re.compile(r"^[a-z][a-z0-9_]*\Z")  # \Z, not $: "name\n" is no name


@dataclass(frozen=True)
class Chart:
    type: str
    x: str
    y: tuple[str, ...]
    where: tuple[tuple[str, str], ...] = ()  # column = value filters, e.g. (("platform", "all"),)
    labels: tuple[tuple[str, str], ...] = ()  # column -> what the legend and axes call it
    formats: tuple[tuple[str, str], ...] = ()  # y column -> a tile format (number, percent, minutes, points)
    y2: tuple[str, ...] = ()  # y columns drawn against a second axis on the right
    rolling: tuple[str, ...] = ()  # y columns drawn as a 4-week rolling line over faint weekly points

    def label(self, column: str) -> str:
        """The header's label for ``column``, else the column's name written as words ("likes per post")."""
        return dict(self.labels).get(column) or humanised(column)

    def format_of(self, column: str) -> str:
        return dict(self.formats).get(column, "number")

    def axis_of(self, column: str) -> str:
        return "y2" if column in self.y2 else "y"


def humanised(column: str) -> str:
    """``likes_per_post`` -> "Likes per post": never a raw column name on a chart, even without a label."""
    words = column.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


@dataclass(frozen=True)
class Tile:
    """A headline number: ``value`` (a SQL aggregate) over the result's rows of each month, by the ``time`` column."""

    label: str
    value: str
    time: str
    line: int
    where: tuple[tuple[str, str], ...] = ()
    format: str = "number"
    higher_is_better: bool | None = None


@dataclass(frozen=True)
class Alert:
    """Rows of the result matching ``where`` are active alerts: shown as a banner; an empty result is good news."""

    where: tuple[tuple[str, str], ...]
    line: int


@dataclass(frozen=True)
class Query:
    name: str  # the file name without .sql: the result's table name
    path: Path
    shown: Path  # the path as messages show it (relative to the project)
    sql: str  # the whole file, header comment included (DuckDB ignores comments)
    title: str
    description: str = ""
    unit: str = ""
    grain: str = ""
    higher_is_better: bool | None = None
    owner: str = ""
    pillar: str = ""
    order: int = 100  # place on its pillar's pages: lower comes first (the pillar's headline query is 1)
    chart: Chart | None = None
    tiles: tuple[Tile, ...] = ()
    alert: Alert | None = None
    checks: tuple[Check, ...] = ()
    incremental: str = ""  # "week": only the weeks with changed mentions are computed again (queries/incremental.py)

    @property
    def example(self) -> Path:
        """The sibling example test, ``<name>.test.yaml`` (it may not exist)."""
        return self.path.with_name(f"{self.name}.test.yaml")


def discover(folder: Path) -> list[Query]:
    if not folder.is_dir():
        raise QueryError(folder, "queries folder not found; set 'queries' in the config")
    files = tree_files(folder, Path(folder.name))  # a symbolic link anywhere among the queries is refused
    queries = [parse(path, folder) for path in files if path.suffix == ".sql"]
    seen: dict[str, Path] = {}
    for query in queries:
        if query.name in seen:
            raise QueryError(
                query.shown, f"another query is also named '{query.name}' ({seen[query.name]}); rename one"
            )
        seen[query.name] = query.shown
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
        header = load_located(match.group("yaml"), first_line)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise QueryError(
            shown, f"header is not valid YAML: {getattr(exc, 'problem', exc)}", first_line + (mark.line if mark else 0)
        ) from None
    if not isinstance(header.value, dict):
        raise QueryError(shown, "header must be YAML keys such as title: and description:", first_line)
    fields = check_keys(shown, header, KEYS, "")
    if "title" not in fields:
        raise QueryError(shown, "header needs a title", first_line)
    pillar = fields.get("pillar")
    if pillar is not None and pillar.value not in PILLARS:
        raise QueryError(shown, f"pillar must be one of {', '.join(PILLARS)}", pillar.line)
    chart = _chart(shown, fields.get("chart"))
    incremental = fields.get("incremental")
    if incremental is not None and incremental.value not in INCREMENTAL:
        raise QueryError(shown, f"incremental must be {' or '.join(INCREMENTAL)}, or left out", incremental.line)
    return Query(
        name=name,
        path=path,
        shown=shown,
        sql=text,
        title=fields["title"].value,
        description=_plain(fields, "description"),
        unit=_plain(fields, "unit"),
        grain=_plain(fields, "grain"),
        higher_is_better=fields["higher_is_better"].value if "higher_is_better" in fields else None,
        owner=_plain(fields, "owner"),
        pillar=pillar.value if pillar else "",
        order=fields["order"].value if "order" in fields else 100,
        chart=chart,
        tiles=_tiles(shown, fields.get("tiles"), chart, fields),
        alert=_alert(shown, fields.get("alert")),
        checks=parse_checks(shown, fields["checks"]) if "checks" in fields else (),
        incremental=incremental.value if incremental else "",
    )


def _plain(fields: dict[str, Located], key: str) -> str:
    return str(fields[key].value) if key in fields else ""


def check_keys(path: Path, node: Located, keys: dict[str, Any], prefix: str) -> dict[str, Located]:
    """The mapping's entries, each checked against ``keys`` (name -> expected type); errors name key and line."""
    entries: dict[str, Located] = node.value
    for key, value in entries.items():
        if key not in keys:
            near = difflib.get_close_matches(str(key), list(keys), n=1)
            hint = f" (did you mean '{prefix}{near[0]}'?)" if near else ""
            valid = ", ".join(keys)
            raise QueryError(path, f"unknown header key '{prefix}{key}'{hint}; valid keys: {valid}", value.line)
        if not isinstance(value.plain(), keys[key]) or (keys[key] is str and not str(value.plain()).strip()):
            raise QueryError(path, f"header key '{prefix}{key}' has a wrong value {value.plain()!r}", value.line)
    return entries


def _chart(path: Path, node: Located | None) -> Chart | None:
    if node is None:
        return None
    fields = check_keys(path, node, CHART_KEYS, "chart.")
    chart_type = fields["type"].value if "type" in fields else "line"
    if chart_type not in CHART_TYPES:
        raise QueryError(path, f"chart.type must be one of {', '.join(CHART_TYPES)}", node.line)
    if "x" not in fields or "y" not in fields:
        raise QueryError(path, "chart needs x: (a column) and y: (a column or a list of columns)", node.line)
    x, y = fields["x"].value, _columns(fields["y"].plain())
    labels = _mapping(path, fields.get("labels"), "chart.labels", (x, *y))
    shape = fields.get("format")
    if shape is not None and isinstance(shape.plain(), str):
        formats = {c: str(shape.plain()) for c in y}
    else:
        formats = _mapping(path, shape, "chart.format", y)
    for column, value in formats.items():
        if value not in TILE_FORMATS:
            line = shape.line if shape else node.line
            raise QueryError(path, f"chart.format of {column} must be one of {', '.join(TILE_FORMATS)}", line)
    y2 = _subset(path, fields.get("y2"), y, "chart.y2")
    rolling_node = fields.get("rolling")
    rolling = y if rolling_node is not None and rolling_node.plain() is True else ()
    if rolling_node is not None and not isinstance(rolling_node.plain(), bool):
        rolling = _subset(path, rolling_node, y, "chart.rolling")
    if rolling and chart_type == "bar":
        line = rolling_node.line if rolling_node else node.line
        raise QueryError(path, "chart.rolling draws a line: use it with type: line or area", line)
    chart = Chart(
        type=chart_type,
        x=x,
        y=y,
        where=_where(fields.get("where")),
        labels=tuple(labels.items()),
        formats=tuple(formats.items()),
        y2=y2,
        rolling=rolling,
    )
    return _with_axes(path, chart, node.line)


def _columns(value: Any) -> tuple[str, ...]:
    return tuple(str(c) for c in (value if isinstance(value, list) else [value]))


def _mapping(path: Path, node: Located | None, key: str, columns: tuple[str, ...]) -> dict[str, str]:
    """A column -> text mapping whose columns are among ``columns``, its values non-empty text."""
    if node is None:
        return {}
    out = {}
    for column, value in node.plain().items():
        if str(column) not in columns:
            raise QueryError(
                path, f"{key} names {column}, which the chart does not draw ({', '.join(columns)})", node.line
            )
        if not isinstance(value, str) or not value.strip():
            raise QueryError(path, f"{key}.{column} must be a text, got {value!r}", node.line)
        out[str(column)] = value.strip()
    return out


def _subset(path: Path, node: Located | None, y: tuple[str, ...], key: str) -> tuple[str, ...]:
    if node is None:
        return ()
    chosen = _columns(node.plain())
    unknown = [c for c in chosen if c not in y]
    if unknown:
        raise QueryError(path, f"{key} names {', '.join(unknown)}, not among chart.y ({', '.join(y)})", node.line)
    return tuple(c for c in y if c in chosen)


def _with_axes(path: Path, chart: Chart, line: int) -> Chart:
    """A second axis only when asked (y2) or when the series' formats differ; each axis holds one format."""
    shapes = list(dict.fromkeys(chart.format_of(c) for c in chart.y))
    if not chart.y2 and len(shapes) == 2:
        chart = replace(chart, y2=tuple(c for c in chart.y if chart.format_of(c) == shapes[1]))
    for axis in ("y", "y2"):
        on_axis = {chart.format_of(c) for c in chart.y if chart.axis_of(c) == axis}
        if len(on_axis) > 1:
            raise QueryError(
                path, "a chart has at most two axes, one format each: set chart.y2 or chart.format so they agree", line
            )
    if chart.y2 and len(chart.y2) == len(chart.y):
        raise QueryError(path, "chart.y2 leaves nothing on the first axis; keep at least one y column off it", line)
    return chart


def _where(node: Located | None) -> tuple[tuple[str, str], ...]:
    plain = node.plain() if node is not None else {}
    return tuple((str(k), str(v).lower() if isinstance(v, bool) else str(v)) for k, v in plain.items())


def _tiles(path: Path, node: Located | None, chart: Chart | None, fields: dict[str, Located]) -> tuple[Tile, ...]:
    if node is None:
        return ()
    tiles = []
    for item in node.value:
        if not isinstance(item.value, dict):
            raise QueryError(path, "each tile is a mapping with label: and value: (a SQL aggregate)", item.line)
        keys = check_keys(path, item, TILE_KEYS, "tiles.")
        if "label" not in keys or "value" not in keys:
            raise QueryError(path, "a tile needs label: and value: (e.g. value: avg(response_rate))", item.line)
        time = keys["time"].value if "time" in keys else chart.x if chart else ""
        if not time:
            raise QueryError(path, "a tile needs time: (its date column) when the query has no chart", item.line)
        shape = keys["format"].value if "format" in keys else "number"
        if shape not in TILE_FORMATS:
            raise QueryError(path, f"tiles.format must be one of {', '.join(TILE_FORMATS)}", keys["format"].line)
        better = keys.get("higher_is_better") or fields.get("higher_is_better")
        tiles.append(
            Tile(
                label=keys["label"].value,
                value=keys["value"].value,
                time=time,
                line=item.line,
                where=_where(keys.get("where")),
                format=shape,
                higher_is_better=better.value if better else None,
            )
        )
    return tuple(tiles)


def _alert(path: Path, node: Located | None) -> Alert | None:
    if node is None:
        return None
    keys = check_keys(path, node, ALERT_KEYS, "alert.")
    if "where" not in keys:
        message = "alert needs where: (the column values of an active alert, e.g. {active: true})"
        raise QueryError(path, message, node.line)
    return Alert(where=_where(keys["where"]), line=node.line)
