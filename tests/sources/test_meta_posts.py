"""Meta Business Suite "Content" post-level CSVs: Facebook and Instagram.

Fixtures follow shared/reference/export-formats.md §2a (Facebook, [PARSER, strong]: the exact header of a public
test fixture "with the same columns and quoting as Meta's per-post exports") and §2b (Instagram, [PARSER]): UTF-8 BOM,
only values with spaces or commas quoted, multi-line captions with ""-escaped quotes, LF line ends, ``Publish time``
``MM/DD/YYYY HH:MM`` without an offset. All data is invented.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
from conftest import ingest_cases, rows

FB_APRIL = "Apr-01-2026_Apr-30-2026_100044455566677.csv"
FB_MAY = "Apr-15-2026_May-14-2026_100044455566677.csv"  # a later download overlapping the first
IG = "Apr-01-2026_May-14-2026_17841400000000001.csv"
PEOPLE = ("maria.lopez", "juan_perez")


def _ingest(project: Path) -> duckdb.DuckDBPyConnection:
    _, report, con = ingest_cases(project, "meta_posts")
    assert report.failures == []
    return con


def _posts(con: duckdb.DuckDBPyConnection, platform: str) -> dict[str, dict[str, object]]:
    return {str(r["post_id"]): r for r in rows(con, f"SELECT * FROM posts WHERE platform = '{platform}'")}


def test_facebook_posts_parse_captions_local_time_and_metrics(project: Path) -> None:
    posts = _posts(_ingest(project), "facebook")
    assert sorted(posts) == ["1122334455667701", "1122334455667702", "1122334455667705"]
    assert posts["1122334455667701"] == {
        "platform": "facebook",
        "post_id": "1122334455667701",
        "account": "Acme",
        "published_at": datetime(2026, 4, 10, 7, 30, tzinfo=UTC),  # 09:30 in Europe/Madrid (CEST)
        "text": "Spring menu is here 🌱",
        "url": "https://www.facebook.com/acme/posts/pfbid0aaa",
        "post_type": "Photos",
        "in_reply_to_id": None,
        "is_paid": False,
        "impressions": 812,
        "reach": 604,
        "likes": 31,
        "comments": 4,
        "shares": 2,
        "saves": None,
        "clicks": 22,
        "video_views": None,
        "source_file": f"meta_posts/{FB_APRIL}",
    }
    reel = posts["1122334455667705"]
    assert (reel["text"], reel["post_type"], reel["is_paid"]) == ("Behind the scenes at 4am", "Reel", True)
    caption = str(posts["1122334455667702"]["text"])
    assert caption.startswith("Thanks @p_")
    assert caption.endswith(' for the "really" lovely review! 🍞\nSee you on Friday, @Acme fans\n\n#sourdough')


def test_overlapping_downloads_keep_the_newest_numbers(project: Path) -> None:
    con = _ingest(project)
    post = _posts(con, "facebook")["1122334455667702"]
    assert (post["impressions"], post["reach"], post["likes"], post["comments"], post["shares"], post["clicks"]) == (
        250,
        190,
        25,
        3,
        2,
        11,
    )
    assert post["url"] == "https://www.facebook.com/acme/posts/pfbid0bbbNEW"  # Meta reissued the permalink
    assert post["source_file"] == f"meta_posts/{FB_MAY}"
    log = {r["file"]: r for r in rows(con, "SELECT * FROM load_log")}
    counts = {f: (r["rows_read"], r["rows_loaded"], r["rows_duplicate"], r["rows_rejected"]) for f, r in log.items()}
    assert counts == {
        f"meta_posts/{FB_APRIL}": (4, 1, 1, 2),
        f"meta_posts/{FB_MAY}": (2, 2, 0, 0),
        f"meta_posts/{IG}": (3, 2, 0, 1),
    }
    assert log[f"meta_posts/{FB_APRIL}"]["format"] == "meta_facebook_posts"
    assert log[f"meta_posts/{IG}"]["format"] == "meta_instagram_posts"


def test_instagram_posts_have_saves_but_no_clicks_or_funding(project: Path) -> None:
    posts = _posts(_ingest(project), "instagram")
    assert sorted(posts) == ["17990000000000001", "17990000000000002"]
    image = posts["17990000000000001"]
    assert image == {
        "platform": "instagram",
        "post_id": "17990000000000001",
        "account": "acme.es",
        "published_at": datetime(2026, 5, 10, 7, 31, tzinfo=UTC),
        "text": image["text"],
        "url": "https://www.instagram.com/p/DAbc123/",
        "post_type": "IG image",
        "in_reply_to_id": None,
        "is_paid": None,
        "impressions": 1450,
        "reach": 1102,
        "likes": 96,
        "comments": 7,
        "shares": 4,
        "saves": 18,
        "clicks": None,
        "video_views": None,
        "source_file": f"meta_posts/{IG}",
    }
    assert str(image["text"]).startswith("Friday sourdough drop #bakery\nTag a friend, @p_")


def test_malformed_rows_are_rejected_with_line_and_reason(project: Path) -> None:
    rejects = rows(_ingest(project), "SELECT file, line, reason FROM rejects ORDER BY file, line")
    assert rejects == [
        {
            "file": f"meta_posts/{FB_APRIL}",
            "line": 4,
            "reason": "Publish time is not MM/DD/YYYY HH:MM",
        },
        {"file": f"meta_posts/{FB_APRIL}", "line": 5, "reason": "Reactions is not a whole number of 0 or more"},
        {"file": f"meta_posts/{IG}", "line": 3, "reason": "Post ID is empty"},
    ]


def test_no_clear_handle_is_stored(project: Path) -> None:
    con = _ingest(project)
    for table in ("posts", "rejects"):
        for row in rows(con, f"SELECT * FROM {table}"):
            for value in row.values():
                if isinstance(value, str):
                    assert not any(p in value.lower() for p in PEOPLE), (table, value)
