"""Brandwatch Consumer Research "Bulk Mentions Download" (CSV, UTF-8 or UTF-16 LE with BOM).

Layout (export-formats.md §4a; sources: unnamed public pandas/enricher code reading Brandwatch exports and
developers.brandwatch.com/docs/mention-metadata-field-definitions): a metadata block (``Report:``,
``Bulk Mentions Download``, ``Brand:``, ``<brand>``, ``Label:``, blank line) sits above the header
``Query Id,Query Name,Date,Title,Snippet,Full Text,Url,Domain,Sentiment,Page Type,Thread Entry Type,…,Author,…``.
The block varies, so the header is found by its names; UTF-16 exports are tab-separated. ``Date`` is
``2026-05-12 09:14:00.0`` in the project's time zone. Older exports have ``Snippet`` but no ``Full Text``; follower
counts are ``X Followers`` (``Twitter Followers`` before the rename, ``Instagram Follower Count`` from the API).
``Full Name`` is a person's name and is never stored.
"""

from __future__ import annotations

from pipeline.escape import literal
from pipeline.sources.base import Adapter, LoadContext, Loaded
from pipeline.sources.csvfile import CsvTable, read_csv
from pipeline.sources.platforms import platform_sql
from pipeline.sources.probe import Probe
from pipeline.warehouse.macros import count_check

FOLLOWERS = ("X Followers", "Twitter Followers", "Instagram Follower Count", "Instagram Followers")
# Columns naming or identifying a person (X URLs carry the author's handle): hashed in rejects.raw, never in clear.
PEOPLE = (
    "Author",
    "Full Name",
    "Thread Author",
    "Mentioned Authors",
    "X Author ID",
    "Twitter Author ID",
    "Bluesky Author Id",
    "Url",
    "Thread URL",
)
REPOST_TYPES = "('share', 'retweet', 'repost')"
SENTIMENTS = "('positive', 'neutral', 'negative')"
NAIVE = r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$"
WITH_OFFSET = r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:?\d{2}|Z)$"


def find_header(probe: Probe) -> tuple[int, str] | None:
    """(line index, delimiter) of the mention header: Date, Url, a text column and Author or Sentiment."""
    for delimiter in (",", "\t"):
        index = probe.find_header({"Date", "Url"}, delimiter)
        if index is None:
            continue
        cells = {c.lower() for c in probe.header_at(index, delimiter)}
        if cells & {"full text", "snippet"} and cells & {"author", "sentiment"}:
            return index, delimiter
    return None


class Brandwatch(Adapter):
    name = "brandwatch_mentions"
    table = "mentions"
    title = "Brandwatch Consumer Research: mentions download (CSV)"
    signature = (
        "Query Id",
        "Query Name",
        "Date",
        "Title",
        "Snippet",
        "Full Text",
        "Url",
        "Domain",
        "Sentiment",
        "Page Type",
        "Thread Entry Type",
        "Language",
        "Author",
    )
    ignored = (
        "Category Details",
        "Country Code",
        "Continent Code",
        "Continent",
        "Country",
        "City Code",
        "Region",
        "Account Type",
        "Added",
        "Assignment",
        "Full Name",
        "Likes",
        "Comments",
        "Shares",
        "Engagement Score",
        "Impact",
        "Reach",
        "Impressions",
        "Mentioned Authors",
        "Thread Author",
        "Thread Created Date",
        "Twitter Retweets",
        "Twitter Verified",
        "X Verified",
        "X Reposts",
        "Facebook Comments",
        "Facebook Likes",
        "Facebook Shares",
        "Gender",
        "Interest",
        "Professions",
        "Checked",
        "Priority",
    )

    def detect(self, probe: Probe) -> bool:
        return find_header(probe) is not None

    def load(self, ctx: LoadContext, probe: Probe) -> Loaded:
        index, delimiter = find_header(probe) or (0, ",")
        csv = read_csv(ctx, probe, header_index=index, delimiter=delimiter)
        date, url, entry = csv.col("Date"), csv.col("Url"), csv.opt("Thread Entry Type")
        tz = literal(ctx.config.timezone)
        published = (
            f"CASE WHEN regexp_matches(trim({date}), '{WITH_OFFSET}') THEN try_cast(trim({date}) AS TIMESTAMPTZ)"
            f" WHEN regexp_matches(trim({date}), '{NAIVE}') THEN timezone({tz}, try_cast(trim({date}) AS TIMESTAMP))"
            " END"
        )
        domain = "regexp_replace(" + csv.opt("Domain") + ", '^www[.]', '')"
        platform = f"coalesce({platform_sql(csv.opt('Page Type'))}, {platform_sql(domain)})"
        followers = [(f, csv.col(f)) for f in FOLLOWERS if csv.has(f)]
        ctx.stage(
            "mentions",
            f"""SELECT _platform AS platform,
                   coalesce(redact_key(blank({csv.opt("Resource Id", "Mention Id")})),
                            CASE WHEN _platform = 'x' THEN status_id({url}) END, md5(trim({url}))) AS mention_id,
                   person_id({csv.opt("Author")}) AS author_id, author_role({csv.opt("Author")}) AS author_role,
                   as_count(coalesce({", ".join(f"value_text({c})" for _, c in followers) or "NULL::VARCHAR"}))
                       AS author_followers,
                   _published AS published_at,
                   redact_text(coalesce(blank({csv.opt("Full Text")}), blank({csv.opt("Snippet")}))) AS text,
                   redact_url(blank({url})) AS url, lower(blank({csv.opt("Language")})) AS language,
                   CASE WHEN lower(trim({csv.opt("Sentiment")})) IN {SENTIMENTS}
                        THEN lower(trim({csv.opt("Sentiment")})) END AS sentiment,
                   CASE WHEN lower(trim({entry})) = 'reply'
                        THEN coalesce(status_id({csv.opt("Thread URL")}), redact_key(blank({csv.opt("Thread Id")})))
                        END
                       AS in_reply_to_id,
                   lower(trim({entry})) IN {REPOST_TYPES} AS is_repost,
                   _line, 1 AS _rows, {_reason(csv, url, followers)} AS _reason
               FROM (SELECT *, {published} AS _published, {platform} AS _platform FROM raw)""",
            raw=csv.raw_expr(people=PEOPLE),
            time_label="Date",
        )
        return Loaded(rows_read=csv.records, unknown_columns=csv.unknown_columns(self.known_columns))


def _reason(csv: CsvTable, url: str, followers: list[tuple[str, str]]) -> str:
    """Why a row is rejected: the column and the problem, never the value (it may hold a person's data)."""
    bad_followers = " ".join(count_check(c, f) for f, c in followers)
    return f"""CASE WHEN _published IS NULL THEN 'Date is not a time like 2026-05-12 09:14:00.0'
                WHEN blank({url}) IS NULL THEN 'Url is empty'
                WHEN _platform IS NULL THEN 'Page Type and Domain name no known platform'
                {bad_followers}
           END"""
