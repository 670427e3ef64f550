"""LinkedIn Company Page analytics downloads (Excel: ``.xls`` before ~2024, ``.xlsx`` since; any CSV copy too).

Layouts (docs: shared/reference/export-formats.md §3 [PARSER]; no real file was available. Sheet and column names
agree across public pandas scripts and an xlrd importer reading the three downloads, which name the id URNs and read
row 1 as a notice line above the header; the followers sheet is read with its header on row 1):

- Content file (``<page>_content_<ms>.xlsx``, older ``<page>_updates_<ms>.xls``): a daily sheet
  ``Update metrics (aggregated)`` (``Date, Impressions (organic), …, Reposts (total)/Shares (total), …``) and a
  per-post sheet, newer ``All posts``: ``Post title, Post link, Post type, Campaign name, Posted by, Created date,
  Campaign start date, Campaign end date, Audience, Impressions, Views, Clicks, Click through rate (CTR), Likes,
  Comments, Reposts, Follows, Engagement rate, Content Type``; older ``Update engagement``: ``Update title,
  Update link, Update type, …, Video views, …, Shares, …`` (no ``Content Type``). Row 1 is a title, row 2 the header
  [UNSURE: the title's wording; the header is found by its names wherever it is].
- Followers file: sheet ``New followers``: ``Date, Sponsored followers, Organic followers, (Auto-invited followers),
  Total followers``, one row per day; then demographic sheets (``Location``, ``Job function``, …).
- ``Created date`` and ``Date`` are ``MM/DD/YYYY`` text or Excel date cells (``YYYY-MM-DD 00:00:00`` once read, see
  sheetfile.py), a day without a time: read as midnight in the config's ``timezone``.

``linkedin_posts`` (per-post sheet -> ``posts``, platform ``linkedin``):
- ``post_id`` is the URN in ``Post link``/``Update link`` (``urn:li:activity:<n>``, ``urn:li:share:<n>`` or
  ``urn:li:ugcPost:<n>``, also found in ``/posts/…-activity-<n>-…`` links). Without one it falls back, as §3 says, to
  ``Created date`` + title: ``md5:<md5 of 'YYYY-MM-DD|title'>``; a row with neither is rejected.
- ``text`` is ``Post title``/``Update title`` (LinkedIn puts the post's text there), redacted; ``post_type`` is
  ``Content Type``; ``is_paid`` is ``Post type``/``Update type`` = Sponsored (false for Organic, NULL otherwise).
  [UNSURE] whether the older ``Update type`` holds Organic/Sponsored like ``Post type`` (its place in the header
  says so) or a content type: a value that is neither Organic nor Sponsored is kept as ``post_type`` instead.
- ``likes`` ← ``Likes``, ``shares`` ← ``Reposts`` (newer) or ``Shares`` (older), ``video_views`` ← ``Views`` or
  ``Video views`` [UNSURE: whether newer ``Views`` counts only video], ``impressions``, ``clicks``, ``comments``.
- ``account`` is the config's first LinkedIn handle (the file names no page). ``Posted by`` is the admin who posted,
  a person: never read, hashed in ``rejects.raw``.

``linkedin_followers`` (``New followers`` -> ``followers_daily``): ``followers_gained`` is ``Total followers``,
which despite its name is the day's new followers (sponsored + organic + auto-invited; public scripts sum it to get
growth); ``followers`` is NULL, since the file has no running total. ``account`` as for posts: the file must be
loaded with a LinkedIn handle in the config. The demographic sheets are not loaded.

The daily sheet ``Update metrics (aggregated)`` is not loaded (decision): it holds page-wide totals per day, while the
contract has no table for page-level daily content metrics, and its figures are the per-post rows' summed by day of
activity rather than by post. The content workbook is loaded through its per-post sheet; ``rows_read`` counts that
sheet's records only. A workbook holding only the daily sheet, and the visitors file (``Visitor metrics``, page views
and visitor demographics), are listed as skipped with their reason (``skip_reason``), never failed or loaded in part.
"""

from __future__ import annotations

