"""Meta Business Suite "Content" exports, one row per post: Facebook Page posts and Instagram posts (CSV).

Layout (docs: shared/reference/export-formats.md §2a Facebook [PARSER, strong] and §2b Instagram [PARSER]; no real
download was available, the headers come from public parsers and a test fixture "with the same columns and quoting as
Meta's per-post exports"): UTF-8 with a BOM, only values with spaces or commas quoted, captions spanning lines.

- Facebook: ``"Post ID","Page ID","Page name",Title,Description,…,"Publish time",…,Permalink,…,"Post type",…,
  "Funded content status",…,Views,Reach,…,Reactions,Comments,Shares,"Total clicks",…``
- Instagram: ``"Post ID","Account ID","Account username","Account name",Description,…,"Publish time",Permalink,
  "Post type",…,Views,Reach,Likes,Shares,Follows,Comments,Saves``

The export is recognised by ``Post ID`` with ``Page ID`` (Facebook) or ``Account ID`` and ``Account username``
(Instagram); ``Publish time`` is required too, and a file without it fails naming the nearest header. It is
``MM/DD/YYYY HH:MM`` without an offset: local time in the config's timezone (Meta's zone is UNSURE, probably the
Page's; a script built on real Italian downloads adds 9 hours, "gli export sono sull'ora del Pacifico"). The column
set follows the metrics ticked in Business Suite and header capitalisation drifts, so every metric is optional (NULL
when absent) and headers match case-insensitively. ``impressions`` is ``Impressions``, else ``Views`` (which replaced
it); ``video_views`` is ``3-Second Video Views``; Instagram has no clicks. ``is_paid``: NULL without a ``Funded
content status`` column; false when it is empty or says not funded; true for any other value (the real values are
UNSURE: the files seen leave it empty).

Localised exports (Spanish, Italian, German, French, Portuguese interface): the headers are translated, see
``meta_locales`` for the aliases and their sources. The header row is read in the language whose aliases name most
of its cells, among those in which the identifying columns are found; the language is recorded per file
(``load_log.locale``, ``en`` for English files). Values: public parsers of es/it/fr/pt files read ``Publish time``
month first and counts as plain digits, which is the default; a localised file is read day first (``DD/MM/YYYY``)
only when its own dates prove it (a first number above 12, none in second place), and as ``DD.MM.YYYY`` when it uses
dots (the German reconstruction, UNSURE). Localised counts may group thousands with ``.``, a space, U+00A0 or U+202F
and use ``,`` for decimals; a count with a fractional part is rejected (``1,250`` could be an English thousand). In
English files numbers keep the English reading (``1,250`` = 1250). Reject reasons name the column as the file
writes it. ``Post type`` stays in the file's language (``Reel de Instagram``).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipeline.errors import ExportError
from pipeline.escape import literal
from pipeline.sources.base import Adapter, LoadContext, Loaded
from pipeline.sources.csvfile import CsvTable, read_csv
from pipeline.sources.meta_locales import DECIMAL_SEPARATOR, HeaderMatch, expected_header, match_header, normalise
from pipeline.sources.probe import Probe
from pipeline.warehouse.macros import count_check, count_check_loc

METRICS = ("impressions", "reach", "likes", "comments", "shares", "saves", "clicks", "video_views")
NOT_FUNDED = ("n/a", "-", "--", "not funded", "not boosted", "none", "no")
HEADER_WITHIN = 15  # lines searched for the header row


@dataclass(frozen=True)
class Layout:
    platform: str
    required: tuple[str, ...]  # the header names that identify the export (Publish time is required at load)
    account: str  # the brand's Page name or username: may stay in clear
    captions: tuple[str, ...]  # the first non-empty one is the post's text
    metrics: dict[str, tuple[str, ...]]  # contract column -> export columns, the first present and non-empty wins


@dataclass(frozen=True)
class DateFormat:
    strptime: str
    shown: str  # as a reject reason names it


MONTH_FIRST = DateFormat("%m/%d/%Y %H:%M", "MM/DD/YYYY HH:MM")
DAY_FIRST = DateFormat("%d/%m/%Y %H:%M", "DD/MM/YYYY HH:MM")
DOTTED = DateFormat("%d.%m.%Y %H:%M", "DD.MM.YYYY HH:MM")

SHARED = {
    "impressions": ("Impressions", "Views"),
    "reach": ("Reach",),
    "comments": ("Comments",),
    "shares": ("Shares",),
    "video_views": ("3-Second Video Views",),
}
FACEBOOK = Layout(
    "facebook",
    ("Post ID", "Page ID"),
    "Page name",
    ("Title", "Description"),
    {**SHARED, "likes": ("Reactions",), "clicks": ("Total clicks",)},
)
INSTAGRAM = Layout(
    "instagram",
    ("Post ID", "Account ID", "Account username"),
    "Account username",
    ("Description",),
    {**SHARED, "likes": ("Likes",), "saves": ("Saves",)},
)


@dataclass(frozen=True)
class Columns:
    """The file's columns under their English names, whatever the language of its header."""

    csv: CsvTable
    header: HeaderMatch

    @property
    def locale(self) -> str:
        return self.header.locale

    def _cell(self, name: str) -> str:
        return self.header.cell(name) or name

    def has(self, name: str) -> bool:
        return self.header.cell(name) is not None and self.csv.has(self._cell(name))

    def col(self, name: str) -> str:
        """The quoted column; a missing one fails the file, named as the file's language would write it."""
        cell = self.header.cell(name)
        return self.csv.col(cell if cell is not None else expected_header(self.locale, name))

    def opt(self, name: str) -> str:
        return self.csv.opt(self._cell(name)) if self.has(name) else "NULL::VARCHAR"

    def label(self, name: str) -> str:
        """How a reject reason names the column: as the file writes it, English names for English files."""
        return name if self.locale == "en" else self._cell(name)

    def unknown_columns(self, known: tuple[str, ...]) -> tuple[str, ...]:
        names = {normalise(k) for k in known}
        translated = tuple(cell for cell, english in self.header.english.items() if normalise(english) in names)
        return self.csv.unknown_columns((*known, *translated))


