"""The `social-health` command. The only place where a PipelineError becomes a message and an exit code.

Each command is one function under ``@command(PANEL)``: the panel groups it in ``--help``, and commands are listed in
the order they are written here, which is the pipeline's order. A new command is one more such function.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from pipeline import console
from pipeline.config import DEFAULT_CONFIG, load_config
from pipeline.errors import PipelineError
from pipeline.steps import do_build, do_ingest, do_run

F = TypeVar("F", bound=Callable[..., Any])

# The help's panels, in the order a brand meets them.
SET_UP = "Set up"
PIPELINE = "The nightly pipeline, in order"
PREVIEW = "Preview"
GITHUB = "On GitHub (job summary, issues, pull requests)"


def _readable_placeholders(params: list[Any]) -> list[Any]:
    """Help shows a value's placeholder (PATH, MONTH), never a Python type: nothing beside a flag (it takes no
    value), and an argument named by its metavar gets no `<path>` after it."""
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
        elif isinstance(param, TyperArgument) and param.metavar:
            setattr(param, "display_type_rich", lambda ctx: None)  # noqa: B010 (a method, replaced on this one)
    return params


class Command(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _readable_placeholders(super().get_params(ctx))


class Group(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _readable_placeholders(super().get_params(ctx))


app = typer.Typer(
    cls=Group,
    help="Measure what matters on social media: load exports, compute metrics, publish the report.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
ConfigOption = Annotated[
    Path,
    typer.Option("--config", "-c", envvar="SOCIAL_HEALTH_CONFIG", metavar="PATH", help="The social-health.yml to use."),
]
WideOption = Annotated[
    bool, typer.Option("--wide", help="Print tables with every path in full, however wide (default: fit the width).")
]


def speaks_to_people(function: F) -> F:
    """Turn a PipelineError into one red line on stderr and exit code 1; let bugs keep their traceback."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except PipelineError as exc:
            console.err.print(console.labelled("error", "red", str(exc)), highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def command(panel: str) -> Callable[[F], F]:
    """A `social-health` command in ``panel`` of the help, its PipelineErrors spoken to people."""

    def register(function: F) -> F:
        app.command(cls=Command, rich_help_panel=panel)(speaks_to_people(function))
        return function

    return register


def _version(show: bool) -> None:
    if show:
        console.out.print(f"social-health {package_version('social-health')}", highlight=False)
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Measure what matters on social media: load exports, compute metrics, publish the report."""


# ---- Set up ---------------------------------------------------------------------------------------------------------


@command(SET_UP)
def init(
    config: ConfigOption = DEFAULT_CONFIG,
    brand: Annotated[str | None, typer.Option(metavar="NAME", help="The brand's name.")] = None,
    timezone: Annotated[
        str | None, typer.Option(metavar="ZONE", help="IANA time zone of the brand, e.g. Europe/Madrid.")
    ] = None,
    handles: Annotated[
        str | None,
        typer.Option(
            metavar="PLATFORM=NAME,...",
            help="The brand's own accounts, e.g. instagram=acme.es,x=acme (default: those its posts exports show).",
        ),
    ] = None,
    exports: Annotated[
        Path | None, typer.Option(metavar="PATH", help="The folder holding the exports (default: exports/).")
    ] = None,
    language: Annotated[str | None, typer.Option(metavar="LANG", help="The site's language: en, es or it.")] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Ask nothing: take what was found and the defaults.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing config.")] = False,
) -> None:
    """Write a commented social-health.yml for a brand from its exports folder, and say what to run next."""
    from pipeline.init import Answers, init_project

    answers = Answers(brand=brand, timezone=timezone, handles=handles, exports=exports, language=language)
    init_project(config, answers, ask=not yes, force=force)


@command(SET_UP)
def check(config: ConfigOption = DEFAULT_CONFIG, wide: WideOption = False) -> None:
    """Validate config, queries (headers, checks, columns) and exports; say which pillars the exports feed.

    Binds every query against the empty warehouse tables and runs the queries' example tests: no data needed."""
    from pipeline.checkup import check_project

    report = check_project(load_config(config))
    console.checkup_summary(report, wide)
    if report.problems:
        raise typer.Exit(1)


@command(SET_UP)
def evaluate(
    config: ConfigOption = DEFAULT_CONFIG,
    detect_language: Annotated[
        bool, typer.Option(help="Blank the language column first, so the ingest's language detection fills it.")
    ] = False,
    rows: Annotated[
        str,
        typer.Option(
            metavar="all|even|odd", help="all, or only the even or odd id numbers (tune on one half, check the other)."
        ),
    ] = "all",
    mistakes: Annotated[bool, typer.Option(help="Also list every mention the classifier disagrees with.")] = False,
    out: Annotated[
        Path | None,
        typer.Option(metavar="PATH", help="Where to write the figures (default: evaluation.json in the build folder)."),
    ] = None,
) -> None:
    """Score mention_classes on the labelled mentions in queries/evaluation/: precision, recall, F1, confusion."""
    from pipeline.queries.evaluation import JSON_FILE, write_evaluation
    from pipeline.queries.evaluation import evaluate as score
    from pipeline.warehouse.connect import Resources

    cfg = load_config(config)
    result = score(cfg.queries, rows, detect_language, Resources.of(cfg))
    path = write_evaluation(result, out or cfg.build / JSON_FILE)
    console.evaluation_summary(result, path, mistakes)


# ---- The nightly pipeline -------------------------------------------------------------------------------------------


@command(PIPELINE)
def fetch(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """Copy new or changed exports from the object store (exports: s3://...) to the local mirror, read-only."""
    from pipeline.fetch import fetch_exports

    cfg = load_config(config)
    with console.file_progress("Fetching exports") as on_file:
        report = fetch_exports(cfg, on_file)
    console.out.print(report.summary_line())


@command(PIPELINE)
def ingest(
    config: ConfigOption = DEFAULT_CONFIG,
    strict: Annotated[
        bool | None,
        typer.Option(
            "--strict/--no-strict",
            help="Exit 1 when any file fails or is unknown (default: the config's ingest.strict, else list it as not "
            "loaded and load the others).",
        ),
    ] = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full", help="Parse every file again, also those loaded before with the same content (the file cache)."
        ),
    ] = False,
    wide: WideOption = False,
) -> None:
    """Load every export in the exports folder into a fresh warehouse (exit 1 only when none loads, or --strict)."""
    do_ingest(load_config(config), wide, strict, full)


