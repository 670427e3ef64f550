"""The built report site in real headless Chromium: what a reader sees, on a laptop and on a phone.

Each test opens pages of a site served over HTTP (see conftest.py) and checks behaviour that only a browser shows:
charts drawn by plotly.js, the palette toggle, downloads, Material's version selector, escaping, layout width.
"""

from __future__ import annotations

import csv
import json
import math
import re
from typing import Literal

import duckdb
import hostile
import pytest
from conftest import readable_text
from playwright.sync_api import Browser, Page, ViewportSize

from pipeline.pillars import PILLARS
from pipeline.queries import discover
from pipeline.website.charts import rolling

from .conftest import (
    DESKTOP,
    FORMULA_MENTION,
    HOSTILE_FILE,
    HOSTILE_MENTION,
    HOSTILE_TITLE,
    PHONE,
    PUBLISHED_MONTHS,
    ROOT,
    SCREENSHOTS,
    Served,
    Tab,
    open_tab,
    wait_for_charts,
)

ROOT_QUERIES = ROOT / "queries"
pytestmark = pytest.mark.slow  # builds and serves demo sites, opens a browser; part of the whole suite

OVERVIEW = ""
PILLAR = "pillars/word_of_mouth/"
# The generated pages of the contract (docs/ may add hand-written ones).
GENERATED = (
    OVERVIEW,
    *(f"pillars/{pillar.id}/" for pillar in PILLARS),
    "stopped-measuring/",
    "methodology/",
    "data-quality/",
)


def visit(page: Page, site: Served, path: str) -> None:
    response = page.goto(site.url + path)
    assert response is not None and response.ok, f"{path or '/'}: HTTP {response.status if response else 'none'}"
    wait_for_charts(page)


def chart_states(page: Page) -> list[dict[str, object]]:
    states: list[dict[str, object]] = page.evaluate(
        """() => [...document.querySelectorAll('.sh-chart')].map(el => ({
              id: el.id, state: el.dataset.shState, svgs: el.querySelectorAll('.main-svg').length,
              traces: (el.data || []).length, role: el.getAttribute('role'), label: el.getAttribute('aria-label'),
              text: el.classList.contains('sh-chart-error') ? el.textContent : ''}))"""
    )
    return states


def test_overview_tiles_and_pillar_charts_render(demo_site: Served, tab: Tab) -> None:
    visit(tab.page, demo_site, OVERVIEW)
    tiles = tab.page.locator(".sh-tile")
    assert tiles.count() >= 5, "the overview shows a tile per headline metric"
    for index in range(tiles.count()):
        assert tiles.nth(index).is_visible()
        assert tiles.nth(index).locator(".sh-tile-value").inner_text().strip()
    for path in (OVERVIEW, PILLAR):
        visit(tab.page, demo_site, path)
        charts = chart_states(tab.page)
        if path == PILLAR:
            assert charts, f"{path}: no chart on the page"
        for chart in charts:
            assert chart["state"] == "drawn" and chart["svgs"] and chart["traces"], f"{path}: {chart}"
            # plotly must not strip the accessible name the generator gave the container
            assert chart["role"] == "img" and str(chart["label"] or "").strip(), f"{path}: {chart}"


def test_charts_draw_after_instant_navigation(demo_site: Served, tab: Tab) -> None:
    page = tab.page
    visit(page, demo_site, OVERVIEW)
    page.evaluate("window.__sameDocument = true")  # survives only if Material swaps the page in place
    article = page.locator("article").first.element_handle()
    page.locator(f'.md-sidebar--primary a[href$="{PILLAR}"]').first.click()
    page.wait_for_url(demo_site.url + PILLAR)
    page.wait_for_function("old => !old.isConnected", arg=article)  # the new page's content is in
    wait_for_charts(page)
    assert page.evaluate("window.__sameDocument") is True, "the click reloaded the page: instant navigation is off"
    charts = chart_states(page)
    assert charts and all(c["state"] == "drawn" and c["svgs"] for c in charts), charts
    article = page.locator("article").first.element_handle()
    page.go_back()
    page.wait_for_url(demo_site.url + OVERVIEW)
    page.wait_for_function("old => !old.isConnected", arg=article)
    wait_for_charts(page)
    assert all(c["state"] == "drawn" and c["svgs"] for c in chart_states(page))
    assert tab.problems.exceptions == []


