"""The story the demo data tells, as tunable constants, plus the calendar helpers every generator shares.

Year 1 (2024-11 .. 2025-10): Marea broadcasts, pays creators and leaves most people unanswered.
Year 2 (2025-11 .. 2026-10): it listens and answers one to one; authentic recommendations, repeat purchases and
social conversion rise while likes stall. 2026-03-09 .. 2026-03-15: a shipping delay sets off an avalanche of
negative posts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SEED = 20261031
START = date(2024, 11, 1)
SWITCH = date(2025, 11, 1)  # first day of year 2
END = date(2026, 10, 31)
SPIKE = (date(2026, 3, 9), date(2026, 3, 15))
TZ = ZoneInfo("Europe/Madrid")
ARCHIVE_GENERATED = datetime(2026, 11, 1, 7, 41, 12, 318000, tzinfo=UTC)


@dataclass(frozen=True)
class Trend:
    """A rate: flat in year 1, then a straight line from ``start`` to ``end`` across year 2."""

    year1: float
    start: float
    end: float

    def at(self, day: date) -> float:
        if day < SWITCH:
            return self.year1
        return self.start + (self.end - self.start) * year2_progress(day)


# Social listening: mentions per month by kind (authentic fans unless noted).
MENTIONS_PER_MONTH: dict[str, Trend] = {
    "recommend": Trend(34, 45, 210),  # "Os recomiendo Marea…": flat, then rising steadily
    "praise": Trend(95, 100, 150),
    "complaint": Trend(52, 50, 45),
    "question": Trend(70, 78, 85),
    "chatter": Trend(115, 115, 120),
    "paid": Trend(44, 6, 4),  # paid creators (#ad, #publi, #adv, #sponsored)
    "gifted": Trend(18, 4, 3),  # creators who are not configured partners: gifted products, codes, "Anzeige |"
    "employee": Trend(8, 9, 9),
    "share": Trend(70, 40, 40),  # retweets of the brand
    "reply": Trend(22, 35, 45),  # people replying to the brand's tweets
}
SPIKE_NEGATIVE_PER_DAY = (18, 42, 61, 55, 38, 24, 14)  # the avalanche, 2026-03-09 .. 2026-03-15
BOT_DAYS = (date(2025, 2, 14), date(2025, 6, 20), date(2025, 7, 3), date(2026, 1, 7), date(2026, 6, 24))
BOT_POSTS_PER_DAY = (18, 34)  # each bot account, on a bot day: the same text again and again

# The brand's own posts.
BROADCASTS_PER_WEEK: dict[str, Trend] = {
    "x": Trend(4.5, 1.5, 1.5),
    "facebook": Trend(3.2, 1.5, 1.5),
    "instagram": Trend(4.2, 2.5, 2.5),
}
LIKES_PER_POST: dict[str, Trend] = {
    "x": Trend(26, 25, 24),
    "facebook": Trend(150, 145, 140),
    "instagram": Trend(410, 400, 395),
}  # stall in year 2
COMMENTS_PER_POST: dict[str, Trend] = {
    "x": Trend(1.5, 3, 5),
    "facebook": Trend(4, 8, 14),
    "instagram": Trend(9, 16, 28),
}

# One-to-one care: X mentions and inbox conversations.
ANSWERED = Trend(0.20, 0.82, 0.90)  # share of actionable inbound the brand answers by hand
ACKNOWLEDGE_POSITIVE = 0.55  # praise and recommendations get a thank-you less often than problems get an answer
REPLY_MEDIAN_MINUTES = Trend(26 * 60, 55, 30)  # median first-response time
REPLY_SPREAD = Trend(1.1, 0.9, 0.9)  # lognormal sigma of the response time
AUTO_ACK = Trend(0.9, 0.25, 0.25)  # instant automated acknowledgement on Instagram/Facebook DMs
THANKS_AFTER_REPLY = Trend(0.15, 0.35, 0.45)  # the person thanks the brand after a human reply
CONVERSATIONS_PER_MONTH = Trend(88, 100, 120)
SPIKE_CONVERSATIONS_PER_DAY = 14

# The shop.
NEW_CUSTOMERS_PER_MONTH = Trend(118, 120, 140)
REORDER = {"year1": (0.18, 0.25), "year2": (0.40, 0.45)}  # P(a 2nd order), P(each further order), by cohort
FIRST_ORDER_CODES: dict[str, tuple[tuple[str, float], ...]] = {
    "year1": (("CREATOR15", 0.20), ("WELCOME10", 0.20), ("EMAIL5", 0.08), ("", 0.52)),
    "year2": (("INSTA10", 0.26), ("CREATOR15", 0.03), ("WELCOME10", 0.15), ("EMAIL5", 0.10), ("", 0.46)),
}
REPEAT_ORDER_CODES: dict[str, tuple[tuple[str, float], ...]] = {
    "year1": (("EMAIL5", 0.25), ("", 0.75)),
    "year2": (("GRACIAS10", 0.30), ("INSTA10", 0.10), ("EMAIL5", 0.20), ("", 0.40)),
}
REFUNDED_SHARE = 0.03

# Web traffic: sessions per day by GA4 source / medium (before seasonality).
SESSIONS_PER_DAY: dict[str, Trend] = {
    "google / organic": Trend(120, 125, 140),
    "(direct) / (none)": Trend(62, 65, 75),
    "instagram.com / referral": Trend(24, 20, 20),
    "l.instagram.com / referral": Trend(15, 20, 26),
    "m.facebook.com / referral": Trend(12, 12, 12),
    "l.facebook.com / referral": Trend(8, 8, 8),
    "t.co / referral": Trend(5, 8, 11),
    "linkedin.com / referral": Trend(2, 2, 2.5),
    "instagram / social": Trend(8, 14, 20),
    "facebook / paid_social": Trend(70, 14, 12),  # the ads budget goes away in year 2
    "newsletter / email": Trend(8, 10, 12),
}
ENGAGEMENT: dict[str, Trend] = {  # engaged sessions / sessions
    "google / organic": Trend(0.62, 0.62, 0.63),
    "(direct) / (none)": Trend(0.55, 0.56, 0.56),
    "facebook / paid_social": Trend(0.36, 0.40, 0.42),
    "newsletter / email": Trend(0.70, 0.71, 0.72),
    "social": Trend(0.50, 0.60, 0.70),
    "linkedin.com / referral": Trend(0.58, 0.58, 0.58),
}
SEASON = {1: 0.6, 2: 0.65, 3: 0.8, 4: 1.0, 5: 1.3, 6: 1.6, 7: 1.7, 8: 1.45, 9: 1.0, 10: 0.8, 11: 0.75, 12: 0.95}
# Madrid local hour weights for when people post, write and buy.
HOUR_WEIGHTS = (1, 1, 0, 0, 0, 0, 1, 2, 4, 6, 7, 7, 7, 6, 6, 6, 7, 7, 8, 9, 10, 9, 6, 3)
X_EPOCH_MS = 1288834974657
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def days() -> list[date]:
    return [START + timedelta(n) for n in range((END - START).days + 1)]


def is_year2(day: date) -> bool:
    return day >= SWITCH


def year_label(day: date) -> str:
    return "year2" if is_year2(day) else "year1"


def year2_progress(day: date) -> float:
    return max(0.0, min(1.0, (day - SWITCH).days / (END - SWITCH).days))


def in_spike(day: date) -> bool:
    return SPIKE[0] <= day <= SPIKE[1]


def per_day(monthly: float, day: date) -> float:
    """A monthly rate spread over the days of that month."""
    next_month = (day.replace(day=28) + timedelta(4)).replace(day=1)
    return monthly / (next_month - day.replace(day=1)).days


def draw(rng: random.Random, expected: float, noise: float = 0.25) -> int:
    """A whole count near ``expected``: a little day-to-day noise, never negative."""
    value = max(0.0, expected * rng.uniform(1 - noise, 1 + noise))
    whole = int(value)
    return whole + (1 if rng.random() < value - whole else 0)


def local_moment(rng: random.Random, day: date) -> datetime:
    """A plausible waking-hours moment on ``day`` in Madrid, returned in UTC."""
    hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
    local = datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)), tzinfo=TZ)
    return local.astimezone(UTC)


def lognormal_minutes(rng: random.Random, median: float, sigma: float) -> float:
    return median * rng.lognormvariate(0.0, sigma)


def snowflake(moment: datetime, seq: int) -> str:
    """An X status id consistent with its time: milliseconds since the X epoch, shifted, plus a sequence."""
    ms = (moment - UNIX_EPOCH) // timedelta(milliseconds=1)
    return str(((ms - X_EPOCH_MS) << 22) | (seq % 4096))


def weighted(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([o for o, _ in options], [w for _, w in options])[0]