@command(PIPELINE)
def run(
    config: ConfigOption = DEFAULT_CONFIG,
    period_end: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            metavar="DATE",
            help="Last day of the report, 2026-10-31 (default: the last day with data).",
        ),
    ] = None,
    month: Annotated[
        str | None,
        typer.Option(
            metavar="MONTH",
            help="Report month, 2026-10: the period ends on its last day, or on the last day with data if that is "
            "earlier. Empty: the last day with data.",
        ),
    ] = None,
    var: Annotated[
        list[str] | None,
        typer.Option(metavar="NAME=VALUE", help="Set a query variable for this run (repeatable)."),
    ] = None,
    full: Annotated[
        bool,
        typer.Option("--full", help="Compute incremental queries in full too, not only the weeks that changed."),
    ] = False,
    wide: WideOption = False,
) -> None:
    """Run the SQL files in queries/ against the warehouse (sandboxed), then their checks."""
    from pipeline.queries import discover
    from pipeline.queries.parameters import known_variables, parse_assignments

    cfg = load_config(config)
    if period_end and month:
        raise PipelineError("give either --period-end or --month, not both")
    known = known_variables(q.sql for q in discover(cfg.queries)) if var else None
    overrides: dict[str, Any] = dict(parse_assignments(var or [], known))
    if period_end:
        overrides["period_end"] = period_end.date()
    if month and month.strip():
        overrides["report_month"] = month.strip()
    do_run(cfg, overrides, wide, full)


