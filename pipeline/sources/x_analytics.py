"""X (Twitter) analytics CSVs: the legacy "tweet activity" download, the X Premium "Content" and "Overview" downloads.

Layouts (docs: shared/reference/export-formats.md §1b and §1c):

- ``x_tweet_activity`` [REAL: ``scctsi/trial-promoter-app :
  spec/fixtures/tweet_activity_metrics_TCORSStgOrg_20170401_20170408_en.csv``; the 2015 variant in the same repo's
  ``spec/lib/metric_file_parser_spec.rb``]: analytics.twitter.com before ~2023. Every field double-quoted, LF, no BOM:
  ``"Tweet id","Tweet permalink","Tweet text","time","impressions","engagements",…,"media views",…,
  "promoted impressions",…``. ``time`` is ``2017-04-04 00:00 +0000`` (UTC, minute precision), counts are floats
  (``"29.0"``), every ``promoted *`` column is ``"-"`` when the tweet was not promoted, and 2015 files say
  ``favorites`` / ``promoted favorites`` for ``likes`` / ``promoted likes``.
- ``x_content_analytics`` [PARSER, strong: the X web bundle's column list and a test built from a real download]:
  ``account_analytics_content_<from>_<to>.csv``, header ``Post id,Date,Post text,Post Link,Impressions,Likes,
  Engagements,Bookmarks,Shares,New follows,Replies,Reposts,Profile visits,Detail Expands,URL Clicks,Hashtag Clicks,
  Permalink Clicks``, only values with commas quoted. ``Date`` is a day only (``"Tue, Jul 14, 2026"``).
- ``x_account_overview`` [PARSER; column order UNSURE, public fixtures differ]: ``account_overview_analytics*.csv``,
  one row per day for the account: ``Date,Impressions,Engagements,Likes,Replies,Reposts,New follows,Unfollows,
  Bookmarks,Shares,Profile visits,Create Post,Video views,Media views``.

Choices:
- A post's time comes from its id: X ids are snowflakes, ``ms_utc = (id >> 22) + 1288834974657``. It is cut to the
  second, the precision of the archive's ``created_at``, so the same tweet gets the same ``published_at`` from every
  source (x_archive, this module). In the legacy file the snowflake is used only when it falls in the minute ``time``
  states, else ``time`` is kept as written. In the content file a ``Date`` more than a day away from the snowflake's
  UTC day rejects the row (``Date`` is probably the viewer's local day, hence the day of slack).
- ``url`` is ``https://x.com/i/status/<id>``, the handle-free form x_archive and ``redact_url`` write. ``account`` is
  the handle in the permalink when the config lists it as a brand handle, else its ``person_id`` (never a clear name).
- ``post_type``: ``reply`` when the text starts with ``@``, ``repost`` when it starts with ``RT @``, else ``post``;
  ``in_reply_to_id`` is not in these files (NULL; the archive fills it in at the merge).
- Legacy ``is_paid``: true when ``promoted impressions`` is a number above 0, false when it is ``-`` or 0. The content
  file does not say (NULL).
- Counts follow the shared rule (warehouse/macros.py): whole numbers of 0 or more, possibly with thousands commas
  (``"1,234"``) or a zero fraction (the legacy file's ``"29.0"``); anything else (``1.234``, a localised separator,
  ``-5``, ``NaN``) is rejected rather than misread.
- Overview rows feed ``followers_daily`` for the config's first X handle: ``followers`` is NULL (the file has no
  total), ``followers_gained`` is ``New follows - Unfollows`` (``New follows`` alone when ``Unfollows`` is absent).
- Localised headers (the X UI's language, e.g. Spanish) are UNSURE and not recognised: such a file is reported as
  unknown with the nearest formats.
"""

from __future__ import annotations

from pipeline.errors import ExportError
from pipeline.sources.base import Adapter, LoadContext, Loaded
from pipeline.sources.csvfile import CsvTable, read_csv
from pipeline.sources.probe import Probe
from pipeline.warehouse.macros import count_check

