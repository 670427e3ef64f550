"""The public side of the story: Marea's own posts (X, Facebook, Instagram), what people say about it (the
listening feed) and the brand's replies on X."""

from __future__ import annotations

import random

from pipeline.demo import answers, listening, posts
from pipeline.demo.people import by_role
from pipeline.demo.records import Ids, Mention, MetaPost, Social, Tweet, x_user_id

__all__ = ["Mention", "MetaPost", "Social", "Tweet", "build", "x_user_id"]


def build(rng: random.Random) -> Social:
    ids = Ids(rng)
    social = Social()
    broadcasts = posts.broadcasts(rng, ids, social)
    fans = by_role("fan")
    social.mentions = listening.daily_mentions(rng, ids, fans, broadcasts)
    social.mentions.append(listening.email_mention(rng, ids, fans))
    answers.answer_on_x(rng, ids, social)
    answers.brand_retweets(rng, ids, social)
    answers.visible_thread(rng, ids, social, fans)
    social.mentions.sort(key=lambda m: (m.when, m.id))
    social.tweets.sort(key=lambda t: (t.when, t.id))
    return social