def test_no_page_logs_an_error_or_leaves_the_machine(demo_site: Served, tab: Tab) -> None:
    pages = demo_site.pages()
    missing = [p for p in GENERATED if p not in pages]
    assert missing == [], f"generated pages missing from the site: {missing}"
    # Material's version selector asks for ../versions.json, which only the mike branch has (tested below).
    unversioned = (f"[{demo_site.url}versions.json]",)
    problems: dict[str, list[str]] = {}
    for path in pages:
        tab.problems.clear()
        visit(tab.page, demo_site, path)
        tab.page.wait_for_load_state("networkidle")
        errors = [f"chart {c['id']}: {c['text']}" for c in chart_states(tab.page) if c["state"] == "error"]
        errors += tab.problems.all(allowed=unversioned)
        if errors:
            problems[path or "/"] = errors
    assert problems == {}, "\n".join(f"{path}: {error}" for path, errors in problems.items() for error in errors)


def rgb(colour: str) -> tuple[float, float, float]:
    """'rgb(1, 2, 3)', 'rgba(1, 2, 3, 0.5)' or '#rrggbb[aa]' -> (r, g, b)."""
    if colour.startswith("#"):
        numbers = [float(int(colour[i : i + 2], 16)) for i in (1, 3, 5)]
    else:
        numbers = [float(n) for n in re.findall(r"[\d.]+", colour)[:3]]
    return numbers[0], numbers[1], numbers[2]


def lightness(colour: str) -> float:
    return sum(rgb(colour)) / 3


CHART_COLOURS = """el => ({
    font: el._fullLayout.font.color,
    grid: el._fullLayout.xaxis.gridcolor,
    tick: getComputedStyle(el.querySelector('.xtick text')).fill,
    paper: el._fullLayout.paper_bgcolor,
})"""


def test_the_dark_toggle_rethemes_a_chart(demo_site: Served, tab: Tab) -> None:
    page = tab.page
    visit(page, demo_site, PILLAR)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    chart = page.locator(".sh-chart.js-plotly-plot").first
    light = chart.evaluate(CHART_COLOURS)

    page.locator('form[data-md-component="palette"] label:not([hidden])').click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    page.wait_for_function(
        "([el, before]) => el._fullLayout.font.color !== before", arg=[chart.element_handle(), light["font"]]
    )
    dark = chart.evaluate(CHART_COLOURS)
    assert lightness(dark["font"]) > lightness(light["font"]) + 100, (light, dark)  # light text on a dark page
    assert lightness(dark["tick"]) > lightness(light["tick"]) + 100, "the drawn svg text follows the font colour"
    assert dark["grid"] != light["grid"]
    assert re.sub(r"\s", "", dark["paper"]) == "rgba(0,0,0,0)", "charts keep a transparent background"

    page.locator('form[data-md-component="palette"] label:not([hidden])').click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
    page.wait_for_function(
        "([el, before]) => el._fullLayout.font.color !== before", arg=[chart.element_handle(), dark["font"]]
    )
    assert chart.evaluate(CHART_COLOURS)["font"] == light["font"]


TRACES = """el => el._fullData.map(t => ({
    name: t.name, meta: t.meta || {}, x: Array.from(t.x, String),
    y: Array.from(t.y, v => v === null ? null : Number(v))}))"""


def same_x(csv_value: str, drawn: str) -> bool:
    strip = re.compile(r"[T ]00:00:00(\.0+)?$")
    return strip.sub("", csv_value) == strip.sub("", drawn)


def same_y(expected: float | None, drawn: float | None) -> bool:
    if expected is None or drawn is None or (isinstance(drawn, float) and math.isnan(drawn)):
        return expected is None and (drawn is None or math.isnan(drawn))
    return math.isclose(expected, drawn, rel_tol=1e-9, abs_tol=1e-9)


