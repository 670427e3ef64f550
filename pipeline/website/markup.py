"""HTML pieces shared by the pages: charts with their table and CSV, tiles, sparklines, numbers.

Every text that a person wrote (query titles and descriptions, tile labels, result values such as mention text or
top terms) goes through ``esc`` before it reaches a page: it shows as text and never runs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pipeline.escape import csv_cell, page_text, page_url
from pipeline.website.compare import compared_month, moved_by, noise_band, other_month
from pipeline.website.labels import Labels
from pipeline.website.model import TileView, shift

MINUS = "\u2212"  # the typographic minus sign reads better than a hyphen in "-12%"
DASH = "\u2013"
SPARK_MONTHS = 13  # this month and the same month a year before, and everything between


# Every text a page shows goes through the one page helper (HTML and Markdown alike): the same function whether it
# lands in a table cell, a list item, a heading or an HTML block.
esc = page_text
cell = page_text


@dataclass(frozen=True)
class ChartFiles:
    """Where a chart's figure JSON and CSV live, relative to the site root (``assets/...``)."""

    chart_id: str

    @property
    def json(self) -> str:
        return f"assets/charts/{self.chart_id}.json"

    @property
    def csv(self) -> str:
        return f"assets/data/{self.chart_id}.csv"


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(c) for c in columns])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return out.getvalue()


