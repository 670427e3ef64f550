"""What a tile is judged against (config ``report.compare``) and whether its change is beyond noise.

A tile compares the month it shows with the same month a year before (``year``, the default), three months before
(``quarter``) or the month before (``month``); when that month has no value, with the month before. Its colour says
better or worse only when the change is beyond noise: at least the threshold of its format (``NOISE_THRESHOLD``: 2
percentage points for a share, 3 points for a -100..100 score, 5 % for a number, 10 % for a duration, which is
noisier). A smaller change is drawn neutral, its number still shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipeline.config import COMPARISONS
from pipeline.website.model import TileView, shift

# The smallest change coloured, in the terms the change is written in: pp for percent, pt for points, % otherwise.
NOISE_THRESHOLD = {"percent": 2.0, "points": 3.0, "number": 5.0, "minutes": 10.0}


def moved_by(shape: str, before: float, after: float) -> tuple[float, str] | None:
    """How far a value moved, in the terms its format reads in: percentage points for a fraction, points for a
    score, per cent for a number or a duration. None when a per cent would divide by zero."""
    diff = after - before
    if shape == "percent":
        return diff * 100, " pp"
    if shape == "points":
        return diff, " pt"
    if before == 0:
        return None
    return diff / abs(before) * 100, "%"


def compared_month(tile: TileView, shown: date, compare: str) -> date | None:
    """The month ``shown`` is judged against: ``compare``'s month when it has a value, else the month before."""
    for back in dict.fromkeys((COMPARISONS[compare], 1)):
        month = shift(shown, -back)
        if tile.value(month) is not None:
            return month
    return None


def other_month(tile: TileView, shown: date, compare: str) -> date | None:
    """The comparison shown as text beside the judged one: the month before, or a year before when compare is month."""
    back = 12 if COMPARISONS[compare] == 1 else 1
    month = shift(shown, -back)
    return month if tile.value(month) is not None else None


def noise_band(tile: TileView) -> float:
    """The smallest change (in moved_by's terms) that is coloured better or worse."""
    return NOISE_THRESHOLD.get(tile.format, NOISE_THRESHOLD["number"])


@dataclass(frozen=True)
class Judged:
    """A tile's month against its comparison month: the amount in moved_by's terms, and whether it is beyond noise."""

    month: date
    then: float
    amount: float
    unit: str
    band: float

    @property
    def beyond_noise(self) -> bool:
        return abs(self.amount) > self.band

    @property
    def strength(self) -> float:
        """How many thresholds the change spans: what the lead ranks movements by."""
        return abs(self.amount) / self.band


def judge(tile: TileView, shown: date, against: date | None) -> Judged | None:
    now = tile.value(shown)
    then = tile.value(against) if against else None
    if now is None or then is None or against is None:
        return None
    moved = moved_by(tile.format, then, now)
    if moved is None:
        return None
    amount, unit = moved
    return Judged(against, then, amount, unit, noise_band(tile))
