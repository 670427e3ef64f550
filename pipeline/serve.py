"""`social-health serve`: the report on 127.0.0.1 while an analyst works, rebuilt as queries, pages or config change.

It builds when the site is missing or older than its inputs, then serves it on 127.0.0.1 only (a free port unless
one is given). A change under ``queries/`` or to the config re-runs the queries and rebuilds; a change under
``docs/`` or to ``mkdocs.yml`` rebuilds. Folders are watched with watchfiles; the two files are compared by their
modification time and size at each pass (an editor that saves by replacing the file breaks a watch on it). Requests
are served from a frozen copy of the last good site (hard links: no data is copied), so a rebuild that runs or fails
never shows half a site; a failed one prints its one error line and the last good site stays.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import watchfiles

from pipeline import console
from pipeline.config import Config, load_config
from pipeline.errors import BuildError, ChecksFailed, PipelineError
from pipeline.queries.results import load_manifest
from pipeline.steps import do_build, do_run
from pipeline.website.mkdocs_config import read_mkdocs_config

HOST = "127.0.0.1"  # never another address: the site holds the brand's unpublished figures
POLL_MS = 500  # how often the config and mkdocs.yml are looked at, and how long a batch of changes may settle


@dataclass
class Inputs:
    """What the site is made from: folders watched for changes, files compared at each pass."""

    config_path: Path
    queries: Path
    docs: Path
    mkdocs: Path
    stamps: dict[Path, tuple[int, int]] = field(default_factory=dict)
    snapshot: dict[Path, tuple[int, int]] = field(default_factory=dict)  # the folders' files when serve started

    @classmethod
    def of(cls, config: Config, config_path: Path) -> Inputs:
        mkdocs = read_mkdocs_config(config.site.mkdocs)
        inputs = cls(config_path.absolute(), config.queries, mkdocs.docs, config.site.mkdocs)
        inputs.files_changed()
        inputs.snapshot = inputs.folder_stamps()
        return inputs

    def folder_stamps(self) -> dict[Path, tuple[int, int]]:
        stamps = {}
        for folder in self.folders():
            for path in folder.rglob("*"):
                if path.is_file():
                    stat = path.stat()
                    stamps[path] = (stat.st_mtime_ns, stat.st_size)
        return stamps

    def changed_since_start(self) -> set[Path]:
        """Files of the folders edited (or added, removed) since serve started: what changed while the first build
        ran, before the watcher was watching."""
        now = self.folder_stamps()
        return {p for p in now.keys() | self.snapshot.keys() if now.get(p) != self.snapshot.get(p)}

    def folders(self) -> list[Path]:
        return [p for p in (self.queries, self.docs) if p.is_dir()]

    def files_changed(self) -> set[Path]:
        """The config and mkdocs.yml whose modification time or size moved since the last look."""
        changed = set()
        for path in (self.config_path, self.mkdocs):
            stat = path.stat() if path.is_file() else None
            stamp = (stat.st_mtime_ns, stat.st_size) if stat else (0, 0)
            if self.stamps.get(path) != stamp:
                changed.add(path)
                self.stamps[path] = stamp
        return changed

    def newest(self) -> float:
        files = [f for folder in self.folders() for f in folder.rglob("*") if f.is_file()]
        files += [self.config_path, self.mkdocs]
        return max((f.stat().st_mtime for f in files if f.is_file()), default=0.0)


class SiteCopies:
    """The frozen copies of the site that requests are served from, the newest good one current."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.current: Path | None = None
        self.count = 0
        self.lock = threading.Lock()
        shutil.rmtree(folder, ignore_errors=True)

    def freeze(self, site: Path) -> None:
        """Serve a copy of ``site`` from now on; the copy before the previous one goes (the previous one stays a
        while for the requests that are still reading it)."""
        self.count += 1
        copy = self.folder / str(self.count)
        shutil.copytree(site, copy, copy_function=_link_or_copy)
        with self.lock:
            self.current = copy
        shutil.rmtree(self.folder / str(self.count - 2), ignore_errors=True)

    def serving(self) -> Path:
        with self.lock:
            if self.current is None:
                raise BuildError("no site to serve")
            return self.current


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system: copy
        shutil.copy2(source, target)


