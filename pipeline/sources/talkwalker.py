"""Talkwalker mentions export (CSV, comma-separated, UTF-8).

Layout (export-formats.md §4b [PARSER]): the header is Talkwalker's document fields as flattened, lower-case JSON
paths: ``url, published, title, content, lang, source_type, domain_url, reach, engagement,
extra_author_attributes.name, extra_author_attributes.short_name, extra_source_attributes.name, …, sentiment, …``.
Column names were confirmed against public code that reads these files or writes them from the API:
p6m-dev/data-ingestion-talkwalker-driver.archetype : contents/base/servers/libraries/ingestors/talkwalker/
talkwalker_ingestor.py (API fields ``url, published, title, content, lang, sentiment, source_type, parent_url,
extra_author_attributes, source_extended_attributes``; ``source_type`` values such as ``ONLINENEWS_NEWSPAPER``,
``BLOG_OTHER``); ALB5/talkwalker_gephi : fonctions.py (reads an export: ``extra_author_attributes.short_name`` is the
account handle without ``@``, ``published`` parsed as a date string); and unnamed public code: a Java API-to-CSV
writer with the full flattened header (``source_extended_attributes.twitter_followers``, ``…instagram_followers``,
``…facebook_followers``, ``parent_url``, ``post_type``, …), an importer storing ``sentiment`` as a number
(``sentiment_score``), and a Django importer keyed on ``content, published, extra_author_attributes.name`` or
``…short_name``, ``reach, engagement``.

- ``source_type`` lists the media type then its subtype, quoted for the comma: ``SOCIALMEDIA,SOCIALMEDIA_TWITTER``
  [PARSER]. The last element names the platform; ``ONLINENEWS…`` is news, ``BLOG…``/``FORUM…`` are web; otherwise the
  site of ``domain_url`` or ``url`` decides.
- ``published`` [UNSURE]: the API gives epoch milliseconds (developer.talkwalker.com histogram docs); exports were read
  as date strings. Both are accepted: 12 or 13 digits are epoch ms (UTC); ISO text with an offset is exact; ISO text
  without one is read in the config's time zone. Anything else is rejected naming the value.
- ``sentiment`` is numeric in parsers [PARSER]; the -5..5 range is [UNSURE], so only the sign is used (< 0 negative,
  0 neutral, > 0 positive). The words POSITIVE/NEUTRAL/NEGATIVE (the histogram API's labels) are accepted too.
- ``extra_author_attributes.short_name`` is the author's handle (hashed); ``extra_author_attributes.name`` is a
  person's name and is never stored. The mention id is the X status id from the URL, else an MD5 of the URL (the
  importers key on ``url``).
"""

from __future__ import annotations

from pipeline.sources.base import Adapter, LoadContext, Loaded
from pipeline.sources.csvfile import CsvTable, read_csv
from pipeline.sources.listening import (
    ISO_EXAMPLE,
    iso_time_sql,
    language_sql,
    sentiment_sign_sql,
    sentiment_word_sql,
    site_platform_sql,
)
from pipeline.sources.platforms import platform_sql
from pipeline.sources.probe import Probe
from pipeline.warehouse.macros import count_check

HEADER = {"url", "published", "content"}
MARKERS = {
    "source_type",
    "extra_author_attributes.name",
    "extra_author_attributes.short_name",
    "extra_source_attributes.name",
}
FOLLOWERS = (
    "source_extended_attributes.twitter_followers",
    "source_extended_attributes.instagram_followers",
    "source_extended_attributes.facebook_followers",
)
EPOCH_MS = r"^\d{12,13}$"


def find_header(probe: Probe) -> int | None:
    """Line index of the header: ``url``, ``published``, ``content`` and a Talkwalker-only column."""
    index = probe.find_header(HEADER)
    if index is None:
        return None
    cells = {c.lower() for c in probe.header_at(index)}
    return index if cells & MARKERS else None


