"""The report site as built from the demo: its pages, tiles, readings, alerts, narrative placeholders, escaping,
languages and the self-hosted plotly bundle. (What a browser does with it: tests/browser/.)"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import plotly.offline
import pytest
import yaml
from conftest import live_scripts_and_links

from pipeline.config import Config, load_config
from pipeline.demo.project import write_demo_project
from pipeline.errors import BuildError, ConfigError, QueryError
from pipeline.ingest import ingest
from pipeline.privacy import DEMO_SALT
from pipeline.queries.results import load_manifest, write_results
from pipeline.queries.run import run_all
from pipeline.website.build import PLOTLY_BUNDLE, build_site
from pipeline.website.compare import compared_month, noise_band
from pipeline.website.labels import Labels
from pipeline.website.markup import change, formatted, reading
from pipeline.website.model import TileView

pytestmark = pytest.mark.slow  # builds the demo site (and copies of it)

ROOT = Path(__file__).parents[1]
PILLARS = ("word_of_mouth", "traffic", "loyalty", "care", "reputation")


@dataclass
class Built:
    config: Config
    site: Path


def _run_and_build(config: Config, **overrides: object) -> Path:
    write_results(config, run_all(config, dict(overrides)))
    return build_site(config)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    config = load_config(write_demo_project(tmp_path_factory.mktemp("site"), root=ROOT))
    ingest(config, DEMO_SALT)
    return Built(config, _run_and_build(config))


def _copy(built: Built, target: Path, **site: str) -> Config:
    """The demo project in another folder, with its own queries and docs, and ``site:`` settings changed."""
    shutil.copytree(built.config.root, target, ignore=shutil.ignore_patterns("site*"))
    shutil.copytree(ROOT / "queries", target / "queries")
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    path = target / "social-health.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["queries"] = "queries"
    raw["site"] = {**raw["site"], "mkdocs": "mkdocs.yml", **site}
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return load_config(path)


def _html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def _shown(site: Path, page: str) -> str:
    """The page's HTML with character references decoded: the text as a reader sees it."""
    return html.unescape(_html(site, page))


def test_every_report_page_is_built(built: Built) -> None:
    for page in ("", *(f"pillars/{p}/" for p in PILLARS), "stopped-measuring/", "methodology/", "data-quality/"):
        assert (built.site / page / "index.html").is_file(), page


def test_overview_has_the_score_its_pillars_and_a_tile_per_headline(built: Built) -> None:
    html = _shown(built.site, "")
    score = html[html.index('class="sh-score"') :]
    assert "Health score" in score and all(label in score for label in ("Word of mouth", "Reputation"))
    manifest = load_manifest(built.config)
    assert manifest is not None
    headlines = {t["query"] for t in manifest["tiles"]} - {"health_score", "vanity_weekly"}
    for query in headlines:
        assert f'#{query}"' in html, f"no tile leads to {query}"
    assert "Data as of 2026-10-31" in html and "Report month: October 2026" in html
    assert html.count('class="sh-tile ') >= 1 + 5 + len(headlines)
    assert "Likes a week" not in html  # vanity is kept off the overview
    info = json.loads((built.site / "version.json").read_text())
    assert f"Data {info['data_first']} to {info['data_last']} · built " in html  # the footer of every page
    assert f"queries {info['queries_commit']} · inputs {info['inputs_sha256'][:12]}" in html


def test_a_tile_shows_the_months_value_and_its_changes(built: Built) -> None:
    manifest = load_manifest(built.config)
    assert manifest is not None
    (tile,) = [t for t in manifest["tiles"] if t["label"] == "Authentic recommendations a week"]
    months = {m: v for m, v, _ in tile["months"]}
    now, before, year = months["2026-10-01"], months["2026-09-01"], months["2025-10-01"]
    html = _shown(built.site, "")
    start = html.index("Authentic recommendations a week</span>")
    piece = html[start : html.index("</a>", start)]
    assert f'sh-tile-value">{now:.1f}<' in piece
    # judged against the same month a year before (report.compare: year), with that month's value, in colour...
    judged = f"\u25b2 {(now - year) / year * 100:+.0f}% vs October 2025 ({formatted(year, 'number', Labels('en'))})"
    assert f'<span class="sh-change sh-good">{judged}</span>' in piece
    # ...and the month before as plain text, never coloured
    moved = f"{(now - before) / before * 100:+.1f}%".replace("-", "\u2212")
    assert f'<span class="sh-change sh-flat">\u25bc {moved} vs September 2026</span>' in piece
    assert "<svg" in piece and "polyline" in piece


