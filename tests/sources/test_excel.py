"""Excel versions (.xlsx, .xls) of any CSV layout: read with fastexcel into the same `raw` table as the CSV.

The workbooks are written here with openpyxl from the CSV fixtures of shared/reference/export-formats.md §6a (Shopify
orders, [REAL] layout), §4a (Brandwatch mentions, [PARSER + DOC]) and §5a (GA4 report, [REAL]: its blank line between
sections is an empty row here, counted and rejected), the way Excel saves an opened CSV: plain numbers
become number cells, ``YYYY-MM-DD HH:MM:SS`` texts become date cells. Two choices keep the comparison meaningful and
are stated rather than hidden: ids longer than 15 digits stay text cells (as a number, Excel itself would corrupt them,
§0 rule 1), and malformed values such as ``12/05/2026 9:14`` stay text (the row must still be rejected). A third
workbook has real date, boolean and numeric cells, an empty row between records and rows holding only spaces
below the data. All data is invented. [UNSURE] What Excel (rather than openpyxl) writes is not verified here.
"""

from __future__ import annotations

import csv
import re
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import duckdb
import openpyxl
from conftest import CASES, CONFIG, TEST_SALT, rows

from pipeline.config import load_config
from pipeline.ingest import IngestReport, ingest
from pipeline.sources.base import LoadContext
from pipeline.sources.csvfile import read_csv
from pipeline.sources.probe import is_spreadsheet, probe_file
from pipeline.warehouse import merge

NUMBER = re.compile(r"-?(0|[1-9][0-9]{0,14})(\.[0-9]+)?")  # at most 15 digits: what a float cell holds exactly
TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(\.0)?")


def _cell(text: str) -> object:
    """A CSV value as Excel keeps it after opening the CSV and saving as .xlsx."""
    if NUMBER.fullmatch(text):
        return float(text) if "." in text else int(text)
    if TIMESTAMP.fullmatch(text):
        return datetime.strptime(text[:19], "%Y-%m-%d %H:%M:%S")
    return text if text else None


def _workbook_from_csv(source: Path, target: Path, encoding: str = "utf-8") -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = source.stem[:31]
    with source.open(encoding=encoding, newline="") as handle:
        for record in csv.reader(handle):
            sheet.append([_cell(v) for v in record])
    book.save(target)


def _ingest(root: Path, files: dict[str, Path]) -> tuple[IngestReport, duckdb.DuckDBPyConnection]:
    """A fresh Acme project under ``root`` whose exports are ``files`` (name in exports -> file to copy)."""
    (root / "exports").mkdir(parents=True)
    (root / "social-health.yml").write_text(CONFIG, encoding="utf-8")
    for name, source in files.items():
        shutil.copy(source, root / "exports" / name)
    config = load_config(root / "social-health.yml")
    report = ingest(config, TEST_SALT)
    return report, duckdb.connect(str(config.warehouse), read_only=True)


def _same_as_csv(tmp_path: Path, case: str, table: str, key: str) -> tuple[duckdb.DuckDBPyConnection, str]:
    source = CASES / case
    xlsx = tmp_path / (source.stem + ".xlsx")
    _workbook_from_csv(source, xlsx)
    csv_report, from_csv = _ingest(tmp_path / "csv", {source.name: source})
    xlsx_report, from_xlsx = _ingest(tmp_path / "xlsx", {xlsx.name: xlsx})
    assert csv_report.failures == [] and xlsx_report.failures == []
    select = f"SELECT * EXCLUDE (source_file) FROM {table} ORDER BY {key}"
    assert rows(from_xlsx, select) == rows(from_csv, select)
    rejects = "SELECT line, reason FROM rejects ORDER BY line"
    assert rows(from_xlsx, rejects) == rows(from_csv, rejects)
    counts = "SELECT format, rows_read, rows_loaded, rows_duplicate, rows_rejected FROM load_log"
    assert rows(from_xlsx, counts) == rows(from_csv, counts)
    return from_xlsx, xlsx.name


