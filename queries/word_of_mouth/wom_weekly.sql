/* ---
title: Authentic recommendations and share of conversation
description: >
  Each ISO week (Monday to Sunday in the report's time zone), per platform and for all platforms together: how many
  times people outside the brand recommended it on their own (authentic recommendations: the author tells others to
  buy, try, visit or trust the brand, at most three per account and week so one keen fan cannot make the number, and
  the recommending accounts), how many authentic mentions praised or thanked the brand without recommending it
  (praise_mentions), next to everything else said about the brand, class by class (see mention_classes):
  paid content, partners, the brand's own accounts, staff and suspected bots. The authentic share is the part of
  the whole conversation that is authentic: authentic mentions divided by all mentions plus the brand's own posts
  (original posts only: the brand's replies to people are care, not broadcasting, and a brand post the listening
  tool also caught counts once). The amplification rate is how often people shared the brand's posts: shares and
  reposts per original brand post published that week, over the posts whose export counts shares. Every rate has
  its n beside it (conversation, brand_posts_with_shares). The last week stops at the report's period end.
unit: mentions per week
grain: week
higher_is_better: true
owner: "@analytics"
pillar: word_of_mouth
order: 1
chart:
  type: line
  x: week
  y: [authentic_recommendations, paid_mentions, partner_mentions]
  where: {platform: all}
  labels:
    authentic_recommendations: Authentic recommendations
    paid_mentions: Paid mentions (disclosed ads)
    partner_mentions: Mentions by paid partners
  rolling: true
tiles:
  - {label: Authentic recommendations a week, value: avg(authentic_recommendations), where: {platform: all}}
  - label: Authentic share of the conversation
    value: sum(authentic_mentions) / nullif(sum(conversation), 0)
    where: {platform: all}
    format: percent
checks:
  - unique: [week, platform]
  - not_null: [week, platform, authentic_mentions, authentic_recommendations, recommending_authors, praise_mentions,
               all_mentions, brand_posts, conversation]
  - range: {column: authentic_share, min: 0, max: 1}
  - range: {column: amplification_rate, min: 0}
  - at_least_rows: 1
  - at_least_rows: 4
    severity: warn  # a brand's first weeks have fewer: reported, never a failed night
  - name: recommendations and praise never exceed authentic mentions, nor recommendations 3 per recommending account
    sql: >
      SELECT * FROM wom_weekly
      WHERE authentic_recommendations + praise_mentions > authentic_mentions
         OR authentic_recommendations > 3 * recommending_authors
         OR (authentic_recommendations > 0) <> (recommending_authors > 0)
  - name: the classes add up to all mentions
    sql: >
      SELECT * FROM wom_weekly
      WHERE authentic_mentions + paid_mentions + partner_mentions + brand_mentions + employee_mentions
            + bot_suspect_mentions <> all_mentions
  - name: the all row is the sum of the platform rows
    sql: >
      SELECT a.week FROM wom_weekly AS a
      JOIN (SELECT week, sum(all_mentions) AS m, sum(authentic_recommendations) AS r, sum(brand_posts) AS p
            FROM wom_weekly WHERE platform <> 'all' GROUP BY week) AS s USING (week)
      WHERE a.platform = 'all' AND (a.all_mentions <> s.m OR a.authentic_recommendations <> s.r OR a.brand_posts <> s.p)
--- */
WITH mentions_in_period AS (
    SELECT *
    FROM mention_classes
    WHERE day <= getvariable('period_end')
),

brand_posts AS (
    -- the brand's own original posts: not its replies to people, not its reposts of others
    SELECT
        p.platform,
        CAST(date_trunc('week', timezone(getvariable('timezone'), p.published_at)) AS DATE) AS week,
        p.shares,
        -- a brand post the listening tool also caught is already among the mentions (class brand)
        EXISTS (
            SELECT 1 FROM mention_classes AS m WHERE m.platform = p.platform AND m.mention_id = p.post_id
        ) AS also_a_mention
    FROM posts AS p
    WHERE p.in_reply_to_id IS NULL
        AND coalesce(lower(p.post_type), '') NOT IN ('reply', 'repost', 'retweet', 'share')
        AND CAST(timezone(getvariable('timezone'), p.published_at) AS DATE) <= getvariable('period_end')
),

weeks AS (  -- every week from the first with data to the one holding the period end, quiet weeks included
    SELECT CAST(unnest(generate_series(
        first_week, CAST(date_trunc('week', getvariable('period_end')) AS DATE), INTERVAL 1 WEEK
    )) AS DATE) AS week
    FROM (SELECT min(week) AS first_week FROM (
        SELECT week FROM mentions_in_period UNION ALL SELECT week FROM brand_posts
    ))
    WHERE first_week IS NOT NULL
),