def find_header(probe: Probe, required: tuple[str, ...]) -> tuple[int, HeaderMatch] | None:
    """The header row (0-based line) and its language: the first row where the required columns are found."""
    for index in range(min(HEADER_WITHIN, len(probe.lines))):
        match = match_header(probe.header_at(index), required)
        if match is not None:
            return index, match
    return None


def publish_format(con: duckdb.DuckDBPyConnection, published: str, locale: str) -> DateFormat:
    """How this file writes ``Publish time`` (see the module docstring); English files are always month first."""
    if locale == "en":
        return MONTH_FIRST
    dots, slashes, day_first, month_first = con.execute(
        rf"""SELECT count(*) FILTER (WHERE d.sep = '.'), count(*) FILTER (WHERE d.sep = '/'),
                    count(*) FILTER (WHERE d.sep = '/' AND try_cast(d.a AS INTEGER) > 12),
                    count(*) FILTER (WHERE d.sep = '/' AND try_cast(d.b AS INTEGER) > 12)
             FROM (SELECT regexp_extract(trim({published}), '^(\d{{1,2}})([./])(\d{{1,2}})[./]\d{{4}}',
                                         ['a', 'sep', 'b']) AS d FROM raw)"""
    ).fetchone() or (0, 0, 0, 0)
    if dots > slashes:
        return DOTTED
    return DAY_FIRST if day_first and not month_first else MONTH_FIRST


def _metric(cols: Columns, name: str) -> tuple[str, list[str]]:
    """One export column as a count, and the reject checks for its value."""
    q, label = cols.col(name), cols.label(name)
    if cols.locale == "en":
        return f"as_count({q})", [count_check(q, label)]
    sep = DECIMAL_SEPARATOR[cols.locale]
    return f"as_count_loc({q}, {literal(sep)})", [count_check_loc(q, label, sep)]


def _metrics(cols: Columns, layout: Layout) -> tuple[list[str], list[str]]:
    """The metric SELECT items, and the reject checks for the metric columns the file has."""
    items, checks = [], []
    for column in METRICS:
        present = [_metric(cols, name) for name in layout.metrics.get(column, ()) if cols.has(name)]
        values = [value for value, _ in present]
        value = values[0] if len(values) == 1 else f"coalesce({', '.join(values)})" if values else "NULL::BIGINT"
        items.append(f"{value} AS {column}")
        checks += [check for _, column_checks in present for check in column_checks]
    return items, checks


def _is_paid(cols: Columns) -> str:
    if not cols.has("Funded content status"):
        return "NULL::BOOLEAN"
    status = cols.col("Funded content status")
    not_funded = ", ".join(literal(v) for v in NOT_FUNDED)
    return f"coalesce(lower(trim({status})), '') NOT IN ('', {not_funded})"


