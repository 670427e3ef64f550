"""Shopify admin orders export (orders_export_1.csv, …).

Fixtures follow shared/reference/export-formats.md §6a ([REAL]: zhangerson/shopify_parsing : orders_export.csv
and Steproac/Monfrere-Tactical-Audit : Shopify_orders_export_2.csv): the exact 79-column header, UTF-8 without BOM,
LF, minimal quoting, one row per line item with the order fields only on an order's first row, ``Created at`` with
the shop's offset changing with DST, a numeric sales-channel id in ``Source``. The short 2012-era header that stops
at ``Cancelled at`` is [PARSER]. All data is invented.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
from conftest import CASES, TEST_SALT, ingest_cases, rows

FIRST = "shopify_orders/orders_export_1.csv"
SECOND = "shopify_orders/orders_export_2.csv"  # a later download: one new order, #1005 again after a refund
OLD = "shopify_orders/orders_export_2012.csv"
PRIVATE = (
    "pat smith",
    "lia romano",
    "calle mayor",
    "via roma",
    "28013",
    "600111222",
    "600333444",
    "@example",
    "ring twice",
)


def pid(value: str) -> str:
    return "p_" + hmac.new(TEST_SALT.encode(), value.encode(), hashlib.sha256).hexdigest()[:20]


def _orders(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, object]]:
    return {str(r["order_id"]): r for r in rows(con, "SELECT * FROM orders")}


def _log(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, object]]:
    return {str(r["file"]): r for r in rows(con, "SELECT * FROM load_log")}


def _assert_nothing_private(con: duckdb.DuckDBPyConnection) -> None:
    for table in ("orders", "rejects"):
        for row in rows(con, f"SELECT * FROM {table}"):
            for value in row.values():
                for text in value if isinstance(value, list) else [value]:
                    if isinstance(text, str):
                        assert not any(p in text.lower() for p in PRIVATE), (table, text)


def test_fixture_keeps_the_real_header_and_bytes() -> None:
    raw = (CASES / FIRST).read_bytes()
    header = raw.split(b"\n")[0].decode().split(",")
    assert len(header) == 79 and header[:3] == ["Name", "Email", "Financial Status"]
    assert header[-1] == "Payment References" and "Landing Site" not in header
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw


def test_one_row_per_order_with_utc_times_lists_and_pseudonymous_customers(project: Path) -> None:
    _, report, con = ingest_cases(project, FIRST)
    assert report.failures == []
    orders = _orders(con)
    assert sorted(orders) == ["6012345678901", "6012345678904", "6012345678905"]  # Id, as text
    assert orders["6012345678905"] == {
        "order_id": "6012345678905",
        "customer_id": pid("pat.smith@example.com"),
        "ordered_at": datetime(2026, 3, 30, 7, 15, tzinfo=UTC),  # +0200: after the DST change
        "revenue": Decimal("54.90"),
        "currency": "EUR",
        "discount_codes": ["SPRING10", "VIP"],
        "tags": ["vip", "repeat"],
        "source_name": "web",
        "financial_status": "paid",
        "source_file": Path(FIRST).name,
    }
    pending = orders["6012345678904"]
    assert (pending["ordered_at"], pending["source_name"], pending["financial_status"]) == (
        datetime(2026, 3, 28, 17, 40, 12, tzinfo=UTC),
        "580111",
        "pending",
    )  # +0100: before the DST change
    assert (pending["discount_codes"], pending["tags"]) == ([], [])  # empty cells: empty lists
    # The same customer whatever the case of the e-mail.
    assert orders["6012345678901"]["customer_id"] == orders["6012345678905"]["customer_id"]
    assert orders["6012345678901"]["source_name"] == "shopify_draft_order"
    _assert_nothing_private(con)


def test_malformed_orders_and_orphan_line_items_are_rejected_whole(project: Path) -> None:
    _, _, con = ingest_cases(project, FIRST)
    rejects = rows(con, "SELECT line, reason, raw FROM rejects ORDER BY line")
    assert [(r["line"], r["reason"]) for r in rejects] == [
        (5, "Total is not a decimal number of 0 or more"),
        (8, "Created at is not YYYY-MM-DD HH:MM:SS +HHMM"),
        (
            9,
            "line item without its order row: no row above it in this file with the same Name carries "
            "Financial Status, Total, Id",
        ),
    ]
    raw = str(rejects[0]["raw"])
    assert raw.startswith("Name: #1003 | Financial Status: paid | ")
    assert f" | Email: {pid('lia.r@example.it')}" in raw and "lia.r" not in raw

    # 10 line items: #1005 (2) + #1004 (1) + #1001 (2) loaded; #1003's 3 lines, #1002 and the orphan rejected.
    log = _log(con)[Path(FIRST).name]
    assert (log["format"], log["rows_read"], log["rows_loaded"], log["rows_duplicate"], log["rows_rejected"]) == (
        "shopify_orders",
        10,
        5,
        0,
        5,
    )
    _assert_nothing_private(con)


def test_overlapping_exports_keep_the_newest_order_state(project: Path) -> None:
    _, report, con = ingest_cases(project, FIRST, SECOND)
    assert report.failures == []
    orders = _orders(con)
    assert sorted(orders) == [f"601234567890{i}" for i in (1, 4, 5, 6)]
    refunded = orders["6012345678905"]
    assert (refunded["financial_status"], refunded["tags"], refunded["source_file"]) == (
        "partially_refunded",
        ["vip", "repeat", "refund-requested"],
        Path(SECOND).name,
    )
    log = _log(con)
    first, second = log[Path(FIRST).name], log[Path(SECOND).name]
    assert (first["rows_read"], first["rows_loaded"], first["rows_duplicate"], first["rows_rejected"]) == (10, 3, 2, 5)
    assert (second["rows_read"], second["rows_loaded"], second["rows_duplicate"]) == (3, 3, 0)
    _assert_nothing_private(con)


def test_older_shorter_export_uses_name_and_leaves_missing_columns_null(project: Path) -> None:
    _, report, con = ingest_cases(project, OLD)
    assert report.failures == []
    orders = _orders(con)
    assert sorted(orders) == ["#0900", "#0901"]  # no Id column: the order number
    assert orders["#0901"]["ordered_at"] == datetime(2012, 11, 3, 16, 58, tzinfo=UTC)  # -0700
    assert orders["#0900"]["ordered_at"] == datetime(2012, 10, 30, 0, 0, tzinfo=UTC)  # -0800
    assert (orders["#0900"]["tags"], orders["#0900"]["source_name"], orders["#0900"]["discount_codes"]) == (
        None,
        None,
        [],
    )
    _assert_nothing_private(con)
