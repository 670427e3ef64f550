"""The metric diff as GitHub Markdown, made from its JSON alone: the job summary, and the pull request's comment.

pr-comment.yml renders the comment with the default branch's code from the JSON that a pull request's run uploaded,
so the JSON is read as hostile. It must be a JSON object of the diff's schema: names and numbers of fixed types (keys
this code does not know are ignored, so the diff may grow; a wrong type is refused in one line). Every text in it goes
through ``plain``, so no mention, link, image, HTML or formatting can come out of it, and what is shown is capped: so
many queries, tiles and errors, so many characters a text, and the whole within one GitHub comment.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from pipeline.errors import DiffFileError
from pipeline.github_markdown import fit, plain
from pipeline.website.compare import moved_by
from pipeline.website.labels import Labels
from pipeline.website.markup import MINUS, formatted, number

WORDS = Labels("en")  # the diff is read by reviewers of a pull request, like the rest of its page: in English
DASH = "\u2013"
MAX_FILE_BYTES = 8 * 1024 * 1024  # a real diff is a few kilobytes; a larger file is not read at all
TEXT = 120  # characters shown of a label, a reason or the key columns
ERROR_TEXT = 300  # characters shown of an error message
SHOWN_REASONS = 10
EXPECTED = "expected the metric-diff.json that `social-health diff` writes"
QUERY_NAME = re.compile(r"[a-z][a-z0-9_]{0,99}")  # shown as code only when it is a plain query name


@dataclass(frozen=True)
class Limits:
    """How much of a diff is shown, and where the rest can be read."""

    queries: int  # rows of the queries table, and names of downstream queries
    tiles: int  # rows of the headline table
    errors: int  # lines under "Could not run"
    budget: int  # UTF-8 bytes of the whole text
    rest: str  # where what was cut can be read


COMMENT = Limits(50, 100, 20, 60_000, "the pull request run's job summary has all of it")  # GitHub: 65,536 chars
SUMMARY = Limits(2_000, 5_000, 500, 1_000_000, "metric-diff.json has all of it")  # GitHub: 1 MiB per step

_TEXT = {"type": "string"}
_TEXTS = {"type": "array", "items": _TEXT}
_COUNT = {"type": ["integer", "null"]}
_VALUE = {"type": ["number", "null"]}
_DAY = {"type": ["string", "null"], "format": "date"}
_FLAG = {"type": "boolean"}


def _object(**properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": list(properties), "properties": properties}


TILE = _object(label=_TEXT, format=_TEXT, month=_DAY, before=_VALUE, after=_VALUE, on_before=_FLAG, on_after=_FLAG)
QUERY = _object(
    name=_TEXT,
    title=_TEXT,
    why=_TEXTS,
    key=_TEXTS,
    rows_before=_COUNT,
    rows_after=_COUNT,
    added=_COUNT,
    removed=_COUNT,
    changed=_COUNT,
    tiles={"type": "array", "items": TILE},
    error_before=_TEXT,
    error_after=_TEXT,
)
# The classifier's figures per language ("all", "es", ...), before and after: numbers under known names only.
FIGURES = {"type": "object", "additionalProperties": _VALUE}
BY_LANGUAGE = {
    "type": "object",
    "maxProperties": 20,
    "propertyNames": {"pattern": r"\A(all|[a-z]{2})\Z"},
    "additionalProperties": FIGURES,
}
EVALUATION = {
    "type": ["object", "null"],
    "properties": {"before": BY_LANGUAGE, "after": BY_LANGUAGE, "error_before": _TEXT, "error_after": _TEXT},
}
SCHEMA = _object(
    base=_TEXT,
    commit={"type": "string", "pattern": r"\A[0-9a-f]{0,64}\Z"},
    period_end=_DAY,
    queries={"type": "array", "items": QUERY},
    downstream=_TEXTS,
)
SCHEMA["properties"]["evaluation"] = EVALUATION  # optional: only when the classifier or its inputs changed
EVALUATION_COLUMNS = (
    ("paid_precision", "paid P"),
    ("paid_recall", "paid R"),
    ("recommendation_precision", "authentic reco P"),
    ("recommendation_recall", "authentic reco R"),
    ("sentiment_macro_f1", "sentiment macro-F1"),
)
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def read_diff(path: Path) -> dict[str, Any]:
    """The metric diff in a JSON file, checked against the schema; DiffFileError, in one line, if it is not one."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DiffFileError(
                f"{path}: {size:,} bytes, more than a metric diff can be ({MAX_FILE_BYTES:,}); {EXPECTED}"
            )
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise DiffFileError(f"{path}: cannot be read ({exc.strerror}); pass the metric-diff.json of a diff") from None
    except UnicodeDecodeError:
        raise DiffFileError(f"{path}: not UTF-8 text; {EXPECTED}") from None
    return parse_diff(text, str(path))


