"""The report's pages: overview, one page per pillar, and "what we stopped measuring".

Each function returns a Markdown page (with HTML blocks from ``Blocks``). Numbers come from the query results and the
monthly tile series; words from ``labels``.
"""

from __future__ import annotations

from datetime import date, timedelta

from pipeline import pillars
from pipeline.queries import Query
from pipeline.website.blocks import PILLAR_PAGES, Blocks, page_root, pillar_page, pillar_url
from pipeline.website.labels import Labels
from pipeline.website.lead import LeadTiles, lead_html
from pipeline.website.markup import esc, reading
from pipeline.website.missing import add_html, notice
from pipeline.website.model import AlertView, SiteData, TileView

SCORE = pillars.SCORE  # the health score's section (pipeline/pillars.py)
VANITY = pillars.VANITY.id


def score_tiles(data: SiteData) -> tuple[TileView | None, dict[str, TileView]]:
    """The overall score tile and each pillar's score tile, found by their ``where: {pillar: ...}`` filter."""
    overall = None
    pillars = {}
    for query in data.queries_in(SCORE):
        for tile in data.tiles_of(query.name):
            pillar = tile.where.get("pillar")
            if pillar in PILLAR_PAGES:
                pillars[pillar] = tile  # in the header's order
            elif overall is None:
                overall = tile
    return overall, pillars


def headline_tiles(data: SiteData, pillars: tuple[str, ...] = PILLAR_PAGES) -> list[TileView]:
    """Each query's first tile, pillar by pillar."""
    return [t for p in pillars for q in data.queries_in(p) for t in data.tiles_of(q.name)[:1]]


def period_line(data: SiteData, blocks: Blocks) -> str:
    words = blocks.words
    month = words.month(data.month)
    shown = month if _is_month_end(data.period_end) else words("month_to_date", month=month, day=data.period_end)
    window = words("window", first=data.window.first, last=data.window.last, files=data.window.files)
    return (
        f'<p class="sh-asof"><strong>{esc(words("as_of", last=data.period_end))}</strong> · '
        f"{esc(words('report_month', month=shown))} · {esc(window)}</p>\n\n"
    )


def _is_month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def alerts_banner(alerts: list[AlertView], blocks: Blocks) -> str:
    active = [(a, row) for a in alerts for row in a.rows]
    if not active:
        return ""
    items = "".join(
        f"<li>{esc(blocks.words('alert_row', title=a.query.title, what=_alert_text(a, row)))}</li>" for a, row in active
    )
    return (
        f'<div class="admonition danger sh-alerts"><p class="admonition-title">{esc(blocks.words("alerts"))}</p>'
        f"<ul>{items}</ul></div>\n\n"
    )


def _alert_text(alert: AlertView, row: list[object]) -> str:
    """The alert's date and size (the chart's x and first y), then its words: top terms, an example text."""
    chart = alert.query.chart
    shown = {chart.x, chart.y[0]} if chart else set(alert.columns)
    parts = [
        f"{c} {v}"
        for c, v in zip(alert.columns, row, strict=False)
        if v is not None and (c in shown or isinstance(v, str))
    ]
    return " · ".join(parts)


def overview(data: SiteData, blocks: Blocks) -> str:
    words = blocks.words
    root = page_root("index.md")
    overall, pillars = score_tiles(data)
    headlines = headline_tiles(data)
    vanity = [t for q in data.queries_in(VANITY) for t in data.tiles_of(q.name)]
    counted = [t for t in (overall, *pillars.values(), *headlines) if t is not None]
    missing = _missing_pillars(data)
    lead = lead_html(
        LeadTiles(overall, headlines, counted, vanity),
        data.month,
        words,
        data.compare,
        _lead_missing(data, words, root),
    )
    score = ""
    if overall is not None:
        score_queries = data.queries_in(SCORE)
        by_pillar = {id(t): p for p, t in pillars.items()}
        intro = words(
            "health_intro", baseline=data.baseline, month=words.month(data.month), then=words(f"compare_{data.compare}")
        )
        score = (
            f'<div class="sh-score">{blocks.tiles([overall], root, lambda t: f"methodology/#{t.query}")}'
            f"<h2>{esc(words('pillar_scores'))}</h2>"
            + blocks.tiles(list(pillars.values()), root, lambda t: pillar_url(by_pillar[id(t)]))
            + "</div>\n\n"
            + f'<p class="sh-note">{esc(intro)}</p>\n\n'
        )
        if missing:
            items = "".join(
                f"<li><strong>{esc(words(p))}</strong>: "
                f"{add_html(data.coverage.pillar_missing(p), words, root, data.exports_page)}</li>"
                for p in missing
            )
            score += notice(words("not_measured_yet"), esc(words("overview_missing")), items)
        score += "".join(blocks.query_chart(q.name, root) for q in score_queries if q.chart)
    return (
        f"# {esc(words('health_title', brand=data.brand))}\n\n"
        f"{period_line(data, blocks)}{lead}{alerts_banner(data.alerts, blocks)}{score}\n"
        f"## {esc(words('tiles_title'))}\n\n{blocks.tiles(headlines, root)}\n"
        f"{esc(words('overview_intro'))} [{esc(words('stopped'))}](stopped-measuring.md)\n"
    )


