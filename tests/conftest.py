from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import subprocess
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from pipeline.config import Config, load_config
from pipeline.demo.generate import write_exports
from pipeline.ingest import IngestReport, ingest
from pipeline.warehouse.schema import ALL_TABLES

CASES = Path(__file__).parent / "cases"
TEST_SALT = "test-salt-0123456789abcdef"

CONFIG = """\
brand:
  name: Acme
  handles: {x: [acme], instagram: [acme.es], facebook: [Acme], linkedin: [acme]}
  employees: [ana_at_acme]
  partners: [influencer_x]
  keywords: [acme]
exports: exports/
warehouse: build/warehouse.duckdb
timezone: Europe/Madrid
"""


def as_read(markdown: str) -> str:
    """GitHub Markdown as a reader sees it: backslash escapes, character references and zero-width spaces undone."""
    return html.unescape(re.sub(r"\\([\\`*_\[\]()!~#$])", r"\1", markdown)).replace("\u200b", "")


def readable_text(path: Path) -> str:
    """A published file's text as any reader could decode it (character references, JSON and URL escapes undone),
    lower-cased: what a scan for people's handles, emails and phone numbers must search."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".json":
        with contextlib.suppress(ValueError):  # not JSON after all: scan it as it is
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return urllib.parse.unquote(html.unescape(text)).lower()


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data-src", "poster", "background"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


class _LiveThings(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            link = re.sub(r"[\x00-\x20]", "", value or "").lower()  # browsers ignore controls and spaces here
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            elif name in URL_ATTRIBUTES and link.startswith(BAD_SCHEMES):
                self.found.append(f"<{tag} {name}={value!r}>")


def live_scripts_and_links(page: str) -> list[str]:
    """Event-handler attributes and javascript:, vbscript: or data: URLs in an HTML page (attributes decoded)."""
    parser = _LiveThings()
    parser.feed(page)
    return parser.found


def pytest_report_header() -> str:
    return f"duckdb {duckdb.__version__}"


@pytest.fixture(scope="session")
def demo_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's exports (pipeline/demo), written once per test process: read them, or copy them before a change."""
    folder = tmp_path_factory.mktemp("demo-exports") / "exports"
    write_exports(folder)
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder with the Acme config and an empty exports/ folder."""
    (tmp_path / "exports").mkdir()
    (tmp_path / "social-health.yml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def ingest_cases(project: Path, *names: str) -> tuple[Config, IngestReport, duckdb.DuckDBPyConnection]:
    """Copy files or folders from tests/cases into the project's exports and ingest them."""
    for name in names:
        source = CASES / name
        target = project / "exports" / Path(name).name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy(source, target)
    config = load_config(project / "social-health.yml")
    report = ingest(config, TEST_SALT)
    return config, report, duckdb.connect(str(config.warehouse), read_only=True)


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, object]]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def small_warehouse(project: Path, posts: list[tuple[str, str, str, int]]) -> Path:
    """A warehouse with the contract's tables (empty) and ``posts`` rows (platform, post_id, published_at, likes)."""
    (project / "build").mkdir(exist_ok=True)
    con = duckdb.connect(str(project / "build" / "warehouse.duckdb"))
    for table in ALL_TABLES.values():
        con.execute(table.ddl())
    con.executemany(
        "INSERT INTO posts (platform, post_id, published_at, likes, source_file) VALUES (?, ?, ?, ?, 'f')", posts
    )
    con.close()
    return project / "social-health.yml"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


def repository_with_origin(project: Path, remote: Path, message: str) -> None:
    """``project``'s files committed on ``main`` and pushed to ``remote``, a new bare repository (GitHub's stand-in)."""
    git(remote.parent, "init", "-q", "--bare", str(remote))
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "-c", "user.name=dev", "-c", "user.email=dev@example.org", "commit", "-qm", message)
    git(project, "remote", "add", "origin", str(remote))
    git(project, "push", "-q", "origin", "main")


# Stand-in for GitHub's CLI, which cannot reach GitHub from a test: every call is appended to $GH_CALLS.
# `issue list` prints the file $GH_ISSUES, `pr view` the PR's head commit $GH_HEAD, `api .../comments` (GET) the id of
# an earlier diff comment $GH_COMMENT, and `run download RUN --name NAME --dir DIR` copies the folder $GH_ARTIFACT into
# DIR (it fails, as gh does, when the run has no such artifact: $GH_ARTIFACT unset).
FAKE_GH = """#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$GH_CALLS"
case "$1 $2" in
  "issue list") cat "$GH_ISSUES" ;;
  "pr view") echo "$GH_HEAD" ;;
  "api repos/"*) [ -n "${GH_COMMENT:-}" ] && echo "$GH_COMMENT" ;;
  "run download")
    [ -n "${GH_ARTIFACT:-}" ] || { echo "no valid artifacts found to download" >&2; exit 1; }
    mkdir -p "$7" && cp -R "$GH_ARTIFACT/." "$7/" ;;
esac
exit 0
"""


def fake_gh(folder: Path, **env: str) -> dict[str, str]:
    """An environment whose PATH finds the stand-in `gh`, recording its calls in ``folder``/calls.txt."""
    bin_dir = folder / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    (folder / "calls.txt").write_text("", encoding="utf-8")
    path = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
    return os.environ | {"PATH": path, "GH_CALLS": str(folder / "calls.txt"), "GH_REPO": "acme/social", **env}


def gh_calls(folder: Path) -> list[str]:
    return (folder / "calls.txt").read_text(encoding="utf-8").splitlines()


# The tags a rendered issue or comment may hold: its own layout. Anything else (a, img, em, script…) came from text.
LAYOUT_TAGS = {"p", "h2", "h3", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "code"}
# What GitHub, or a linkifier such as an email client's, would turn into a notification or a link in shown text.
LIVE_TEXT = {
    "mention": r"(?<![\w`])@[A-Za-z0-9]",
    "issue reference": r"(?<![\w&])#\d|\bGH-\d",
    "URL": r"[A-Za-z][A-Za-z0-9+.-]*:/{2}",
    "www": r"\bwww\.",
    "domain or email": r"[A-Za-z0-9-]\.[A-Za-z]{2,}",
}


def live_markup(markdown: str) -> list[str]:
    """What in ``markdown`` would be live on GitHub: rendered by cmark-gfm (GitHub's own parser, raw HTML allowed
    through so that none can hide) and by markdown-it-py with linkify (it links bare domains too), every tag beyond
    the layout's, and every mention, reference, URL or domain left in the text a reader sees."""
    import html

    import cmarkgfm
    from cmarkgfm.cmark import Options
    from markdown_it import MarkdownIt

    linkify = MarkdownIt("commonmark", {"linkify": True, "html": True}).enable(["linkify", "table", "strikethrough"])
    rendered = {
        "cmark-gfm": cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE),
        "markdown-it+linkify": linkify.render(markdown),
    }
    problems = []
    for renderer, out in rendered.items():
        tags = set(re.findall(r"<\s*([A-Za-z][A-Za-z0-9-]*)", out)) - LAYOUT_TAGS
        problems += [f"{renderer}: <{tag}>" for tag in sorted(tags)]
        shown = html.unescape(re.sub(r"<[^>]*>", " ", out))
        for what, pattern in LIVE_TEXT.items():
            problems += [f"{renderer}: {what} {m.group(0)!r}" for m in re.finditer(pattern, shown)][:3]
    return problems
