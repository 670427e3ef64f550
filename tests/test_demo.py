"""The embedded demo end to end: ingest twice, account for every row, de-duplicate overlaps, leak no one, build.

One demo project is built per test session (the `demo` fixture); each test reads it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest
from conftest import readable_text, rows

from pipeline.config import Config, load_config
from pipeline.demo import people
from pipeline.demo.project import write_demo_project
from pipeline.ingest import IngestReport, ingest
from pipeline.privacy import DEMO_SALT
from pipeline.queries.evaluation import load_corpus
from pipeline.queries.results import write_results
from pipeline.queries.run import run_all
from pipeline.warehouse.schema import ALL_TABLES
from pipeline.website.build import build_site

pytestmark = pytest.mark.slow  # generates, ingests and builds the demo

ROOT = Path(__file__).parents[1]


@dataclass
class Demo:
    config: Config
    first: IngestReport
    second: IngestReport
    first_tables: dict[str, list[tuple[object, ...]]]
    site: Path


def snapshot(config: Config) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(config.warehouse), read_only=True)
    try:
        out = {}
        for name, table in ALL_TABLES.items():
            columns = [c for c in table.column_names if c != "loaded_at"]
            out[name] = con.execute(f"SELECT {', '.join(columns)} FROM {name} ORDER BY ALL").fetchall()
        return out
    finally:
        con.close()


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    folder = tmp_path_factory.mktemp("demo")
    config = load_config(write_demo_project(folder, root=ROOT))
    first = ingest(config, DEMO_SALT)
    first_tables = snapshot(config)
    second = ingest(config, DEMO_SALT)
    write_results(config, run_all(config))
    site = build_site(config)
    return Demo(config, first, second, first_tables, site)


@pytest.fixture
def con(demo: Demo) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(demo.config.warehouse), read_only=True)


def test_every_demo_file_is_recognised_and_accounted_for(demo: Demo) -> None:
    assert demo.first.failures == []
    loaded = [o for o in demo.first.outcomes if o.status == "loaded"]
    formats = {o.format for o in loaded}
    assert formats >= {
        "x_archive",
        "meta_facebook_posts",
        "meta_instagram_posts",
        "brandwatch_mentions",
        "ga4_csv",
        "shopify_orders",
        "inbox_csv",
    }
    for o in loaded:
        assert o.rows_read > 0, o.file
        assert o.rows_read == o.rows_loaded + o.rows_duplicate + o.rows_rejected, o.file
    skipped = {o.file for o in demo.first.outcomes if o.status == "skipped"}
    assert any(f.endswith("manifest.js") for f in skipped)


def test_load_log_states_the_identity_for_every_file(con: duckdb.DuckDBPyConnection) -> None:
    broken = rows(con, "SELECT file FROM load_log WHERE rows_read <> rows_loaded + rows_duplicate + rows_rejected")
    assert broken == []
    (totals,) = rows(con, "SELECT sum(rows_rejected) AS rejected, sum(rows_duplicate) AS duplicate FROM load_log")
    assert totals["rejected"] == rows(con, "SELECT count(*) AS n FROM rejects")[0]["n"] > 0
    assert totals["duplicate"] > 0
    unexplained = rows(con, "SELECT * FROM rejects WHERE line IS NULL OR reason IS NULL OR reason = ''")
    assert unexplained == []


def test_ingesting_twice_gives_identical_tables(demo: Demo) -> None:
    assert snapshot(demo.config) == demo.first_tables
    first = [(o.file, o.rows_read, o.rows_loaded, o.rows_duplicate, o.rows_rejected) for o in demo.first.outcomes]
    second = [(o.file, o.rows_read, o.rows_loaded, o.rows_duplicate, o.rows_rejected) for o in demo.second.outcomes]
    assert first == second


def test_overlapping_downloads_give_one_row_with_the_newest_numbers(con: duckdb.DuckDBPyConnection) -> None:
    overlaps = rows(
        con,
        """
        SELECT platform, post_id, count(*) AS n FROM posts GROUP BY ALL HAVING count(*) > 1""",
    )
    assert overlaps == []
    log = {r["file"]: r for r in rows(con, "SELECT * FROM load_log WHERE format = 'meta_facebook_posts'")}
    older, newer = sorted(log)  # file names carry their months
    assert log[older]["rows_duplicate"] > 0 and log[newer]["rows_duplicate"] == 0
    # Every post present in both downloads carries the newer file's numbers.
    from_older = rows(con, f"SELECT count(*) AS n FROM posts WHERE platform = 'facebook' AND source_file = '{older}'")
    assert from_older[0]["n"] == log[older]["rows_loaded"]


def test_no_handle_or_email_of_the_demo_people_is_stored_or_published(
    demo: Demo, con: duckdb.DuckDBPyConnection
) -> None:
    secrets = sorted({p.handle.lower() for p in people.people()} | {p.email.lower() for p in people.people()})
    assert len(secrets) > 100
    con.execute("CREATE TEMP TABLE secrets AS SELECT unnest(?::VARCHAR[]) AS s", [secrets])
    for name, table in ALL_TABLES.items():
        for column, kind in table.columns:
            if "VARCHAR" not in kind:
                continue
            value = f"array_to_string({column}, ' ')" if kind.endswith("[]") else column
            leaks = con.execute(
                f"SELECT DISTINCT s FROM {name}, secrets WHERE contains(lower({value}), s) LIMIT 5"
            ).fetchall()
            assert leaks == [], f"{name}.{column} holds {leaks}"
    for path in demo.site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".csv", ".xml", ".js", ".md"}:
            if path.name == "plotly.min.js":
                continue
            text = readable_text(path)
            found = [s for s in secrets if s in text]
            assert found == [], f"{path.relative_to(demo.site)} shows {found[:5]}"


def test_the_site_has_the_metric_chart_and_its_data(demo: Demo) -> None:
    index = (demo.site / "index.html").read_text(encoding="utf-8")
    assert "Data as of" in index
    page = (demo.site / "pillars" / "word_of_mouth" / "index.html").read_text(encoding="utf-8")
    assert 'data-src="assets/charts/wom_weekly.json"' in page
    assert (demo.site / "assets" / "charts" / "wom_weekly.json").stat().st_size > 1000
    quality = html.unescape((demo.site / "data-quality" / "index.html").read_text(encoding="utf-8"))
    assert "brandwatch_mentions" in quality and "Rejected rows by reason" in quality


YEAR_ONE = "week BETWEEN DATE '2024-11-04' AND DATE '2025-10-27'"
YEAR_TWO = "week BETWEEN DATE '2025-11-03' AND DATE '2026-10-26'"
# The demo's story (pipeline/demo/story.py), metric by metric: (result, expression, rows, should it rise?).
STORY = [
    ("wom_weekly", "avg(authentic_recommendations)", "platform = 'all'", True),
    ("wom_weekly", "avg(authentic_share)", "platform = 'all'", True),
    ("wom_weekly", "avg((partner_mentions + paid_mentions) / all_mentions)", "platform = 'all'", False),
    ("social_traffic_weekly", "avg(key_events_per_100_sessions)", "platform = 'all'", True),
    ("social_traffic_weekly", "sum(paid_sessions)", "platform = 'all'", False),
    ("returning_engagers_weekly", "avg(returning_rate)", "platform = 'all'", True),
    ("responsiveness_weekly", "avg(response_rate)", "platform = 'all'", True),
    ("responsiveness_weekly", "median(median_first_response_minutes)", "platform = 'all'", False),
    ("acknowledgment_weekly", "avg(acknowledgment_rate)", "platform = 'all'", True),
    ("net_sentiment_weekly", "avg(net_sentiment)", "platform = 'all'", True),
    ("vanity_weekly", "avg(likes)", "platform = 'all'", False),
    ("health_score", "avg(score)", "pillar = 'care'", True),
]


@pytest.mark.parametrize(("result", "measure", "where", "rises"), STORY, ids=[f"{r}:{m}" for r, m, _, _ in STORY])
def test_the_demo_story_shows_in_the_metrics(
    con: duckdb.DuckDBPyConnection, result: str, measure: str, where: str, rises: bool
) -> None:
    before, after = con.execute(
        f"SELECT (SELECT {measure} FROM metrics.{result} WHERE {where} AND {YEAR_ONE}),"
        f" (SELECT {measure} FROM metrics.{result} WHERE {where} AND {YEAR_TWO})"
    ).fetchone() or (None, None)
    assert before is not None and after is not None
    assert (after > before) if rises else (after < before), (before, after)


def test_the_march_avalanche_is_caught_and_caps_the_score(con: duckdb.DuckDBPyConnection) -> None:
    days = [d for (d,) in con.execute("SELECT day FROM metrics.negative_spike_alerts ORDER BY day").fetchall()]
    assert days and all(date(2026, 3, 9) <= d <= date(2026, 3, 15) for d in days)
    (net,) = con.execute(
        "SELECT net_sentiment FROM metrics.net_sentiment_weekly WHERE platform = 'all' AND week = DATE '2026-03-09'"
    ).fetchone() or (None,)
    assert net is not None and net < 0
    (score,) = con.execute(
        "SELECT score FROM metrics.health_score WHERE pillar = 'overall' AND week = DATE '2026-03-09'"
    ).fetchone() or (None,)
    assert score is not None and score <= 50


def test_cohorts_won_in_year_two_come_back_more(con: duckdb.DuckDBPyConnection) -> None:
    year_one, year_two = con.execute(
        "SELECT avg(retention_rate) FILTER (WHERE cohort_month < DATE '2025-11-01'),"
        " avg(retention_rate) FILTER (WHERE cohort_month >= DATE '2025-11-01')"
        " FROM metrics.cohort_retention WHERE segment = 'all' AND months_after = 1"
    ).fetchone() or (None, None)
    assert year_one is not None and year_two is not None and year_two > year_one


def test_the_classifier_is_exercised_by_the_demo(con: duckdb.DuckDBPyConnection) -> None:
    # the TikTok comments come without sentiment or language: the rules judge them and ingest detects the language
    (tiktok,) = rows(
        con,
        """SELECT count(*) AS n, count(*) FILTER (WHERE m.language_source = 'detected') AS detected,
                  count(*) FILTER (WHERE c.sentiment_source = 'word_lists') AS judged
           FROM mentions AS m JOIN metrics.mention_classes AS c USING (platform, mention_id)
           WHERE m.platform = 'tiktok'""",
    )
    assert tiktok["n"] > 300 and tiktok["detected"] > 0.8 * tiktok["n"] and tiktok["judged"] > 0.5 * tiktok["n"]
    # creators the config does not name as partners disclose gifts, labels and codes: paid, by the classifier
    (paid,) = rows(con, "SELECT count(*) AS n FROM metrics.mention_classes WHERE class = 'paid'")
    assert paid["n"] > 100
    (praise,) = rows(con, "SELECT sum(praise_mentions) AS n FROM metrics.wom_weekly WHERE platform = 'all'")
    assert praise["n"] > 1000  # praise and thanks are no longer counted as recommendations


def test_the_methodology_page_says_how_far_to_trust_the_classes(demo: Demo) -> None:
    page = (demo.site / "methodology" / "index.html").read_text(encoding="utf-8")
    labelled = len(load_corpus(ROOT / "queries"))
    assert f"measured on {labelled} labelled mentions" in page
    assert page.count(" labelled mentions</td>") == 7  # six languages and all