class Handler(http.server.SimpleHTTPRequestHandler):
    """Files of the current copy, never cached by the browser (a reload shows the rebuilt page)."""

    def __init__(self, *args: Any, copies: SiteCopies, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(copies.serving()), **kwargs)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve_site(config: Config, config_path: Path, port: int = 0) -> None:
    """Build if needed, serve, rebuild on changes; until Ctrl+C."""
    inputs = Inputs.of(config, config_path)
    copies = SiteCopies(config.build / "serve")
    site = config.build / "site"
    if _needs_build(config, inputs):
        _rebuild(config_path, run_queries=load_manifest(config) is None or _queries_newer(config, inputs))
    if not (site / "index.html").is_file():
        raise BuildError(f"{site}: nothing to serve yet; fix what the line above says and run serve again")
    copies.freeze(site)
    server = http.server.ThreadingHTTPServer((HOST, port), functools.partial(Handler, copies=copies))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://{HOST}:{server.server_address[1]}/"
    console.out.print(f"Serving {url} (Ctrl+C stops it)", highlight=False)
    watched = ", ".join(p.as_posix() for p in (*inputs.folders(), inputs.config_path, inputs.mkdocs))
    console.out.print(f"Rebuilding when these change: {watched}", highlight=False)
    stop = threading.Event()
    try:
        for changes in _changes(inputs, stop):
            run_queries = any(_under(p, inputs.queries) or p == inputs.config_path for p in changes)
            if _rebuild(config_path, run_queries):
                copies.freeze(load_config(config_path).build / "site")
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def _changes(inputs: Inputs, stop: threading.Event) -> Iterable[set[Path]]:
    """Batches of changed paths: the folders' from watchfiles, the two files' from their stamps."""
    first = True
    for batch in watchfiles.watch(
        *inputs.folders(), stop_event=stop, rust_timeout=POLL_MS, yield_on_timeout=True, debounce=POLL_MS
    ):
        changed = {Path(path) for _, path in batch} | inputs.files_changed()
        if first:  # the watcher is watching now: anything edited before it started counts too
            changed |= inputs.changed_since_start()
            first = False
        if changed:
            yield changed


def _rebuild(config_path: Path, run_queries: bool) -> bool:
    """Run (when asked) and build; a failure is one line on stderr and False: the last good site stays served."""
    started = time.perf_counter()
    try:
        config = load_config(config_path)
        if run_queries:
            try:
                do_run(config)
            except ChecksFailed as exc:  # the results are written: the analyst sees them, and the failed checks
                console.err.print(console.labelled("error", "red", str(exc)), highlight=False)
        do_build(config)
    except PipelineError as exc:
        console.err.print(
            console.labelled("error", "red", f"{exc} (still serving the last good site)"), highlight=False
        )
        return False
    console.out.print(f"Rebuilt in {time.perf_counter() - started:.1f} s", highlight=False)
    return True


def _needs_build(config: Config, inputs: Inputs) -> bool:
    index = config.build / "site" / "index.html"
    newest = max(inputs.newest(), config.warehouse.stat().st_mtime if config.warehouse.is_file() else 0.0)
    return not index.is_file() or index.stat().st_mtime < newest


def _queries_newer(config: Config, inputs: Inputs) -> bool:
    """Whether the results are older than the queries, the config or the warehouse."""
    manifest = config.build / "results" / "manifest.json"
    if not manifest.is_file():
        return True
    sources = [inputs.config_path, *(f for f in inputs.queries.rglob("*") if f.is_file())]
    if config.warehouse.is_file():
        sources.append(config.warehouse)
    return manifest.stat().st_mtime < max(f.stat().st_mtime for f in sources)


def _under(path: Path, folder: Path) -> bool:
    return path.absolute().is_relative_to(folder.absolute())
