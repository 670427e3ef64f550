"""Faults around the ingest, not in one file: a stray file, two ingests at once, a full disk (issue 13, part B).

- A file that fails or is unknown is listed as not loaded and the others load (exit 0); `--strict` or `ingest.strict`
  keep the old exit 1; when not one file loads the previous warehouse is kept and the ingest fails either way.
- `ingest` and `run` hold an exclusive lock beside the warehouse: a second one says who holds it and exits 1, and a
  lock of a process that died blocks nothing.
- A full disk is one line naming the folder, and the previous warehouse and results survive. The disk is a real
  tmpfs, mounted in a private mount namespace; only where the machine refuses that mount does the test fall back to
  a simulated ENOSPC (it says so when it does).
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml
from conftest import CASES, TEST_SALT, live_markup, rows
from typer.testing import CliRunner

from pipeline.alerts import NotLoaded, not_loaded_issue_body
from pipeline.cli import app
from pipeline.config import load_config
from pipeline.demo.project import write_demo_project
from pipeline.diskspace import is_disk_full
from pipeline.escape import page_text
from pipeline.ingest import SYMLINK_REFUSED
from pipeline.warehouse.lock import lock_path, warehouse_lock
from pipeline.warehouse.schema import ALL_TABLES

QUERIES = Path(__file__).parents[1] / "queries"
SOCIAL_HEALTH = Path(sys.executable).with_name("social-health")  # the installed command, as the workflow runs it
UNKNOWN = "Kolumne A;Kolumne B\n1;2\n"
runner = CliRunner()


def ingest(project: Path, *args: str) -> Any:
    return runner.invoke(
        app, ["ingest", "--config", str(project / "social-health.yml"), *args], env={"SOCIAL_HEALTH_SALT": TEST_SALT}
    )


def add_config(project: Path, text: str) -> None:
    config = project / "social-health.yml"
    config.write_text(config.read_text(encoding="utf-8") + text, encoding="utf-8")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def stray(project: Path) -> Path:
    """A project with one real export (tests/cases/inbox) and one file of no known format beside it."""
    shutil.copy(CASES / "inbox" / "inbox_conversations.csv", project / "exports")
    (project / "exports" / "unknown-tool.csv").write_text(UNKNOWN, encoding="utf-8")
    return project


# --- One stray file ---------------------------------------------------------------------------------------------


def test_a_stray_file_is_listed_as_not_loaded_and_the_others_load(stray: Path) -> None:
    done = ingest(stray)
    assert done.exit_code == 0, done.output
    assert "not loaded: unknown-tool.csv: not a known export format" in done.stderr
    assert "1 export file(s) not loaded; the others were, and the report is built without them" in done.stderr
    con = duckdb.connect(str(stray / "build" / "warehouse.duckdb"), read_only=True)
    statuses = {r["file"]: r["status"] for r in rows(con, "SELECT file, status FROM load_log")}
    assert statuses == {"inbox_conversations.csv": "loaded", "unknown-tool.csv": "failed"}
    assert rows(con, "SELECT count(*) AS n FROM messages")[0]["n"] == 3


def test_strict_on_the_command_line_or_in_the_config_keeps_the_old_exit_1(stray: Path) -> None:
    strict = ingest(stray, "--strict")
    assert strict.exit_code == 1
    assert "error: 1 export file(s) could not be loaded (unknown-tool.csv); see the lines above" in strict.stderr
    add_config(stray, "ingest: {strict: true}\n")
    by_config = ingest(stray)
    assert by_config.exit_code == 1 and "error: unknown-tool.csv: not a known export format" in by_config.stderr
    assert ingest(stray, "--no-strict").exit_code == 0  # the command line wins over the config


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("ingest: {strict: maybe}\n", "'ingest.strict' must be a true or false, got 'maybe'"),
        ("ingest: {strikt: true}\n", "unknown key 'ingest.strikt' (did you mean 'ingest.strict'?)"),
        ("ingest: strict\n", "'ingest' must be a mapping with keys strict"),
    ],
)
def test_a_wrong_ingest_key_or_value_is_one_line(stray: Path, text: str, said: str) -> None:
    add_config(stray, text)
    done = ingest(stray)
    assert done.exit_code == 1 and said in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_when_not_one_file_loads_the_ingest_fails_and_the_previous_warehouse_is_kept(stray: Path) -> None:
    assert ingest(stray).exit_code == 0
    warehouse = stray / "build" / "warehouse.duckdb"
    before = sha256(warehouse)
    (stray / "exports" / "inbox_conversations.csv").unlink()
    done = ingest(stray)
    assert done.exit_code == 1
    assert "error: none of the export files could be loaded (unknown-tool.csv); the previous warehouse is kept" in (
        done.stderr
    )
    assert sha256(warehouse) == before
    assert not warehouse.with_name("warehouse.duckdb.building").exists()


HOSTILE_NAMES = ("@octocat hi.csv", "[click](https://evil.example).csv", "<img src=x onerror=alert(1)>.csv", "#12.csv")


def test_file_names_in_the_not_loaded_issue_cannot_mention_link_or_embed() -> None:
    files = [NotLoaded(name, f"not a known export format; see www.evil.example/{name}") for name in HOSTILE_NAMES]
    body = not_loaded_issue_body(files, "")
    assert live_markup(body) == []
    assert body.count("\n| ") == 1 + len(HOSTILE_NAMES)  # the header and one row each: none broke out
    assert "`strict: true` under `ingest:`" in body


def test_the_summary_and_the_data_quality_page_name_the_file_not_loaded(stray: Path) -> None:
    from pipeline.summary import not_loaded_section
    from pipeline.website.labels import Labels
    from pipeline.website.quality import data_quality_page

    name = "<img src=x onerror=alert(1)> @octocat.csv"
    (stray / "exports" / "unknown-tool.csv").rename(stray / "exports" / name)
    assert ingest(stray).exit_code == 0
    config = load_config(stray / "social-health.yml")
    section = not_loaded_section(config)
    assert section.startswith("1 export file(s) could not be loaded") and live_markup(section) == []
    con = duckdb.connect(str(config.warehouse), read_only=True)
    page = data_quality_page(con, [], Labels("en"))
    assert "1 export file(s) not loaded" in page
    shown = name.replace("@octocat.csv", "@p_")  # the handle in the name is redacted, as in any text
    assert f"<li>{page_text(shown)}" in page and "<img" not in page and "octocat" not in page + section


def test_a_handle_email_or_phone_in_a_file_name_is_redacted_wherever_the_name_is_kept_or_shown(stray: Path) -> None:
    personal = ("maria_g", "maria.g@mail.com", "612 345 678")
    loaded = "inbox for @maria_g maria.g@mail.com +34 612 345 678.csv"
    (stray / "exports" / "inbox_conversations.csv").rename(stray / "exports" / loaded)
    (stray / "exports" / "unknown-tool.csv").rename(stray / "exports" / "from @maria_g.csv")
    done = ingest(stray)
    assert done.exit_code == 0, done.output
    assert not [p for p in personal if p in done.output], done.output
    con = duckdb.connect(str(stray / "build" / "warehouse.duckdb"), read_only=True)
    columns = con.execute(
        "SELECT schema_name, table_name, column_name FROM duckdb_columns()"
        " WHERE data_type = 'VARCHAR' AND NOT internal AND database_name = current_database()"
    ).fetchall()
    assert {table for _, table, _ in columns} >= {"load_log", "rejects", "messages"}
    for schema, table, column in columns:
        for p in personal:
            found = con.execute(f'SELECT count(*) FROM "{schema}"."{table}" WHERE contains("{column}", ?)', [p])
            assert found.fetchone() == (0,), (table, column, p)
    files = dict(con.execute("SELECT status, file FROM load_log").fetchall())
    assert files == {"loaded": "inbox for @p_" + files["loaded"][13:], "failed": files["failed"]}
    assert "[email] [phone].csv" in files["loaded"] and files["failed"].startswith("from @p_")
    # the rows still name their file as the load log does (the merge matched them by the real name first)
    assert con.execute("SELECT DISTINCT source_file FROM messages").fetchall() == [(files["loaded"],)]
    assert con.execute("SELECT count(*) FROM messages").fetchone() == (3,)


def test_a_symbolic_link_in_the_exports_is_refused_by_name_and_never_followed(stray: Path) -> None:
    """A link to a file outside (it could be any file of the machine) or to a folder: listed as not loaded, never
    read; `check` names them too."""
    outside = stray / "outside"
    outside.mkdir()
    shutil.copy(CASES / "inbox" / "inbox_conversations.csv", outside / "more_conversations.csv")
    (stray / "exports" / "unknown-tool.csv").unlink()
    (stray / "exports" / "linked.csv").symlink_to(outside / "more_conversations.csv")
    (stray / "exports" / "linked-folder").symlink_to(outside, target_is_directory=True)
    done = ingest(stray)
    assert done.exit_code == 0, done.output
    con = duckdb.connect(str(stray / "build" / "warehouse.duckdb"), read_only=True)
    logged = {r["file"]: (r["status"], r["message"]) for r in rows(con, "SELECT file, status, message FROM load_log")}
    assert logged["inbox_conversations.csv"][0] == "loaded"
    for link in ("linked.csv", "linked-folder"):
        assert logged[link] == ("failed", f"{link}: {SYMLINK_REFUSED}"), logged
        assert f"not loaded: {link}: is a symbolic link" in done.stderr
    assert len(logged) == 3 and rows(con, "SELECT count(*) AS n FROM messages")[0]["n"] == 3
    checked = runner.invoke(app, ["check", "--config", str(stray / "social-health.yml")])
    assert "linked.csv: is a symbolic link" in checked.output and "linked-folder: is a symbolic link" in checked.output


# Found by a hostile review: a file's column named like one the readers add, a name that is not UTF-8, a file that
# cannot be opened, two names that redact alike.
INBOX_HEADER = "platform,conversation_id,message_id,sent_at,from,text,automated"  # tests/cases/inbox's layout
INBOX_ROWS = (
    "instagram,c1,m1,2026-05-12T09:14:00+02:00,ana,hola,false",
    "instagram,c1,m2,not-a-date,acme.es,hola,false",
    "instagram,c1,m3,2026-05-12T09:30:00+02:00,ana,gracias,false",
)


@pytest.mark.parametrize("column", ["_line", "_provisional", "rowid", "ROWID", "_published"])
def test_a_column_named_like_the_readers_own_is_just_an_unknown_column(project: Path, column: str) -> None:
    """Brandwatch's real layout (tests/cases/brandwatch) with one column more; its first record has -5 followers."""
    lines = (CASES / "brandwatch" / "brandwatch_acme_2026-05-14.csv").read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Query Id,"))
    values = ("8", "8") if column == "_line" else ("x", "1")  # equal line numbers multiplied the records before
    records = [f"{line},{value}" for line, value in zip(lines[header + 1 :], values, strict=True)]
    records[0] = records[0].replace(",900,", ",-5,")
    text = "\n".join([*lines[:header], f"{lines[header]},{column}", *records]) + "\n"
    (project / "exports" / "brandwatch_acme.csv").write_text(text, encoding="utf-8")
    done = ingest(project)
    assert done.exit_code == 0, done.output
    con = duckdb.connect(str(project / "build" / "warehouse.duckdb"), read_only=True)
    logged = con.execute("SELECT status, rows_read, rows_loaded, rows_rejected, unknown_columns FROM load_log")
    assert logged.fetchall() == [("loaded", 2, 1, 1, [f"{column} (in the file)"])]
    assert con.execute("SELECT line FROM rejects").fetchall() == [(header + 2,)]  # the real line, not the file's


