from __future__ import annotations

import contextlib
import html
import json
import re
import shutil
import subprocess
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from pipeline.config import Config, load_config
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
    return html.unescape(re.sub(r"\\([\\`*_\[\]()!~#])", r"\1", markdown)).replace("\u200b", "")


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
