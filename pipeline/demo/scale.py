"""The demo brand at N times its size (``social-health demo --scale N``), and one new day of exports beside it.

The scale-1 exports are written as always (generate.py), then DuckDB rewrites each file with N copies of its records
in the file's own layout (copies.py): the same dates, texts and sentiments, every id and URL made unique per copy and
every person's handle or email suffixed with the copy's number (`maria_g` -> `maria_g_07`), the brand's handles, its
staff and its partners kept as they are, so every weekly shape of the report is the story times N. The overlapping
downloads and the malformed records are copied too (as duplicates and rejects). Each table has a cap on the records
its files hold (``CAPS``): a table whose records would pass it gets fewer copies (``min(N, cap // records)``; every
table is at its cap from N = 645). Past the posts' cap (403 copies) the mentions of the further copies have no brand
reply in the X archive, so the acknowledgment rate falls there: the one place where the story is not N times scale 1.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from pipeline.demo import people
from pipeline.demo.copies import Copies, Layout, connect, count_records, write_copies
from pipeline.demo.generate import write_exports
from pipeline.demo.x_archive import manifest_js
from pipeline.escape import literal
from pipeline.sources.x_archive import unwrap_js

# The most records a table's export files hold at any scale (rows read: overlaps and rejects included).
CAPS = {
    "mentions": 10_000_000,
    "posts": 1_000_000,
    "messages": 1_000_000,
    "web_traffic": 3_000_000,
    "orders": 2_000_000,
}
TWEETS = "x/twitter-archive/data/tweets.js"
BRANDWATCH = Layout(head_lines=7)
META = Layout(head_lines=1, quote_when='[ ,"\n]')  # Meta quotes any value with a space (writers.meta_quote)
TIKTOK = Layout(head_lines=1, delimiter=";", quote_when='[;"\r\n]')
GA4 = Layout(head_lines=10, newline="\r\n", final_newline=False)
PLAIN = Layout(head_lines=1)  # Shopify and the inbox CSV: Python's csv module, minimal quoting
NEW_DAY = "2026-11-01"  # the day after the demo's last


Col = Callable[[str], str]


@dataclass(frozen=True)
class Source:
    """A scale-1 export and how its copies differ: ``changes(col, day)`` (see copies.Copies), ``day`` the new
    day's date when the copies are that day's records, else None."""

    path: str  # inside the exports folder
    table: str
    layout: Layout
    changes: Callable[[Col, str | None], dict[str, str]]
    insert: Callable[[str | None], tuple[str, str, str] | None] = lambda day: None


def _new_time(cell: str, day: str | None) -> str:
    """The record's time moved to ``day`` (same time of day), or as it is."""
    if day is None:
        return cell
    return f"CASE WHEN {cell} = '' THEN '' ELSE {literal(day)} || substr({cell}, 11) END"


def _brandwatch(col: Col, day: str | None) -> dict[str, str]:
    return {
        "Date": _new_time(col("Date"), day),
        "Url": f"copy_url({col('Url')}, s, kk)",
        "Author": f"copy_handle({col('Author')}, kk)",
        "Thread Id": f"copy_id({col('Thread Id')}, s)",
    }


def _tiktok(col: Col, day: str | None) -> dict[str, str]:
    return {"Autor": f"copy_handle({col('Autor')}, kk)", "Enlace": f"copy_url({col('Enlace')}, s, kk)"}


def _meta(col: Col, day: str | None) -> dict[str, str]:
    post, link = col("Post ID"), col("Permalink")
    return {
        "Post ID": f"copy_id({post}, s)",
        "Permalink": f"""CASE WHEN {post} <> '' AND contains({link}, {post})
                         THEN replace({link}, {post}, copy_id({post}, s)) ELSE copy_url({link}, s, kk) END""",
    }


def _inbox(col: Col, day: str | None) -> dict[str, str]:
    return {
        "conversation_id": f"copy_id({col('conversation_id')}, s)",
        "message_id": f"copy_id({col('message_id')}, s)",
        "sent_at": _new_time(col("sent_at"), day),
        "from": f"copy_handle({col('from')}, kk)",
    }


def _ga4(col: Col, day: str | None) -> dict[str, str]:
    return {"Date": literal(day.replace("-", ""))} if day else {}


def _ga4_campaign(day: str | None) -> tuple[str, str, str]:
    """GA4's rows are keyed by day, source / medium and campaign: each copy is a campaign of its own (``Session
    campaign``, a secondary dimension the adapter reads), so the sources and their classes stay the same."""
    return ("Date", "Session campaign", "'marea_copy_' || kk")


def _shopify(col: Col, day: str | None) -> dict[str, str]:
    name = col("Name")
    return {
        "Name": f"CASE WHEN starts_with({name}, '#') THEN '#' || copy_id(substr({name}, 2), s)"
        f" ELSE copy_id({name}, s) END",
        "Email": f"copy_email({col('Email')}, kk)",  # the copy's customers: the same people on a new day
        "Id": f"copy_id({col('Id')}, s)",
        **{t: _new_time(col(t), day) for t in ("Created at", "Paid at", "Fulfilled at")},
    }