def test_changes_are_judged_by_the_direction_that_is_better_and_only_beyond_noise() -> None:
    words = Labels("en")
    faster = TileView("q", "Median time to answer", "minutes", False, {}, 0, {})
    assert change(faster, 30.0, 60.0, words, noise_band(faster)).mood == "good"
    assert change(faster, 60.0, 30.0, words, noise_band(faster)).mood == "bad"
    assert change(faster, 57.0, 60.0, words, noise_band(faster)).mood == "flat"  # -5%: within 10% for durations
    share = TileView("q", "Share", "percent", True, {}, 0, {})
    moved = change(share, 0.50, 0.40, words, noise_band(share))
    assert (moved.text, moved.mood) == ("+10 pp", "good")
    within = change(share, 0.415, 0.40, words, noise_band(share))
    assert (within.text, within.mood, within.rising) == ("+1.5 pp", "flat", True)  # shown, not coloured
    assert change(share, 0.401, 0.40, words).mood == "flat"
    assert formatted(0.7171, "percent", words) == "72%" and formatted(1709.0, "minutes", words) == "28.5 h"
    assert formatted(4000.0, "minutes", words) == "2.8 d"
    assert formatted(1234.5, "number", Labels("es")) == "1.234" and formatted(3.5, "number", Labels("it")) == "3,50"


def test_a_tile_compares_with_the_month_the_config_asks_for_else_the_month_before() -> None:
    months = {date(2025, 10, 1): 40.0, date(2026, 7, 1): 70.0, date(2026, 9, 1): 80.0, date(2026, 10, 1): 86.0}
    tile = TileView("wom_weekly", "Recommendations", "number", True, months, 0, {})
    october = date(2026, 10, 1)
    assert compared_month(tile, october, "year") == date(2025, 10, 1)
    assert compared_month(tile, october, "quarter") == date(2026, 7, 1)
    assert compared_month(tile, october, "month") == date(2026, 9, 1)
    young = TileView("q", "New", "number", True, {date(2026, 9, 1): 1.0, date(2026, 10, 1): 2.0}, 0, {})
    assert compared_month(young, october, "year") == date(2026, 9, 1)  # no year of data yet


def test_the_reading_says_what_moved_in_plain_words() -> None:
    months = {date(2025, 10, 1): 40.0, date(2026, 9, 1): 80.0, date(2026, 10, 1): 86.0}
    tile = TileView("wom_weekly", "Authentic recommendations a week", "number", True, months, 0, {})
    text = reading(tile, date(2026, 10, 1), Labels("en"))
    assert text == (
        "Authentic recommendations a week: 86.0 in October 2026, up 115% (better) on October 2025, and up 7.5% on "
        "September 2026."
    )
    assert reading(tile, date(2026, 10, 1), Labels("es")).startswith(
        "Authentic recommendations a week: 86,0 en octubre de 2026, sube 115% (mejor) respecto a octubre de 2025"
    )
    small = TileView("q", "Share", "percent", True, {date(2025, 10, 1): 0.40, date(2026, 10, 1): 0.41}, 0, {})
    shown = reading(small, date(2026, 10, 1), Labels("en"))
    assert "up 1.0 pp (within its usual ups and downs) on October 2025" in shown


def test_pillar_pages_have_weekly_and_monthly_charts_readings_and_their_queries(built: Built) -> None:
    html = _shown(built.site, "pillars/care")
    assert "What moved" in html and "Requests answered within 24 h: " in html
    assert 'data-src="assets/charts/responsiveness_weekly.json"' in html
    assert 'data-src="assets/charts/responsiveness_weekly-monthly.json"' in html
    assert "queries/care/responsiveness_weekly.sql" in html
    monthly = json.loads((built.site / "assets/charts/responsiveness_weekly-monthly.json").read_text())
    assert monthly["data"][0]["type"] == "bar" and len(monthly["data"][0]["x"]) >= 24


