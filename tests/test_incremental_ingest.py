"""Incremental ingest equals a full one, row by row in every table, after files are added, replaced and removed.

Each case ingests twice into one warehouse (the second time with the file cache of the first) and once, ``full``,
into another from the same exports; every table of the two must hold the same rows. The demo's exports are the
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
from pipeline.demo.generate import write_exports
from pipeline.ingest import FileOutcome, ingest
from pipeline.privacy import DEMO_SALT
from pipeline.warehouse import filecache

NEWER_MENTIONS = "listening/brandwatch_mentions_2025-10_2026-10.csv"
NEWER_ORDERS = "shop/orders_export_2.csv"
CONFIG = "brand: {name: Marea, handles: {x: [marea_swim], instagram: [marea.swim]}}\nexports: exports/\n"


KEPT_LINES = 1500  # of each CSV: enough for overlaps, rejects and detected languages, and a quick test


@pytest.fixture(scope="module")
def demo_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's exports but Instagram's and X's (more formats, more time; the posts table still has Facebook's),
    each CSV cut to its first lines (their records are one line each)."""
    folder = tmp_path_factory.mktemp("demo") / "exports"
    write_exports(folder)
    for dropped in ("x", "meta/instagram_posts_2024-11_2025-10.csv", "meta/instagram_posts_2025-09_2026-10.csv"):
        shutil.rmtree(folder / dropped) if (folder / dropped).is_dir() else (folder / dropped).unlink()
    for path in folder.rglob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            head = [line for _, line in zip(range(KEPT_LINES), handle, strict=False)]
        path.write_text("".join(head), encoding="utf-8", newline="")
    return folder


@pytest.fixture
def projects(tmp_path: Path, demo_exports: Path) -> Iterator[tuple[Config, Config]]:
    """Two projects reading one exports folder: ``incremental`` keeps its cache between ingests, ``full`` never
    uses one."""
    exports = tmp_path / "exports"
    shutil.copytree(demo_exports, exports)
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
    assert not parsed(first.outcomes) - {o.file for o in first.outcomes}
    assert not any(o.cached for o in first.outcomes)

    for name, content in held.items():  # added
        (incremental.exports / name).write_bytes(content)
    added = ingest(incremental, DEMO_SALT)
    assert parsed(added.outcomes) == set(held)
    assert sum(o.cached for o in added.outcomes) == sum(o.status == "loaded" for o in first.outcomes)
    assert_same_as_full(incremental, full)

    # replaced: a newer download of the same file, one mention gone and one text edited (its key is re-picked)
    path = incremental.exports / NEWER_MENTIONS
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    edited = [line.replace(",", ", editado", 5) if i == 40 else line for i, line in enumerate(lines) if i != 30]
    path.write_text("".join(edited), encoding="utf-8")
    assert parsed(ingest(incremental, DEMO_SALT).outcomes) == {NEWER_MENTIONS}
    assert_same_as_full(incremental, full)

    entries = {p.name for p in filecache.cache_dir(incremental).iterdir() if p.is_dir()}
    (incremental.exports / NEWER_ORDERS).unlink()  # removed
    assert parsed(ingest(incremental, DEMO_SALT).outcomes) == set()
    left = {p.name for p in filecache.cache_dir(incremental).iterdir() if p.is_dir()}
    assert len(left) == len(entries) - 1  # its entry is pruned
    assert_same_as_full(incremental, full)


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
