"""Legacy Facebook Page Insights "Post level" data export (CSV, before Meta Business Suite), one row per post.

Layout (shared/reference/export-formats.md §2d [REAL]: the real download
``scctsi/trial-promoter-app : spec/fixtures/Facebook Insights Data Export (Post Level) - USC Clinical Trials -
2017-01-19.csv`` and the 2015 variant in that repository's ``spec/lib/metric_file_parser_spec.rb``): UTF-8 with a
BOM and TWO header rows, the names, then a description of each column (blank for the first 8)::

    "Post ID",Permalink,"Post Message",Type,Countries,Languages,Posted,"Audience Targeting",
    "Lifetime Post Total Reach",…,"Lifetime Organic Video Views","Lifetime Organic Video Views",…  (42 in 2017)
    ,,,,,,,,"Lifetime: The total number of people your Page post was served to. (Unique Users)",…

The description row is not a record: it is skipped, not counted. Some names come twice (``Lifetime Organic Video
Views``, ``… watches at 95%``, 2015: ``… views to 95%``): the description says the first counts events
``(Total Count)`` and the second people ``(Unique Users)``; the Total Count one is picked by its description, by
position when the description row is blank. 2015 exports stop after the video columns (34 columns).

- ``Post ID`` is ``<page id>_<post id>`` and is kept whole as ``post_id``. Meta Business Suite's current export
  (§2a, ``meta_facebook_posts``) writes the post id alone with the page in ``Page ID``, so the same post does NOT
  join across the two formats by ``post_id``; ``split_part(post_id, '_', 2)`` is the likely match [UNSURE, §2d].
  An id that is not ``digits_digits`` (a spreadsheet rounded it to ``1.00044E+14``) is rejected.
- ``Posted`` is ``01/19/2017 09:03:47 AM`` (2017) or ``10/1/2015 21:00`` (2015), without an offset: local time in
  the config's timezone (Facebook's zone is UNSURE, probably the Page's or Pacific).
- Metrics, chosen by the description row's unit because the warehouse counts events: ``likes``/``comments``/
  ``shares`` are ``Lifetime Post Stories by action type - …`` (stories created, Total Count), else ``Lifetime Talking
  About This (Post) by action type - …`` (people, Unique Users); ``clicks`` is ``Lifetime Post Consumptions`` ("clicks
  anywhere in your post", Total Count), not ``Lifetime Post Consumers`` (the people who clicked); ``video_views`` is
  the Total Count ``Lifetime Organic Video Views`` plus ``Lifetime Paid Video Views`` (views of 3 seconds or more, as
  Meta's ``3-Second Video Views``); ``is_paid`` is ``Lifetime Post Paid Reach`` > 0. Every metric is optional (NULL
  when its column or cell is empty); a value that is not a number rejects the row.
- ``account``: the file has no Page name; it is the Page segment of the permalink
  (``facebook.com/<page>/posts/…``), else the page id from ``Post ID`` (an inference from the real permalinks).
- ``Audience Targeting`` holds a single space; it, ``Countries`` and ``Languages`` are not loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.errors import ExportError
from pipeline.escape import literal
from pipeline.sources.base import Adapter, LoadContext, Loaded
from pipeline.sources.csvfile import CsvTable, read_csv
from pipeline.sources.probe import Probe
from pipeline.warehouse.macros import count_check

NAME_ROW = ("Post ID", "Permalink", "Post Message", "Posted", "Lifetime Post Total Reach")
POSTED_FORMATS = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M")
LEADING_BLANKS = 8  # the description row is blank under Post ID … Audience Targeting
TOTAL_COUNT = "(Total Count)"
PAGE_IN_PERMALINK = r"^https?://[^/]*facebook\.com/([^/?#]+)/(posts|videos|photos)/"
# contract column -> export columns, the first one the file has wins (its unit stays the same on every row)
METRICS: dict[str, tuple[str, ...]] = {
    "impressions": ("Lifetime Post Total Impressions",),
    "reach": ("Lifetime Post Total Reach",),
    "likes": (
        "Lifetime Post Stories by action type - like",
        "Lifetime Talking About This (Post) by action type - like",
    ),
    "comments": (
        "Lifetime Post Stories by action type - comment",
        "Lifetime Talking About This (Post) by action type - comment",
    ),
    "shares": (
        "Lifetime Post Stories by action type - share",
        "Lifetime Talking About This (Post) by action type - share",
    ),
    "clicks": ("Lifetime Post Consumptions",),
}
VIDEO_VIEWS = ("Lifetime Organic Video Views", "Lifetime Paid Video Views")
PAID_REACH = "Lifetime Post Paid Reach"
ID_HINT = "use the file as downloaded, not one saved by a spreadsheet"  # Excel rounds ids to 1.00044E+14


def find_rows(probe: Probe) -> tuple[int, bool] | None:
    """(index of the name row, whether the description row follows it), or None when the file is not this format."""
    index = probe.find_header(set(NAME_ROW))
    if index is None:
        return None
    return index, is_description_row(probe.header_at(index + 1))


def is_description_row(cells: list[str]) -> bool:
    """Blank under the first 8 columns, text under the metrics (a data row always has a Post ID)."""
    return len(cells) > LEADING_BLANKS and not any(cells[:LEADING_BLANKS]) and any(cells[LEADING_BLANKS:])


@dataclass(frozen=True)
class Picked:
    label: str  # how a reason names the column
    sql: str  # the quoted column


def _total_count(csv: CsvTable, descriptions: list[str], name: str) -> Picked | None:
    """The column ``name`` that counts events: the one described ``(Total Count)``, else the first of that name."""
    positions = [i for i, h in enumerate(csv.header) if h.lower() == name.lower() or _is_repeat(h.lower(), name)]
    if not positions:
        return None
    described = [i for i in positions if i < len(descriptions) and descriptions[i].endswith(TOTAL_COUNT)]
    pick = (described or positions)[0]
    label = name + (f" {TOTAL_COUNT}" if len(positions) > 1 else "")
    return Picked(label, csv.col(csv.header[pick]))


def _is_repeat(header: str, name: str) -> bool:
    """csvfile names a repeated header ``Name (2)``, ``Name (3)``, …"""
    stem, _, suffix = header.rpartition(" (")
    return stem == name.lower() and suffix.rstrip(")").isdigit()


def _first_present(csv: CsvTable, names: tuple[str, ...]) -> Picked | None:
    for name in names:
        if csv.has(name):
            return Picked(name, csv.col(name))
    return None


def _metric_items(csv: CsvTable, descriptions: list[str]) -> tuple[list[str], list[Picked]]:
    """The SELECT items for the metric columns and is_paid, and the columns whose values must be numbers."""
    items, checked = [], []
    for column, names in METRICS.items():
        picked = _first_present(csv, names)
        items.append(f"{f'as_count({picked.sql})' if picked else 'NULL::BIGINT'} AS {column}")
        checked += [picked] if picked else []
    views = [p for p in (_total_count(csv, descriptions, n) for n in VIDEO_VIEWS) if p is not None]
    checked += views
    if views:
        wholes = [f"as_count({p.sql})" for p in views]
        total = " + ".join(f"coalesce({w}, 0)" for w in wholes)
        items.append(f"CASE WHEN coalesce({', '.join(wholes)}) IS NOT NULL THEN {total} END AS video_views")
    else:
        items.append("NULL::BIGINT AS video_views")
    paid = _first_present(csv, (PAID_REACH,))
    items.append(f"as_count({paid.sql}) > 0 AS is_paid" if paid else "NULL::BOOLEAN AS is_paid")
    checked += [paid] if paid else []
    return items, checked


def parse_sql(csv: CsvTable, descriptions: list[str], timezone: str) -> str:
    post_id, posted, permalink = csv.col("Post ID"), csv.col("Posted"), csv.col("Permalink")
    formats = "[" + ", ".join(literal(f) for f in POSTED_FORMATS) + "]"
    # An .xlsx saved by Excel holds a date cell instead of Facebook's text: excel_ts reads it.
    published_at = (
        f"local_ts(coalesce(try_strptime(trim({posted}), {formats}), excel_ts({posted})), {literal(timezone)})"
    )
    page = f"nullif(regexp_extract(trim({permalink}), {literal(PAGE_IN_PERMALINK)}, 1), '')"
    metrics, checked = _metric_items(csv, descriptions)
    checks = " ".join(count_check(p.sql, p.label) for p in checked)
    account = f"coalesce({page}, split_part(trim({post_id}), '_', 1))"
    return f"""
        SELECT 'facebook' AS platform, blank({post_id}) AS post_id,
               {account} AS account, {published_at} AS published_at,
               redact_text(blank({csv.col("Post Message")})) AS text,
               redact_url(blank({permalink}), [lower({account})]) AS url,
               blank({csv.opt("Type")}) AS post_type, NULL::VARCHAR AS in_reply_to_id, NULL::BIGINT AS saves,
               {", ".join(metrics)}, _line, 1 AS _rows,
               CASE WHEN blank({post_id}) IS NULL THEN 'Post ID is empty'
                    WHEN NOT regexp_full_match(trim({post_id}), '[0-9]+_[0-9]+')
                        THEN 'Post ID is not <page id>_<post id>: {ID_HINT}'
                    WHEN {published_at} IS NULL
                        THEN 'Posted is not MM/DD/YYYY hh:mm:ss AM/PM or MM/DD/YYYY HH:MM'
                    {checks}
               END AS _reason
        FROM raw"""


class FacebookInsightsLegacy(Adapter):
    name = "facebook_insights_legacy"
    table = "posts"
    title = "Facebook Page Insights: post-level data export, before Business Suite (CSV)"
    signature = (
        "Post ID",
        "Permalink",
        "Post Message",
        "Type",
        "Posted",
        "Lifetime Post Total Reach",
        "Lifetime Post Paid Reach",
        "Lifetime Post Total Impressions",
        "Lifetime Post Consumptions",
        "Lifetime Organic Video Views",
        "Lifetime Paid Video Views",
    )
    # The rest of the documented 2015 and 2017 layouts; a repeated name is read as "Name (2)".
    ignored = (
        "Countries",
        "Languages",
        "Audience Targeting",
        "Lifetime Post organic reach",
        "Lifetime Post Organic Impressions",
        "Lifetime Post Paid Impressions",
        "Lifetime Engaged Users",
        "Lifetime Post Consumers",
        "Lifetime Negative feedback",
        "Lifetime Negative Feedback from Users",
        "Lifetime Post Impressions by people who have liked your Page",
        "Lifetime Post reach by people who like your Page",
        "Lifetime Post Paid Impressions by people who have liked your Page",
        "Lifetime Paid reach of a post by people who like your Page",
        "Lifetime People who have liked your Page and engaged with your post",
        "Lifetime Average time video viewed",
        "Lifetime Organic watches at 95%",
        "Lifetime Organic watches at 95% (2)",
        "Lifetime Paid watches at 95%",
        "Lifetime Paid watches at 95% (2)",
        "Lifetime Organic views to 95%",
        "Lifetime Organic views to 95% (2)",
        "Lifetime Paid views to 95%",
        "Lifetime Paid views to 95% (2)",
        "Lifetime Video length",
        "Lifetime Organic Video Views (2)",
        "Lifetime Paid Video Views (2)",
        *METRICS["likes"],
        *METRICS["comments"],
        *METRICS["shares"],
        "Lifetime Post consumers by type - other clicks",
        "Lifetime Post Consumptions by type - other clicks",
    )

    def detect(self, probe: Probe) -> bool:
        found = find_rows(probe)
        return found is not None and found[1]

    def load(self, ctx: LoadContext, probe: Probe) -> Loaded:
        found = find_rows(probe)
        if found is None or not found[1]:
            names = ", ".join(NAME_ROW)
            raise ExportError(ctx.file, f"no header row with {names} followed by the column descriptions found")
        index = found[0]
        csv = read_csv(ctx, probe, header_index=index, skip_after_header=1)
        sql = parse_sql(csv, probe.header_at(index + 1), ctx.config.timezone)
        ctx.stage("posts", sql, raw=csv.raw_expr(), time_label="Posted")
        return Loaded(rows_read=csv.records, unknown_columns=csv.unknown_columns(self.known_columns))
