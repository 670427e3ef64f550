"""Meltwater (Explore / Monitor) mentions export: UTF-16 LE with BOM, tab-separated.

Layout (not in export-formats.md, whose §4c lists Meltwater as "no real headers available"; found since in public
code reading the exports):

- trishbailey/Edgelist-Extractor : app.py ("Expected Meltwater column names (canonical)") gives the current header
  ``Date, Time, Document ID, URL, Input Name, Keywords, Information Type, Source Type, Source Name, Source Domain,
  Content Type, Author Name, Author Handle, Title, Opening Text, Hit Sentence, Image, Hashtags, Links, Country,
  Region, State, City, Language, Sentiment, Keyphrases, Reach, Global Reach, National Reach, Local Reach, AVE,
  Social Echo, Editorial Echo, Engagement, Shares, Quotes, Likes, Replies, Reposts, Comments, Reactions, Views,
  Estimated Views, Document Tags, Custom Categories, Custom Fields``. It sniffs UTF-16 (``ÿþ`` BOM) and tabs and finds
  the header among the first lines (a line may precede it).
- Older exports (unnamed public code reading a published Meltwater data set, and a report script) have
  ``Date, Headline, URL, Opening Text, Hit Sentence, Source, Influencer, Country, Subregion, Language, Reach, …,
  Sentiment, Key Phrases, Input Name, Keywords, Twitter Authority, Tweet Id, Twitter Id, Twitter Client,
  Twitter Screen Name, User Profile Url, Twitter Bio, Twitter Followers, Twitter Following, Alternate Date Format,
  Time, State, City, Document Tags``; ``Source`` is the network (``Twitter``, ``Instagram``, …) or a news outlet's
  name, and the report script counts every non-social source as online press.
- CodeForAfrica/melt_to_gephi : melt_to_gephi/melt_to_gephi.py and hanna-tes/CIB-network-monitoring : App.py read the
  files with ``encoding='utf-16', sep='\\t'``; melt_to_gephi treats a ``Hit Sentence`` starting ``RT`` as a retweet.

[UNSURE]: the ``Date`` format. Parsers read ``Alternate Date Format`` as ``%d-%b-%y`` and ``Time`` as ``%I:%M %p``;
``Date`` itself is read here as ``12-May-2026 09:14AM`` (or a date plus the ``Time`` column, or ISO text), in the
config's time zone. ``Language`` may be a code or an English name; ``Sentiment`` is Positive/Negative/Neutral, and
``Unknown``/``Not Rated`` become NULL. The platform comes from ``Source Name``/``Source``, else the site of
``Source Domain`` or ``URL``, else ``Source Type``/``Information Type``, else ``news`` (editorial media). The author is
the first of ``Author Handle``, ``Twitter Screen Name``, ``Influencer`` (older files; a journalist's name for press),
hashed; ``Author Name`` is never stored.
"""

from __future__ import annotations

from pipeline.escape import literal
from pipeline.sources.base import Adapter, LoadContext, Loaded
from pipeline.sources.csvfile import CsvTable, read_csv
from pipeline.sources.listening import (
    iso_time_sql,
    language_sql,
    sentiment_word_sql,
    site_platform_sql,
)
from pipeline.sources.platforms import platform_sql
from pipeline.sources.probe import Probe
from pipeline.warehouse.macros import count_check

HEADER = {"Date", "URL", "Opening Text", "Hit Sentence"}
# Two-digit years first: DuckDB's %Y would read "26" as the year 26.
FORMATS = (
    "%d-%b-%y %I:%M%p",
    "%d-%b-%y %I:%M %p",
    "%d-%b-%Y %I:%M%p",
    "%d-%b-%Y %I:%M %p",
    "%d-%b-%Y %H:%M",
    "%d-%b-%Y %H:%M:%S",
)
AUTHOR = ("Author Handle", "Twitter Screen Name", "Influencer")
# Columns naming or pointing at a person: hashed in rejects.raw, never stored in clear.
PEOPLE = (
    "Author Handle",
    "Author Name",
    "Influencer",
    "Twitter Screen Name",
    "Twitter Id",
    "User Profile Url",
    "Twitter Bio",
    "URL",
    "Links",
)


def find_header(probe: Probe) -> tuple[int, str] | None:
    """(line index, delimiter) of the header: tab-separated as exported, comma-separated if re-saved."""
    for delimiter in ("\t", ","):
        index = probe.find_header(HEADER, delimiter, within=5)
        if index is not None:
            return index, delimiter
    return None