def table_html(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{esc(_plain(v))}</td>" for v in row) + "</tr>" for row in rows)
    table = f'<table class="sh-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    return f'<div class="sh-scroll">{table}</div>'


def markdown_table(columns: Sequence[str], rows: Iterable[Sequence[object]], align: str = "") -> str:
    """A Markdown table with a real header row, every cell through the page helper; ``align`` has one letter per
    column, ``l`` or ``r`` (numbers), left by default."""
    align = align or "l" * len(columns)
    head = "| " + " | ".join(cell(c) for c in columns) + " |\n"
    rule = "|" + "".join("--:|" if a == "r" else "---|" for a in align) + "\n"
    body = "".join("| " + " | ".join(cell(v) for v in row) + " |\n" for row in rows)
    return head + rule + body


def _plain(value: object) -> object:
    if isinstance(value, float):
        return round(value, 4)
    return value


def chart_block(
    files: ChartFiles,
    label: str,
    caption: str,
    table: tuple[Sequence[str], Sequence[Sequence[Any]]],
    root: str,
    words: Labels,
) -> str:
    """The chart, its caption, its data as a table and a CSV download (``root`` leads back to the site root)."""
    columns, rows = table
    return (
        f'<figure class="sh-figure">\n'
        f'<div class="sh-chart" id="chart-{page_url(files.chart_id)}" data-src="{page_url(files.json)}" role="img" '
        f'aria-label="{esc(label)}"></div>\n'
        f"<figcaption>{esc(caption)}</figcaption>\n"
        f"</figure>\n\n"
        f'<details class="sh-data"><summary>{esc(words("data_table"))}</summary>\n{table_html(columns, rows)}\n'
        f'<p><a class="sh-csv" href="{page_url(root + files.csv)}" download>{esc(words("download_csv"))}</a></p>'
        f"</details>\n"
    )


def number(value: float, words: Labels, decimals: int | None = None) -> str:
    if decimals is None:
        size = abs(value)
        decimals = 0 if size >= 100 else 1 if size >= 10 else 2
    text = f"{value:,.{decimals}f}"
    if words.language != "en":  # 1,234.5 -> 1.234,5
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def formatted(value: float | None, shape: str, words: Labels) -> str:
    if value is None:
        return words("no_data")
    if shape == "percent":
        return number(value * 100, words, 0 if abs(value) >= 0.1 else 1) + "%"
    if shape == "points":
        return ("+" if value > 0 else MINUS if value < 0 else "") + number(abs(value), words, 0)
    if shape == "minutes":
        if value < 90:
            return number(value, words, 0) + " min"
        if value < 48 * 60:
            return number(value / 60, words, 1) + " h"
        return number(value / 1440, words, 1) + " d"
    return number(value, words)


@dataclass(frozen=True)
class Change:
    text: str  # "+12%", "-2.1 pp" (typographic minus), or "" when there is nothing to compare with
    mood: str  # good, bad or flat (flat also when the change is within the tile's noise)
    rising: bool | None  # None: unchanged or unknown


def change(tile: TileView, now: float | None, then: float | None, words: Labels, band: float = 0.0) -> Change:
    """How ``now`` moved from ``then`` (compare.moved_by's terms); judged good or bad only beyond ``band``."""
    moved = moved_by(tile.format, then, now) if now is not None and then is not None else None
    if moved is None:
        return Change("", "flat", None)
    amount, unit = moved
    small = 0.5 if unit == " pp" else 1.0
    if abs(amount) < small:
        return Change(f"±0{unit}", "flat", None)
    decimals = 0 if abs(round(amount, 1)) >= 10 else 1  # 9.9999 is "10", not "10.0"
    sign = "+" if amount > 0 else MINUS
    text = f"{sign}{number(abs(amount), words, decimals)}{unit}"
    if tile.higher_is_better is None or abs(amount) <= band:
        return Change(text, "flat", amount > 0)
    good = (amount > 0) == tile.higher_is_better
    return Change(text, "good" if good else "bad", amount > 0)


@dataclass(frozen=True)
class TileMoves:
    """What a tile shows for the month it shows: the judged comparison (coloured) and the other one (as text)."""

    shown: date
    now: float | None
    against: date | None
    main: Change
    other_month: date | None
    other: Change


def tile_moves(tile: TileView, month: date, words: Labels, compare: str) -> TileMoves:
    shown = tile.latest(month) or month
    now = tile.value(shown)
    against = compared_month(tile, shown, compare)
    main = change(tile, now, tile.value(against) if against else None, words, noise_band(tile))
    other_at = other_month(tile, shown, compare)
    other_at = None if other_at == against else other_at
    other = change(tile, now, tile.value(other_at) if other_at else None, words, float("inf"))
    return TileMoves(shown, now, against, main, other_at, other)


def tile_id(tile: TileView) -> str:
    """What the lead's sentences and the tiles share, so a reader (and a test) can tie a sentence to its tile."""
    return f"{tile.query}-{tile.index}"


def arrow(moved: Change) -> str:
    return "▲" if moved.rising else "▼" if moved.rising is False else "="


def sparkline(tile: TileView, month: date, words: Labels) -> str:
    months = [shift(month, -back) for back in range(SPARK_MONTHS - 1, -1, -1)]
    values = [tile.value(m) for m in months]
    known = [v for v in values if v is not None]
    label = f"{tile.label}: {words.short_month(months[0])} {DASH} {words.short_month(month)}"
    if len(known) < 2:
        return f'<svg class="sh-spark" role="img" aria-label="{esc(label)}" viewBox="0 0 120 28"></svg>'
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    segments: list[list[str]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            segments.append([])
            continue
        x = index * 120 / (SPARK_MONTHS - 1)
        y = 26 - (value - low) / span * 24
        segments[-1].append(f"{x:.1f},{y:.1f}")
    lines = "".join(f'<polyline points="{" ".join(s)}"/>' for s in segments if len(s) > 1)
    dots = "".join(
        f'<circle cx="{s[0].split(",")[0]}" cy="{s[0].split(",")[1]}" r="1.5"/>' for s in segments if len(s) == 1
    )
    label += f", {formatted(known[0], tile.format, words)} → {formatted(known[-1], tile.format, words)}"
    return (
        f'<svg class="sh-spark" role="img" aria-label="{esc(label)}" viewBox="0 0 120 28" '
        f'preserveAspectRatio="none">{lines}{dots}</svg>'
    )


def tile_html(
    tile: TileView,
    month: date,
    href: str,
    words: Labels,
    judged: bool = True,
    compare: str = "year",
    missing: str = "",
) -> str:
    """A tile: the value of the report month (or the newest month with one), its judged change against the
    comparison month (coloured only beyond noise), the other change as text, and a sparkline.

    ``judged=False`` draws the changes without good/bad colours (vanity numbers are shown, not judged).
    ``missing``: the tile's data is not measured yet; it says so, and this text says what to add.
    """
    if missing:
        return (
            f'<a class="sh-tile sh-flat sh-not-measured" href="{page_url(href)}" data-tile="{esc(tile_id(tile))}">'
            f'<span class="sh-tile-label">{esc(tile.label)}</span>'
            f'<span class="sh-tile-value">{esc(words("not_measured_yet"))}</span>'
            f'<span class="sh-tile-missing">{esc(missing)}</span></a>'
        )
    moves = tile_moves(tile, month, words, compare)
    shown, now = moves.shown, moves.now
    mood = moves.main.mood if judged else "flat"
    when = "" if shown == month else f'<span class="sh-tile-when">{esc(words.month(shown))}</span>'
    value = formatted(now, tile.format, words) if now is not None else words("not_measured")
    main = _change_span(moves.main, moves.against, tile, words, judged, with_value=True)
    other = _change_span(moves.other, moves.other_month, tile, words, False) if moves.other_month else ""
    return (
        f'<a class="sh-tile sh-{mood}" href="{page_url(href)}" data-tile="{esc(tile_id(tile))}">'
        f'<span class="sh-tile-label">{esc(tile.label)}</span>'
        f'<span class="sh-tile-value">{esc(value)}</span>{when}{main}{other}'
        f"{sparkline(tile, shown, words)}</a>"
    )


def _change_span(
    moved: Change, against: date | None, tile: TileView, words: Labels, judged: bool, with_value: bool = False
) -> str:
    mood = moved.mood if judged else "flat"
    if against is None or not moved.text:
        return f'<span class="sh-change sh-flat">{esc(DASH + " " + words("no_comparison"))}</span>'
    text = f"{arrow(moved)} {moved.text} {words('vs_previous', month=words.month(against))}"
    if with_value:
        text += f" ({formatted(tile.value(against), tile.format, words)})"
    quiet = judged and moved.mood == "flat" and moved.rising is not None and tile.higher_is_better is not None
    title = f' title="{esc(words("within_noise"))}"' if quiet else ""
    return f'<span class="sh-change sh-{mood}"{title}>{esc(text)}</span>'


def reading(tile: TileView, month: date, words: Labels, compare: str = "year") -> str:
    """One plain-language sentence: the value, how it moved on its comparison month and on the other one."""
    shown = tile.latest(month)
    if shown is None:
        return words("reading_none", label=tile.label, month=words.month(month))
    moves = tile_moves(tile, month, words, compare)
    value = formatted(moves.now, tile.format, words)
    if moves.against is None or not moves.main.text:
        return words("reading_new", label=tile.label, value=value, month=words.month(shown))
    text = words(
        "reading",
        label=tile.label,
        value=value,
        month=words.month(shown),
        moved=_moved_words(moves.main, words, judged=tile.higher_is_better is not None),
        then_month=words.month(moves.against),
    )
    if moves.other_month and moves.other.text:
        other = words(
            "reading_other", moved=_moved_words(moves.other, words), then_month=words.month(moves.other_month)
        )
        text = text[:-1] + other
    return text


def _moved_words(moved: Change, words: Labels, judged: bool = False) -> str:
    if not moved.text:
        return words("no_data")
    if moved.rising is None:
        return words("unchanged")
    text = words("up" if moved.rising else "down", amount=moved.text.lstrip("+" + MINUS))
    if moved.mood != "flat":
        return f"{text} ({words('better' if moved.mood == 'good' else 'worse')})"
    return f"{text} ({words('within_noise')})" if judged else text
