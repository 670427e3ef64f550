"""`social-health init`: a brand's first config, found out from its exports folder, and what to run next.

It reads the exports folder (every file's format, from its content, as `ingest` does), proposes the brand's own
accounts from the posts exports (the account that published them: a Facebook Page name, an Instagram username, the
X archive's account), writes a commented ``social-health.yml`` that `check` accepts, and prints the next commands.
Every answer can be given by option, so it runs unattended; it asks only on a terminal, and never overwrites a config
without ``--force``. In a folder without queries/ and a site (not a fork of the repository), it copies the project's
own from the checkout this command runs from.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import typer

from pipeline import console, sources
from pipeline.config import PLATFORMS, SITE_LANGUAGES, load_config
from pipeline.errors import ConfigError, ExportError
from pipeline.ingest import SYMLINK_REFUSED, ingest, list_export_files
from pipeline.sources.probe import probe_file
from pipeline.sources.skip import skip_reason, skip_reason_from_content
from pipeline.warehouse.connect import Resources, connect

PROJECT_FILES = ("queries", "docs", "mkdocs.yml")  # what a brand's folder needs beside its config and exports
DEFAULT_TIMEZONE = "UTC"
# The posts exports' account column names the brand's own account on these formats (not hashed: it is the brand).
ACCOUNT_PLATFORMS = ("facebook", "instagram", "x", "linkedin")


@dataclass(frozen=True)
class Answers:
    brand: str | None = None
    timezone: str | None = None
    handles: str | None = None  # "instagram=acme.es,x=acme"
    exports: Path | None = None
    language: str | None = None


@dataclass
class Survey:
    """What the exports folder says before anything is configured."""

    formats: Counter[str] = field(default_factory=Counter)  # format -> files
    unknown: list[str] = field(default_factory=list)  # files no format recognises, with what is near
    handles: dict[str, list[str]] = field(default_factory=dict)  # platform -> accounts publishing the posts exports
    locale: str | None = None  # the language of localised exports' headers, when they have one


def init_project(config_path: Path, answers: Answers, ask: bool, force: bool) -> Path:
    """Write the config at ``config_path``; returns it. ``ask``: prompt for what is missing, on a terminal only."""
    config_path = config_path.absolute()
    if config_path.exists() and not force:
        raise ConfigError(config_path, "already exists; keep it, or pass --force to write a new one over it")
    folder = config_path.parent
    exports = (answers.exports or Path("exports")).expanduser()
    exports = exports if exports.is_absolute() else Path.cwd() / exports
    interactive = ask and sys.stdin.isatty()
    survey = survey_exports(exports)
    _print_survey(exports, survey)
    brand = answers.brand or _ask(interactive, "The brand's name", _brand_guess(survey))
    if not brand:
        raise ConfigError(config_path, "needs the brand's name: pass --brand NAME")
    handles = parse_handles(answers.handles) if answers.handles is not None else survey.handles
    if answers.handles is None and interactive:
        handles = parse_handles(_ask(True, "The brand's own accounts (platform=name,...)", _handles_text(handles)))
    timezone = answers.timezone or _ask(interactive, "Time zone (IANA, e.g. Europe/Madrid)", DEFAULT_TIMEZONE)
    if not answers.timezone and not interactive:
        console.out.print(f"time zone: {timezone} (pass --timezone ZONE for the brand's own)", highlight=False)
    guess = survey.locale if survey.locale in SITE_LANGUAGES else "en"
    language = answers.language or _ask(interactive, "The site's language (en, es, it)", guess)
    copied = _project_files(folder)
    text = config_text(brand, handles, _relative(exports, folder), timezone, language, survey)
    _write_checked(config_path, text)
    exports.mkdir(parents=True, exist_ok=True)
    _print_next(config_path, copied, survey)
    return config_path


def survey_exports(exports: Path) -> Survey:
    survey = Survey()
    if not exports.is_dir():
        return survey
    locales: Counter[str] = Counter()
    posts_files = []
    for path in list_export_files(exports):
        if path.is_symlink():
            survey.unknown.append(f"{path.relative_to(exports).as_posix()}: {SYMLINK_REFUSED}")
            continue
        if skip_reason(path, exports):
            continue
        try:
            probe = sources.pick_sheet(probe_file(path))
        except ExportError as exc:  # a damaged container, a bomb, text in no known encoding
            survey.unknown.append(f"{path.relative_to(exports).as_posix()}: {str(exc).split(': ', 1)[-1]}")
            continue
        if skip_reason_from_content(probe):
            continue
        adapter = sources.detect(probe)
        if adapter is None:
            survey.unknown.append(f"{path.relative_to(exports).as_posix()}: {sources.unknown_format(probe)}")
            continue
        survey.formats[adapter.name] += 1
        if adapter.table == "posts":
            posts_files.append(path)
    if posts_files:
        survey.handles, found_locales = _accounts(exports, posts_files)
        locales.update(found_locales)
    survey.locale = locales.most_common(1)[0][0] if locales else None
    return survey


def _accounts(exports: Path, files: list[Path]) -> tuple[dict[str, list[str]], list[str]]:
    """The accounts that published the posts exports, by platform, read by loading just those files (with a
    throwaway key: nothing of it is kept) into a temporary warehouse; and the exports' locales."""
    with tempfile.TemporaryDirectory(prefix="social-health-init-") as tmp:
        folder = Path(tmp)
        for path in files:
            target = folder / "exports" / path.relative_to(exports)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            for sibling in ("account.js", "manifest.js"):  # what an X archive's tweets file is read with
                if (path.parent / sibling).is_file():
                    shutil.copy2(path.parent / sibling, target.parent / sibling)
        config = folder / "social-health.yml"
        config.write_text(
            "brand: {name: init}\nexports: exports/\nwarehouse: w.duckdb\ntimezone: UTC\n", encoding="utf-8"
        )
        loaded = load_config(config)
        report = ingest(loaded, secrets.token_hex(16))
        con = connect(report.warehouse, Resources.of(loaded), read_only=True)
        try:
            rows = con.execute(
                "SELECT platform, account, count(*) AS posts FROM posts WHERE account IS NOT NULL"
                " AND NOT starts_with(account, 'p_') GROUP BY ALL ORDER BY posts DESC, account"
            ).fetchall()
            found = con.execute("SELECT locale FROM load_log WHERE locale IS NOT NULL").fetchall()
            locales = [str(loc) for (loc,) in found]
        finally:
            con.close()
    handles: dict[str, list[str]] = {}
    for platform, account, _ in rows:
        if platform in ACCOUNT_PLATFORMS and account.strip():
            handles.setdefault(str(platform), []).append(str(account).strip())
    return handles, locales


