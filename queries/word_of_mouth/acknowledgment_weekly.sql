/* ---
title: Recommendations the brand thanked within 48 hours
description: >
  Each ISO week (in the report's time zone), per platform and for all platforms: of the authentic recommendations
  counted in the headline (see wom_weekly), how many the brand answered within 48 hours, and that share. An answer
  is a post by a brand account replying to that very mention (its in_reply_to_id is the mention's id, from the
  brand's own post export or caught by the listening tool), or a human (not automated) outbound message in a
  conversation whose thread id is the mention's id, as inbox tools file the comments under a post. The messages
  table has no reply-to column, so a private thank-you in a separate direct message cannot be tied to the mention
  and is not counted. Likes and reposts by the brand are not counted either: the exports do not say who liked
  what. A recommendation posted in the last 48 hours before the period end has not had its full 48 hours yet, so
  the newest week can still rise on a later run.
unit: share of recommendations
grain: week
higher_is_better: true
owner: "@analytics"
pillar: word_of_mouth
order: 2
chart:
  type: line
  x: week
  y: acknowledgment_rate
  where: {platform: all}
  labels: {acknowledgment_rate: Recommendations thanked within 48 h}
  format: percent
  rolling: true
tiles:
  - label: Recommendations thanked within 48 h
    value: sum(acknowledged_48h) / nullif(sum(recommendations), 0)
    where: {platform: all}
    format: percent
checks:
  - unique: [week, platform]
  - not_null: [week, platform, recommendations, acknowledged_48h]
  - range: {column: acknowledgment_rate, min: 0, max: 1}
  - at_least_rows: 1
  - at_least_rows: 4
    severity: warn  # a brand's first weeks have fewer: reported, never a failed night
  - name: acknowledged recommendations never exceed recommendations
    sql: SELECT * FROM acknowledgment_weekly WHERE acknowledged_48h > recommendations
  - name: recommendations are the headline's authentic recommendations
    sql: >
      SELECT a.week, a.platform, a.recommendations, w.authentic_recommendations
      FROM acknowledgment_weekly AS a JOIN wom_weekly AS w USING (week, platform)
      WHERE a.recommendations <> w.authentic_recommendations
--- */
WITH recommendations AS (
    SELECT platform, mention_id, published_at, week
    FROM mention_classes
    WHERE counted_recommendation AND day <= getvariable('period_end')
),

brand_answers AS (  -- everything the brand said in reply to something, with what it replied to
    SELECT platform, in_reply_to_id AS answered_id, published_at AS answered_at
    FROM posts
    WHERE in_reply_to_id IS NOT NULL
    UNION ALL
    SELECT platform, in_reply_to_id, published_at
    FROM mention_classes
    WHERE class = 'brand' AND in_reply_to_id IS NOT NULL
    UNION ALL
    SELECT platform, thread_id, sent_at
    FROM messages
    WHERE direction = 'outbound' AND NOT coalesce(is_automated, false) AND thread_id IS NOT NULL
),

acknowledged AS (
    SELECT
        r.platform,
        r.mention_id,
        r.week,
        EXISTS (
            SELECT 1 FROM brand_answers AS b
            WHERE b.platform = r.platform
                AND b.answered_id = r.mention_id
                AND b.answered_at >= r.published_at
                AND b.answered_at <= r.published_at + INTERVAL 48 HOUR
        ) AS within_48h
    FROM recommendations AS r
),

weeks AS (  -- every week from the first mention to the one holding the period end
    SELECT CAST(unnest(generate_series(
        first_week, CAST(date_trunc('week', getvariable('period_end')) AS DATE), INTERVAL 1 WEEK
    )) AS DATE) AS week
    FROM (SELECT min(week) AS first_week FROM mention_classes WHERE day <= getvariable('period_end'))
    WHERE first_week IS NOT NULL
),

platforms AS (
    SELECT DISTINCT platform FROM mention_classes WHERE day <= getvariable('period_end')
),

per_platform AS (
    SELECT
        w.week,
        p.platform,
        count(a.mention_id) AS recommendations,
        count(a.mention_id) FILTER (WHERE a.within_48h) AS acknowledged_48h
    FROM weeks AS w
    CROSS JOIN platforms AS p
    LEFT JOIN acknowledged AS a ON a.week = w.week AND a.platform = p.platform
    GROUP BY ALL
),

with_total AS (
    SELECT * FROM per_platform
    UNION ALL
    SELECT week, 'all', sum(recommendations), sum(acknowledged_48h)
    FROM per_platform
    GROUP BY week
)

SELECT
    week,
    platform,
    CAST(recommendations AS BIGINT) AS recommendations,
    CAST(acknowledged_48h AS BIGINT) AS acknowledged_48h,
    acknowledged_48h / nullif(recommendations, 0) AS acknowledgment_rate
FROM with_total
ORDER BY week, platform = 'all', platform
