"""Any listening tool's mentions CSV, its columns named in the config (``mentions_csv``), loaded without code.

Layout (docs/reference/exports.md, "Mentions CSV mapped in the config"): a delimited text file (``,``, ``;`` or tab,
UTF-8 or UTF-16 with BOM; or an Excel sheet) whose header holds the columns ``mentions_csv.columns`` names, e.g.
``{published_at: Fecha, text: Texto, url: Enlace, author: Autor, platform: Red, sentiment: Sentimiento}``.
A file is claimed only when the config has ``mentions_csv`` and the header holds the mapped ``published_at``,
``text`` and ``url`` columns; every specific format is tried first. Any other mapped column missing fails the file
naming the config key. Columns the mapping leaves out are ignored (never reported as unknown).

- ``published_at``: ``mentions_csv.time_format`` (strptime, e.g. ``%d/%m/%Y %H:%M``) or ISO 8601; a time without an
  offset is local time in the config's ``timezone``. ISO text is accepted with a custom format too, because Excel
  turns date text into date cells, which arrive as ISO text.
- ``platform``: the tool's network name (``Twitter``, ``Instagram``, …), else the site of the URL.
- ``sentiment``: positive/neutral/negative in any case, the spellings in ``mentions_csv.sentiment_values``, or a
  number's sign; anything else is NULL.
- ``mention_id``: the X status id from the URL, else the mapped id, else an MD5 of the URL, else of time, author and
  text. ``author`` is hashed and classified (brand, employee, partner, other) and never stored in clear.
"""

from __future__ import annotations

from pipeline.config import SENTIMENTS, Config, MentionsCsv
from pipeline.errors import ExportError
from pipeline.escape import literal
from pipeline.sources.base import Adapter, LoadContext, Loaded
from pipeline.sources.csvfile import CsvTable, read_csv
from pipeline.sources.listening import (
    ISO_EXAMPLE,
    iso_time_in_sql,
    language_sql,
    sentiment_sign_sql,
    site_platform_sql,
)
from pipeline.sources.platforms import platform_sql
from pipeline.sources.probe import Probe
from pipeline.warehouse.macros import count_check

DELIMITERS = (",", ";", "\t")
NULL = "NULL::VARCHAR"


def claimed_columns(spec: MentionsCsv) -> set[str]:
    """The header names a file must hold to be claimed: the mapped published_at, text and url columns."""
    return {spec.columns[k] for k in ("published_at", "text", "url") if k in spec.columns}


def find_header(probe: Probe, spec: MentionsCsv) -> tuple[int, str] | None:
    """(line index, delimiter): the configured delimiter, else the first of , ; tab that yields the mapped names."""
    for delimiter in (spec.delimiter,) if spec.delimiter else DELIMITERS:
        index = probe.find_header(claimed_columns(spec), delimiter)
        if index is not None:
            return index, delimiter
    return None


