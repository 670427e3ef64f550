/* ---
title: Earned mentions next to likes on brand posts
description: >
  Each ISO week (in the brand's time zone): how many times people outside the brand, its staff and its paid
  partners mentioned it on their own (earned mentions, reposts excluded), next to the likes the brand's own posts
  collected. Likes are applause for what the brand broadcast; earned mentions are conversation it did not pay for.
unit: count per week
grain: week
higher_is_better: true
owner: "@analytics"
chart: {type: line, x: week, y: [earned_mentions, brand_post_likes]}
--- */
WITH earned AS (
    SELECT
        CAST(date_trunc('week', timezone(getvariable('timezone'), published_at)) AS DATE) AS week,
        count(*) AS earned_mentions,       -- mentions by people outside the brand, staff and partners
        count(DISTINCT author_id) AS earned_authors
    FROM mentions
    WHERE author_role = 'other' AND NOT coalesce(is_repost, false)
    GROUP BY ALL
),

applause AS (
    SELECT
        CAST(date_trunc('week', timezone(getvariable('timezone'), published_at)) AS DATE) AS week,
        sum(likes) AS brand_post_likes,    -- NULL where no export measured likes
        count(*) AS brand_posts
    FROM posts
    GROUP BY ALL
)

SELECT
    week,
    coalesce(earned.earned_mentions, 0) AS earned_mentions,
    coalesce(earned.earned_authors, 0) AS earned_authors,
    applause.brand_post_likes,
    coalesce(applause.brand_posts, 0) AS brand_posts
FROM earned
FULL OUTER JOIN applause USING (week)
ORDER BY week