class Talkwalker(Adapter):
    name = "talkwalker_mentions"
    table = "mentions"
    title = "Talkwalker: mentions export (CSV)"
    signature = (
        "url",
        "published",
        "title",
        "content",
        "lang",
        "source_type",
        "domain_url",
        "sentiment",
        "extra_author_attributes.short_name",
    )
    ignored = (
        "indexed",
        "search_indexed",
        "title_snippet",
        "content_snippet",
        "root_url",
        "host_url",
        "porn_level",
        "fluency_level",
        "spam_level",
        "post_type",
        "cluster_id",
        "meta_cluster_id",
        "tags_internal",
        "tags_marking",
        "tags_customer",
        "entity_urls",
        "images.url",
        "images.width",
        "images.height",
        "images.legend",
        "videos.url",
        "videos.width",
        "videos.height",
        "videos.legend",
        "matched_profile",
        "reach",
        "engagement",
        "word_count",
        "project_name",
        "provider",
        "generator.type",
        "extra_author_attributes.id",
        "extra_author_attributes.type",
        "extra_author_attributes.name",
        "extra_author_attributes.gender",
        "extra_author_attributes.image_url",
        "extra_author_attributes.url",
        "extra_author_attributes.description",
        "extra_author_attributes.birthdate.date",
        "extra_author_attributes.birthdate.resolution",
        "extra_source_attributes.name",
        "extra_source_attributes.world_data.continent",
        "extra_source_attributes.world_data.country",
        "extra_source_attributes.world_data.country_code",
        "extra_source_attributes.world_data.region",
        "extra_source_attributes.world_data.city",
        "extra_source_attributes.world_data.longitude",
        "extra_source_attributes.world_data.latitude",
        "article_extended_attributes.facebook_shares",
        "article_extended_attributes.facebook_likes",
        "article_extended_attributes.twitter_retweets",
        "article_extended_attributes.twitter_likes",
        "article_extended_attributes.twitter_shares",
        "article_extended_attributes.instagram_likes",
        "article_extended_attributes.youtube_views",
        "article_extended_attributes.youtube_likes",
        "article_extended_attributes.num_comments",
        "source_extended_attributes.alexa_pageviews",
        "source_extended_attributes.alexa_unique_visitors",
        "source_extended_attributes.pinterest_followers",
    )

    def detect(self, probe: Probe) -> bool:
        return find_header(probe) is not None

    def load(self, ctx: LoadContext, probe: Probe) -> Loaded:
        csv = read_csv(ctx, probe, header_index=find_header(probe) or 0)
        url, published, short_name = csv.col("url"), csv.col("published"), csv.opt("extra_author_attributes.short_name")
        parent, text = csv.opt("parent_url"), f"coalesce(blank({csv.opt('content')}), blank({csv.opt('title')}))"
        followers = [(f, csv.col(f)) for f in FOLLOWERS if csv.has(f)]
        stamp = (
            f"CASE WHEN regexp_matches(trim({published}), '{EPOCH_MS}')"
            f" THEN timezone('UTC', epoch_ms(CAST(trim({published}) AS BIGINT)))"
            f" ELSE {iso_time_sql(published, ctx.config.timezone)} END"
        )
        sentiment = csv.opt("sentiment")
        ctx.stage(
            "mentions",
            f"""SELECT _platform AS platform,
                   coalesce(CASE WHEN _platform = 'x' THEN status_id({url}) END, md5(trim({url}))) AS mention_id,
                   person_id({short_name}) AS author_id, author_role({short_name}) AS author_role,
                   as_count(coalesce({", ".join(f"value_text({c})" for _, c in followers) or "NULL::VARCHAR"}))
                       AS author_followers,
                   _published AS published_at, redact_text({text}) AS text, redact_url(blank({url})) AS url,
                   {language_sql(csv.opt("lang"))} AS language,
                   coalesce({sentiment_word_sql(sentiment)}, {sentiment_sign_sql(sentiment)}) AS sentiment,
                   CASE WHEN blank({parent}) IS NOT NULL
                        THEN coalesce(status_id({parent}), md5(trim({parent}))) END AS in_reply_to_id,
                   coalesce(starts_with(ltrim({text}), 'RT @'), false) AS is_repost,
                   _line, 1 AS _rows, {_reason(url, followers)} AS _reason
               FROM (SELECT *, {stamp} AS _published, {_platform_sql(csv, url)} AS _platform FROM raw)""",
            raw=csv.raw_expr(people=_people(csv)),
            time_label="published",
        )
        return Loaded(rows_read=csv.records, unknown_columns=csv.unknown_columns(self.known_columns))


def _platform_sql(csv: CsvTable, url: str) -> str:
    """The network from ``source_type``'s last element, else the site of ``domain_url`` or ``url``."""
    kind = f"upper(list_last(string_split(regexp_replace({csv.opt('source_type')}, '[\\[\\]\" '']', '', 'g'), ',')))"
    return f"""coalesce(CASE WHEN starts_with({kind}, 'SOCIALMEDIA_') THEN {platform_sql(f"substr({kind}, 13)")}
                          WHEN starts_with({kind}, 'ONLINENEWS') THEN 'news'
                          WHEN starts_with({kind}, 'BLOG') OR starts_with({kind}, 'FORUM') THEN 'web' END,
                     {site_platform_sql(csv.opt("domain_url"), url)})"""


def _people(csv: CsvTable) -> tuple[str, ...]:
    """Columns naming or pointing at a person (author fields, URLs holding handles): hashed in ``rejects.raw``."""
    return tuple(
        c
        for c in csv.header
        if c.lower().startswith("extra_author_attributes.") or c.lower() in ("url", "parent_url", "root_url")
    )


def _reason(url: str, followers: list[tuple[str, str]]) -> str:
    """Why a row is rejected: the column and the problem, never the value (it may hold a person's data)."""
    bad_followers = " ".join(count_check(c, f) for f, c in followers)
    return f"""CASE WHEN _published IS NULL THEN 'published is not epoch milliseconds or an ISO time like {ISO_EXAMPLE}'
                WHEN blank({url}) IS NULL THEN 'url is empty'
                WHEN _platform IS NULL THEN 'source_type and domain_url name no known platform'
                {bad_followers}
           END"""
