"""Incremental ingest and run equal full ones, row by row in every table, after files are added, replaced, removed.

Ingest: one warehouse is built night after night with its file cache; another, ``full``, from the same exports
without one; every table of the two must hold the same rows. Run: each night's incremental run (only the weeks with
changed mentions computed again) must give every query's result a full run gives. The demo's exports are the
material: real formats, overlapping downloads, rejects, mentions whose language is detected.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipeline.config import Config, load_config
from pipeline.ingest import FileOutcome, ingest
from pipeline.privacy import DEMO_SALT
from pipeline.queries import incremental
from pipeline.queries.header import parse
from pipeline.queries.parameters import Variable
from pipeline.queries.run import run_all
from pipeline.warehouse import filecache

NEWER_MENTIONS = "listening/brandwatch_mentions_2025-10_2026-10.csv"
NEWER_ORDERS = "shop/orders_export_2.csv"
ROOT = Path(__file__).parents[1]
CONFIG = (
    "brand: {name: Marea, handles: {x: [marea_swim], instagram: [marea.swim]}}\nexports: exports/\n"
    f"queries: {ROOT / 'queries'}\ntimezone: Europe/Madrid\n"
)
DIGITS = 9  # sums of doubles differ in their last bits between any two runs (DuckDB adds in parallel)


KEPT_LINES = 1500  # of each CSV: enough for overlaps, rejects and detected languages, and a quick test


@pytest.fixture(scope="module")
def trimmed_exports(tmp_path_factory: pytest.TempPathFactory, demo_exports: Path) -> Path:
    """The demo's exports but Instagram's and X's (more formats, more time; the posts table still has Facebook's),
    each CSV cut to its first lines (their records are one line each)."""
    folder = tmp_path_factory.mktemp("demo") / "exports"
    shutil.copytree(demo_exports, folder)
    for dropped in ("x", "meta/instagram_posts_2024-11_2025-10.csv", "meta/instagram_posts_2025-09_2026-10.csv"):
        shutil.rmtree(folder / dropped) if (folder / dropped).is_dir() else (folder / dropped).unlink()
    for path in folder.rglob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            head = [line for _, line in zip(range(KEPT_LINES), handle, strict=False)]
        path.write_text("".join(head), encoding="utf-8", newline="")
    return folder


@pytest.fixture
def projects(tmp_path: Path, trimmed_exports: Path) -> Iterator[tuple[Config, Config]]:
    """Two projects reading one exports folder: ``incremental`` keeps its cache between ingests, ``full`` never
    uses one."""
    exports = tmp_path / "exports"
    shutil.copytree(trimmed_exports, exports)
    configs = []
    for name in ("incremental", "full"):
        (tmp_path / name).mkdir()
        config = tmp_path / name / "social-health.yml"
        config.write_text(CONFIG.replace("exports/", str(exports) + "/") + "warehouse: build/warehouse.duckdb\n")
        configs.append(load_config(config))
    yield configs[0], configs[1]


def table_rows(warehouse: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows, sorted, without the time each file was loaded (it is when, not what)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    out = {}
    for table in tables:
        columns = [d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description if d[0] != "loaded_at"]
        out[table] = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL").fetchall()
    con.close()
    return out


def assert_same_as_full(incremental: Config, full: Config) -> None:
    ingest(full, DEMO_SALT, full=True)
    ours, theirs = table_rows(incremental.warehouse), table_rows(full.warehouse)
    assert ours.keys() == theirs.keys()
    for table in ours:
        assert ours[table] == theirs[table], table
    assert sum(len(r) for r in ours.values()) > 5_000


def results(config: Config) -> dict[str, list[tuple[object, ...]]]:
    """Every query's result table, sorted, doubles rounded to DIGITS."""
    con = duckdb.connect(str(config.warehouse), read_only=True)
    found = con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'metrics'").fetchall()
    tables = [t for (t,) in found]
    out = {}
    for table in tables:
        description = con.execute(f"SELECT * FROM metrics.{table} LIMIT 0").description
        columns = [f"round({d[0]}, {DIGITS})" if str(d[1]) == "DOUBLE" else d[0] for d in description]
        out[table] = con.execute(f"SELECT {', '.join(columns)} FROM metrics.{table} ORDER BY ALL").fetchall()
    con.close()
    return out


def assert_run_same_as_full(config: Config, weeks: int | range | None) -> None:
    """The incremental run computes ``weeks`` weeks of mention_classes (None: in full) and its results equal those
    of a full run on the same warehouse."""
    classes = {r.name: r for r in run_all(config).results}["mention_classes"]
    computed = classes.weeks_computed
    assert computed in weeks if isinstance(weeks, range) else computed == weeks
    said = "computed in full: no earlier run to build on" if weeks is None else f"{computed} week(s) with new"
    assert classes.how.startswith(said)
    ours = results(config)
    run_all(config, full=True)
    theirs = results(config)
    assert ours.keys() == theirs.keys() and "mention_classes" in ours
    for table in ours:
        assert ours[table] == theirs[table], table


def parsed(outcomes: list[FileOutcome]) -> set[str]:
    return {o.file for o in outcomes if o.status == "loaded" and not o.cached}


