"""The command line speaks to people: one line, the file or key, a non-zero exit, no traceback."""

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import CASES
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import load_config
from pipeline.errors import PipelineError
from pipeline.queries.parameters import month_period_end

runner = CliRunner()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, check=False)


def test_every_command_takes_config_and_explains_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yml"
    for command in ("ingest", "run", "build", "publish", "check"):
        result = runner.invoke(app, [command, "--config", str(missing)])
        assert result.exit_code == 1, command
        assert "config file not found" in result.output


def test_a_wrong_key_is_one_line_on_stderr_without_traceback(tmp_path: Path) -> None:
    config = tmp_path / "social-health.yml"
    config.write_text("brand: {name: A}\nexprots: e/\n", encoding="utf-8")
    done = run("ingest", "--config", str(config))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "unknown key 'exprots' (did you mean 'exports'?)" in lines[0]
    assert str(config) in lines[0]


def _ingest_without_salt(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "ingest", "--config", str(project / "social-health.yml")],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )


def test_missing_salt_stops_a_real_ingest(project: Path) -> None:
    shutil.copy(CASES / "inbox" / "inbox_conversations.csv", project / "exports")
    done = _ingest_without_salt(project)
    assert done.returncode == 1
    assert "SOCIAL_HEALTH_SALT" in done.stderr and not (project / "build" / "warehouse.duckdb").exists()


def test_a_wrong_exports_folder_is_said_before_the_missing_salt(project: Path) -> None:
    """Config and folders first: fixing the salt must not only lead to the next error."""
    done = _ingest_without_salt(project)  # an empty exports folder, and no salt either
    assert done.returncode == 1
    assert "no export file found in" in done.stderr and "SOCIAL_HEALTH_SALT" not in done.stderr
    shutil.rmtree(project / "exports")
    done = _ingest_without_salt(project)
    assert "'exports' folder" in done.stderr and "does not exist" in done.stderr
    assert "SOCIAL_HEALTH_SALT" not in done.stderr


def test_check_reports_unknown_exports_and_fails(project: Path) -> None:
    (project / "exports" / "what.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (project / "social-health.yml").write_text(
        (project / "social-health.yml").read_text() + f"queries: {Path(__file__).parents[1] / 'queries'}\n"
    )
    result = runner.invoke(app, ["check", "--config", str(project / "social-health.yml")])
    assert result.exit_code == 1
    assert "what.csv: not a known export format" in result.output


def test_help_lists_the_commands() -> None:
    done = run("--help")
    assert done.returncode == 0
    for command in ("demo", "ingest", "run", "build", "publish", "check"):
        assert command in done.stdout


@pytest.mark.parametrize(
    ("month", "last_day_with_data", "period_end"),
    [
        ("2026-10", date(2026, 11, 21), date(2026, 10, 31)),  # a past month: its last day
        ("2026-11", date(2026, 11, 21), date(2026, 11, 21)),  # the running month: up to the last day with data
        ("2024-02", date(2026, 11, 21), date(2024, 2, 29)),
    ],
)
def test_a_report_month_ends_on_its_last_day_or_the_last_day_with_data(
    month: str, last_day_with_data: date, period_end: date
) -> None:
    assert month_period_end(month, last_day_with_data) == period_end


def test_a_report_month_after_the_data_or_badly_written_is_explained() -> None:
    with pytest.raises(PipelineError, match="exports end on 2026-09-30, before that month"):
        month_period_end("2026-10", date(2026, 9, 30))
    with pytest.raises(PipelineError, match="write the report month as YYYY-MM"):
        month_period_end("October", date(2026, 9, 30))


def test_month_and_period_end_together_are_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", "--month", "2026-10", "--period-end", "2026-10-31"])
    assert result.exit_code == 1 and "either --period-end or --month" in result.stderr


# ---- The command line a new user meets (issue 16) --------------------------------------------------------------------
def cli(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "social-health"), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "120", **env},
    )


