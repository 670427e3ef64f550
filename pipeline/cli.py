"""The `social-health` command. The only place where a PipelineError becomes a message and an exit code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from pipeline import console, privacy
from pipeline.config import DEFAULT_CONFIG, Config, load_config
from pipeline.errors import ChecksFailed, IngestIncomplete, PipelineError

app = typer.Typer(
    help="Measure what matters on social media: load exports, compute metrics, publish the report.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
ConfigOption = Annotated[
    Path, typer.Option("--config", "-c", envvar="SOCIAL_HEALTH_CONFIG", help="The social-health.yml to use.")
]
F = TypeVar("F", bound=Callable[..., Any])


def speaks_to_people(command: F) -> F:
    """Turn a PipelineError into one red line on stderr and exit code 1; let bugs keep their traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except PipelineError as exc:
            console.err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def salt_for(config: Config) -> str:
    return privacy.DEMO_SALT if config.demo else privacy.salt_from_env()


def do_ingest(config: Config) -> None:
    from pipeline.ingest import ingest

    with console.file_progress("Loading exports") as on_file:
        report = ingest(config, salt_for(config), on_file)
    console.ingest_summary(report)
    if report.failures:
        raise IngestIncomplete(report.failures)


def do_run(config: Config, overrides: dict[str, Any] | None = None) -> None:
    from pipeline.queries.results import write_results
    from pipeline.queries.run import run_all

    report = run_all(config, overrides)
    folder = write_results(config, report)
    console.query_summary(report, folder)
    if report.failed_errors:
        raise ChecksFailed(len(report.failed_errors))


def do_build(config: Config) -> Path:
    from pipeline.website.build import build_site

    site = build_site(config)
    console.out.print(f"Site built: {site}/index.html")
    return site


@app.command()
@speaks_to_people
def ingest(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """Load every export in the exports folder into a fresh warehouse."""
    do_ingest(load_config(config))


@app.command()
@speaks_to_people
def run(
    config: ConfigOption = DEFAULT_CONFIG,
    period_end: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Last day of the report (default: the last day with data)."),
    ] = None,
    month: Annotated[
        str | None,
        typer.Option(
            help="Report month YYYY-MM: the period ends on its last day, or on the last day with data if that is "
            "earlier. Empty: the last day with data."
        ),
    ] = None,
    var: Annotated[
        list[str] | None, typer.Option(help="Set a query variable for this run: name=value (repeatable).")
    ] = None,
) -> None:
    """Run the SQL files in queries/ against the warehouse (sandboxed), then their checks."""
    from pipeline.queries.parameters import parse_assignments

    overrides: dict[str, Any] = dict(parse_assignments(var or []))
    if period_end and month:
        raise PipelineError("give either --period-end or --month, not both")
    if period_end:
        overrides["period_end"] = period_end.date()
    if month and month.strip():
        overrides["report_month"] = month.strip()
    do_run(load_config(config), overrides)


