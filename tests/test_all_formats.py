"""Every export format at once, as a brand's exports folder really looks: many formats and languages side by side,
overlapping monthly downloads, a file downloaded twice, a spreadsheet copy of a CSV. Every file is recognised and
every one of its rows is accounted for."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import CASES, CONFIG, TEST_SALT
from openpyxl import Workbook

from pipeline import console
from pipeline.config import load_config
from pipeline.ingest import ingest
from pipeline.sources import ADAPTERS

pytestmark = pytest.mark.slow  # loads every format at once

MAPPING = """\
mentions_csv:
  columns: {published_at: Fecha, text: Texto, url: Enlace, author: Autor, platform: Red, sentiment: Sentimiento,
            mention_id: ID, language: Idioma, author_followers: Seguidores}
  time_format: "%d/%m/%Y %H:%M"
  sentiment_values: {positive: [positivo, pos], negative: [negativo, neg], neutral: [neutro]}
"""
# Layout of LinkedIn's followers export (shared/reference/export-formats.md §3): a title row, then the header.
FOLLOWERS = [
    ["Acme: new followers"],
    ["Date", "Sponsored followers", "Organic followers", "Auto-invited followers", "Total followers"],
    ["05/01/2026", 1, 12, 0, 13],
    ["05/02/2026", 0, 9, 1, 10],
]


def _exports(root: Path) -> Path:
    exports = root / "exports"
    shutil.copytree(CASES, exports, ignore=shutil.ignore_patterns("*.py"))
    # The same file downloaded twice under another name, and a copy of a CSV saved as .xlsx by a colleague.
    shutil.copy(CASES / "shopify_orders/orders_export_1.csv", exports / "shopify_orders/orders_export_1 (1).csv")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "New followers"
    for row in FOLLOWERS:
        sheet.append(row)
    book.save(exports / "acme_followers_1586000000000.xlsx")
    return exports


def test_every_format_in_one_folder_loads_with_its_rows_accounted_for(tmp_path: Path, capsys: object) -> None:
    _exports(tmp_path)
    (tmp_path / "social-health.yml").write_text(CONFIG + MAPPING, encoding="utf-8")
    config = load_config(tmp_path / "social-health.yml")
    report = ingest(config, TEST_SALT)
    assert [f"{o.file}: {o.message}" for o in report.outcomes if o.status == "failed"] == []
    loaded = [o for o in report.outcomes if o.status == "loaded"]
    assert {o.format for o in loaded} == {a.name for a in ADAPTERS}  # every registered format is in the folder
    for o in loaded:
        assert o.rows_read == o.rows_loaded + o.rows_duplicate + o.rows_rejected, o
    twice = {o.file: o for o in loaded if "orders_export_1" in o.file}
    assert sum(o.rows_loaded for o in twice.values()) > 0
    assert all(o.rows_duplicate + o.rows_rejected == o.rows_read for o in twice.values() if o.rows_loaded == 0)
    assert {o.locale for o in loaded if o.format == "meta_facebook_posts"} >= {"en", "es", "fr"}
    con = duckdb.connect(str(config.warehouse), read_only=True)
    bad = con.execute(
        "SELECT file FROM load_log WHERE status = 'loaded'"
        " AND rows_read <> rows_loaded + rows_duplicate + rows_rejected"
    ).fetchall()
    assert bad == []
    rejected = dict(con.execute("SELECT file, count(*) FROM rejects GROUP BY file").fetchall())
    logged = dict(con.execute("SELECT file, rows_rejected FROM load_log WHERE rows_rejected > 0").fetchall())
    assert set(rejected) == set(logged)
    assert con.execute("SELECT count(*) FROM followers_daily WHERE platform = 'linkedin'").fetchone() == (2,)
    console.ingest_summary(report, wide=True)
    printed = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "format (locale)" in printed and "meta_facebook_posts (es)" in printed and "ignored column(s)" in printed
    assert "meta_posts_localised/facebook_es.csv" in printed
