"""The X (Twitter) account archive's tweets: ``data/tweets.js`` and its older and split forms.

Layout (docs: shared/reference/export-formats.md §1a; real archive
``milahu/twitter-milahu104 : data/tweets.js``, ``data/account.js``, ``data/manifest.js``): a JavaScript assignment
``window.YTD.tweets.part0 = [ {"tweet": {...}}, … ]``.
Every number is a JSON string, ``created_at`` reads ``Fri Feb 20 09:10:58 +0000 2026``, ``full_text`` is HTML-escaped,
replies carry ``in_reply_to_*`` keys and other tweets omit them. Archives from 2019 and before name the file
``tweet.js`` (``window.YTD.tweet.part0``) and put each tweet object straight into the array, without the ``"tweet"``
wrapper [PARSER: a public archive-loader test]; large archives are split into ``tweets-part1.js`` … (``…part1``).
``account.js`` beside the file names the account (``account.username``) and ``manifest.js``
(``window.__THAR_CONFIG``) dates the archive (``archiveInfo.generationDate``).

Choices: ``_line`` is the tweet's 1-based position in the array (a JSON file has no spreadsheet rows). Every ``id_str``
is a row of its own, the versions of an edited tweet too (they share ``edit_info.initial.editTweetIds[0]``): they are
distinct ids, each with its own counts. The archive has no impressions, reach, comments, saves, clicks or video views,
so those are NULL; ``is_paid`` is NULL (not stated).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import duckdb

from pipeline.errors import ExportError
from pipeline.sources.base import Adapter, LoadContext, Loaded
from pipeline.sources.probe import Probe
from pipeline.warehouse.macros import count_check

TWEETS_JS = re.compile(r"window\.YTD\.tweets?\.part\d+\s*=")
CHUNK = 1 << 20
CREATED_AT = "%a %b %d %H:%M:%S %z %Y"
# full_text escapes these (replacements written as SQL literals); &amp; goes last so "&amp;lt;" stays "&lt;".
UNESCAPE = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "''"), ("&amp;", "&"))


def unwrap_js(source: Path, target: Path, label: str) -> None:
    """Copy the JSON that ``window.… = <json>;`` assigns into ``target``, a chunk at a time (archives reach GBs)."""
    with source.open("rb") as src, target.open("wb") as dst:
        head = src.read(CHUNK)
        cut = head.find(b"=")
        if cut < 0:
            raise ExportError(label, "is not an X archive data file: no 'window.YTD… =' assignment at its start")
        dst.write(head[cut + 1 :])
        shutil.copyfileobj(src, dst, CHUNK)
    with target.open("r+b") as out:  # drop the statement's trailing ';' (and whitespace) so the rest is plain JSON
        size = out.seek(0, os.SEEK_END)
        out.seek(max(0, size - 4096))
        tail = out.read()
        out.truncate(size - len(tail) + len(tail.rstrip(b" \t\r\n;")))


def archive_value(con: duckdb.DuckDBPyConnection, js: Path, json_path: str, cast: str = "VARCHAR") -> object:
    """One value from a small archive file beside the tweets (account.js, manifest.js); None if absent or unreadable.

    A cursor of its own keeps a broken side file from aborting the load's transaction: the tweets still load.
    """
    if not js.is_file():
        return None
    with tempfile.TemporaryDirectory(prefix="social-health-") as tmp:
        target = Path(tmp) / "side.json"
        cursor = con.cursor()
        try:
            unwrap_js(js, target, js.name)
            row = cursor.execute(
                f"""SELECT try_cast(v AS {cast}) FROM (SELECT json_extract_string(json, ?) AS v
                    FROM read_json_objects(?, format='auto')) WHERE v IS NOT NULL LIMIT 1""",
                [json_path, str(target)],
            ).fetchone()
        except (ExportError, duckdb.Error, OSError):
            return None
        finally:
            cursor.close()
    return row[0] if row else None


def _field(name: str) -> str:
    return f"blank(json_extract_string(t, '$.{name}'))"


def _unescaped(expr: str) -> str:
    for entity, char in UNESCAPE:
        expr = f"replace({expr}, '{entity}', '{char}')"
    return expr


PARSE_SQL = f"""
SELECT 'x' AS platform, id AS post_id, $account::VARCHAR AS account, ts AS published_at,
       redact_text({_unescaped("full_text")}) AS text, 'https://x.com/i/status/' || id AS url,
       CASE WHEN reply_to IS NOT NULL THEN 'reply' WHEN starts_with(full_text, 'RT @') THEN 'repost' ELSE 'post' END
           AS post_type,
       reply_to AS in_reply_to_id, NULL::BOOLEAN AS is_paid, NULL::BIGINT AS impressions, NULL::BIGINT AS reach,
       as_count(likes) AS likes, NULL::BIGINT AS comments, as_count(retweets) AS shares, NULL::BIGINT AS saves,
       NULL::BIGINT AS clicks, NULL::BIGINT AS video_views, _line, 1 AS _rows,
       CASE WHEN id IS NULL THEN 'id_str is missing'
            WHEN NOT regexp_full_match(id, '[0-9]+') THEN 'id_str is not a tweet id'
            WHEN ts IS NULL THEN 'created_at is not like ''Fri Feb 20 09:10:58 +0000 2026'''
            {count_check("likes", "favorite_count")}
            {count_check("retweets", "retweet_count")}
       END AS _reason,
       CASE WHEN _reason IS NOT NULL THEN redact_text(concat_ws(',', coalesce(id, ''), coalesce(created_at, ''),
           coalesce(likes, ''), coalesce(retweets, ''), coalesce(reply_to, ''), coalesce(full_text, ''))) END AS _raw
FROM (SELECT _line, {_field("id_str")} AS id, {_field("created_at")} AS created_at,
             try_strptime({_field("created_at")}, '{CREATED_AT}') AS ts,
             json_extract_string(t, '$.full_text') AS full_text,
             {_field("in_reply_to_status_id_str")} AS reply_to, {_field("favorite_count")} AS likes,
             {_field("retweet_count")} AS retweets
      FROM raw)
"""


class XArchive(Adapter):
    name = "x_archive"
    table = "posts"
    title = "X (Twitter) account archive: data/tweets.js"

    def detect(self, probe: Probe) -> bool:
        return TWEETS_JS.match(probe.head.lstrip()) is not None

    def load(self, ctx: LoadContext, probe: Probe) -> Loaded:
        folder = ctx.path.parent
        account = archive_value(ctx.con, folder / "account.js", "$.account.username")
        as_of = archive_value(ctx.con, folder / "manifest.js", "$.archiveInfo.generationDate", "TIMESTAMPTZ")
        ctx.con.execute("DROP TABLE IF EXISTS raw")
        with tempfile.TemporaryDirectory(prefix="social-health-") as tmp:
            target = Path(tmp) / "tweets.json"
            unwrap_js(ctx.path, target, ctx.file)
            # New archives wrap each tweet as {"tweet": {...}}; 2019-and-earlier ones list the tweet objects bare.
            ctx.con.execute(
                """CREATE TEMP TABLE raw AS SELECT ordinality AS _line, coalesce(json -> '$.tweet', json) AS t
                   FROM read_json_objects(?, format='array') WITH ORDINALITY""",
                [str(target)],
            )
        count = ctx.con.execute("SELECT count(*) FROM raw").fetchone()
        if isinstance(as_of, datetime):
            ctx.exported = as_of.date()
        ctx.stage("posts", PARSE_SQL, {"account": account}, time_label="created_at")
        return Loaded(rows_read=int(count[0]) if count else 0, as_of=as_of if isinstance(as_of, datetime) else None)
