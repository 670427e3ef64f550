/* ---
title: Likes, reach and followers (vanity, for contrast)
description: >
  The numbers most social reports lead with, kept here only for contrast and never part of the health score: likes,
  reach and impressions of the brand's own broadcast posts, and followers. Each ISO week (Monday to Sunday, in the
  brand's time zone), posts are counted in the week they were published, with the totals the export reports for them.
  Broadcast posts only: the brand's replies to people (care, measured elsewhere) and its reposts of other people's
  posts are left out. reach adds up each post's reach, so a person reached by two posts counts twice. engagement_rate
  = (likes + comments + shares) ÷ impressions, over the posts whose export reports impressions (impressions is its n):
  the "engagement rate by impressions". The other common form divides by followers, an audience most of whom never saw
  the posts, and cannot be computed whenever the exports lack follower counts. likes_per_post is Kaushik's applause
  rate (n: posts). followers is the count at the last exported day of the week, summed over the brand's accounts on
  the platform, or NULL when no export has follower counts. A figure the export does not measure is NULL, never 0; a
  week without posts has no likes, reach or rates.
unit: likes per week
grain: week
higher_is_better: true
owner: "@analytics"
pillar: vanity
chart:
  type: bar
  x: week
  y: [likes, likes_per_post]
  where: {platform: all}
  labels: {likes: Likes, likes_per_post: Likes per post}
  y2: likes_per_post  # likes in thousands a week, per post in hundreds: two scales
tiles:
  - {label: Likes a week, value: avg(likes), where: {platform: all}}
  - {label: Reach a week, value: avg(reach), where: {platform: all}}
  - label: Followers
    value: arg_max(followers, week)
    where: {platform: all}
checks:
  - unique: [week, platform]
  - not_null: [week, platform, posts]
  - range: {column: likes, min: 0}
  - range: {column: engagement_rate, min: 0}
  - range: {column: engagement_rate, max: 1}
    severity: warn
  - at_least_rows: 1
  - name: no likes without posts
    sql: SELECT * FROM vanity_weekly WHERE posts = 0 AND coalesce(likes, 0) > 0
--- */
-- Engagement rate by impressions: (likes + comments + shares) ÷ impressions, one of the two forms in use (e.g.
-- https://static.dashthis.com/engagement-rate-calculator, https://bettermode.com/blog/engagement-rate);
-- the by-followers form is shared/reference/metrics.md #16.
WITH params AS (
    SELECT
        coalesce(getvariable('timezone'), 'UTC') AS tz,
        coalesce(CAST(getvariable('period_end') AS DATE), DATE '9999-12-31') AS period_end
),

broadcasts AS (
    SELECT
        po.platform,
        CAST(date_trunc('week', timezone(p.tz, po.published_at)) AS DATE) AS week,
        po.likes,
        po.comments,
        po.shares,
        po.reach,
        po.impressions
    FROM posts AS po
    CROSS JOIN params AS p
    WHERE po.in_reply_to_id IS NULL
      AND coalesce(lower(po.post_type), '') NOT IN ('reply', 'repost')
      AND CAST(timezone(p.tz, po.published_at) AS DATE) <= p.period_end
),

post_totals AS (
    SELECT
        week,
        coalesce(platform, 'all') AS platform,
        count(*) AS posts,
        sum(likes) AS likes,
        sum(comments) AS comments,
        sum(shares) AS shares,
        sum(reach) AS reach,
        sum(impressions) AS impressions,
        -- engagement over impressions, only on posts that report impressions
        sum(coalesce(likes, 0) + coalesce(comments, 0) + coalesce(shares, 0)) FILTER (WHERE impressions > 0)
            AS engagements_on_measured,
        sum(impressions) FILTER (WHERE impressions > 0) AS measured_impressions
    FROM broadcasts
    GROUP BY GROUPING SETS ((week, platform), (week))
),

last_follower_day AS (  -- each account's last exported count in each week
    SELECT
        f.platform,
        f.account,
        CAST(date_trunc('week', f.date) AS DATE) AS week,
        arg_max(f.followers, f.date) AS followers
    FROM followers_daily AS f
    CROSS JOIN params AS p
    WHERE f.followers IS NOT NULL AND f.date <= p.period_end
    GROUP BY ALL
),

follower_totals AS (
    SELECT week, coalesce(platform, 'all') AS platform, sum(followers) AS followers
    FROM last_follower_day
    GROUP BY GROUPING SETS ((week, platform), (week))
),

weeks AS (
    SELECT CAST(unnest(generate_series(min(week)::TIMESTAMP, max(week)::TIMESTAMP, INTERVAL 7 DAY)) AS DATE) AS week
    FROM (SELECT week FROM broadcasts UNION ALL SELECT week FROM last_follower_day)
),

platforms AS (
    SELECT platform FROM broadcasts
    UNION
    SELECT platform FROM last_follower_day
    UNION
    SELECT 'all' WHERE EXISTS (SELECT 1 FROM broadcasts) OR EXISTS (SELECT 1 FROM last_follower_day)
)

SELECT
    weeks.week,
    platforms.platform,
    CAST(t.likes AS BIGINT) AS likes,
    CAST(t.reach AS BIGINT) AS reach,
    CAST(t.impressions AS BIGINT) AS impressions,
    CAST(f.followers AS BIGINT) AS followers,
    t.engagements_on_measured / nullif(t.measured_impressions, 0) AS engagement_rate,
    coalesce(t.posts, 0) AS posts,
    t.likes / nullif(t.posts, 0) AS likes_per_post,
    CAST(t.comments AS BIGINT) AS comments,
    CAST(t.shares AS BIGINT) AS shares
FROM weeks
CROSS JOIN platforms
LEFT JOIN post_totals AS t USING (week, platform)
LEFT JOIN follower_totals AS f USING (week, platform)
ORDER BY weeks.week, platforms.platform