def test_a_csv_download_holds_the_chart_data(demo_site: Served, tab: Tab) -> None:
    """Each trace names the column it draws; a rolling line is the 4-week mean of that column's CSV values."""
    page = tab.page
    visit(page, demo_site, PILLAR)
    chart = page.locator("figure.sh-figure:has(.sh-chart.js-plotly-plot)").first.locator(".sh-chart")
    traces = chart.evaluate(TRACES)
    details = page.locator(f"figure.sh-figure:has(#{chart.get_attribute('id')}) + details.sh-data")
    details.locator("summary").click()  # opens the table; the link is inside
    with page.expect_download() as waiting:
        details.locator("a.sh-csv").click()
    with open(waiting.value.path(), encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    assert rows, "the CSV has no data rows"
    assert any(t["meta"].get("rolling") for t in traces), "the word-of-mouth chart draws rolling lines"
    for trace in traces:
        column = header.index(trace["meta"]["column"])
        values = [float(r[column]) if r[column] != "" else None for r in rows]
        expected = rolling(values) if trace["meta"].get("rolling") else values
        assert len(rows) == len(trace["x"]), f"{header[column]}: {len(rows)} CSV rows, {len(trace['x'])} drawn"
        wrong_x = [(r[0], x) for r, x in zip(rows, trace["x"], strict=True) if not same_x(r[0], x)]
        wrong_y = [(e, y) for e, y in zip(expected, trace["y"], strict=True) if not same_y(e, y)]
        assert wrong_x == [] and wrong_y == [], f"{trace['name']}: first differences {wrong_x[:3]} {wrong_y[:3]}"


def test_the_version_selector_lists_the_months(published_site: Served, browser: Browser) -> None:
    versions = json.loads((published_site.folder / "versions.json").read_text(encoding="utf-8"))
    assert sorted(v["version"] for v in versions) == sorted(PUBLISHED_MONTHS)
    latest = next(v for v in versions if "latest" in v["aliases"])
    tab = open_tab(browser)
    try:
        tab.page.goto(published_site.url)  # root -> latest/ -> the newest month, by redirect pages
        tab.page.wait_for_url(f"{published_site.url}{latest['version']}/**")
        items = tab.page.locator(".md-version__list .md-version__item")
        items.first.wait_for(state="attached", timeout=20_000)
        listed = [items.nth(i).text_content() or "" for i in range(items.count())]
        for version in versions:
            assert any(version["title"] in text for text in listed), f"{version['title']} not in {listed}"
        assert latest["title"] in (tab.page.locator(".md-version__current").text_content() or "")
        tab.page.wait_for_load_state("networkidle")
        assert tab.problems.all() == []  # on the mike branch versions.json exists: no 404 at all
    finally:
        tab.page.context.close()


def test_injected_html_shows_as_text_and_runs_nothing(hostile_site: Served, browser: Browser) -> None:
    tab = open_tab(browser)
    shown_mention, shown_title, ran = [], [], {}
    try:
        for path in hostile_site.pages():
            visit(tab.page, hostile_site, path)
            state = tab.page.evaluate(
                """() => ({pwned: window.__pwned, text: document.body.textContent + document.title,
                           planted: [...document.scripts].filter(s => s.textContent.includes('__pwned')).length
                                    + document.querySelectorAll('img[src="x"], [onerror]').length})"""
            )
            if state["pwned"] is not None or state["planted"]:
                ran[path or "/"] = state["pwned"], state["planted"]
            # a text node holding "<script>" proves it was escaped; a real element would show only its content
            if HOSTILE_MENTION in state["text"]:
                shown_mention.append(path or "/")
            if HOSTILE_TITLE in state["text"]:
                shown_title.append(path or "/")
    finally:
        tab.page.context.close()
    assert ran == {}, f"injected HTML became elements or ran (window.__pwned, planted elements): {ran}"
    assert shown_mention, "the hostile mention's text appears on no page"
    assert shown_title, "the hostile query title appears as text on no page"


# Every element's attributes in the live DOM: event handlers, and links or sources with a script or data scheme.
LIVE_THINGS = """() => {
    const scheme = /^(javascript|vbscript|data):/i;
    const links = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data-src', 'srcdoc', 'poster'];
    const found = [];
    for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) {
            const value = attr.value.replace(/[\\u0000-\\u0020]/g, '');
            if (attr.name.startsWith('on')) found.push(`<${el.tagName} ${attr.name}>`);
            else if (links.includes(attr.name) && scheme.test(value)) found.push(`<${el.tagName} ${attr.name}>`);
        }
    }
    return found;
}"""


def test_no_page_of_the_hostile_site_has_a_live_link_or_handler(hostile_site: Served, browser: Browser) -> None:
    """Markdown links from headers and a file name, HTML from mentions: shown as text, never a link or a handler."""
    tab = open_tab(browser)
    live, text = {}, ""
    try:
        for path in hostile_site.pages():
            visit(tab.page, hostile_site, path)
            if found := tab.page.evaluate(LIVE_THINGS):
                live[path or "/"] = found
            text += tab.page.evaluate("document.body.textContent")
        assert tab.page.evaluate("window.__pwned") is None
    finally:
        tab.page.context.close()
    assert live == {}, f"live javascript:/data: links or event handlers: {live}"
    for shown in (
        "[read more](javascript:window.__pwned=7)",  # a description
        "[shouts](javascript:window.__pwned=13) a week",  # a tile label
        "[every row](javascript:window.__pwned=12) is fine",  # a check name
        HOSTILE_FILE,  # an export's file name, on the data-quality page
    ):
        assert shown in text, f"not shown as text: {shown}"


def test_searching_the_hostile_site_runs_nothing(hostile_site: Served, browser: Browser) -> None:
    """The search index holds the pages' text: its results show it as text too."""
    tab = open_tab(browser)
    try:
        visit(tab.page, hostile_site, OVERVIEW)
        for term in ("terrible awful", "pwned", "javascript", "onerror"):
            tab.page.click("label.md-search__icon, .md-search__input")
            # Material reads the box on keyup, on focus or when its index is ready, not on `input`: fill, then press
            # a key that changes nothing, so the query is read whatever the timing. The first term is pressed until
            # its results show (the index may still be loading); the index is then ready for the others.
            tab.page.fill(".md-search__input", term)
            tab.page.press(".md-search__input", "End")
            if term == "terrible awful":  # the hostile mention's words: the index has them, so results show
                for _ in range(40):
                    if tab.page.locator(".md-search-result__item").count():
                        break
                    tab.page.wait_for_timeout(250)
                    tab.page.press(".md-search__input", "End")
                tab.page.wait_for_selector(".md-search-result__item", timeout=10_000)
            tab.page.wait_for_timeout(600)
            assert tab.page.evaluate("window.__pwned") is None, term
            assert tab.page.evaluate(LIVE_THINGS) == [], term
            tab.page.keyboard.press("Escape")
        assert tab.problems.exceptions == []
    finally:
        tab.page.context.close()


def test_the_hostile_sites_csv_downloads_carry_no_formula(hostile_site: Served) -> None:
    csvs = {p.name: p.read_text(encoding="utf-8") for p in (hostile_site.folder / "assets" / "data").glob("*.csv")}
    cells = [cell for text in csvs.values() for row in csv.reader(text.splitlines()) for cell in row]
    formulas = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or re.match(r"-[^0-9.]", c)]
    assert formulas == []
    assert "'" + FORMULA_MENTION in cells  # the formula mention is there, neutralised