@app.command()
@speaks_to_people
def build(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """Render the report site from the query results (mkdocs build --strict)."""
    do_build(load_config(config))


@app.command()
@speaks_to_people
def publish(
    config: ConfigOption = DEFAULT_CONFIG,
    month: Annotated[
        str | None,
        typer.Option(help="Version to publish, e.g. 2026-11 (default: the month of the built report's period end)."),
    ] = None,
    push: Annotated[bool, typer.Option(help="Push the pages branch to the remote.")] = False,
    bundle: Annotated[
        Path | None,
        typer.Option(
            help="Write the pages branch's new commits to this git bundle instead of pushing, for a separate push "
            "(the nightly workflow's publish job); the remote branch is read as already fetched."
        ),
    ] = None,
) -> None:
    """Deploy the built site as its report month's version (alias `latest`) with mike."""
    from pipeline.publish import publish as deploy

    if push and bundle:
        raise PipelineError("give either --push or --bundle, not both")
    cfg = load_config(config)
    version, title = deploy(cfg, month, push, bundle)
    done = f"Published {title} ({version}, alias latest) to branch {cfg.publish_branch}"
    if push:
        console.out.print(f"{done} and pushed to {cfg.publish_remote}")
    elif bundle and bundle.is_file():
        console.out.print(f"{done}; its new commit is in {bundle}, to push")
    elif bundle:
        console.out.print(f"{done}: already there as built, nothing new to push")
    else:
        console.out.print(f"{done} (not pushed; add --push)")


@app.command()
@speaks_to_people
def fetch(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """Copy new or changed exports from the object store (exports: s3://...) to the local mirror, read-only."""
    from pipeline.fetch import fetch_exports

    cfg = load_config(config)
    with console.file_progress("Fetching exports") as on_file:
        report = fetch_exports(cfg, on_file)
    console.out.print(report.summary_line())


@app.command()
@speaks_to_people
def diff(
    base: Annotated[str, typer.Option(help="The git revision to compare with, e.g. origin/main.")],
    config: ConfigOption = DEFAULT_CONFIG,
    out: Annotated[
        Path | None, typer.Option(help="Folder for metric-diff.md and metric-diff.json (default: <build>/metric-diff).")
    ] = None,
) -> None:
    """Headline values and rows of every changed query, before (at --base) and after (this checkout), on the same data.

    Prints the Markdown table to stdout (append it to $GITHUB_STEP_SUMMARY), notes to stderr."""
    from pipeline.queries.diff import metric_diff, write_diff

    cfg = load_config(config)
    result = metric_diff(cfg, base)
    folder = write_diff(result, out or cfg.build / "metric-diff")
    console.err.print(f"Metric diff against {base}: {result.headline()}; written to {folder}")
    print(result.markdown())


@app.command()
@speaks_to_people
def comment(
    diff_json: Annotated[Path, typer.Argument(help="A metric-diff.json, e.g. a pull request run's artifact.")],
    out: Annotated[Path | None, typer.Option(help="Write the comment to this file (default: print it).")] = None,
) -> None:
    """Render a metric diff's JSON as the pull request comment: its names and numbers, as text that cannot mention,
    link or embed, cut to fit one comment. The JSON is treated as hostile: a wrong type is refused in one line."""
    from pipeline.queries.diff_markdown import comment_markdown

    text = comment_markdown(diff_json)
    if out is None:
        print(text, end="")
    else:
        out.write_text(text, encoding="utf-8")
        console.err.print(f"Comment written to {out} ({len(text):,} characters)")


@app.command()
@speaks_to_people
def summary(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """Print the run as Markdown (headline metrics and their change, alerts, data quality) for a job summary."""
    from pipeline.summary import job_summary

    print(job_summary(load_config(config)))


@app.command()
@speaks_to_people
def alerts(
    config: ConfigOption = DEFAULT_CONFIG,
    issue_body: Annotated[
        Path | None,
        typer.Option(
            help="Where to write the issue text for new alerts, removed when there are none "
            "(default: <build>/alert-issue.md)."
        ),
    ] = None,
    fetch: Annotated[
        bool,
        typer.Option(
            help="Fetch the pages branch first; --no-fetch reads <remote>/<branch> as already fetched "
            "(the nightly workflow's full-history checkout brings it), so no git credential is needed."
        ),
    ] = True,
) -> None:
    """Compare the active alerts with the published `latest` version; write an issue text for the new ones."""
    from pipeline.alerts import write_issue_body

    cfg = load_config(config)
    issue_body = issue_body or cfg.build / "alert-issue.md"
    found = write_issue_body(cfg, issue_body, fetch)
    console.out.print(
        f"{len(found)} new alert(s) since the published report; issue text in {issue_body}"
        if found
        else "No new alert since the published report"
    )


@app.command()
@speaks_to_people
def check(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """Validate config, queries (headers, checks, order) and exports; run the queries' example tests. No data needed."""
    from pipeline.checkup import check_project

    report = check_project(load_config(config))
    console.checkup_summary(report)
    if report.problems:
        raise typer.Exit(1)


@app.command()
@speaks_to_people
def evaluate(
    config: ConfigOption = DEFAULT_CONFIG,
    detect_language: Annotated[
        bool, typer.Option(help="Blank the language column first, so the ingest's language detection fills it.")
    ] = False,
    rows: Annotated[
        str, typer.Option(help="all, or only the even or odd id numbers (tune rules on one half, check the other).")
    ] = "all",
    mistakes: Annotated[bool, typer.Option(help="Also list every mention the classifier disagrees with.")] = False,
    out: Annotated[
        Path | None, typer.Option(help="Where to write the figures (default: <build>/evaluation.json).")
    ] = None,
) -> None:
    """Score mention_classes on the labelled mentions in queries/evaluation/: precision, recall, F1, confusion."""
    from pipeline.queries.evaluation import JSON_FILE, write_evaluation
    from pipeline.queries.evaluation import evaluate as score

    cfg = load_config(config)
    result = score(cfg.queries, rows, detect_language)
    path = write_evaluation(result, out or cfg.build / JSON_FILE)
    console.evaluation_summary(result, path, mistakes)


@app.command()
@speaks_to_people
def demo(
    folder: Annotated[Path, typer.Option("--dir", help="Where to write the demo.")] = Path("build/demo"),
) -> None:
    """Write 24 months of exports for a fictional brand, then ingest, run and build its report."""
    from pipeline.demo.project import write_demo_project

    config = load_config(write_demo_project(folder))
    console.out.print(f"Demo exports written to {config.exports} (fictional people; hashed with the public demo key)")
    do_ingest(config)
    do_run(config)
    site = do_build(config)
    console.out.print(f"Preview: python -m http.server --directory {site} 8000  then open http://localhost:8000/")


def main() -> None:
    app()