BRANDWATCH_NEW = "listening/brandwatch_mentions_2025-10_2026-10.csv"
INBOX = "inbox/conversations_2024-11_2026-10.csv"
GA4_FILE = "ga4/ga4_traffic_acquisition_2024-11_2026-10.csv"
SHOP_NEW = "shop/orders_export_2.csv"
SOURCES = (
    Source("listening/brandwatch_mentions_2024-11_2025-10.csv", "mentions", BRANDWATCH, _brandwatch),
    Source(BRANDWATCH_NEW, "mentions", BRANDWATCH, _brandwatch),
    Source("listening/tiktok_comments_2024-11_2026-10.csv", "mentions", TIKTOK, _tiktok),
    Source("meta/facebook_posts_2024-11_2025-10.csv", "posts", META, _meta),
    Source("meta/facebook_posts_2025-09_2026-10.csv", "posts", META, _meta),
    Source("meta/instagram_posts_2024-11_2025-10.csv", "posts", META, _meta),
    Source("meta/instagram_posts_2025-09_2026-10.csv", "posts", META, _meta),
    Source(INBOX, "messages", PLAIN, _inbox),
    Source(GA4_FILE, "web_traffic", GA4, _ga4, _ga4_campaign),
    Source("shop/orders_export_1.csv", "orders", PLAIN, _shopify),
    Source(SHOP_NEW, "orders", PLAIN, _shopify),
)
# The new day's files: which scale-1 file they sample, and which of its records (one in the days it covers, by a hash
# of the mention, conversation or order, so a conversation or an order comes whole; GA4: its last day's rows).
NEW_DAY_FILES: tuple[tuple[str, str, Callable[[Col], str]], ...] = (
    (BRANDWATCH_NEW, f"brandwatch_mentions_{NEW_DAY}.csv", lambda col: f"md5_number({col('Url')}) % 396 = 0"),
    (INBOX, f"conversations_{NEW_DAY}.csv", lambda col: f"md5_number({col('conversation_id')}) % 730 = 0"),
    (SHOP_NEW, f"orders_export_{NEW_DAY}.csv", lambda col: f"md5_number({col('Name')}) % 396 = 0"),
    (GA4_FILE, f"ga4_traffic_acquisition_{NEW_DAY}.csv", lambda col: f"{col('Date')} = '20261031'"),
)


@dataclass(frozen=True)
class Scaled:
    """What ``scale_exports`` wrote: per table, the copies made and the records its files hold now."""

    scale: int
    copies: dict[str, int]
    records: dict[str, int]

    def lines(self) -> list[str]:
        out = []
        for table, copies in self.copies.items():
            capped = f" (capped at {CAPS[table]:,} records)" if copies < self.scale else ""
            out.append(f"{table}: {self.records[table]:,} records in the exports, {copies} copies{capped}")
        return out


def keep_handles() -> list[str]:
    """The handles that stay the same in every copy: the brand's, its employees' and its partners'."""
    brand = [h for handles in people.BRAND_HANDLES.values() for h in handles]
    return [*brand, *people.EMPLOYEES, *people.PARTNERS]


def scale_exports(exports: Path, scale: int) -> Scaled:
    """Rewrite the scale-1 exports in ``exports`` with ``scale`` copies of each table's records (capped); at scale 1
    the files stay as they are."""
    if scale == 1:
        return Scaled(1, {}, {})
    with tempfile.TemporaryDirectory(prefix="social-health-scale-") as tmp:
        con = connect(keep_handles(), Path(tmp))
        copies = copies_per_table(con, exports, scale)
        width = copy_width(scale)
        records = dict.fromkeys(copies, 0)
        for source in SOURCES:
            path = exports / source.path
            records[source.table] += write_copies(con, path, path, _copies(source, copies[source.table], width))
        records["posts"] += write_tweets(con, exports / TWEETS, copies["posts"], width, Path(tmp))
    return Scaled(scale, copies, records)


def write_new_day(exports: Path, scale: int) -> list[Path]:
    """Write one new day (``NEW_DAY``) of mentions, messages, orders and GA4 rows beside the demo at ``scale``, at
    its daily volume: about one in the period's days of the scale-1 records (NEW_DAY_FILES), moved to the new day
    and copied as the scaled demo's, with new ids and the same people. Returns the files written."""
    with tempfile.TemporaryDirectory(prefix="social-health-day-") as tmp:
        base = Path(tmp) / "exports"
        write_exports(base)
        con = connect(keep_handles(), Path(tmp))
        copies = copies_per_table(con, base, scale)
        width = copy_width(scale)
        by_path = {source.path: source for source in SOURCES}
        written = []
        for path, name, where in NEW_DAY_FILES:
            source = by_path[path]
            spec = _copies(source, copies[source.table], width, tag="1", day=NEW_DAY)
            target = exports / Path(path).parent / name
            write_copies(con, base / path, target, replace(spec, where=where))
            written.append(target)
    return written


def copy_width(scale: int) -> int:
    """The digits of a copy's number; none at scale 1, where a new day's people are the demo's own."""
    return len(str(scale - 1)) if scale > 1 else 0


