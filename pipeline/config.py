"""The ``social-health.yml`` config: loaded once, validated strictly, frozen.

Relative paths resolve against the config file's folder, so a config works from any working directory.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from pipeline.errors import ConfigError
from pipeline.pillars import LANGUAGES, PILLAR_IDS, SCORE_FIGURES

DEFAULT_CONFIG = Path("social-health.yml")

# Lower-case platform names used everywhere (warehouse `platform` column, config `handles` keys).
PLATFORMS = (
    "x",
    "facebook",
    "instagram",
    "linkedin",
    "tiktok",
    "youtube",
    "threads",
    "bluesky",
    "reddit",
    "pinterest",
    "news",
    "web",
)

SCHEMA: dict[str, Any] = {
    "brand": {"name": str, "handles": dict, "employees": list, "partners": list, "keywords": list},
    "exports": str,
    "exports_store": {"endpoint_url": str, "region": str},
    "warehouse": str,
    "timezone": str,
    "queries": str,
    "build": str,
    "site": {"title": str, "mkdocs": str, "language": str, "site_url": str},
    "publish": {"remote": str, "branch": str},
    "report": {
        "period_end": date,
        "net_sentiment_min_n": int,
        "weights": dict,
        "compare": str,
        "baseline": {"from": str, "to": str},
        "targets": dict,
    },
    "attribution": {"social": {"discount_codes": list, "tags": list, "sources": list}},
    "mentions_csv": {"columns": dict, "time_format": str, "delimiter": str, "sentiment_values": dict},
    "ingest": {"strict": bool},
    "run": {"max_result_rows": int, "max_result_mb": int, "query_seconds": int},
    "memory_limit": str,
    "demo": bool,
}
PILLARS = PILLAR_IDS  # the scored pillars (pipeline/pillars.py): keys of report.weights and report.targets
# What a tile's colour compares the report month with: the same month a year, a quarter or a month before.
COMPARISONS = {"year": 12, "quarter": 3, "month": 1}
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
REQUIRED = ("brand", "exports")
# What every DuckDB session may hold in memory before it spills to disk (``memory_limit:``), as DuckDB spells it.
# DuckDB's own default, 80 % of the machine's memory, leaves too little beside it on a 7 GB, 2-core GitHub runner
# (the Python process, mkdocs, the runner itself; DuckDB also allocates a little outside its limit): 60 % there is
# 4.2 GB, and it still grows on a bigger machine. DuckDB reads the percentage against the container's limit too.
DEFAULT_MEMORY_LIMIT = "60%"
MEMORY_LIMIT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB|%)\s*$", re.IGNORECASE)
MEMORY_UNITS = {"kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12}
MEMORY_UNITS |= {"kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}
MIN_MEMORY_BYTES = 100 * 10**6  # below this DuckDB cannot run a query at all


@dataclass(frozen=True)
class Brand:
    name: str
    handles: dict[str, tuple[str, ...]]
    employees: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    def all_handles(self) -> tuple[str, ...]:
        """Every brand handle on every platform, normalised."""
        return tuple(sorted({normalise_handle(h) for hs in self.handles.values() for h in hs}))


@dataclass(frozen=True)
class SiteSettings:
    title: str
    mkdocs: Path
    language: str = "en"
    site_url: str = ""


@dataclass(frozen=True)
class Report:
    """What the metric queries are told (as DuckDB variables): see pipeline/parameters.py."""

    period_end: date | None = None  # None: the last day with data
    net_sentiment_min_n: int = 20
    weights: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PILLARS, 1.0))
    compare: str = "year"  # what tiles are judged against (COMPARISONS); the site reads it, queries do not
    baseline: tuple[date, date] | None = None  # the health score's baseline period; None: each figure's first year
    targets: dict[str, float] = field(default_factory=dict)  # score figure -> the value it is scored against


@dataclass(frozen=True)
class RunSettings:
    """Limits of ``run`` (None: a default that grows with the warehouse; see queries/sandbox.py ``result_limits``)."""

    max_result_rows: int | None = None
    max_result_mb: int | None = None
    query_seconds: int | None = None  # each query's (and check's, tile's, result file's) wall-clock limit


@dataclass(frozen=True)
class SocialAttribution:
    """When an order counts as brought by social media (cohort_retention's `social` segment)."""

    discount_codes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


# mentions_csv.columns: the mentions columns a listening tool's CSV can fill; published_at and text or url required.
MENTIONS_CSV_COLUMNS = (
    "published_at",
    "text",
    "url",
    "author",
    "platform",
    "sentiment",
    "mention_id",
    "language",
    "author_followers",
)
MENTIONS_CSV_DELIMITERS = (",", ";", "\t", "|")
SENTIMENTS = ("positive", "neutral", "negative")


@dataclass(frozen=True)
class MentionsCsv:
    """Any listening tool's mentions CSV, its columns named in the config (sources/generic_mentions.py)."""

    columns: dict[str, str]  # mentions column -> the file's header name
    time_format: str | None = None  # strptime format such as %d/%m/%Y %H:%M; None: ISO 8601
    delimiter: str | None = None  # None: whichever of , ; or tab makes the header hold the mapped names
    sentiment_values: dict[str, tuple[str, ...]] = field(default_factory=dict)  # sentiment -> the tool's spellings


@dataclass(frozen=True)
class ExportStore:
    """Where the exports live when ``exports:`` is ``s3://bucket/prefix``; `social-health fetch` mirrors them."""

    url: str  # s3://bucket or s3://bucket/prefix, without a trailing slash
    bucket: str
    prefix: str  # "" for the whole bucket
    endpoint_url: str | None = None  # an S3-compatible service (R2, MinIO); None: AWS
    region: str | None = None  # None: AWS_REGION / AWS_DEFAULT_REGION from the environment


@dataclass(frozen=True)
class Config:
    path: Path
    brand: Brand
    exports: Path
    warehouse: Path
    timezone: str
    queries: Path
    build: Path
    site: SiteSettings
    publish_remote: str = "origin"
    publish_branch: str = "gh-pages"
    demo: bool = False  # the generated demo: hashes use the public demo key (privacy.DEMO_SALT)
    report: Report = field(default_factory=Report)
    run: RunSettings = field(default_factory=RunSettings)
    memory_limit: str = DEFAULT_MEMORY_LIMIT  # every DuckDB session's (pipeline/warehouse/connect.py)
    # ingest.strict: a file that fails or is unknown fails the whole ingest (exit 1), so the nightly stops there;
    # by default it is listed as not loaded and the report is built from the others.
    ingest_strict: bool = False
    social: SocialAttribution = field(default_factory=SocialAttribution)
    mentions_csv: MentionsCsv | None = None  # the generic mentions CSV's column mapping, when configured
    exports_store: ExportStore | None = None  # set when exports are in an object store; `exports` is then its mirror

    @property
    def root(self) -> Path:
        return self.path.parent

    @property
    def exports_url(self) -> str | None:
        """``s3://bucket/prefix`` when the exports live in an object store, else None (a folder)."""
        return self.exports_store.url if self.exports_store else None


def normalise_handle(handle: str) -> str:
    """How a handle is compared and hashed: trimmed, lower case, without a leading ``@``."""
    return handle.strip().lstrip("@").lower()


def load_config(path: Path | str = DEFAULT_CONFIG) -> Config:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(path, "config file not found; pass --config PATH or run `social-health demo` for an example")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ConfigError(path, f"is not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(raw, dict):
        raise ConfigError(path, "must be a mapping of keys such as brand:, exports:, timezone:")
    _validate(path, raw, SCHEMA, prefix="")
    for key in REQUIRED:
        if key not in raw:
            raise ConfigError(path, f"missing required key '{key}'")
    return _build(path.resolve(), raw)


def _validate(path: Path, raw: dict[str, Any], schema: dict[str, Any], prefix: str) -> None:
    for key, value in raw.items():
        dotted = f"{prefix}{key}"
        if key not in schema:
            near = difflib.get_close_matches(str(key), list(schema), n=1)
            hint = f" (did you mean '{prefix}{near[0]}'?)" if near else ""
            raise ConfigError(path, f"unknown key '{dotted}'{hint}; valid keys here: {', '.join(schema)}")
        expected = schema[key]
        if isinstance(expected, dict):
            if not isinstance(value, dict):
                raise ConfigError(path, f"'{dotted}' must be a mapping with keys {', '.join(expected)}")
            _validate(path, value, expected, prefix=f"{dotted}.")
        elif not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(path, f"'{dotted}' must be a {_TYPE_NAMES[expected]}, got {value!r}")


_TYPE_NAMES = {
    str: "string",
    list: "list",
    dict: "mapping",
    bool: "true or false",
    int: "whole number",
    date: "date like 2026-10-31",
}


def _strings(path: Path, key: str, values: list[Any]) -> tuple[str, ...]:
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise ConfigError(path, f"'{key}' must be a list of non-empty strings")
    return tuple(values)


def _brand(path: Path, raw: dict[str, Any]) -> Brand:
    if "name" not in raw:
        raise ConfigError(path, "missing required key 'brand.name'")
    handles: dict[str, tuple[str, ...]] = {}
    for platform, values in (raw.get("handles") or {}).items():
        if platform not in PLATFORMS:
            raise ConfigError(path, f"unknown platform 'brand.handles.{platform}'; use one of {', '.join(PLATFORMS)}")
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list):
            raise ConfigError(path, f"'brand.handles.{platform}' must be a list of handles")
        handles[platform] = _strings(path, f"brand.handles.{platform}", values)
    return Brand(
        name=raw["name"],
        handles=handles,
        employees=_strings(path, "brand.employees", raw.get("employees", [])),
        partners=_strings(path, "brand.partners", raw.get("partners", [])),
        keywords=_strings(path, "brand.keywords", raw.get("keywords", [])),
    )


def _timezone(path: Path, name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(path, f"'timezone' {name!r} is not an IANA time zone such as Europe/Madrid") from None
    return name


def _report(path: Path, raw: dict[str, Any]) -> Report:
    weights = dict.fromkeys(PILLARS, 1.0)
    for pillar, weight in (raw.get("weights") or {}).items():
        if pillar not in PILLARS:
            near = difflib.get_close_matches(str(pillar), PILLARS, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            raise ConfigError(path, f"unknown pillar 'report.weights.{pillar}'{hint}; pillars: {', '.join(PILLARS)}")
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
            raise ConfigError(path, f"'report.weights.{pillar}' must be a number of 0 or more, got {weight!r}")
        weights[pillar] = float(weight)
    if sum(weights.values()) <= 0:
        raise ConfigError(path, "'report.weights' must give at least one pillar a weight above 0")
    min_n = raw.get("net_sentiment_min_n", 20)
    if min_n < 1:
        raise ConfigError(path, f"'report.net_sentiment_min_n' must be 1 or more, got {min_n}")
    compare = raw.get("compare", "year")
    if compare not in COMPARISONS:
        raise ConfigError(path, f"'report.compare' {compare!r} must be one of {', '.join(COMPARISONS)}")
    return Report(
        period_end=raw.get("period_end"),
        net_sentiment_min_n=min_n,
        weights=weights,
        compare=compare,
        baseline=_baseline(path, raw.get("baseline")),
        targets=_targets(path, raw.get("targets") or {}),
    )


def _baseline(path: Path, raw: dict[str, Any] | None) -> tuple[date, date] | None:
    """``{from: 2024-11, to: 2025-10}``: the first day of the first month and the last day of the last."""
    if raw is None:
        return None
    months = []
    for key in ("from", "to"):
        value = str(raw.get(key, "")).strip()
        match = MONTH.match(value)
        if not match:
            raise ConfigError(path, f"'report.baseline.{key}' must be a month like 2024-11, got {raw.get(key)!r}")
        months.append(date(int(match.group(1)), int(match.group(2)), 1))
    first, last = months
    if last < first:
        raise ConfigError(path, "'report.baseline.to' comes before 'report.baseline.from'; swap them")
    following = date(last.year + last.month // 12, last.month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def _targets(path: Path, raw: dict[str, Any]) -> dict[str, float]:
    """``{care: {response_rate: 0.9}}``: per pillar, a value for some of its score figures."""
    targets: dict[str, float] = {}
    for pillar, figures in raw.items():
        if pillar not in SCORE_FIGURES:
            raise ConfigError(path, f"unknown pillar 'report.targets.{pillar}'; pillars: {', '.join(SCORE_FIGURES)}")
        if not isinstance(figures, dict):
            known = ", ".join(SCORE_FIGURES[pillar])
            raise ConfigError(path, f"'report.targets.{pillar}' must be a mapping of its figures ({known}) to values")
        for figure, value in figures.items():
            if figure not in SCORE_FIGURES[pillar]:
                known = ", ".join(SCORE_FIGURES[pillar])
                raise ConfigError(path, f"unknown figure 'report.targets.{pillar}.{figure}'; {pillar} has: {known}")
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigError(path, f"'report.targets.{pillar}.{figure}' must be a number, got {value!r}")
            targets[figure] = float(value)
    return targets


def _run(path: Path, raw: dict[str, Any]) -> RunSettings:
    for key, value in raw.items():
        if value < 1:
            raise ConfigError(path, f"'run.{key}' must be 1 or more, got {value}")
    return RunSettings(
        max_result_rows=raw.get("max_result_rows"),
        max_result_mb=raw.get("max_result_mb"),
        query_seconds=raw.get("query_seconds"),
    )


def _memory_limit(path: Path, value: str) -> str:
    """``memory_limit: 3GB`` (KB, MB, GB, TB, KiB ... TiB) or ``60%`` of the machine's memory, as DuckDB reads it."""
    match = MEMORY_LIMIT.match(value)
    if match is None:
        raise ConfigError(path, f"'memory_limit' {value!r} must be a size like 3GB, 500MB or 4GiB, or a share like 60%")
    number, unit = float(match.group(1)), match.group(2).lower()
    if unit == "%" and not 1 <= number <= 100:
        raise ConfigError(path, f"'memory_limit' {value!r} must be a share of memory between 1% and 100%")
    if unit != "%" and number * MEMORY_UNITS[unit] < MIN_MEMORY_BYTES:
        raise ConfigError(path, f"'memory_limit' {value!r} is too small for DuckDB to work in; give at least 100MB")
    return value.strip()


def _social(path: Path, raw: dict[str, Any]) -> SocialAttribution:
    social = raw.get("social") or {}
    keys = ("discount_codes", "tags", "sources")
    return SocialAttribution(**{k: _strings(path, f"attribution.social.{k}", social.get(k, [])) for k in keys})


def _mentions_csv(path: Path, raw: dict[str, Any] | None) -> MentionsCsv | None:
    if raw is None:
        return None
    if "columns" not in raw:
        raise ConfigError(path, "missing required key 'mentions_csv.columns' (e.g. {published_at: Date, text: Text})")
    columns: dict[str, str] = {}
    for key, name in raw["columns"].items():
        if key not in MENTIONS_CSV_COLUMNS:
            near = difflib.get_close_matches(str(key), MENTIONS_CSV_COLUMNS, n=1)
            hint = f" (did you mean 'mentions_csv.columns.{near[0]}'?)" if near else ""
            raise ConfigError(
                path,
                f"unknown key 'mentions_csv.columns.{key}'{hint}; valid keys here: " + ", ".join(MENTIONS_CSV_COLUMNS),
            )
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(path, f"'mentions_csv.columns.{key}' must be the name of a column in the file")
        columns[key] = name.strip()
    if "published_at" not in columns:
        raise ConfigError(path, "missing required key 'mentions_csv.columns.published_at' (the column with the time)")
    if "text" not in columns and "url" not in columns:
        raise ConfigError(path, "'mentions_csv.columns' must map 'text' or 'url' (or both)")
    if "url" not in columns and "platform" not in columns:
        raise ConfigError(path, "'mentions_csv.columns' must map 'platform' when it maps no 'url' (the network)")
    time_format = raw.get("time_format")
    if time_format is not None and "%" not in time_format:
        raise ConfigError(path, f"'mentions_csv.time_format' {time_format!r} must be a format like %d/%m/%Y %H:%M")
    delimiter = raw.get("delimiter")
    if delimiter is not None and delimiter not in MENTIONS_CSV_DELIMITERS:
        raise ConfigError(path, f"'mentions_csv.delimiter' {delimiter!r} must be one of , ; \\t |")
    values: dict[str, tuple[str, ...]] = {}
    for sentiment, spellings in (raw.get("sentiment_values") or {}).items():
        if sentiment not in SENTIMENTS:
            valid = ", ".join(SENTIMENTS)
            raise ConfigError(path, f"unknown key 'mentions_csv.sentiment_values.{sentiment}'; valid keys: {valid}")
        key = f"mentions_csv.sentiment_values.{sentiment}"
        values[sentiment] = tuple(v.strip().lower() for v in _strings(path, key, _as_list(spellings)))
    return MentionsCsv(columns=columns, time_format=time_format, delimiter=delimiter, sentiment_values=values)


# The languages the site's own words exist in (pipeline/website/labels.py); Material knows many more.
SITE_LANGUAGES = LANGUAGES


def _language(path: Path, language: str) -> str:
    if language not in SITE_LANGUAGES:
        known = ", ".join(SITE_LANGUAGES)
        raise ConfigError(path, f"site.language '{language}' is not one the report speaks; use one of {known}")
    return language


def _export_store(path: Path, exports: str, options: dict[str, Any] | None) -> ExportStore | None:
    """``exports:`` as an object store URL, or None for a folder (``exports_store`` is then an error)."""
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://", exports)
    if scheme is None:
        if options is not None:
            raise ConfigError(
                path, "'exports_store' is only for exports in an object store (exports: s3://bucket/prefix)"
            )
        return None
    if scheme.group(1).lower() != "s3":
        raise ConfigError(path, f"'exports' {exports!r}: only a folder or s3://bucket/prefix is supported")
    bucket, _, prefix = exports[len("s3://") :].partition("/")
    if not bucket or "?" in exports or "#" in exports:
        raise ConfigError(path, f"'exports' {exports!r} must be s3://bucket or s3://bucket/prefix")
    options = options or {}
    endpoint = options.get("endpoint_url")
    if endpoint is not None and not re.match(r"^https?://[^/\s]+", endpoint):
        raise ConfigError(path, f"'exports_store.endpoint_url' {endpoint!r} must be a URL like https://host:port")
    region = options.get("region")
    if region is not None and not region.strip():
        raise ConfigError(path, "'exports_store.region' must not be empty (e.g. eu-west-1, or auto for R2)")
    prefix = prefix.strip("/")
    url = f"s3://{bucket}/{prefix}" if prefix else f"s3://{bucket}"
    return ExportStore(url=url, bucket=bucket, prefix=prefix, endpoint_url=endpoint, region=region)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _build(path: Path, raw: dict[str, Any]) -> Config:
    root = path.parent
    site = raw.get("site", {})
    brand = _brand(path, raw["brand"])
    build = root / raw.get("build", "build")
    store = _export_store(path, raw["exports"], raw.get("exports_store"))
    return Config(
        path=path,
        brand=brand,
        exports=build / "exports" if store else root / raw["exports"],
        warehouse=root / raw.get("warehouse", "build/warehouse.duckdb"),
        timezone=_timezone(path, raw.get("timezone", "UTC")),
        queries=root / raw.get("queries", "queries"),
        build=build,
        site=SiteSettings(
            title=site.get("title", f"{brand.name} social health"),
            mkdocs=root / site.get("mkdocs", "mkdocs.yml"),
            language=_language(path, site.get("language", "en")),
            site_url=site.get("site_url", ""),
        ),
        publish_remote=raw.get("publish", {}).get("remote", "origin"),
        publish_branch=raw.get("publish", {}).get("branch", "gh-pages"),
        demo=raw.get("demo", False),
        report=_report(path, raw.get("report") or {}),
        run=_run(path, raw.get("run") or {}),
        memory_limit=_memory_limit(path, raw.get("memory_limit", DEFAULT_MEMORY_LIMIT)),
        ingest_strict=(raw.get("ingest") or {}).get("strict", False),
        social=_social(path, raw.get("attribution") or {}),
        mentions_csv=_mentions_csv(path, raw.get("mentions_csv")),
        exports_store=store,
    )
