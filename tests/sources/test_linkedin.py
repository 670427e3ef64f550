"""LinkedIn Company Page analytics downloads: content (per-post sheet) and followers workbooks.

Fixtures follow shared/reference/export-formats.md §3 ([PARSER]: sheet and column names from public pandas scripts and
an xlrd importer; no real file was available, so the title row's wording, the exact newest column list and whether
``Views`` counts only video are [UNSURE]). The newer ``.xlsx`` files are written here with openpyxl: content with the
daily sheet first and ``All posts`` (``Reposts``, ``Views``, ``Content Type``) after it, a title row above each header;
followers with ``New followers`` (header on row 1, as the public scripts read it) and a demographic sheet. The older
``.xls`` content file (``Update engagement``: ``Shares``, ``Video views``) is ``tests/cases/linkedin_posts/``,
written with xlwt by the script beside it. Dates are ``MM/DD/YYYY`` text or Excel date cells. Each file has malformed
rows whose line and reason are asserted. All data is invented; text in English, Spanish and Italian.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import openpyxl
import pytest
from conftest import CASES, CONFIG, TEST_SALT, rows

from pipeline import sources
from pipeline.config import load_config
from pipeline.ingest import IngestReport, ingest
from pipeline.sources.probe import probe_file

XLS = CASES / "linkedin_posts/acme_updates_1586000000000.xls"
PEOPLE = ("jane doe", "ana martín", "maria_g", "pepe_runner")
DAILY = [
    "Date",
    "Impressions (organic)",
    "Impressions (sponsored)",
    "Impressions (total)",
    "Unique impressions (organic)",
    "Clicks (organic)",
    "Clicks (sponsored)",
    "Clicks (total)",
    "Reactions (organic)",
    "Reactions (sponsored)",
    "Reactions (total)",
    "Comments (organic)",
    "Comments (sponsored)",
    "Comments (total)",
    "Reposts (organic)",
    "Reposts (sponsored)",
    "Reposts (total)",
    "Engagement rate (organic)",
    "Engagement rate (sponsored)",
    "Engagement rate (total)",
]
ALL_POSTS = [
    "Post title",
    "Post link",
    "Post type",
    "Campaign name",
    "Posted by",
    "Created date",
    "Campaign start date",
    "Campaign end date",
    "Audience",
    "Impressions",
    "Views",
    "Clicks",
    "Click through rate (CTR)",
    "Likes",
    "Comments",
    "Reposts",
    "Follows",
    "Engagement rate",
    "Content Type",
]
FEED = "https://www.linkedin.com/feed/update/"
NEW_FOLLOWERS = ["Date", "Sponsored followers", "Organic followers", "Auto-invited followers", "Total followers"]
VISITORS = [
    "Date",
    "Overview page views (desktop)",
    "Overview page views (mobile)",
    "Overview page views (total)",
    "Total page views (desktop)",
    "Total page views (mobile)",
    "Total page views (total)",
    "Total unique visitors (desktop)",
    "Total unique visitors (mobile)",
    "Total unique visitors (total)",
]


def _save(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, values in sheets.items():
        sheet = book.create_sheet(name)
        for row in values:
            sheet.append(row)
    book.save(path)
    return path


def _daily_sheet() -> list[list[object]]:
    return [["Aggregated content metrics for Acme"], DAILY, ["05/14/2026", *range(1, len(DAILY))]]


def _content(path: Path) -> Path:
    return _save(
        path,
        {
            "Update metrics (aggregated)": _daily_sheet(),
            "All posts": [
                ["All posts for Acme. Metrics of posts created from 04/15/2026 to 05/15/2026."],
                ALL_POSTS,
                [
                    "We're hiring bakers in Leeds 🍞 #hiring",
                    FEED + "urn:li:activity:7190000000000000001",
                    "Organic",
                    None,
                    "Jane Doe",
                    "05/14/2026",
                    None,
                    None,
                    "All followers",
                    2210,
                    None,
                    64,
                    0.029,
                    41,
                    6,
                    3,
                    2,
                    0.0516,
                    "Image",
                ],
                [
                    "Nuestro nuevo vídeo con @pepe_runner",
                    "https://www.linkedin.com/posts/acme_bakery-video-activity-7190000000000000002-AbCd",
                    "Sponsored",
                    "Campaña mayo",
                    "Jane Doe",
                    datetime(2026, 5, 15),
                    datetime(2026, 5, 15),
                    datetime(2026, 5, 22),
                    "Members in Spain",
                    15000,
                    4200,
                    310,
                    0.0207,
                    120,
                    14,
                    8,
                    5,
                    0.03,
                    "Video",
                ],
                [
                    "Buongiorno da Acme!",
                    FEED + "urn:li:activity:7190000000000000003",
                    "Organic",
                    None,
                    "Jane Doe",
                    "14/05/2026",
                    None,
                    None,
                    "All followers",
                    300,
                    None,
                    2,
                    0.0067,
                    9,
                    0,
                    0,
                    0,
                    0.0367,
                    "Text",
                ],
                [
                    None,
                    "https://www.linkedin.com/company/acme/",
                    "Organic",
                    None,
                    "Jane Doe",
                    "05/16/2026",
                    None,
                    None,
                    "All followers",
                    10,
                    None,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    "Text",
                ],
            ],
        },
    )


def _followers(path: Path, title: bool, days: list[list[object]]) -> Path:
    head: list[list[object]] = [["New followers for Acme"]] if title else []
    return _save(
        path,
        {
            "New followers": [*head, NEW_FOLLOWERS, *days],
            "Location": [["Location", "Total followers"], ["Madrid, Spain", 120], ["Milano, Italy", 45]],
            "Job function": [["Job function", "Total followers"], ["Operations", 30]],
        },
    )


def _ingest(project: Path, *files: Path, config: str = CONFIG) -> tuple[IngestReport, duckdb.DuckDBPyConnection]:
    (project / "social-health.yml").write_text(config, encoding="utf-8")
    for path in files:
        if path.parent != project / "exports":
            shutil.copy(path, project / "exports" / path.name)
    loaded = load_config(project / "social-health.yml")
    report = ingest(loaded, TEST_SALT)
    return report, duckdb.connect(str(loaded.warehouse), read_only=True)


def _log(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[object, ...]]:
    return {
        str(r[0]): tuple(r[1:])
        for r in con.execute(
            "SELECT file, format, status, rows_read, rows_loaded, rows_duplicate, rows_rejected FROM load_log"
        ).fetchall()
    }


def _assert_no_person(con: duckdb.DuckDBPyConnection, *tables: str) -> None:
    for table in tables:
        for row in rows(con, f"SELECT * FROM {table}"):
            for value in row.values():
                if isinstance(value, str):
                    assert not any(p in value.lower() for p in PEOPLE), (table, value)


def test_the_per_post_sheet_is_chosen_after_the_daily_sheet(project: Path) -> None:
    probe = probe_file(_content(project / "exports" / "acme_content_1747300000000.xlsx"))
    assert (probe.sheet, probe.sheets) == ("Update metrics (aggregated)", ("Update metrics (aggregated)", "All posts"))
    picked = sources.pick_sheet(probe)
    adapter = sources.detect(picked)
    assert (picked.sheet, adapter.name if adapter else None) == ("All posts", "linkedin_posts")


def test_all_posts_sheet_loads_posts_with_urns_local_days_and_reposts(project: Path) -> None:
    name = "acme_content_1747300000000.xlsx"
    report, con = _ingest(project, _content(project / "exports" / name))
    assert report.failures == []
    posts = {str(r["post_id"]): r for r in rows(con, "SELECT * FROM posts")}
    assert sorted(posts) == ["urn:li:activity:7190000000000000001", "urn:li:activity:7190000000000000002"]
    assert posts["urn:li:activity:7190000000000000001"] == {
        "platform": "linkedin",
        "post_id": "urn:li:activity:7190000000000000001",
        "account": "acme",
        "published_at": datetime(2026, 5, 13, 22, 0, tzinfo=UTC),  # the day, at midnight in Madrid (CEST)
        "text": "We're hiring bakers in Leeds 🍞 #hiring",
        "url": FEED + "urn:li:activity:7190000000000000001",
        "post_type": "Image",
        "in_reply_to_id": None,
        "is_paid": False,
        "impressions": 2210,
        "reach": None,
        "likes": 41,
        "comments": 6,
        "shares": 3,  # Reposts
        "saves": None,
        "clicks": 64,
        "video_views": None,
        "source_file": name,
    }
    video = posts["urn:li:activity:7190000000000000002"]  # the id from a /posts/…-activity-<n>-… link
    assert (video["published_at"], video["is_paid"], video["post_type"], video["video_views"], video["shares"]) == (
        datetime(2026, 5, 14, 22, 0, tzinfo=UTC),
        True,
        "Video",
        4200,
        8,
    )  # Created date as an Excel date cell
    assert str(video["text"]).startswith("Nuestro nuevo vídeo con @p_")
    # rows_read counts the per-post sheet's 4 records; the daily sheet is not loaded.
    assert _log(con) == {name: ("linkedin_posts", "loaded", 4, 2, 0, 2)}
    assert rows(con, "SELECT line, reason FROM rejects ORDER BY line") == [
        {"line": 5, "reason": "Created date is not MM/DD/YYYY"},
        {
            "line": 6,
            "reason": "Post link holds no post URN (urn:li:activity:<id>) and the title is empty",
        },
    ]
    _assert_no_person(con, "posts", "rejects")


def test_legacy_xls_update_engagement_sheet_with_shares_and_video_views(project: Path) -> None:
    report, con = _ingest(project, XLS)
    assert report.failures == []
    posts = {str(r["post_id"]): r for r in rows(con, "SELECT * FROM posts")}
    without_link = "md5:" + hashlib.md5(b"2020-04-07|Behind the ovens at 4am").hexdigest()
    assert sorted(posts) == [without_link, "urn:li:activity:6650000000000000001", "urn:li:share:6650000000000000002"]
    first = posts["urn:li:activity:6650000000000000001"]
    assert (first["published_at"], first["is_paid"], first["post_type"], first["impressions"], first["clicks"]) == (
        datetime(2020, 4, 1, 22, 0, tzinfo=UTC),
        False,
        None,
        1520,
        48,
    )
    assert (first["likes"], first["comments"], first["shares"], first["video_views"]) == (37, 5, 4, None)
    assert str(first["text"]).startswith("¡Abrimos en Madrid! Gracias @p_")
    sponsored = posts["urn:li:share:6650000000000000002"]
    assert (sponsored["published_at"], sponsored["is_paid"], sponsored["video_views"], sponsored["shares"]) == (
        datetime(2020, 4, 4, 22, 0, tzinfo=UTC),
        True,
        3100,
        9,
    )  # an Excel date cell in an .xls
    assert (posts[without_link]["url"], posts[without_link]["text"]) == (None, "Behind the ovens at 4am")
    assert _log(con) == {XLS.name: ("linkedin_posts", "loaded", 4, 3, 0, 1)}
    rejects = rows(con, "SELECT line, reason, raw FROM rejects")
    assert [(r["line"], r["reason"]) for r in rejects] == [(6, "Shares is not a whole number of 0 or more")]
    raw = str(rejects[0]["raw"])
    assert raw.startswith("Update title: Pan de centeno | Update link: https://www.linkedin.com/feed/update/urn:li:")
    assert re.search(r" \| Posted by: p_[0-9a-f]{20}$", raw)  # the admin who posted, hashed
    _assert_no_person(con, "posts", "rejects")


def test_new_followers_load_the_days_gain_and_a_later_download_wins(project: Path) -> None:
    older = _followers(
        project / "acme_followers_1747300000000.xlsx",
        title=False,
        days=[
            ["05/12/2026", 0, 7, 1, 8],
            [datetime(2026, 5, 13), 2, 5, 0, 7],
            ["2026-05-32", 0, 1, 0, 1],
            ["05/15/2026", 0, 3, 0, "n.d."],
        ],
    )
    newer = _followers(
        project / "acme_followers_1747500000000.xlsx",
        title=True,
        days=[
            ["05/13/2026", 2, 7, 0, 9],  # LinkedIn revised the day
            ["05/16/2026", 0, 4, 0, 4],
        ],
    )
    report, con = _ingest(project, older, newer)
    assert report.failures == []
    assert rows(con, "SELECT * FROM followers_daily ORDER BY date") == [
        {
            "platform": "linkedin",
            "account": "acme",
            "date": datetime(2026, 5, 12).date(),
            "followers": None,
            "followers_gained": 8,
            "source_file": older.name,
        },
        {
            "platform": "linkedin",
            "account": "acme",
            "date": datetime(2026, 5, 13).date(),
            "followers": None,
            "followers_gained": 9,
            "source_file": newer.name,
        },
        {
            "platform": "linkedin",
            "account": "acme",
            "date": datetime(2026, 5, 16).date(),
            "followers": None,
            "followers_gained": 4,
            "source_file": newer.name,
        },
    ]
    assert _log(con) == {
        older.name: ("linkedin_followers", "loaded", 4, 1, 1, 2),
        newer.name: ("linkedin_followers", "loaded", 2, 2, 0, 0),
    }
    assert rows(con, "SELECT file, line, reason FROM rejects ORDER BY line") == [
        {"file": older.name, "line": 4, "reason": "Date is not MM/DD/YYYY"},
        {"file": older.name, "line": 5, "reason": "Total followers is not a whole number of 0 or more"},
    ]


def test_followers_need_a_linkedin_page_in_the_config(project: Path) -> None:
    path = _followers(project / "acme_followers_1747300000000.xlsx", title=False, days=[["05/12/2026", 0, 7, 1, 8]])
    config = CONFIG.replace(", linkedin: [acme]", "")
    assert config != CONFIG
    report, _ = _ingest(project, path, config=config)
    assert [str(e) for e in report.failures] == [
        f"{path.name}: is the LinkedIn followers file, but the config lists no LinkedIn page; add it under "
        "brand.handles.linkedin"
    ]


@pytest.mark.parametrize(
    ("sheets", "reason"),
    [
        ({"Update metrics (aggregated)": _daily_sheet()}, "LinkedIn daily content totals"),
        (
            {
                "Visitor metrics": [["Visitor metrics for Acme"], VISITORS, ["05/14/2026", *range(1, len(VISITORS))]],
                "Location": [["Location", "Total page views"], ["Madrid, Spain", 12]],
            },
            "LinkedIn visitors file",
        ),
    ],
)
def test_daily_totals_and_visitors_files_are_skipped_with_their_reason(
    project: Path, sheets: dict[str, list[list[object]]], reason: str
) -> None:
    path = _save(project / "exports" / "acme_download_1747300000000.xlsx", sheets)
    report, con = _ingest(project, path)
    assert report.failures == []
    (outcome,) = report.outcomes
    assert (outcome.status, outcome.format) == ("skipped", None)
    assert str(outcome.message).startswith(reason)
    assert rows(con, "SELECT count(*) AS n FROM posts") == [{"n": 0}]
