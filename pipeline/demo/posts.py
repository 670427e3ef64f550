"""The brand's own broadcasts on X, Facebook and Instagram: many in year 1, fewer in year 2, likes stalling."""

from __future__ import annotations

import random
from datetime import datetime

from pipeline.demo import story, texts
from pipeline.demo.people import by_role
from pipeline.demo.records import Ids, MetaPost, Social, Tweet
from pipeline.demo.story import draw, local_moment

FB_PAGE_ID = "100063588447291"


def broadcasts(rng: random.Random, ids: Ids, social: Social) -> list[Tweet]:
    fans = by_role("fan")
    for day in story.days():
        for platform in ("x", "facebook", "instagram"):
            for _ in range(draw(rng, story.BROADCASTS_PER_WEEK[platform].at(day) / 7, noise=0.4)):
                when = local_moment(rng, day)
                language = rng.choices(("es", "it", "en"), (6, 2, 2))[0]
                text = rng.choice(texts.BROADCASTS[language])
                likes = around(rng, story.LIKES_PER_POST[platform].at(day) * (0.85 + 0.1 * story.SEASON[day.month]))
                comments = around(rng, story.COMMENTS_PER_POST[platform].at(day))
                if platform == "x":
                    social.tweets.append(
                        Tweet(ids.status(when), when, text, language, likes, around(rng, likes * 0.12))
                    )
                else:
                    if story.is_year2(day) and rng.random() < 0.2:  # reposted customer photo, credited by handle
                        text += texts.UGC_CREDIT[language].format(h=rng.choice(fans).handle)
                    social.meta_posts.append(_meta_post(rng, ids, platform, when, text, likes, comments))
    return list(social.tweets)


def _meta_post(
    rng: random.Random, ids: Ids, platform: str, when: datetime, caption: str, likes: int, comments: int
) -> MetaPost:
    if platform == "facebook":
        kind = rng.choices(("Photos", "Reel", "Videos", "Links", "Text"), (50, 25, 8, 10, 7))[0]
        video = kind in ("Reel", "Videos")
        post_id = ids.digits(16)
        link = (
            f"https://www.facebook.com/reel/{post_id}"
            if kind == "Reel"
            else f"https://www.facebook.com/{FB_PAGE_ID}/posts/{ids.code('pfbid0', 46)}"
        )
        views = int(likes * rng.uniform(8, 14) * (1.6 if video else 1))
        return MetaPost(
            platform,
            post_id,
            when,
            caption,
            kind,
            rng.randrange(12, 90) if video else 0,
            link,
            likes,
            comments,
            around(rng, likes * 0.05),
            views,
            int(views * rng.uniform(0.65, 0.85)),
            clicks=around(rng, views * 0.03),
        )
    kind = rng.choices(("IG image", "IG carousel", "IG reel"), (40, 30, 30))[0]
    code = ids.code("D", 10)
    link = f"https://www.instagram.com/{'reel' if kind == 'IG reel' else 'p'}/{code}/"
    views = int(likes * rng.uniform(10, 18) * (1.8 if kind == "IG reel" else 1))
    return MetaPost(
        platform,
        "18" + ids.digits(15),
        when,
        caption,
        kind,
        rng.randrange(8, 60) if kind == "IG reel" else 0,
        link,
        likes,
        comments,
        around(rng, likes * 0.03),
        views,
        int(views * rng.uniform(0.6, 0.8)),
        saves=around(rng, likes * 0.05),
        follows=around(rng, likes * 0.01),
    )


def around(rng: random.Random, mean: float) -> int:
    return max(0, round(mean * rng.lognormvariate(0.0, 0.45) * 0.9))
