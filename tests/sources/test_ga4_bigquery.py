"""GA4 raw events from the BigQuery export (``events_YYYYMMDD``) as newline-delimited JSON, gzipped JSON and Parquet.

Fixtures follow shared/reference/export-formats.md §5b ([DOC + PARSER]; no real export file was available): Google's
event schema (support.google.com/analytics/answer/7029846) for the field names and types, the nested records kept
(``event_params`` as ``{key, value: {string_value, int_value, float_value, double_value}}``, ``traffic_source``,
``collected_traffic_source``, ``session_traffic_source_last_click.cross_channel_campaign``, ``ecommerce``, …).
Documentation-only / [UNSURE]: INTEGER fields written as JSON strings and empty fields left out (one event spells its
nulls out instead, both are read); ``session_engaged`` as string ``'1'`` or int ``1`` [PARSER: Velir/dbt-ga4];
intraday-like events without ``session_traffic_source_last_click`` [PARSER]. The Parquet re-download is written by
DuckDB from the JSON with BigQuery's column types (a subset of the columns). People, visits and money are invented;
page titles in Spanish, Italian and English.
"""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from conftest import CASES, ingest_cases, rows

DAY1 = "ga4_bigquery_events/events_20260511.jsonl"
DAY2 = "ga4_bigquery_events/events_20260512.json"
NO_SESSION = "event_params has no ga_session_id: the event cannot be tied to a session"
PSEUDO_IDS = (
    "1001.1778400000",
    "1002.1778000000",
    "1003.1777000000",
    "1004.1776000000",
    "1005.1778480000",
    "1006.1778500000",
    "1007.1778500000",
    "1008.1778560000",
    "1009.1778570000",
    "1010.1778570000",
)
VALUE = "STRUCT(string_value VARCHAR, int_value BIGINT, float_value DOUBLE, double_value DOUBLE)"
CAMPAIGN = "STRUCT(campaign_id VARCHAR, campaign_name VARCHAR, source VARCHAR, medium VARCHAR)"
# BigQuery's types for the columns the fixtures carry (INTEGER -> BIGINT, FLOAT -> DOUBLE, RECORD -> STRUCT).
BQ_COLUMNS = {
    "event_date": "VARCHAR",
    "event_timestamp": "BIGINT",
    "event_name": "VARCHAR",
    "event_params": f"STRUCT(key VARCHAR, value {VALUE})[]",
    "event_bundle_sequence_id": "BIGINT",
    "event_server_timestamp_offset": "BIGINT",
    "user_pseudo_id": "VARCHAR",
    "user_first_touch_timestamp": "BIGINT",
    "device": "STRUCT(category VARCHAR, language VARCHAR, web_info STRUCT(browser VARCHAR, hostname VARCHAR))",
    "geo": "STRUCT(country VARCHAR, city VARCHAR)",
    "traffic_source": "STRUCT(name VARCHAR, medium VARCHAR, source VARCHAR)",
    "stream_id": "VARCHAR",
    "platform": "VARCHAR",
    "collected_traffic_source": "STRUCT(manual_campaign_id VARCHAR, manual_campaign_name VARCHAR, "
    "manual_source VARCHAR, manual_medium VARCHAR, gclid VARCHAR)",
    "session_traffic_source_last_click": f"STRUCT(manual_campaign {CAMPAIGN}, cross_channel_campaign STRUCT("
    "campaign_id VARCHAR, campaign_name VARCHAR, source VARCHAR, medium VARCHAR, source_platform VARCHAR, "
    "default_channel_group VARCHAR, primary_channel_group VARCHAR))",
    "ecommerce": "STRUCT(total_item_quantity BIGINT, purchase_revenue_in_usd DOUBLE, purchase_revenue DOUBLE, "
    "shipping_value DOUBLE, tax_value DOUBLE, transaction_id VARCHAR, unique_items BIGINT)",
    "is_active_user": "BOOLEAN",
    "batch_event_index": "BIGINT",
    "batch_page_id": "BIGINT",
    "batch_ordering_id": "BIGINT",
}


def _traffic(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], tuple[object, ...]]:
    """(day, source) -> (medium, campaign, sessions, engaged, key events, revenue, file)."""
    return {
        (str(r["period_start"]), str(r["source"])): (
            r["medium"],
            r["campaign"],
            r["sessions"],
            r["engaged_sessions"],
            r["key_events"],
            r["revenue"],
            r["source_file"],
        )
        for r in rows(con, "SELECT * FROM web_traffic")
        if r["period_start"] == r["period_end"]
    }


def _log(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[object, ...]]:
    return {
        str(r["file"]): (r["format"], r["rows_read"], r["rows_loaded"], r["rows_duplicate"], r["rows_rejected"])
        for r in rows(con, "SELECT * FROM load_log")
    }


