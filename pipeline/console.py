"""What the commands print: progress while they work, one table when they finish. Nothing here decides anything."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from pipeline.coverage import Coverage, add_text, formats_of
from pipeline.ingest import IngestReport, OnFile
from pipeline.pillars import ALL_PILLARS, pillar
from pipeline.queries.run import CheckResult, RunReport
from pipeline.sources import ADAPTERS

if TYPE_CHECKING:
    from pipeline.checkup import CheckupReport
    from pipeline.queries.evaluation import Evaluation

# A line piped into a job summary or log must not be broken at 80 columns; text from outside (file names, messages)
# is never read as rich markup: colour comes from ``labelled``.
out = Console(soft_wrap=True, markup=False)
err = Console(stderr=True, soft_wrap=True, markup=False)
ELLIPSIS = "…"
MIN_SHORTENED = 16  # a shortened path keeps at least this many characters


@contextmanager
def file_progress(label: str) -> Iterator[OnFile]:
    """A progress bar on stderr and the callback that moves it: (index, total, item). Only on a terminal: a log or a
    job summary gets nothing, not even an empty line."""
    if not err.is_terminal:
        yield lambda index, total, item: None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[file]}"),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task(label, total=None, file="")

        def on_file(index: int, total: int, file: str) -> None:
            progress.update(task, completed=index, total=total, file=shortened(file, 40), refresh=True)

        yield on_file


def labelled(label: str, colour: str, text: str) -> Text:
    """``label:`` in ``colour``, then ``text`` as it is."""
    return Text.assemble((f"{label}:", colour), f" {text}")


def shortened(text: str, width: int) -> str:
    """``text`` cut in the middle to ``width`` characters (``exports/…/tweets.js``): both ends say which file."""
    if len(text) <= width:
        return text
    width = max(width, MIN_SHORTENED)
    tail = width // 2
    return text[: width - 1 - tail] + ELLIPSIS + text[-tail:]


def fitted(table: Table, rows: list[list[str]], long_column: int, wide: bool, console: Console = out) -> None:
    """Print ``table`` with ``rows`` within the console's width (80 columns in a pipe, else the terminal's), the
    ``long_column`` (a path) shortened in the middle to make room; ``wide``: every cell in full, as wide as it needs."""
    for column in table.columns:
        column.no_wrap = True
    natural = _natural_width(table, rows, console)
    if not wide and natural > console.width:
        longest = max((len(r[long_column]) for r in rows), default=0)
        room = longest - (natural - console.width)
        rows = [[shortened(c, room) if i == long_column else c for i, c in enumerate(r)] for r in rows]
    for row in rows:
        table.add_row(*row)
    if wide and natural > console.width:  # print() never goes past its console's width: a wider one, same file
        console = Console(file=console.file, width=natural, force_terminal=console.is_terminal, soft_wrap=True)
    console.print(table, crop=False)


def _natural_width(table: Table, rows: list[list[str]], console: Console) -> int:
    headers = [str(c.header) for c in table.columns]
    trial = Table(*headers, box=table.box, padding=table.padding, pad_edge=table.pad_edge)
    for row in rows:
        trial.add_row(*row)
    return Measurement.get(console, console.options.update(width=100_000), trial).maximum


def plain_table(title: str | None = None) -> Table:
    """A table that spends its width on cells: a rule under the header, no frame, one space between columns."""
    return Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1, 0, 0)
    )


def ingest_summary(report: IngestReport, wide: bool = False, strict: bool = True) -> None:
    table = plain_table(f"Ingested into {report.warehouse.name}")
    table.add_column("file")
    table.add_column("format (locale)" if any(o.locale for o in report.outcomes) else "format")
    for column in ("read", "loaded", "duplicate", "rejected"):
        table.add_column(column, justify="right")
    rows = []
    for o in report.outcomes:
        if o.status == "loaded":
            counts = (o.rows_read, o.rows_loaded, o.rows_duplicate, o.rows_rejected)
            shown = f"{o.format} ({o.locale})" if o.locale else o.format or ""
            rows.append([o.file, shown, *(str(n) for n in counts)])
    fitted(table, rows, 0, wide)
    for o in report.outcomes:
        if o.unknown_columns:
            columns = ", ".join(f"'{c}'" for c in o.unknown_columns)
            line = f"{o.file}: ignored column(s) its format does not know: {columns}"
            out.print(line, highlight=False, soft_wrap=True)
    for o in report.outcomes:
        if o.status == "skipped":
            out.print(f"skipped {o.file}: {o.message}", highlight=False, soft_wrap=True)
    rejected = sum(o.rows_rejected for o in report.outcomes)
    if rejected:
        out.print(f"{rejected} row(s) rejected: see the `rejects` table (file, line, reason).")
    cached = sum(o.cached for o in report.outcomes)
    if cached:
        out.print(f"{cached} file(s) unchanged since they were loaded: not parsed again (`ingest --full` parses all).")
    not_loaded(report, strict)


def not_loaded(report: IngestReport, strict: bool) -> None:
    """Each file that failed or is unknown, one line each; unless strict, what happens to the report then."""
    if strict or report.nothing_loaded:
        for failure in report.failures:
            err.print(labelled("error", "red", str(failure)), highlight=False, soft_wrap=True)
        return
    for failure in report.failures:
        err.print(labelled("not loaded", "yellow", str(failure)), highlight=False, soft_wrap=True)
    if report.failures:
        err.print(
            f"{len(report.failures)} export file(s) not loaded; the others were, and the report is built without "
            "them (the data-quality page and the job summary list them; `ingest --strict` stops here instead)",
            highlight=False,
            soft_wrap=True,
        )


def query_summary(report: RunReport, folder: Path, wide: bool = False) -> None:
    table = plain_table("Queries")
    table.add_column("query")
    table.add_column("rows", justify="right")
    table.add_column("seconds", justify="right")
    rows = [[r.name, str(r.rows), f"{r.seconds:.2f}"] for r in report.results]
    fitted(table, rows, 0, wide)
    for r in report.results:
        if r.how:  # an incremental query (queries/incremental.py)
            out.print(f"{r.name}: {r.how}", highlight=False, soft_wrap=True)
    passed, skipped = sum(c.passed for c in report.checks), len(report.skipped)
    skipped_text = f", {skipped} skipped (no data yet)" if skipped else ""
    out.print(f"Checks: {passed} of {len(report.checks)} passed{skipped_text}. Results: {folder}", highlight=False)
    not_measured(report.coverage)
    for c in report.checks:
        if c.status == "failed":
            check_failure(c)


def not_measured(coverage: Coverage, console: Console = out) -> None:
    """One line per pillar, and per other query, that has no data yet: what to add and where the docs say how."""
    pillars = coverage.unmeasured_pillars()
    for pillar_id in pillars:
        name = pillar(pillar_id).name("en")
        console.print(f"not measured yet: {name}: {add_text(coverage.pillar_missing(pillar_id))}", highlight=False)
    in_pillars = {q for p in pillars for q in coverage.pillars.get(p, ())}
    for query in coverage.sources:
        if query not in in_pillars and not coverage.measured(query):
            console.print(f"not measured yet: {query}: {add_text(coverage.missing(query))}", highlight=False)


def check_failure(c: CheckResult) -> None:
    colour = "red" if c.check.severity == "error" else "yellow"
    allowed = f" (more than the {c.check.threshold} allowed)" if c.check.threshold else ""
    text = f"{c.query.shown}:{c.check.line}: check '{c.check.label}' found {c.bad_rows} bad row(s){allowed}"
    err.print(labelled(c.check.severity, colour, text), highlight=False, soft_wrap=True)
    if c.sample:
        sample = Table(*c.columns, show_edge=False, pad_edge=False)
        for row in c.sample:
            sample.add_row(*("NULL" if v is None else str(v) for v in row))
        err.print(sample)


def checkup_summary(report: CheckupReport, wide: bool = False) -> None:
    for problem in report.problems:
        err.print(labelled("error", "red", problem), highlight=False, soft_wrap=True)
    out.print(
        f"{report.queries} queries in order; {len(report.examples_passed)} example test(s) passed.", highlight=False
    )
    if report.without_example:
        out.print(f"Queries without an example test: {', '.join(report.without_example)}", highlight=False)
    if report.formats:
        table = plain_table("Exports found")
        for column, justify in (("format", "left"), ("feeds", "left"), ("files", "right")):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        feeds = {a.name: a.table for a in ADAPTERS}
        rows = [[name, feeds[name], str(n)] for name, n in sorted(report.formats.items())]
        fitted(table, rows, 0, wide)
    if report.coverage is not None:
        pillars_fed(report.coverage)
    if not report.problems:
        out.print("Config, queries and exports look right.")


def pillars_fed(coverage: Coverage) -> None:
    """Which pillars the exports present feed, and for the others, what to add; then the tables nothing fills."""
    for p in ALL_PILLARS:
        if p.id not in coverage.pillars:
            continue
        if coverage.pillar_measured(p.id):
            tables = sorted({t for q in coverage.pillars[p.id] for t in coverage.sources.get(q, ())})
            fed = ", ".join(t for t in tables if coverage.rows.get(t, 0) > 0)
            out.print(f"fed: {p.name('en')} (from {fed})", highlight=False)
        else:
            out.print(f"not measured yet: {p.name('en')}: {add_text(coverage.pillar_missing(p.id))}", highlight=False)
    missing = coverage.empty_tables()
    if missing:
        listed = "; ".join(f"{t} ({', '.join(formats_of(t))})" for t in missing)
        out.print(f"Exports missing (table: the formats that fill it): {listed}", highlight=False)


def evaluation_summary(result: Evaluation, path: Path, mistakes: bool = False) -> None:
    """Precision, recall and F1 per class and language, the confusion matrices, the targets."""
    from pipeline.queries.evaluation import SENTIMENTS, TARGETS

    mode = ", languages detected (the language column blanked)" if result.detect_language else ""
    rows = "" if result.rows == "all" else f", {result.rows} ids only"
    out.print(
        f"Evaluation of mention_classes on {result.overall.mentions} labelled mentions{rows}{mode}", highlight=False
    )
    table = Table(
        title="Precision / recall / F1 (reco: authentic recommendation; sent.: sentiment)",
        title_justify="left",
    )
    # Short headings, so the table fits 80 columns without eliding any (the title says what they stand for).
    for column in ("lang", "n", "paid P", "paid R", "paid F1", "reco P", "reco R", "reco F1", "sent. F1", "sent. acc"):
        table.add_column(column, justify="left" if column == "lang" else "right")
    for language, scores in [*result.languages.items(), ("all", result.overall)]:
        paid, reco, sentiment = scores.paid, scores.recommendation, scores.sentiment
        table.add_row(
            language,
            str(scores.mentions),
            *(
                _figure(v)
                for v in (
                    paid.precision,
                    paid.recall,
                    paid.f1,
                    reco.precision,
                    reco.recall,
                    reco.f1,
                    sentiment.macro_f1,
                    sentiment.accuracy,
                )
            ),
        )
    out.print(table)
    overall = result.overall
    matrix = Table(title="Sentiment (rows: label, columns: predicted)", title_justify="left")
    matrix.add_column("label")
    for s in SENTIMENTS:
        matrix.add_column(s, justify="right")
    matrix.add_column("P / R / F1", justify="right")
    for s in SENTIMENTS:
        one = overall.sentiment.of(s)
        matrix.add_row(
            s,
            *(str(overall.sentiment.matrix[s][p]) for p in SENTIMENTS),
            f"{_figure(one.precision)} / {_figure(one.recall)} / {_figure(one.f1)}",
        )
    out.print(matrix)
    for title, binary in (("Paid", overall.paid), ("Authentic recommendation", overall.recommendation)):
        square = Table(title=f"{title} (rows: label, columns: predicted)", title_justify="left")
        for column in ("label", "yes", "no"):
            square.add_column(column, justify="left" if column == "label" else "right")
        square.add_row("yes", str(binary.tp), str(binary.fn))
        square.add_row("no", str(binary.fp), str(binary.tn))
        out.print(square)
    below = overall.below_targets()
    targets = ", ".join(f"{name} >= {value:.2f}" for name, value in TARGETS.items())
    out.print(
        f"Targets: {targets}. " + (f"Below target: {', '.join(below)}." if below else "All met."), highlight=False
    )
    if mistakes:
        for m in result.mistakes:
            out.print(
                f"{m.id}: label {m.label}, predicted {m.predicted} [{m.why}] {m.text!r}", highlight=False, markup=False
            )
    out.print(f"Figures written to {path}", highlight=False)


def _figure(value: float | None) -> str:
    return "\u2013" if value is None else f"{value:.2f}"
