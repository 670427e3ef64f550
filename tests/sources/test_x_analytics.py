"""X (Twitter) analytics CSVs: legacy tweet activity, X Premium content and account overview.

Fixtures follow shared/reference/export-formats.md §1b and §1c:

- ``tweet_activity_metrics_*`` (§1b, [REAL]): the exact header of the real 2017 download
  scctsi/trial-promoter-app : spec/fixtures/tweet_activity_metrics_TCORSStgOrg_20170401_20170408_en.csv, every field
  double-quoted, LF, float counts, ``-`` in the promoted columns; the 2015 file says ``favorites`` and
  ``promoted favorites`` like the 2015 sample in the same repository's metric_file_parser_spec.rb.
- ``account_analytics_content_*`` (§1c, [PARSER, strong]): documentation and public parsers only, no real file:
  ``Date`` a day only, quoted because of its comma, one count quoted with a thousands comma (that quoting is
  [UNSURE], from one synthetic fixture).
- ``account_overview_analytics*`` (§1c, [PARSER]; column order [UNSURE]): the order the reference documents, and the
  other order seen in public fixtures (without ``Unfollows``).

Tweet ids are real-looking snowflakes built from the times the tests expect. All data is invented.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest
from conftest import CASES, CONFIG, ingest_cases, rows

from pipeline import sources
from pipeline.sources.probe import probe_file

LEGACY_2017 = "tweet_activity_metrics_acme_20170401_20170408_en.csv"
LEGACY_2015 = "tweet_activity_metrics_acme_20150901_20150930_en.csv"
CONTENT = "account_analytics_content_2026-04-27_2026-07-25.csv"
OVERVIEW = "account_overview_analytics.csv"
REORDERED = "account_overview_analytics_reordered.csv"
PEOPLE = ("maria_g", "influencer_x", "cliente_ana", "luca_rossi", "help@acme-shop")


def snowflake_utc(post_id: str) -> datetime:
    """The post's time from its id, to the second (X's documented snowflake layout)."""
    ms = (int(post_id) >> 22) + 1288834974657
    return datetime.fromtimestamp(ms // 1000, UTC)


def _ingest(project: Path, *names: str) -> duckdb.DuckDBPyConnection:
    _, report, con = ingest_cases(project, *(f"x_analytics/{n}" for n in names))
    assert report.failures == []
    return con


def _posts(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, object]]:
    return {str(r["post_id"]): r for r in rows(con, "SELECT * FROM posts")}


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[object, ...]]:
    return {
        str(r["file"]): (r["format"], r["rows_read"], r["rows_loaded"], r["rows_duplicate"], r["rows_rejected"])
        for r in rows(con, "SELECT * FROM load_log WHERE format IS NOT NULL")
    }


def _rejects(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return [(r["file"], r["line"], r["reason"]) for r in rows(con, "SELECT * FROM rejects ORDER BY file, line")]


def test_snowflake_times_used_by_the_fixtures() -> None:
    # The expected times, decoded independently of the adapter; the legacy 'time' column agrees to the minute.
    assert snowflake_utc("848826330664771585") == datetime(2017, 4, 3, 9, 15, 42, tzinfo=UTC)
    assert snowflake_utc("2076926053032661000") == datetime(2026, 7, 14, 7, 5, 33, tzinfo=UTC)
    assert snowflake_utc("2072289115235434507") == datetime(2026, 7, 1, 12, 0, 0, tzinfo=UTC)


def test_legacy_2017_tweet_activity_loads_floats_promoted_and_replies(project: Path) -> None:
    con = _ingest(project, LEGACY_2017)
    posts = _posts(con)
    assert sorted(posts) == ["848826330664771585", "848965856636682242", "849577403536707587"]
    assert posts["848826330664771585"] == {
        "platform": "x",
        "post_id": "848826330664771585",
        "account": "acme",
        "published_at": snowflake_utc("848826330664771585"),  # 'time' says 2017-04-03 09:15 +0000
        "text": "¡Nueva colección de primavera! 🌱 https://t.co/abc1",
        "url": "https://x.com/i/status/848826330664771585",
        "post_type": "post",
        "in_reply_to_id": None,
        "is_paid": False,  # promoted impressions "-"
        "impressions": 1520,
        "reach": None,
        "likes": 19,
        "comments": 2,
        "shares": 3,
        "saves": None,
        "clicks": 11,
        "video_views": 0,
        "source_file": LEGACY_2017,
    }
    reply = posts["848965856636682242"]
    assert (reply["post_type"], reply["in_reply_to_id"], reply["published_at"]) == (
        "reply",
        None,
        datetime(2017, 4, 3, 18, 30, 7, tzinfo=UTC),
    )
    assert str(reply["text"]).startswith("@p_")
    assert str(reply["text"]).endswith(" thanks, fixed now! Write to [email] if not")
    promoted = posts["849577403536707587"]  # a caption over two lines; promoted impressions "1200.0"
    assert (promoted["is_paid"], promoted["impressions"], promoted["likes"], promoted["video_views"]) == (
        True,
        410,
        9,
        37,
    )
    assert str(promoted["text"]).startswith("Il nostro pane, ogni giorno.\nProvalo con @p_")
    assert _counts(con) == {LEGACY_2017: ("x_tweet_activity", 4, 3, 0, 1)}
    assert rows(con, "SELECT unknown_columns FROM load_log") == [{"unknown_columns": []}]
    # The two-line caption counts as one spreadsheet row, so the bad record is row 5.
    assert _rejects(con) == [(LEGACY_2017, 5, "time is not like '2017-04-04 00:00 +0000'")]


def test_legacy_2015_file_reads_favorites_as_likes(project: Path) -> None:
    con = _ingest(project, LEGACY_2015)
    posts = _posts(con)
    assert sorted(posts) == ["648607375841861639", "649293177408225285"]
    first = posts["649293177408225285"]
    assert (first["likes"], first["impressions"], first["comments"], first["shares"], first["clicks"]) == (
        3,
        424,
        2,
        1,
        5,
    )
    assert first["published_at"] == snowflake_utc("649293177408225285") == datetime(2015, 9, 30, 18, 42, 11, tzinfo=UTC)
    assert posts["648607375841861639"]["post_type"] == "reply"
    assert _counts(con) == {LEGACY_2015: ("x_tweet_activity", 3, 2, 0, 1)}
    assert _rejects(con) == [(LEGACY_2015, 3, "favorites is not a whole number of 0 or more")]
    raw = str(rows(con, "SELECT raw FROM rejects")[0]["raw"])  # the record, its link handle-free, people hashed
    assert raw.startswith(
        "Tweet id: 648800760603119622 | Tweet permalink: https://twitter.com/i/status/648800760603119622"
        " | Tweet text: Nuovi orari:"
    )
    assert "grazie @p_" in raw


def test_legacy_time_is_kept_when_the_id_disagrees_with_it(project: Path) -> None:
    # An id whose snowflake falls outside the stated minute: 'time' is what the file says, so it stays.
    text = (CASES / "x_analytics" / LEGACY_2017).read_text(encoding="utf-8")
    (project / "exports" / "activity.csv").write_text(
        text.replace('"2017-04-03 09:15 +0000"', '"2017-04-03 09:16 +0000"'), encoding="utf-8"
    )
    _, _, con = ingest_cases(project)
    post = _posts(con)["848826330664771585"]
    assert post["published_at"] == datetime(2017, 4, 3, 9, 16, tzinfo=UTC)


def test_content_file_times_come_from_the_post_id(project: Path) -> None:
    con = _ingest(project, CONTENT)
    posts = _posts(con)
    assert sorted(posts) == ["2076345841895092234", "2076806398473412617", "2076926053032661000"]
    assert posts["2076926053032661000"] == {
        "platform": "x",
        "post_id": "2076926053032661000",
        "account": "acme",
        "published_at": snowflake_utc("2076926053032661000"),  # Date says only "Tue, Jul 14, 2026"
        "text": "Our summer menu is here ☀️ come by!",
        "url": "https://x.com/i/status/2076926053032661000",
        "post_type": "post",
        "in_reply_to_id": None,
        "is_paid": None,
        "impressions": 12480,  # "12,480"
        "reach": None,
        "likes": 62,
        "comments": 9,
        "shares": 11,  # Reposts, not the Shares column
        "saves": 7,  # Bookmarks
        "clicks": 31,
        "video_views": None,
        "source_file": CONTENT,
    }
    # 23:10 UTC on Jul 13 is Jul 14 in the brand's zone: within the day of slack.
    reply = posts["2076806398473412617"]
    assert reply["published_at"] == snowflake_utc("2076806398473412617") == datetime(2026, 7, 13, 23, 10, 5, tzinfo=UTC)
    assert (reply["post_type"], reply["in_reply_to_id"]) == ("reply", None)
    assert str(reply["text"]).startswith("@p_") and str(reply["text"]).endswith(" grazie mille, a presto!")
    assert posts["2076345841895092234"]["text"] == "Hoy, pan de masa madre\nrecién hecho 🍞 https://t.co/es3"
    assert _counts(con) == {CONTENT: ("x_content_analytics", 5, 3, 0, 2)}
    assert _rejects(con) == [
        (
            CONTENT,
            5,
            "Date is more than a day away from the time in Post id (2026-07-01 12:00:00 UTC)",
        ),
        (CONTENT, 6, "Likes is not a whole number of 0 or more"),
    ]


def test_overview_feeds_daily_follows_for_the_brand_x_account(project: Path) -> None:
    con = _ingest(project, OVERVIEW)
    daily = rows(con, "SELECT * FROM followers_daily ORDER BY date")
    assert daily == [
        {
            "platform": "x",
            "account": "acme",
            "date": date(2026, 7, 12),
            "followers": None,
            "followers_gained": 1200,  # "1,204" new follows - 4 unfollows
            "source_file": OVERVIEW,
        },
        {
            "platform": "x",
            "account": "acme",
            "date": date(2026, 7, 13),
            "followers": None,
            "followers_gained": -1,
            "source_file": OVERVIEW,
        },
        {
            "platform": "x",
            "account": "acme",
            "date": date(2026, 7, 14),
            "followers": None,
            "followers_gained": 7,
            "source_file": OVERVIEW,
        },
    ]
    assert _counts(con) == {OVERVIEW: ("x_account_overview", 5, 3, 0, 2)}
    assert _rejects(con) == [
        (OVERVIEW, 5, "New follows is not a whole number of 0 or more"),
        (OVERVIEW, 6, "Date is not like 'Fri, Apr 26, 2024'"),
    ]


def test_overview_columns_are_found_by_name_and_the_newer_download_wins(project: Path) -> None:
    con = _ingest(project, OVERVIEW, REORDERED)
    gained = {r["date"]: (r["followers_gained"], r["source_file"]) for r in rows(con, "SELECT * FROM followers_daily")}
    # No Unfollows column: the gain is New follows alone. Jul 14 is in both files: the newer one's 11 wins.
    assert gained[date(2026, 7, 14)] == (11, REORDERED)
    assert gained[date(2026, 7, 15)] == (7, REORDERED)
    assert gained[date(2026, 7, 13)] == (-1, OVERVIEW)
    counts = _counts(con)
    assert counts[OVERVIEW] == ("x_account_overview", 5, 2, 1, 2)
    assert counts[REORDERED] == ("x_account_overview", 2, 2, 0, 0)


def test_overview_without_an_x_handle_in_the_config_fails_the_file_with_advice(project: Path) -> None:
    (project / "social-health.yml").write_text(CONFIG.replace("x: [acme], ", ""), encoding="utf-8")
    _, report, _ = ingest_cases(project, f"x_analytics/{OVERVIEW}")
    assert [str(e) for e in report.failures] == [
        f"{OVERVIEW}: is the X account overview, but the config lists no X handle; add it under brand.handles.x"
    ]


def test_one_tweet_in_archive_activity_and_content_files_is_one_row(project: Path) -> None:
    con = _ingest(project, "overlap")
    posts = _posts(con)
    assert sorted(posts) == ["1656211228369952781", "1659978584363708430", "1662798604651282447", "1664195075900526608"]
    # Files rank by date: activity (last post May 20) < content (May 28) < archive (generated Jun 20). Each column
    # takes the newest file's non-empty value.
    assert posts["1656211228369952781"] == {
        "platform": "x",
        "post_id": "1656211228369952781",
        "account": "acme",
        "published_at": snowflake_utc("1656211228369952781"),  # all three sources agree to the second
        "text": "Spring sale starts now 🌸 https://t.co/x1",
        "url": "https://x.com/i/status/1656211228369952781",
        "post_type": "post",
        "in_reply_to_id": None,
        "is_paid": False,  # only the activity file says
        "impressions": 2010,  # content
        "reach": None,
        "likes": 40,  # archive
        "comments": 4,  # content
        "shares": 6,  # archive
        "saves": 7,  # content
        "clicks": 15,  # content
        "video_views": 25,  # activity
        "source_file": "overlap/twitter-2023-06-20-acme/data/tweets.js",
    }
    assert _counts(con) == {
        "overlap/tweet_activity_metrics_acme_20230501_20230531_en.csv": ("x_tweet_activity", 2, 1, 1, 0),
        "overlap/account_analytics_content_2023-05-01_2023-05-31.csv": ("x_content_analytics", 2, 1, 1, 0),
        "overlap/twitter-2023-06-20-acme/data/tweets.js": ("x_archive", 2, 2, 0, 0),
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (LEGACY_2017, "x_tweet_activity"),
        (LEGACY_2015, "x_tweet_activity"),
        (CONTENT, "x_content_analytics"),
        (OVERVIEW, "x_account_overview"),
        (REORDERED, "x_account_overview"),
    ],
)
def test_each_file_is_claimed_by_exactly_one_format(name: str, expected: str) -> None:
    probe = probe_file(CASES / "x_analytics" / name)
    assert [a.name for a in sources.ADAPTERS if a.detect(probe)] == [expected]


def test_no_clear_handle_or_email_is_stored(project: Path) -> None:
    con = _ingest(project, LEGACY_2017, LEGACY_2015, CONTENT, OVERVIEW)
    for table in ("posts", "rejects", "followers_daily"):
        for row in rows(con, f"SELECT * FROM {table}"):
            for value in row.values():
                if isinstance(value, str):
                    assert not any(p in value.lower() for p in PEOPLE), (table, value)
