"""What the commands print: progress while they work, one table when they finish. Nothing here decides anything."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.ingest import IngestReport, OnFile
from pipeline.queries.run import CheckResult, RunReport

if TYPE_CHECKING:
    from pipeline.checkup import CheckupReport
    from pipeline.queries.evaluation import Evaluation

out = Console(soft_wrap=True)  # a line piped into a job summary or log must not be broken at 80 columns
err = Console(stderr=True, soft_wrap=True)


@contextmanager
def file_progress(label: str) -> Iterator[OnFile]:
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
            progress.update(task, completed=index, total=total, file=file)

        yield on_file


def ingest_summary(report: IngestReport) -> None:
    table = Table(title=f"Ingested into {report.warehouse.name}", title_justify="left")
    table.add_column("file", overflow="fold")
    table.add_column("format", overflow="fold")
    localised = any(o.locale for o in report.outcomes)
    if localised:
        table.add_column("locale")
    for column in ("read", "loaded", "duplicate", "rejected"):
        table.add_column(column, justify="right")
    for o in report.outcomes:
        if o.status == "loaded":
            counts = (o.rows_read, o.rows_loaded, o.rows_duplicate, o.rows_rejected)
            locale = [o.locale or ""] if localised else []
            table.add_row(o.file, o.format, *locale, *(str(n) for n in counts))
    out.print(table)
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
    for failure in report.failures:
        err.print(f"[red]error:[/red] {failure}", highlight=False, soft_wrap=True)


def query_summary(report: RunReport, folder: Path) -> None:
    table = Table(title="Queries", title_justify="left")
    table.add_column("query")
    table.add_column("rows", justify="right")
    table.add_column("seconds", justify="right")
    for r in report.results:
        table.add_row(r.name, str(r.rows), f"{r.seconds:.2f}")
    out.print(table)
    passed = sum(1 for c in report.checks if c.passed)
    out.print(f"Checks: {passed} of {len(report.checks)} passed. Results: {folder}", highlight=False)
    for c in report.checks:
        if not c.passed:
            check_failure(c)


def check_failure(c: CheckResult) -> None:
    colour = "red" if c.check.severity == "error" else "yellow"
    allowed = f" (more than the {c.check.threshold} allowed)" if c.check.threshold else ""
    err.print(
        f"[{colour}]{c.check.severity}:[/{colour}] {c.query.shown}:{c.check.line}: check '{c.check.label}' found "
        f"{c.bad_rows} bad row(s){allowed}",
        highlight=False,
        soft_wrap=True,
    )
    if c.sample:
        sample = Table(*c.columns, show_edge=False, pad_edge=False)
        for row in c.sample:
            sample.add_row(*("NULL" if v is None else str(v) for v in row))
        err.print(sample)


def checkup_summary(report: CheckupReport) -> None:
    for problem in report.problems:
        err.print(f"[red]error:[/red] {problem}", highlight=False, soft_wrap=True)
    out.print(
        f"{report.queries} queries in order; {len(report.examples_passed)} example test(s) passed.", highlight=False
    )
    if report.without_example:
        out.print(f"Queries without an example test: {', '.join(report.without_example)}", highlight=False)
    if not report.problems:
        out.print("Config, queries and exports look right.")


def evaluation_summary(result: Evaluation, path: Path, mistakes: bool = False) -> None:
    """Precision, recall and F1 per class and language, the confusion matrices, the targets."""
    from pipeline.queries.evaluation import SENTIMENTS, TARGETS

    mode = ", languages detected (the language column blanked)" if result.detect_language else ""
    rows = "" if result.rows == "all" else f", {result.rows} ids only"
    out.print(
        f"Evaluation of mention_classes on {result.overall.mentions} labelled mentions{rows}{mode}", highlight=False
    )
    table = Table(title="Precision / recall / F1", title_justify="left")
    for column in (
        "language",
        "n",
        "paid P",
        "paid R",
        "paid F1",
        "reco P",
        "reco R",
        "reco F1",
        "sentiment macro-F1",
        "accuracy",
    ):
        table.add_column(column, justify="left" if column == "language" else "right")
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
