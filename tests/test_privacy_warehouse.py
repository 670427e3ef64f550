"""A finished warehouse holds nobody's handle, email or phone number in clear, in any table of any schema, and no
working table; rejected rows say what is wrong without quoting a person.

The exports are the sample exports of tests/cases/ plus the hostile ones of tests/hostile.py, which plant handles,
emails and phone numbers in every form (in mentions, inbox messages and posts, in loaded rows and as the very value
that gets a row rejected). The scan reads every VARCHAR and VARCHAR[] column of every table the file holds.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import duckdb
import hostile
import pytest
from conftest import CASES, CONFIG, TEST_SALT, rows

from pipeline.config import load_config
from pipeline.demo.project import write_demo_project
from pipeline.ingest import IngestReport, ingest
from pipeline.privacy import DEMO_SALT
from pipeline.queries.results import write_results
from pipeline.queries.run import run_all
from pipeline.warehouse.schema import ALL_TABLES
from pipeline.website.build import build_site
from pipeline.website.labels import Labels
from pipeline.website.quality import data_quality_page

ROOT = Path(__file__).parents[1]


CASE_FOLDERS = ("brandwatch", "inbox", "meta_posts", "talkwalker", "meltwater", "x_analytics", "x_archive",
                "shopify_orders", "ga4_csv", "ga4_bigquery_events", "facebook_insights_legacy")  # fmt: skip


@pytest.fixture(scope="module")
def hostile_warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[IngestReport, hostile.Planted, Path]:
    project = tmp_path_factory.mktemp("hostile")
    exports = project / "exports"
    for name in CASE_FOLDERS:
        shutil.copytree(CASES / name, exports / name)
    planted = hostile.write_hostile_exports(exports / "hostile")
    (project / "social-health.yml").write_text(CONFIG, encoding="utf-8")
    config = load_config(project / "social-health.yml")
    return ingest(config, TEST_SALT), planted, config.warehouse


@pytest.fixture
def con(hostile_warehouse: tuple[IngestReport, hostile.Planted, Path]) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(hostile_warehouse[2]), read_only=True)


def test_the_hostile_exports_load_with_every_row_accounted_for(
    hostile_warehouse: tuple[IngestReport, hostile.Planted, Path],
) -> None:
    report, planted, _ = hostile_warehouse
    outcomes = {Path(o.file).name: o for o in report.outcomes}
    for path in planted.files:
        outcome = outcomes[path.name]
        assert outcome.status == "loaded", outcome.message
        assert outcome.rows_rejected == planted.rejected[path.name]
        assert outcome.rows_loaded > 5
        assert outcome.rows_read == outcome.rows_loaded + outcome.rows_duplicate + outcome.rows_rejected


def test_only_the_contracts_tables_remain_in_the_finished_warehouse(con: duckdb.DuckDBPyConnection) -> None:
    tables = rows(con, "SELECT database_name, schema_name, table_name FROM duckdb_tables()")
    views = rows(con, "SELECT view_name FROM duckdb_views() WHERE NOT internal")
    assert {(r["schema_name"], r["table_name"]) for r in tables} == {("main", name) for name in ALL_TABLES}
    assert {r["database_name"] for r in tables} == {"warehouse"}
    assert views == []


def _text_cells(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(table, column, value) for every VARCHAR and VARCHAR[] cell of every table of every schema."""
    columns = con.execute(
        """SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns
           WHERE data_type IN ('VARCHAR', 'VARCHAR[]') ORDER BY ALL"""
    ).fetchall()
    assert len(columns) > 30
    cells = []
    for schema, table, column, kind in columns:
        name = f'"{schema}"."{table}"'
        values = con.execute(
            f'SELECT DISTINCT unnest("{column}") FROM {name}'
            if kind == "VARCHAR[]"
            else f'SELECT DISTINCT "{column}" FROM {name}'
        ).fetchall()
        cells += [(f"{schema}.{table}", column, str(v)) for (v,) in values if v is not None]
    return cells


def test_no_planted_handle_email_or_phone_is_stored_anywhere(con: duckdb.DuckDBPyConnection) -> None:
    cells = _text_cells(con)
    assert any(table == "main.mentions" and column == "text" and "[phone]" in v for table, column, v in cells)
    assert any(table == "main.messages" and "[email]" in v for table, _, v in cells)
    leaks = [(table, column, value, found) for table, column, value in cells if (found := hostile.found_secrets(value))]
    assert leaks == []