def test_a_file_whose_name_is_not_utf8_is_refused_by_name_and_the_others_load(stray: Path) -> None:
    name = os.fsdecode(b"inbox_\xff\xfe.csv")
    shutil.copy(CASES / "inbox" / "inbox_conversations.csv", stray / "exports" / name)
    done = ingest(stray)
    assert done.exit_code == 0, done.output
    assert "not loaded: inbox_\\xff\\xfe.csv: its name is not valid UTF-8" in done.stderr
    con = duckdb.connect(str(stray / "build" / "warehouse.duckdb"), read_only=True)
    logged = dict(con.execute("SELECT file, status FROM load_log").fetchall())
    assert logged == {
        "inbox_conversations.csv": "loaded",
        "inbox_\\xff\\xfe.csv": "failed",
        "unknown-tool.csv": "failed",
    }


def test_a_file_that_cannot_be_opened_fails_in_one_line_and_the_others_load(
    stray: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated: the tests may run as root, whom no file mode stops (the path is the real one, Path.open refuses)."""
    locked = stray / "exports" / "locked.csv"
    shutil.copy(CASES / "inbox" / "inbox_conversations.csv", locked)
    real_open = Path.open

    def refusing_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refusing_open)
    done = ingest(stray)
    assert done.exit_code == 0, done.output
    assert "not loaded: locked.csv: cannot be read (Permission denied); check that the nightly's user" in done.stderr
    assert "Traceback" not in done.output


def test_two_names_that_redact_alike_are_still_told_apart(stray: Path) -> None:
    for name in ("reply to ana@x.example.csv", "reply to bob@y.example.csv"):
        (stray / "exports" / name).write_text("\n".join([INBOX_HEADER, *INBOX_ROWS]) + "\n", encoding="utf-8")
    (stray / "exports" / "reply to bob@y.example.csv").open("a").write(INBOX_ROWS[0].replace("m1", "m9") + "\n")
    assert ingest(stray).exit_code == 0
    con = duckdb.connect(str(stray / "build" / "warehouse.duckdb"), read_only=True)
    files = [f for (f,) in con.execute("SELECT file FROM load_log WHERE file LIKE 'reply%' ORDER BY file").fetchall()]
    assert len(files) == len(set(files)) == 2 and all(f.startswith("reply to [email] (") for f in files), files
    assert con.execute("SELECT count(DISTINCT file) FROM rejects WHERE file LIKE 'reply%'").fetchone() == (2,)


# --- The lock ---------------------------------------------------------------------------------------------------


def contents(warehouse: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every contract table's rows, sorted; the load log without the time of loading."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        found = {}
        for name in ALL_TABLES:
            columns = "* EXCLUDE (loaded_at)" if name == "load_log" else "*"
            found[name] = sorted(con.execute(f"SELECT {columns} FROM {name}").fetchall(), key=repr)
        return found
    finally:
        con.close()


def test_a_lock_held_through_the_same_api_turns_ingest_and_run_away(stray: Path) -> None:
    assert ingest(stray).exit_code == 0
    warehouse = stray / "build" / "warehouse.duckdb"
    before = sha256(warehouse)
    env = os.environ | {"SOCIAL_HEALTH_SALT": TEST_SALT}
    config = str(stray / "social-health.yml")
    with warehouse_lock(warehouse, "run"):
        for command in ("ingest", "run"):
            done = subprocess.run(
                [str(SOCIAL_HEALTH), command, "--config", config], env=env, capture_output=True, text=True, check=False
            )
            assert done.returncode == 1, done.stderr
            assert done.stderr.strip() == (
                f"error: {warehouse}: another `social-health run` is running (pid {os.getpid()}); wait for it to "
                f"finish, then run `social-health {command}` again"
            )
    assert sha256(warehouse) == before
    assert lock_path(warehouse).read_text(encoding="utf-8") == ""  # released: it names no holder


HOLDER = """
import sys, time
from pathlib import Path
from pipeline.warehouse.lock import warehouse_lock
with warehouse_lock(Path(sys.argv[1]), "ingest"):
    print("held", flush=True)
    time.sleep(600)
"""


def test_the_lock_of_a_process_that_was_killed_blocks_nothing(stray: Path) -> None:
    warehouse = stray / "build" / "warehouse.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(warehouse)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        busy = ingest(stray)
        assert busy.exit_code == 1 and f"another `social-health ingest` is running (pid {holder.pid})" in busy.stderr
    finally:
        holder.send_signal(signal.SIGKILL)  # no clean exit: the kernel drops its lock
        holder.wait()
    assert lock_path(warehouse).read_text(encoding="utf-8").startswith(f"{holder.pid} ingest")  # left behind
    done = ingest(stray)
    assert done.exit_code == 0, done.output


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's exports and config (24 months of a fictional brand: an ingest takes seconds)."""
    return write_demo_project(tmp_path_factory.mktemp("demo"))


@pytest.mark.slow
def test_two_ingests_at_once_the_second_is_turned_away_and_the_warehouse_equals_one_ingests(demo: Path) -> None:
    config = load_config(demo)
    cli = [str(SOCIAL_HEALTH), "ingest", "--config", str(demo)]
    assert subprocess.run(cli, capture_output=True, check=False).returncode == 0
    single = contents(config.warehouse)
    first = subprocess.Popen(cli, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not lock_path(config.warehouse).read_text(encoding="utf-8").startswith(f"{first.pid} "):
            assert first.poll() is None and time.monotonic() < deadline, "the first ingest never took the lock"
            time.sleep(0.05)
        second = subprocess.run(cli, capture_output=True, text=True, check=False)
        still_running = first.poll() is None
    finally:
        first_stderr = first.communicate(timeout=300)[1]
    assert still_running, "the first ingest ended before the second started: the test proves nothing"
    assert second.returncode == 1
    assert second.stderr.strip() == (
        f"error: {config.warehouse}: another `social-health ingest` is running (pid {first.pid}); wait for it to "
        "finish, then run `social-health ingest` again"
    )
    assert first.returncode == 0, first_stderr
    assert contents(config.warehouse) == single
    assert not config.warehouse.with_name("warehouse.duckdb.building").exists()


# --- A full disk -----------------------------------------------------------------------------------------------


def test_only_the_disk_being_full_counts_not_text_that_says_so() -> None:
    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert is_disk_full(duckdb.IOException('Could not write file "/x/w.duckdb": No space left on device'))
    try:
        try:
            raise duckdb.TransactionException('Failed to commit: Could not write file "/x": No space left on device')
        except duckdb.Error:
            raise RuntimeError("wrapped") from None
    except RuntimeError as wrapped:
        assert is_disk_full(wrapped)  # through the error it was raised from
    assert not is_disk_full(duckdb.IOException('Could not read file "No space left on device.csv": not found'))
    assert not is_disk_full(duckdb.ConversionException("Could not convert 'No space left on device' to INT64"))
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))
    # A COPY to Parquet reports its write failure as JSON (DuckDB 2.0), its file name quoted inside
    parquet = (
        'IO Error: Async write failed for range [offset=137, size=365277]: {"exception_type":"IO",'
        '"exception_message":"Could not write file \\"/x/m.parquet\\": No space left on device","errno":"28"}'
    )
    assert is_disk_full(duckdb.IOException(parquet))
    spoof = parquet.replace("/x/m.parquet", '\\",\\"errno\\":\\"28').replace('"errno":"28"', '"errno":"13"')
    assert not is_disk_full(duckdb.IOException(spoof.replace("No space left on device", "Permission denied")))


