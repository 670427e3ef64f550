"""No file can break ingest: each case of the hostile corpus (hostile_corpus.py) through `social-health ingest`.

Each case runs in a subprocess of its own, under a small wrapper that reports the ingest's peak memory
(``ru_maxrss`` of its child), so the figure is that case's alone. The cases selected run a few at a time (one per
core, at most four) before their tests assert. Asserted for every case: no traceback, exit 1
exactly when no file loaded, each file's status, rows loaded and rejected, the reject reasons, a failed file's one
line (in load_log and in the command's output), the encoding recorded, the accounting identity, memory under 1 GB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import CONFIG, TEST_SALT
from hostile_corpus import CORPUS, Expect

PEAK_LIMIT_KB = 1024 * 1024  # 1 GiB
TABLES = ("mentions", "messages", "orders", "posts", "web_traffic")
WRAPPER = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"rc": done.returncode, "out": done.stdout, "err": done.stderr, "peak_kb": peak}))
"""


def run_ingest(project: Path) -> dict[str, object]:
    command = Path(sys.executable).with_name("social-health")
    env = {**os.environ, "SOCIAL_HEALTH_SALT": TEST_SALT, "COLUMNS": "250", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(command), "ingest", "--wide", "-c", str(project / "social-health.yml")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


@dataclass(frozen=True)
class Ran:
    project: Path
    expected: dict[str, Expect]
    result: dict[str, object]


def _build_and_run(name: str, project: Path) -> Ran:
    exports = project / "exports"
    exports.mkdir(parents=True)
    (project / "social-health.yml").write_text(CONFIG)
    expected = CORPUS[name](exports)
    return Ran(project, expected, run_ingest(project))


@pytest.fixture(scope="module")
def corpus_runs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Ran]:
    """Every selected case, built and ingested, a few subprocesses at a time."""
    names = sorted(
        {item.callspec.params["name"] for item in request.session.items if "corpus_runs" in item.fixturenames}
    )
    tmp_path_factory.getbasetemp()  # made once here: threads making it at once race (each test worker has its own)
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        runs = pool.map(lambda n: _build_and_run(n, tmp_path_factory.mktemp(n)), names)
        return dict(zip(names, runs, strict=True))


def test_the_corpus_has_at_least_40_cases() -> None:
    assert len(CORPUS) >= 40


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_file(name: str, corpus_runs: dict[str, Ran]) -> None:
    ran = corpus_runs[name]
    tmp_path, expected, result = ran.project, ran.expected, ran.result
    output = f"{result['out']}{result['err']}"
    assert "Traceback" not in output, output
    # A file that fails is listed and the others load (exit 0); only when none loads does ingest fail, keeping the
    # previous warehouse (here: none), so the failed file's one line is then read from the output alone.
    statuses = {e.status for e in expected.values()}
    nothing_loaded = "failed" in statuses and "loaded" not in statuses
    assert result["rc"] == (1 if nothing_loaded else 0), output
    assert int(str(result["peak_kb"])) < PEAK_LIMIT_KB, f"peak {result['peak_kb']} kB"
    warehouse = tmp_path / "build/warehouse.duckdb"
    if nothing_loaded:
        assert not warehouse.exists() and "none of the export files could be loaded" in output, output
        for file, want in expected.items():
            if want.status == "failed":
                assert any(file in o and str(want.message) in o for o in output.splitlines()), output
        return
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        logs = {
            r[0]: r[1:]
            for r in con.execute(
                "SELECT file, status, message, rows_read, rows_loaded, rows_duplicate, rows_rejected, encoding"
                " FROM load_log"
            ).fetchall()
        }
        assert set(logs) == set(expected), logs
        for file, want in expected.items():
            _check_file(con, file, want, logs[file], output)
    finally:
        con.close()


def _check_file(con: duckdb.DuckDBPyConnection, file: str, want: Expect, log: tuple[object, ...], output: str) -> None:
    status, message, read, loaded, duplicate, rejected, encoding = log
    assert status == want.status, (file, status, message)
    assert read == loaded + duplicate + rejected  # type: ignore[operator]
    assert (loaded, rejected, duplicate) == (want.loaded, want.rejected, 0), (file, log)
    reasons = [r for (r,) in con.execute("SELECT reason FROM rejects WHERE file = ?", [file]).fetchall()]
    assert len(reasons) == want.rejected, reasons
    for wanted in want.reasons:
        assert any(wanted in r for r in reasons), (wanted, reasons)
    if want.message is not None:
        assert message is not None and want.message in str(message), (file, message)
    if status == "failed":
        line = str(message)
        assert "\n" not in line and line.startswith(file), line
        assert "Conversion Error" not in line and "state machine" not in line, line
        assert "/tmp" not in line and str(Path.home()) not in line, line  # no path of this machine
        assert any(file in o and want.message in o for o in output.splitlines()), output  # type: ignore[operator]
    if want.encoding is not None:
        assert str(encoding).startswith(want.encoding), (file, encoding)
    for text in want.texts:
        found = sum(
            int(con.execute(f"SELECT count(*) FROM {t} WHERE contains(text, ?)", [text]).fetchone()[0])  # type: ignore[index]
            for t in TABLES
            if "text" in [c for (c,) in con.execute(f"SELECT column_name FROM (DESCRIBE {t})").fetchall()]
        )
        assert found, (file, text)
