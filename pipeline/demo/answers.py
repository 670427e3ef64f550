"""The brand answering on X: each reply carries the status id of the mention it answers. Year 1: one in five,
hours to days later. Year 2: most of them, within the hour; some people thank the brand back."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

from pipeline.demo import story, texts
from pipeline.demo.listening import posted
from pipeline.demo.people import Person
from pipeline.demo.records import Ids, Mention, Social, Tweet
from pipeline.demo.story import TZ, Trend

ACTIONABLE = {
    "complaint": "complaint",
    "spike": "spike",
    "question": "question",
    "reply": "question",
    "recommend": "positive",
    "praise": "positive",
}


def answer_on_x(rng: random.Random, ids: Ids, social: Social) -> None:
    last = datetime.combine(story.END + timedelta(1), time(0), tzinfo=TZ).astimezone(UTC)
    thanks: list[Mention] = []
    for mention in sorted(social.mentions, key=lambda m: (m.when, m.id)):
        kind = ACTIONABLE.get(mention.kind)
        day = mention.when.date()
        chance = story.ANSWERED.at(day) * (story.ACKNOWLEDGE_POSITIVE if kind == "positive" else 1.0)
        if mention.page_type != "twitter" or kind is None or rng.random() >= chance:
            continue
        reply = _reply(rng, ids, mention, kind, story.REPLY_MEDIAN_MINUTES, story.REPLY_SPREAD)
        if reply.when >= last:
            continue
        social.tweets.append(reply)
        if rng.random() < story.THANKS_AFTER_REPLY.at(day):
            thanks_when = reply.when + timedelta(minutes=rng.randrange(5, 300))
            text = rng.choice(texts.MENTIONS["thanks"][mention.language])
            thanks.append(
                posted(
                    rng,
                    ids,
                    "thanks",
                    mention.author,
                    thanks_when,
                    "twitter",
                    text,
                    "positive",
                    "reply",
                    mention.thread_id,
                )
            )
    social.mentions += [m for m in thanks if m.when < last]


def _reply(rng: random.Random, ids: Ids, mention: Mention, kind: str, median: Trend, spread: Trend) -> Tweet:
    day = mention.when.date()
    minutes = max(2.0, story.lognormal_minutes(rng, median.at(day), spread.at(day)))
    when = (mention.when + timedelta(minutes=minutes)).replace(microsecond=0)
    text = rng.choice(texts.BRAND_REPLIES[kind][mention.language]).format(h=mention.author.handle)
    return Tweet(ids.status(when), when, text, mention.language, rng.randrange(0, 4), 0, reply_to=mention)


def brand_retweets(rng: random.Random, ids: Ids, social: Social) -> None:
    """In year 2 the brand also reposts some recommendations: 'RT @fan: …', truncated as the archive does."""
    for mention in list(social.mentions):
        if (
            mention.kind == "recommend"
            and mention.page_type == "twitter"
            and story.is_year2(mention.when.date())
            and rng.random() < 0.06
        ):
            when = mention.when + timedelta(minutes=rng.randrange(20, 600))
            text = f"RT @{mention.author.handle}: {mention.text}"
            text = text if len(text) <= 140 else text[:139] + "…"
            social.tweets.append(Tweet(ids.status(when), when, text, mention.language, 0, 0, retweet_of=mention.author))


def visible_thread(rng: random.Random, ids: Ids, social: Social, fans: list[Person]) -> None:
    """One conversation anyone can follow: a complaint, the brand's reply, the customer's thanks, the brand again."""
    author = next(p for p in fans if p.language == "es" and p.handle != fans[0].handle)
    start = datetime(2026, 2, 3, 9, 12, 5, tzinfo=UTC)
    complaint = posted(
        rng,
        ids,
        "complaint",
        author,
        start,
        "twitter",
        "@marea_shop me ha llegado el bañador Posidonia en una talla que no pedí 😞 ¿Qué hago?",
        "negative",
    )
    first = Tweet(
        ids.status(start + timedelta(minutes=18)),
        start + timedelta(minutes=18),
        f"@{author.handle} ¡Lo sentimos! Hoy mismo te enviamos la talla correcta, sin coste, "
        "y puedes quedarte la otra para una amiga 💙",
        "es",
        3,
        0,
        reply_to=complaint,
    )
    thanks_at = start + timedelta(hours=3, minutes=4)
    thanks = posted(
        rng,
        ids,
        "thanks",
        author,
        thanks_at,
        "twitter",
        "@marea_shop ¡Qué rapidez! Ya me ha llegado. Mil gracias, así da gusto 💙",
        "positive",
        "reply",
        complaint.id,
    )
    second = Tweet(
        ids.status(thanks_at + timedelta(minutes=11)),
        thanks_at + timedelta(minutes=11),
        f"@{author.handle} ¡Gracias a ti! Disfruta del verano 🌊",
        "es",
        2,
        0,
        reply_to=thanks,
    )
    social.mentions += [complaint, replace(thanks, likes=14)]
    social.tweets += [first, second]