FULL_DISK = """
set -u
mount -t tmpfs -o size=24m tmpfs "$DISK"
cp "$OUT/social-health.yml" "$DISK/social-health.yml"
step() {  # step COMMAND NAME: `social-health COMMAND`; its exit code, stderr, the disk's files and two hashes after
  "$SOCIAL_HEALTH" "$1" --config "$DISK/social-health.yml" > /dev/null 2> "$OUT/$2.err"
  echo $? > "$OUT/$2.rc"
  ls -A "$DISK" > "$OUT/$2.ls"
  (cd "$DISK" && sha256sum warehouse.duckdb results/manifest.json > "$OUT/$2.sha" 2> /dev/null)
}
fill() {  # leave $1 KB free
  dd if=/dev/zero of="$DISK/filler" bs=1k count=$(( $(df -k --output=avail "$DISK" | tail -1) - $1 )) 2> /dev/null
}
step ingest ingest-ok
step run run-ok
fill 3000
step ingest ingest-full
rm "$DISK/filler"
fill 300
step run run-full
rm "$DISK/filler"
step run run-after
"""


def in_a_private_mount_namespace(*command: str) -> list[str]:
    """``command`` in its own mount namespace (as root, or mapped to root where user namespaces are allowed)."""
    return ["unshare", "--mount", *(["--map-root-user"] if os.geteuid() else []), *command]


