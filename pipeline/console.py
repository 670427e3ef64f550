"""What the commands print: progress while they work, one table when they finish. Nothing here decides anything."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.ingest import IngestReport, OnFile
from pipeline.runner import QueryResult

out = Console()
err = Console(stderr=True)


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


def query_summary(results: list[QueryResult]) -> None:
    table = Table(title="Queries", title_justify="left")
    table.add_column("query")
    table.add_column("rows", justify="right")
    table.add_column("seconds", justify="right")
    for r in results:
        table.add_row(r.name, str(r.rows), f"{r.seconds:.2f}")
    out.print(table)
