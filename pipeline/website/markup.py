"""HTML pieces shared by the pages: charts with their table and CSV, tiles, sparklines, numbers.

Every text that a person wrote (query titles and descriptions, tile labels, result values such as mention text or
top terms) goes through ``esc`` before it reaches a page: it shows as text and never runs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pipeline.escape import csv_cell, page_text, page_url
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
    mood: str  # good, bad or flat
    rising: bool | None  # None: unchanged or unknown


def change(tile: TileView, now: float | None, then: float | None, words: Labels) -> Change:
    """How ``now`` moved from ``then``: percentage points for fractions, points for scores, % for the rest."""
    if now is None or then is None:
        return Change("", "flat", None)
    diff = now - then
    if tile.format == "percent":
        amount, unit, small = diff * 100, " pp", 0.5
    elif tile.format == "points":
        amount, unit, small = diff, " pt", 1.0
    elif then == 0:
        return Change("", "flat", None)
    else:
        amount, unit, small = diff / abs(then) * 100, "%", 1.0
    if abs(amount) < small:
        return Change(f"±0{unit}", "flat", None)
    decimals = 0 if abs(round(amount, 1)) >= 10 else 1  # 9.9999 is "10", not "10.0"
    sign = "+" if amount > 0 else MINUS
    text = f"{sign}{number(abs(amount), words, decimals)}{unit}"
    if tile.higher_is_better is None:
        return Change(text, "flat", amount > 0)
    good = (amount > 0) == tile.higher_is_better
    return Change(text, "good" if good else "bad", amount > 0)


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


def tile_html(tile: TileView, month: date, href: str, words: Labels, judged: bool = True) -> str:
    """A tile: the value of the report month (or the newest month with one), its two changes and a sparkline.

    ``judged=False`` draws the changes without good/bad colours (vanity numbers are shown, not judged).
    """
    shown = tile.latest(month) or month
    now = tile.value(shown)
    before = change(tile, now, tile.value(shift(shown, -1)), words)
    year = change(tile, now, tile.value(shift(shown, -12)), words)
    mood = before.mood if judged else "flat"
    when = "" if shown == month else f'<span class="sh-tile-when">{esc(words.month(shown))}</span>'
    value = formatted(now, tile.format, words) if now is not None else words("not_measured")
    return (
        f'<a class="sh-tile sh-{mood}" href="{page_url(href)}">'
        f'<span class="sh-tile-label">{esc(tile.label)}</span>'
        f'<span class="sh-tile-value">{esc(value)}</span>{when}'
        f"{_change_span(before, words('vs_previous', month=words.month(shift(shown, -1))), judged)}"
        f"{_change_span(year, words('vs_year'), judged)}"
        f"{sparkline(tile, shown, words)}</a>"
    )


def _change_span(moved: Change, against: str, judged: bool) -> str:
    mood = moved.mood if judged else "flat"
    text = f"{arrow(moved)} {moved.text} {against}" if moved.text else f"{DASH} {against}"
    return f'<span class="sh-change sh-{mood}">{esc(text)}</span>'


def reading(tile: TileView, month: date, words: Labels) -> str:
    """One plain-language sentence: the value, and how it moved on the month before and on a year before."""
    shown = tile.latest(month)
    if shown is None:
        return words("reading_none", label=tile.label, month=words.month(month))
    now = tile.value(shown)
    value = formatted(now, tile.format, words)
    moves = [change(tile, now, tile.value(shift(shown, back)), words) for back in (-1, -12)]
    if not moves[0].text and not moves[1].text:
        return words("reading_new", label=tile.label, value=value, month=words.month(shown))
    prev, year = (_moved_words(m, words) for m in moves)
    return words(
        "reading",
        label=tile.label,
        value=value,
        month=words.month(shown),
        prev=prev,
        prev_month=words.month(shift(shown, -1)),
        year=year,
    )


def _moved_words(moved: Change, words: Labels) -> str:
    if not moved.text:
        return words("no_data")
    if moved.rising is None:
        return words("unchanged")
    text = words("up" if moved.rising else "down", amount=moved.text.lstrip("+" + MINUS))
    return f"{text} ({words('better' if moved.mood == 'good' else 'worse')})" if moved.mood != "flat" else text
