"""`social-health build`: query results -> staged docs -> ``mkdocs build --strict`` -> the site, swapped in whole.

The project's ``mkdocs.yml`` and ``docs/`` stay as they are; the build copies ``docs/`` into ``<build>/site-src``,
adds the generated pages (overview, pillars, what we stopped measuring, methodology, data quality), expands the
placeholders of hand-written pages, adds chart JSON and CSVs and the self-hosted plotly.js, and writes a small
``mkdocs.yml`` there that inherits the project's. A failed build leaves the previous site untouched.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import yaml

from pipeline.alerts import ALERTS_FILE, alerts_file_text
from pipeline.config import Config
from pipeline.coverage import Coverage
from pipeline.errors import BuildError
from pipeline.pillars import EXPORTS_PAGE
from pipeline.queries import Query, discover
from pipeline.queries.evaluation import Evaluation, corpus_files, evaluate
from pipeline.queries.results import load_manifest
from pipeline.queries.sandbox import lock_for_files, result_limits
from pipeline.warehouse.connect import Resources, connect
from pipeline.website import methodology, narrative, quality, report
from pipeline.website.blocks import PILLAR_PAGES, Blocks, chart_rows_sql, pillar_page
from pipeline.website.labels import Labels
from pipeline.website.mkdocs_config import MkDocsConfig, read_mkdocs_config
from pipeline.website.model import AlertView, Result, SiteData, month_of, tile_views
from pipeline.website.version import VersionInfo, data_window, version_info, write_version_file

ASSETS = Path(__file__).parent / "assets"
# The partial bundle (scatter and bar only) of the plotly.js that plotly.py writes figures for; see its PROVENANCE.
PLOTLY_BUNDLE = "plotly-basic-4.1.1.min.js"
GENERATED = ("index.md", "stopped-measuring.md", "methodology.md", "data-quality.md")
REFERENCE = "reference/"  # pages for the analysts who write queries, kept apart from the report in the navigation


def staged_config(config: Config) -> Path:
    return config.build / "site-src" / "mkdocs.yml"


OnStep = Callable[[int, int, str], None]  # (index, total, step): progress while the site is built
STEPS = ("reading the results", "writing the pages", "mkdocs build --strict")


def build_site(config: Config, on_step: OnStep | None = None) -> Path:
    def step(index: int) -> None:
        if on_step:
            on_step(index, len(STEPS), STEPS[index] if index < len(STEPS) else "done")

    mkdocs = read_mkdocs_config(config.site.mkdocs)
    manifest = load_manifest(config)
    if manifest is None:
        raise BuildError("no query results yet; run `social-health run` before `build`")
    queries = discover(config.queries)
    words = Labels(config.site.language)
    step(0)
    stage = _stage_docs(config, mkdocs)
    con = connect(config.warehouse, Resources.of(config), read_only=True)
    try:
        # Reads of results (their names come from pull requests) in a session as locked as the queries', which can
        # write only the staged CSV downloads.
        seconds = result_limits(con, config.warehouse, config.run).seconds
        lock_for_files(con, stage / "docs" / "assets" / "data")
        docs = stage / "docs"
        own_pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
        data = _site_data(con, config, queries, manifest, EXPORTS_PAGE in own_pages)
        info = version_info(config, con)
        write_version_file(stage / "docs", info)
        (stage / "docs" / ALERTS_FILE).write_text(alerts_file_text(manifest), encoding="utf-8")
        _refuse_clashes(mkdocs, own_pages)
        step(1)
        blocks = Blocks(docs, data, words, con, seconds)
        _write_pages(config, docs, blocks, queries, con, manifest)
        narrative.expand_pages(docs, own_pages, blocks, mkdocs.docs_dir)
    finally:
        con.close()
    _write_mkdocs_config(config, stage, words, _nav(mkdocs, words, own_pages), info)
    step(2)
    site = _mkdocs_build(config, stage)
    step(3)
    return site


def _site_data(
    con: duckdb.DuckDBPyConnection, config: Config, queries: list[Query], manifest: dict[str, Any], exports_page: bool
) -> SiteData:
    coverage = Coverage.from_json(manifest.get("coverage"))
    results = {q.name: _result(con, q, coverage) for q in queries}
    alerts = [
        AlertView(results[a["query"]].query, a["columns"], a["rows"])
        for a in manifest.get("alerts", [])
        if a["query"] in results
    ]
    window = data_window(con)
    period_end = date.fromisoformat(str(manifest["variables"].get("period_end") or window.last))
    return SiteData(
        brand=config.brand.name,
        results=results,
        tiles=[t for t in tile_views(manifest) if t.query in results],
        alerts=alerts,
        window=window,
        period_end=period_end,
        month=month_of(period_end),
        compare=config.report.compare,
        baseline=_baseline_words(config, Labels(config.site.language)),
        coverage=coverage,
        exports_page=exports_page,
    )


def _baseline_words(config: Config, words: Labels) -> str:
    """What the health score's 75 stands for, as the config sets it."""
    period = config.report.baseline
    text = words("baseline_period", first=words.month(period[0]), last=words.month(period[1])) if period else ""
    text = text or words("baseline_default")
    return text + (words("baseline_targets") if config.report.targets else "")