from pipeline.errors import ExportError
from pipeline.escape import literal
from pipeline.sources.base import Adapter, LoadContext, Loaded
from pipeline.sources.csvfile import CsvTable, read_csv
from pipeline.sources.probe import Probe
from pipeline.warehouse.macros import count_check

DAY_FORMATS = "['%m/%d/%Y', '%Y-%m-%d']"  # as LinkedIn writes a day; an Excel date cell is read by excel_ts
URN = r"(activity|share|ugcPost)[:-]([0-9]{6,})"
POST_SHEETS = ("all posts", "update engagement")
NEWER = ("Post title", "Post link", "Created date")
OLDER = ("Update title", "Update link", "Created date")
FOLLOWERS = ("Date", "Total followers")
PAID = "('organic', 'sponsored')"
METRICS: dict[str, tuple[str, ...]] = {
    "impressions": ("Impressions",),
    "clicks": ("Clicks",),
    "likes": ("Likes", "Reactions"),
    "comments": ("Comments",),
    "shares": ("Reposts", "Shares"),
    "video_views": ("Views", "Video views"),
}


def _day(expr: str) -> str:
    return f"coalesce(try_strptime(trim({expr}), {DAY_FORMATS}), excel_ts({expr}))"


def _account(ctx: LoadContext, what: str) -> str | None:
    handles = [h.strip().lstrip("@") for h in ctx.config.brand.handles.get("linkedin", ()) if h.strip().lstrip("@")]
    if handles:
        return handles[0]
    if what == "followers":
        raise ExportError(
            ctx.file,
            "is the LinkedIn followers file, but the config lists no LinkedIn page; add it under "
            "brand.handles.linkedin",
        )
    return None


def skip_reason(probe: Probe) -> str | None:
    """Known LinkedIn downloads (or their sheets) that hold nothing social-health loads."""
    if probe.find_header({"Date", "Total page views (total)"}) is not None:
        return "LinkedIn visitors file: page views and visitor demographics are not used by social-health"
    has_posts = any(s.strip().lower() in POST_SHEETS for s in probe.sheets)
    if probe.find_header({"Date", "Impressions (total)"}) is not None and not has_posts:
        return (
            "LinkedIn daily content totals (Update metrics (aggregated)) without the per-post sheet: page-wide "
            "daily totals are not loaded; download the content file with its All posts sheet"
        )
    return None


def _metrics(csv: CsvTable) -> tuple[list[str], list[str]]:
    """The metric SELECT items, and the reject checks for the metric columns the file has."""
    items, checks = [], []
    for column, names in METRICS.items():
        present = [(name, csv.col(name)) for name in names if csv.has(name)]
        values = [f"as_count({q})" for _, q in present]
        value = f"coalesce({', '.join(values)})" if len(values) > 1 else values[0] if values else "NULL::BIGINT"
        items.append(f"{value} AS {column}")
        checks += [count_check(q, name) for name, q in present]
    return items, checks


def posts_sql(csv: CsvTable, timezone: str) -> str:
    link_name = "Post link" if csv.has("Post link") else "Update link"
    link, created = csv.col("Post link", "Update link"), csv.col("Created date")
    title, kind = csv.col("Post title", "Update title"), csv.opt("Post type", "Update type")
    metrics, checks = _metrics(csv)
    urn = (
        f"CASE WHEN regexp_matches({link}, '{URN}') THEN 'urn:li:' || regexp_extract({link}, '{URN}', 1) || ':'"
        f" || regexp_extract({link}, '{URN}', 2) END"
    )
    fallback = f"'md5:' || md5(strftime(_day, '%Y-%m-%d') || '|' || trim({title}))"
    return f"""
        SELECT 'linkedin' AS platform, _post_id AS post_id, $account AS account,
               local_ts(_day, {literal(timezone)}) AS published_at, redact_text(blank({title})) AS text,
               redact_url(blank({link}), [lower($account)]) AS url,
               coalesce(blank({csv.opt("Content Type")}),
                        CASE WHEN lower(trim({kind})) NOT IN {PAID} THEN blank({kind}) END) AS post_type,
               NULL::VARCHAR AS in_reply_to_id,
               CASE lower(trim({kind})) WHEN 'sponsored' THEN true WHEN 'organic' THEN false END AS is_paid,
               {", ".join(metrics)}, NULL::BIGINT AS reach, NULL::BIGINT AS saves, _line, 1 AS _rows,
               CASE WHEN _day IS NULL THEN 'Created date is not MM/DD/YYYY'
                    WHEN _post_id IS NULL THEN {literal(link_name)} || ' holds no post URN'
                        || ' (urn:li:activity:<id>) and the title is empty'
                    {" ".join(checks)}
               END AS _reason
        FROM (SELECT *, coalesce({urn}, CASE WHEN blank({title}) IS NOT NULL THEN {fallback} END) AS _post_id
              FROM (SELECT *, {_day(created)} AS _day FROM raw))"""