def test_nothing_personal_is_stored_or_published_anywhere(hostile_site: Served) -> None:
    """Every VARCHAR column of every schema of the warehouse, every file under results/ and every file of the site
    (HTML, JSON, CSV, JS, the search index) are searched for the planted handles, emails and phone numbers."""
    project = hostile_site.folder.parent
    leaks: dict[str, list[str]] = {}
    con = duckdb.connect(str(project / "warehouse.duckdb"), read_only=True)
    columns = con.execute(
        "SELECT schema_name, table_name, column_name FROM duckdb_columns() WHERE data_type LIKE 'VARCHAR%'"
    ).fetchall()
    assert {schema for schema, *_ in columns} >= {"main", "metrics"} and len(columns) > 50
    for schema, table, column in columns:
        (values,) = con.execute(
            f'SELECT coalesce(string_agg(CAST("{column}" AS VARCHAR), chr(10)), \'\') FROM "{schema}"."{table}"'
        ).fetchone() or ("",)
        if found := hostile.found_secrets(values):
            leaks[f"{schema}.{table}.{column}"] = found
    con.close()
    results = project / "results"
    for path in sorted(results.iterdir()):
        text = readable_text(path) if path.suffix in (".csv", ".json") else ""
        if path.suffix == ".parquet":
            text = duckdb.sql(f"SELECT CAST(COLUMNS(*) AS VARCHAR) FROM read_parquet('{path}')").fetchall().__str__()
        if found := hostile.found_secrets(text):
            leaks[f"results/{path.name}"] = found
    published = [p for p in hostile_site.folder.rglob("*") if p.suffix in (".html", ".json", ".csv", ".js", ".xml")]
    assert any(p.name == "search_index.json" for p in published)
    for path in published:
        if found := hostile.found_secrets(readable_text(path)):
            leaks[str(path.relative_to(hostile_site.folder))] = found
    assert leaks == {}