def _event(
    day: str,
    at: str,
    name: str,
    user: str,
    session: int | None,
    params: dict[str, object],
    offset_days: int = 0,
    **records: object,
) -> dict[str, object]:
    """A BigQuery event row as the JSON export writes it (INTEGER fields as strings)."""
    micros = int(datetime.fromisoformat(at).replace(tzinfo=UTC).timestamp() * 1_000_000)
    values = {"ga_session_id": session, **params} if session is not None else params
    event_params = [
        {"key": k, "value": {"int_value": str(v)} if isinstance(v, int) else {"string_value": v}}
        for k, v in values.items()
    ]
    return {
        "event_date": day,
        "event_timestamp": str(micros),
        "event_name": name,
        "event_params": event_params,
        "event_server_timestamp_offset": str(1204 + offset_days * 86_400_000_000),
        "user_pseudo_id": user,
        "platform": "WEB",
        **records,
    }


def _redownload_parquet(target: Path) -> None:
    """events_20260512 downloaded again after GA4's 3-day update, this time as Parquet: the first download's events,
    a late event (its upload two days later) that engages the direct session, a new Italian newsletter session, and a
    malformed event_date. ``experimental_field`` stands for a column GA4 adds one day (schema drift)."""
    cross = {
        "cross_channel_campaign": {
            "campaign_name": "newsletter_maggio",
            "source": "newsletter",
            "medium": "email",
            "default_channel_group": "Email",
        }
    }
    late = [
        _event(
            "20260512",
            "2026-05-12T11:01:00",
            "user_engagement",
            "1009.1778570000",
            1778583600,
            {"session_engaged": "1", "engagement_time_msec": 12000},
            offset_days=2,
            session_traffic_source_last_click={
                "cross_channel_campaign": {"campaign_name": "(direct)", "source": "(direct)", "medium": "(none)"}
            },
        ),
        _event(
            "20260512",
            "2026-05-12T16:45:00",
            "session_start",
            "1011.1778600000",
            1778604300,
            {"session_engaged": 1, "page_title": "Pane fresco ogni mattina"},
            session_traffic_source_last_click=cross,
        ),
        _event(
            "20260532",
            "2026-05-12T16:46:00",
            "page_view",
            "1011.1778600000",
            1778604300,
            {},
            session_traffic_source_last_click=cross,
        ),
    ]
    source = target.with_suffix(".jsonl")
    lines = (CASES / DAY2).read_text(encoding="utf-8").splitlines() + [json.dumps(e) for e in late]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    duckdb.sql(
        f"""COPY (SELECT *, 'beta' AS experimental_field FROM read_json('{source}', format='newline_delimited',
            columns={BQ_COLUMNS!r})) TO '{target}' (FORMAT parquet)"""
    )
    source.unlink()


def test_events_become_daily_rows_by_session_source(project: Path) -> None:
    _, report, con = ingest_cases(project, DAY1)
    assert report.failures == []
    file = Path(DAY1).name
    assert _traffic(con) == {
        # two sessions of one visitor (session_engaged '1' on a later event, then on its only event)
        ("2026-05-11", "google"): ("organic", "(organic)", 2, 2, 0.0, 0.0, file),
        # session_engaged as int 1; the purchase is the key event (begin_checkout is not one) and the revenue
        ("2026-05-11", "newsletter"): ("email", "rebajas_primavera", 1, 1, 1.0, 59.9, file),
        # intraday-like: no session_traffic_source_last_click, so collected_traffic_source of its first event
        ("2026-05-11", "instagram"): ("social", "saldi_estate", 1, 0, 0.0, 0.0, file),
        # no last-click and no collected source: the source/medium/campaign event parameters; a lead engages it
        ("2026-05-11", "l.facebook.com"): ("referral", "(referral)", 1, 1, 1.0, 0.0, file),
        ("2026-05-11", "(direct)"): ("(none)", "(direct)", 1, 0, 0.0, 0.0, file),
    }
    rejects = rows(con, "SELECT line, reason, raw FROM rejects ORDER BY line")
    assert [(r["line"], r["reason"]) for r in rejects] == [
        (13, "line is not valid JSON"),
        (15, "user_pseudo_id is empty: the event cannot be tied to a session"),
        (16, NO_SESSION),
        (17, "event_date is not YYYYMMDD"),
    ]
    assert rejects[0]["raw"].startswith('{"event_date":"20260511","event_timestamp":"1778529700000000"')
    assert rejects[3]["raw"].startswith("2026-05-11,1778534700000000,page_view,p_")
    log = rows(con, "SELECT * FROM load_log")[0]
    assert (log["format"], log["rows_read"], log["rows_loaded"], log["rows_duplicate"], log["rows_rejected"]) == (
        "ga4_bigquery_events",
        17,
        13,
        0,
        4,
    )
    # as_of: the latest event plus its upload delay (event_server_timestamp_offset, 1204 µs)
    assert log["as_of"] == datetime(2026, 5, 11, 21, 25, 0, 1204, tzinfo=UTC)
    assert log["unknown_columns"] == []
    for table in ("web_traffic", "rejects"):
        text = " ".join(str(v) for r in rows(con, f"SELECT * FROM {table}") for v in r.values())
        assert not any(p in text for p in PSEUDO_IDS), table  # pseudonymous ids are hashed or hidden


