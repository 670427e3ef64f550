"""Incremental run: a per-mention query recomputes only the weeks whose mentions changed since the last run.

The word-of-mouth classifier is most of a run's time, and a night adds one day of mentions to years of them. A query
whose header says ``incremental: week`` promises that each of its rows has a ``week`` column (the Monday of the
mention's week in the report's time zone, ``CAST(date_trunc('week', timezone(getvariable('timezone'),
published_at)) AS DATE)``) and that a week's rows depend only on that week's mentions (the same-day bot rule and the
three-per-account-and-week cap both stay inside a week). Then only the weeks holding a new, changed or removed
mention are computed again, from those weeks' mentions alone, and the other weeks' rows are kept from the last run.

What the last run computed is kept under ``<build>/run-cache/<query>/``: its result, each mention's fingerprint (a
hash of its row) and week, and a key naming what else decides the result: the query's SQL, the reference files, the
variables it reads and the pipeline's version. When the key differs, the result cannot be read, the query reads any
table but ``mentions`` and reference data, or a recomputed row falls outside the weeks asked for, the query runs in
full, as ``run --full`` does. ``tests/test_incremental_run.py`` checks the result equals a full run, row by row.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import duckdb

from pipeline.config import Config
from pipeline.escape import ident, literal
from pipeline.queries.header import Query
from pipeline.queries.parameters import Variable
from pipeline.queries.reference import reference_files
from pipeline.queries.sandbox import lock_for_files
from pipeline.warehouse.connect import Resources, connect

FORMAT = 1
WEEK = "CAST(date_trunc('week', timezone({tz}, published_at)) AS DATE)"  # {tz}: getvariable('timezone')
VARIABLE = re.compile(r"getvariable\s*\(\s*'([a-z_][a-z0-9_]*)'\s*\)", re.IGNORECASE)
SHADOW = "mentions"  # the temporary table that stands for the mentions of the weeks to compute


@dataclass(frozen=True)
class Plan:
    """How one incremental query runs tonight: ``weeks`` to compute (the table ``<prefix>_weeks``, each mention's
    week by ``week_sql``) with the previous result in ``<prefix>_previous``; or in full, and why."""

    query: Query
    key: str
    prefix: str
    week_sql: str
    incremental: bool
    weeks: int = 0
    why_full: str = ""


def cache_dir(config: Config, query: Query) -> Path:
    return config.build / "run-cache" / query.name


def run_key(query: Query, queries_dir: Path, variables: list[Variable]) -> str:
    """What decides the query's rows besides the mentions: its SQL, the reference files, the variables it reads."""
    named = set(VARIABLE.findall(query.sql))
    # a getvariable that is not a plain name could read any of them
    reads_any = query.sql.lower().count("getvariable") > len(VARIABLE.findall(query.sql))
    values = sorted((v.name, repr(v.value)) for v in variables if reads_any or v.name in named)
    digest = hashlib.sha256(f"{FORMAT} {version('social-health')} {duckdb.__version__}\0{query.sql}\0{values}".encode())
    for path in reference_files(queries_dir):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def prepare(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    query: Query,
    reads: set[str],
    variables: list[Variable],
    full: bool,
) -> Plan:
    """Before the session is locked (it reads and writes the cache's files): the weeks to compute, or why the
    query runs in full. Tonight's fingerprints are written beside the cache, kept by ``save`` if the run succeeds."""
    prefix = f"incremental_{query.name}"
    key = run_key(query, config.queries, variables)
    tz = next((str(v.value) for v in variables if v.name == "timezone"), config.timezone)
    week = WEEK.format(tz=literal(tz))
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {prefix}_now AS"
        f" SELECT platform, mention_id, hash(m) AS fingerprint, {week} AS week FROM main.mentions AS m"
    )
    folder = cache_dir(config, query)
    upcoming = _upcoming(folder)
    shutil.rmtree(upcoming, ignore_errors=True)
    upcoming.mkdir(parents=True)
    con.execute(f"COPY {prefix}_now TO {literal(str(upcoming / 'mentions.parquet'))} (FORMAT parquet)")
    (upcoming / "state.json").write_text(json.dumps({"key": key, "query": query.name}) + "\n")
    why = _why_full(folder, key, reads, full)
    if why:
        return Plan(query, key, prefix, week, incremental=False, why_full=why)
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {prefix}_previous AS SELECT * FROM read_parquet(?)",
            [str(folder / "result.parquet")],
        )
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {prefix}_before AS SELECT * FROM read_parquet(?)",
            [str(folder / "mentions.parquet")],
        )
    except duckdb.Error:
        return Plan(query, key, prefix, week, incremental=False, why_full="the last run's result cannot be read")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {prefix}_weeks AS
            SELECT DISTINCT week FROM (
                SELECT n.week AS now_week, b.week AS before_week FROM {prefix}_now n
                FULL JOIN {prefix}_before b USING (platform, mention_id)
                WHERE n.fingerprint IS DISTINCT FROM b.fingerprint OR n.week IS DISTINCT FROM b.week)
            CROSS JOIN LATERAL (SELECT unnest([now_week, before_week]) AS week)
            WHERE week IS NOT NULL"""
    )
    weeks = con.execute(f"SELECT count(*) FROM {prefix}_weeks").fetchone()
    return Plan(query, key, prefix, week, incremental=True, weeks=int(weeks[0]) if weeks else 0)


def _why_full(folder: Path, key: str, reads: set[str], full: bool) -> str:
    if full:
        return "asked for (run --full)"
    if reads != {"mentions"}:
        return "it reads more than the mentions and reference data"
    try:
        state = json.loads((folder / "state.json").read_text())
    except (OSError, ValueError):
        return "no earlier run to build on"
    if not isinstance(state, dict) or state.get("key") != key:
        return "the query, its reference data or its variables changed"
    return ""


def compute(con: duckdb.DuckDBPyConnection, plan: Plan, select: str, table: str) -> bool:
    """Run the query on the changed weeks' mentions and combine with the kept weeks into ``table``; False (and
    nothing written) when the result does not keep the promise, so the caller runs it in full."""
    partial, weeks = f"{plan.prefix}_partial", f"SELECT week FROM {plan.prefix}_weeks"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {SHADOW} AS SELECT * FROM main.mentions WHERE {plan.week_sql} IN ({weeks})"
    )
    try:  # unqualified, `mentions` now names those weeks' temporary table: it comes first in the search
        con.execute(f"CREATE OR REPLACE TEMP TABLE {partial} AS {select}")
    finally:
        con.execute(f"DROP TABLE temp.main.{SHADOW}")
    shape = _shape(con, partial)
    kept = shape == _shape(con, f"{plan.prefix}_previous") and "week" in dict(shape)
    outside = kept and con.execute(f"SELECT count(*) FROM {partial} WHERE week IS NULL OR week NOT IN ({weeks})")
    if not kept or (outside and (outside.fetchone() or (0,))[0]):
        con.execute(f"DROP TABLE {partial}")
        return False
    con.execute(
        f"""CREATE OR REPLACE TABLE {table} AS
            SELECT * FROM {plan.prefix}_previous WHERE week NOT IN (SELECT week FROM {plan.prefix}_weeks)
            UNION ALL SELECT * FROM {partial}"""
    )
    con.execute(f"DROP TABLE {partial}")
    return True


def _shape(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    description = con.execute(f"SELECT * FROM {table} LIMIT 0").description or ()
    return [(str(d[0]), str(d[1])) for d in description]


def _upcoming(folder: Path) -> Path:
    return folder.with_name(folder.name + ".upcoming")


def save(config: Config, plans: list[Plan]) -> None:
    """After a successful run, tonight's result and fingerprints become what the next run builds on. The result is
    copied by a session as locked as the queries', able to write in the cache folder only."""
    if not plans:
        return
    root = config.build / "run-cache"
    con = connect(config.warehouse, Resources.of(config), read_only=True)
    try:
        lock_for_files(con, root)
        for plan in plans:
            upcoming = _upcoming(cache_dir(config, plan.query))
            result = literal(str(upcoming / "result.parquet"))
            con.execute(f"COPY (SELECT * FROM metrics.{ident(plan.query.name)}) TO {result} (FORMAT parquet)")
    finally:
        con.close()
    for plan in plans:
        folder = cache_dir(config, plan.query)
        shutil.rmtree(folder, ignore_errors=True)
        _upcoming(folder).rename(folder)