def test_version_prints_the_package_version() -> None:
    done = cli("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"social-health {version('social-health')}"


PIPELINE_ORDER = [
    "init",
    "check",
    "evaluate",
    "fetch",
    "ingest",
    "run",
    "build",
    "publish",
    "serve",
    "demo",
    "summary",
    "alerts",
    "diff",
    "comment",
]


def test_help_groups_the_commands_in_pipeline_order() -> None:
    done = cli("--help")
    panels = re.findall(r"╭─ (.+?) ─", done.stdout)
    assert panels == [
        "Options",
        "Set up",
        "The nightly pipeline, in order",
        "Preview",
        "On GitHub (job summary, issues, pull requests)",
    ]
    listed = re.findall(r"^│ ([a-z]+) {2,}", done.stdout, re.MULTILINE)
    assert listed == PIPELINE_ORDER
    assert [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands] == PIPELINE_ORDER


@pytest.mark.parametrize("command", PIPELINE_ORDER)
def test_help_shows_readable_placeholders_never_python_types(command: str) -> None:
    done = runner.invoke(app, [command, "--help"], env={"COLUMNS": "120"})
    assert done.exit_code == 0
    assert re.findall(r"<[a-z%\[\]|,. -]+>", done.stdout) == []  # no <list[str]>, <bool>, <%Y-%m-%d>, <path>
    if "--config" in done.stdout:
        assert re.search(r"--config\s+-c\s+PATH", done.stdout)


def test_run_help_names_month_date_and_name_value() -> None:
    done = cli("run", "--help")
    for option, placeholder in (("--month", "MONTH"), ("--period-end", "DATE"), ("--var", "NAME=VALUE")):
        assert re.search(rf"{option}\s+{re.escape(placeholder)}\s", done.stdout), option


def test_an_unknown_var_is_an_error_listing_the_known_names(project: Path) -> None:
    config = project / "social-health.yml"
    config.write_text(config.read_text() + f"queries: {Path(__file__).parents[1] / 'queries'}\n")
    done = cli("run", "-c", str(config), "--var", "net_sentiment_min=30")
    assert done.returncode == 1
    assert "--var net_sentiment_min: no such variable (did you mean 'net_sentiment_min_n'?)" in done.stderr
    assert "the variables are: baseline_from, baseline_to, net_sentiment_min_n, period_end" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (project / "build").exists()  # refused before anything ran


def test_a_known_var_reaches_the_queries(project: Path) -> None:
    from pipeline.queries.parameters import known_variables, parse_assignments

    assert parse_assignments(["net_sentiment_min_n=30"], {"net_sentiment_min_n"}) == {"net_sentiment_min_n": "30"}
    assert "my_threshold" in known_variables(["SELECT 1 WHERE x > getvariable('my_threshold')"])
    with pytest.raises(PipelineError, match="write it as NAME=VALUE"):
        parse_assignments(["oops"], {"oops"})


def _renamed(tmp_path: Path, case: str, old: str, new: str) -> Path:
    """A real fixture with one header cell renamed, as a platform renames a column."""
    source = CASES / case
    raw = source.read_bytes()
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    text = raw.decode(encoding)
    assert old in text, old
    target = tmp_path / source.name
    target.write_text(text.replace(old, new, 1), encoding=encoding)
    return target


@pytest.mark.parametrize(
    ("case", "old", "new", "nearest"),
    [
        ("brandwatch/brandwatch_acme_2026-05-12.csv", ",Url,", ",Link,", "Brandwatch"),
        ("inbox/inbox_conversations.csv", "conversation_id", "conversation", "Inbox conversations"),
        ("shopify_orders/orders_export_1.csv", "Financial Status", "Payment Status", "Shopify"),
        ("talkwalker/talkwalker_acme_2026-05.csv", "url,", "link,", "Talkwalker"),
        (
            "meta_posts/Apr-01-2026_Apr-30-2026_100044455566677.csv",
            '"Post ID"',
            '"ID"',
            "Meta Business Suite: Facebook",
        ),
    ],
)
def test_the_nearest_format_of_a_renamed_real_export_is_named(
    tmp_path: Path, case: str, old: str, new: str, nearest: str
) -> None:
    from pipeline import sources
    from pipeline.sources.probe import probe_file

    probe = sources.pick_sheet(probe_file(_renamed(tmp_path, case, old, new)))
    assert sources.detect(probe) is None
    named = sources.nearest_formats(probe)
    assert named and named[0].startswith(nearest), named
    assert sources.unknown_format(probe).startswith("not a known export format (closest: ")


def test_no_format_is_named_for_a_file_that_is_near_none() -> None:
    from pipeline import sources
    from pipeline.sources.probe import probe_file

    for case in ("linkedin_posts/make_updates_xls.py", "x_archive/twitter-2026-05-20-acme/data/README.txt"):
        probe = probe_file(CASES / case)
        assert sources.detect(probe) is None and sources.nearest_formats(probe) == [], case
        assert "nor close to one" in sources.unknown_format(probe)


def test_a_known_export_is_close_only_to_formats_of_its_own_platform() -> None:
    """Run on every real fixture as if its own format were unknown: a neighbour named is of the same family (Meta
    Facebook next to Meta Instagram, X content next to X overview), never a stranger: no noise."""
    from pipeline import sources
    from pipeline.sources.probe import probe_file
    from pipeline.sources.skip import skip_reason, skip_reason_from_content

    titles = {a.title: a.name for a in sources.ADAPTERS}
    checked = 0
    for path in sorted(p for p in CASES.rglob("*") if p.is_file()):
        if skip_reason(path, CASES):
            continue
        probe = sources.pick_sheet(probe_file(path))
        own = sources.detect(probe)
        if own is None or skip_reason_from_content(probe):
            continue
        checked += 1
        for named in sources.nearest_formats(probe, limit=len(sources.ADAPTERS)):
            name = titles[named.rsplit(" (", 1)[0]]
            assert name.split("_")[0] == own.name.split("_")[0], (path.name, own.name, named)
    assert checked > 25


def test_check_names_the_file_and_line_of_an_unknown_column_before_any_data(project: Path) -> None:
    shutil.copytree(Path(__file__).parents[1] / "queries", project / "queries")
    path = project / "queries" / "reputation" / "net_sentiment_weekly.sql"
    text = path.read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.strip() == "SELECT platform, week, sentiment")
    path.write_text(text.replace("SELECT platform, week, sentiment\n", "SELECT platform, week, sentimen\n", 1))
    done = cli("check", "-c", str(project / "social-health.yml"))
    assert done.returncode == 1
    assert (
        f'error: queries/reputation/net_sentiment_weekly.sql:{line}: Binder Error: Referenced column "sentimen" not'
        in done.stderr
    )
    assert not (project / "build").exists()  # no warehouse, no data: bound against the empty contract tables


