"""CSV exports byte for byte as the platforms write them (docs: shared reference export-formats.md):
Meta Business Suite posts (§2a/§2b), a Brandwatch mentions download (§4a), GA4 traffic acquisition (§5a) and the
generic inbox CSV. Shopify's orders export lives in shopify.py, the X archive in x_archive.py."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path

from pipeline.demo.inbox import Message
from pipeline.demo.posts import FB_PAGE_ID
from pipeline.demo.records import Mention, MetaPost
from pipeline.demo.story import TZ
from pipeline.demo.traffic import TrafficRow

FACEBOOK_HEADER = (
    "Post ID",
    "Page ID",
    "Page name",
    "Title",
    "Description",
    "Duration (sec)",
    "Publish time",
    "Caption type",
    "Permalink",
    "Is crosspost",
    "Is share",
    "Post type",
    "Languages",
    "Custom labels",
    "Funded content status",
    "Data comment",
    "Date",
    "Views",
    "Reach",
    "Reactions, Comments and Shares",
    "Reactions",
    "Comments",
    "Shares",
    "Total clicks",
    "Other Clicks",
    "Matched Audience Targeting Consumption (Photo Click)",
)
INSTAGRAM_HEADER = (
    "Post ID",
    "Account ID",
    "Account username",
    "Account name",
    "Description",
    "Duration (sec)",
    "Publish time",
    "Permalink",
    "Post type",
    "Data comment",
    "Date",
    "Views",
    "Reach",
    "Likes",
    "Shares",
    "Follows",
    "Comments",
    "Saves",
)
BRANDWATCH_PREAMBLE = ("Report:", "Bulk Mentions Download", "Brand:", "Marea", "Label:", "")
BRANDWATCH_HEADER = (
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
    "Country Code",
    "Author",
    "Full Name",
    "Thread Id",
    "X Followers",
    "Likes",
    "Comments",
    "Shares",
)
GA4_HEADER = (
    "Session source / medium",
    "Date",
    "Sessions",
    "Engaged sessions",
    "Engagement rate",
    "Average engagement time per session",
    "Events per session",
    "Event count",
    "Key events",
    "Session key event rate",
    "Total revenue",
)
INBOX_HEADER = ("platform", "conversation_id", "message_id", "sent_at", "from", "text", "automated")
IG_ACCOUNT_ID = "17841405793187218"
COUNTRY = {"es": "ESP", "it": "ITA", "en": "GBR"}


# --- Meta Business Suite ----------------------------------------------------------------------------------------


def meta_quote(value: str) -> str:
    """Meta quotes only values with a space, comma, quote or line break, doubling inner quotes."""
    if any(c in value for c in ' ,"\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_meta(path: Path, posts: Sequence[MetaPost], exported: date, malformed: tuple[str, str, str]) -> None:
    """One Business Suite download. ``malformed`` = (post id, column, garbled value) for the row a glitch broke."""
    facebook = posts[0].platform == "facebook"
    header = FACEBOOK_HEADER if facebook else INSTAGRAM_HEADER
    lines = [",".join(meta_quote(h) for h in header)]
    for post in sorted(posts, key=lambda p: (p.when, p.post_id), reverse=True):
        values = _facebook_values(post, exported) if facebook else _instagram_values(post, exported)
        if post.post_id == malformed[0]:
            values[header.index(malformed[1])] = malformed[2]
        lines.append(",".join(meta_quote(v) for v in values))
    _write(path, "\ufeff" + "\n".join(lines) + "\n")


def _lifetime(post: MetaPost, exported: date) -> Callable[[int], str]:
    """Lifetime metrics keep growing for ~3 months: an earlier download shows smaller numbers for recent posts."""
    age = (exported - post.when.astimezone(TZ).date()).days
    factor = 1.0 if age >= 90 else 0.7 + 0.28 * age / 90
    return lambda value: str(int(value * factor))


def _publish_time(post: MetaPost) -> str:
    return post.when.astimezone(TZ).strftime("%m/%d/%Y %H:%M")


def _facebook_values(post: MetaPost, exported: date) -> list[str]:
    at = _lifetime(post, exported)
    video = post.post_type in ("Reel", "Videos")
    likes, comments, shares = int(at(post.likes)), int(at(post.comments)), int(at(post.shares))
    clicks = int(at(post.clicks))
    photo_clicks = clicks * 2 // 5 if post.post_type == "Photos" else 0
    return [
        post.post_id,
        FB_PAGE_ID,
        "Marea",
        post.caption,
        "",
        str(post.duration),
        _publish_time(post),
        "Auto-generated" if video else "N/A",
        post.permalink,
        "0",
        "0",
        post.post_type,
        "",
        "",
        "",
        "",
        "Lifetime",
        at(post.views),
        at(post.reach),
        str(likes + comments + shares),
        str(likes),
        str(comments),
        str(shares),
        str(clicks),
        str(clicks - photo_clicks),
        str(photo_clicks),
    ]


def _instagram_values(post: MetaPost, exported: date) -> list[str]:
    at = _lifetime(post, exported)
    return [
        post.post_id,
        IG_ACCOUNT_ID,
        "marea.shop",
        "Marea",
        post.caption,
        str(post.duration),
        _publish_time(post),
        post.permalink,
        post.post_type,
        "",
        "Lifetime",
        at(post.views),
        at(post.reach),
        at(post.likes),
        at(post.shares),
        at(post.follows),
        at(post.comments),
        at(post.saves),
    ]


# --- Brandwatch -------------------------------------------------------------------------------------------------


def write_brandwatch(path: Path, mentions: Sequence[Mention], exported: date, malformed: tuple[str, str]) -> None:
    """A Bulk Mentions Download. ``malformed`` = (mention id, the Date text the row carries instead)."""
    out = _csv_buffer()
    out.stream.write("\n".join(BRANDWATCH_PREAMBLE) + "\n")
    out.writer.writerow(BRANDWATCH_HEADER)
    for mention in mentions:
        row = _brandwatch_row(mention, exported)
        if mention.id == malformed[0]:
            row[2] = malformed[1]
        out.writer.writerow(row)
    _write(path, out.stream.getvalue())


def _brandwatch_row(m: Mention, exported: date) -> list[str]:
    recent = (exported - m.when.date()).days < 31  # engagement still growing when this file was downloaded

    def count(value: int | None) -> str:
        return "" if value is None else str(int(value * 0.8) if recent else value)

    snippet = " ".join(m.text.split())
    return [
        "1999283741",
        "Marea - marca",
        m.when.strftime("%Y-%m-%d %H:%M:%S.0"),
        m.title,
        snippet if len(snippet) <= 150 else snippet[:150] + "…",
        m.text,
        m.url,
        m.domain,
        m.sentiment,
        m.page_type,
        m.entry_type,
        m.language,
        COUNTRY[m.language],
        m.author.handle,
        m.author.name,
        m.thread_id,
        "" if m.followers is None else str(m.followers),
        count(m.likes),
        count(m.comments),
        count(m.shares),
    ]


# --- a comments export without sentiment or language ------------------------------------------------------------

COMMENTS_HEADER = ("Fecha", "Red", "Autor", "Comentario", "Enlace")
COMMENTS_TIME = "%d/%m/%Y %H:%M"  # local Madrid time, as the tool's Spanish interface writes it


def write_comments(path: Path, mentions: Sequence[Mention]) -> None:
    """A social-inbox tool's comments export, semicolon-separated: no sentiment and no language columns, so the
    project's classifier judges the words and the ingest detects the language (the demo config maps its columns)."""
    out = _csv_buffer(";")
    out.writer.writerow(COMMENTS_HEADER)
    for m in mentions:
        local = m.when.astimezone(TZ).strftime(COMMENTS_TIME)
        out.writer.writerow([local, "TikTok", m.author.handle, m.text, m.url])
    _write(path, out.stream.getvalue())


