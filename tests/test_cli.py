"""The command line speaks to people: one line, the file or key, a non-zero exit, no traceback."""

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import CASES
from typer.testing import CliRunner

from pipeline.cli import app
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
