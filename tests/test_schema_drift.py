"""Schema drift: platforms add and rename columns. Unknown ones are ignored and reported once per file (ingest
summary, load_log, data-quality page); a missing required column fails only its file, naming the nearest header."""

from __future__ import annotations

import html
from pathlib import Path

from conftest import CASES, TEST_SALT, rows

from pipeline import console
from pipeline.config import load_config
from pipeline.ingest import ingest
from pipeline.website.labels import Labels
from pipeline.website.quality import data_quality_page

META = CASES / "meta_posts" / "Apr-01-2026_Apr-30-2026_100044455566677.csv"


def _with_header(text: str, old: str, new: str) -> str:
    header, rest = text.split("\n", 1)
    return header.replace(old, new, 1) + "\n" + rest


def test_unknown_columns_are_ignored_and_reported(project: Path, capsys: object) -> None:
    text = META.read_text(encoding="utf-8")
    # Meta adds a column and renames one the adapter does not use.
    # Meta renames two columns the adapter does not use: both are reported, the file still loads.
    drifted = _with_header(_with_header(text, '"Caption type"', '"Caption kind"'), '"Other Clicks"', '"Boost score"')
    (project / "exports" / "fb.csv").write_text(drifted, encoding="utf-8")
    config = load_config(project / "social-health.yml")
    report = ingest(config, TEST_SALT)
    (outcome,) = report.outcomes
    assert outcome.status == "loaded" and outcome.unknown_columns == ("Caption kind", "Boost score")
    console.ingest_summary(report)
    printed = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "fb.csv: ignored column(s) its format does not know: 'Caption kind', 'Boost score'" in printed
    import duckdb

    con = duckdb.connect(str(config.warehouse), read_only=True)
    (log,) = rows(con, "SELECT format, locale, unknown_columns, rows_read, rows_loaded, rows_rejected FROM load_log")
    assert log["format"] == "meta_facebook_posts" and log["unknown_columns"] == ["Caption kind", "Boost score"]
    assert log["rows_read"] == log["rows_loaded"] + log["rows_rejected"]
    page = html.unescape(data_quality_page(con, [], Labels("en")))  # as read: data is written as character references

    read, loaded, rejected = log["rows_read"], log["rows_loaded"], log["rows_rejected"]
    locale = log["locale"] or ""
    counts = f"{read} | {loaded} | 0 | {rejected}"
    expected = f"| fb.csv | meta_facebook_posts | {locale} | loaded | {counts} | Caption kind,"
    assert expected in page
    assert "| meta_facebook_posts | 1 | 2026-04-" in page  # the source's freshness: one file, its newest day


def test_a_missing_required_column_fails_the_file_naming_the_nearest_header(project: Path) -> None:
    text = _with_header(META.read_text(encoding="utf-8"), '"Publish time"', '"Publish tme"')
    (project / "exports" / "fb.csv").write_text(text, encoding="utf-8")
    report = ingest(load_config(project / "social-health.yml"), TEST_SALT)
    (outcome,) = report.outcomes
    assert outcome.status == "failed"
    assert outcome.message is not None
    assert "required column 'Publish time' is missing; the nearest header is 'Publish tme'" in outcome.message