def test_gzipped_json_loads_like_the_plain_file(project: Path) -> None:
    # plus a purchase whose revenue was written with a decimal comma (a hand-edited file)
    bad = _event(
        "20260511",
        "2026-05-11T22:00:00",
        "purchase",
        "1002.1778000000",
        1778491800,
        {},
        ecommerce={"purchase_revenue": "59,90", "transaction_id": "T-2042"},
    )
    with gzip.open(project / "exports" / "events_20260511.json.gz", "wb") as dst:
        dst.write((CASES / DAY1).read_bytes() + json.dumps(bad).encode() + b"\n")
    _, report, con = ingest_cases(project)
    assert report.failures == []
    assert _traffic(con)[("2026-05-11", "newsletter")][:6] == ("email", "rebajas_primavera", 1, 1, 1.0, 59.9)
    assert _log(con) == {"events_20260511.json.gz": ("ga4_bigquery_events", 18, 13, 0, 5)}
    rejects = rows(con, "SELECT line, reason FROM rejects ORDER BY line")
    assert [r["line"] for r in rejects] == [13, 15, 16, 17, 18]
    assert rejects[-1]["reason"] == "ecommerce.purchase_revenue is not a decimal number"


def test_a_redownloaded_day_replaces_the_first_download(project: Path) -> None:
    _redownload_parquet(project / "exports" / "events_20260512 (1).parquet")
    _, report, con = ingest_cases(project, DAY2)
    assert report.failures == []
    newer = "events_20260512 (1).parquet"
    assert _traffic(con) == {
        ("2026-05-12", "google"): ("organic", "(organic)", 1, 1, 0.0, 0.0, newer),
        ("2026-05-12", "(direct)"): ("(none)", "(direct)", 1, 1, 0.0, 0.0, newer),  # engaged by the late event
        ("2026-05-12", "newsletter"): ("email", "newsletter_maggio", 1, 1, 0.0, 0.0, newer),
    }
    # The first download's rows are duplicates of the newer file's (same day and source); its reject stays.
    assert _log(con) == {
        Path(DAY2).name: ("ga4_bigquery_events", 3, 0, 2, 1),
        newer: ("ga4_bigquery_events", 6, 4, 0, 2),
    }
    rejects = rows(con, "SELECT file, line, reason FROM rejects ORDER BY file, line")
    assert [(r["file"], r["line"], r["reason"]) for r in rejects] == [
        (newer, 3, NO_SESSION),
        (newer, 6, "event_date is not YYYYMMDD"),
        (Path(DAY2).name, 3, NO_SESSION),
    ]
    log = {r["file"]: r for r in rows(con, "SELECT * FROM load_log")}
    # The late event happened at 11:01, before the first download's last event, but reached GA4 two days later.
    assert log[newer]["as_of"] == datetime(2026, 5, 14, 11, 1, 0, 1204, tzinfo=UTC)
    assert log[Path(DAY2).name]["as_of"] == datetime(2026, 5, 12, 11, 2, 0, 1204, tzinfo=UTC)
    assert log[newer]["unknown_columns"] == ["experimental_field"]


def test_other_binary_files_still_fail_as_unknown(project: Path) -> None:
    exports = project / "exports"
    duckdb.sql(
        f"COPY (SELECT 1 AS order_id, DATE '2026-05-12' AS day) TO '{exports / 'orders.parquet'}' (FORMAT parquet)"
    )
    (exports / "dump.bin").write_bytes(b"\x00\x01\x02 not an export \x00")
    with gzip.open(exports / "notes.json.gz", "wt") as handle:
        handle.write('{"note": "hola"}\n')
    _, report, con = ingest_cases(project)
    failed = sorted(str(f).split(":")[0] for f in report.failures)
    assert failed == ["dump.bin", "notes.json.gz", "orders.parquet"]
    assert all("not a known export format" in str(f) for f in report.failures)
    assert {r["status"] for r in rows(con, "SELECT status FROM load_log")} == {"failed"}
