"""A brand on its first day: two or three exports, a config written by `init`, and a complete, honest site.

The brands are real fixtures of tests/cases (real layouts): one with only a listening export (Brandwatch), one with
listening, Meta posts and Shopify orders. Every page of their sites must say what is not measured yet and what to
add; their checks of empty sources are skipped, not failed; the health score is computed from what is measured.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import CASES, CONFIG, TEST_SALT

from pipeline.checkup import check_project
from pipeline.config import load_config
from pipeline.pillars import FEEDS, PILLARS
from pipeline.website.missing import docs_anchor

ROOT = Path(__file__).parents[1]
SOCIAL_HEALTH = str(Path(sys.executable).parent / "social-health")
LISTENING_ONLY = ("brandwatch",)
THREE_EXPORTS = ("brandwatch", "meta_posts", "shopify_orders")
REPORT_PAGES = ("", *(f"pillars/{pillar.id}/" for pillar in PILLARS), "stopped-measuring/", "data-quality/")


def social_health(*args: str, cwd: Path, check: bool = True, **env: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [SOCIAL_HEALTH, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "SOCIAL_HEALTH_SALT": TEST_SALT, "COLUMNS": "80", **env},
    )
    if check:
        assert done.returncode == 0, f"social-health {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done


def brand_folder(folder: Path, cases: tuple[str, ...]) -> Path:
    """A fork-like folder: the project's queries, docs and mkdocs.yml, the Acme config, and ``cases`` as exports."""
    for name in ("queries", "docs"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    for case in cases:
        shutil.copytree(CASES / case, folder / "exports" / case)
    (folder / "social-health.yml").write_text(CONFIG, encoding="utf-8")
    return folder


@dataclass(frozen=True)
class Site:
    folder: Path
    run_output: str

    def page(self, path: str) -> str:
        """A page's article as a reader sees its text (tags removed, references decoded, spaces collapsed)."""
        text = (self.folder / "build" / "site" / path / "index.html").read_text(encoding="utf-8")
        article = text[text.index("<article") : text.index("</article>")]
        return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", article)))

    def html(self, path: str) -> str:
        return (self.folder / "build" / "site" / path / "index.html").read_text(encoding="utf-8")

    def manifest(self) -> dict[str, object]:
        return json.loads((self.folder / "build" / "results" / "manifest.json").read_text(encoding="utf-8"))


def built_site(folder: Path) -> Site:
    social_health("ingest", cwd=folder)
    run = social_health("run", cwd=folder)
    social_health("build", cwd=folder)
    return Site(folder, run.stdout)


@pytest.fixture(scope="module")
def listening_only(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return built_site(brand_folder(tmp_path_factory.mktemp("listening"), LISTENING_ONLY))


@pytest.fixture(scope="module")
def three_exports(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return built_site(brand_folder(tmp_path_factory.mktemp("three"), THREE_EXPORTS))


GA4 = "add your GA4 traffic acquisition export"
INBOX = "add your inbox export"
SHOP = "add your shop's orders export"
POSTS = "your own posts exports"


def _links_to_its_docs(site: Site, page: str, table: str) -> None:
    """The page links to the section of the site's Export formats page that says how to add ``table``'s exports,
    and that section is there."""
    anchor = docs_anchor(table)
    assert f'reference/exports/#{anchor}"' in site.html(page), (page, table)
    assert f'id="{anchor}"' in site.html("reference/exports/")


@pytest.mark.slow
def test_a_brand_with_only_a_listening_export_gets_a_complete_honest_site(listening_only: Site) -> None:
    site = listening_only
    # run passed (exit 0) with the checks of the empty sources skipped, and said what to add
    assert re.search(r"Checks: \d+ of \d+ passed, \d+ skipped \(no data yet\)", site.run_output)
    assert f"not measured yet: Traffic that converts: {GA4}" in site.run_output
    assert f"not measured yet: Responsiveness and care: {INBOX}" in site.run_output
    overview = site.page("")
    assert "Traffic that converts and Responsiveness and care are not measured yet" in overview  # the lead
    assert GA4 in overview and INBOX in overview
    for page, table in (
        ("", "web_traffic"),
        ("", "messages"),
        ("pillars/traffic/", "web_traffic"),
        ("pillars/care/", "messages"),
        ("pillars/loyalty/", "orders"),
        ("stopped-measuring/", "posts"),
    ):
        _links_to_its_docs(site, page, table)
    traffic = site.page("pillars/traffic/")
    assert "None of the exports this pillar reads has data yet" in traffic and GA4 in traffic
    loyalty = site.page("pillars/loyalty/")  # measured (returning engagers), but its cohorts need the shop's orders
    assert "Engagers who came back" in loyalty and SHOP in loyalty
    assert "None of the exports this pillar reads" not in loyalty
    assert POSTS in site.page("stopped-measuring/")
    assert "Not measured yet" in site.page("pillars/care/")
    for page in ("pillars/word_of_mouth/", "pillars/reputation/"):
        assert "Not measured yet" not in site.page(page) and 'class="sh-chart"' in site.html(page)


@pytest.mark.slow
def test_a_brand_with_listening_meta_and_shopify_exports_is_told_of_ga4_and_the_inbox(three_exports: Site) -> None:
    site = three_exports
    overview = site.page("")
    assert GA4 in overview and INBOX in overview and SHOP not in overview
    loyalty = site.page("pillars/loyalty/")
    assert SHOP not in loyalty and "Customers back within 3 months" in loyalty
    stopped = site.page("stopped-measuring/")  # the Meta posts feed the vanity figures; the inbox's tile waits
    assert "None of the exports these figures come from" not in stopped and POSTS not in stopped
    assert INBOX in stopped
    for page in ("pillars/traffic/", "pillars/care/"):
        assert "None of the exports this pillar reads has data yet" in site.page(page)
    summary = social_health("summary", cwd=site.folder).stdout
    not_measured = summary.split("### Not measured yet", 1)[1].split("###", 1)[0]
    assert "Traffic that converts" in not_measured and "Responsiveness and care" in not_measured
    assert "Retention and loyalty" not in not_measured and "Likes, reach" not in not_measured
    assert re.search(r"Checks: \d+ of \d+ passed, \d+ skipped \(no data yet", summary)


@pytest.mark.slow
@pytest.mark.parametrize("brand", ["listening_only", "three_exports"])
def test_every_report_page_says_what_is_not_measured_and_what_to_add(
    brand: str, request: pytest.FixtureRequest
) -> None:
    """Wherever a query of a page has no data, the page says "not measured yet" and names the export to add; where
    all is measured, it says nothing of the kind. Derived from the run's own coverage, page by page."""
    from pipeline.coverage import Coverage
    from pipeline.website.labels import Labels

    site: Site = request.getfixturevalue(brand)
    coverage = Coverage.from_json(site.manifest()["coverage"])  # type: ignore[arg-type]
    words = Labels("en")
    pages = {f"pillars/{p}/": p for p in ("word_of_mouth", "traffic", "loyalty", "care", "reputation")}
    pages["stopped-measuring/"] = "vanity"
    for page, pillar in pages.items():
        unmeasured = [q for q in coverage.pillars[pillar] if not coverage.measured(q)]
        text = site.page(page)
        assert ("Not measured yet" in text) == bool(unmeasured) or pillar == "vanity", page
        for query in unmeasured:
            for table in coverage.missing(query):
                assert words.feed(table) in text, (page, query, table)
    overview = site.html("")
    notice = html.unescape(overview[overview.index('class="admonition info sh-missing"') :].split("</div>", 1)[0])
    for pillar in coverage.unmeasured_pillars():
        if pillar != "vanity":  # the overview speaks of the five pillars; vanity's page of itself
            assert f"<strong>{words(pillar)}</strong>: add " in notice, pillar
            assert all(words.feed(t) in notice for t in coverage.pillar_missing(pillar)), pillar
    quality = site.page("data-quality/")
    assert "skipped (no data yet: add your inbox export" in quality and "FAILED" not in quality
    assert "What the data covers" in quality
    assert all(words.feed(t) in quality for t in coverage.empty_tables())


@pytest.mark.slow
def test_the_health_score_shares_the_weight_of_unmeasured_pillars_among_the_measured(three_exports: Site) -> None:
    con = duckdb.connect(str(three_exports.folder / "build" / "warehouse.duckdb"), read_only=True)
    try:
        pillars = dict(con.execute("SELECT pillar, measured FROM reference.pillars").fetchall())
        rows = con.execute(
            "SELECT week, pillar, score, weight, measured, components FROM metrics.health_score"
            " WHERE pillar IN ('traffic', 'care')"
        ).fetchall()
        totals = con.execute(
            "SELECT week, sum(weight) FROM metrics.health_score WHERE pillar NOT IN ('overall', 'vanity')"
            " GROUP BY week HAVING bool_or(measured)"
        ).fetchall()
    finally:
        con.close()
    assert pillars == {"word_of_mouth": True, "traffic": False, "loyalty": True, "care": False, "reputation": True}
    assert rows and all(score is None and weight == 0 and not measured for _, _, score, weight, measured, _ in rows)
    assert {components for *_, components in rows} == {"not measured yet: no table feeding it has data"}
    assert totals and all(abs(total - 1) < 1e-9 for _, total in totals)


@pytest.mark.slow
def test_a_measured_query_that_returns_no_rows_still_fails_the_build(listening_only: Site, tmp_path: Path) -> None:
    """Only the charts of queries whose tables are all empty may be empty; a hole in a measured one is refused."""
    folder = tmp_path / "copy"
    shutil.copytree(listening_only.folder, folder, ignore=shutil.ignore_patterns("site*"))
    path = folder / "queries" / "reputation" / "net_sentiment_weekly.sql"
    path.write_text(path.read_text(encoding="utf-8").rstrip() + "\nLIMIT 0\n", encoding="utf-8")
    social_health("run", cwd=folder, check=False)
    done = social_health("build", cwd=folder, check=False)
    assert done.returncode == 1 and "net_sentiment_weekly.sql: returned no rows" in done.stderr


def test_a_brand_whose_exports_cover_a_few_days_runs_and_builds_with_warnings(tmp_path: Path) -> None:
    """The first night of a real brand: one listening export of two days. Weekly queries have one week, so their
    "at least 4 rows" checks warn (reported on the data-quality page) instead of failing the night."""
    folder = brand_folder(tmp_path, ())
    (folder / "exports").mkdir()
    shutil.copy(CASES / "brandwatch" / "brandwatch_acme_2026-05-14.csv", folder / "exports")
    social_health("ingest", cwd=folder)
    run = social_health("run", cwd=folder)
    social_health("build", cwd=folder)
    site = Site(folder, run.stdout)
    said = run.stdout + run.stderr
    warned = re.findall(r"^warn: (\S+\.sql):\d+: check 'at least 4 rows'", said, re.MULTILINE)
    assert sorted(warned) == [
        "queries/reputation/net_sentiment_weekly.sql",
        "queries/word_of_mouth/acknowledgment_weekly.sql",
        "queries/word_of_mouth/wom_weekly.sql",
    ]
    assert "at least 4 rows" in site.page("data-quality/")


@pytest.mark.slow
def test_check_says_which_pillars_the_exports_feed_and_which_are_missing(tmp_path: Path) -> None:
    folder = brand_folder(tmp_path, THREE_EXPORTS)
    done = social_health("check", cwd=folder)
    assert "fed: Word of mouth (from mentions, posts)" in done.stdout
    assert "fed: Retention and loyalty (from mentions, orders)" in done.stdout
    assert f"not measured yet: Traffic that converts: {GA4}" in done.stdout
    assert '(see docs/reference/exports.md: "GA4 report download: ga4_csv")' in done.stdout
    assert "Exports missing (table: the formats that fill it): messages (inbox_csv); web_traffic (" in done.stdout
    report = check_project(load_config(folder / "social-health.yml"))
    assert report.coverage is not None and report.formats["shopify_orders"] == 3
    assert report.coverage.unmeasured_pillars() == ["traffic", "care"]


def test_every_feed_names_a_section_of_the_export_formats_page() -> None:
    doc = (ROOT / "docs" / "reference" / "exports.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", doc, re.MULTILINE)
    for feed in FEEDS.values():
        assert feed.docs in headings, feed.table


def test_the_export_formats_page_lists_what_fills_each_table_as_the_adapters_declare() -> None:
    from pipeline.coverage import formats_of

    doc = (ROOT / "docs" / "reference" / "exports.md").read_text(encoding="utf-8")
    section = doc.split("## Which exports feed which pillar", 1)[1].split("\n## ", 1)[0]
    for table, feed in FEEDS.items():
        row = next(line for line in section.splitlines() if line.startswith(f"| `{table}` |"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[1] == feed.words("en")
        assert cells[2] == ", ".join(f"`{name}`" for name in formats_of(table))


# ---- init ------------------------------------------------------------------------------------------------------------


def exports_only(folder: Path, cases: tuple[str, ...]) -> Path:
    for case in cases:
        shutil.copytree(CASES / case, folder / "exports" / case)
    return folder


@pytest.mark.slow
def test_init_on_a_folder_of_exports_writes_a_config_that_check_accepts_and_the_pipeline_turns_into_a_site(
    tmp_path: Path,
) -> None:
    folder = exports_only(tmp_path / "brand", THREE_EXPORTS)
    done = social_health("init", "--timezone", "Europe/Madrid", cwd=folder)
    assert "found: 3 brandwatch_mentions file(s)" in done.stdout and "found: 3 shopify_orders file(s)" in done.stdout
    assert "the posts exports are published by facebook: Acme" in done.stdout
    assert f"not measured yet: Traffic that converts: {GA4}" in done.stdout
    assert "social-health check" in done.stdout and "social-health serve" in done.stdout  # the next commands
    config = load_config(folder / "social-health.yml")
    assert config.brand.name == "Acme"  # the Facebook Page's name
    assert config.brand.handles == {"facebook": ("Acme",), "instagram": ("acme.es",)}
    assert config.timezone == "Europe/Madrid" and config.site.language == "en"
    assert (folder / "social-health.yml").read_text(encoding="utf-8").startswith("# social-health.yml for Acme")
    assert (folder / "queries" / "score" / "health_score.sql").is_file() and (folder / "mkdocs.yml").is_file()
    social_health("check", cwd=folder)
    site = built_site(folder)
    assert "Acme: social health" in site.page("") and GA4 in site.page("")


@pytest.mark.slow
def test_init_takes_every_answer_from_its_options_and_never_overwrites_without_force(tmp_path: Path) -> None:
    folder = brand_folder(tmp_path / "fork", ("brandwatch",))  # a fork: queries and site already there
    (folder / "social-health.yml").unlink()
    args = (
        "init",
        "--brand",
        "Marea: pan & café",
        "--timezone",
        "Europe/Rome",
        "--handles",
        "x=marea,instagram=marea.it",
        "--language",
        "it",
        "--yes",
    )
    social_health(*args, cwd=folder)
    config = load_config(folder / "social-health.yml")
    assert config.brand.name == "Marea: pan & café" and config.site.language == "it"
    assert config.brand.handles == {"x": ("marea",), "instagram": ("marea.it",)}
    again = social_health(*args, cwd=folder, check=False)
    assert again.returncode == 1 and "already exists" in again.stderr and "--force" in again.stderr
    social_health(*args[:2], "Otra", "--force", "--yes", cwd=folder)
    assert load_config(folder / "social-health.yml").brand.name == "Otra"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--timezone", "Mars/Olympus"), "'timezone' 'Mars/Olympus' is not an IANA time zone"),
        (("--language", "fr"), "site.language 'fr' is not one the report speaks"),
        (("--handles", "myspace=acme"), "'myspace' is not a platform"),
        ((), "needs the brand's name: pass --brand NAME"),
    ],
)
def test_init_refuses_a_wrong_answer_in_one_line_and_writes_nothing(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    folder = brand_folder(tmp_path / "fork", ())
    (folder / "social-health.yml").unlink()
    brand = () if not args else ("--brand", "Acme")
    done = social_health("init", *brand, *args, cwd=folder, check=False)
    assert done.returncode == 1 and message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not (folder / "social-health.yml").exists() and not list(folder.glob(".social-health.yml*"))


def test_the_config_init_writes_is_commented_yaml_that_keeps_odd_names_as_they_are(tmp_path: Path) -> None:
    folder = brand_folder(tmp_path / "fork", ())
    (folder / "social-health.yml").unlink()
    social_health("init", "--brand", 'Acme # "best" bakery', "--timezone", "UTC", cwd=folder)
    text = (folder / "social-health.yml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["brand"]["name"] == 'Acme # "best" bakery'
    assert sum(line.lstrip().startswith("#") for line in text.splitlines()) >= 5


@pytest.mark.slow
def test_what_to_add_is_said_in_the_sites_language(listening_only: Site, tmp_path: Path) -> None:
    folder = tmp_path / "es"
    shutil.copytree(listening_only.folder, folder, ignore=shutil.ignore_patterns("site", "site-src", "serve"))
    path = folder / "social-health.yml"
    path.write_text(path.read_text(encoding="utf-8") + "site: {language: es}\n", encoding="utf-8")
    social_health("build", cwd=folder)
    site = Site(folder, "")
    traffic = site.page("pillars/traffic/")
    assert "Aún sin medir" in traffic and "añade tu exportación de adquisición de tráfico de GA4" in traffic
    assert "aún no se miden y la puntuación de salud los deja fuera" in site.page("")
