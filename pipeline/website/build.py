"""`social-health build`: query results -> staged docs -> ``mkdocs build --strict`` -> the site, swapped in whole.

The project's ``mkdocs.yml`` and ``docs/`` stay as they are; the build copies ``docs/`` into ``<build>/site-src``,
adds the generated pages, chart JSON and the self-hosted plotly.js, and writes a small ``mkdocs.yml`` there that
inherits the project's. A failed build leaves the previous site untouched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import plotly
import yaml

from pipeline.config import Config
from pipeline.errors import BuildError
from pipeline.queries import Query, discover
from pipeline.queries.results import load_manifest
from pipeline.warehouse.connect import connect
from pipeline.website import charts, pages

ASSETS = Path(__file__).parent / "assets"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def staged_config(config: Config) -> Path:
    return config.build / "site-src" / "mkdocs.yml"


def build_site(config: Config) -> Path:
    if not config.site.mkdocs.is_file():
        raise BuildError(f"{config.site.mkdocs}: MkDocs config not found; set 'site.mkdocs' in {config.path}")
    queries = discover(config.queries)
    con = connect(config.warehouse, read_only=True)
    try:
        results = [_result(con, q) for q in queries]
        window = _window(con)
        quality = _data_quality(con, config)
    finally:
        con.close()
    stage = _stage_docs(config)
    _write_pages(config, stage / "docs", results, window)
    (stage / "docs" / "data-quality.md").write_text(quality, encoding="utf-8")
    _write_mkdocs_config(config, stage)
    return _mkdocs_build(config, stage)


def _result(con: duckdb.DuckDBPyConnection, query: Query) -> pages.Result:
    try:
        cur = con.execute(f"SELECT * FROM metrics.{query.name}")
    except duckdb.CatalogException:
        raise BuildError(f"{query.path.name}: no result yet; run `social-health run` before `build`") from None
    columns = [d[0] for d in cur.description]
    result = pages.Result(query, columns, cur.fetchall())
    if query.chart and not result.chart_rows():
        raise BuildError(f"{query.path.name}: returned no rows, so its chart would be empty; fix the query or the data")
    missing = [c for c in ((query.chart.x, *query.chart.y) if query.chart else ()) if c not in columns]
    if missing:
        raise BuildError(f"{query.path.name}: chart names column(s) {', '.join(missing)} the query does not return")
    return result


def _window(con: duckdb.DuckDBPyConnection) -> pages.DataWindow:
    first, last, files = con.execute(
        """SELECT min(t)::DATE, max(t)::DATE, (SELECT count(*) FROM load_log WHERE status = 'loaded') FROM (
               SELECT published_at AS t FROM posts UNION ALL SELECT published_at FROM mentions
               UNION ALL SELECT sent_at FROM messages UNION ALL SELECT ordered_at FROM orders
               UNION ALL SELECT period_end FROM web_traffic)"""
    ).fetchone() or (None, None, 0)
    return pages.DataWindow(str(first), str(last), int(files))


def _data_quality(con: duckdb.DuckDBPyConnection, config: Config) -> str:
    files = [
        pages.FileRow(f, fmt, loc, status, msg, (r, lo, d, rej), list(unknown or []))
        for f, fmt, loc, status, msg, r, lo, d, rej, unknown in con.execute(
            "SELECT file, format, locale, status, message, rows_read, rows_loaded, rows_duplicate, rows_rejected,"
            " unknown_columns FROM load_log ORDER BY file"
        ).fetchall()
    ]
    reasons = [
        (str(f), str(r), int(n), int(line or 0))
        for f, r, n, line in con.execute(
            "SELECT file, reason, count(*), min(line) FROM rejects GROUP BY ALL ORDER BY file, min(line)"
        ).fetchall()
    ]
    manifest = load_manifest(config)
    return pages.data_quality_page(files, reasons, manifest["checks"] if manifest else [])


def _stage_docs(config: Config) -> Path:
    stage = config.build / "site-src"
    shutil.rmtree(stage, ignore_errors=True)
    docs = config.site.mkdocs.parent / _docs_dir(config)
    if docs.is_dir():
        shutil.copytree(docs, stage / "docs")
    js = stage / "docs" / "assets" / "javascripts"
    js.mkdir(parents=True, exist_ok=True)
    shutil.copy(PLOTLY_JS, js / "plotly.min.js")
    shutil.copy(ASSETS / "charts.js", js / "charts.js")
    return stage


def _docs_dir(config: Config) -> str:
    loaded = yaml.safe_load(config.site.mkdocs.read_text(encoding="utf-8")) or {}
    return str(loaded.get("docs_dir", "docs")) if isinstance(loaded, dict) else "docs"


def _write_pages(config: Config, docs: Path, results: list[pages.Result], window: pages.DataWindow) -> None:
    (docs / "assets" / "charts").mkdir(parents=True, exist_ok=True)
    (docs / "assets" / "data").mkdir(parents=True, exist_ok=True)
    (docs / "metrics").mkdir(exist_ok=True)
    links = {}
    # Queries without a chart are supporting tables (one row per mention, say): read by other queries, not pages.
    charted = [r for r in results if r.query.chart]
    for result in charted:
        chart = result.query.chart
        assert chart is not None
        name = result.query.name
        (docs / "assets" / "data" / f"{name}.csv").write_text(pages.to_csv(result), encoding="utf-8")
        columns = {c: result.column(c) for c in (chart.x, *chart.y)}
        figure = charts.figure_json(chart, columns, result.query.title)
        (docs / "assets" / "charts" / f"{name}.json").write_text(figure, encoding="utf-8")
        page = pages.metric_page(result, f"assets/charts/{name}.json", f"../../assets/data/{name}.csv")
        (docs / "metrics" / f"{name}.md").write_text(page, encoding="utf-8")
        links[name] = f"metrics/{name}.md"
    overview = pages.overview_page(config.brand.name, window, charted, links)
    (docs / "index.md").write_text(overview, encoding="utf-8")


def _write_mkdocs_config(config: Config, stage: Path) -> None:
    settings = {
        "INHERIT": os.path.relpath(config.site.mkdocs, stage),
        "site_name": config.site.title,
        "docs_dir": "docs",
        "theme": {"name": "material", "language": config.site.language},
        "extra_javascript": ["assets/javascripts/plotly.min.js", "assets/javascripts/charts.js"],
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
            str(stage / "mkdocs.yml"),
            "-d",
            str(building.resolve()),
        ],
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