def parse_handles(text: str) -> dict[str, list[str]]:
    """``instagram=acme.es,x=acme,x=acme_help`` -> {"instagram": ["acme.es"], "x": ["acme", "acme_help"]}."""
    handles: dict[str, list[str]] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        platform, sep, name = item.partition("=")
        platform, name = platform.strip().lower(), name.strip()
        if not sep or not name:
            raise ConfigError("--handles", f"{item!r}: write PLATFORM=NAME, e.g. instagram=acme.es")
        if platform not in PLATFORMS:
            raise ConfigError("--handles", f"{platform!r} is not a platform; use one of {', '.join(PLATFORMS)}")
        handles.setdefault(platform, []).append(name)
    return handles


def _handles_text(handles: dict[str, list[str]]) -> str:
    return ",".join(f"{platform}={name}" for platform, names in handles.items() for name in names)


def _brand_guess(survey: Survey) -> str:
    """A Facebook Page's name is usually the brand's."""
    return (survey.handles.get("facebook") or [""])[0]


def _ask(interactive: bool, question: str, default: str) -> str:
    if not interactive:
        return default
    return str(typer.prompt(question, default=default or None, show_default=bool(default))).strip()


def _relative(path: Path, folder: Path) -> str:
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix() + "/"
    except ValueError:
        return path.resolve().as_posix()


def _flow(value: object) -> str:
    """A YAML flow value, whatever the text holds (JSON is YAML)."""
    return json.dumps(value, ensure_ascii=False)