def test_each_chart_has_its_table_and_csv_with_the_charts_rows(built: Built) -> None:
    html = _shown(built.site, "pillars/word_of_mouth")
    assert 'href="../../assets/data/wom_weekly.csv"' in html and "Data table" in html
    figure = json.loads((built.site / "assets/charts/wom_weekly.json").read_text())
    lines = (built.site / "assets/data/wom_weekly.csv").read_text().splitlines()
    assert lines[0].startswith("week,authentic_recommendations,paid_mentions,partner_mentions,")
    assert [line.split(",")[0] for line in lines[1:]] == figure["data"][0]["x"]
    assert [float(line.split(",")[1]) for line in lines[1:]] == [float(y) for y in figure["data"][0]["y"]]


def test_stopped_measuring_draws_applause_next_to_conversation(built: Built) -> None:
    html = _shown(built.site, "stopped-measuring")
    for label in (
        "Likes a week",
        "Reach a week",
        "Followers",
        "Authentic recommendations a week",
        "Requests answered within 24 h",
    ):
        assert label in html
    figure = json.loads((built.site / "assets/charts/stopped-measuring.json").read_text())
    names = [trace["name"] for trace in figure["data"]]
    assert "Likes a week" in names and "Authentic recommendations a week" in names
    assert all(trace["y"][0] == 100 for trace in figure["data"])  # every series indexed to its first month


def test_methodology_is_generated_from_every_query_and_the_word_lists(built: Built) -> None:
    html = _shown(built.site, "methodology")
    for sql in sorted((ROOT / "queries").rglob("*.sql")):
        assert f'id="{sql.stem}"' in html, sql.stem
    assert "authentic_recommendations" in html and "count(*)" in html  # SQL shown
    assert "Word lists" in html and "recommendation" in html
    assert "not_null: week, platform" in html
    # the score's baseline and momentum are explained by the query's own description, the tiles' rule by the code's
    assert "first 12 complete calendar months" in html and "momentum is the same grade" in html
    assert "percent 2 pp, points 3 pt, number 5%, minutes 10%" in html


def test_data_quality_shows_freshness_files_rejects_and_checks(built: Built) -> None:
    html = _shown(built.site, "data-quality")
    assert "Freshness by source" in html and "brandwatch_mentions" in html
    assert "Rejected rows by reason" in html and "passed" in html


def test_narrative_pages_place_tiles_charts_and_tables_by_name(built: Built) -> None:
    html = _shown(built.site, "this-month")
    assert 'class="sh-tile ' in html and 'id="chart-wom_weekly"' in html
    assert 'href="../assets/data/negative_spike_alerts-table.csv"' in html
    assert "{{ tile wom_weekly }}" not in html and "{{ chart wom_weekly }}" not in html


def test_an_unknown_name_in_a_narrative_page_fails_with_page_and_line(built: Built, tmp_path: Path) -> None:
    config = _copy(built, tmp_path / "p")
    (config.root / "docs" / "story.md").write_text(
        "# Story\n\n```\n{{ chart not_a_query }}\n```\n\n{{ chart wom_weeky }}\n", encoding="utf-8"
    )
    with pytest.raises(
        BuildError, match=r"docs/story\.md:7: no query named 'wom_weeky' \(did you mean 'wom_weekly'\?\)"
    ):
        build_site(config)


