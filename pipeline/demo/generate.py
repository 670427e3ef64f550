"""The demo's exports: 24 months (2024-11-01 .. 2026-10-31) of the fictional brand Marea, in the real formats of the
shared reference export-formats.md. Deterministic: fixed seeds, fixed dates, no clock, sorted output, so every run
writes the same bytes. The story and its rates live in story.py.

The mess is deliberate: overlapping downloads (the same posts, mentions and orders in two files, the later one with
newer numbers), one malformed record per file, a brand reply thread, employees and paid creators among the authors,
creators the config does not know disclosing gifts and codes, and a comments export with no sentiment or language.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from pipeline.demo import inbox, shop, social, story, traffic
from pipeline.demo.shopify import write_orders
from pipeline.demo.story import TZ
from pipeline.demo.writers import write_brandwatch, write_comments, write_ga4, write_inbox, write_meta
from pipeline.demo.x_archive import write_archive

EXPORT_FILES = (
    "x/twitter-archive/data/manifest.js",
    "x/twitter-archive/data/account.js",
    "x/twitter-archive/data/tweets.js",
    "x/twitter-archive/data/README.txt",
    "x/twitter-archive/Your archive.html",
    "x/twitter-archive/assets/js/app.js",
    "meta/facebook_posts_2024-11_2025-10.csv",
    "meta/facebook_posts_2025-09_2026-10.csv",
    "meta/instagram_posts_2024-11_2025-10.csv",
    "meta/instagram_posts_2025-09_2026-10.csv",
    "listening/brandwatch_mentions_2024-11_2025-10.csv",
    "listening/brandwatch_mentions_2025-10_2026-10.csv",
    "listening/tiktok_comments_2024-11_2026-10.csv",
    "ga4/ga4_traffic_acquisition_2024-11_2026-10.csv",
    "shop/orders_export_1.csv",
    "shop/orders_export_2.csv",
    "inbox/conversations_2024-11_2026-10.csv",
)
YEAR1_END = date(2025, 10, 31)
FIRST_DOWNLOAD = date(2025, 11, 1)  # when the older files were downloaded
LAST_DOWNLOAD = date(2026, 11, 1)

T = TypeVar("T")


@dataclass(frozen=True)
class World:
    social: social.Social
    messages: list[inbox.Message]
    orders: list[shop.Order]
    traffic: list[traffic.TrafficRow]


def build() -> World:
    """Every record of the demo, in memory. Each generator has its own seeded stream, so tuning one leaves the
    others' data unchanged."""
    orders = shop.build(random.Random(story.SEED + 3))
    return World(
        social=social.build(random.Random(story.SEED + 1)),
        messages=inbox.build(random.Random(story.SEED + 2)),
        orders=orders,
        traffic=traffic.build(random.Random(story.SEED + 4), orders),
    )


def write_exports(exports: Path) -> None:
    world = build()
    write_archive(exports / "x" / "twitter-archive", world.social.tweets)
    _write_meta(exports / "meta", world.social.meta_posts)
    _write_listening(exports / "listening", world.social.mentions)
    write_ga4(exports / "ga4" / "ga4_traffic_acquisition_2024-11_2026-10.csv", world.traffic, story.START, story.END)
    _write_shop(exports / "shop", world.orders)
    malformed = _first(world.messages, lambda m: m.when.date() >= date(2025, 6, 1) and not m.automated)
    write_inbox(exports / "inbox" / "conversations_2024-11_2026-10.csv", world.messages, malformed.message_id)


def _write_meta(folder: Path, posts: Sequence[social.MetaPost]) -> None:
    for platform, bad_old, bad_new in (
        ("facebook", ("Publish time", "31/13/2025 25:00", date(2025, 3, 1)), ("Reach", "n/d", date(2026, 4, 1))),
        ("instagram", ("Reach", "n/d", date(2025, 2, 1)), ("Publish time", "31/13/2026 25:00", date(2026, 5, 1))),
    ):
        mine = [p for p in posts if p.platform == platform]
        old = [p for p in mine if _local(p.when) <= YEAR1_END]
        new = [p for p in mine if _local(p.when) >= date(2025, 9, 1)]
        for name, chunk, (column, value, after), exported in (
            (f"{platform}_posts_2024-11_2025-10.csv", old, bad_old, FIRST_DOWNLOAD),
            (f"{platform}_posts_2025-09_2026-10.csv", new, bad_new, LAST_DOWNLOAD),
        ):
            broken = next(p for p in chunk if _local(p.when) >= after)
            write_meta(folder / name, chunk, exported, (broken.post_id, column, value))


def _write_listening(folder: Path, mentions: Sequence[social.Mention]) -> None:
    """Brandwatch downloads (with sentiment and language), and TikTok comments from another tool without either."""
    write_comments(folder / "tiktok_comments_2024-11_2026-10.csv", [m for m in mentions if m.page_type == "tiktok"])
    mentions = [m for m in mentions if m.page_type != "tiktok"]
    old = [m for m in mentions if m.when.date() <= YEAR1_END]
    new = [m for m in mentions if m.when.date() >= date(2025, 10, 1)]
    bad_old = _first(old, lambda m: m.kind == "chatter" and m.when.date() >= date(2025, 6, 1))
    bad_new = _first(new, lambda m: m.kind == "chatter" and m.when.date() >= date(2026, 5, 1))
    write_brandwatch(
        folder / "brandwatch_mentions_2024-11_2025-10.csv", old, FIRST_DOWNLOAD, (bad_old.id, "31/06/2025 25:10")
    )
    write_brandwatch(
        folder / "brandwatch_mentions_2025-10_2026-10.csv", new, LAST_DOWNLOAD, (bad_new.id, "2026-13-05 08:00:00.0")
    )


def _write_shop(folder: Path, orders: Sequence[shop.Order]) -> None:
    old = [o for o in orders if _local(o.when) <= YEAR1_END]
    new = [o for o in orders if _local(o.when) >= date(2025, 10, 1)]
    broken = _first(new, lambda o: _local(o.when) >= date(2026, 6, 1) and len(o.lines) == 1)
    write_orders(folder / "orders_export_1.csv", old, FIRST_DOWNLOAD, malformed=0)
    write_orders(folder / "orders_export_2.csv", new, LAST_DOWNLOAD, malformed=broken.number)


def _local(moment: datetime) -> date:
    return moment.astimezone(TZ).date()


def _first(items: Sequence[T], wanted: Callable[[T], bool]) -> T:
    return next(item for item in items if wanted(item))