SNOWFLAKE_EPOCH_MS = 1288834974657
LEGACY_TIME = "%Y-%m-%d %H:%M %z"
DAY_FORMATS = ("%a, %b %d, %Y", "%Y-%m-%d")  # "Tue, Jul 14, 2026"; some public fixtures write ISO days

LEGACY_REQUIRED = ("Tweet id", "Tweet permalink", "time", "impressions")
CONTENT_REQUIRED = ("Post id", "Date", "Post text", "Impressions")
OVERVIEW_REQUIRED = ("Date", "Impressions", "New follows")

LEGACY_METRICS: dict[str, tuple[str, ...]] = {
    "impressions": ("impressions",),
    "likes": ("likes", "favorites"),
    "comments": ("replies",),
    "shares": ("retweets",),
    "clicks": ("url clicks",),
    "video_views": ("media views",),
}
CONTENT_METRICS: dict[str, tuple[str, ...]] = {
    "impressions": ("Impressions",),
    "likes": ("Likes",),
    "comments": ("Replies",),
    "shares": ("Reposts",),
    "saves": ("Bookmarks",),
    "clicks": ("URL Clicks",),
}
POST_METRICS = ("impressions", "reach", "likes", "comments", "shares", "saves", "clicks", "video_views")


def _day(expr: str) -> str:
    parsed = ", ".join(f"try_strptime(trim({expr}), '{f}')" for f in DAY_FORMATS)
    return f"CAST(coalesce({parsed}) AS DATE)"


def _snowflake_utc(id_expr: str) -> str:
    """The UTC time (naive TIMESTAMP, to the second) encoded in a post id; NULL when the id is not a number."""
    return f"date_trunc('second', epoch_ms((try_cast({id_expr} AS BIGINT) >> 22) + {SNOWFLAKE_EPOCH_MS}))"


def _id_problem(name: str, expr: str) -> str:
    """CASE branches rejecting an empty or non-numeric post id (Excel turns ids into 1.812E+18)."""
    return (
        f"WHEN blank({expr}) IS NULL THEN '{name} is empty' "
        f"WHEN NOT regexp_full_match(trim({expr}), '[0-9]{{1,19}}') OR try_cast(trim({expr}) AS BIGINT) IS NULL "
        f"THEN '{name} is not a post id (digits only; a spreadsheet may have rounded it)'"
    )


def _account(csv: CsvTable, link_column: str) -> str:
    """The brand handle in the permalink; any other handle only as its pseudonym."""
    handle = (
        f"nullif(nullif(regexp_extract({csv.opt(link_column)}, '(?:twitter|x)\\.com/([A-Za-z0-9_]+)/status', 1), ''),"
        " 'i')"
    )
    return f"CASE WHEN author_role({handle}) = 'brand' THEN {handle} ELSE person_id({handle}) END"


def _post_type(text: str) -> str:
    return (
        f"CASE WHEN {text} IS NULL THEN NULL WHEN starts_with(ltrim({text}), 'RT @') THEN 'repost'"
        f" WHEN starts_with(ltrim({text}), '@') THEN 'reply' ELSE 'post' END"
    )


def _metrics(csv: CsvTable, mapping: dict[str, tuple[str, ...]]) -> tuple[str, str]:
    """The posts metric SELECT items (NULL for those the layout lacks) and the reject branches for them."""
    items, checks = [], []
    for column in POST_METRICS:
        names = [n for n in mapping.get(column, ()) if csv.has(n)]
        if not names:
            items.append(f"NULL::BIGINT AS {column}")
            continue
        expr = csv.col(names[0])
        items.append(f"as_count({expr}) AS {column}")
        checks.append(count_check(expr, names[0]))
    return ", ".join(items), " ".join(checks)


