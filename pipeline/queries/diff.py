"""`social-health diff --base REF`: what a change to the queries does to the numbers, before it is merged.

The queries folder as it was at REF comes out of git (``git archive``); the working tree's is read as it is. Every
query whose SQL or header changed, that is new or gone, or that reads a reference file (a word list) that changed, is
run on both sides, each on its own copy of the config's warehouse and with the same variables, so only the queries
differ. Reported per query: each tile's newest monthly value before and after, and how many result rows were added,
removed or changed (counted in DuckDB). The user's warehouse and results are never written.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from pipeline.config import Config
from pipeline.errors import DiffError, PipelineError, QueryError
from pipeline.escape import ident, literal
from pipeline.queries.diff_markdown import SUMMARY, parse_diff, render
from pipeline.queries.evaluation import QUERY as EVALUATED
from pipeline.queries.evaluation import Scores, corpus_files, evaluate
from pipeline.queries.graph import closure, dependencies, references
from pipeline.queries.header import HEADER, Query, discover
from pipeline.queries.parameters import from_config, resolve
from pipeline.queries.reference import reference_files, reference_names
from pipeline.queries.results import jsonable
from pipeline.queries.run import RunReport, readable_tables, run_all
from pipeline.queries.sandbox import lock_for_reading, single_select
from pipeline.queries.tiles import TileSeries
from pipeline.repofiles import UnsafeFileError, tree_files
from pipeline.warehouse.connect import Resources, connect, connect_memory

MARKDOWN = "metric-diff.md"
JSON = "metric-diff.json"


@dataclass(frozen=True)
class TileDiff:
    """A tile's value in its newest month (of either side), before and after; ``on_*``: the tile exists there."""

    label: str
    format: str
    month: date | None
    before: float | None
    after: float | None
    on_before: bool
    on_after: bool


@dataclass(frozen=True)
class QueryDiff:
    name: str
    title: str
    why: tuple[str, ...]  # "SQL", "header", "new query", "removed query", "reference/word_lists.csv changed"
    key: tuple[str, ...]  # the columns rows are matched on; () when rows can only be compared whole
    rows_before: int | None = None
    rows_after: int | None = None
    added: int | None = None
    removed: int | None = None
    changed: int | None = None  # None: no key shared by both sides, so an edited row counts as removed + added
    tiles: tuple[TileDiff, ...] = ()
    error_before: str = ""
    error_after: str = ""


@dataclass(frozen=True)
class EvaluationDiff:
    """The classifier's figures on the labelled mentions before and after: {"all"|language: {figure: value}}."""

    before: dict[str, dict[str, Any]]
    after: dict[str, dict[str, Any]]
    error_before: str = ""
    error_after: str = ""


@dataclass(frozen=True)
class MetricDiff:
    base: str
    commit: str = ""
    period_end: date | None = None
    queries: tuple[QueryDiff, ...] = ()
    downstream: tuple[str, ...] = ()  # unchanged queries reading a changed one: their values may move too
    evaluation: EvaluationDiff | None = None  # when the classifier, what it reads or the labelled mentions changed

    def headline(self) -> str:
        evaluated = "; the classifier's evaluation compared" if self.evaluation else ""
        if not self.queries:
            return "no query changed" + evaluated
        names = ", ".join(q.name for q in self.queries)
        return f"{len(self.queries)} changed {'query' if len(self.queries) == 1 else 'queries'}: {names}{evaluated}"

    def markdown(self) -> str:
        """The job summary's Markdown: the same renderer as the pull request comment, with room for every query."""
        return render(parse_diff(self.to_json(), "metric diff"), SUMMARY)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False, default=jsonable) + "\n"


def write_diff(result: MetricDiff, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKDOWN).write_text(result.markdown(), encoding="utf-8")
    (folder / JSON).write_text(result.to_json(), encoding="utf-8")
    return folder


def metric_diff(config: Config, base: str) -> MetricDiff:
    """Compare the queries at git revision ``base`` with the working tree's; DiffError only when git cannot."""
    if not config.queries.is_dir():
        raise DiffError(f"{config.queries}: queries folder not found; set 'queries' in the config")
    with tempfile.TemporaryDirectory(prefix="social-health-diff-") as tmp:
        work = Path(tmp)
        commit, base_folder = extract_queries(config.queries, base, work / "base")
        resources = Resources.of(config)
        before, after = Side.read(base_folder, resources), Side.read(config.queries, resources)
        why = changed_queries(before, after)
        evaluation = _evaluation_diff(before, after, resources) if classifier_changed(before, after) else None
        if not why:
            return MetricDiff(base, commit, evaluation=evaluation)
        if not config.warehouse.is_file():
            raise DiffError(f"{config.warehouse}: no warehouse to compare on; run `social-health ingest` first")
        copies = {s: _copy_warehouse(config.warehouse, work / f"{s}.duckdb") for s in ("before", "after")}
        overrides = _same_period_end(config, copies["before"])
        runs = {
            "before": _run(config, before, list(why), copies["before"], work / "run-before", overrides),
            "after": _run(config, after, list(why), copies["after"], work / "run-after", overrides),
        }
        queries = _compare(before, after, why, runs, copies, resources)
        downstream = _downstream((before, after), set(why))
        return MetricDiff(base, commit, overrides["period_end"], queries, downstream, evaluation)


