"""Brandwatch Consumer Research "Bulk Mentions Download" CSV.

Fixtures follow shared/reference/export-formats.md §4a ([PARSER + DOC], layout partly [UNSURE]): the metadata
block ``Report:`` / ``Bulk Mentions Download`` / ``Brand:`` / ``<brand>`` / ``Label:`` / blank above the header comes
from a public enricher's test (unnamed public code), the columns from a pandas script reading Brandwatch exports and
developers.brandwatch.com/docs/mention-metadata-field-definitions. The UTF-16 LE + tab variant follows the enricher's
``\\x00``/``\\ufeff`` stripping hint only [UNSURE]. All data is invented; text in English, Spanish and Italian.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from conftest import TEST_SALT, ingest_cases, rows

OLDER = "brandwatch/brandwatch_acme_2026-05-12.csv"
NEWER = "brandwatch/brandwatch_acme_2026-05-14.csv"  # a later download overlapping the first
UTF16 = "brandwatch/brandwatch_acme_utf16.csv"
PEOPLE = (
    "maria_g",
    "pepe_runner",
    "ana_at_acme",
    "giulia77",
    "bad_dater",
    "no_url_person",
    "luca_b",
    "sofia_m",
    "broken_d",
    "carla.foto",
    "laura perez",
    "garcia",
    "gomez",
    "méndez",
    "maria.g@mail.com",
)


def pid(handle: str) -> str:
    return "p_" + hmac.new(TEST_SALT.encode(), handle.encode(), hashlib.sha256).hexdigest()[:20]


def _mentions(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, object]]:
    return {str(r["mention_id"]): r for r in rows(con, "SELECT * FROM mentions")}


def _log(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, object]]:
    return {Path(str(r["file"])).name: r for r in rows(con, "SELECT * FROM load_log")}


def _assert_no_clear_people(con: duckdb.DuckDBPyConnection) -> None:
    for table in ("mentions", "rejects"):
        for row in rows(con, f"SELECT * FROM {table}"):
            for value in row.values():
                if isinstance(value, str):
                    assert not any(p in value.lower() for p in PEOPLE), (table, value)


def test_mentions_load_with_utc_times_pseudonyms_and_platforms(project: Path) -> None:
    _, report, con = ingest_cases(project, OLDER)
    assert report.failures == []
    mentions = _mentions(con)
    assert sorted(mentions)[:4] == [f"179000000000000000{i}" for i in (1, 3, 4, 5)]  # X status ids, as text
    assert mentions["1790000000000000003"] == {
        "platform": "x",
        "mention_id": "1790000000000000003",
        "author_id": pid("maria_g"),
        "author_role": "other",
        "author_followers": 812,
        "published_at": datetime(2026, 5, 12, 7, 14, tzinfo=UTC),  # 09:14 in Madrid (CEST)
        "text": f"Loved the sourdough at @acme with @{pid('pepe_runner')}, write me at [email]",
        "url": "https://x.com/i/status/1790000000000000003",
        "language": "en",
        "sentiment": "positive",
        "in_reply_to_id": None,
        "is_repost": False,
        "language_source": "export",
        "source_file": Path(OLDER).name,
    }
    reply = mentions["1790000000000000004"]  # Date without ".0", a line break in the quoted text
    assert (reply["published_at"], reply["in_reply_to_id"], reply["author_followers"], reply["sentiment"]) == (
        datetime(2026, 5, 12, 8, 2, tzinfo=UTC),
        "1790000000000000003",
        1204,
        "positive",
    )
    assert reply["text"] == f"¡Me encanta!\nGracias @acme y @{pid('maria_g')}"
    assert reply["language"] == "es"
    repost = mentions["1790000000000000005"]
    assert (repost["is_repost"], repost["author_role"]) == (True, "employee")
    assert mentions["1790000000000000001"]["author_role"] == "brand"
    by_platform = {r["platform"]: r for r in mentions.values() if r["platform"] != "x"}
    news, forum = by_platform["news"], by_platform["web"]
    url = "https://elpais.example/economia/2026-05-11/acme.html"
    assert news["mention_id"] == hashlib.md5(url.encode()).hexdigest() and news["url"] == url
    assert (news["author_id"], news["author_followers"], news["sentiment"]) == (pid("laura perez"), None, "neutral")
    # Snippet stands in for an empty Full Text; a sentiment outside positive/neutral/negative is NULL.
    assert (forum["text"], forum["language"], forum["sentiment"]) == ("Il pane di Acme è buonissimo", "it", None)
    _assert_no_clear_people(con)


def test_malformed_mentions_are_rejected_with_line_and_reason(project: Path) -> None:
    _, _, con = ingest_cases(project, OLDER)
    rejects = rows(con, "SELECT line, reason, raw FROM rejects ORDER BY line")
    # Lines count the 6 metadata lines and the header; the quoted line break on line 9 does not add a line.
    assert [(r["line"], r["reason"]) for r in rejects] == [
        (13, "Date is not a time like 2026-05-12 09:14:00.0"),
        (14, "Url is empty"),
        (16, "Page Type and Domain name no known platform"),
    ]
    assert pid("bad_dater") in str(rejects[0]["raw"])
    log = _log(con)[Path(OLDER).name]
    assert (log["format"], log["rows_read"], log["rows_loaded"], log["rows_duplicate"], log["rows_rejected"]) == (
        "brandwatch_mentions",
        9,
        6,
        0,
        3,
    )
    _assert_no_clear_people(con)


def test_overlapping_downloads_keep_one_row_with_the_newest_numbers(project: Path) -> None:
    _, report, con = ingest_cases(project, OLDER, NEWER)
    assert report.failures == []
    tweet = _mentions(con)["1790000000000000003"]
    assert (tweet["author_followers"], tweet["sentiment"], tweet["source_file"]) == (900, "neutral", Path(NEWER).name)
    log = _log(con)
    older, newer = log[Path(OLDER).name], log[Path(NEWER).name]
    assert (older["rows_read"], older["rows_loaded"], older["rows_duplicate"], older["rows_rejected"]) == (9, 5, 1, 3)
    assert (newer["rows_read"], newer["rows_loaded"], newer["rows_duplicate"], newer["rows_rejected"]) == (2, 2, 0, 0)
    assert con.execute("SELECT count(*) FROM mentions").fetchone() == (7,)
    _assert_no_clear_people(con)


def test_utf16_tab_separated_export_with_older_columns_loads(project: Path) -> None:
    raw = (Path(__file__).parent.parent / "cases" / UTF16).read_bytes()
    assert raw.startswith(b"\xff\xfeR\x00e\x00") and "\t".encode("utf-16-le") in raw
    _, report, con = ingest_cases(project, UTF16)
    assert report.failures == []
    mentions = _mentions(con)
    assert sorted(mentions) == ["1770000000000000002", "3355112233_4455"]  # Resource Id when the export has it
    reply = mentions["1770000000000000002"]
    assert (reply["platform"], reply["author_id"], reply["author_followers"]) == ("x", pid("sofia_m"), 1204)
    assert (reply["in_reply_to_id"], reply["text"]) == ("1770000000000000001", "Gracias @acme por la respuesta")
    assert reply["published_at"] == datetime(2026, 4, 2, 17, 5, tzinfo=UTC)
    photo = mentions["3355112233_4455"]
    assert (photo["platform"], photo["author_followers"], photo["published_at"]) == (
        "instagram",
        None,
        datetime(2026, 4, 3, 5, 30, tzinfo=UTC),
    )
    assert [(r["line"], r["reason"]) for r in rows(con, "SELECT line, reason FROM rejects")] == [
        (9, "Date is not a time like 2026-05-12 09:14:00.0")
    ]
    log = _log(con)[Path(UTF16).name]
    assert (log["rows_read"], log["rows_loaded"], log["rows_rejected"]) == (3, 2, 1)
    _assert_no_clear_people(con)