def test_shopify_orders_xlsx_loads_like_the_csv(tmp_path: Path) -> None:
    con, name = _same_as_csv(tmp_path, "shopify_orders/orders_export_1.csv", "orders", "order_id")
    assert rows(con, "SELECT file, format, rows_read, rows_rejected FROM load_log") == [
        {"file": name, "format": "shopify_orders", "rows_read": 10, "rows_rejected": 5}
    ]
    assert rows(con, "SELECT line, reason FROM rejects ORDER BY line")[0] == {
        "line": 5,
        "reason": "Total is not a decimal number of 0 or more",
    }


def test_brandwatch_xlsx_with_date_cells_and_multiline_text_loads_like_the_csv(tmp_path: Path) -> None:
    source = CASES / "brandwatch/brandwatch_acme_2026-05-12.csv"
    book = tmp_path / "check.xlsx"
    _workbook_from_csv(source, book)
    date_cell = openpyxl.load_workbook(book).active["C8"]  # row 8: the first mention, below 6 metadata rows + header
    assert isinstance(date_cell.value, datetime)
    con, name = _same_as_csv(tmp_path, "brandwatch/brandwatch_acme_2026-05-12.csv", "mentions", "mention_id")
    # The quoted line break in row 9 keeps one row, as in the CSV, so the rejected rows keep their line numbers.
    assert [r["line"] for r in rows(con, "SELECT line FROM rejects ORDER BY line")][:1] == [13]
    assert rows(con, "SELECT format FROM load_log") == [{"format": "brandwatch_mentions"}]
    assert name.endswith(".xlsx")


def test_ga4_xlsx_counts_the_empty_row_between_sections_that_the_csv_reader_skips(tmp_path: Path) -> None:
    # shared/reference/export-formats.md §5a [REAL]: # preamble, the table, a blank line, further # sections.
    source = CASES / "ga4_csv/ga4_traffic_acquisition_2026-04.csv"
    xlsx = tmp_path / "ga4_traffic_acquisition_2026-04.xlsx"
    _workbook_from_csv(source, xlsx)
    _, from_csv = _ingest(tmp_path / "csv", {source.name: source})
    report, from_xlsx = _ingest(tmp_path / "xlsx", {xlsx.name: xlsx})
    assert report.failures == []
    select = "SELECT * EXCLUDE (source_file) FROM web_traffic ORDER BY ALL"
    assert rows(from_xlsx, select) == rows(from_csv, select) != []
    csv_rejects = rows(from_csv, "SELECT line, reason FROM rejects ORDER BY line")
    xlsx_rejects = rows(from_xlsx, "SELECT line, reason FROM rejects ORDER BY line")
    below = "below the report table (a further GA4 section), not data"
    assert xlsx_rejects == sorted([*csv_rejects, {"line": 17, "reason": below}], key=lambda r: int(str(r["line"])))
    counts = "SELECT rows_read, rows_loaded, rows_rejected FROM load_log"
    assert (rows(from_csv, counts), rows(from_xlsx, counts)) == (
        [{"rows_read": 11, "rows_loaded": 4, "rows_rejected": 7}],
        [{"rows_read": 12, "rows_loaded": 4, "rows_rejected": 8}],
    )


def _cells_workbook(path: Path, title: bool = True) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Hoja1"
    if title:
        sheet.append(["Informe de Acme: notas del equipo"])  # a title row above the header
    sheet.append(["platform", "conversation_id", "message_id", "sent_at", "from", "text", "automated"])
    sheet.append(["instagram", 1001, 1, datetime(2026, 5, 12, 9, 14), "maria_g", "Hola, ¿tenéis la talla M?", False])
    sheet.append(["instagram", 1001, 2.0, "2026-05-12T09:31:00+02:00", "acme.es", "Sì, certo!\nA presto", True])
    sheet.append([])  # an empty row between records
    sheet.append(["x", 1002, 3, 0.5, "pepe_runner", 29.0, "false"])
    for row in range(sheet.max_row + 2, sheet.max_row + 5):  # blank-looking rows below the data: not records
        sheet.cell(row=row, column=2).value = " "
    book.save(path)