# --- the queries at REF -------------------------------------------------------------------------------------------


def extract_queries(queries: Path, ref: str, target: Path) -> tuple[str, Path]:
    """Write the queries folder as at ``ref`` under ``target`` (empty if it did not exist then); the commit, folder."""
    if not ref.strip() or ref.startswith("-"):
        raise DiffError(f"--base {ref!r} is not a git revision; pass a branch, tag or commit such as origin/main")
    not_a_repo = f"{queries} is not inside a git repository, so there is no revision '{ref}' to compare with"
    top = Path(_git(queries, not_a_repo, "rev-parse", "--show-toplevel").decode().strip())
    unknown = (
        f"git revision '{ref}' is not known in {top}; fetch it first (e.g. `git fetch origin main`) "
        "and pass --base origin/main"
    )
    commit = _git(top, unknown, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    relative = queries.resolve().relative_to(top.resolve()).as_posix()
    cannot = f"cannot read {relative} at git revision '{ref}' ({commit[:12]})"
    if _git(top, cannot, "ls-tree", "--name-only", commit, "--", relative).strip():
        archive = _git(top, cannot, "archive", "--format=tar", commit, "--", relative)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            try:
                tar.extractall(target, filter="data")
            except tarfile.FilterError as exc:  # a link pointing out of the folder, say
                raise UnsafeFileError(f"{exc.tarinfo.name} at {ref}", "is not a regular file") from None
    folder = target / relative
    folder.mkdir(parents=True, exist_ok=True)
    return commit, folder


def _git(where: Path, error: str, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(where), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError(f"{error}: git is not installed") from None
    if done.returncode != 0:
        raise DiffError(error)
    return done.stdout


# --- what changed -------------------------------------------------------------------------------------------------


@dataclass
class Side:
    """One version of the queries folder: its files, and (when they parse) its queries and what each reads."""

    folder: Path
    texts: dict[str, str]  # query name -> the file's text
    tables: dict[str, bytes]  # reference table -> its CSV file's bytes
    labelled: dict[str, bytes] = field(default_factory=dict)  # queries/evaluation/*.csv -> bytes
    queries: dict[str, Query] = field(default_factory=dict)
    graph: dict[str, set[str]] = field(default_factory=dict)  # query -> the queries it reads
    reads: dict[str, set[str]] = field(default_factory=dict)  # query -> the reference tables its SELECT reads
    error: str = ""  # why the folder's queries cannot run (a bad header, an unknown table...)

    @classmethod
    def read(cls, folder: Path, resources: Resources) -> Side:
        files = tree_files(folder, Path(folder.name))  # a symbolic link on either side stops the diff, named
        texts = {p.stem: p.read_bytes().decode("utf-8", "replace") for p in files if p.suffix == ".sql"}
        side = cls(
            folder,
            texts,
            {p.stem: p.read_bytes() for p in reference_files(folder)},
            {p.name: p.read_bytes() for p in corpus_files(folder)},
        )
        con = connect_memory(resources)
        try:
            queries = discover(folder)
            side.graph = dependencies(con, queries, readable_tables(folder))
            side.queries = {q.name: q for q in queries}
            tables = set(reference_names(folder))
            side.reads = {q.name: references(con, single_select(con, q.sql, q.shown), q) & tables for q in queries}
        except PipelineError as exc:
            side.error = str(exc)
        finally:
            con.close()
        return side


def changed_queries(before: Side, after: Side) -> dict[str, tuple[str, ...]]:
    """Each query to compare, with why: its file changed, is new or gone, or a reference file it reads changed."""
    why: dict[str, list[str]] = {}
    for name in sorted(before.texts.keys() | after.texts.keys()):
        old, new = before.texts.get(name), after.texts.get(name)
        reasons = ["new query"] if old is None else ["removed query"] if new is None else _edits(old, new)
        if reasons:
            why[name] = reasons
    everything = before.tables.keys() | after.tables.keys()
    for table in sorted(t for t in everything if before.tables.get(t) != after.tables.get(t)):
        readers = {q for side in (before, after) for q, read in side.reads.items() if table in read}
        for name in sorted(readers):
            why.setdefault(name, []).append(f"reference/{table}.csv changed")
    return {name: tuple(why[name]) for name in sorted(why)}


def classifier_changed(before: Side, after: Side) -> bool:
    """The labelled mentions, mention_classes (its file or the queries it reads) or a reference file it reads."""
    if before.labelled != after.labelled:
        return True
    names = {n for side in (before, after) for n in closure(EVALUATED, side.graph)} | {EVALUATED}
    if any(before.texts.get(n) != after.texts.get(n) for n in names):
        return True
    tables = {t for side in (before, after) for n in names for t in side.reads.get(n, set())}
    return any(before.tables.get(t) != after.tables.get(t) for t in tables)


def _evaluation_diff(before: Side, after: Side, resources: Resources) -> EvaluationDiff:
    figures: dict[str, dict[str, dict[str, Any]]] = {}
    errors: dict[str, str] = {}
    for name, side in (("before", before), ("after", after)):
        try:
            result = evaluate(side.folder, resources=resources)
        except PipelineError as exc:
            figures[name], errors[name] = {}, str(exc)
            continue
        figures[name] = {"all": _figures(result.overall)} | {k: _figures(v) for k, v in result.languages.items()}
    return EvaluationDiff(figures["before"], figures["after"], errors.get("before", ""), errors.get("after", ""))


def _figures(scores: Scores) -> dict[str, Any]:
    return {"mentions": scores.mentions, **scores.figures()}


def _edits(old: str, new: str) -> list[str]:
    (old_header, old_sql), (new_header, new_sql) = _split(old), _split(new)
    return [w for w, differs in (("SQL", old_sql != new_sql), ("header", old_header != new_header)) if differs]


def _split(text: str) -> tuple[str, str]:
    match = HEADER.match(text)
    return (match.group(0), text[match.end() :]) if match else ("", text)


def _downstream(sides: tuple[Side, ...], changed: set[str]) -> tuple[str, ...]:
    readers = {n for side in sides for n in side.graph if n not in changed and closure(n, side.graph) & changed}
    return tuple(sorted(readers))


# --- running both sides -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ran:
    """One side's run of the changed queries (and what they read): its report, and why some could not run."""

    report: RunReport | None = None
    errors: dict[str, str] = field(default_factory=dict)  # query -> the error that kept it from running

    def rows(self, name: str) -> tuple[int | None, tuple[str, ...]]:
        for result in self.report.results if self.report else []:
            if result.name == name:
                return result.rows, tuple(c for c, _ in result.columns)
        return None, ()

    def tiles(self, name: str) -> list[TileSeries]:
        return [t for t in (self.report.tiles if self.report else []) if t.query.name == name]


def _copy_warehouse(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    wal = source.with_name(source.name + ".wal")
    if wal.is_file():
        shutil.copyfile(wal, target.with_name(target.name + ".wal"))
    return target


def _same_period_end(config: Config, warehouse: Path) -> dict[str, Any]:
    """Resolved once, so both sides cut their weeks and months at the same day whatever their SQL does."""
    con = connect(warehouse, Resources.of(config), read_only=True)
    try:
        variables = resolve(con, from_config(config))
    finally:
        con.close()
    return {v.name: v.value for v in variables if v.name == "period_end"}


def _run(config: Config, side: Side, names: list[str], warehouse: Path, work: Path, overrides: dict[str, Any]) -> Ran:
    """Run the side's changed queries; when one fails, again without it and what reads it, until the rest runs.

    A failed run_all rolls back, so every attempt starts from the same copy of the warehouse.
    """
    todo = [n for n in names if n in side.texts]
    if side.error:
        return Ran(errors=dict.fromkeys(todo, side.error))
    errors: dict[str, str] = {}
    for attempt in range(len(todo)):
        needed = set().union(*(closure(n, side.graph) for n in todo))
        folder = _subset(side, needed, work / str(attempt) / side.folder.name)
        try:
            return Ran(run_all(replace(config, queries=folder, warehouse=warehouse, build=work), overrides), errors)
        except PipelineError as exc:
            failed = [n for n in needed if isinstance(exc, QueryError) and exc.path == side.queries[n].shown]
            blocked = [n for n in todo if not failed or closure(n, side.graph) & set(failed)]
            errors |= dict.fromkeys(blocked, str(exc))
            todo = [n for n in todo if n not in errors]
        if not todo:
            break
    return Ran(errors=errors)


def _subset(side: Side, names: set[str], target: Path) -> Path:
    """Only the compared queries and what they read: an unrelated broken query cannot stop the diff, nor slow it."""
    target.mkdir(parents=True)
    if (side.folder / "reference").is_dir():
        shutil.copytree(side.folder / "reference", target / "reference")
    for name in names:
        query = side.queries[name]
        copy = target / query.path.relative_to(side.folder)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(query.path, copy)
    return target


# --- comparing the results ----------------------------------------------------------------------------------------


def _compare(
    before: Side,
    after: Side,
    why: dict[str, tuple[str, ...]],
    runs: dict[str, Ran],
    copies: dict[str, Path],
    resources: Resources,
) -> tuple[QueryDiff, ...]:
    con = connect_memory(resources)
    try:
        for alias, copy in copies.items():
            con.execute(f"ATTACH {literal(str(copy))} AS {alias} (READ_ONLY)")
        lock_for_reading(con)  # the comparison composes SQL from result column names: no file is reachable
        return tuple(_query_diff(con, name, reasons, before, after, runs) for name, reasons in why.items())
    finally:
        con.close()


def _query_diff(
    con: duckdb.DuckDBPyConnection, name: str, why: tuple[str, ...], before: Side, after: Side, runs: dict[str, Ran]
) -> QueryDiff:
    query = after.queries.get(name) or before.queries.get(name)
    (rows_before, columns_before), (rows_after, columns_after) = runs["before"].rows(name), runs["after"].rows(name)
    key = natural_key(query, columns_after or columns_before) if query else ()
    if not (set(key) <= set(columns_before) and set(key) <= set(columns_after)):
        key = ()
    counts: tuple[int | None, int | None, int | None] = (None, None, None)  # one side failed: nothing to count
    if rows_before is not None and rows_after is not None:
        counts = _row_changes(con, name, key, columns_before, columns_after)
    elif name not in before.texts:
        counts = (rows_after, None, None)  # a new query: every row is added
    elif name not in after.texts:
        counts = (None, rows_before, None)
    return QueryDiff(
        name=name,
        title=query.title if query else "",
        why=why,
        key=key,
        rows_before=rows_before,
        rows_after=rows_after,
        added=counts[0],
        removed=counts[1],
        changed=counts[2],
        tiles=_tile_diffs(runs["before"].tiles(name), runs["after"].tiles(name)),
        error_before=runs["before"].errors.get(name, ""),
        error_after=runs["after"].errors.get(name, ""),
    )


def natural_key(query: Query, columns: tuple[str, ...]) -> tuple[str, ...]:
    """The columns a result row is known by, so an edited row counts as changed rather than as removed plus added.

    A ``unique`` check is the author's own statement of it, verified on every run; without one, the chart's x and
    its ``where`` columns (week and platform) name one point of one series; failing both, the first column.
    """
    for check in query.checks:
        if check.kind == "unique":
            return tuple(check.args)
    if query.chart:
        return (query.chart.x, *(column for column, _ in query.chart.where))
    return columns[:1]


def _row_changes(
    con: duckdb.DuckDBPyConnection, name: str, key: tuple[str, ...], before: tuple[str, ...], after: tuple[str, ...]
) -> tuple[int, int, int | None]:
    """Rows only after (added), only before (removed), and after with a key also left before (changed).

    Each row becomes JSON of its columns by name, so a reordered column is no change; EXCEPT ALL keeps duplicates.
    """

    def rows(alias: str, columns: tuple[str, ...]) -> str:
        whole = _as_json(sorted(columns))
        return f"SELECT {_as_json(key) if key else whole} AS k, {whole} AS r FROM {alias}.metrics.{ident(name)} AS t"

    sql = f"""
        WITH b AS ({rows("before", before)}), a AS ({rows("after", after)}),
            gone AS (SELECT k, r FROM b EXCEPT ALL SELECT k, r FROM a),
            new AS (SELECT k, r FROM a EXCEPT ALL SELECT k, r FROM b)
        SELECT
            (SELECT count(*) FROM new WHERE k NOT IN (SELECT k FROM gone)),
            (SELECT count(*) FROM gone WHERE k NOT IN (SELECT k FROM new)),
            (SELECT count(*) FROM new WHERE k IN (SELECT k FROM gone))
    """
    row = con.execute(sql).fetchone()
    added, removed, changed = (int(v) for v in row) if row else (0, 0, 0)
    return added, removed, changed if key else None


def _as_json(columns: tuple[str, ...] | list[str]) -> str:
    return "to_json({" + ", ".join(f"{literal(c)}: t.{ident(c)}" for c in columns) + "})"


def _tile_diffs(before: list[TileSeries], after: list[TileSeries]) -> tuple[TileDiff, ...]:
    """Tiles matched by label; each compared in the newest month either side has a value for."""
    old, new = {s.tile.label: s for s in before}, {s.tile.label: s for s in after}
    diffs = []
    for label in [*new, *(label for label in old if label not in new)]:
        values = [{m: v for m, v, _ in s.months} if s else {} for s in (old.get(label), new.get(label))]
        known = [m for months in values for m, v in months.items() if v is not None]
        month = max(known, default=None)
        tile = (new.get(label) or old[label]).tile
        found = [months.get(month) if month else None for months in values]
        diffs.append(TileDiff(label, tile.format, month, found[0], found[1], label in old, label in new))
    return tuple(diffs)
