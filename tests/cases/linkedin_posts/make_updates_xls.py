"""Writes acme_updates_1586000000000.xls, the legacy (.xls) LinkedIn content fixture; not run by the tests.

Regenerate with ``uv run --with xlwt==1.3.0 python tests/cases/linkedin_posts/make_updates_xls.py`` (xlwt writes
BIFF8 .xls; it is not a project dependency). Layout: shared/reference/export-formats.md §3, older names: the
daily sheet ``Update metrics (aggregated)`` first, then ``Update engagement``, each with a title row above the header.
All data is invented.
"""

from datetime import datetime
from pathlib import Path

import xlwt

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
    "Shares (organic)",
    "Shares (sponsored)",
    "Shares (total)",
    "Engagement rate (organic)",
    "Engagement rate (sponsored)",
    "Engagement rate (total)",
]
POSTS = [
    "Update title",
    "Update link",
    "Update type",
    "Campaign name",
    "Posted by",
    "Created date",
    "Campaign start date",
    "Campaign end date",
    "Audience",
    "Impressions",
    "Video views",
    "Clicks",
    "Click through rate (CTR)",
    "Likes",
    "Comments",
    "Shares",
    "Follows",
    "Engagement rate",
]
FEED = "https://www.linkedin.com/feed/update/"
DAY = datetime(2020, 4, 5)  # written as an Excel date cell
POST_ROWS = [
    [
        "¡Abrimos en Madrid! Gracias @maria_g por venir",
        FEED + "urn:li:activity:6650000000000000001",
        "Organic",
        "",
        "Ana Martín",
        "04/02/2020",
        "",
        "",
        "All followers",
        1520,
        "",
        48,
        0.0316,
        37,
        5,
        4,
        1,
        0.0618,
    ],
    [
        "Nuovo pane integrale, da provare",
        FEED + "urn:li:share:6650000000000000002",
        "Sponsored",
        "Primavera",
        "Ana Martín",
        DAY,
        "04/05/2020",
        "04/12/2020",
        "Members in Italy",
        10250,
        3100,
        210,
        0.0205,
        98,
        12,
        9,
        3,
        0.031,
    ],
    [
        "Behind the ovens at 4am",
        "",
        "Organic",
        "",
        "Ana Martín",
        "04/07/2020",
        "",
        "",
        "All followers",
        800,
        0,
        20,
        0.025,
        15,
        1,
        2,
        0,
        0.0475,
    ],
    [
        "Pan de centeno",
        FEED + "urn:li:activity:6650000000000000004",
        "Organic",
        "",
        "Ana Martín",
        "04/08/2020",
        "",
        "",
        "All followers",
        430,
        "",
        9,
        0.0209,
        11,
        0,
        "tres",
        0,
        0.0465,
    ],
]


def main() -> None:
    book = xlwt.Workbook(encoding="utf-8")
    day_style = xlwt.easyxf(num_format_str="MM/DD/YYYY")
    daily = book.add_sheet("Update metrics (aggregated)")
    daily.write(0, 0, "Aggregated update metrics for Acme. Data for the last 7 days.")
    for col, name in enumerate(DAILY):
        daily.write(1, col, name)
    for row, day in enumerate(("04/06/2020", "04/07/2020"), start=2):
        daily.write(row, 0, day)
        for col in range(1, len(DAILY)):
            daily.write(row, col, col * row)
    posts = book.add_sheet("Update engagement")
    posts.write(0, 0, "Update engagement for Acme. All updates created from 03/08/2020 to 04/08/2020.")
    for col, name in enumerate(POSTS):
        posts.write(1, col, name)
    for row, values in enumerate(POST_ROWS, start=2):
        for col, value in enumerate(values):
            if isinstance(value, datetime):
                posts.write(row, col, value, day_style)
            elif value != "":
                posts.write(row, col, value)
    book.save(str(Path(__file__).with_name("acme_updates_1586000000000.xls")))


if __name__ == "__main__":
    main()