def _read(tmp_path: Path, path: Path) -> tuple[duckdb.DuckDBPyConnection, int, tuple[str, ...]]:
    (tmp_path / "exports").mkdir(exist_ok=True)
    (tmp_path / "social-health.yml").write_text(CONFIG, encoding="utf-8")
    con = duckdb.connect()
    merge.create_staging(con)
    ctx = LoadContext(con=con, config=load_config(tmp_path / "social-health.yml"), path=path, file=path.name)
    probe = probe_file(path)
    assert (probe.sheet, probe.sheets, probe.lines[0]) == ("Hoja1", ("Hoja1",), "Informe de Acme: notas del equipo")
    table = read_csv(ctx, probe, header_index=1)
    return con, table.records, table.header


def test_date_number_and_boolean_cells_arrive_as_text_adapters_parse(tmp_path: Path) -> None:
    path = tmp_path / "export-without-a-name"  # recognised from its content, not its name
    _cells_workbook(path)
    con, records, header = _read(tmp_path, path)
    assert header == ("platform", "conversation_id", "message_id", "sent_at", "from", "text", "automated")
    assert rows(con, 'SELECT _line, message_id, sent_at, "text", automated FROM raw ORDER BY _line') == [
        {
            "_line": 3,
            "message_id": "1",
            "sent_at": "2026-05-12 09:14:00",
            "text": "Hola, ¿tenéis la talla M?",
            "automated": "false",
        },
        {
            "_line": 4,
            "message_id": "2",
            "sent_at": "2026-05-12T09:31:00+02:00",
            "text": "Sì, certo!\nA presto",
            "automated": "true",
        },
        {"_line": 6, "message_id": "3", "sent_at": "0.5", "text": "29", "automated": "false"},
    ]
    # 4 records: 3 rows in `raw` and the empty row 5, rejected; the blank-looking rows 8-10 are not records.
    assert records == 4
    assert rows(con, "SELECT line, reason, raw, _rows FROM rejects_stage") == [
        {"line": 5, "reason": "empty row between records", "raw": None, "_rows": 1}
    ]


def test_an_excel_inbox_file_is_ingested_with_every_row_accounted_for(tmp_path: Path) -> None:
    path = tmp_path / "inbox.xlsx"
    _cells_workbook(path, title=False)  # the generic inbox layout has its header on the first row
    report, con = _ingest(tmp_path / "p", {"inbox.xlsx": path})
    assert [(o.format, o.status) for o in report.outcomes] == [("inbox_csv", "loaded")]
    log = rows(con, "SELECT rows_read, rows_loaded, rows_rejected FROM load_log")[0]
    assert log == {"rows_read": 4, "rows_loaded": 1, "rows_rejected": 3}
    # An Excel date cell has no offset: the inbox layout requires one, so the row is rejected, not misread.
    assert rows(con, "SELECT line, reason FROM rejects ORDER BY line") == [
        {"line": 2, "reason": "sent_at has no UTC offset; add one, e.g. +02:00"},
        {"line": 4, "reason": "empty row between records"},
        {"line": 5, "reason": "sent_at is not an ISO-8601 time with offset, e.g. 2026-05-12T09:14:00+02:00"},
    ]
    assert rows(con, "SELECT message_id, thread_id, text FROM messages") == [
        {"message_id": "2", "thread_id": "1001", "text": "Sì, certo!\nA presto"}
    ]


def test_only_workbooks_count_as_spreadsheets(tmp_path: Path) -> None:
    book = tmp_path / "a.xlsx"
    _cells_workbook(book)
    assert is_spreadsheet(book, book.read_bytes()[:8])
    archive = tmp_path / "exports.zip"  # a zip of CSVs is not a workbook
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("orders.csv", "Name,Email\n")
    assert not is_spreadsheet(archive, archive.read_bytes()[:8])


def test_a_broken_workbook_fails_alone_with_a_message(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xls"
    broken.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 1024)  # OLE2 magic, no workbook inside
    orders = CASES / "shopify_orders/orders_export_2.csv"
    report, _ = _ingest(tmp_path / "p", {"broken.xls": broken, "orders.csv": orders})
    outcome = {o.file: o for o in report.outcomes}
    assert outcome["orders.csv"].status == "loaded"
    assert outcome["broken.xls"].status == "failed"
    assert "not a known export format" in str(outcome["broken.xls"].message)
