"""Meta Business Suite "Content" exports, one row per post: Facebook Page posts and Instagram posts (CSV).

Layout (docs: shared/reference/export-formats.md §2a Facebook [PARSER, strong] and §2b Instagram [PARSER]; no real
download was available, the headers come from public parsers and a test fixture "with the same columns and quoting as
Meta's per-post exports"): UTF-8 with a BOM, only values with spaces or commas quoted, captions spanning lines.

- Facebook: ``"Post ID","Page ID","Page name",Title,Description,…,"Publish time",…,Permalink,…,"Post type",…,
  "Funded content status",…,Views,Reach,…,Reactions,Comments,Shares,"Total clicks",…``
- Instagram: ``"Post ID","Account ID","Account username","Account name",Description,…,"Publish time",Permalink,
  "Post type",…,Views,Reach,Likes,Shares,Follows,Comments,Saves``

``Publish time`` is ``MM/DD/YYYY HH:MM`` without an offset: local time in the config's timezone (Meta's zone is
UNSURE, probably the Page's). The column set follows the metrics ticked in Business Suite and header capitalisation
drifts, so every metric is optional (NULL when absent) and headers match case-insensitively. ``impressions`` is
``Impressions``, else ``Views`` (which replaced it); ``video_views`` is ``3-Second Video Views``; Instagram has no
clicks. ``is_paid``: NULL without a ``Funded content status`` column; false when it is empty or says not funded; true
for any other value (the real values are UNSURE: the files seen leave it empty).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.errors import ExportError
from pipeline.sources.base import Adapter, LoadContext, Loaded
from pipeline.sources.csvfile import CsvTable, read_csv
from pipeline.sources.probe import Probe

METRICS = ("impressions", "reach", "likes", "comments", "shares", "saves", "clicks", "video_views")
NOT_FUNDED = ("n/a", "-", "--", "not funded", "not boosted", "none", "no")


@dataclass(frozen=True)
class Layout:
    platform: str
    required: tuple[str, ...]  # the header names that identify the export
    account: str  # the brand's Page name or username: may stay in clear
    captions: tuple[str, ...]  # the first non-empty one is the post's text
    metrics: dict[str, tuple[str, ...]]  # contract column -> export columns, the first present and non-empty wins


SHARED = {
    "impressions": ("Impressions", "Views"),
    "reach": ("Reach",),
    "comments": ("Comments",),
    "shares": ("Shares",),
    "video_views": ("3-Second Video Views",),
}
FACEBOOK = Layout(
    "facebook",
    ("Post ID", "Page ID", "Publish time"),
    "Page name",
    ("Title", "Description"),
    {**SHARED, "likes": ("Reactions",), "clicks": ("Total clicks",)},
)
INSTAGRAM = Layout(
    "instagram",
    ("Post ID", "Account ID", "Account username", "Publish time"),
    "Account username",
    ("Description",),
    {**SHARED, "likes": ("Likes",), "saves": ("Saves",)},
)


def _esc(text: str) -> str:
    return text.replace("'", "''")


def _lit(text: str) -> str:
    return f"'{_esc(text)}'"


def _quoted_value(expr: str) -> str:
    """SQL for ``'<value>'`` inside a reason."""
    return f"''' || coalesce(trim({expr}), '') || '''"


def _metrics(csv: CsvTable, layout: Layout) -> tuple[list[str], list[str]]:
    """The metric SELECT items, and the reject checks for the metric columns the file has."""
    items, checks = [], []
    for column in METRICS:
        present = [(name, csv.col(name)) for name in layout.metrics.get(column, ()) if csv.has(name)]
        values = [f"whole({q})" for _, q in present]
        value = values[0] if len(values) == 1 else f"coalesce({', '.join(values)})" if values else "NULL::BIGINT"
        items.append(f"{value} AS {column}")
        checks += [f"WHEN bad_num({q}) THEN '{_esc(name)} {_quoted_value(q)} is not a number'" for name, q in present]
    return items, checks


def _is_paid(csv: CsvTable) -> str:
    if not csv.has("Funded content status"):
        return "NULL::BOOLEAN"
    status = csv.col("Funded content status")
    not_funded = ", ".join(_lit(v) for v in NOT_FUNDED)
    return f"coalesce(lower(trim({status})), '') NOT IN ('', {not_funded})"


def parse_sql(csv: CsvTable, layout: Layout, timezone: str) -> str:
    post_id, published = csv.col("Post ID"), csv.col("Publish time")
    published_at = f"local_ts(try_strptime(trim({published}), '%m/%d/%Y %H:%M'), {_lit(timezone)})"
    text = ", ".join(f"blank({csv.opt(c)})" for c in layout.captions)
    metrics, checks = _metrics(csv, layout)
    return f"""
        SELECT {_lit(layout.platform)} AS platform, blank({post_id}) AS post_id,
               blank({csv.opt(layout.account)}) AS account, {published_at} AS published_at,
               redact_text(coalesce({text})) AS text,
               blank({csv.opt("Permalink")}) AS url, blank({csv.opt("Post type")}) AS post_type,
               NULL::VARCHAR AS in_reply_to_id, {_is_paid(csv)} AS is_paid, {", ".join(metrics)}, _line, 1 AS _rows,
               CASE WHEN blank({post_id}) IS NULL THEN 'Post ID is empty'
                    WHEN {published_at} IS NULL THEN 'Publish time {_quoted_value(published)} is not MM/DD/YYYY HH:MM'
                    {" ".join(checks)}
               END AS _reason,
               {csv.raw_expr()} AS _raw
        FROM raw"""


class _MetaPosts(Adapter):
    table = "posts"
    layout: Layout

    def detect(self, probe: Probe) -> bool:
        return probe.find_header(set(self.layout.required)) is not None

    def load(self, ctx: LoadContext, probe: Probe) -> Loaded:
        index = probe.find_header(set(self.layout.required))
        if index is None:
            raise ExportError(ctx.file, f"no header row with {', '.join(self.layout.required)} found")
        csv = read_csv(ctx, probe, header_index=index)
        ctx.stage("posts", parse_sql(csv, self.layout, ctx.config.timezone))
        return Loaded(rows_read=csv.records, unknown_columns=csv.unknown_columns(self.known_columns))


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
    ignored = ("Duration (sec)", "Caption type", "Is crosspost", "Is share", "Languages", "Custom labels",
               "Data comment", "Date", "Reactions, Comments and Shares", "Other Clicks", "Link Clicks",
               "Matched Audience Targeting Consumption (Photo Click)", "Seconds viewed", "Average Seconds viewed",
               "Estimated earnings (USD)", "Ad impressions", "Ad CPM (USD)")


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
    ignored = ("Duration (sec)", "Data comment", "Date", "Follows", "Profile visits", "Replies", "Navigation",
               "Sticker taps", "Link clicks")
