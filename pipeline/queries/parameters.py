"""The values queries read with ``getvariable(...)``: from the config, the command line, or the data itself."""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb

from pipeline.config import PILLARS, SCORE_FIGURES, Config
from pipeline.errors import PipelineError


@dataclass(frozen=True)
class Variable:
    name: str
    type: str  # DuckDB type the value is cast to
    value: Any


TYPES = {
    "timezone": "VARCHAR",
    "period_end": "DATE",
    "net_sentiment_min_n": "INTEGER",
    **{f"weight_{p}": "DOUBLE" for p in PILLARS},
    "baseline_from": "DATE",
    "baseline_to": "DATE",
    **{f"target_{f}": "DOUBLE" for figures in SCORE_FIGURES.values() for f in figures},
    "social_discount_codes": "VARCHAR[]",
    "social_tags": "VARCHAR[]",
    "social_sources": "VARCHAR[]",
}
# What an example test gets for a variable it does not set: fixed, so a test means the same for every brand.
TEST_DEFAULTS: dict[str, Any] = {
    "timezone": "UTC",
    "net_sentiment_min_n": 20,
    **{f"weight_{p}": 1.0 for p in PILLARS},
    "social_discount_codes": [],
    "social_tags": [],
    "social_sources": [],
}
# The last day with data, in the report's time zone: the default period end.
LAST_DAY_SQL = """
SELECT max(d) FROM (
    SELECT max(timezone($tz, published_at))::DATE AS d FROM posts
    UNION ALL SELECT max(timezone($tz, published_at))::DATE FROM mentions
    UNION ALL SELECT max(timezone($tz, sent_at))::DATE FROM messages
    UNION ALL SELECT max(period_end) FROM web_traffic
    UNION ALL SELECT max(timezone($tz, ordered_at))::DATE FROM orders
    UNION ALL SELECT max(date) FROM followers_daily)
"""


def from_config(config: Config) -> dict[str, Any]:
    values: dict[str, Any] = {
        "timezone": config.timezone,
        "net_sentiment_min_n": config.report.net_sentiment_min_n,
        **{f"weight_{p}": w for p, w in config.report.weights.items()},
        "social_discount_codes": list(config.social.discount_codes),
        "social_tags": list(config.social.tags),
        "social_sources": list(config.social.sources),
    }
    if config.report.period_end:
        values["period_end"] = config.report.period_end
    if config.report.baseline:
        values["baseline_from"], values["baseline_to"] = config.report.baseline
    values |= {f"target_{figure}": value for figure, value in config.report.targets.items()}
    return values


def parse_assignments(assignments: list[str], known: Iterable[str] | None = None) -> dict[str, str]:
    """``--var name=value`` options; a list variable takes comma-separated values. With ``known``, a name that is
    none of them (a typo, say) is an error listing them, rather than a value no query reads."""
    names = sorted(set(known)) if known is not None else None
    values = {}
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        name = name.strip()
        if not sep or not name:
            raise PipelineError(f"--var {assignment!r}: write it as NAME=VALUE, e.g. --var net_sentiment_min_n=30")
        if names is not None and name not in names:
            near = difflib.get_close_matches(name, names, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            raise PipelineError(f"--var {name}: no such variable{hint}; the variables are: {', '.join(names)}")
        values[name] = value
    return values


GETVARIABLE = re.compile(r"getvariable\(\s*'([A-Za-z_][A-Za-z0-9_]*)'\s*\)", re.IGNORECASE)


def known_variables(sql_texts: Iterable[str]) -> set[str]:
    """The variables the pipeline sets (TYPES) and every one a query names with getvariable('...')."""
    return set(TYPES) | {name for text in sql_texts for name in GETVARIABLE.findall(text)}


def resolve(con: duckdb.DuckDBPyConnection, values: dict[str, Any]) -> list[Variable]:
    """Typed variables, with ``period_end`` defaulting to the last day with data (today if there is none).

    ``report_month`` (``run --month``) is not a variable: it sets ``period_end`` to that month's end."""
    values = dict(values)
    month = values.pop("report_month", None)
    if month or values.get("period_end") is None:  # a report month given on the command line beats the config's
        row = con.execute(LAST_DAY_SQL, {"tz": values.get("timezone", "UTC")}).fetchone()
        last_day = row[0] if row and row[0] else date.today()
        values["period_end"] = month_period_end(month, last_day) if month else last_day
    out = []
    for name, value in values.items():
        kind = TYPES.get(name, "VARCHAR")
        if kind.endswith("[]") and isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        out.append(Variable(name, kind, value))
    return out


def set_variables(con: duckdb.DuckDBPyConnection, variables: list[Variable]) -> None:
    for v in variables:
        if not v.name.isidentifier():
            raise PipelineError(f"variable name {v.name!r} must be letters, digits and _")
        try:
            con.execute(f"SET VARIABLE {v.name} = CAST(? AS {v.type})", [v.value])
        except duckdb.Error:
            raise PipelineError(f"variable {v.name} = {v.value!r} is not a valid {v.type}") from None


def month_period_end(month: str, last_day_with_data: date) -> date:
    """The period end of a report month (``2026-10``): its last day, or the last day with data in a running month."""
    try:
        first = datetime.strptime(month, "%Y-%m").date()
    except ValueError:
        raise PipelineError(f"--month {month!r}: write the report month as YYYY-MM, e.g. 2026-10") from None
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    if last_day_with_data < first:
        raise PipelineError(
            f"--month {month}: the exports end on {last_day_with_data}, before that month; "
            "add newer exports or pick an earlier month"
        )
    return min(last, last_day_with_data)
