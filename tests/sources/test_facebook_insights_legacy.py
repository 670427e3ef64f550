"""Legacy Facebook Page Insights post-level data export (before Meta Business Suite).

Fixtures follow shared/reference/export-formats.md §2d [REAL]: the 2017 file has the exact 42-column name row and
description row of the real download in scctsi/trial-promoter-app (UTF-8 BOM, LF, names and values quoted like the
real file: ``"Post ID"`` quoted, ids and permalinks bare, ``"Posted"`` values quoted, ``Audience Targeting`` = ``" "``);
the 2015 file has the 34-column layout of that repository's metric_file_parser_spec.rb (nothing quoted but what has a
comma, ``Posted`` as ``10/1/2015 21:00``, ``… views to 95%``). All data is invented. [UNSURE]: Facebook's time zone for
``Posted`` (read in the config's), and how legacy ``pageid_postid`` ids relate to Business Suite's ``Post ID``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from conftest import CASES, ingest_cases, rows

from pipeline.sources import detect
from pipeline.sources.probe import probe_file

FOLDER = "facebook_insights_legacy"
NEW = "Facebook Insights Data Export (Post Level) - Acme - 2017-01-20.csv"
OLD = "Facebook Insights Data Export (Post Level) - Acme - 2015-10-05.csv"
PAGE = "100044455566677"


def _ingest(project: Path, *names: str) -> duckdb.DuckDBPyConnection:
    _, report, con = ingest_cases(project, *(names or (FOLDER,)))
    assert report.failures == []
    return con


def _posts(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, object]]:
    return {str(r["post_id"]).split("_")[1]: r for r in rows(con, "SELECT * FROM posts")}


def _rewrite(project: Path, edit: Callable[[list[list[str]]], None]) -> None:
    """Copy the 2017 fixture into the exports folder, changing its records with ``edit(records)`` (csv-quoted)."""
    with (CASES / FOLDER / NEW).open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.reader(handle))
    edit(records)
    with (project / "exports" / NEW).open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(records)


def test_2017_posts_keep_full_ids_local_times_and_event_counts(project: Path) -> None:
    posts = _posts(_ingest(project))
    assert sorted(posts) == [
        "1650000000000001",
        "1652000000000002",
        "1867404650208401",
        "1867404650208402",
        "1867404650208403",
    ]
    assert posts["1867404650208401"] == {
        "platform": "facebook",
        "post_id": f"{PAGE}_1867404650208401",  # pageid_postid kept whole
        "account": "acme",  # from the permalink: the file has no Page name
        "published_at": datetime(2017, 1, 19, 8, 3, 47, tzinfo=UTC),  # 09:03:47 AM in Europe/Madrid (CET)
        "text": "¡Nueva colección de primavera! Descúbrela en https://acme.example/es",
        "url": "https://www.facebook.com/acme/posts/1867404650208401",
        "post_type": "Link",
        "in_reply_to_id": None,
        "is_paid": False,  # Lifetime Post Paid Reach 0
        "impressions": 600,
        "reach": 350,
        "likes": 21,  # Post Stories (Total Count), not Talking About This (20 people)
        "comments": 5,
        "shares": 6,
        "saves": None,
        "clicks": 27,  # Lifetime Post Consumptions (clicks), not Consumers (18 people)
        "video_views": 0,
        "source_file": f"{FOLDER}/{NEW}",
    }
    photo = posts["1867404650208402"]
    assert photo["published_at"] == datetime(2017, 1, 18, 18, 15, 2, tzinfo=UTC)  # 07:15:02 PM
    assert (photo["is_paid"], photo["video_views"], photo["likes"]) == (True, None, 85)  # empty video cells: NULL
    caption = str(photo["text"])
    assert caption.startswith("Grazie @p_") and "giulia" not in caption
    assert caption.endswith(' per la foto! 📸\nCi vediamo sabato in negozio, "a presto"')


def test_video_views_are_the_total_count_columns_of_each_repeated_pair(project: Path) -> None:
    video = _posts(_ingest(project))["1867404650208403"]
    # Organic Video Views: 410 (Total Count) and 380 (Unique Users); Paid Video Views empty.
    assert (video["post_type"], video["video_views"], video["url"]) == (
        "Video",
        410,
        "https://www.facebook.com/acme/videos/1867404650208403/",
    )
    assert video["published_at"] == datetime(2017, 1, 10, 11, 30, tzinfo=UTC)  # 12:30:00 PM


def test_the_description_row_decides_which_repeat_is_the_total_count(project: Path) -> None:
    def swap_organic_views(records: list[list[str]]) -> None:
        first = records[0].index("Lifetime Organic Video Views")
        descriptions = records[1]
        descriptions[first], descriptions[first + 1] = descriptions[first + 1], descriptions[first]

    _rewrite(project, swap_organic_views)
    assert _posts(_ingest(project, FOLDER + "/" + OLD))["1867404650208403"]["video_views"] == 380


def test_2015_layout_parses_24_hour_unpadded_times(project: Path) -> None:
    status = _posts(_ingest(project))["1652000000000002"]
    assert status == {
        "platform": "facebook",
        "post_id": f"{PAGE}_1652000000000002",
        "account": "acme",
        "published_at": datetime(2015, 10, 2, 7, 22, tzinfo=UTC),  # 10/2/2015 9:22 in Europe/Madrid (CEST)
        "text": "Abbiamo aperto! Vi aspettiamo in via Roma, 12",
        "url": "https://www.facebook.com/acme/posts/1652000000000002:0",
        "post_type": "Status",
        "in_reply_to_id": None,
        "is_paid": True,  # Lifetime Post Paid Reach 50
        "impressions": 760,
        "reach": 500,
        "likes": None,  # the 2015 export has no action-type columns
        "comments": None,
        "shares": None,
        "saves": None,
        "clicks": 44,
        "video_views": None,
        "source_file": f"{FOLDER}/{OLD}",
    }


def test_a_post_in_both_exports_is_merged_and_counted_once(project: Path) -> None:
    con = _ingest(project)
    post = _posts(con)["1650000000000001"]
    assert post["published_at"] == datetime(2015, 10, 1, 19, 0, tzinfo=UTC)  # same instant in both layouts
    assert (post["reach"], post["impressions"], post["likes"], post["clicks"]) == (820, 1400, 60, 101)
    assert post["source_file"] == f"{FOLDER}/{NEW}"
    log = {r["file"]: r for r in rows(con, "SELECT * FROM load_log")}
    counts = {f: (r["rows_read"], r["rows_loaded"], r["rows_duplicate"], r["rows_rejected"]) for f, r in log.items()}
    # rows_read counts records only: the description row (line 2) is neither read nor rejected.
    assert counts == {f"{FOLDER}/{NEW}": (6, 4, 0, 2), f"{FOLDER}/{OLD}": (4, 1, 1, 2)}
    for row in log.values():
        assert row["rows_read"] == row["rows_loaded"] + row["rows_duplicate"] + row["rows_rejected"]
        assert (row["format"], row["unknown_columns"]) == ("facebook_insights_legacy", [])


def test_malformed_rows_are_rejected_with_line_and_reason(project: Path) -> None:
    rejects = rows(_ingest(project), "SELECT file, line, reason FROM rejects ORDER BY file DESC, line")
    # Spreadsheet rows: 1 names, 2 descriptions; the 2017 caption over two lines is one row (4).
    assert rejects[:3] == [
        {
            "file": f"{FOLDER}/{NEW}",
            "line": 6,
            "reason": "Posted is not MM/DD/YYYY hh:mm:ss AM/PM or MM/DD/YYYY HH:MM",
        },
        {
            "file": f"{FOLDER}/{NEW}",
            "line": 7,
            "reason": "Lifetime Post Total Impressions is not a whole number of 0 or more",
        },
        {
            "file": f"{FOLDER}/{OLD}",
            "line": 5,
            "reason": "Post ID is not <page id>_<post id>: use the file as downloaded, not one saved by a spreadsheet",
        },
    ]
    assert rejects[3]["file"] == f"{FOLDER}/{OLD}" and rejects[3]["line"] == 6
    assert str(rejects[3]["reason"]).startswith("unreadable CSV record")
    assert len(rejects) == 4


def test_a_column_outside_the_layout_is_reported_unknown(project: Path) -> None:
    def add_column(records: list[list[str]]) -> None:
        for number, record in enumerate(records):
            record.append("Lifetime Post Saves" if number == 0 else "" if number == 1 else "3")

    _rewrite(project, add_column)
    con = _ingest(project, FOLDER + "/" + OLD)
    log = {r["file"]: r["unknown_columns"] for r in rows(con, "SELECT file, unknown_columns FROM load_log")}
    assert log == {NEW: ["Lifetime Post Saves"], OLD: []}
    assert len(_posts(con)) == 5


def test_detected_by_names_and_descriptions_not_confused_with_business_suite(tmp_path: Path) -> None:
    adapter = detect(probe_file(CASES / FOLDER / NEW))
    assert adapter is not None and adapter.name == "facebook_insights_legacy"
    business_suite = CASES / "meta_posts" / "Apr-01-2026_Apr-30-2026_100044455566677.csv"
    other = detect(probe_file(business_suite))
    assert other is not None and other.name == "meta_facebook_posts"
    # Without its description row the name row alone does not claim the file.
    lines = (CASES / FOLDER / NEW).read_text(encoding="utf-8").split("\n")
    (tmp_path / "copy.csv").write_text("\n".join(lines[:1] + lines[2:]), encoding="utf-8")
    assert detect(probe_file(tmp_path / "copy.csv")) is None