def broken_promise(con: duckdb.DuckDBPyConnection, query: Query, select: str) -> str:
    """For an example test (``check``, pytest): each week of the query's result, computed again from that week's
    mentions alone, must give the same rows; else what ``incremental: week`` promised does not hold. Empty if it
    holds. The session is the example's, locked; its full result is in ``metrics.<query>``."""
    table = f"metrics.{ident(query.name)}"
    if "week" not in dict(_shape(con, table)):
        return "incremental: week needs a `week` column in the result"
    week = WEEK.format(tz="getvariable('timezone')")
    for (day,) in con.execute(f"SELECT DISTINCT week FROM {table} ORDER BY week").fetchall():
        con.execute(f"CREATE OR REPLACE TEMP TABLE {SHADOW} AS SELECT * FROM main.mentions WHERE {week} = ?", [day])
        try:
            alone = con.execute(f"SELECT * FROM ({select}) ORDER BY ALL").fetchall()
        finally:
            con.execute(f"DROP TABLE temp.main.{SHADOW}")
        together = con.execute(f"SELECT * FROM {table} WHERE week IS NOT DISTINCT FROM ? ORDER BY ALL", [day])
        if alone != together.fetchall():
            return (
                f"incremental: week does not hold: the rows of the week of {day} differ when computed from that"
                " week's mentions alone; remove the key, or keep each week's rows to its own mentions"
            )
    return ""