def test_charts_speak_the_interface_language(hostile_site: Served, tab: Tab) -> None:
    visit(tab.page, hostile_site, PILLAR)  # the hostile copy is built with site.language: es
    assert tab.page.evaluate("document.documentElement.lang") == "es"
    ticks = tab.page.evaluate("[...document.querySelectorAll('.sh-chart .xtick text')].map(t => t.textContent)")
    dates = [t for t in ticks if re.search(r"\b20\d\d\b", t)]
    assert dates, f"no dated x ticks on {PILLAR}: {ticks[:10]}"
    english = [t for t in dates if re.search(r"\b(Jan|Apr|May|Aug|Dec)\b", t)]
    spanish = [t for t in dates if re.search(r"\b(ene|abr|may|ago|dic)\b", t)]
    assert english == [] and spanish, f"axis dates not in Spanish: {dates[:10]}"


def test_the_layout_holds_at_375_px(demo_site: Served, browser: Browser) -> None:
    tab = open_tab(browser, viewport=PHONE)
    try:
        for path in (OVERVIEW, PILLAR, "data-quality/", "methodology/"):
            visit(tab.page, demo_site, path)
            # open every "Data table" block: a wide table must scroll inside its box, not widen the page
            tab.page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            width = tab.page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{path or '/'} is {width} px wide on a 375-px screen"
            boxes = tab.page.evaluate(
                """() => [...document.querySelectorAll('.sh-tile, .sh-chart')].map(el => {
                      const r = el.getBoundingClientRect(); return {cls: el.className, left: r.left, right: r.right};
                   })"""
            )
            outside = [b for b in boxes if b["left"] < 0 or b["right"] > PHONE["width"]]
            assert outside == [], f"{path or '/'}: boxes beyond the screen: {outside[:3]}"
        visit(tab.page, demo_site, OVERVIEW)
        tiles = tab.page.locator(".sh-tile")
        assert tiles.count() >= 5 and tiles.first.is_visible()
        lefts = {round((tiles.nth(i).bounding_box() or {"x": -1})["x"]) for i in range(tiles.count())}
        assert len(lefts) == 1, f"tiles should stack in one column at 375 px, found columns at x = {sorted(lefts)}"
    finally:
        tab.page.context.close()


PILLARS = ("word_of_mouth", "traffic", "loyalty", "care", "reputation")
SHOT_PAGES = ((OVERVIEW, "overview"), *((f"pillars/{p}/", f"pillar-{p}") for p in PILLARS))


