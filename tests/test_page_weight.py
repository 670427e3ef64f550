"""Page weight of the built demo site: plotly.js is one self-hosted file fetched once, and every page stays light.

A page's own weight is its HTML plus the chart JSON it loads (``data-src``, relative to the site root); the shared
files (Material's bundle, plotly.js, charts.js) are cached once per site and counted apart. `pytest -s` prints the
figures.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import pytest

pytestmark = pytest.mark.slow  # builds the demo site

ROOT = Path(__file__).parents[1]
PAGE_BUDGET = 500_000  # bytes: a page's HTML and its chart JSON together
# plotly.js's licence banner, e.g. "* plotly.js (basic - minified) v4.1.1" or "* plotly.js v4.1.1"
BANNER = re.compile(rb"^\s*/\*\*?\s*\*?\s*plotly\.js\b[^\n]*\bv\d+\.\d+\.\d+", re.MULTILINE)


class PageRefs(HTMLParser):
    """The <script src> values and the chart containers' data-src values of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.charts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.scripts.append(str(values["src"]))
        if values.get("data-src") and "sh-chart" in (values.get("class") or "").split():
            self.charts.append(str(values["data-src"]))


@dataclass(frozen=True)
class Page:
    path: Path  # the HTML file
    html: bytes
    refs: PageRefs


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("weight-demo")
    command = [str(Path(sys.executable).parent / "social-health"), "demo", "--dir", str(folder)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"social-health demo failed:\n{done.stdout[-2000:]}\n{done.stderr}"
    return folder / "site"


@pytest.fixture(scope="module")
def pages(site: Path) -> list[Page]:
    found = []
    for path in sorted(site.rglob("*.html")):
        html = path.read_bytes()
        refs = PageRefs()
        refs.feed(html.decode("utf-8"))
        found.append(Page(path, html, refs))
    assert len(found) > 5
    return found


def site_path(site: Path, page: Path, src: str) -> PurePosixPath:
    """A relative <script src> of ``page`` as a path from the site root (``assets/javascripts/x.js``)."""
    assert "://" not in src and not src.startswith("//"), f"{page.relative_to(site)} loads {src} from elsewhere"
    # root-relative ("/assets/...", as MkDocs writes on 404.html) or relative to the page's folder
    parts: list[str] = [] if src.startswith("/") else list(page.parent.relative_to(site).parts)
    for part in PurePosixPath(src.split("?")[0]).parts:
        if part == "/":
            continue
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return PurePosixPath(*parts)


def bundles(site: Path) -> list[Path]:
    """Every file of the site that is a plotly.js build, whatever its name."""
    return [p for p in sorted(site.rglob("*.js")) if BANNER.search(p.read_bytes()[:400])]


def test_one_plotly_bundle_per_site_loaded_by_every_page_from_one_url(site: Path, pages: list[Page]) -> None:
    found = bundles(site)
    assert len(found) == 1, f"plotly.js files in the site: {[str(p.relative_to(site)) for p in found]}"
    bundle = PurePosixPath(found[0].relative_to(site).as_posix())
    print(f"\nplotly bundle: {bundle} {found[0].stat().st_size:,} bytes")
    for page in pages:
        loaded = [site_path(site, page.path, s) for s in page.refs.scripts]
        plotly = [p for p in loaded if (site / p).is_file() and BANNER.search((site / p).read_bytes()[:400])]
        assert plotly == [bundle], f"{page.path.relative_to(site)} loads plotly as {plotly}, expected [{bundle}]"


def test_no_page_inlines_plotly(site: Path, pages: list[Page]) -> None:
    for page in pages:
        name = page.path.relative_to(site)
        assert b"Plotly.newPlot" not in page.html, f"{name} draws a chart inline"
        assert not BANNER.search(page.html), f"{name} holds a copy of plotly.js"


def test_every_page_with_its_chart_json_stays_under_500_kb(site: Path, pages: list[Page]) -> None:
    weights = {}
    for page in pages:
        charts = [site / src for src in page.refs.charts]
        missing = [str(c.relative_to(site)) for c in charts if not c.is_file()]
        assert missing == [], f"{page.path.relative_to(site)} points at missing chart JSON {missing}"
        weights[page.path.relative_to(site).as_posix()] = (
            len(page.html) + sum(c.stat().st_size for c in charts),
            len(charts),
        )
    heaviest = sorted(weights.items(), key=lambda item: -item[1][0])
    print(f"\n{len(weights)} pages; heaviest (HTML + chart JSON):")
    for name, (size, n) in heaviest[:5]:
        print(f"  {size:>9,} bytes  {name} ({n} charts)")
    over = {name: size for name, (size, _) in heaviest if size > PAGE_BUDGET}
    assert over == {}, f"pages over {PAGE_BUDGET:,} bytes: {over}"
