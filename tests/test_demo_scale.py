"""`social-health demo --scale N`: DuckDB copies the demo's records N times in each export's own layout, and writes
one new day beside them. Real DuckDB, real ingest and run: the scaled demo holds N times every count of scale 1."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import Config, load_config
from pipeline.demo.copies import Copies, connect, write_copies
from pipeline.demo.project import write_demo_project
from pipeline.demo.scale import NEW_DAY, SOURCES, keep_handles, scale_exports, write_new_day
from pipeline.ingest import IngestReport, ingest
from pipeline.privacy import DEMO_SALT
from pipeline.queries.run import run_all

ROOT = Path(__file__).parents[1]
SCALE = 2
TABLES = ("mentions", "posts", "messages", "web_traffic", "orders")


def test_one_copy_of_each_export_is_the_same_bytes(demo_exports: Path, tmp_path: Path) -> None:
    """The layouts are right: DuckDB re-reading and re-writing a file, with nothing changed, gives its bytes back
    (preamble, BOM, quoting, line ends, GA4's missing last line break)."""
    con = connect(keep_handles(), tmp_path)
    for source in SOURCES:
        target = tmp_path / source.path
        spec = Copies(layout=source.layout, copies=1, changes=lambda col: {}, width=1)
        written = write_copies(con, demo_exports / source.path, target, spec)
        assert written > 0
        assert target.read_bytes() == (demo_exports / source.path).read_bytes(), source.path


def test_a_scale_below_one_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--dir", str(tmp_path / "demo"), "--scale", "0"])
    assert result.exit_code == 1
    assert "--scale 0" in result.output and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "demo").exists()


# --- end to end: scale 1 against scale 2 -----------------------------------------------------------------------------


def loaded(folder: Path, scale: int) -> tuple[Config, IngestReport]:
    config = load_config(write_demo_project(folder, root=ROOT))
    if scale > 1:
        scale_exports(config.exports, scale)
    report = ingest(config, DEMO_SALT)
    run_all(config)
    return config, report


def counts(config: Config) -> dict[str, Counter[str]]:
    """Rows per table, mentions per class (the `run` result) and per author role."""
    con = duckdb.connect(str(config.warehouse), read_only=True)
    try:
        tables = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in TABLES)
        return {
            "tables": Counter(dict(con.execute(tables).fetchall())),
            "classes": Counter(
                dict(con.execute("SELECT class, count(*) FROM metrics.mention_classes GROUP BY 1").fetchall())
            ),
            "roles": Counter(dict(con.execute("SELECT author_role, count(*) FROM mentions GROUP BY 1").fetchall())),
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def demos(tmp_path_factory: pytest.TempPathFactory) -> tuple[tuple[Config, IngestReport], tuple[Config, IngestReport]]:
    return loaded(tmp_path_factory.mktemp("one"), 1), loaded(tmp_path_factory.mktemp("two"), SCALE)


def accounted_for(report: IngestReport) -> None:
    assert not report.failures
    for outcome in report.outcomes:
        assert outcome.status in ("loaded", "skipped"), (outcome.file, outcome.message)
        assert outcome.rows_read == outcome.rows_loaded + outcome.rows_duplicate + outcome.rows_rejected, outcome.file


@pytest.mark.slow  # two demos generated, ingested and run
def test_scale_n_holds_n_times_every_count_of_scale_one(
    demos: tuple[tuple[Config, IngestReport], tuple[Config, IngestReport]],
) -> None:
    (one, one_report), (two, two_report) = demos
    accounted_for(one_report)
    accounted_for(two_report)
    per_file = {o.file: o for o in one_report.outcomes if o.status == "loaded"}
    for outcome in (o for o in two_report.outcomes if o.status == "loaded"):
        base = per_file[outcome.file]
        got = (outcome.rows_read, outcome.rows_loaded, outcome.rows_duplicate, outcome.rows_rejected)
        assert got == tuple(
            SCALE * n for n in (base.rows_read, base.rows_loaded, base.rows_duplicate, base.rows_rejected)
        )
    assert set(per_file) == {o.file for o in two_report.outcomes if o.status == "loaded"}
    small, big = counts(one), counts(two)
    assert len(small["tables"]) == len(TABLES) and len(small["classes"]) > 3 and len(small["roles"]) > 2
    for key, found in big.items():
        assert found == Counter({name: SCALE * n for name, n in small[key].items()}), key


@pytest.mark.slow
def test_a_new_day_loads_beside_the_scaled_demo_at_its_daily_volume(
    demos: tuple[tuple[Config, IngestReport], tuple[Config, IngestReport]],
) -> None:
    (_, one_report), (two, two_report) = demos
    written = write_new_day(two.exports, SCALE)
    assert {p.name.split("_")[0] for p in written} == {"brandwatch", "conversations", "orders", "ga4"}
    report = ingest(two, DEMO_SALT)
    accounted_for(report)
    new = {o.file: o for o in report.outcomes if NEW_DAY in o.file}
    assert len(new) == len(written) and all(o.status == "loaded" and o.rows_loaded > 0 for o in new.values())
    before = {o.file: o.rows_loaded for o in two_report.outcomes}
    assert all(before[o.file] == o.rows_loaded for o in report.outcomes if o.file in before)  # old files unchanged
    con = duckdb.connect(str(two.warehouse), read_only=True)
    try:
        day = con.execute(
            "SELECT count(*) FROM mentions WHERE (published_at AT TIME ZONE 'Europe/Madrid')::DATE = ?", [NEW_DAY]
        ).fetchone()
    finally:
        con.close()
    mentions = sum(
        o.rows_loaded for o in one_report.outcomes if o.format in ("brandwatch_mentions", "generic_mentions")
    )
    assert day is not None and SCALE * mentions / 730 / 3 < day[0] < SCALE * mentions / 730 * 3