def legacy_sql(csv: CsvTable) -> str:
    post_id, time, text = csv.col("Tweet id"), csv.col("time"), csv.opt("Tweet text")
    promoted = csv.opt("promoted impressions")
    metrics, checks = _metrics(csv, LEGACY_METRICS)
    is_paid = "NULL::BOOLEAN"
    if csv.has("promoted impressions"):  # "-" when not promoted
        is_paid = f"coalesce(as_count({promoted}) > 0, false)"
        checks += " " + count_check(promoted, "promoted impressions")
    return f"""
        SELECT 'x' AS platform, trim({post_id}) AS post_id, {_account(csv, "Tweet permalink")} AS account,
               CASE WHEN timezone('UTC', date_trunc('minute', _snowflake)) = _time THEN timezone('UTC', _snowflake)
                    ELSE _time END AS published_at,
               redact_text({text}) AS text, 'https://x.com/i/status/' || trim({post_id}) AS url,
               {_post_type(text)} AS post_type, NULL::VARCHAR AS in_reply_to_id, {is_paid} AS is_paid, {metrics},
               _line, 1 AS _rows,
               CASE {_id_problem("Tweet id", post_id)}
                    WHEN _time IS NULL THEN 'time is not like ''2017-04-04 00:00 +0000'''
                    {checks}
               END AS _reason
        FROM (SELECT *, try_strptime(trim({time}), '{LEGACY_TIME}') AS _time, {_snowflake_utc(post_id)} AS _snowflake
              FROM raw)"""


def content_sql(csv: CsvTable) -> str:
    post_id, day, text = csv.col("Post id"), csv.col("Date"), csv.col("Post text")
    metrics, checks = _metrics(csv, CONTENT_METRICS)
    return f"""
        SELECT 'x' AS platform, trim({post_id}) AS post_id, {_account(csv, "Post Link")} AS account,
               timezone('UTC', _snowflake) AS published_at, redact_text({text}) AS text,
               'https://x.com/i/status/' || trim({post_id}) AS url, {_post_type(text)} AS post_type,
               NULL::VARCHAR AS in_reply_to_id, NULL::BOOLEAN AS is_paid, {metrics}, _line, 1 AS _rows,
               CASE {_id_problem("Post id", post_id)}
                    WHEN _day IS NULL THEN 'Date is not like ''Tue, Jul 14, 2026'''
                    WHEN abs(date_diff('day', _day, CAST(_snowflake AS DATE))) > 1
                        THEN 'Date is more than a day away from the time in Post id ('
                             || strftime(_snowflake, '%Y-%m-%d %H:%M:%S') || ' UTC)'
                    {checks}
               END AS _reason
        FROM (SELECT *, {_day(day)} AS _day, {_snowflake_utc(post_id)} AS _snowflake FROM raw)"""


def overview_sql(csv: CsvTable) -> str:
    day, follows, unfollows = csv.col("Date"), csv.col("New follows"), csv.opt("Unfollows")
    gained = (
        f"as_count({follows}) - coalesce(as_count({unfollows}), 0)" if csv.has("Unfollows") else f"as_count({follows})"
    )
    checks = count_check(follows, "New follows")
    if csv.has("Unfollows"):
        checks += " " + count_check(unfollows, "Unfollows")
    return f"""
        SELECT 'x' AS platform, $account::VARCHAR AS account, {_day(day)} AS date, NULL::BIGINT AS followers,
               {gained} AS followers_gained, _line, 1 AS _rows,
               CASE WHEN {_day(day)} IS NULL THEN 'Date is not like ''Fri, Apr 26, 2024'''
                    {checks}
               END AS _reason
        FROM raw"""


def _header_index(probe: Probe, required: tuple[str, ...], exclude: tuple[str, ...] = ()) -> int | None:
    index = probe.find_header(set(required))
    if index is None:
        return None
    cells = {c.lower() for c in probe.header_at(index)}
    return None if cells & {e.lower() for e in exclude} else index


class _XCsv(Adapter):
    required: tuple[str, ...]
    exclude: tuple[str, ...] = ()

    def detect(self, probe: Probe) -> bool:
        return _header_index(probe, self.required, self.exclude) is not None

    def read(self, ctx: LoadContext, probe: Probe) -> CsvTable:
        index = _header_index(probe, self.required, self.exclude)
        if index is None:
            raise ExportError(ctx.file, f"no header row with {', '.join(self.required)} found")
        return read_csv(ctx, probe, header_index=index)