class Meltwater(Adapter):
    name = "meltwater_mentions"
    table = "mentions"
    title = "Meltwater: mentions export (CSV)"
    signature = (
        "Date",
        "Time",
        "URL",
        "Source Name",
        "Source Domain",
        "Author Handle",
        "Title",
        "Opening Text",
        "Hit Sentence",
        "Language",
        "Sentiment",
    )
    ignored = (
        "Document ID",
        "Input Name",
        "Keywords",
        "Content Type",
        "Author Name",
        "Image",
        "Hashtags",
        "Links",
        "Country",
        "Region",
        "Subregion",
        "State",
        "City",
        "Keyphrases",
        "Key Phrases",
        "Reach",
        "Global Reach",
        "National Reach",
        "Local Reach",
        "Desktop Reach",
        "Mobile Reach",
        "AVE",
        "Social Echo",
        "Editorial Echo",
        "Twitter Social Echo",
        "Facebook Social Echo",
        "Reddit Social Echo",
        "National Viewership",
        "Engagement",
        "Shares",
        "Quotes",
        "Likes",
        "Replies",
        "Reposts",
        "Comments",
        "Reactions",
        "Views",
        "Estimated Views",
        "Document Tags",
        "Custom Categories",
        "Custom Fields",
        "Twitter Authority",
        "Twitter Id",
        "Twitter Client",
        "User Profile Url",
        "Twitter Bio",
        "Twitter Following",
        "Alternate Date Format",
        "Earned Traffic",
    )

    def detect(self, probe: Probe) -> bool:
        return find_header(probe) is not None

    def load(self, ctx: LoadContext, probe: Probe) -> Loaded:
        index, delimiter = find_header(probe) or (0, "\t")
        csv = read_csv(ctx, probe, header_index=index, delimiter=delimiter)
        date, time, url = csv.col("Date"), csv.opt("Time"), csv.col("URL")
        author = "coalesce(" + ", ".join(f"blank({csv.opt(a)})" for a in AUTHOR) + ")"
        hit, followers = csv.opt("Hit Sentence"), csv.opt("Twitter Followers")
        text = f"coalesce(blank({hit}), blank({csv.opt('Opening Text')}), blank({csv.opt('Headline', 'Title')}))"
        x_id = f"coalesce(redact_key(blank({csv.opt('Tweet Id')})), status_id({url}))"
        ctx.stage(
            "mentions",
            f"""SELECT _platform AS platform,
                   coalesce(CASE WHEN _platform = 'x' THEN {x_id} END, md5(trim({url}))) AS mention_id,
                   person_id({author}) AS author_id, author_role({author}) AS author_role,
                   as_count({followers}) AS author_followers, _published AS published_at,
                   redact_text({text}) AS text, redact_url(blank({url})) AS url,
                   {language_sql(csv.opt("Language"))} AS language,
                   {sentiment_word_sql(csv.opt("Sentiment"))} AS sentiment,
                   NULL AS in_reply_to_id, coalesce(starts_with(ltrim({hit}), 'RT @'), false) AS is_repost,
                   _line, 1 AS _rows, {_reason(csv, time, url, followers)} AS _reason
               FROM (SELECT *, {_published_sql(ctx.config.timezone)} AS _published,
                            {_platform_sql(csv, url)} AS _platform
                     FROM (SELECT *, {_stamp_sql(date, time)} AS _stamp FROM raw))""",
            raw=csv.raw_expr(people=PEOPLE),
            time_label="Date",
        )
        return Loaded(rows_read=csv.records, unknown_columns=csv.unknown_columns(self.known_columns))


def _stamp_sql(date: str, time: str) -> str:
    """``Date``, with the ``Time`` column appended when ``Date`` holds no time of day."""
    return (
        f"CASE WHEN contains({date}, ':') OR blank({time}) IS NULL THEN trim({date})"
        f" ELSE trim({date}) || ' ' || trim({time}) END"
    )


def _published_sql(tz: str) -> str:
    """``_stamp`` in Meltwater's day-month-name form or ISO text, local time in ``tz`` unless it has an offset."""
    formats = "[" + ", ".join(literal(f) for f in FORMATS) + "]"
    return f"coalesce(timezone({literal(tz)}, try_strptime(_stamp, {formats})), {iso_time_sql('_stamp', tz)})"


def _platform_sql(csv: CsvTable, url: str) -> str:
    """A named network, else the site's network, else the tool's source type, else an editorial (news) source
    unless the tool calls it social (then the network is unknown and the row is rejected)."""
    named = ", ".join(platform_sql(csv.opt(c)) for c in ("Source Name", "Source"))
    types = [csv.opt(c) for c in ("Source Type", "Information Type")]
    kinds = ", ".join(platform_sql(t) for t in types)
    social = " OR ".join(f"coalesce(lower({t}) LIKE '%social%', false)" for t in types)
    site = site_platform_sql(csv.opt("Source Domain"), url)
    press = f"CASE WHEN NOT ({social}) THEN 'news' END"
    return f"CASE WHEN blank({url}) IS NOT NULL THEN coalesce({named}, {site}, {kinds}, {press}) END"


def _reason(csv: CsvTable, time: str, url: str, followers: str) -> str:
    """Why a row is rejected: the column and the problem, never the value (it may hold a person's data)."""
    source = "Source Name" if csv.has("Source Name") else "Source"
    return f"""CASE WHEN _published IS NULL THEN CASE WHEN blank({time}) IS NULL THEN 'Date' ELSE 'Date with Time' END
                    || ' is not a time like 12-May-2026 09:14AM'
                WHEN blank({url}) IS NULL THEN 'URL is empty'
                WHEN _platform IS NULL THEN '{source} and the site of URL name no known platform'
                {count_check(followers, "Twitter Followers")}
           END"""