def test_files_added_replaced_and_removed(projects: tuple[Config, Config]) -> None:
    """One brand's nights: two files arrive late, one is downloaded again with changes, one is removed. After each,
    the incremental warehouse equals a full rebuild, and only the new or changed files were parsed."""
    incremental, full = projects
    held = {name: (incremental.exports / name).read_bytes() for name in (NEWER_MENTIONS, NEWER_ORDERS)}
    for name in held:
        (incremental.exports / name).unlink()
    first = ingest(incremental, DEMO_SALT)
    assert not any(o.cached for o in first.outcomes)
    assert_run_same_as_full(incremental, None)  # nothing to build on yet

    for name, content in held.items():  # added
        (incremental.exports / name).write_bytes(content)
    added = ingest(incremental, DEMO_SALT)
    assert parsed(added.outcomes) == set(held)
    assert sum(o.cached for o in added.outcomes) == sum(o.status == "loaded" for o in first.outcomes)
    assert_same_as_full(incremental, full)
    assert_run_same_as_full(incremental, weeks_of(incremental, NEWER_MENTIONS))

    # replaced: a newer download of the same file, one mention gone and one text edited (its key is re-picked)
    path = incremental.exports / NEWER_MENTIONS
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    edited = [line.replace(",", ", editado", 5) if i == 40 else line for i, line in enumerate(lines) if i != 30]
    path.write_text("".join(edited), encoding="utf-8")
    assert parsed(ingest(incremental, DEMO_SALT).outcomes) == {NEWER_MENTIONS}
    assert_same_as_full(incremental, full)
    assert_run_same_as_full(incremental, range(1, 3))  # the weeks of the two edited lines

    entries = {p.name for p in filecache.cache_dir(incremental).iterdir() if p.is_dir()}
    (incremental.exports / NEWER_ORDERS).unlink()  # removed
    assert parsed(ingest(incremental, DEMO_SALT).outcomes) == set()
    left = {p.name for p in filecache.cache_dir(incremental).iterdir() if p.is_dir()}
    assert len(left) == len(entries) - 1  # its entry is pruned
    assert_same_as_full(incremental, full)
    assert_run_same_as_full(incremental, 0)  # orders changed, no mention did

    weeks = weeks_of(incremental, NEWER_MENTIONS)  # its mentions go, or fall back to the older download's rows
    (incremental.exports / NEWER_MENTIONS).unlink()
    ingest(incremental, DEMO_SALT)
    assert_run_same_as_full(incremental, weeks)


def weeks_of(config: Config, file: str) -> int:
    """How many weeks (Madrid's) hold mentions of the warehouse that ``file`` provided."""
    con = duckdb.connect(str(config.warehouse), read_only=True)
    (weeks,) = con.execute(
        "SELECT count(DISTINCT date_trunc('week', timezone('Europe/Madrid', published_at))) FROM mentions"
        " WHERE source_file = ?",
        [file],
    ).fetchone() or (0,)
    con.close()
    assert weeks > 0
    return int(weeks)


def test_a_changed_salt_or_config_parses_everything_again(projects: tuple[Config, Config]) -> None:
    incremental, full = projects
    loaded = {o.file for o in ingest(incremental, DEMO_SALT).outcomes if o.status == "loaded"}
    assert parsed(ingest(incremental, "another-salt-0123456789abcdef").outcomes) == loaded
    # the brand gains an account: author_role and the redaction of texts change, so no entry may be reused
    text = incremental.path.read_text().replace("[marea_swim]", "[marea_swim, marea_outlet]")
    for config in (incremental, full):
        config.path.write_text(text)
    incremental, full = load_config(incremental.path), load_config(full.path)
    assert parsed(ingest(incremental, DEMO_SALT).outcomes) == loaded
    assert_same_as_full(incremental, full)

    # A file stating no export date is checked against the ingest's day: a row rejected as later than that day
    # could be accepted the next day, so its entry says for which day it holds.
    con = duckdb.connect(str(incremental.warehouse), read_only=True)
    file, sha256 = con.execute("SELECT file, sha256 FROM load_log WHERE format = 'inbox_csv'").fetchone() or ("", "")
    con.close()
    name = filecache.entry_name(incremental, DEMO_SALT, file, sha256)
    today = date.today()
    assert filecache.find(incremental, name, today) is not None
    outcome = filecache.cache_dir(incremental) / name / "outcome.json"
    outcome.write_text(outcome.read_text().replace('"valid_until": null', f'"valid_until": "{today}"'))
    assert filecache.find(incremental, name, today) is not None
    assert filecache.find(incremental, name, date.fromordinal(today.toordinal() + 1)) is None


def test_the_run_key_follows_the_sql_the_reference_data_and_the_variables_read(tmp_path: Path) -> None:
    """What decides an incremental query's rows besides the mentions: a change to any of it runs the query in full."""
    queries = tmp_path / "queries"
    (queries / "reference").mkdir(parents=True)
    (queries / "reference" / "word_lists.csv").write_text("list,language,term\npositive,es,bueno\n")
    sql = queries / "q.sql"
    sql.write_text("/* ---\ntitle: Q\nincremental: week\n--- */\nSELECT getvariable('timezone') AS tz FROM mentions\n")
    madrid = [Variable("timezone", "VARCHAR", "Europe/Madrid"), Variable("period_end", "DATE", date(2026, 5, 1))]
    key = incremental.run_key(parse(sql, queries), queries, madrid)
    assert parse(sql, queries).incremental == "week"
    later = [madrid[0], Variable("period_end", "DATE", date(2026, 5, 2))]
    assert incremental.run_key(parse(sql, queries), queries, later) == key  # a variable it does not read
    rome = [Variable("timezone", "VARCHAR", "Europe/Rome"), madrid[1]]
    assert incremental.run_key(parse(sql, queries), queries, rome) != key
    (queries / "reference" / "word_lists.csv").write_text("list,language,term\npositive,es,buenísimo\n")
    assert incremental.run_key(parse(sql, queries), queries, madrid) != key
    sql.write_text(sql.read_text().replace("AS tz", "AS zone"))
    assert incremental.run_key(parse(sql, queries), queries, madrid) != key