class GenericMentions(Adapter):
    name = "generic_mentions"
    table = "mentions"
    title = "Mentions CSV mapped in the config (mentions_csv)"

    def detect(self, probe: Probe) -> bool:
        return False  # the layout lives in the config: see matches()

    def matches(self, probe: Probe, config: Config | None) -> bool:
        spec = config.mentions_csv if config is not None else None
        return spec is not None and find_header(probe, spec) is not None

    def load(self, ctx: LoadContext, probe: Probe) -> Loaded:
        spec = ctx.config.mentions_csv
        found = find_header(probe, spec) if spec is not None else None
        if spec is None or found is None:
            raise ExportError(ctx.file, "does not hold the columns the config's mentions_csv names")
        csv = read_csv(ctx, probe, header_index=found[0], delimiter=found[1])
        col = {key: _column(csv, key, name) for key, name in spec.columns.items()}

        def c(key: str) -> str:  # the mapped column, or NULL when the mapping leaves it out
            return col.get(key, NULL)

        params: dict[str, object] = {"tz": ctx.config.timezone}
        url, text, author = c("url"), c("text"), c("author")
        published = _published_sql(c("published_at"), spec, params)
        sentiment = _sentiment_sql(c("sentiment"), spec, params)
        platform = f"coalesce({platform_sql(c('platform'))}, {site_platform_sql(url)})"
        content_key = f"md5(concat_ws('|', {c('published_at')}, {author}, {text}))"
        people = tuple(spec.columns[k] for k in ("author", "url") if k in spec.columns)
        ctx.stage(
            "mentions",
            f"""SELECT _platform AS platform,
                   coalesce(CASE WHEN _platform = 'x' THEN status_id({url}) END, redact_key(blank({c("mention_id")})),
                            md5(blank({url})), {content_key}) AS mention_id,
                   person_id({author}) AS author_id, author_role({author}) AS author_role,
                   as_count({c("author_followers")}) AS author_followers, _published AS published_at,
                   redact_text(blank({text})) AS text, redact_url(blank({url})) AS url,
                   {language_sql(c("language"))} AS language, {sentiment} AS sentiment,
                   NULL AS in_reply_to_id, coalesce(starts_with(ltrim({text}), 'RT @'), false) AS is_repost,
                   _line, 1 AS _rows, {_reason(spec, col)} AS _reason
               FROM (SELECT *, {published} AS _published, {platform} AS _platform FROM raw)""",
            params,
            raw=csv.raw_expr(people=people),
            time_label=spec.columns["published_at"],
        )
        return Loaded(rows_read=csv.records)


def _column(csv: CsvTable, key: str, name: str) -> str:
    """The quoted column the config maps ``key`` to; a mapped column missing from the file fails it."""
    if not csv.has(name):
        header = ", ".join(csv.header)
        raise ExportError(csv.path, f"column '{name}' (mentions_csv.columns.{key}) is missing; header: {header}")
    return csv.col(name)


def _published_sql(column: str, spec: MentionsCsv, params: dict[str, object]) -> str:
    """The configured format (its own offset with %z, else local time), else ISO 8601 text."""
    iso = iso_time_in_sql(column, "$tz")
    if spec.time_format is None:
        return iso
    params["time_format"] = spec.time_format
    parsed = f"try_strptime(trim({column}), $time_format)"
    local = parsed if "%z" in spec.time_format or "%Z" in spec.time_format else f"timezone($tz, {parsed})"
    return f"coalesce({local}, {iso})"


def _sentiment_sql(column: str, spec: MentionsCsv, params: dict[str, object]) -> str:
    """The canonical word or a configured spelling (any case), else a number's sign, else NULL."""
    if column == NULL:
        return "NULL"
    cases = []
    for sentiment in SENTIMENTS:
        params[sentiment] = [sentiment, *spec.sentiment_values.get(sentiment, ())]
        cases.append(f"WHEN list_contains(${sentiment}::VARCHAR[], lower(trim({column}))) THEN '{sentiment}'")
    return f"CASE {' '.join(cases)} ELSE {sentiment_sign_sql(column)} END"


def _reason(spec: MentionsCsv, col: dict[str, str]) -> str:
    """Why a row cannot load, naming the file's column (as the config maps it) and the problem, never the value: it
    may hold a person's data."""

    def named(key: str) -> str:
        return spec.columns[key]

    filled = [k for k in ("text", "url") if k in col]
    empty = " and ".join(named(k) for k in filled) + (" are empty" if len(filled) > 1 else " is empty")
    sources = [named("platform")] if "platform" in col else []
    sources += [f"the site of {named('url')}"] if "url" in col else []
    checks = [
        f"WHEN _published IS NULL THEN {literal(named('published_at') + ' ' + _time_hint(spec))}",
        f"WHEN {' AND '.join(f'blank({col[k]}) IS NULL' for k in filled)} THEN {literal(empty)}",
        f"WHEN _platform IS NULL THEN {literal(' and '.join(sources) + ' name no known platform')}",
    ]
    if "author_followers" in col:
        followers = col["author_followers"]
        checks.append(count_check(followers, named("author_followers")))
    return "CASE " + " ".join(checks) + " END"


def _time_hint(spec: MentionsCsv) -> str:
    if spec.time_format:
        return f"is not a time in the format {spec.time_format} (mentions_csv.time_format)"
    return f"is not an ISO 8601 time like {ISO_EXAMPLE}"
