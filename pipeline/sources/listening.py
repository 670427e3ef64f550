"""SQL pieces the social-listening adapters share: times, sites, sentiment and language spellings.

Each function returns a SQL expression over the caller's column expressions (quoted names from ``CsvTable``).
"""

from __future__ import annotations

from pipeline.escape import literal
from pipeline.sources.platforms import platform_sql

ISO_NAIVE = r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"
ISO_OFFSET = r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}(:?\d{2})?|Z)$"
ISO_EXAMPLE = "2026-05-12 09:14:00 or 2026-05-12T09:14:00+02:00"

# Language names some tools write instead of codes (English UI): the warehouse keeps ISO 639-1 codes.
LANGUAGES: dict[str, str] = {
    "english": "en",
    "spanish": "es",
    "italian": "it",
    "french": "fr",
    "german": "de",
    "portuguese": "pt",
    "dutch": "nl",
    "catalan": "ca",
}


def iso_time_sql(expr: str, tz: str) -> str:
    """TIMESTAMPTZ from ISO 8601 text: with its offset, else a local time in ``tz``; NULL for anything else."""
    return iso_time_in_sql(expr, literal(tz))


def iso_time_in_sql(expr: str, tz_sql: str) -> str:
    """As ``iso_time_sql``, the time zone given as a SQL expression (a literal or a query parameter)."""
    value = f"trim({expr})"
    return (
        f"CASE WHEN regexp_matches({value}, '{ISO_OFFSET}') THEN try_cast({value} AS TIMESTAMPTZ)"
        f" WHEN regexp_matches({value}, '{ISO_NAIVE}') THEN timezone({tz_sql}, try_cast({value} AS TIMESTAMP))"
        " END"
    )


def host_sql(url: str) -> str:
    """The site of a URL (or of a bare domain), lower case, without ``www.``."""
    return f"nullif(lower(regexp_extract(trim({url}), '^(?:[A-Za-z]+://)?(?:www[.])?([^/:?#]+)', 1)), '')"


def site_platform_sql(*urls: str) -> str:
    """The platform of the first URL or domain whose site is a known network (``x.com``, ``instagram.com``, ...)."""
    return "coalesce(" + ", ".join(platform_sql(host_sql(u)) for u in urls) + ")"


def sentiment_word_sql(expr: str) -> str:
    """``positive``/``neutral``/``negative`` from the tool's word (any case), NULL for anything else."""
    return f"CASE WHEN lower(trim({expr})) IN ('positive', 'neutral', 'negative') THEN lower(trim({expr})) END"


def sentiment_sign_sql(expr: str) -> str:
    """``positive``/``neutral``/``negative`` from a numeric score's sign (Talkwalker-style -5..5), NULL if no number."""
    return (
        f"CASE WHEN as_decimal({expr}) > 0 THEN 'positive' WHEN as_decimal({expr}) < 0 THEN 'negative'"
        f" WHEN as_decimal({expr}) = 0 THEN 'neutral' END"
    )


def language_sql(expr: str) -> str:
    """The tool's language as a lower-case code; English names of common languages become their ISO 639-1 code."""
    pairs = ", ".join(f"'{k}': '{v}'" for k, v in LANGUAGES.items())
    return f"coalesce(MAP {{{pairs}}}[lower(trim({expr}))], lower(blank({expr})))"
