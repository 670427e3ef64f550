from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "social-health.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_relative_paths_resolve_against_the_config_folder(project: Path) -> None:
    config = load_config(project / "social-health.yml")
    assert config.exports == (project / "exports").resolve()
    assert config.warehouse == (project / "build" / "warehouse.duckdb").resolve()
    assert config.brand.handles["instagram"] == ("acme.es",)
    assert config.brand.all_handles() == ("acme", "acme.es")
    assert config.timezone == "Europe/Madrid"


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.yml: config file not found"):
        load_config(tmp_path / "nope.yml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("brand: {name: A}\nexport: x/\n", r"unknown key 'export' \(did you mean 'exports'\?\)"),
        (
            "brand: {name: A, handle: {x: [a]}}\nexports: e/\n",
            r"unknown key 'brand.handle' \(did you mean 'brand.handles'\?\)",
        ),
        ("brand: {name: A}\nexports: [e]\n", r"'exports' must be a string"),
        ("brand: {name: A, handles: {twitter: [a]}}\nexports: e/\n", r"unknown platform 'brand.handles.twitter'"),
        (
            "brand: {name: A}\nexports: e/\ntimezone: Mars/Olympus\n",
            r"'timezone' 'Mars/Olympus' is not an IANA time zone",
        ),
        ("exports: e/\n", r"missing required key 'brand'"),
        ("brand: {name: A}\nexports: e/\n  bad: [\n", r"is not valid YAML at line \d"),
        ("brand: {name: A, employees: [1]}\nexports: e/\n", r"'brand.employees' must be a list of non-empty strings"),
        (
            "brand: {name: A}\nexports: e/\nreport: {compare: week}\n",
            r"'report.compare' 'week' must be one of year, quarter",
        ),
        (
            "brand: {name: A}\nexports: e/\nreport: {baseline: {from: 2024-11}}\n",
            r"'report.baseline.to' must be a month like 2024-11, got None",
        ),
        (
            "brand: {name: A}\nexports: e/\nreport: {baseline: {from: 2025-11, to: 2024-10}}\n",
            r"'report.baseline.to' comes before 'report.baseline.from'",
        ),
        (
            "brand: {name: A}\nexports: e/\nreport: {targets: {care: {response: 0.9}}}\n",
            r"unknown figure 'report.targets.care.response'; care has: response_rate, median_first_response_minutes",
        ),
        ("brand: {name: A}\nexports: e/\nreport: {targets: {likes: 3}}\n", r"unknown pillar 'report.targets.likes'"),
        (
            "brand: {name: A}\nexports: e/\nreport: {targets: {care: {response_rate: high}}}\n",
            r"'report.targets.care.response_rate' must be a number",
        ),
    ],
)
def test_wrong_config_names_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as info:
        load_config(path)
    assert str(info.value).startswith(str(path))