def test_screenshots_of_the_overview_and_every_pillar_in_both_themes_and_on_a_phone(
    demo_site: Served, browser: Browser
) -> None:
    """Saved under build/screenshots/ (CI uploads the folder): light and dark at 1280 px, and light at 375 px."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots: dict[str, bytes] = {}
    looks: tuple[tuple[Literal["light", "dark"], str, ViewportSize, str], ...] = (
        ("light", "default", DESKTOP, "light"),
        ("dark", "slate", DESKTOP, "dark"),
        ("light", "default", PHONE, "phone"),
    )
    for scheme, body, viewport, suffix in looks:
        tab = open_tab(browser, scheme=scheme, viewport=viewport)
        try:
            for path, name in SHOT_PAGES:
                visit(tab.page, demo_site, path)
                assert tab.page.evaluate("document.body.dataset.mdColorScheme") == body
                shot = SCREENSHOTS / f"{name}-{suffix}.png"
                shot.unlink(missing_ok=True)
                tab.page.screenshot(path=shot, full_page=True)
                shots[shot.name] = shot.read_bytes()
        finally:
            tab.page.context.close()
    assert len(shots) == 3 * len(SHOT_PAGES)
    for name, data in shots.items():
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000, f"{name}: {len(data)} bytes"
    for _, name in SHOT_PAGES:
        assert shots[f"{name}-light.png"] != shots[f"{name}-dark.png"], name


LEAD = """() => [...document.querySelectorAll('.sh-lead .sh-lead-item')].map(item => ({
    tile: item.dataset.tile,
    figures: [...item.querySelectorAll('.sh-figure')].map(f => f.textContent)}))"""
TILE_TEXTS = (
    """() => Object.fromEntries([...document.querySelectorAll('.sh-tile')].map(t => [t.dataset.tile, t.innerText]))"""
)


def test_the_lead_is_present_and_its_numbers_equal_the_tiles(demo_site: Served, tab: Tab) -> None:
    visit(tab.page, demo_site, OVERVIEW)
    lead = tab.page.locator(".sh-lead")
    assert lead.is_visible() and lead.inner_text().startswith("The health score is ")
    items = tab.page.evaluate(LEAD)
    tiles = tab.page.evaluate(TILE_TEXTS)
    visit(tab.page, demo_site, "stopped-measuring/")  # applause, named in the lead, has its tiles there
    tiles |= tab.page.evaluate(TILE_TEXTS)
    assert len(items) >= 4
    for item in items:
        assert item["figures"], item
        for figure in item["figures"]:
            assert figure in tiles[item["tile"]], f"{figure!r} not on tile {item['tile']}: {tiles[item['tile']]!r}"


MARKS = """el => ({
    bands: (el.layout.shapes || []).map(s => [String(s.x0), String(s.x1)]),
    drawn: el.querySelectorAll('.shapelayer path').length,
    names: [...el.querySelectorAll('.annotation-text')].map(a => a.textContent)})"""


def test_an_alert_week_is_marked_on_the_score_chart(demo_site: Served, tab: Tab) -> None:
    visit(tab.page, demo_site, OVERVIEW)
    marks = tab.page.locator("#chart-health_score").evaluate(MARKS)
    assert marks["drawn"] >= 1 and marks["names"] == ["Negative-spike alerts"], marks
    assert any(x0 <= "2026-03-09" and x1 >= "2026-03-15" for x0, x1 in marks["bands"]), marks


AXES = """el => ({
    second: Boolean(el._fullLayout.yaxis2),
    texts: [...el.querySelectorAll('.legendtext, .g-xtitle text, .g-ytitle text, .g-y2title text')]
        .map(t => t.textContent)})"""


def test_no_chart_has_a_second_axis_unless_asked_nor_a_raw_column_name(demo_site: Served, tab: Tab) -> None:
    queries = {q.name: q for q in discover(ROOT_QUERIES)}
    columns = {c for q in queries.values() if q.chart for c in (q.chart.x, *q.chart.y)}
    seen = 0
    for path in GENERATED:
        visit(tab.page, demo_site, path)
        for chart in tab.page.locator(".sh-chart.js-plotly-plot").all():
            name = (chart.get_attribute("id") or "").removeprefix("chart-")
            drawn = chart.evaluate(AXES)
            query = queries.get(name)
            asked = bool(query and query.chart and query.chart.y2)
            assert drawn["second"] == asked, f"{path}{name}: second axis {drawn['second']}, header asks {asked}"
            raw = [t for t in drawn["texts"] if t in columns or re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", t)]
            assert raw == [], f"{path}{name}: raw column names on the chart: {raw}"
            seen += 1
    assert seen >= 15


def test_data_quality_fits_a_laptop_screen(demo_site: Served, tab: Tab) -> None:
    visit(tab.page, demo_site, "data-quality/")
    overflowing = tab.page.evaluate(
        """() => {
              const column = document.querySelector('.md-content__inner').getBoundingClientRect();
              return [...document.querySelectorAll('.md-typeset table')].filter(t => {
                  const box = t.closest('.md-typeset__scrollwrap') || t.parentElement;
                  return box.scrollWidth > box.clientWidth + 1 || t.getBoundingClientRect().right > column.right + 1;
              }).map(t => t.innerText.slice(0, 60));
           }"""
    )
    assert overflowing == [], f"tables cut off at 1280 px: {overflowing}"