class XTweetActivity(_XCsv):
    name = "x_tweet_activity"
    table = "posts"
    title = "X (Twitter) Analytics: tweet activity (legacy CSV)"
    required = LEGACY_REQUIRED
    signature = (
        "Tweet id",
        "Tweet permalink",
        "Tweet text",
        "time",
        "impressions",
        "retweets",
        "replies",
        "likes",
        "url clicks",
        "media views",
        "promoted impressions",
    )
    ignored = (
        "engagements",
        "engagement rate",
        "user profile clicks",
        "hashtag clicks",
        "detail expands",
        "permalink clicks",
        "app opens",
        "app installs",
        "follows",
        "email tweet",
        "dial phone",
        "media engagements",
        "promoted engagements",
        "promoted engagement rate",
        "promoted retweets",
        "promoted replies",
        "promoted likes",
        "promoted favorites",
        "promoted user profile clicks",
        "promoted url clicks",
        "promoted hashtag clicks",
        "promoted detail expands",
        "promoted permalink clicks",
        "promoted app opens",
        "promoted app installs",
        "promoted follows",
        "promoted email tweet",
        "promoted dial phone",
        "promoted media views",
        "promoted media engagements",
    )

    def load(self, ctx: LoadContext, probe: Probe) -> Loaded:
        csv = self.read(ctx, probe)
        ctx.stage("posts", legacy_sql(csv), raw=csv.raw_expr(), time_label="time")
        return Loaded(rows_read=csv.records, unknown_columns=csv.unknown_columns(self.known_columns))


class XContentAnalytics(_XCsv):
    name = "x_content_analytics"
    table = "posts"
    title = "X Premium analytics: Content (account_analytics_content CSV)"
    required = CONTENT_REQUIRED
    signature = (
        "Post id",
        "Date",
        "Post text",
        "Post Link",
        "Impressions",
        "Likes",
        "Bookmarks",
        "Replies",
        "Reposts",
        "URL Clicks",
    )
    ignored = (
        "Engagements",
        "Shares",
        "New follows",
        "Profile visits",
        "Detail Expands",
        "Hashtag Clicks",
        "Permalink Clicks",
    )

    def load(self, ctx: LoadContext, probe: Probe) -> Loaded:
        csv = self.read(ctx, probe)
        ctx.stage("posts", content_sql(csv), raw=csv.raw_expr(), time_label="the time in Post id")
        return Loaded(rows_read=csv.records, unknown_columns=csv.unknown_columns(self.known_columns))


class XAccountOverview(_XCsv):
    name = "x_account_overview"
    table = "followers_daily"
    title = "X Premium analytics: account overview (account_overview_analytics CSV)"
    required = OVERVIEW_REQUIRED
    exclude = ("Post id", "Tweet id")  # the per-post files also have Date/Impressions/New follows
    signature = ("Date", "Impressions", "New follows", "Unfollows")
    ignored = (
        "Engagements",
        "Likes",
        "Replies",
        "Reposts",
        "Bookmarks",
        "Shares",
        "Profile visits",
        "Create Post",
        "Video views",
        "Media views",
    )

    def load(self, ctx: LoadContext, probe: Probe) -> Loaded:
        handles = [h.strip().lstrip("@") for h in ctx.config.brand.handles.get("x", ()) if h.strip().lstrip("@")]
        if not handles:
            raise ExportError(
                ctx.file,
                "is the X account overview, but the config lists no X handle; add it under brand.handles.x",
            )
        csv = self.read(ctx, probe)
        ctx.stage("followers_daily", overview_sql(csv), {"account": handles[0]}, raw=csv.raw_expr(), time_label="Date")
        return Loaded(rows_read=csv.records, unknown_columns=csv.unknown_columns(self.known_columns))