def parse_diff(text: str, where: str) -> dict[str, Any]:
    """The diff in JSON ``text`` (named ``where`` in errors); NaN and infinities read as no value."""
    try:
        data = json.loads(text, parse_constant=lambda _: None)
    except (ValueError, RecursionError) as exc:  # a JSONDecodeError, a number too long to read, nesting too deep
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DiffFileError(f"{where}: not valid JSON ({reason}); {EXPECTED}") from None
    error = best_match(VALIDATOR.iter_errors(data))
    if error is not None:
        raise DiffFileError(f"{where}: not a metric diff ({error.json_path} {_problem(error)}); {EXPECTED}")
    result: dict[str, Any] = data
    return result


def _problem(error: ValidationError) -> str:
    """What is wrong, in words of the schema only (the value itself may be anything, of any size)."""
    if error.validator == "type":
        expected: Any = error.validator_value  # a type name or a list of them, from the schema
        return "must be " + " or ".join([expected] if isinstance(expected, str) else expected)
    if error.validator == "required":
        return error.message  # "'name' is a required property": the name comes from the schema
    if error.validator == "format":
        return "must be a date, YYYY-MM-DD"
    if error.validator == "pattern":
        return "must be a commit id (hexadecimal)"
    return f"is not valid ({error.validator})"


def comment_markdown(path: Path) -> str:
    """The pull request comment for the metric diff in ``path``."""
    return render(read_diff(path), COMMENT)