def test_person_written_text_is_escaped_on_every_page(built: Built, tmp_path: Path) -> None:
    config = _copy(built, tmp_path / "p")
    source = (config.queries / "word_of_mouth" / "acknowledgment_weekly.sql").read_text(encoding="utf-8")
    evil = source.replace(
        "title: Recommendations the brand thanked within 48 hours",
        "title: \"Thanks <script>window.__pwned=1</script><img src=x onerror='window.__pwned=2'>\"",
    ).replace("label: Recommendations thanked within 48 h", 'label: "<b onmouseover=alert(1)>thanked</b>"')
    (config.queries / "word_of_mouth" / "acknowledgment_weekly.sql").write_text(evil, encoding="utf-8")
    site = _run_and_build(config)
    for page in ("", "pillars/word_of_mouth", "methodology"):
        html = _html(site, page)
        assert "<script>window.__pwned" not in html and "<img src=x onerror" not in html, page
        assert "<b onmouseover" not in html, page
    assert "<script>window.__pwned=1</script>" in _shown(site, "pillars/word_of_mouth")  # shown, as text


MARKDOWN_ATTACKS = {
    "title": "Thanks [me](javascript:alert(1)) ![x](javascript:alert(2)) <https://evil.example> {: onclick=alert(3) }",
    "label": "[thanked](javascript:alert(4)) *bold* `code`",
    "check": "[every row](javascript:alert(5)) | broken | table",
    "file": "[f](javascript:alert(6)).csv",
}


def test_markdown_from_headers_and_file_names_is_shown_as_text_never_as_links(built: Built, tmp_path: Path) -> None:
    """The review found live javascript: links made from Markdown in tile labels, check names, titles (all from
    query headers) and export file names (data quality): none may become a link, attribute or handler."""
    config = _copy(built, tmp_path / "p")
    query = config.queries / "word_of_mouth" / "acknowledgment_weekly.sql"
    source = query.read_text(encoding="utf-8")
    evil = source.replace(
        "title: Recommendations the brand thanked within 48 hours", f"title: {json.dumps(MARKDOWN_ATTACKS['title'])}"
    ).replace("label: Recommendations thanked within 48 h", f"label: {json.dumps(MARKDOWN_ATTACKS['label'])}")
    evil = evil.replace(
        "checks:\n", f"checks:\n  - name: {json.dumps(MARKDOWN_ATTACKS['check'])}\n    sql: SELECT 1 WHERE false\n", 1
    )
    assert evil.count("javascript:") == 4
    query.write_text(evil, encoding="utf-8")
    export = next(p for p in config.exports.rglob("*.csv"))
    export.rename(export.with_name(MARKDOWN_ATTACKS["file"]))
    ingest(config, DEMO_SALT)
    site = _run_and_build(config)

    pages = sorted(site.rglob("*.html"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert live_scripts_and_links(text) == [], page
    shown = {p: _shown(site, p) for p in ("", "pillars/word_of_mouth", "methodology", "data-quality")}
    assert MARKDOWN_ATTACKS["title"] in shown["pillars/word_of_mouth"]
    assert "[thanked](javascript:alert(4)) *bold* `code`" in shown[""]
    assert MARKDOWN_ATTACKS["check"] in shown["data-quality"] and MARKDOWN_ATTACKS["file"] in shown["data-quality"]
    for text in shown.values():
        assert "<em>bold</em>" not in text and '<a href="javascript' not in text


def test_alerts_show_as_a_banner_and_the_site_speaks_spanish(built: Built, tmp_path: Path) -> None:
    config = _copy(built, tmp_path / "p", language="es")
    site = _run_and_build(config, period_end=date(2026, 3, 15))
    html = _html(site, "")
    banner = html[html.index("sh-alerts") : html.index("</div>", html.index("sh-alerts"))]
    assert "Alertas activas" in banner and "2026-03-1" in banner
    assert "La puntuación de salud es " in _shown(site, "")  # the lead, in the site's language
    assert '<html lang="es"' in html and "Datos hasta el 2026-03-15" in html and "marzo de 2026" in html
    assert "Boca a boca" in html


def test_a_language_the_site_does_not_speak_is_refused_naming_the_key(built: Built, tmp_path: Path) -> None:
    path = built.config.path
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["site"]["language"] = "fr"
    other = tmp_path / "social-health.yml"
    other.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"site.language 'fr' is not one the report speaks; use one of en, es, it"):
        load_config(other)


def test_a_chart_with_no_rows_fails_the_build_but_an_empty_alert_list_does_not(built: Built, tmp_path: Path) -> None:
    config = _copy(built, tmp_path / "p")
    html = _shown(built.site, "pillars/reputation")
    assert "Negative-spike alerts" in html  # no alert is active at the end of October, yet the page builds
    path = config.queries / "reputation" / "net_sentiment_weekly.sql"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip().rstrip(";") + "\nLIMIT 0\n", encoding="utf-8")
    write_results(config, run_all(config))
    with pytest.raises(BuildError, match=r"net_sentiment_weekly\.sql: returned no rows"):
        build_site(config)


