"""Benchmark: the whole pipeline on the demo brand at N times its size, against DuckDB's floor for the same files.

    uv run python benchmarks/pipeline_scale.py --scale 10 [--repeat 1] [--out FILE.json] [--workdir DIR]

Generates `social-health demo --scale N`'s exports in the work dir (default build/benchmarks/pipeline_scale-N/;
kept and reused by the next run at the same N), then measures in one run, each step in a fresh subprocess so that
its wall time and peak memory (the child's maximum resident set size, from wait4; DuckDB runs in the process, so it
is counted) are its own:

- floor: DuckDB reading each raw export file once into a table of a fresh database file, no transformation: CSV
  files with read_csv(all_varchar) below their preamble, the X archive's tweets.js with its `window.YTD… =` prefix
  stripped (as the adapter does) and read_json_objects;
- the full `ingest --full` (the warehouse deleted first), `run --full` and `build`;
- a nightly: one new day of exports written beside the others (scale.write_new_day, not timed), then `ingest`,
  `run` and `build` again, and the floor of the new day's files alone;
- with `--demo`, the plain `social-health demo` (scale 1) to a built site.

Prints a table (seconds, peak MB, ratio to the floor) and the targets of issue 17 met or not, and writes the same
as JSON and Markdown (default build/benchmarks/pipeline_scale-N.json and .md) with the machine it ran on. Medians
when `--repeat` > 1. Asserts nothing: speed targets live here, not in the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from pipeline.demo.copies import Layout
from pipeline.demo.project import write_demo_project
from pipeline.demo.scale import NEW_DAY, SOURCES, TWEETS, scale_exports, write_new_day
from pipeline.sources.x_archive import unwrap_js

ROOT = Path(__file__).parents[1]
CONFIG = "social-health.yml"
TARGETS = {
    "full_vs_floor": 3.0,  # full pipeline (ingest + run + build) at most 3x the floor of the same files
    "peak_mb": 4096.0,  # every step under 4 GB
    "nightly_share": 0.10,  # a nightly with one new day at most 10 % of the full pipeline
    "demo_seconds": 30.0,  # the plain demo to a built site
}

# Runs a step and writes its wall time and its own peak RSS (wait4: that child's, and of the processes it waited
# for; KiB on Linux). Standard library only, so the step is forked from a small process.
LAUNCHER = """
import json, os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - started
open(sys.argv[1], "w").write(json.dumps({"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024}))
sys.exit(os.waitstatus_to_exitcode(status))
"""


@dataclass
class Step:
    name: str
    seconds: float
    peak_mb: float


# --- measuring a step -------------------------------------------------------------------------------------------------


def measure(name: str, command: list[str], log_dir: Path) -> Step:
    """Run ``command`` in a fresh process, started by a small launcher (LAUNCHER): a child's peak RSS counts the
    memory of the process it was forked from, so it must not be forked from this one, which holds the generator's
    DuckDB memory."""
    log = log_dir / f"{name.replace(' ', '_')}.log"
    usage = log.with_suffix(".json")
    with log.open("wb") as out:
        done = subprocess.run(
            [sys.executable, "-c", LAUNCHER, str(usage), *command], stdout=out, stderr=subprocess.STDOUT, cwd=ROOT
        )
    if done.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        raise SystemExit(f"{name} failed (exit {done.returncode}); the end of {log}:\n" + "\n".join(tail))
    found = json.loads(usage.read_text())
    return Step(name, found["seconds"], found["peak_mb"])


def social_health(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def floor_command(database: Path, files: list[Path]) -> list[str]:
    return [sys.executable, __file__, "--floor-db", str(database), *map(str, files)]


def read_floor(database: Path, files: list[str]) -> None:
    """The floor, in this (child) process: every file read once into a table, no transformation."""
    database.unlink(missing_ok=True)
    con = duckdb.connect(str(database))
    with tempfile.TemporaryDirectory(prefix="floor-") as tmp:
        for index, name in enumerate(files):
            path = Path(name)
            if path.name == "tweets.js":
                plain = Path(tmp) / "tweets.json"
                unwrap_js(path, plain, path.name)
                con.execute(
                    f"CREATE TABLE t{index} AS SELECT * FROM read_json_objects(?, format='array')", [str(plain)]
                )
                continue
            layout = _layout(path)
            con.execute(
                f"""CREATE TABLE t{index} AS SELECT * FROM read_csv(?, skip={layout.head_lines - 1}, header=true,
                    delim=?, quote='"', escape='"', all_varchar=true)""",
                [str(path), layout.delimiter],
            )
    con.close()
    database.unlink()


def _layout(path: Path) -> Layout:
    """The layout of the scale-1 file in the same folder with the same kind of name (a new day's file too)."""
    for source in SOURCES:
        folder, name = source.path.rsplit("/", 1)
        if path.parent.name == folder.rsplit("/", 1)[-1] and path.name.split("_")[0] == name.split("_")[0]:
            return source.layout
    raise SystemExit(f"no known layout for {path}")


# --- the run ----------------------------------------------------------------------------------------------------------


def prepare(workdir: Path, scale: int) -> tuple[Path, float | None]:
    """The scaled demo in ``workdir`` (reused when it was generated at the same scale); without a new day's files."""
    config = workdir / CONFIG
    marker = workdir / "scale.json"
    seconds = None
    if not (marker.is_file() and json.loads(marker.read_text())["scale"] == scale and config.is_file()):
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir(parents=True)
        started = time.perf_counter()
        write_demo_project(workdir, root=ROOT)
        if scale > 1:
            scale_exports(workdir / "exports", scale)
        seconds = time.perf_counter() - started
        marker.write_text(json.dumps({"scale": scale}))
    for stale in new_day_files(workdir / "exports"):
        stale.unlink()
    return config, seconds


def set_memory_limit(config: Path, limit: str) -> None:
    """Every step's DuckDB sessions hold at most ``limit`` and spill the rest under the build folder."""
    lines = [line for line in config.read_text().splitlines() if not line.startswith("memory_limit:")]
    config.write_text("\n".join([*lines, f"memory_limit: {limit}"]) + "\n")


def new_day_files(exports: Path) -> list[Path]:
    return sorted(p for p in exports.rglob(f"*{NEW_DAY}*") if p.is_file())


def data_files(exports: Path) -> list[Path]:
    """The files the ingest loads: every CSV and the archive's tweets.js."""
    return sorted([*exports.rglob("*.csv"), exports / TWEETS])


def one_round(config: Path, scale: int, logs: Path, demo: bool) -> tuple[list[Step], Data]:
    workdir = config.parent
    exports = workdir / "exports"
    floor_db = workdir / "floor.duckdb"
    (workdir / "warehouse.duckdb").unlink(missing_ok=True)
    steps = [  # the full steps ignore what an earlier round cached (--full); the nightly builds on them
        measure("floor", floor_command(floor_db, data_files(exports)), logs),
        measure("ingest", social_health("ingest", "-c", str(config), "--full"), logs),
        measure("run", social_health("run", "-c", str(config), "--full"), logs),
        measure("build", social_health("build", "-c", str(config)), logs),
    ]
    loaded = sizes(config)
    day = write_new_day(exports, scale)
    steps += [
        measure("floor new day", floor_command(floor_db, day), logs),
        measure("nightly ingest", social_health("ingest", "-c", str(config)), logs),
        measure("nightly run", social_health("run", "-c", str(config)), logs),
        measure("nightly build", social_health("build", "-c", str(config)), logs),
    ]
    for path in day:
        path.unlink()
    if demo:
        steps.append(measure("demo", social_health("demo", "--dir", str(workdir.parent / "demo-scale-1")), logs))
    return steps, loaded


def medians(rounds: list[list[Step]]) -> dict[str, Step]:
    names = [s.name for s in rounds[0]]
    return {
        n: Step(
            n,
            statistics.median(s.seconds for r in rounds for s in r if s.name == n),
            statistics.median(s.peak_mb for r in rounds for s in r if s.name == n),
        )
        for n in names
    }


@dataclass
class Target:
    name: str
    value: float
    shown: str
    met: bool


@dataclass
class Summary:
    full_seconds: float
    full_peak_mb: float
    full_vs_floor: float
    nightly_seconds: float
    nightly_peak_mb: float
    nightly_share_of_full: float
    nightly_vs_new_day_floor: float
    targets: list[Target]


def summarise(steps: dict[str, Step]) -> Summary:
    full, nightly = ("ingest", "run", "build"), ("nightly ingest", "nightly run", "nightly build")
    full_s = sum(steps[n].seconds for n in full)
    night_s = sum(steps[n].seconds for n in nightly)
    peak = max(s.peak_mb for s in steps.values())
    ratio, share = full_s / steps["floor"].seconds, night_s / full_s
    targets = [
        Target("full pipeline <= 3x the floor", ratio, f"{ratio:.1f}x", ratio <= TARGETS["full_vs_floor"]),
        Target("peak memory < 4 GB (every step)", peak, f"{peak:.0f} MB", peak < TARGETS["peak_mb"]),
        Target("nightly <= 10 % of the full pipeline", share, f"{share:.1%}", share <= TARGETS["nightly_share"]),
    ]
    if "demo" in steps:
        demo_s = steps["demo"].seconds
        targets.append(Target("demo (scale 1) to a built site < 30 s", demo_s, f"{demo_s:.1f} s", demo_s < 30))
    return Summary(
        full_seconds=full_s,
        full_peak_mb=max(steps[n].peak_mb for n in full),
        full_vs_floor=ratio,
        nightly_seconds=night_s,
        nightly_peak_mb=max(steps[n].peak_mb for n in nightly),
        nightly_share_of_full=share,
        nightly_vs_new_day_floor=night_s / steps["floor new day"].seconds,
        targets=targets,
    )


# --- the machine and the report ---------------------------------------------------------------------------------------


def machine() -> dict[str, object]:
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").is_file() else ""
    ram_kb = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal:")), 0)
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").is_file() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "")

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    dirty = " (uncommitted changes)" if git("status", "--porcelain") else ""
    return {
        "cores": os.cpu_count(),
        "cpu": model or platform.processor(),
        "ram_gb": round(ram_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "os": platform.platform(),
        "commit": git("rev-parse", "--short", "HEAD") + dirty,
    }


@dataclass
class Data:
    files: int
    megabytes: float
    rows_read: int
    rows_loaded: dict[str, int]


def sizes(config: Path) -> Data:
    """What the full ingest read and loaded, and the exports' size."""
    files = data_files(config.parent / "exports")
    con = duckdb.connect(str(config.parent / "warehouse.duckdb"), read_only=True)
    try:
        tables = ("mentions", "posts", "messages", "web_traffic", "orders")
        rows = {t: _count(con, f"SELECT count(*) FROM {t}") for t in tables}
        read = _count(con, "SELECT sum(rows_read) FROM load_log")
    finally:
        con.close()
    return Data(len(files), round(sum(f.stat().st_size for f in files) / 1e6, 1), read, rows)


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    found = con.execute(sql).fetchone()
    return int(found[0]) if found and found[0] is not None else 0


def table(steps: dict[str, Step], summary: Summary) -> list[str]:
    floor, day_floor = steps["floor"], steps["floor new day"]
    lines = ["| step | seconds | peak MB | ratio |", "|---|---:|---:|---|"]

    def row(name: str, seconds: float, mb: float, ratio: str) -> None:
        lines.append(f"| {name} | {seconds:.1f} | {mb:.0f} | {ratio} |")

    row("floor: DuckDB reads every file once", floor.seconds, floor.peak_mb, "1.0x")
    for name in ("ingest", "run", "build"):
        row(name, steps[name].seconds, steps[name].peak_mb, f"{steps[name].seconds / floor.seconds:.1f}x floor")
    ratio = f"**{summary.full_vs_floor:.1f}x floor**"
    row("**full pipeline** (ingest + run + build)", summary.full_seconds, summary.full_peak_mb, ratio)
    row("floor: the new day's files", day_floor.seconds, day_floor.peak_mb, "1.0x")
    for name in ("nightly ingest", "nightly run", "nightly build"):
        row(name, steps[name].seconds, steps[name].peak_mb, f"{steps[name].seconds / summary.full_seconds:.1%} of full")
    ratio = f"**{summary.nightly_share_of_full:.1%} of full**, {summary.nightly_vs_new_day_floor:.0f}x its floor"
    row("**nightly** (one new day)", summary.nightly_seconds, summary.nightly_peak_mb, ratio)
    if "demo" in steps:
        row("demo (scale 1) to a built site", steps["demo"].seconds, steps["demo"].peak_mb, "")
    return lines


def report(run: Run) -> str:
    generated = f"; generating the exports took {run.generated:.0f} s" if run.generated is not None else ""
    loaded = ", ".join(f"{t} {n:,}" for t, n in run.data.rows_loaded.items())
    lines = [
        f"# Pipeline at scale {run.scale}",
        "",
        f"{run.data.rows_read:,} rows read from {run.data.files} files ({run.data.megabytes} MB); loaded: {loaded}. "
        + (f"Median of {run.repeat} runs" if run.repeat > 1 else "One run")
        + generated
        + ".",
        "",
        *table(run.steps, run.summary),
        "",
        "| target | value | met |",
        "|---|---:|---|",
        *(f"| {t.name} | {t.shown} | {'yes' if t.met else '**no**'} |" for t in run.summary.targets),
        "",
        f"Machine: {run.host['cores']} cores ({run.host['cpu']}), {run.host['ram_gb']} GB RAM, {run.host['os']}; "
        f"Python {run.host['python']}, DuckDB {run.host['duckdb']}; commit {run.host['commit']}.",
        "Floor: DuckDB read_csv(all_varchar) of each CSV below its preamble, and read_json_objects of tweets.js "
        "without its `window.YTD… =` prefix, into tables of a fresh database file. Peak MB: each step's own maximum "
        "resident set size.",
    ]
    return "\n".join(lines) + "\n"


@dataclass
class Run:
    scale: int
    repeat: int
    generated: float | None
    data: Data
    steps: dict[str, Step]
    summary: Summary
    host: dict[str, object]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--out", type=Path, help="the JSON report (the Markdown one beside it, .md)")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--demo", action="store_true", help="also time the plain `social-health demo` (scale 1)")
    parser.add_argument(
        "--memory-limit", default="3GB", help="the config's memory_limit for every step (default 3GB: the 4 GB target)"
    )
    parser.add_argument("--floor-db", type=Path, help=argparse.SUPPRESS)  # the floor step's own process
    parser.add_argument("files", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_db:
        read_floor(args.floor_db, args.files)
        return
    if args.scale < 1 or args.repeat < 1:
        raise SystemExit("--scale and --repeat are whole numbers of 1 or more")
    workdir = (args.workdir or ROOT / "build" / "benchmarks" / f"pipeline_scale-{args.scale}").resolve()
    out = args.out or ROOT / "build" / "benchmarks" / f"pipeline_scale-{args.scale}.json"
    config, generated = prepare(workdir, args.scale)
    set_memory_limit(config, args.memory_limit)
    if generated is not None:
        print(f"generated the demo at scale {args.scale} in {generated:.1f} s: {workdir}")
    logs = workdir / "logs"
    logs.mkdir(exist_ok=True)
    rounds = []
    for index in range(args.repeat):
        steps_of_round, data = one_round(config, args.scale, logs, args.demo and index == 0)
        rounds.append(steps_of_round)
    steps = medians(rounds)
    setup = {**machine(), "memory_limit (config)": args.memory_limit}
    run = Run(args.scale, args.repeat, generated, data, steps, summarise(steps), setup)
    markdown = report(run)
    print(markdown)
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = asdict(run)
    payload["steps"] = list(payload["steps"].values())
    out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(markdown, encoding="utf-8")
    print(f"written: {out} and {out.with_suffix('.md')}")


if __name__ == "__main__":
    main()
