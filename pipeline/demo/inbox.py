"""Private conversations (Instagram and Facebook DMs, X DMs): in year 1 an automated acknowledgement and, for few
people, a human answer days later; in year 2 a person answers most of them within the hour."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from pipeline.demo import story, texts
from pipeline.demo.people import BRAND_HANDLES, Person, by_role
from pipeline.demo.story import TZ, draw, local_moment, per_day

PLATFORMS = (("instagram", 55.0), ("facebook", 25.0), ("x", 20.0))
EMAIL_DAY = datetime(2025, 5, 20, 16, 41, 9, tzinfo=UTC)


@dataclass(frozen=True)
class Message:
    platform: str
    conversation_id: str
    message_id: str
    when: datetime  # UTC
    sender: str  # a person's handle, or the brand's handle on that platform
    text: str
    automated: bool = False


def build(rng: random.Random) -> list[Message]:
    writers = by_role("fan") + by_role("customer")
    ids = _Ids(rng)
    out: list[Message] = []
    for day in story.days():
        count = draw(rng, per_day(story.CONVERSATIONS_PER_MONTH.at(day), day) * (0.7 + 0.3 * story.SEASON[day.month]))
        topics = [rng.choices(("question", "problem"), (55, 45))[0] for _ in range(count)]
        if story.in_spike(day):
            topics += ["delay"] * draw(rng, story.SPIKE_CONVERSATIONS_PER_DAY)
        for topic in topics:
            out += _conversation(rng, ids, rng.choice(writers), topic, local_moment(rng, day))
    out += _email_conversation(ids, next(p for p in writers if p.language == "es"))
    last = datetime.combine(story.END, time(23, 59, 59), tzinfo=TZ).astimezone(UTC)
    return sorted((m for m in out if m.when <= last), key=lambda m: (m.when, m.conversation_id, m.message_id))


def _conversation(rng: random.Random, ids: _Ids, person: Person, topic: str, start: datetime) -> list[Message]:
    platform = story.weighted(rng, PLATFORMS)
    brand = BRAND_HANDLES[platform][0]
    day = start.date()
    lang = person.language
    conversation = ids.conversation(platform)

    def say(sender: str, when: datetime, text: str, automated: bool = False) -> Message:
        return Message(platform, conversation, ids.message(), when.replace(microsecond=0), sender, text, automated)

    messages = [say(person.handle, start, texts.pick(rng, texts.DMS, topic, lang))]
    if platform != "x" and rng.random() < story.AUTO_ACK.at(day):
        messages.append(say(brand, start + timedelta(seconds=rng.randrange(2, 20)), texts.AUTO_ACK[lang], True))
    answered = rng.random() < story.ANSWERED.at(day)
    minutes = max(1.0, story.lognormal_minutes(rng, story.REPLY_MEDIAN_MINUTES.at(day), story.REPLY_SPREAD.at(day)))
    reply_at = start + timedelta(minutes=minutes)
    if (not answered or minutes > 18 * 60) and rng.random() < 0.35:  # nobody came back: they ask again
        messages.append(
            say(
                person.handle,
                start + timedelta(hours=rng.uniform(4, 18)),
                texts.pick(rng, texts.DMS, "follow_up", lang),
            )
        )
    if not answered:
        return messages
    messages.append(say(brand, reply_at, texts.pick(rng, texts.BRAND_DMS, topic, lang)))
    if rng.random() < story.THANKS_AFTER_REPLY.at(day) + 0.15:
        thanks_at = reply_at + timedelta(minutes=rng.uniform(2, 240))
        messages.append(say(person.handle, thanks_at, texts.pick(rng, texts.DMS, "thanks", lang)))
        if story.is_year2(day) and rng.random() < 0.4:
            closing = thanks_at + timedelta(minutes=rng.uniform(1, 30))
            messages.append(say(brand, closing, texts.pick(rng, texts.BRAND_DMS, "closing", lang)))
    return messages


def _email_conversation(ids: _Ids, person: Person) -> list[Message]:
    """A person pastes their email into a DM: privacy redaction must remove it."""
    conversation = ids.conversation("instagram")
    brand = BRAND_HANDLES["instagram"][0]
    return [
        Message(
            "instagram",
            conversation,
            ids.message(),
            EMAIL_DAY,
            person.handle,
            "Hola, quiero cambiar la talla de mi pedido",
        ),
        Message(
            "instagram",
            conversation,
            ids.message(),
            EMAIL_DAY + timedelta(seconds=7),
            brand,
            texts.AUTO_ACK["es"],
            True,
        ),
        Message(
            "instagram",
            conversation,
            ids.message(),
            EMAIL_DAY + timedelta(minutes=3),
            person.handle,
            f"Mi email es {person.email}, por si os hace falta",
        ),
    ]


class _Ids:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.count = 0

    def conversation(self, platform: str) -> str:
        self.count += 1
        return f"{platform[:2]}-{self.count:05d}{self.rng.randrange(10**6, 10**7)}"

    def message(self) -> str:
        self.count += 1
        return f"mid.{self.count:06d}{self.rng.getrandbits(40):010x}"