def test_a_tile_value_runs_in_the_sandbox(built: Built, tmp_path: Path) -> None:
    config = _copy(built, tmp_path / "p")
    path = config.queries / "vanity" / "vanity_weekly.sql"
    text = path.read_text(encoding="utf-8").replace(
        "value: avg(likes)", "value: (SELECT count(*) FROM read_text('/etc/hostname'))"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QueryError, match=r"vanity_weekly\.sql:\d+: .*(disabled|Permission)"):
        run_all(config)


def test_the_plotly_bundle_is_the_partial_one_of_plotlys_own_version(built: Built) -> None:
    bundles = sorted(p.name for p in built.site.rglob("plotly*.js"))
    assert bundles == [PLOTLY_BUNDLE]
    head = (built.site / "assets" / "javascripts" / PLOTLY_BUNDLE).read_text(encoding="utf-8")[:200]
    version = re.search(r"plotly\.js \(basic - minified\) v(\S+)", head)
    assert version is not None and version.group(1) == plotly.offline.get_plotlyjs_version()


def test_check_catches_a_typo_in_a_tile_before_any_data(built: Built, tmp_path: Path) -> None:
    from pipeline.checkup import check_project

    config = _copy(built, tmp_path / "p")
    path = config.queries / "vanity" / "vanity_weekly.sql"
    path.write_text(
        path.read_text(encoding="utf-8").replace("value: avg(likes)", "value: avg(likez)"), encoding="utf-8"
    )
    problems = check_project(config).problems
    assert any("vanity_weekly.sql:" in p and "likez" in p for p in problems), problems


def test_a_table_of_a_large_supporting_query_is_written_by_duckdb_and_shows_the_newest_rows(
    built: Built, tmp_path: Path
) -> None:
    config = _copy(built, tmp_path / "p")
    (config.root / "docs" / "mentions.md").write_text("# Mentions\n\n{{ table mention_classes }}\n", encoding="utf-8")
    site = build_site(config)
    manifest = load_manifest(config)
    assert manifest is not None
    (rows,) = [q["rows"] for q in manifest["queries"] if q["name"] == "mention_classes"]
    csv_lines = (site / "assets/data/mention_classes-table.csv").read_text(encoding="utf-8").splitlines()
    assert len(csv_lines) == rows + 1 and csv_lines[0].startswith("platform,mention_id,")
    assert _html(site, "mentions").count("<tr>") == 1 + 120  # the header row and the 120 shown


def _tiles_by_id(html: str) -> dict[str, str]:
    """Each tile's text as shown (tags dropped), by its data-tile id."""
    found = {}
    for match in re.finditer(r'<a class="sh-tile [^"]*"[^>]*data-tile="([^"]+)">(.*?)</a>', html, re.S):
        found[match.group(1)] = re.sub(r"<[^>]+>", " ", re.sub(r"<svg.*?</svg>", "", match.group(2), flags=re.S))
    return found


def test_the_lead_tells_the_story_in_the_tiles_own_numbers(built: Built) -> None:
    overview, stopped = _shown(built.site, ""), _shown(built.site, "stopped-measuring")
    lead = re.search(r'<p class="sh-lead">(.*?)</p>', overview, re.S)
    assert lead is not None, "the overview has no lead"
    text = re.sub(r"<[^>]+>", "", lead.group(1))
    assert 3 <= text.count(". ") + 1 <= 5, text
    assert text.startswith("The health score is ") and "Compared with October 2025, " in text
    tiles = _tiles_by_id(overview) | _tiles_by_id(stopped)
    items = re.findall(r'<span class="sh-lead-item" data-tile="([^"]+)">(.*?)</span>', lead.group(1))
    assert len(items) >= 4, items
    for tile, item in items:
        assert tile in tiles, f"the lead names {tile}, which no tile shows"
        figures = re.findall(r'<strong class="sh-figure">(.*?)</strong>', item)
        assert len(figures) >= 2, item
        for figure in figures:
            assert figure in tiles[tile], f"{figure!r} of {item!r} is not on tile {tile}: {tiles[tile]}"