def test_names_are_kept_nowhere_but_inside_a_rejected_field(con: duckdb.DuckDBPyConnection) -> None:
    """A name cannot be told from other words, so it is never echoed: the name and unknown columns are not stored, and
    a reason never quotes a field. rejects.raw keeps the fields an adapter reads (redacted), so a name typed into one
    of those stays there, in the warehouse only."""
    for table, column, value in _text_cells(con):
        if (table, column) != ("main.rejects", "raw"):
            assert hostile.found_names(value) == [], (table, column, value)


def test_reject_reasons_name_the_column_and_the_problem(con: duckdb.DuckDBPyConnection) -> None:
    reasons = {
        (Path(str(r["file"])).name, str(r["reason"]))
        for r in rows(con, "SELECT file, reason FROM rejects WHERE file LIKE 'hostile/%'")
    }
    assert reasons == {
        ("brandwatch_hostile_2026-05-12.csv", "Date is not a time like 2026-05-12 09:14:00.0"),
        ("brandwatch_hostile_2026-05-12.csv", "X Followers is not a whole number of 0 or more"),
        ("brandwatch_hostile_2026-05-12.csv", "Url is empty"),
        ("brandwatch_hostile_2026-05-12.csv", "Page Type and Domain name no known platform"),
        ("inbox_hostile.csv", "sent_at is not an ISO-8601 time with offset, e.g. 2026-05-12T09:14:00+02:00"),
        ("inbox_hostile.csv", "sent_at has no UTC offset; add one, e.g. +02:00"),
        ("inbox_hostile.csv", "automated must be true or false"),
        ("inbox_hostile.csv", "unreadable CSV record: more fields than the header (8 for 7 columns)"),
        (
            "inbox_hostile.csv",
            "platform is not one of x, facebook, instagram, linkedin, tiktok, youtube, threads, bluesky, reddit, "
            "pinterest, news, web (or a spelling such as twitter, fb, ig)",
        ),
        ("May-12-2026_May-12-2026_100044455566677.csv", "Publish time is not MM/DD/YYYY HH:MM"),
        ("May-12-2026_May-12-2026_100044455566677.csv", "Reactions is not a whole number of 0 or more"),
        ("May-12-2026_May-12-2026_100044455566677.csv", "Comments is not a whole number of 0 or more"),
    }


def test_rejected_records_keep_only_what_is_safe(con: duckdb.DuckDBPyConnection) -> None:
    raw = {
        int(str(r["line"])): str(r["raw"])
        for r in rows(con, "SELECT line, raw FROM rejects WHERE file LIKE 'hostile/brandwatch%' ORDER BY line")
    }
    followers = next(v for v in raw.values() if "X Followers: [email]" in v)
    assert "Author: p_" in followers and "Full Name: p_" in followers  # people columns hashed
    assert "Notas internas" not in followers  # a column the format does not know is left out
    unreadable = rows(
        con, "SELECT raw FROM rejects WHERE reason LIKE 'unreadable CSV record%' AND file LIKE 'hostile/%'"
    )
    assert unreadable == [{"raw": None}]


def test_the_data_quality_page_names_no_one(con: duckdb.DuckDBPyConnection) -> None:
    page = data_quality_page(con, [], Labels("en"))
    assert "X Followers is not a whole number of 0 or more" in page
    assert hostile.found_secrets(page) == []
    assert hostile.found_names(page) == []


@pytest.mark.slow
def test_the_built_site_names_no_one(tmp_path: Path) -> None:
    """The demo with the hostile exports added, ingested, run and built: no page, table, CSV, figure or search index
    entry of the site holds a planted handle, email, phone number or name (rejected fields included)."""
    config = load_config(write_demo_project(tmp_path, root=ROOT))
    planted = hostile.write_hostile_exports(config.exports / "hostile")
    report = ingest(config, DEMO_SALT)
    assert {Path(o.file).name for o in report.outcomes if o.status == "loaded"} >= {p.name for p in planted.files}
    write_results(config, run_all(config))
    site = build_site(config)
    quality = html.unescape((site / "data-quality" / "index.html").read_text(encoding="utf-8"))

    assert "X Followers is not a whole number of 0 or more" in quality and "brandwatch_hostile" in quality
    files = [
        p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".csv", ".js", ".xml", ".txt")
    ]
    assert any(p.name == "search_index.json" for p in files)
    leaks = {}
    for path in files:
        text = html.unescape(path.read_text(encoding="utf-8", errors="replace"))
        if found := hostile.found_secrets(text) + hostile.found_names(text):
            leaks[str(path.relative_to(site))] = found
    assert leaks == {}