def _result(con: duckdb.DuckDBPyConnection, query: Query, coverage: Coverage) -> Result:
    try:
        columns = [d[0] for d in con.execute(f"SELECT * FROM metrics.{query.name} LIMIT 0").description]
    except duckdb.CatalogException:
        raise BuildError(f"{query.shown}: no result yet; run `social-health run` before `build`") from None
    chart = query.chart
    if chart is None:
        return Result(query, columns, [])
    drawn = [chart.x, *chart.y]
    missing = [c for c in (*drawn, *(c for c, _ in chart.where)) if c not in columns]
    if missing:
        raise BuildError(f"{query.shown}: chart names column(s) {', '.join(missing)} the query does not return")
    ordered = drawn + [c for c in columns if c not in drawn]
    rows = con.execute(chart_rows_sql(query, ordered)).fetchall()
    # An alert list is empty when all is well, and a query whose tables are all empty says what to add; any other
    # chart without rows is a hole in the report.
    if query.alert is None and not rows and coverage.measured(query.name):
        raise BuildError(f"{query.shown}: returned no rows, so its chart would be empty; fix the query or the data")
    return Result(query, ordered, rows)


def _stage_docs(config: Config, mkdocs: MkDocsConfig) -> Path:
    stage = config.build / "site-src"
    shutil.rmtree(stage, ignore_errors=True)
    if mkdocs.page_files():  # refuses a symbolic link anywhere in docs/ before anything is copied
        shutil.copytree(mkdocs.docs, stage / "docs", symlinks=True)
    js = stage / "docs" / "assets" / "javascripts"
    js.mkdir(parents=True, exist_ok=True)
    shutil.copy(ASSETS / "vendor" / PLOTLY_BUNDLE, js / PLOTLY_BUNDLE)
    shutil.copy(ASSETS / "charts.js", js / "charts.js")
    return stage


def _generated_pages() -> list[str]:
    return [*GENERATED, *(pillar_page(p) for p in PILLAR_PAGES)]


def _refuse_clashes(mkdocs: MkDocsConfig, own_pages: list[str]) -> None:
    for page in own_pages:
        if page in _generated_pages():
            raise BuildError(f"{mkdocs.docs_dir}/{page}: the report generates this page; rename yours")


def _write_pages(
    config: Config,
    docs: Path,
    blocks: Blocks,
    queries: list[Query],
    con: duckdb.DuckDBPyConnection,
    manifest: dict[str, Any],
) -> None:
    data, words = blocks.data, blocks.words
    (docs / "pillars").mkdir(parents=True, exist_ok=True)
    pages = {
        "index.md": report.overview(data, blocks),
        **{pillar_page(p): report.pillar(data, blocks, p) for p in PILLAR_PAGES},
        "stopped-measuring.md": report.stopped_measuring(data, blocks),
        "methodology.md": methodology.methodology_page(
            queries, config.queries, words, config.report.compare, _evaluation(config)
        ),
        "data-quality.md": quality.data_quality_page(con, manifest.get("checks", []), words, data.coverage),
    }
    for page, text in pages.items():
        (docs / page).write_text(text, encoding="utf-8")


def _evaluation(config: Config) -> Evaluation | None:
    """The classifier's figures on the labelled mentions (in memory, a few seconds); None when there are none."""
    if not corpus_files(config.queries):
        return None
    return evaluate(config.queries, resources=Resources.of(config))


def _nav(mkdocs: MkDocsConfig, words: Labels, own_pages: list[str]) -> list[Any]:
    """The stakeholders' report first, in reading order (the generated pages, then the project's own pages), then the
    analysts' reference (pages under ``reference/``) in its own section; a project nav in mkdocs.yml is kept as is."""
    report: list[Any] = [
        {words("overview"): "index.md"},
        *({words(p): pillar_page(p)} for p in PILLAR_PAGES),
        {words("stopped"): "stopped-measuring.md"},
    ]
    about: list[Any] = [{words("methodology"): "methodology.md"}, {words("data_quality"): "data-quality.md"}]
    own_nav = mkdocs.nav()
    if own_nav:
        return report + about + own_nav
    reference = [p for p in own_pages if p.startswith(REFERENCE)]
    stories = [p for p in own_pages if not p.startswith(REFERENCE)]
    return report + stories + about + ([{words("reference_section"): reference}] if reference else [])


def _write_mkdocs_config(config: Config, stage: Path, words: Labels, nav: list[Any], info: VersionInfo) -> None:
    settings: dict[str, Any] = {
        "INHERIT": os.path.relpath(config.site.mkdocs, stage),
        "site_name": config.site.title,
        "docs_dir": "docs",
        # variant: Zensical, Material's successor, reads this file too; "classic" keeps Material's look there.
        "theme": {"name": "material", "language": words.language, "variant": "classic"},
        "nav": nav,
        "extra_javascript": [f"assets/javascripts/{PLOTLY_BUNDLE}", "assets/javascripts/charts.js"],
        # Every page of every frozen version says what it was made from (Material shows this in the footer).
        "copyright": html.escape(
            words(
                "version_line",
                first=info.data_first,
                last=info.data_last,
                built=info.built_at.replace("T", " ").replace("+00:00", " UTC"),
                commit=info.queries_commit,
                inputs=info.inputs_sha256[:12],
            )
        ),
    }
    if config.site.site_url:
        settings["site_url"] = config.site.site_url
    (stage / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _mkdocs_build(config: Config, stage: Path) -> Path:
    target = config.build / "site"
    building = config.build / "site.building"
    shutil.rmtree(building, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "true"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--quiet",
            "-f",
            str((stage / "mkdocs.yml").resolve()),
            "-d",
            str(building.resolve()),
        ],
        # From the staged folder: anything resolving paths against the working directory (a snippets extension a pull
        # request switches on, say) sees the staged docs, never the checkout, its exports or its .git.
        cwd=stage,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        shutil.rmtree(building, ignore_errors=True)
        problems = [line for line in done.stderr.splitlines() if "WARNING" in line or "ERROR" in line]
        raise BuildError(f"mkdocs build --strict failed: {' | '.join(problems[:5]) or done.stderr.strip()[-500:]}")
    shutil.rmtree(target, ignore_errors=True)
    building.rename(target)
    return target