def parse_sql(cols: Columns, layout: Layout, timezone: str, date_format: DateFormat = MONTH_FIRST) -> str:
    post_id, published = cols.col("Post ID"), cols.col("Publish time")
    # An .xlsx saved by Excel holds a date cell instead of Meta's text: excel_ts reads it.
    parsed = f"coalesce(try_strptime(trim({published}), {literal(date_format.strptime)}), excel_ts({published}))"
    published_at = f"local_ts({parsed}, {literal(timezone)})"
    text = ", ".join(f"blank({cols.opt(c)})" for c in layout.captions)
    metrics, checks = _metrics(cols, layout)
    account, owner = cols.opt(layout.account), cols.col(layout.required[1])  # Page ID, Account ID
    # The Page's own link names the Page (by name or id): it stays; anyone else's handle in it does not.
    own = f"[lower(trim({account})), lower(trim({owner}))]"
    return f"""
        SELECT {literal(layout.platform)} AS platform, blank({post_id}) AS post_id,
               blank({account}) AS account, {published_at} AS published_at,
               redact_text(coalesce({text})) AS text,
               redact_url(blank({cols.opt("Permalink")}), {own}) AS url, blank({cols.opt("Post type")}) AS post_type,
               NULL::VARCHAR AS in_reply_to_id, {_is_paid(cols)} AS is_paid, {", ".join(metrics)}, _line, 1 AS _rows,
               CASE WHEN blank({post_id}) IS NULL THEN {literal(cols.label("Post ID") + " is empty")}
                    WHEN {published_at} IS NULL
                    THEN {literal(f"{cols.label('Publish time')} is not {date_format.shown}")}
                    {" ".join(checks)}
               END AS _reason
        FROM raw"""


class _MetaPosts(Adapter):
    table = "posts"
    layout: Layout

    def detect(self, probe: Probe) -> bool:
        return find_header(probe, self.layout.required) is not None

    def load(self, ctx: LoadContext, probe: Probe) -> Loaded:
        found = find_header(probe, self.layout.required)
        if found is None:
            raise ExportError(ctx.file, f"no header row with {', '.join(self.layout.required)} found")
        index, header = found
        cols = Columns(read_csv(ctx, probe, header_index=index), header)
        date_format = publish_format(ctx.con, cols.col("Publish time"), cols.locale)
        sql = parse_sql(cols, self.layout, ctx.config.timezone, date_format)
        ctx.stage("posts", sql, raw=cols.csv.raw_expr(), time_label=cols.label("Publish time"))
        return Loaded(
            rows_read=cols.csv.records, locale=cols.locale, unknown_columns=cols.unknown_columns(self.known_columns)
        )


class MetaFacebookPosts(_MetaPosts):
    name = "meta_facebook_posts"
    title = "Meta Business Suite: Facebook posts (CSV)"
    layout = FACEBOOK
    signature = (
        "Post ID",
        "Page ID",
        "Page name",
        "Title",
        "Description",
        "Publish time",
        "Permalink",
        "Post type",
        "Views",
        "Reach",
        "Reactions",
        "Comments",
        "Shares",
        "Total clicks",
    )
    ignored = (
        "Duration (sec)",
        "Caption type",
        "Is crosspost",
        "Is share",
        "Languages",
        "Custom labels",
        "Data comment",
        "Date",
        "Reactions, Comments and Shares",
        "Other Clicks",
        "Link Clicks",
        "Matched Audience Targeting Consumption (Photo Click)",
        "Seconds viewed",
        "Average Seconds viewed",
        "Estimated earnings (USD)",
        "Ad impressions",
        "Ad CPM (USD)",
    )


class MetaInstagramPosts(_MetaPosts):
    name = "meta_instagram_posts"
    title = "Meta Business Suite: Instagram posts (CSV)"
    layout = INSTAGRAM
    signature = (
        "Post ID",
        "Account ID",
        "Account username",
        "Account name",
        "Description",
        "Publish time",
        "Permalink",
        "Post type",
        "Views",
        "Reach",
        "Likes",
        "Shares",
        "Comments",
        "Saves",
    )
    ignored = (
        "Duration (sec)",
        "Data comment",
        "Date",
        "Follows",
        "Profile visits",
        "Replies",
        "Navigation",
        "Sticker taps",
        "Link clicks",
    )