platforms AS (
    SELECT platform FROM mentions_in_period
    UNION
    SELECT platform FROM brand_posts
),

mention_counts AS (
    SELECT
        platform,
        week,
        count(*) AS all_mentions,
        count(*) FILTER (WHERE class = 'authentic') AS authentic_mentions,
        count(*) FILTER (WHERE counted_recommendation) AS authentic_recommendations,
        count(DISTINCT coalesce(author_id, 'mention ' || mention_id)) FILTER (WHERE counted_recommendation)
            AS recommending_authors,
        count(*) FILTER (WHERE class = 'authentic' AND is_praise) AS praise_mentions,
        count(*) FILTER (WHERE class = 'paid') AS paid_mentions,
        count(*) FILTER (WHERE class = 'partner') AS partner_mentions,
        count(*) FILTER (WHERE class = 'brand') AS brand_mentions,
        count(*) FILTER (WHERE class = 'employee') AS employee_mentions,
        count(*) FILTER (WHERE class = 'bot_suspect') AS bot_suspect_mentions
    FROM mentions_in_period
    GROUP BY ALL
),

post_counts AS (
    SELECT
        platform,
        week,
        count(*) AS brand_posts,
        count(*) FILTER (WHERE NOT also_a_mention) AS brand_posts_not_mentions,
        count(shares) AS brand_posts_with_shares,
        sum(shares) AS brand_post_shares
    FROM brand_posts
    GROUP BY ALL
),

per_platform AS (
    SELECT
        w.week,
        p.platform,
        coalesce(m.authentic_mentions, 0) AS authentic_mentions,
        coalesce(m.authentic_recommendations, 0) AS authentic_recommendations,
        coalesce(m.recommending_authors, 0) AS recommending_authors,
        coalesce(m.praise_mentions, 0) AS praise_mentions,
        coalesce(m.paid_mentions, 0) AS paid_mentions,
        coalesce(m.partner_mentions, 0) AS partner_mentions,
        coalesce(m.brand_mentions, 0) AS brand_mentions,
        coalesce(m.employee_mentions, 0) AS employee_mentions,
        coalesce(m.bot_suspect_mentions, 0) AS bot_suspect_mentions,
        coalesce(m.all_mentions, 0) AS all_mentions,
        coalesce(c.brand_posts, 0) AS brand_posts,
        coalesce(c.brand_posts_not_mentions, 0) AS brand_posts_not_mentions,
        coalesce(c.brand_posts_with_shares, 0) AS brand_posts_with_shares,
        c.brand_post_shares
    FROM weeks AS w
    CROSS JOIN platforms AS p
    LEFT JOIN mention_counts AS m ON m.week = w.week AND m.platform = p.platform
    LEFT JOIN post_counts AS c ON c.week = w.week AND c.platform = p.platform
),

with_total AS (
    SELECT * FROM per_platform
    UNION ALL
    SELECT
        week,
        'all' AS platform,
        sum(authentic_mentions),
        sum(authentic_recommendations),
        sum(recommending_authors),  -- accounts are per platform, so the total adds them up
        sum(praise_mentions),
        sum(paid_mentions),
        sum(partner_mentions),
        sum(brand_mentions),
        sum(employee_mentions),
        sum(bot_suspect_mentions),
        sum(all_mentions),
        sum(brand_posts),
        sum(brand_posts_not_mentions),
        sum(brand_posts_with_shares),
        sum(brand_post_shares)
    FROM per_platform
    GROUP BY week
)

SELECT
    week,
    platform,
    CAST(authentic_mentions AS BIGINT) AS authentic_mentions,
    CAST(authentic_recommendations AS BIGINT) AS authentic_recommendations,
    CAST(recommending_authors AS BIGINT) AS recommending_authors,
    CAST(praise_mentions AS BIGINT) AS praise_mentions,
    CAST(paid_mentions AS BIGINT) AS paid_mentions,
    CAST(partner_mentions AS BIGINT) AS partner_mentions,
    CAST(brand_mentions AS BIGINT) AS brand_mentions,
    CAST(employee_mentions AS BIGINT) AS employee_mentions,
    CAST(bot_suspect_mentions AS BIGINT) AS bot_suspect_mentions,
    authentic_mentions / nullif(all_mentions + brand_posts_not_mentions, 0) AS authentic_share,
    brand_post_shares / nullif(brand_posts_with_shares, 0) AS amplification_rate,
    CAST(all_mentions AS BIGINT) AS all_mentions,
    CAST(brand_posts AS BIGINT) AS brand_posts,
    CAST(all_mentions + brand_posts_not_mentions AS BIGINT) AS conversation,
    CAST(brand_posts_with_shares AS BIGINT) AS brand_posts_with_shares,
    CAST(brand_post_shares AS BIGINT) AS brand_post_shares
FROM with_total
ORDER BY week, platform = 'all', platform
