"""Docs as tests: the warehouse contract, the export formats and the commands cannot drift from the code."""

import re
from pathlib import Path

import pytest

from pipeline.cli import app
from pipeline.sources import ADAPTERS
from pipeline.warehouse.schema import ALL_TABLES

ROOT = Path(__file__).parents[1]
WAREHOUSE_DOC = (ROOT / "docs" / "reference" / "warehouse.md").read_text(encoding="utf-8")
EXPORTS_DOC = (ROOT / "docs" / "reference" / "exports.md").read_text(encoding="utf-8")


def documented_columns(table: str) -> list[str]:
    """Column names in the Markdown table under the `## <table>` heading."""
    section = re.search(rf"^## {table}\n(.*?)(?=^## |\Z)", WAREHOUSE_DOC, re.MULTILINE | re.DOTALL)
    assert section, f"docs/reference/warehouse.md has no '## {table}' section"
    return re.findall(r"^\| `(\w+)` \|", section.group(1), re.MULTILINE)


@pytest.mark.parametrize("table", sorted(ALL_TABLES))
def test_every_warehouse_column_is_documented_in_order(table: str) -> None:
    assert documented_columns(table) == list(ALL_TABLES[table].column_names)


@pytest.mark.parametrize("adapter", [a.name for a in ADAPTERS])
def test_every_export_format_is_documented(adapter: str) -> None:
    assert f"`{adapter}`" in EXPORTS_DOC


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    table = set(re.findall(r"^\| `social-health ([a-z-]+)` \|", readme, re.MULTILINE))
    assert commands == table  # every command has its row in the README's table, and every row a command


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```bash\n(.*?)```", readme, re.DOTALL)
    assert first_block
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert commands == ["uv run social-health demo", "uv run --group dev pytest"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == "uv run --group dev pytest"  # exactly the README's, nothing after it
    assert '-m "not slow"' in readme.split("## How it works", 1)[0]  # the quick subset is named


def test_the_demo_pulls_no_development_tool() -> None:
    """`uv run social-health demo` installs the default groups only, and there are none: the runtime alone."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["tool"]["uv"]["default-groups"] == []
    runtime = " ".join(project["project"]["dependencies"])
    for tool in ("pytest", "ruff", "mypy", "playwright", "moto", "zizmor", "sqlfluff", "zensical"):
        assert tool in " ".join(project["dependency-groups"]["dev"]) and tool not in runtime


def test_the_noise_thresholds_and_score_figures_in_the_docs_are_the_codes() -> None:
    from pipeline.config import SCORE_FIGURES
    from pipeline.website.compare import NOISE_THRESHOLD

    about = (ROOT / "docs" / "about.md").read_text(encoding="utf-8")
    reading = about[about.index("## Reading this report") :]
    shown = {"percent": "{:g} percentage points", "points": "{:g} points", "number": "{:g} %", "minutes": "{:g} %"}
    for shape, size in NOISE_THRESHOLD.items():
        assert shown[shape].format(size) in reading, shape
    for figure in (f for figures in SCORE_FIGURES.values() for f in figures):
        assert f"`{figure}`" in reading, figure
    queries = (ROOT / "docs" / "reference" / "queries.md").read_text(encoding="utf-8")
    t = NOISE_THRESHOLD
    rule = (
        f"at least {t['percent']:g} percentage points (`percent`), {t['points']:g} points (`points`), "
        f"{t['number']:g} % (`number`) or {t['minutes']:g} % (`minutes`)"
    )
    assert rule in queries.replace("\n", " ")