def followers_sql(csv: CsvTable) -> str:
    date, total = csv.col("Date"), csv.col("Total followers")
    return f"""
        SELECT 'linkedin' AS platform, $account AS account, CAST(_day AS DATE) AS date, NULL::BIGINT AS followers,
               as_count({total}) AS followers_gained, _line, 1 AS _rows,
               CASE WHEN _day IS NULL THEN 'Date is not MM/DD/YYYY'
                    {count_check(total, "Total followers")}
               END AS _reason
        FROM (SELECT *, {_day(date)} AS _day FROM raw)"""


def _posts_header(probe: Probe) -> int | None:
    for required in (NEWER, OLDER):
        index = probe.find_header(set(required))
        if index is not None:
            return index
    return None


def _followers_header(probe: Probe) -> int | None:
    index = probe.find_header(set(FOLLOWERS))
    if index is None:
        return None
    cells = {c.lower() for c in probe.header_at(index)}
    return index if cells & {"organic followers", "sponsored followers"} else None


class LinkedinPosts(Adapter):
    name = "linkedin_posts"
    table = "posts"
    title = "LinkedIn page analytics: content file, per-post sheet (Excel)"
    signature = (
        "Post title",
        "Post link",
        "Post type",
        "Posted by",
        "Created date",
        "Impressions",
        "Views",
        "Clicks",
        "Likes",
        "Comments",
        "Reposts",
        "Content Type",
    )
    ignored = (
        "Update title",
        "Update link",
        "Update type",
        "Video views",
        "Shares",
        "Campaign name",
        "Campaign start date",
        "Campaign end date",
        "Audience",
        "Click through rate (CTR)",
        "Follows",
        "Engagement rate",
        "Offsite views",
    )

    def detect(self, probe: Probe) -> bool:
        return _posts_header(probe) is not None

    def load(self, ctx: LoadContext, probe: Probe) -> Loaded:
        index = _posts_header(probe)
        if index is None:
            raise ExportError(ctx.file, f"no header row with {', '.join(NEWER)} found")
        csv = read_csv(ctx, probe, header_index=index)
        sql = posts_sql(csv, ctx.config.timezone)
        ctx.stage(
            "posts",
            sql,
            {"account": _account(ctx, "posts")},
            raw=csv.raw_expr(people=("Posted by",)),
            time_label="Created date",
        )
        return Loaded(rows_read=csv.records, unknown_columns=csv.unknown_columns(self.known_columns))


class LinkedinFollowers(Adapter):
    name = "linkedin_followers"
    table = "followers_daily"
    title = "LinkedIn page analytics: followers file, New followers sheet (Excel)"
    signature = ("Date", "Sponsored followers", "Organic followers", "Total followers")
    ignored = ("Auto-invited followers",)

    def detect(self, probe: Probe) -> bool:
        return _followers_header(probe) is not None

    def load(self, ctx: LoadContext, probe: Probe) -> Loaded:
        index = _followers_header(probe)
        if index is None:
            raise ExportError(ctx.file, f"no header row with {', '.join(FOLLOWERS)} found")
        account = _account(ctx, "followers")
        csv = read_csv(ctx, probe, header_index=index)
        ctx.stage("followers_daily", followers_sql(csv), {"account": account}, raw=csv.raw_expr(), time_label="Date")
        return Loaded(rows_read=csv.records, unknown_columns=csv.unknown_columns(self.known_columns))