def test_two_thirds_of_the_overviews_tiles_read_better_and_the_score_rose_15_points(built: Built) -> None:
    """The issue's figures for the demo with default settings: its second year is better on almost every measure."""
    overview = _html(built.site, "")
    moods = re.findall(r'<a class="sh-tile sh-(good|bad|flat)"', overview)
    assert len(moods) == 13 and moods.count("good") >= len(moods) * 2 / 3, moods
    con = duckdb.connect(str(built.config.warehouse), read_only=True)
    try:
        first, last = con.execute(
            "SELECT avg(score) FILTER (WHERE week >= DATE '2024-11-01' AND week < DATE '2025-02-01'),"
            " avg(score) FILTER (WHERE week >= DATE '2026-08-01' AND week < DATE '2026-11-01')"
            " FROM metrics.health_score WHERE pillar = 'overall'"
        ).fetchone() or (None, None)
    finally:
        con.close()
    assert first is not None and last is not None and last >= first + 15, (first, last)


def _charts(site: Path) -> dict[str, dict[str, object]]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (site / "assets" / "charts").glob("*.json")}


def test_no_legend_or_axis_title_is_a_raw_column_name_and_a_second_axis_only_when_asked(built: Built) -> None:
    from pipeline.queries import discover

    queries = {q.name: q for q in discover(ROOT / "queries")}
    for name, figure in _charts(built.site).items():
        layout = figure["layout"]
        assert isinstance(layout, dict)
        texts = [str(t["name"]) for t in figure["data"]]  # type: ignore[attr-defined]
        texts += [str(v["title"]["text"]) for k, v in layout.items() if k.endswith("axis") and "title" in v]
        raw = [t for t in texts if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", t)]
        assert raw == [], f"{name}: raw column names {raw}"
        query = queries.get(name)
        if query is not None and query.chart is not None:
            asked = bool(query.chart.y2)
            assert ("yaxis2" in layout) == asked, f"{name}: second axis {'missing' if asked else 'not asked for'}"
        else:
            assert "yaxis2" not in layout, name


def test_the_score_chart_marks_the_alert_week_and_draws_momentum(built: Built) -> None:
    figure = _charts(built.site)["health_score"]
    layout = figure["layout"]
    assert isinstance(layout, dict)
    (band,) = layout["shapes"]
    assert band["x0"] <= "2026-03-09" and band["x1"] >= "2026-03-15"
    assert [a["text"] for a in layout["annotations"]] == ["Negative-spike alerts"]
    names = [t["name"] for t in figure["data"]]  # type: ignore[attr-defined]
    assert names == ["Health score (against the baseline)", "Momentum (against the last 12 weeks)"]
    reputation = _charts(built.site)["net_sentiment_weekly"]["layout"]
    assert isinstance(reputation, dict) and len(reputation["shapes"]) == 1
    assert "shapes" not in _charts(built.site)["wom_weekly"]["layout"]  # other pillars' alerts stay off


def test_rates_durations_and_rolling_lines_are_drawn_as_the_header_says(built: Built) -> None:
    care = _charts(built.site)["responsiveness_weekly"]
    layout = care["layout"]
    assert isinstance(layout, dict)
    assert layout["yaxis"]["tickformat"] == ".0%"
    assert layout["yaxis2"]["ticktext"][1].endswith(" d")  # 1,800 minutes at most: days, never "16.8k"
    wom = _charts(built.site)["wom_weekly"]["data"]
    weekly, smooth = wom[0], wom[1]  # type: ignore[index]
    assert weekly["mode"] == "markers" and weekly["showlegend"] is False
    assert smooth["name"] == "Authentic recommendations (4-week average)" and smooth["meta"]["rolling"] == 4
    ys = weekly["y"]
    assert smooth["y"][10] == pytest.approx(sum(ys[7:11]) / 4)


def test_monthly_bars_leave_out_months_the_data_covers_in_part(built: Built) -> None:
    figure = _charts(built.site)["wom_weekly-monthly"]
    months = figure["data"][0]["x"]  # type: ignore[index]
    assert months[0] == "2024-11-01" and months[-1] == "2026-10-01" and len(months) == 24


def test_pages_have_no_empty_section_and_tables_have_real_headers(built: Built) -> None:
    for pillar in PILLARS:
        html = _html(built.site, f"pillars/{pillar}")
        sections = re.split(r"<h2 ", html)[1:]
        for section in sections:
            if "sh-about" in section:  # a query's section: it draws something
                assert "sh-figure" in section, f"{pillar}: an empty section {section[:120]}"
    for page in ("methodology", "data-quality"):
        html = _html(built.site, page)
        assert re.search(r"<th[^>]*>\s*</th>", html) is None, f"{page}: a table with an empty header cell"
    quality = _shown(built.site, "data-quality")
    assert "Brandwatch Consumer Research: mentions download (CSV)" in quality
    assert "skipped (not data)" in quality and "skipped: part of the X archive's viewer, not data" in quality
    assert "(not recognised)" not in quality and "| brandwatch_mentions |" not in quality


def test_the_navigation_puts_the_report_first_and_the_analysts_reference_apart(built: Built) -> None:
    nav = yaml.safe_load((built.config.build / "site-src" / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    titles = [next(iter(item)) if isinstance(item, dict) else item for item in nav]
    assert titles[0] == "Overview" and titles[-1] == "For analysts"
    assert "about.md" in titles and titles.index("about.md") < titles.index("Methodology")
    assert sorted(nav[-1]["For analysts"]) == [
        "reference/exports.md",
        "reference/labelling.md",
        "reference/queries.md",
        "reference/warehouse.md",
    ]


CHART_REFS = re.compile(r'<div class="sh-chart" id="chart-([^"]+)" data-src="([^"]+)"')
SCRIPTS = re.compile(r'<script src="([^"]+)"')


def test_the_staged_site_also_builds_under_zensical_with_its_charts(built: Built) -> None:
    """Material's successor reads the same staged mkdocs.yml (build/site-src): every page it writes carries the
    charts, their figure JSON and the scripts that draw them, as the MkDocs build does."""
    stage = built.config.build / "site-src"
    staged = yaml.safe_load((stage / "mkdocs.yml").read_text(encoding="utf-8"))
    assert staged["theme"]["variant"] == "classic"  # Zensical draws Material's look, not its own modern one
    done = subprocess.run(
        [str(Path(sys.executable).parent / "zensical"), "build", "--clean", "-f", "mkdocs.yml"],
        cwd=stage,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    zensical = stage / "site"
    pages = sorted(p.relative_to(built.site) for p in built.site.rglob("index.html"))
    charted = 0
    for page in pages:
        ours, theirs = (root / page for root in (built.site, zensical))
        assert theirs.is_file(), f"Zensical did not write {page}"
        mkdocs_html, zensical_html = ours.read_text(encoding="utf-8"), theirs.read_text(encoding="utf-8")
        charts = CHART_REFS.findall(mkdocs_html)
        assert CHART_REFS.findall(zensical_html) == charts, page
        for _, src in charts:
            figure = json.loads((zensical / src).read_text(encoding="utf-8"))
            assert figure["data"] and figure == json.loads((built.site / src).read_text(encoding="utf-8")), src
        scripts = [s.rsplit("/", 1)[-1] for s in SCRIPTS.findall(zensical_html)]
        assert {PLOTLY_BUNDLE, "charts.js"} <= set(scripts), f"{page}: scripts {scripts}"
        charted += bool(charts)
    assert charted >= 7  # the overview, five pillars, what we stopped measuring (and the narrative page)
    footer = html.unescape((zensical / "index.html").read_text(encoding="utf-8"))
    assert "· queries " in footer and "· inputs " in footer  # the version line of every page
