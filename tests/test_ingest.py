"""The ingest's promises on the generic inbox format: line numbers, accounting, de-duplication, atomic swap."""

import re
from pathlib import Path

import pytest
from conftest import CASES, TEST_SALT, ingest_cases, rows

from pipeline.config import load_config
from pipeline.errors import ConfigError
from pipeline.ingest import ingest


def test_rejects_carry_the_spreadsheet_line_and_a_reason(project: Path) -> None:
    _, report, con = ingest_cases(project, "inbox/inbox_conversations.csv")
    assert report.failures == []
    rejects = rows(con, "SELECT line, reason, raw FROM rejects ORDER BY line")
    # Line 2-3 is one record with a quoted line break, so the bad records sit on spreadsheet rows 4, 5 and 6.
    assert [(r["line"], r["reason"]) for r in rejects] == [
        (4, "sent_at is not an ISO-8601 time with offset, e.g. 2026-05-12T09:14:00+02:00"),
        (5, "unreadable CSV record: more fields than the header (8 for 7 columns)"),
        (6, "automated must be true or false"),
    ]
    assert rejects[1]["raw"] is None  # an unsplittable record keeps no text: it may hold a handle
    # The reason quotes no value; the record keeps its fields by name, the sender column hashed.
    assert re.fullmatch(
        r"platform: instagram \| conversation_id: c1 \| message_id: m3 \| sent_at: not-a-date \| text: auto"
        r" \| automated: true \| from: p_[0-9a-f]{20}",
        str(rejects[0]["raw"]),
    )
    assert "bob" not in str(rejects[2]["raw"])


def test_row_accounting_and_direction(project: Path) -> None:
    _, _, con = ingest_cases(project, "inbox/inbox_conversations.csv")
    (log,) = rows(con, "SELECT * FROM load_log")
    assert (log["rows_read"], log["rows_loaded"], log["rows_duplicate"], log["rows_rejected"]) == (6, 3, 0, 3)
    messages = rows(con, "SELECT message_id, platform, direction, text, sent_at::VARCHAR AS t FROM messages ORDER BY 1")
    assert [(m["message_id"], m["platform"], m["direction"]) for m in messages] == [
        ("m1", "instagram", "inbound"),
        ("m2", "instagram", "outbound"),
        ("m4", "x", "inbound"),
    ]
    assert messages[0]["t"] == "2026-05-12 07:14:00+00"
    assert "maria" not in str(messages[0]["text"]) + str(messages[1]["text"])


def test_a_copied_export_is_counted_as_duplicates_not_loaded_twice(project: Path) -> None:
    (project / "exports" / "again").mkdir()
    (project / "exports" / "again" / "copy.csv").write_bytes((CASES / "inbox/inbox_conversations.csv").read_bytes())
    _, _, con = ingest_cases(project, "inbox/inbox_conversations.csv")
    assert rows(con, "SELECT count(*) AS n FROM messages")[0]["n"] == 3
    log = rows(con, "SELECT file, rows_loaded, rows_duplicate FROM load_log ORDER BY file")
    # Same as_of: the path breaks the tie, so the later path wins every key.
    assert [(r["file"], r["rows_loaded"], r["rows_duplicate"]) for r in log] == [
        ("again/copy.csv", 0, 3),
        ("inbox_conversations.csv", 3, 0),
    ]


def test_unknown_file_is_named_with_nearest_formats_and_others_still_load(project: Path) -> None:
    (project / "exports" / "mystery.csv").write_text("platform,conversation_id,message_id,sent,from,text\n", "utf-8")
    (project / "exports" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    _, report, con = ingest_cases(project, "inbox/inbox_conversations.csv")
    assert [str(f.path) for f in report.failures] == ["mystery.csv"]
    assert "not a known export format (closest: Inbox conversations (generic CSV)" in str(report.failures[0])
    statuses = {r["file"]: r["status"] for r in rows(con, "SELECT file, status FROM load_log")}
    assert statuses == {"inbox_conversations.csv": "loaded", "mystery.csv": "failed", "photo.jpg": "skipped"}
    assert rows(con, "SELECT count(*) AS n FROM messages")[0]["n"] == 3


def test_a_missing_exports_folder_is_a_config_error(project: Path) -> None:
    (project / "exports").rmdir()
    with pytest.raises(Exception, match=r"'exports' folder .* does not exist"):
        ingest(load_config(project / "social-health.yml"), TEST_SALT)


def test_utf16_with_bom_is_read(project: Path) -> None:
    text = (CASES / "inbox/inbox_conversations.csv").read_text("utf-8")
    (project / "exports" / "utf16.csv").write_bytes(text.encode("utf-16"))
    _, _, con = ingest_cases(project)
    assert rows(con, "SELECT count(*) AS n FROM messages")[0]["n"] == 3
    assert rows(con, "SELECT rows_read FROM load_log")[0]["rows_read"] == 6


def test_an_exports_folder_without_exports_is_refused_and_the_last_warehouse_kept(project: Path) -> None:
    config, _, con = ingest_cases(project, "x_analytics/account_analytics_content_2026-04-27_2026-07-25.csv")
    con.close()
    before = config.warehouse.read_bytes()
    for path in (project / "exports").iterdir():
        path.unlink()
    (project / "exports" / "README.md").write_text("# Exports\nPut the files here.\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"no export file found in .*exports; add the platforms' exports"):
        ingest(load_config(project / "social-health.yml"), TEST_SALT)
    assert config.warehouse.read_bytes() == before