def config_text(
    brand: str, handles: dict[str, list[str]], exports: str, timezone: str, language: str, survey: Survey
) -> str:
    found = ", ".join(f"{n} {name}" for name, n in sorted(survey.formats.items())) or "no export yet"
    proposed = "proposed from the accounts that published the posts exports: check them" if survey.handles else ""
    return f"""\
# social-health.yml for {brand}, written by `social-health init`. README.md ("Your brand's config") explains every
# key; `social-health check` validates this file. Relative paths resolve against this file's folder.
brand:
  name: {_flow(brand)}
  # The brand's own accounts, per platform{"; " + proposed if proposed else ""}.
  # Platforms: {", ".join(PLATFORMS)}.
  handles: {_flow(handles)}
  employees: []                   # handles of staff, any platform
  partners: []                    # paid creators and agencies
  keywords: {_flow([brand])}
# The platforms' export files as downloaded, any layout, any depth; or s3://bucket/prefix (docs/reference/exports.md).
# Found: {found}.
exports: {_flow(exports)}
warehouse: build/warehouse.duckdb
timezone: {_flow(timezone)}           # IANA name; local times without an offset are read in it
site:
  title: {_flow(f"{brand} social health")}
  mkdocs: mkdocs.yml
  language: {_flow(language)}                  # en, es or it
# Optional (README.md): report: {{period_end, weights, compare, baseline, targets}}, attribution: {{social: ...}},
#   mentions_csv: {{columns: ...}} for a listening tool's CSV of another layout, publish: {{remote, branch}}.
"""


def _write_checked(path: Path, text: str) -> None:
    """Write the config only once it loads: a wrong time zone or language is said before anything is written."""
    trial = path.with_name(f".{path.name}.init")
    trial.write_text(text, encoding="utf-8")
    try:
        load_config(trial)
    except ConfigError as exc:
        trial.unlink()
        raise ConfigError(path, str(exc).split(": ", 1)[-1]) from None
    os.replace(trial, path)


def _project_files(folder: Path) -> list[str]:
    """Copy queries/, docs/ and mkdocs.yml from this checkout into a folder that has none (a fork has them)."""
    missing = [name for name in PROJECT_FILES if not (folder / name).exists()]
    if not missing:
        return []
    source = Path(__file__).resolve().parents[1]
    if not all((source / name).exists() for name in PROJECT_FILES) or source == folder.resolve():
        raise ConfigError(folder, f"has no {', '.join(missing)}; run init in a fork of the social-health repository")
    for name in missing:
        if (source / name).is_dir():
            shutil.copytree(source / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source / name, folder / name)
    return missing


def _print_survey(exports: Path, survey: Survey) -> None:
    if not survey.formats and not survey.unknown:
        console.out.print(f"No export in {exports} yet.", highlight=False)
    for name, count in sorted(survey.formats.items()):
        console.out.print(f"found: {count} {name} file(s)", highlight=False)
    for line in survey.unknown:
        console.err.print(console.labelled("unknown", "yellow", line), highlight=False)
    for platform, names in survey.handles.items():
        console.out.print(f"the posts exports are published by {platform}: {', '.join(names)}", highlight=False)


def _print_next(config_path: Path, copied: list[str], survey: Survey) -> None:
    from pipeline.checkup import exports_coverage

    config = load_config(config_path)
    if copied:
        console.out.print(f"Copied {', '.join(copied)} from the social-health project (edit them here).")
    console.out.print(f"Wrote {config_path}", highlight=False)
    console.pillars_fed(exports_coverage(config, survey.formats))
    flag = "" if config_path.name == "social-health.yml" and config_path.parent == Path.cwd() else f" -c {config_path}"
    console.out.print(
        "Next:\n"
        "  export SOCIAL_HEALTH_SALT=\"$(python -c 'import secrets; print(secrets.token_urlsafe(32))')\""
        "   # keep it for good\n"
        f"  social-health check{flag}\n"
        f"  social-health ingest{flag} && social-health run{flag} && social-health build{flag}\n"
        f"  social-health serve{flag}   # the site on http://127.0.0.1, rebuilt as you edit",
        highlight=False,
    )