def render(diff: dict[str, Any], limits: Limits) -> str:
    """The diff (checked by ``parse_diff``) as Markdown: the headline tiles and the rows of every changed query."""
    base = plain(diff["base"], TEXT)
    queries: list[dict[str, Any]] = diff["queries"]
    evaluation = _evaluation_lines(diff.get("evaluation"))
    if not queries:
        return fit([f"## Metric diff against {base}: no query changed", *evaluation], limits.budget, limits.rest)
    commit = f" (`{diff['commit'][:12]}`)" if diff["commit"] else ""
    lines = [
        f"## Metric diff against {base}",
        "",
        f"Queries as at {base}{commit} and as in this checkout, each run on a copy of the same warehouse with the "
        f"period ending {diff['period_end'] or DASH}. Tiles show their newest month.",
        "",
    ]
    tiles = [(q, t) for q in queries for t in q["tiles"]]
    if tiles:
        lines += ["| query | headline | before | after | change |", "|---|---|---|---|---|"]
        lines += [_tile_row(q, t) for q, t in tiles[: limits.tiles]]
        lines += _more(len(tiles) - limits.tiles, "headline row(s)", limits)
    else:
        lines.append("None of the changed queries has a headline tile.")
    lines += [
        "",
        "| query | why | rows before | rows after | added | removed | changed | rows matched on |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [_rows_row(q) for q in queries[: limits.queries]]
    lines += _more(len(queries) - limits.queries, "changed query(ies)", limits)
    errors = [
        f"- {_name(q['name'])} {side}: {plain(q[f'error_{side}'], ERROR_TEXT)}"
        for q in queries
        for side in ("before", "after")
        if q[f"error_{side}"]
    ]
    if errors:
        lines += ["", "Could not run:", "", *errors[: limits.errors], *_more(len(errors) - limits.errors, "", limits)]
    downstream: list[str] = diff["downstream"]
    if downstream:
        names = ", ".join(_name(n) for n in downstream[: limits.queries])
        more = f" and {len(downstream) - limits.queries:,} more" if len(downstream) > limits.queries else ""
        lines += ["", f"Not compared, but they read a changed query, so their values may move too: {names}{more}."]
    return fit(lines + evaluation, limits.budget, f"… {{n}} more line(s) cut to fit; {limits.rest}.")


def _evaluation_lines(evaluation: dict[str, Any] | None) -> list[str]:
    """Before -> after of each figure per language: did the word-list or classifier edit help?"""
    if not evaluation:
        return []
    before, after = evaluation.get("before", {}), evaluation.get("after", {})
    lines = [
        "",
        "### Classifier evaluation on the labelled mentions (`queries/evaluation/`), before → after",
        "",
        "| language | mentions | " + " | ".join(label for _, label in EVALUATION_COLUMNS) + " |",
        "|---|--:|" + "--:|" * len(EVALUATION_COLUMNS),
    ]
    for key in sorted(before.keys() | after.keys(), key=lambda k: (k != "all", k)):
        old, new = before.get(key, {}), after.get(key, {})
        cells = [_arrow(old.get(name), new.get(name), "{:.2f}") for name, _ in EVALUATION_COLUMNS]
        mentions = _arrow(old.get("mentions"), new.get("mentions"), "{:,.0f}")
        lines.append(f"| {plain(key)} | {mentions} | " + " | ".join(cells) + " |")
    for side in ("before", "after"):
        if evaluation.get(f"error_{side}"):
            lines += ["", f"The evaluation could not run {side}: {plain(evaluation[f'error_{side}'], ERROR_TEXT)}"]
    return lines


def _arrow(before: float | None, after: float | None, shape: str) -> str:
    def shown(value: float | None) -> str:
        return DASH if value is None else shape.format(value)

    return shown(after) if before == after else f"{shown(before)} → {shown(after)}"


def _more(count: int, what: str, limits: Limits) -> list[str]:
    return ["", f"… and {count:,} more{' ' + what if what else ''}; {limits.rest}."] if count > 0 else []


def _name(name: str) -> str:
    return f"`{name}`" if QUERY_NAME.fullmatch(name) else plain(name, TEXT)


def _tile_row(query: dict[str, Any], tile: dict[str, Any]) -> str:
    month = f", {WORDS.month(date.fromisoformat(tile['month']))}" if tile["month"] else ""
    before = _value(tile["before"], tile["format"], tile["on_before"], query["error_before"])
    after = _value(tile["after"], tile["format"], tile["on_after"], query["error_after"])
    both = tile["on_before"] and tile["on_after"]
    change = change_text(tile["format"], tile["before"], tile["after"]) if both else DASH
    return f"| {_name(query['name'])} | {plain(tile['label'], TEXT)}{month} | {before} | {after} | {change} |"


def _value(value: float | None, shape: str, exists: bool, error: str) -> str:
    return "error" if error else DASH if not exists else formatted(value, shape, WORDS)


def _rows_row(query: dict[str, Any]) -> str:
    counts = [_count(query[n]) for n in ("rows_before", "rows_after", "added", "removed", "changed")]
    for index, side in ((0, "before"), (1, "after")):
        counts[index] = "error" if query[f"error_{side}"] else counts[index]
    compared = query["rows_before"] is not None and query["rows_after"] is not None
    key = plain(", ".join(query["key"][:SHOWN_REASONS]), TEXT) if query["key"] else "whole rows" if compared else DASH
    why = plain(", ".join(query["why"][:SHOWN_REASONS]), TEXT)
    return f"| {_name(query['name'])} | {why} | {' | '.join(counts)} | {key} |"


def _count(value: int | float | None) -> str:
    return DASH if value is None else f"{value:,}"


def change_text(shape: str, before: float | None, after: float | None) -> str:
    """After minus before, in the tile's own terms (compare.moved_by: percentage points, points), a duration, or a
    number with its per cent."""
    if before is None or after is None:
        return DASH
    diff = after - before
    if abs(diff) <= 1e-9 * max(1.0, abs(before)):  # float noise from a different summation order is no change
        return "no change"
    sign = "+" if diff > 0 else MINUS
    moved = moved_by(shape, before, after)
    if shape in ("percent", "points") and moved is not None:
        amount, unit = moved
        return f"{sign}{_figure(abs(amount))}{unit}"
    if shape == "minutes":
        size = abs(diff)
        return f"{sign}{_figure(size)} min" if size < 90 else sign + formatted(size, shape, WORDS)
    relative = f" ({sign}{_figure(abs(moved[0]))}%)" if moved else ""
    return f"{sign}{_figure(abs(diff))}{relative}"


def _figure(size: float) -> str:
    """A positive amount with enough decimals to show it is not zero."""
    if size >= 0.01 or not math.isfinite(size):
        return number(size, WORDS)
    return number(size, WORDS, min(12, 1 - math.floor(math.log10(size))))
