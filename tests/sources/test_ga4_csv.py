"""GA4 report CSV downloaded from the UI, by session source / medium.

Fixtures follow shared/reference/export-formats.md §5a ([REAL]: Steproac/Monfrere-Tactical-Audit, Dec 2025
"Traffic acquisition" downloads): UTF-8 without BOM, CRLF, no newline after the last line, nine ``#`` lines (line 6
is ``# `` with a trailing space) holding ``# Start date:`` / ``# End date:``, raw numbers. The trailing sections
(blank line, ``# ----`` lines, a ``Date,Sessions`` chart table) and the ``Grand total`` row follow the parser fixtures
the reference cites [PARSER/UNSURE]; the ``Date`` dimension (``YYYYMMDD``) and the old ``Conversions`` name are
[PARSER]. All numbers are invented.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
from conftest import CASES, ingest_cases, rows

RANGE = "ga4_csv/ga4_traffic_acquisition_2026-04.csv"
DAILY = "ga4_csv/ga4_source_medium_daily_2026-05-01_2026-05-07.csv"
DAILY_LATER = "ga4_csv/ga4_source_medium_daily_2026-05-02_2026-05-10.csv"  # overlaps DAILY on 2026-05-02..07
BELOW = "below the report table (a further GA4 section), not data"


def _traffic(con: duckdb.DuckDBPyConnection) -> dict[tuple[object, ...], dict[str, object]]:
    return {(r["period_start"], r["source"], r["medium"]): r for r in rows(con, "SELECT * FROM web_traffic")}


def _log(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, object]]:
    return {str(r["file"]): r for r in rows(con, "SELECT * FROM load_log")}


def test_fixture_keeps_the_real_byte_layout() -> None:
    raw = (CASES / RANGE).read_bytes()
    lines = raw.split(b"\r\n")
    assert not raw.startswith(b"\xef\xbb\xbf") and not raw.endswith(b"\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert [line.startswith(b"#") for line in lines[:10]] == [True] * 9 + [False]
    assert lines[5] == b"# " and lines[7] == b"# Start date: 20260401" and lines[8] == b"# End date: 20260430"


def test_report_without_date_dimension_covers_the_preamble_range(project: Path) -> None:
    _, report, con = ingest_cases(project, RANGE)
    assert report.failures == []
    traffic = _traffic(con)
    april = date(2026, 4, 1)
    assert set(traffic) == {
        (april, "google", "organic"),
        (april, "(direct)", "(none)"),
        (april, "l.instagram.com", "referral"),
        (april, "newsletter", "email"),
    }
    assert traffic[(april, "google", "organic")] == {
        "period_start": april,
        "period_end": date(2026, 4, 30),
        "source": "google",
        "medium": "organic",
        "campaign": "(organic)",
        "sessions": 4838,
        "engaged_sessions": 4576,
        "key_events": 35.0,
        "revenue": 3481.2,
        "source_file": Path(RANGE).name,
    }
    assert traffic[(april, "newsletter", "email")]["campaign"] == "spring_sale"
    rejects = rows(con, "SELECT line, reason, raw FROM rejects ORDER BY line")
    assert [(r["line"], r["reason"]) for r in rejects] == [
        (15, "Sessions is not a whole number of 0 or more"),
        (16, "GA4 total row, not data"),
        # line 17 is blank; 18-22 are the '# ----' lines and the Date,Sessions chart section below it
        *[(line, BELOW) for line in range(18, 23)],
    ]
    log = _log(con)[Path(RANGE).name]
    assert (log["format"], log["as_of"]) == ("ga4_csv", datetime(2026, 4, 30, tzinfo=UTC))
    assert (log["rows_read"], log["rows_loaded"], log["rows_duplicate"], log["rows_rejected"]) == (11, 4, 0, 7)


def test_daily_rows_and_overlapping_downloads_keep_the_newest_numbers(project: Path) -> None:
    _, report, con = ingest_cases(project, DAILY, DAILY_LATER)
    assert report.failures == []
    traffic = _traffic(con)
    assert sorted((str(k[0]), k[1], k[2]) for k in traffic) == [
        ("2026-05-01", "google", "organic"),
        ("2026-05-02", "google", "organic"),
        ("2026-05-07", "(direct)", "(none)"),
        ("2026-05-10", "google", "cpc"),
    ]
    day = traffic[(date(2026, 5, 2), "google", "organic")]
    assert (day["period_end"], day["sessions"], day["engaged_sessions"], day["key_events"]) == (
        date(2026, 5, 2),
        171,
        133,
        4.0,
    )  # the later download wins; it says Conversions for Key events
    # The later download has no revenue column: the older file's value fills the gap (merge rule).
    assert (day["revenue"], day["source_file"]) == (40.0, Path(DAILY_LATER).name)
    cpc = traffic[(date(2026, 5, 10), "google", "cpc")]
    assert (cpc["revenue"], cpc["campaign"]) == (None, None)  # a metric the export lacks is NULL, not 0
    rejects = rows(con, "SELECT line, reason FROM rejects ORDER BY line")
    assert rejects[0] == {"line": 13, "reason": "Date is not YYYYMMDD"}
    # Line 15 is blank; the second table below it has the same columns but is not this report.
    assert [(r["line"], r["reason"]) for r in rejects[1:]] == [(line, BELOW) for line in range(16, 21)]
    log = _log(con)
    first, later = log[Path(DAILY).name], log[Path(DAILY_LATER).name]
    assert (first["rows_read"], first["rows_loaded"], first["rows_duplicate"], first["rows_rejected"]) == (9, 2, 1, 6)
    assert (later["rows_read"], later["rows_loaded"], later["rows_duplicate"], later["rows_rejected"]) == (2, 2, 0, 0)
    assert later["as_of"] == datetime(2026, 5, 10, tzinfo=UTC)


def test_week_dimension_fails_the_file_instead_of_merging_weeks(project: Path) -> None:
    lines = [
        *(CASES / RANGE).read_bytes().decode().split("\r\n")[:9],
        "Session source / medium,Week,Sessions",
        "google / organic,02,10",
        "google / organic,03,12",
    ]
    (project / "exports" / "weekly.csv").write_bytes("\r\n".join(lines).encode())
    _, report, _ = ingest_cases(project)
    assert [str(f) for f in report.failures] == [
        "weekly.csv: dimension 'Week' cannot be stored (its rows would merge into one period); download the report "
        "with 'Date' as the secondary dimension"
    ]
