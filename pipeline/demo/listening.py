"""What people say about the brand (the listening feed): fans recommending, praising, complaining and asking;
paid creators with disclosures, and creators the config does not name as partners who disclose a gift or a code;
staff; bots repeating themselves; reposts and replies to the brand; the avalanche."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from pipeline.demo import story, texts
from pipeline.demo.people import Person, by_role
from pipeline.demo.posts import around
from pipeline.demo.records import Ids, Mention, Tweet, stable_number
from pipeline.demo.story import TZ, draw, local_moment, per_day

PAGE_TYPES: dict[str, tuple[tuple[str, float], ...]] = {  # Instagram first: a swimwear brand's crowd
    "recommend": (("twitter", 25), ("instagram", 45), ("facebook", 10), ("tiktok", 10), ("blog", 5), ("forum", 5)),
    "praise": (("twitter", 22), ("instagram", 50), ("facebook", 12), ("tiktok", 11), ("blog", 5)),
    "complaint": (("twitter", 40), ("instagram", 20), ("facebook", 20), ("forum", 20)),
    "spike": (("twitter", 45), ("instagram", 25), ("facebook", 20), ("forum", 10)),
    "question": (("twitter", 30), ("instagram", 40), ("facebook", 20), ("forum", 10)),
    "chatter": (("twitter", 28), ("instagram", 35), ("facebook", 12), ("tiktok", 8), ("news", 10), ("blog", 7)),
    "paid": (("instagram", 60), ("tiktok", 25), ("twitter", 15)),
    "gifted": (("instagram", 55), ("tiktok", 35), ("twitter", 10)),
    "employee": (("instagram", 60), ("twitter", 40)),
}
SENTIMENT = {
    "recommend": "positive",
    "praise": "positive",
    "thanks": "positive",
    "paid": "positive",
    "complaint": "negative",
    "spike": "negative",
}
WEB_SITES = {  # page type -> language -> (domain, path, title)
    "news": {
        "es": ("www.diariomarino.example", "moda", "Marea, la marca de baño barcelonesa que arrasa"),
        "it": ("www.modaemare.example", "stile", "Marea, i costumi catalani conquistano l'Italia"),
        "en": ("www.coastalstyle.example", "fashion", "Marea: the Barcelona swimwear label to watch"),
    },
    "blog": {
        "es": ("www.blogdeplaya.example", "blog", "Mi experiencia con Marea"),
        "it": ("www.ilblogdellestate.example", "post", "Provato per voi: Marea"),
        "en": ("www.saltyhairblog.example", "posts", "Marea swimwear, honestly reviewed"),
    },
    "forum": {
        "es": ("www.forodeplaya.example", "t", "¿Alguien ha comprado en Marea?"),
        "it": ("www.forumdelmare.example", "thread", "Marea: opinioni?"),
        "en": ("www.swimforum.example", "topic", "Anyone bought from Marea?"),
    },
}
EMAIL_DAY = date(2025, 4, 10)


def daily_mentions(rng: random.Random, ids: Ids, fans: list[Person], broadcasts: list[Tweet]) -> list[Mention]:
    out: list[Mention] = []
    authors = {"paid": by_role("partner"), "employee": by_role("employee")}
    for day in story.days():
        season = 0.75 + 0.25 * story.SEASON[day.month]
        recent = [t for t in broadcasts if day - timedelta(6) <= t.when.date() <= day]
        for kind, trend in story.MENTIONS_PER_MONTH.items():
            for _ in range(draw(rng, per_day(trend.at(day), day) * season)):
                author = rng.choice(authors.get(kind, fans))
                when = local_moment(rng, day)
                if kind in ("share", "reply"):
                    if recent:
                        out.append(_on_brand_tweet(rng, ids, kind, author, when, rng.choice(recent)))
                    continue
                out.append(_mention(rng, ids, kind, author, when, fans))
        if story.in_spike(day):
            for _ in range(story.SPIKE_NEGATIVE_PER_DAY[(day - story.SPIKE[0]).days]):
                out.append(_mention(rng, ids, "spike", rng.choice(fans), local_moment(rng, day), fans))
        if day in story.BOT_DAYS:
            out += _bot_day(rng, ids, day)
    return [m for m in out if m.when.astimezone(TZ).date() <= story.END]


def _mention(rng: random.Random, ids: Ids, kind: str, author: Person, when: datetime, fans: list[Person]) -> Mention:
    page_type = story.weighted(rng, PAGE_TYPES[kind])
    language = author.language
    text = texts.fill(rng, rng.choice(texts.MENTIONS[kind][language]), language, page_type)
    if kind in ("recommend", "praise", "chatter") and page_type in ("twitter", "instagram") and rng.random() < 0.06:
        text = texts.FRIEND_TAG[language].format(friend=rng.choice(fans).handle) + text
    return posted(rng, ids, kind, author, when, page_type, text, SENTIMENT.get(kind, "neutral"))


def posted(
    rng: random.Random,
    ids: Ids,
    kind: str,
    author: Person,
    when: datetime,
    page_type: str,
    text: str,
    sentiment: str,
    entry_type: str = "post",
    thread_id: str = "",
) -> Mention:
    reach = {"partner": 40.0, "bot": 0.3, "employee": 3.0}.get(author.role, 1.0)
    likes: int | None = around(rng, 6 * reach)
    comments: int | None = around(rng, 0.8 * reach)
    shares: int | None = around(rng, 0.5 * reach)
    title = ""
    if page_type == "twitter":
        mention_id = ids.status(when)
        url = f"https://x.com/{author.handle}/status/{mention_id}"
        thread_id = thread_id or mention_id
    elif page_type == "instagram":
        mention_id = "18" + ids.digits(15)
        url = f"https://www.instagram.com/p/{ids.code('D', 10)}/"
    elif page_type == "facebook":
        mention_id = ids.digits(16)
        url = f"https://www.facebook.com/{_numeric_id(author)}/posts/{ids.code('pfbid0', 46)}"
    elif page_type == "tiktok":
        mention_id = ids.digits(19)
        url = f"https://vm.tiktok.com/{ids.code('ZM', 7)}/"
    else:
        domain, path, title = WEB_SITES[page_type][author.language]
        mention_id = ids.digits(7)
        url = f"https://{domain}/{path}/{when.year}/{when.month:02d}/marea-{mention_id}"
        likes = comments = shares = None  # web pages carry no engagement counts
    return Mention(
        mention_id,
        when,
        author,
        page_type,
        kind,
        text,
        author.language,
        sentiment,
        url,
        entry_type,
        thread_id,
        title,
        _followers(author) if page_type == "twitter" else None,
        likes,
        comments,
        shares,
    )


def _on_brand_tweet(rng: random.Random, ids: Ids, kind: str, author: Person, when: datetime, tweet: Tweet) -> Mention:
    when = max(when, tweet.when + timedelta(minutes=rng.randrange(3, 240)))
    if kind == "share":
        body = tweet.text if len(tweet.text) <= 110 else tweet.text[:110] + "…"
        return posted(
            rng, ids, "share", author, when, "twitter", f"RT @marea_shop: {body}", "neutral", "share", tweet.id
        )
    text = rng.choice(texts.MENTIONS["reply"][author.language])
    return posted(
        rng, ids, "reply", author, when, "twitter", text, rng.choice(("positive", "neutral")), "reply", tweet.id
    )


def _bot_day(rng: random.Random, ids: Ids, day: date) -> list[Mention]:
    out = []
    for bot in by_role("bot"):
        if rng.random() < 0.25:
            continue
        text = rng.choice(texts.BOT_TEXTS).format(brand="@marea_shop")
        start = datetime.combine(day, time(6), tzinfo=UTC)
        for _ in range(rng.randrange(*story.BOT_POSTS_PER_DAY)):
            when = start + timedelta(seconds=rng.randrange(16 * 3600))
            out.append(posted(rng, ids, "bot", bot, when, "twitter", text, "neutral"))
    return out


def email_mention(rng: random.Random, ids: Ids, fans: list[Person]) -> Mention:
    author = next(p for p in fans if p.language == "es")
    text = texts.EMAIL_TEXT.format(brand="@marea_shop", email=author.email)
    return posted(rng, ids, "complaint", author, local_moment(rng, EMAIL_DAY), "twitter", text, "negative")


def _followers(person: Person) -> int:
    base = {"partner": 48000, "bot": 35, "employee": 900}.get(person.role, 420)
    return base + stable_number(person.handle) % (base // 2 + 1)


def _numeric_id(person: Person) -> str:
    return str(100000000000000 + stable_number(person.handle) % 900000000000000)