def test_check_names_an_unknown_column_in_a_check_or_a_tile(project: Path) -> None:
    (project / "queries").mkdir()
    (project / "queries" / "likes.sql").write_text(
        "/* ---\ntitle: Likes\ntiles:\n  - {label: Likes, value: sum(likez), time: week}\n--- */\n"
        "SELECT date_trunc('week', published_at)::DATE AS week, sum(likes) AS likes FROM posts GROUP BY ALL\n",
        encoding="utf-8",
    )
    done = cli("check", "-c", str(project / "social-health.yml"))
    assert done.returncode == 1 and 'queries/likes.sql:4: Binder Error: Referenced column "likez"' in done.stderr


def _deep_archive(project: Path) -> str:
    """A real X archive under a long folder path, as a brand's exports often are."""
    deep = project / "exports" / "2026" / "marketing-team-shared-drive" / "x-archive-downloaded-in-may"
    shutil.copytree(CASES / "x_archive" / "twitter-2026-05-20-acme", deep / "twitter-2026-05-20-acme")
    return "2026/marketing-team-shared-drive/x-archive-downloaded-in-may/twitter-2026-05-20-acme/data/tweets.js"


def test_the_ingest_table_fits_80_columns_with_paths_shortened_in_the_middle_and_wide_prints_them_whole(
    project: Path,
) -> None:
    full = _deep_archive(project)
    salt = {"SOCIAL_HEALTH_SALT": "test-salt-0123456789abcdef", "COLUMNS": "80"}
    done = cli("ingest", "-c", str(project / "social-health.yml"), **salt)
    assert done.returncode == 0, done.stderr
    table = done.stdout.split("Ingested into", 1)[1].splitlines()[1:4]  # header, rule, the one file loaded
    assert table[0].startswith("file") and set(table[1]) == {"─"} and "x_archive" in table[2]
    assert all(len(line) <= 80 for line in table), table
    row = next(line for line in table if "x_archive" in line)
    shown = row.split()[0]
    assert "…" in shown and full.startswith(shown.split("…")[0]) and full.endswith(shown.split("…")[1])
    wide = cli("ingest", "-c", str(project / "social-health.yml"), "--wide", **salt)
    assert full in wide.stdout and "…" not in wide.stdout


@pytest.mark.slow
def test_run_and_build_show_their_progress_on_a_terminal(project: Path) -> None:
    _deep_archive(project)
    root = Path(__file__).parents[1]
    config = project / "social-health.yml"
    config.write_text(config.read_text() + f"queries: {root / 'queries'}\nsite: {{mkdocs: {root / 'mkdocs.yml'}}}\n")
    terminal = {"TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1", "SOCIAL_HEALTH_SALT": "test-salt-0123456789abcdef"}
    assert cli("ingest", "-c", str(config), **terminal).returncode == 0
    run_done = cli("run", "-c", str(config), **terminal)
    assert run_done.returncode == 0, run_done.stderr
    assert "Running queries" in run_done.stderr and "health_score" in run_done.stderr
    assert re.search(r"\d+/11", run_done.stderr)  # the bar counts the queries
    build_done = cli("build", "-c", str(config), **terminal)
    assert build_done.returncode == 0, build_done.stderr
    assert "Building the site" in build_done.stderr and "mkdocs build --strict" in build_done.stderr
    quiet = cli("build", "-c", str(config))  # in a pipe (a CI log): no bar at all
    assert quiet.returncode == 0 and quiet.stderr == ""
    from pipeline.queries.run import run_all

    seen: list[str] = []
    run_all(load_config(config), on_query=lambda index, total, name: seen.append(name))
    assert seen[0] == "cohort_retention" and seen[-2:] == ["health_score", "checks"]
