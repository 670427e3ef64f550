"""Limits that fit the brand: the query time limit grows with the warehouse, and every DuckDB session holds at most
the config's memory and spills under the build folder."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import duckdb
import pytest

from pipeline.config import RunSettings
from pipeline.queries.sandbox import QUERY_SECONDS, lock_down, query_seconds, result_limits
from pipeline.warehouse.connect import SPILL_FOLDER, Resources, connect, connect_memory

PIPELINE = Path(__file__).resolve().parent.parent / "pipeline"


def setting(con: duckdb.DuckDBPyConnection, name: str) -> str:
    return str((con.execute("SELECT current_setting(?)", [name]).fetchone() or ("",))[0])


def test_the_default_time_limit_grows_with_the_largest_table() -> None:
    assert query_seconds(0) == QUERY_SECONDS == 120
    assert query_seconds(1) == 121  # any rows at all add a second, rounded up
    assert query_seconds(1_000_000) == 180
    assert query_seconds(10_000_000) == 720  # the classifier's honest ~6 minutes at 10 M mentions, twice over
    assert query_seconds(20_000_000) > query_seconds(10_000_000)


def test_the_run_limits_read_the_warehouse_unless_the_config_sets_them(tmp_path: Path) -> None:
    warehouse = tmp_path / "build" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    con = connect(warehouse, Resources(spill=tmp_path / "build" / SPILL_FOLDER))
    try:
        con.execute("CREATE TABLE mentions AS SELECT range AS i FROM range(2000000)")
        con.execute("CREATE TABLE posts AS SELECT range AS i FROM range(10)")
        assert result_limits(con, warehouse, RunSettings()).seconds == 240  # 120 s + 2 * 60 s
        assert result_limits(con, warehouse, RunSettings(query_seconds=30)).seconds == 30
    finally:
        con.close()


def test_the_shared_opener_sets_the_memory_limit_and_a_spill_folder_under_build(tmp_path: Path) -> None:
    build = tmp_path / "build"
    build.mkdir()
    con = connect(build / "warehouse.duckdb", Resources("1GiB", build / SPILL_FOLDER))
    try:
        assert setting(con, "memory_limit") == "1.0 GiB"
        assert Path(setting(con, "temp_directory")) == build / SPILL_FOLDER / "warehouse.duckdb"
        assert re.fullmatch(r"[\d.]+ (MiB|GiB|TiB)", setting(con, "max_temp_directory_size"))  # a size, not 90 %
    finally:
        con.close()


def test_each_in_memory_session_spills_to_its_own_folder(tmp_path: Path) -> None:
    (tmp_path / "build").mkdir()
    resources = Resources("500MB", tmp_path / "build" / SPILL_FOLDER)
    first, second = connect_memory(resources), connect_memory(resources)
    try:
        folders = {Path(setting(con, "temp_directory")) for con in (first, second)}
        assert len(folders) == 2 and all(f.parent == tmp_path / "build" / SPILL_FOLDER for f in folders)
        assert {setting(con, "memory_limit") for con in (first, second)} == {"476.8 MiB"}
    finally:
        first.close()
        second.close()


def test_an_in_memory_session_before_the_build_folder_exists_spills_to_the_system_temporary_folder(
    tmp_path: Path,
) -> None:
    con = connect_memory(Resources("500MB", tmp_path / "build" / SPILL_FOLDER))
    try:
        spill = Path(setting(con, "temp_directory"))
    finally:
        con.close()
    assert spill.parent == Path(tempfile.gettempdir()) / "social-health-duckdb"
    assert not (tmp_path / "build").exists()  # `check` leaves no build folder behind


def test_a_locked_session_spills_what_does_not_fit_under_build_and_cleans_up(tmp_path: Path) -> None:
    build = tmp_path / "build"
    build.mkdir()
    con = connect_memory(Resources("100MB", build / SPILL_FOLDER))
    try:
        lock_down(con, [])
        assert setting(con, "memory_limit") == "95.3 MiB"  # the sandbox keeps the opener's limit, locked
        # A sort of about 300 MB of text: more than the limit, so DuckDB must spill it to finish.
        sorted_rows = con.execute(
            "SELECT count(*) FROM (SELECT md5(i::VARCHAR) || md5((i + 1)::VARCHAR) AS m FROM range(4000000) t(i)"
            " ORDER BY m)"
        ).fetchone()
        assert sorted_rows == (4_000_000,)
        spill = Path(setting(con, "temp_directory"))
        assert spill.is_dir() and spill.parent == build / SPILL_FOLDER  # DuckDB made it to spill into
        with pytest.raises(duckdb.Error, match="locked"):
            con.execute("SET memory_limit = '64GB'")
    finally:
        con.close()
    assert not spill.exists()  # removed with the session


def test_every_duckdb_session_of_the_pipeline_opens_through_the_shared_opener() -> None:
    raw = [
        f"{path.relative_to(PIPELINE)}:{number}"
        for path in sorted(PIPELINE.rglob("*.py"))
        if path != PIPELINE / "warehouse" / "connect.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "duckdb.connect(" in line
    ]
    assert raw == [], "open DuckDB with pipeline.warehouse.connect (memory limit, spill folder)"
