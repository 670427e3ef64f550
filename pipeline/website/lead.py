"""The overview's lead: three to five plain sentences saying what changed, generated from the tiles' own numbers.

Every figure in it is a tile's value, its comparison month's value or its change, formatted as the tile shows them;
each movement is wrapped in a span naming its tile (``data-tile``), so a reader and a test can tie the two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pipeline.website.compare import compared_month, judge
from pipeline.website.labels import Labels
from pipeline.website.markup import change, esc, formatted, tile_id, tile_moves
from pipeline.website.model import TileView

BETTER_SHOWN = 3  # the biggest improvements named
WORSE_SHOWN = 2


@dataclass(frozen=True)
class Movement:
    tile: TileView
    shown: date
    then_month: date
    mood: str  # good, bad, flat
    strength: float  # noise bands the change spans


def movements(tiles: Sequence[TileView], month: date, compare: str) -> list[Movement]:
    """Each judged tile's movement against its comparison month (tiles with nothing to compare with are left out)."""
    found = []
    for tile in tiles:
        shown = tile.latest(month)
        against = compared_month(tile, shown, compare) if shown else None
        judged = judge(tile, shown, against) if shown else None
        if shown is None or against is None or judged is None:
            continue
        mood = "flat"
        if judged.beyond_noise and tile.higher_is_better is not None:
            mood = "good" if (judged.amount > 0) == tile.higher_is_better else "bad"
        found.append(Movement(tile, shown, against, mood, judged.strength))
    return found


@dataclass(frozen=True)
class LeadTiles:
    score: TileView | None  # the overall health score
    named: Sequence[TileView]  # the headline tiles whose movements the lead may name
    counted: Sequence[TileView]  # every tile of the overview, for the tally
    vanity: Sequence[TileView]  # applause, named for contrast


def lead_html(tiles: LeadTiles, month: date, words: Labels, compare: str, missing: str = "") -> str:
    """The lead paragraph: the score, the biggest improvements, what got worse, the tally, the applause, and
    ``missing``, the sentence on what is not measured yet (the site's own words holding escaped values)."""
    sentences = []
    if tiles.score is not None and tiles.score.latest(month):
        sentences.append(_score_sentence(tiles.score, month, words, compare))
    moved = movements(tiles.named, month, compare)
    better = sorted((m for m in moved if m.mood == "good"), key=lambda m: -m.strength)
    worse = sorted((m for m in moved if m.mood == "bad"), key=lambda m: -m.strength)
    usual = _usual_pair(moved)
    if better:
        items = [_item(m, words, usual) for m in better[:BETTER_SHOWN]]
        sentences.append(words("lead_better", month=words.month(usual[1]), items="; ".join(items)))
    if worse:
        items = [_item(m, words, usual) for m in worse[:WORSE_SHOWN]]
        sentences.append(words("lead_worse", items="; ".join(items)))
    tally = movements(tiles.counted, month, compare)
    if tally:
        good, bad = (sum(m.mood == mood for m in tally) for mood in ("good", "bad"))
        flat = len(tally) - good - bad
        sentences.append(words("lead_count", total=len(tally), better=good, worse=bad, flat=flat))
    applause = [m for m in movements(tiles.vanity, month, compare) if m.strength > 1]
    if applause:
        items = [_item(m, words, usual) for m in sorted(applause, key=lambda m: -m.strength)[:2]]
        sentences.append(words("lead_vanity", items=words("lead_and").join(items)))
    if missing:
        sentences.append(missing)
    # The sentences are the site's own words (labels.py) holding escaped values: they are not escaped again.
    return f'<p class="sh-lead">{" ".join(sentences)}</p>\n\n' if sentences else ""


def _usual_pair(moved: Sequence[Movement]) -> tuple[date, date]:
    """The (shown, compared) months most tiles share: the lead names it once, and only other pairs item by item."""
    pairs = [(m.shown, m.then_month) for m in moved]
    return max(set(pairs), key=pairs.count) if pairs else (date.min, date.min)


def _score_sentence(score: TileView, month: date, words: Labels, compare: str) -> str:
    moves = tile_moves(score, month, words, compare)
    now = _figure(score, moves.now, words)
    shown = esc(words.month(moves.shown))
    if moves.against is None:
        return _tied(score, words("lead_score_new", now=now, month=shown))
    then = _figure(score, score.value(moves.against), words)
    return _tied(
        score, words("lead_score", now=now, month=shown, then=then, then_month=esc(words.month(moves.against)))
    )


def _item(movement: Movement, words: Labels, usual: tuple[date, date]) -> str:
    tile = movement.tile
    now, then = tile.value(movement.shown), tile.value(movement.then_month)
    moved = change(tile, now, then, words)
    key = "lead_rose" if moved.rising else "lead_fell"
    text = words(
        key,
        label=esc(in_sentence(tile.label)),
        then=_figure(tile, then, words),
        now=_figure(tile, now, words),
        change=f'<strong class="sh-figure">{esc(moved.text)}</strong>',
    )
    if usual != (movement.shown, movement.then_month):
        shown, then_month = esc(words.month(movement.shown)), esc(words.month(movement.then_month))
        text = words("lead_when", item=text, shown=shown, then_month=then_month)
    return _tied(tile, text)


def _figure(tile: TileView, value: float | None, words: Labels) -> str:
    """A figure as its tile writes it, marked so it stands out (and can be found)."""
    return f'<strong class="sh-figure">{esc(formatted(value, tile.format, words))}</strong>'


def _tied(tile: TileView, html: str) -> str:
    """A sentence piece tied to its tile. ``html`` is the site's own words with escaped values placed in them."""
    return f'<span class="sh-lead-item" data-tile="{esc(tile_id(tile))}">{html}</span>'


def in_sentence(label: str) -> str:
    """A label inside a sentence: its first letter in lower case, unless the word is an acronym ("GA4 sessions")."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label
