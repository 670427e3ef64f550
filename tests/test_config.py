from pathlib import Path

import duckdb
import pytest

from pipeline.config import DEFAULT_MEMORY_LIMIT, MEMORY_LIMIT, MEMORY_UNITS, load_config
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
        ("brand: {name: A}\nexports: e/\nrun: {query_seconds: 0}\n", r"'run.query_seconds' must be 1 or more, got 0"),
        ("brand: {name: A}\nexports: e/\nrun: {query_seconds: -30}\n", r"'run.query_seconds' must be 1 or more"),
        (
            "brand: {name: A}\nexports: e/\nrun: {query_seconds: ten minutes}\n",
            r"'run.query_seconds' must be a whole number, got 'ten minutes'",
        ),
        ("brand: {name: A}\nexports: e/\nrun: {query_second: 60}\n", r"unknown key 'run.query_second' \(did you mean"),
        ("brand: {name: A}\nexports: e/\nmemory_limit: lots\n", r"'memory_limit' 'lots' must be a size like 3GB"),
        ("brand: {name: A}\nexports: e/\nmemory_limit: 3\n", r"'memory_limit' must be a string, got 3"),
        ("brand: {name: A}\nexports: e/\nmemory_limit: 3XB\n", r"'memory_limit' '3XB' must be a size like 3GB"),
        ("brand: {name: A}\nexports: e/\nmemory_limit: 0GB\n", r"'memory_limit' '0GB' is too small .* at least 100MB"),
        ("brand: {name: A}\nexports: e/\nmemory_limit: 150%\n", r"'memory_limit' '150%' must be a share .* 100%"),
    ],
)
def test_wrong_config_names_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as info:
        load_config(path)
    assert str(info.value).startswith(str(path))


def test_run_and_memory_limits_parse(tmp_path: Path) -> None:
    config = load_config(
        write(tmp_path, "brand: {name: A}\nexports: e/\nrun: {query_seconds: 900}\nmemory_limit: 3GB\n")
    )
    assert (config.run.query_seconds, config.memory_limit) == (900, "3GB")
    default = load_config(write(tmp_path, "brand: {name: A}\nexports: e/\n"))
    assert (default.run.query_seconds, default.memory_limit) == (None, DEFAULT_MEMORY_LIMIT)


@pytest.mark.parametrize("value", ["3GB", "3 gb", "500MB", "1.5GB", "4GiB", "2048MiB", "1TB", "60%", "100%"])
def test_every_memory_limit_the_config_accepts_duckdb_accepts(tmp_path: Path, value: str) -> None:
    accepted = load_config(write(tmp_path, f"brand: {{name: A}}\nexports: e/\nmemory_limit: {value}\n")).memory_limit
    con = duckdb.connect(config={"memory_limit": accepted})
    try:
        setting = str((con.execute("SELECT current_setting('memory_limit')").fetchone() or ("",))[0])
    finally:
        con.close()
    number, unit = setting.split()
    step = {"MiB": 2**20, "GiB": 2**30, "TiB": 2**40}[unit]
    shown = float(number) * step
    assert shown > 0
    if not value.endswith("%"):  # DuckDB shows the same size in binary units, cut to one decimal
        amount, given_unit = MEMORY_LIMIT.match(value).groups()  # type: ignore[union-attr]
        assert shown <= float(amount) * MEMORY_UNITS[given_unit.lower()] < shown + step / 10
