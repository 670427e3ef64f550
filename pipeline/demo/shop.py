"""The shop's orders. Customers first bought in year 1 reorder rarely; those won in year 2, often through social
codes (INSTA10, GRACIAS10), come back much more. Money is kept in integer cents so totals add up exactly."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from pipeline.demo import story
from pipeline.demo.people import Person, by_role
from pipeline.demo.story import TZ, draw, local_moment, per_day

# name, SKU stem, price in cents, colours, sizes
CATALOG: tuple[tuple[str, str, int, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Bikini Ondina", "OND", 5900, ("Coral", "Azul", "Negro"), ("XS", "S", "M", "L", "XL")),
    ("Bañador Posidonia", "POS", 7500, ("Azul", "Verde", "Negro"), ("XS", "S", "M", "L", "XL", "XXL")),
    ("Pareo Amalfi", "AMA", 3500, ("Limón", "Arena"), ()),
    ("Sombrero Levante", "LEV", 3900, ("Natural",), ()),
    ("Toalla Cala", "CAL", 2900, ("Rayas azules", "Rayas rojas"), ()),
    ("Bolsa Capri", "CAP", 4500, ("Natural", "Negro"), ()),
    ("Kimono Tramontana", "TRA", 8900, ("Blanco", "Terracota"), ("S", "M", "L")),
    ("Bikini Sirocco", "SIR", 6500, ("Terracota", "Oliva"), ("XS", "S", "M", "L", "XL")),
)
CODE_PERCENT = {"INSTA10": 10, "CREATOR15": 15, "WELCOME10": 10, "EMAIL5": 5, "GRACIAS10": 10}
CODE_TAGS = {"INSTA10": "instagram", "CREATOR15": "creator", "GRACIAS10": "care", "EMAIL5": "newsletter"}
SOCIAL_CODES = ("INSTA10", "CREATOR15", "GRACIAS10")  # given out on Instagram, by creators, in care replies
SOCIAL_TAGS = ("instagram", "creator", "care")
FREE_SHIPPING_FROM = 6000
SHIPPING = 495
# Where GA4 saw the session that ended in the order, by discount code.
CODE_SOURCES: dict[str, tuple[tuple[str, float], ...]] = {
    "INSTA10": (("l.instagram.com / referral", 0.5), ("instagram / social", 0.5)),
    "CREATOR15": (("instagram.com / referral", 0.7), ("l.instagram.com / referral", 0.3)),
    "GRACIAS10": (("instagram / social", 0.6), ("m.facebook.com / referral", 0.2), ("t.co / referral", 0.2)),
    "EMAIL5": (("newsletter / email", 1.0),),
}
OTHER_SOURCES: dict[str, tuple[tuple[str, float], ...]] = {
    "year1": (
        ("google / organic", 0.42),
        ("(direct) / (none)", 0.28),
        ("facebook / paid_social", 0.13),
        ("m.facebook.com / referral", 0.04),
        ("instagram.com / referral", 0.04),
        ("l.facebook.com / referral", 0.03),
        ("instagram / social", 0.01),
        ("t.co / referral", 0.02),
        ("linkedin.com / referral", 0.02),
    ),
    "year2": (
        ("google / organic", 0.44),
        ("(direct) / (none)", 0.28),
        ("facebook / paid_social", 0.03),
        ("m.facebook.com / referral", 0.05),
        ("l.facebook.com / referral", 0.02),
        ("instagram.com / referral", 0.04),
        ("l.instagram.com / referral", 0.05),
        ("instagram / social", 0.05),
        ("t.co / referral", 0.03),
        ("linkedin.com / referral", 0.01),
    ),
}
DELAYED = (date(2026, 2, 25), date(2026, 3, 12))  # the courier problem behind the March 2026 avalanche
LATE_REFUND = datetime(2025, 11, 6, 10, 15, 2, tzinfo=UTC)  # refunds an October order after its first download


@dataclass(frozen=True)
class Line:
    name: str
    sku: str
    price: int  # cents
    quantity: int


@dataclass(frozen=True)
class Order:
    number: int
    order_id: str
    when: datetime  # UTC
    customer: Person
    lines: tuple[Line, ...]
    code: str
    discount: int
    shipping: int
    status: str
    refunded_at: datetime | None
    fulfilled_at: datetime | None
    source_name: str
    tags: str
    ga_source: str
    accepts_marketing: bool
    payment_method: str

    @property
    def subtotal(self) -> int:
        return sum(line.price * line.quantity for line in self.lines) - self.discount

    @property
    def total(self) -> int:
        return self.subtotal + self.shipping

    @property
    def taxes(self) -> int:
        return round(self.total * 21 / 121)  # prices include Spanish VAT

    def status_on(self, day: date) -> str:
        """The financial status as an export downloaded on ``day`` shows it (a later refund is not known yet)."""
        if self.refunded_at is not None and self.refunded_at.astimezone(TZ).date() >= day:
            return "paid"
        return self.status


@dataclass(frozen=True)
class _Visit:
    when: datetime
    customer: Person
    cohort: str
    repeat: bool


def build(rng: random.Random) -> list[Order]:
    visits = _visits(rng)
    visits.sort(key=lambda v: (v.when, v.customer.handle))
    orders = []
    order_id = 5_600_000_000_000
    for number, visit in enumerate(visits, start=1001):
        order_id += rng.randrange(1_000_000, 4_000_000)
        orders.append(_order(rng, number, str(order_id), visit))
    late = max(i for i, o in enumerate(orders) if o.when < LATE_REFUND - timedelta(days=7) and o.status == "paid")
    orders[late] = replace(orders[late], status="refunded", refunded_at=LATE_REFUND)
    return orders


def _visits(rng: random.Random) -> list[_Visit]:
    pool = by_role("fan") + by_role("customer")
    rng.shuffle(pool)
    visits = []
    for day in story.days():
        for _ in range(draw(rng, per_day(story.NEW_CUSTOMERS_PER_MONTH.at(day), day) * story.SEASON[day.month])):
            if not pool:
                break
            first = _Visit(local_moment(rng, day), pool.pop(), story.year_label(day), False)
            visits += [first, *_reorders(rng, first)]
    return visits


def _reorders(rng: random.Random, first: _Visit) -> list[_Visit]:
    chance, again = story.REORDER[first.cohort]
    out = []
    when = first.when
    while rng.random() < chance:
        when = when + timedelta(days=20 + rng.expovariate(1 / 70))
        if when.astimezone(TZ).date() > story.END:
            break
        out.append(_Visit(local_moment(rng, when.date()), first.customer, first.cohort, True))
        chance = again
    return out


def _order(rng: random.Random, number: int, order_id: str, visit: _Visit) -> Order:
    day = visit.when.astimezone(TZ).date()
    year = story.year_label(day)
    codes = story.REPEAT_ORDER_CODES[year] if visit.repeat else story.FIRST_ORDER_CODES[year]
    code = story.weighted(rng, codes)
    lines = tuple(_line(rng) for _ in range(rng.choices((1, 2, 3), (60, 28, 12))[0]))
    gross = sum(line.price * line.quantity for line in lines)
    discount = round(gross * CODE_PERCENT.get(code, 0) / 100)
    status, refunded_at = "paid", None
    roll = rng.random()
    if roll < story.REFUNDED_SHARE:
        status, refunded_at = "refunded", visit.when + timedelta(days=rng.uniform(5, 20))
    elif (story.END - day).days < 2 and roll < 0.4:
        status = "pending"
    tags = [t for t in (CODE_TAGS.get(code), "repeat" if visit.repeat else None) if t]
    return Order(
        number,
        order_id,
        visit.when.replace(microsecond=0),
        visit.customer,
        lines,
        code,
        discount,
        0 if gross - discount >= FREE_SHIPPING_FROM else SHIPPING,
        status,
        refunded_at,
        _fulfilled(rng, visit.when, day, status),
        rng.choices(("web", "580111"), (85, 15))[0],
        ", ".join(tags),
        _source(rng, code, year),
        rng.random() < 0.6,
        rng.choices(("Shopify Payments", "PayPal Express Checkout"), (75, 25))[0],
    )


def _line(rng: random.Random) -> Line:
    name, stem, price, colours, sizes = rng.choice(CATALOG)
    colour = rng.choice(colours)
    variant = f"{colour} / {rng.choice(sizes)}" if sizes else colour
    sku = f"MAR-{stem}-{colour[:3].upper()}" + (f"-{variant.split(' / ')[1]}" if sizes else "")
    return Line(f"{name} - {variant}", sku, price, rng.choices((1, 2), (90, 10))[0])


def _fulfilled(rng: random.Random, when: datetime, day: date, status: str) -> datetime | None:
    if status == "pending" or (story.END - day).days < 2:
        return None
    delay = rng.randrange(8, 15) if DELAYED[0] <= day <= DELAYED[1] else rng.randrange(0, 3)
    shipped = datetime.combine(
        day + timedelta(delay), time(rng.randrange(9, 19), rng.randrange(60), rng.randrange(60)), tzinfo=TZ
    ).astimezone(UTC)
    return shipped if shipped > when else shipped + timedelta(days=1)  # the warehouse works office hours


def _source(rng: random.Random, code: str, year: str) -> str:
    return story.weighted(rng, CODE_SOURCES.get(code) or OTHER_SOURCES[year])
