"""Checks attached to a query's header. A check is a query selecting the bad rows of the result: zero rows passes.

Built-ins (``not_null``, ``unique``, ``accepted_values``, ``at_least_rows``, ``range``) are turned into such a query
here; a ``sql`` check is written by hand. Each has a severity (``error`` stops the run, ``warn`` is reported) and a
threshold (how many bad rows are tolerated).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import QueryError
from pipeline.escape import ident, literal
from pipeline.queries.yamllines import Located

KINDS = ("not_null", "unique", "accepted_values", "at_least_rows", "range", "sql")
OPTIONS = ("severity", "threshold", "name")
SEVERITIES = ("error", "warn")


@dataclass(frozen=True)
class Check:
    kind: str
    args: Any
    line: int
    severity: str = "error"
    threshold: int = 0
    name: str = ""

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        if self.kind in ("not_null", "unique"):
            return f"{self.kind}: {', '.join(self.args)}"
        if self.kind == "at_least_rows":
            return f"at least {self.args} rows"
        if self.kind == "accepted_values":
            return f"{self.args['column']} in ({', '.join(str(v) for v in self.args['values'])})"
        if self.kind == "range":
            bounds = [
                f">= {self.args['min']}" if "min" in self.args else "",
                f"<= {self.args['max']}" if "max" in self.args else "",
            ]
            return f"{self.args['column']} {' and '.join(b for b in bounds if b)}"
        return self.kind

    def bad_rows_sql(self, table: str) -> str:
        """The SELECT returning this check's bad rows for the result table ``table``."""
        a = self.args
        if self.kind == "not_null":
            return f"SELECT * FROM {table} WHERE " + " OR ".join(f"{ident(c)} IS NULL" for c in a)
        if self.kind == "unique":
            cols = ", ".join(ident(c) for c in a)
            return f"SELECT {cols}, count(*) AS copies FROM {table} GROUP BY ALL HAVING count(*) > 1"
        if self.kind == "accepted_values":
            values = ", ".join(literal(str(v)) for v in a["values"])
            column = ident(a["column"])
            return f"SELECT * FROM {table} WHERE {column} IS NOT NULL AND CAST({column} AS VARCHAR) NOT IN ({values})"
        if self.kind == "at_least_rows":
            return f"SELECT count(*) AS result_rows FROM {table} HAVING count(*) < {int(a)}"
        if self.kind == "range":
            column = ident(a["column"])
            tests = [
                f"{column} < {float(a['min'])}" if "min" in a else "",
                f"{column} > {float(a['max'])}" if "max" in a else "",
            ]
            return f"SELECT * FROM {table} WHERE " + " OR ".join(t for t in tests if t)
        return str(a)


def parse_checks(path: Path, node: Located) -> tuple[Check, ...]:
    return tuple(_parse_one(path, item) for item in node.value)


def _fail(path: Path, line: int, message: str) -> QueryError:
    return QueryError(path, f"checks: {message}", line)


def _parse_one(path: Path, item: Located) -> Check:
    if not isinstance(item.value, dict):
        raise _fail(path, item.line, f"each check is a mapping such as '- not_null: [week]'; kinds: {', '.join(KINDS)}")
    entries: dict[str, Located] = item.value
    kinds = [k for k in entries if k not in OPTIONS]
    for key in kinds:
        if key not in KINDS:
            near = difflib.get_close_matches(key, KINDS + OPTIONS, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            raise _fail(
                path,
                entries[key].line,
                f"unknown check '{key}'{hint}; kinds: {', '.join(KINDS)}; options: {', '.join(OPTIONS)}",
            )
    if len(kinds) != 1:
        raise _fail(path, item.line, f"a check names exactly one kind ({', '.join(KINDS)}), found {len(kinds)}")
    kind = kinds[0]
    args = entries[kind].plain()
    line = entries[kind].line
    if kind in ("not_null", "unique") and isinstance(args, str):
        args = [args]
    _check_args(path, line, kind, args)
    severity = entries["severity"].plain() if "severity" in entries else "error"
    if severity not in SEVERITIES:
        raise _fail(path, entries["severity"].line, f"severity must be {' or '.join(SEVERITIES)}, not {severity!r}")
    threshold = entries["threshold"].plain() if "threshold" in entries else 0
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 0:
        raise _fail(
            path, entries["threshold"].line, f"threshold must be a whole number of 0 or more, not {threshold!r}"
        )
    name = str(entries["name"].plain()) if "name" in entries else ""
    if kind == "sql" and not name:
        raise _fail(path, line, "a sql check needs a name: saying what it guards")
    return Check(kind, args, line, severity, threshold, name)


def _is_columns(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v for v in value)


def _check_args(path: Path, line: int, kind: str, args: Any) -> None:
    if kind in ("not_null", "unique"):
        if not _is_columns(args):
            raise _fail(path, line, f"{kind} takes a list of column names, e.g. {kind}: [week, platform]")
    elif kind == "accepted_values":
        if not (isinstance(args, dict) and set(args) == {"column", "values"} and isinstance(args["values"], list)):
            raise _fail(path, line, "accepted_values takes {column: name, values: [a, b, ...]}")
    elif kind == "at_least_rows":
        if isinstance(args, bool) or not isinstance(args, int) or args < 1:
            raise _fail(path, line, "at_least_rows takes a whole number of 1 or more")
    elif kind == "range":
        numbers = {k: v for k, v in args.items() if k != "column"} if isinstance(args, dict) else {}
        if (
            not isinstance(args, dict)
            or "column" not in args
            or not numbers
            or not set(numbers) <= {"min", "max"}
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in numbers.values())
        ):
            raise _fail(path, line, "range takes {column: name, min: number, max: number} (min or max may be left out)")
    elif kind == "sql" and not (isinstance(args, str) and args.strip()):
        raise _fail(path, line, "sql takes one SELECT returning the bad rows")
