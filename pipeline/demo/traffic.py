"""GA4 sessions by day and source / medium. Key events and revenue are the shop's orders credited to the session
that brought them, so GA4 and Shopify agree; social sessions convert better in year 2 because the people they bring
were answered, not advertised at."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from pipeline.demo import story
from pipeline.demo.shop import Order
from pipeline.demo.story import TZ, Trend, draw

SOCIAL_ENGAGEMENT = story.ENGAGEMENT["social"]


@dataclass(frozen=True)
class TrafficRow:
    day: date
    source_medium: str
    sessions: int
    engaged: int
    engagement_seconds: float  # average engagement time per session
    events: int
    key_events: int
    revenue: int  # cents


def build(rng: random.Random, orders: list[Order]) -> list[TrafficRow]:
    credited: dict[tuple[date, str], list[int]] = defaultdict(list)
    for order in orders:
        credited[(order.when.astimezone(TZ).date(), order.ga_source)].append(order.total)
    rows = []
    for day in story.days():
        weekend = 1.12 if day.weekday() >= 5 else 1.0
        for source, trend in story.SESSIONS_PER_DAY.items():
            totals = credited.get((day, source), [])
            expected = trend.at(day) * story.SEASON[day.month] ** 0.8 * weekend
            sessions = max(draw(rng, expected, noise=0.2), 3 * len(totals))
            if sessions:
                rows.append(_row(rng, day, source, sessions, totals))
    return sorted(rows, key=lambda r: (r.day, -r.sessions, r.source_medium))


def _row(rng: random.Random, day: date, source: str, sessions: int, totals: list[int]) -> TrafficRow:
    engagement: Trend = story.ENGAGEMENT.get(source, SOCIAL_ENGAGEMENT)
    rate = min(0.97, engagement.at(day) * rng.uniform(0.9, 1.1))
    engaged = max(len(totals), round(sessions * rate))
    seconds = rng.uniform(30.0, 75.0) * rate / 0.6
    events = round(sessions * rng.uniform(4.0, 9.0))
    return TrafficRow(day, source, sessions, engaged, seconds, events, len(totals), sum(totals))
