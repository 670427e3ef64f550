"""The records the social generators share: the brand's posts, people's mentions, and unique, time-consistent ids."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from pipeline.demo import story
from pipeline.demo.people import Person

ALPHANUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
DOMAINS = {"twitter": "x.com", "instagram": "instagram.com", "facebook": "facebook.com", "tiktok": "tiktok.com"}


@dataclass(frozen=True)
class Mention:
    id: str
    when: datetime  # UTC
    author: Person
    page_type: str
    kind: str
    text: str
    language: str
    sentiment: str
    url: str
    entry_type: str  # post | reply | share
    thread_id: str = ""
    title: str = ""
    followers: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None

    @property
    def domain(self) -> str:
        return DOMAINS.get(self.page_type) or self.url.split("/")[2]


@dataclass(frozen=True)
class Tweet:
    id: str
    when: datetime
    text: str
    language: str
    likes: int
    retweets: int
    reply_to: Mention | None = None
    retweet_of: Person | None = None


@dataclass(frozen=True)
class MetaPost:
    platform: str  # facebook | instagram
    post_id: str
    when: datetime
    caption: str
    post_type: str
    duration: int
    permalink: str
    likes: int
    comments: int
    shares: int
    views: int
    reach: int
    saves: int = 0
    follows: int = 0
    clicks: int = 0


@dataclass
class Social:
    tweets: list[Tweet] = field(default_factory=list)
    meta_posts: list[MetaPost] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


class Ids:
    """Unique, time-consistent ids."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seq = 0
        self.seen: set[str] = set()

    def status(self, moment: datetime) -> str:
        while True:
            self.seq += 1
            candidate = story.snowflake(moment + timedelta(milliseconds=self.rng.randrange(1000)), self.seq)
            if candidate not in self.seen:
                self.seen.add(candidate)
                return candidate

    def digits(self, n: int) -> str:
        while True:
            candidate = str(self.rng.randrange(10 ** (n - 1), 10**n))
            if candidate not in self.seen:
                self.seen.add(candidate)
                return candidate

    def code(self, prefix: str, n: int) -> str:
        while True:
            candidate = prefix + "".join(self.rng.choice(ALPHANUM) for _ in range(n))
            if candidate not in self.seen:
                self.seen.add(candidate)
                return candidate


def x_user_id(person: Person) -> str:
    return str(10**17 + stable_number(person.handle) % (9 * 10**17))


def stable_number(text: str) -> int:
    """A number derived from a text, the same in every run (unlike hash())."""
    value = 0
    for char in text.encode("utf-8"):
        value = (value * 131 + char) % (1 << 61)
    return value