# --- GA4 --------------------------------------------------------------------------------------------------------


def write_ga4(path: Path, rows: Sequence[TrafficRow], start: date, end: date) -> None:
    lines = [
        "# ----------------------------------------",
        "# Traffic acquisition: Session source / medium",
        "# Account: Marea",
        "# Property: Marea Shop",
        "# ----------------------------------------",
        "# ",
        "# All Users",
        f"# Start date: {start:%Y%m%d}",
        f"# End date: {end:%Y%m%d}",
        ",".join(GA4_HEADER),
    ]
    for r in rows:
        lines.append(
            ",".join(
                (
                    r.source_medium,
                    f"{r.day:%Y%m%d}",
                    str(r.sessions),
                    str(r.engaged),
                    ga_number(r.engaged / r.sessions),
                    ga_number(r.engagement_seconds),
                    ga_number(r.events / r.sessions),
                    str(r.events),
                    str(r.key_events),
                    ga_number(r.key_events / r.sessions),
                    ga_number(r.revenue / 100),
                )
            )
        )
    _write(path, "\r\n".join(lines))  # CRLF, and no line break after the last row


def ga_number(value: float) -> str:
    """GA4's raw numbers: full precision, integers without a decimal point."""
    return str(int(value)) if value == int(value) else repr(value)


# --- the generic inbox CSV --------------------------------------------------------------------------------------


def write_inbox(path: Path, messages: Iterable[Message], malformed: str) -> None:
    """``malformed`` = the message id whose sent_at lost its UTC offset."""
    out = _csv_buffer()
    out.writer.writerow(INBOX_HEADER)
    for m in messages:
        local = m.when.astimezone(TZ)
        sent_at = local.strftime("%Y-%m-%dT%H:%M:%S") if m.message_id == malformed else local.isoformat()
        out.writer.writerow(
            (m.platform, m.conversation_id, m.message_id, sent_at, m.sender, m.text, "true" if m.automated else "false")
        )
    _write(path, out.stream.getvalue())


# --- shared -----------------------------------------------------------------------------------------------------


class _CsvBuffer:
    def __init__(self, delimiter: str = ",") -> None:
        self.stream = io.StringIO()
        self.writer = csv.writer(self.stream, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


def _csv_buffer(delimiter: str = ",") -> _CsvBuffer:
    return _CsvBuffer(delimiter)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