def on_a_full_tmpfs(demo: Path, out: Path) -> dict[str, dict[str, str]] | None:
    """The FULL_DISK steps on a 24 MB tmpfs mounted for them alone (it goes when they end): per step, its exit code,
    stderr, files and hashes. None when this machine does not allow the mount."""
    disk = out / "disk"
    disk.mkdir()
    allowed = subprocess.run(
        in_a_private_mount_namespace("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)),
        capture_output=True,
        check=False,
    )
    if allowed.returncode != 0:
        return None
    raw = yaml.safe_load(demo.read_text(encoding="utf-8"))
    raw |= {"exports": str(demo.parent / "exports"), "queries": str(QUERIES), "warehouse": "warehouse.duckdb"}
    raw |= {"build": ".", "site": raw["site"] | {"mkdocs": str(QUERIES.parent / "mkdocs.yml")}}
    (out / "social-health.yml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    env = os.environ | {"DISK": str(disk), "OUT": str(out), "SOCIAL_HEALTH": str(SOCIAL_HEALTH)}
    subprocess.run(in_a_private_mount_namespace("bash", "-c", FULL_DISK), env=env, check=True)
    steps = ("ingest-ok", "run-ok", "ingest-full", "run-full", "run-after")
    return {
        step: {kind: (out / f"{step}.{kind}").read_text(encoding="utf-8") for kind in ("rc", "err", "ls", "sha")}
        for step in steps
    }


@pytest.mark.slow
def test_a_full_disk_is_one_line_naming_the_folder_and_the_previous_data_survives(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = on_a_full_tmpfs(demo, tmp_path)
    if steps is None:
        warnings.warn("no tmpfs could be mounted here: the full disk is a simulated ENOSPC", stacklevel=1)
        simulated_full_disk(demo, monkeypatch)
        return
    disk = tmp_path / "disk"
    assert steps["ingest-ok"]["rc"] == steps["run-ok"]["rc"] == "0\n", steps["run-ok"]["err"]
    warehouse_hash, results_hash = steps["run-ok"]["sha"].splitlines()

    full = steps["ingest-full"]
    assert full["rc"] == "1\n"
    assert re.fullmatch(
        rf"error: {re.escape(str(disk))}: the disk is full \([\d.]+ (bytes|KB|MB) free\); it needs about [\d.]+ MB "
        r"\(as much as last time\); free some space there and run `social-health ingest` again \(the previous "
        r"warehouse is kept\)\n",
        full["err"],
    ), full["err"]
    assert full["sha"].splitlines()[0] == warehouse_hash  # the warehouse the run had read, byte for byte
    assert not any(".building" in name for name in full["ls"].split())  # and the half-built one is gone

    full = steps["run-full"]
    assert full["rc"] == "1\n"
    assert re.fullmatch(
        rf"error: {re.escape(str(disk))}(/results\.building)?: the disk is full \([\d.]+ (bytes|KB|MB) free\).*; "
        r"free some space there and run `social-health run` again \(the previous results are kept\)\n",
        full["err"],
    ), full["err"]
    assert full["sha"].splitlines()[1] == results_hash
    assert "results.building" not in full["ls"].split()
    after = steps["run-after"]
    assert after["rc"] == "0\n", after["err"]  # the warehouse survived the run that filled the disk


def simulated_full_disk(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where no tmpfs can be mounted (a CI runner without user namespaces): the same outcomes from an ENOSPC raised
    where the build of the warehouse and the writing of the results would meet it. A stand-in, said here."""
    import pipeline.ingest
    import pipeline.queries.results

    def no_space(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device (simulated)")

    config = load_config(demo)
    cli = ["--config", str(demo)]
    assert runner.invoke(app, ["ingest", *cli]).exit_code == 0 and runner.invoke(app, ["run", *cli]).exit_code == 0
    warehouse, manifest = sha256(config.warehouse), sha256(config.build / "results" / "manifest.json")
    with monkeypatch.context() as patched:
        patched.setattr(pipeline.ingest, "_finish", no_space)
        done = runner.invoke(app, ["ingest", *cli])
    assert done.exit_code == 1 and "the disk is full" in done.stderr and "previous warehouse is kept" in done.stderr
    assert sha256(config.warehouse) == warehouse
    with monkeypatch.context() as patched:
        patched.setattr(pipeline.queries.results, "_write", no_space)
        done = runner.invoke(app, ["run", *cli])
    assert done.exit_code == 1 and "the disk is full" in done.stderr and "previous results are kept" in done.stderr
    assert sha256(config.build / "results" / "manifest.json") == manifest