def _missing_pillars(data: SiteData) -> list[str]:
    """The scored pillars not measured yet (none of the tables their queries read has data), in report order."""
    return [p for p in PILLAR_PAGES if p in data.coverage.pillars and not data.coverage.pillar_measured(p)]


def _lead_missing(data: SiteData, words: Labels, root: str) -> str:
    """The lead's sentence on what is not measured yet and what to add (HTML: own words, escaped values)."""
    missing = _missing_pillars(data)
    if not missing:
        return ""
    names = [f"<strong>{esc(words(p))}</strong>" for p in missing]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + words("lead_and") + names[-1]
    adds = words("lead_and").join(
        add_html(data.coverage.pillar_missing(p), words, root, data.exports_page) for p in missing
    )
    return words("lead_missing_one" if len(missing) == 1 else "lead_missing_many", pillars=joined, add=adds)


def pillar(data: SiteData, blocks: Blocks, name: str) -> str:
    words = blocks.words
    root = page_root(pillar_page(name))
    queries = data.queries_in(name)
    _, pillars = score_tiles(data)
    score = [pillars[name]] if name in pillars else []
    tiles = score + [t for q in queries for t in data.tiles_of(q.name)]
    moved = "".join(f"- {esc(reading(t, data.month, words, data.compare))}\n" for t in tiles)
    sections = "".join(_query_section(q, blocks, root) for q in queries)
    behind = "".join(
        f"- [{esc(q.title)}](../methodology.md#{q.name}) · <code>{esc(q.shown.as_posix())}</code>\n" for q in queries
    )
    missing = ""
    if name in data.coverage.pillars and not data.coverage.pillar_measured(name):
        add = add_html(data.coverage.pillar_missing(name), words, root, data.exports_page)
        missing = notice(words("not_measured_yet"), words("pillar_missing", add=add))
    return (
        f"# {esc(words(name))}\n\n{period_line(data, blocks)}{missing}"
        f"{blocks.tiles(tiles, root)}\n## {esc(words('what_moved'))}\n\n{moved}\n{sections}"
        f"## {esc(words('queries_behind'))}\n\n{behind}"
    )


def _query_section(query: Query, blocks: Blocks, root: str) -> str:
    """A query's charts under its title; a supporting query with nothing to draw (one row per mention, say) has no
    section of its own: it is listed among the queries behind the page."""
    words = blocks.words
    weekly = blocks.query_chart(query.name, root) if query.chart else ""
    monthly = blocks.monthly_chart(query.name, root)
    if not weekly and not monthly:
        return ""
    parts = [
        f"## {esc(query.title)} {{#{query.name}}}\n\n"
        f'<details class="sh-about"><summary>{esc(words("definition"))}</summary><p>{esc(query.description)}</p>'
        f"</details>\n\n"
    ]
    if weekly and query.chart:
        parts.append(f"### {esc(_grain_heading(query, words))}\n\n{weekly}\n")
    if monthly:
        parts.append(f"### {esc(words('monthly'))}\n\n{monthly}\n")
    return "".join(parts)


def _grain_heading(query: Query, words: Labels) -> str:
    """ "Week by week", "Day by day", or "By month of the first order" (the chart's x label) for any other grain."""
    grain = query.grain.strip().lower()
    if grain.startswith("week"):
        return words("weekly")
    if grain.startswith("day"):
        return words("daily")
    label = query.chart.label(query.chart.x) if query.chart else query.grain
    return words("by_x", what=label[:1].lower() + label[1:])


def stopped_measuring(data: SiteData, blocks: Blocks) -> str:
    words = blocks.words
    root = page_root("stopped-measuring.md")
    applause = [t for q in data.queries_in(VANITY) for t in data.tiles_of(q.name)]
    conversation = headline_tiles(data, ("word_of_mouth", "care"))
    measured = [(t, True) for t in applause if t.latest(data.month)] + [(t, False) for t in conversation]
    vanity_charts = "".join(blocks.query_chart(q.name, root) for q in data.queries_in(VANITY) if q.chart)
    missing = ""
    if VANITY in data.coverage.pillars and not data.coverage.pillar_measured(VANITY):
        add = add_html(data.coverage.pillar_missing(VANITY), words, root, data.exports_page)
        missing = notice(words("not_measured_yet"), words("vanity_missing", add=add))
    return (
        f"# {esc(words('stopped'))}\n\n{esc(words('stopped_intro'))}\n\n{missing}"
        f"## {esc(words('index_chart'))}\n\n"
        f"{blocks.index_chart('stopped-measuring', measured, root, words('index_chart'))}\n"
        f"### {esc(words('applause'))}\n\n{blocks.tiles(applause, root, judged=False)}\n"
        f"### {esc(words('conversation'))}\n\n{blocks.tiles(conversation, root)}\n"
        f"{vanity_charts}"
    )