@command(PIPELINE)
def build(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """Render the report site from the query results (mkdocs build --strict)."""
    do_build(load_config(config))


@command(PIPELINE)
def publish(
    config: ConfigOption = DEFAULT_CONFIG,
    month: Annotated[
        str | None,
        typer.Option(
            metavar="MONTH", help="Version to publish, 2026-11 (default: the month of the built report's period end)."
        ),
    ] = None,
    push: Annotated[bool, typer.Option(help="Push the pages branch to the remote.")] = False,
    bundle: Annotated[
        Path | None,
        typer.Option(
            metavar="PATH",
            help="Write the pages branch's new commits to this git bundle instead of pushing, for a separate push "
            "(the nightly workflow's publish job); the remote branch is read as already fetched.",
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


# ---- Preview --------------------------------------------------------------------------------------------------------


@command(PREVIEW)
def serve(
    config: ConfigOption = DEFAULT_CONFIG,
    port: Annotated[int, typer.Option(metavar="PORT", help="The port on 127.0.0.1 (default 0: a free one).")] = 0,
) -> None:
    """Serve the site on 127.0.0.1, built when needed and rebuilt when docs/, queries/ or the config change."""
    from pipeline.serve import serve_site

    serve_site(load_config(config), config, port)


@command(PREVIEW)
def demo(
    folder: Annotated[Path, typer.Option("--dir", metavar="PATH", help="Where to write the demo.")] = Path(
        "build/demo"
    ),
    scale: Annotated[
        int, typer.Option(metavar="N", help="The brand at N times its size (same story; tables capped, see docs).")
    ] = 1,
) -> None:
    """Write 24 months of exports for a fictional brand, then ingest, run and build its report."""
    from pipeline.demo.project import write_demo_project
    from pipeline.demo.scale import scale_exports

    if scale < 1:
        raise PipelineError(f"--scale {scale}: give a whole number of 1 or more (1 is the demo's own size)")
    config = load_config(write_demo_project(folder))
    if scale > 1:
        scaled = scale_exports(config.exports, scale)
        console.out.print(f"Scaled {scale}x by DuckDB: " + "; ".join(scaled.lines()))
    console.out.print(f"Demo exports written to {config.exports} (fictional people; hashed with the public demo key)")
    do_ingest(config)
    do_run(config)
    site = do_build(config)
    console.out.print(f"Preview: python -m http.server --directory {site} 8000  then open http://localhost:8000/")


# ---- On GitHub ------------------------------------------------------------------------------------------------------


@command(GITHUB)
def summary(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """Print the run as Markdown (headline metrics and their change, alerts, data quality) for a job summary."""
    from pipeline.summary import job_summary

    print(job_summary(load_config(config)))


@command(GITHUB)
def alerts(
    config: ConfigOption = DEFAULT_CONFIG,
    issue_body: Annotated[
        Path | None,
        typer.Option(
            metavar="PATH",
            help="Where to write the issue text for new alerts, removed when there are none "
            "(default: alert-issue.md in the config's build folder).",
        ),
    ] = None,
    files_issue_body: Annotated[
        Path | None,
        typer.Option(
            metavar="PATH",
            help="Where to write the issue text naming the export files that were not loaded (failed or unknown), "
            "removed when every file loaded (default: files-issue.md in the config's build folder).",
        ),
    ] = None,
    fetch: Annotated[
        bool,
        typer.Option(
            help="Fetch the pages branch first; --no-fetch reads the remote's pages branch as already fetched "
            "(the nightly workflow's full-history checkout brings it), so no git credential is needed."
        ),
    ] = True,
) -> None:
    """Compare the active alerts with the published `latest` version; write an issue text for the new ones, and one
    naming the export files that were not loaded."""
    from pipeline.alerts import write_issue_body, write_not_loaded_issue

    cfg = load_config(config)
    issue_body = issue_body or cfg.build / "alert-issue.md"
    found = write_issue_body(cfg, issue_body, fetch)
    console.out.print(
        f"{len(found)} new alert(s) since the published report; issue text in {issue_body}"
        if found
        else "No new alert since the published report"
    )
    files_issue_body = files_issue_body or cfg.build / "files-issue.md"
    not_loaded = write_not_loaded_issue(cfg, files_issue_body)
    if not_loaded:
        console.out.print(f"{len(not_loaded)} export file(s) not loaded; issue text in {files_issue_body}")


@command(GITHUB)
def diff(
    base: Annotated[str, typer.Option(metavar="REVISION", help="The git revision to compare with, e.g. origin/main.")],
    config: ConfigOption = DEFAULT_CONFIG,
    out: Annotated[
        Path | None,
        typer.Option(
            metavar="PATH",
            help="Folder for metric-diff.md and metric-diff.json (default: metric-diff/ in the build folder).",
        ),
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


@command(GITHUB)
def comment(
    diff_json: Annotated[
        Path, typer.Argument(metavar="PATH", help="A metric-diff.json, e.g. a pull request run's artifact.")
    ],
    out: Annotated[
        Path | None, typer.Option(metavar="PATH", help="Write the comment to this file (default: print it).")
    ] = None,
) -> None:
    """Render a metric diff's JSON as the pull request comment, as text that cannot mention, link or embed.

    Its names and numbers, cut to fit one comment. The JSON is treated as hostile: a wrong type is refused in one
    line."""
    from pipeline.queries.diff_markdown import comment_markdown

    text = comment_markdown(diff_json)
    if out is None:
        print(text, end="")
    else:
        out.write_text(text, encoding="utf-8")
        console.err.print(f"Comment written to {out} ({len(text):,} characters)")


def main() -> None:
    app()
