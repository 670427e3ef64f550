"""X (Twitter) account archive: data/tweets.js (new) and data/tweet.js (2019 and before).

Fixtures follow shared/reference/export-formats.md §1a, modelled on the real archive
milahu/twitter-milahu104 : data/tweets.js, data/account.js, data/manifest.js (pretty-printed ``" : "`` JSON, every
number a string, in_reply_to_* keys only on replies, HTML-escaped full_text). The bare-object tweet.js layout comes
from a public archive-loader test [PARSER]. All data is invented.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
from conftest import ingest_cases, rows

NEW = "x_archive/twitter-2026-05-20-acme"
OLD = "x_archive/twitter-2019-12-31-acme"
PEOPLE = ("customer_a", "customer_b", "customer_c", "influencer_x")


def _log(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, object]]:
    return {str(r["file"]): r for r in rows(con, "SELECT * FROM load_log")}


def _assert_no_clear_handles(con: duckdb.DuckDBPyConnection) -> None:
    for table in ("posts", "rejects"):
        for row in rows(con, f"SELECT * FROM {table}"):
            for value in row.values():
                if isinstance(value, str):
                    assert not any(p in value.lower() for p in PEOPLE), (table, value)


def test_tweets_load_with_values_in_utc_and_metrics_the_archive_lacks_null(project: Path) -> None:
    _, report, con = ingest_cases(project, NEW)
    assert report.failures == []
    posts = {r["post_id"]: r for r in rows(con, "SELECT * FROM posts ORDER BY post_id")}
    assert list(posts) == [f"179000000000000000{i}" for i in (1, 2, 3, 6, 7)]  # ids stay text
    first = posts["1790000000000000001"]
    assert first == {
        "platform": "x",
        "post_id": "1790000000000000001",
        "account": "acme",
        "published_at": datetime(2024, 5, 13, 8, 15, 2, tzinfo=UTC),
        "text": "New spring range is live & ready: 3 < 4 > 2, \"fresh\" 'daily' https://t.co/abc",
        "url": "https://x.com/i/status/1790000000000000001",
        "post_type": "post",
        "in_reply_to_id": None,
        "is_paid": None,
        "impressions": None,
        "reach": None,
        "likes": 17,
        "comments": None,
        "shares": 3,
        "saves": None,
        "clicks": None,
        "video_views": None,
        "source_file": f"{Path(NEW).name}/data/tweets.js",
    }
    reply = posts["1790000000000000002"]
    assert (reply["post_type"], reply["in_reply_to_id"], reply["likes"], reply["shares"]) == (
        "reply",
        "1789999999999999999",
        1,
        0,
    )
    assert str(reply["text"]).startswith("@p_")
    assert str(reply["text"]).endswith(" sorry about that & thanks for flagging")
    repost = posts["1790000000000000003"]
    assert repost["post_type"] == "repost" and str(repost["text"]).startswith("RT @p_")
    assert "@acme range" in str(repost["text"])  # the brand's own handle stays readable
    # Versions of an edited tweet are distinct ids: one row each, with their own counts.
    assert (posts["1790000000000000006"]["likes"], posts["1790000000000000007"]["likes"]) == (4, 9)
    _assert_no_clear_handles(con)


def test_malformed_items_are_rejected_with_position_and_reason(project: Path) -> None:
    _, _, con = ingest_cases(project, NEW)
    rejects = rows(con, "SELECT line, reason, raw FROM rejects ORDER BY line")
    assert [(r["line"], r["reason"]) for r in rejects] == [
        (4, "id_str is missing"),
        (5, "created_at is not like 'Fri Feb 20 09:10:58 +0000 2026'"),
    ]
    assert "@p_" in str(rejects[1]["raw"])


def test_load_log_accounts_for_every_item_and_skips_the_viewer(project: Path) -> None:
    _, report, con = ingest_cases(project, NEW)
    log = _log(con)
    root = Path(NEW).name
    tweets = log[f"{root}/data/tweets.js"]
    assert (tweets["format"], tweets["status"]) == ("x_archive", "loaded")
    counts = (tweets["rows_read"], tweets["rows_loaded"], tweets["rows_duplicate"], tweets["rows_rejected"])
    assert counts == (7, 5, 0, 2)
    assert tweets["as_of"] == datetime(2026, 5, 20, 9, 21, 47, 114000, tzinfo=UTC)  # manifest's generationDate
    for other in ("Your archive.html", "assets/js/main.js", "data/manifest.js", "data/account.js", "data/README.txt"):
        assert log[f"{root}/{other}"]["status"] == "skipped", other
    assert all(o.status != "failed" for o in report.outcomes)


def test_old_style_tweet_js_with_bare_tweet_objects_loads(project: Path) -> None:
    _, report, con = ingest_cases(project, OLD)
    assert report.failures == []
    posts = rows(
        con,
        "SELECT post_id, account, published_at, text, post_type, in_reply_to_id, likes, shares"
        " FROM posts ORDER BY post_id",
    )
    assert posts[0] == {
        "post_id": "1100000000000000001",
        "account": "acme",
        "published_at": datetime(2019, 12, 19, 16, 30, tzinfo=UTC),
        "text": "Season's greetings from Acme",
        "post_type": "post",
        "in_reply_to_id": None,
        "likes": 5,
        "shares": 2,
    }
    assert (posts[1]["post_type"], posts[1]["in_reply_to_id"]) == ("reply", "1099999999999999999")
    log = _log(con)[f"{Path(OLD).name}/data/tweet.js"]
    assert (log["format"], log["rows_read"], log["rows_loaded"]) == ("x_archive", 2, 2)
    assert log["as_of"] == datetime(2019, 12, 20, 8, 5, 9, tzinfo=UTC)  # no manifest: dated by its latest tweet
    _assert_no_clear_handles(con)


def test_split_part_with_trailing_semicolon_and_no_account_file(project: Path) -> None:
    part = project / "exports" / "loose" / "tweets-part1.js"
    part.parent.mkdir()
    part.write_text(
        'window.YTD.tweets.part1 = [ {\n  "tweet" : {\n    "id_str" : "1790000000000000099",\n'
        '    "created_at" : "Sat Jun 01 10:00:00 +0000 2024",\n    "full_text" : "Part two",\n'
        '    "favorite_count" : "1",\n    "retweet_count" : "0"\n  }\n} ];\n',
        encoding="utf-8",
    )
    _, report, con = ingest_cases(project)
    assert report.failures == []
    assert rows(con, "SELECT post_id, account, text FROM posts") == [
        {"post_id": "1790000000000000099", "account": None, "text": "Part two"}
    ]