def copies_per_table(con: duckdb.DuckDBPyConnection, exports: Path, scale: int) -> dict[str, int]:
    """``min(scale, cap // records)`` per table, from the records its scale-1 files hold."""
    counts = dict.fromkeys(CAPS, 0)
    for source in SOURCES:
        counts[source.table] += count_records(con, exports / source.path, source.layout)
    counts["posts"] += _tweet_count(exports / TWEETS)
    return {table: max(1, min(scale, CAPS[table] // count)) for table, count in counts.items()}


def _copies(source: Source, copies: int, width: int, tag: str = "0", day: str | None = None) -> Copies:
    orders = source.table == "orders"
    return Copies(
        layout=source.layout,
        copies=copies,
        changes=lambda col: source.changes(col, day),
        width=width,
        tag=tag,
        insert=source.insert(day) if width else None,  # scale 1 (a new day's file): one copy, no campaign
        # Shopify: an order's line items stay together under its first row, copy after copy.
        order="_g, k, _r" if orders else "_r, k",
        group=(lambda col: f"min(rowid) OVER (PARTITION BY {col('Name')})") if orders else None,
        head=_ga4_head(day, campaign=width > 0) if source.layout is GA4 else None,
    )


def _ga4_head(day: str | None, campaign: bool) -> Callable[[list[str]], list[str]]:
    def head(lines: list[str]) -> list[str]:
        if day:
            stamp = day.replace("-", "")
            lines = [re.sub(r"^(# (Start|End) date: )\d{8}", rf"\g<1>{stamp}", line) for line in lines]
        if not campaign:
            return lines
        return [*lines[:-1], lines[-1].replace(",Date,", ",Date,Session campaign,", 1)]

    return head


def _tweet_count(tweets: Path) -> int:
    manifest = tweets.with_name("manifest.js").read_text(encoding="utf-8")
    return int(json.loads(manifest.split("=", 1)[1])["dataTypes"]["tweets"]["files"][0]["count"])


# --- the X archive ----------------------------------------------------------------------------------------------

# A tweet's ids and the replied-to person rewritten as the mentions' are, so a brand reply answers its copy's mention.
TWEET_PATCH = """json_merge_patch(t, json_object(
    'id_str', copy_id(t ->> '$.id_str', s), 'id', copy_id(t ->> '$.id', s),
    'edit_info', json_merge_patch(t -> '$.edit_info', json_object('initial', json_merge_patch(
        t -> '$.edit_info.initial', json_object('editTweetIds',
            to_json(list_transform(CAST(t -> '$.edit_info.initial.editTweetIds' AS VARCHAR[]),
                                   lambda x: copy_id(x, s)))))))),
    CASE WHEN t ->> '$.in_reply_to_status_id_str' IS NULL THEN '{}'::JSON ELSE json_object(
        'in_reply_to_status_id_str', copy_id(t ->> '$.in_reply_to_status_id_str', s),
        'in_reply_to_status_id', copy_id(t ->> '$.in_reply_to_status_id', s),
        'in_reply_to_screen_name', copy_handle(t ->> '$.in_reply_to_screen_name', kk),
        'in_reply_to_user_id', copy_id(t ->> '$.in_reply_to_user_id', kk),
        'in_reply_to_user_id_str', copy_id(t ->> '$.in_reply_to_user_id_str', kk)) END)"""


def write_tweets(con: duckdb.DuckDBPyConnection, target: Path, copies: int, width: int, tmp: Path) -> int:
    """``copies`` copies of the archive's tweets, newest first, one tweet object a line (the archive's JSON, written
    compact by DuckDB rather than pretty-printed); manifest.js gets the new count and size."""
    plain = tmp / "tweets.json"
    unwrap_js(target, plain, target.name)
    body = tmp / "tweets.body"
    con.execute(
        f"""COPY (SELECT '  {{"tweet" : ' || tweet::VARCHAR || '}}'
                         || CASE WHEN row_number() OVER (ORDER BY _r, k) < count(*) OVER () THEN ',' ELSE '' END
                  FROM (SELECT _r, k, {TWEET_PATCH} AS tweet FROM (
                      SELECT ordinality AS _r, json -> '$.tweet' AS t, k, lpad(k::VARCHAR, {width}, '0') AS kk,
                             lpad(k::VARCHAR, {width}, '0') || '0' AS s
                      FROM read_json_objects(?, format='array') WITH ORDINALITY CROSS JOIN range({copies}) AS c(k)))
                  ORDER BY _r, k)
            TO '{body}' (FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\x1f')""",
        [str(plain)],
    )
    partial = target.with_name(target.name + ".part")
    with partial.open("wb") as out, body.open("rb") as data:
        out.write(b"window.YTD.tweets.part0 = [\n")
        shutil.copyfileobj(data, out, 1 << 20)
        out.write(b"]")
    partial.replace(target)
    count = _tweet_count(target) * copies
    size = target.stat().st_size + (target.parent / "account.js").stat().st_size
    (target.parent / "manifest.js").write_bytes(manifest_js(count, size).encode("utf-8"))
    return count
