/* ---
title: Net sentiment of authentic mentions
description: >
  Each ISO week (in the report's time zone), per platform and for all platforms: the positive, negative and neutral
  authentic mentions (people outside the brand, its staff and partners, not paid, not bots; reposts carry no opinion
  of their own and are left out), and the net sentiment, (positive - negative) / (positive + negative) x 100, from
  -100 (all negative) to +100 (all positive), neutral mentions left out (the Talkwalker formula). The sentiment is
  the listening export's when it has one, else it is read from the word lists. With fewer than
  net_sentiment_min_n positive plus negative mentions in a week (20 unless the config says otherwise) the net
  sentiment is left empty: a handful of mentions swings it wildly. The last week stops at the report's period end.
unit: points (-100 to +100)
grain: week
higher_is_better: true
owner: "@analytics"
pillar: reputation
order: 1
chart:
  type: line
  x: week
  y: net_sentiment
  where: {platform: all}
  labels: {net_sentiment: Net sentiment}
  format: points
  rolling: true
tiles:
  - label: Net sentiment
    value: 100 * (sum(positive) - sum(negative)) / nullif(sum(positive) + sum(negative), 0)
    where: {platform: all}
    format: points
checks:
  - unique: [week, platform]
  - not_null: [week, platform, positive, negative, neutral]
  - range: {column: net_sentiment, min: -100, max: 100}
  - at_least_rows: 1
  - at_least_rows: 4
    severity: warn  # a brand's first weeks have fewer: reported, never a failed night
  - name: net sentiment is shown only with enough positive and negative mentions
    sql: >
      SELECT * FROM net_sentiment_weekly
      WHERE (net_sentiment IS NOT NULL) <> (positive + negative >= greatest(getvariable('net_sentiment_min_n'), 1))
--- */
WITH rated AS (
    SELECT platform, week, sentiment
    FROM mention_classes
    WHERE class = 'authentic' AND sentiment IS NOT NULL AND day <= getvariable('period_end')
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
        count(r.sentiment) FILTER (WHERE r.sentiment = 'positive') AS positive,
        count(r.sentiment) FILTER (WHERE r.sentiment = 'negative') AS negative,
        count(r.sentiment) FILTER (WHERE r.sentiment = 'neutral') AS neutral
    FROM weeks AS w
    CROSS JOIN platforms AS p
    LEFT JOIN rated AS r ON r.week = w.week AND r.platform = p.platform
    GROUP BY ALL
),

with_total AS (
    SELECT * FROM per_platform
    UNION ALL
    SELECT week, 'all', sum(positive), sum(negative), sum(neutral)
    FROM per_platform
    GROUP BY week
)

SELECT
    week,
    platform,
    CAST(positive AS BIGINT) AS positive,
    CAST(negative AS BIGINT) AS negative,
    CAST(neutral AS BIGINT) AS neutral,
    CASE
        WHEN positive + negative >= getvariable('net_sentiment_min_n') AND positive + negative > 0
            THEN 100.0 * (positive - negative) / (positive + negative)
    END AS net_sentiment
FROM with_total
ORDER BY week, platform = 'all', platform
