"""`social-health serve` as an analyst uses it: a real process serving on 127.0.0.1, a real HTTP client, real edits.

The brand is the listening-only fixture brand of test_first_day (its own copy of queries/ and docs/). An edit of a
query header shows on its page after a rebuild; a broken query prints its error line while the last good site stays
served; an edit of a hand-written page rebuilds the site without re-running the queries.
"""

from __future__ import annotations

import os
import queue
import re
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import TEST_SALT
from test_first_day import LISTENING_ONLY, SOCIAL_HEALTH, brand_folder, social_health

pytestmark = pytest.mark.slow  # builds a site and rebuilds it several times
WAIT = (
    120.0  # seconds a change may take to show; the figure printed below is what it took (benchmarks time, tests wait)
)


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str
    folder: Path
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            assert response.status == 200
            return str(response.read().decode("utf-8"))


def _drain(stream: object, into: list[str], lines: queue.Queue[str] | None) -> None:
    for line in iter(stream.readline, ""):  # type: ignore[attr-defined]
        into.append(line)
        if lines is not None:
            lines.put(line)


def wait_for(condition: Callable[[], bool], what: str) -> float:
    started = time.monotonic()
    while time.monotonic() - started < WAIT:
        if condition():
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"not within {WAIT:.0f} s: {what}")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    folder = brand_folder(tmp_path / "brand", LISTENING_ONLY)
    social_health("ingest", cwd=folder)  # serve runs and builds by itself: the site does not exist yet
    process = subprocess.Popen(
        [SOCIAL_HEALTH, "serve"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "SOCIAL_HEALTH_SALT": TEST_SALT},
    )
    lines: queue.Queue[str] = queue.Queue()
    out: list[str] = []
    err: list[str] = []
    threading.Thread(target=_drain, args=(process.stdout, out, lines), daemon=True).start()
    threading.Thread(target=_drain, args=(process.stderr, err, None), daemon=True).start()
    try:
        url = ""
        deadline = time.monotonic() + WAIT
        while not url and time.monotonic() < deadline and process.poll() is None:
            try:
                found = re.search(r"Serving (http://127\.0\.0\.1:\d+/)", lines.get(timeout=1))
            except queue.Empty:
                continue
            url = found.group(1) if found else ""
        assert url, f"serve did not start: {''.join(out)}{''.join(err)}"
        yield Server(process, url, folder, out, err)
    finally:
        process.terminate()  # the process this test started, by its handle
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_serve_builds_the_site_when_there_is_none_and_serves_it(server: Server) -> None:
    assert "Net sentiment of authentic mentions" in server.get("pillars/reputation/")
    assert any("Site built:" in line for line in server.stdout)  # built when needed: there was no site yet
    assert "Not measured yet" in server.get("pillars/care/")


def test_an_edited_header_shows_on_its_page_and_a_broken_query_keeps_the_last_good_site(server: Server) -> None:
    assert "Net sentiment of authentic mentions" in server.get("pillars/reputation/")
    path = server.folder / "queries" / "reputation" / "net_sentiment_weekly.sql"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("title: Net sentiment of authentic mentions", "title: Net sentiment, as written"))
    took = wait_for(lambda: "Net sentiment, as written" in server.get("pillars/reputation/"), "the new title")
    print(f"an edited query header showed on its page after {took:.1f} s")

    path.write_text(good.replace("title: Net sentiment of authentic mentions", "title: [broken"))
    wait_for(lambda: any("error:" in line for line in server.stderr), "the error line of the failed rebuild")
    error = next(line for line in server.stderr if "error:" in line)
    assert "net_sentiment_weekly.sql" in error and "still serving the last good site" in error
    assert "Net sentiment, as written" in server.get("pillars/reputation/")  # the last good site, whole
    assert server.process.poll() is None  # and serve goes on

    path.write_text(good)
    wait_for(lambda: "Net sentiment of authentic mentions" in server.get("pillars/reputation/"), "the fixed query")


def test_an_edited_page_rebuilds_without_running_the_queries(server: Server) -> None:
    manifest = server.folder / "build" / "results" / "manifest.json"
    ran = manifest.stat().st_mtime_ns
    page = server.folder / "docs" / "this-month.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA line written while the site was served.\n")
    wait_for(lambda: "A line written while the site was served." in server.get("this-month/"), "the edited page")
    assert manifest.stat().st_mtime_ns == ran


def test_serve_listens_on_loopback_only(server: Server) -> None:
    port = int(server.url.rsplit(":", 1)[1].strip("/"))
    assert server.url.startswith("http://127.0.0.1:")
    others = subprocess.run(["hostname", "-I"], capture_output=True, text=True, check=False).stdout.split()
    addresses = [a for a in others if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", a) and not a.startswith("127.")]
    for address in addresses:  # this machine's other addresses: nothing listens there
        with pytest.raises(OSError), socket.create_connection((address, port), timeout=2):
            pass
    with pytest.raises(urllib.error.HTTPError):
        server.get("no-such-page/")
