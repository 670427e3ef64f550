/* ---
title: Returning engagers
description: >
  Does the brand's community come back? Each ISO week (Monday to Sunday, in the brand's time zone): the people outside
  the brand who engaged with it on a platform (mentioned it, replied to it, shared its posts or wrote to it in private
  messages), and how many of them had also engaged on that platform in the four weeks before. returning_rate =
  returning_engagers ÷ engagers, with engagers as its n. Only people outside the brand count: the brand's own
  accounts, its staff and its paid partners are left out (they post about the brand as part of their job, so their
  coming back says nothing about the community), and so are automated inbound messages. A person is an account on one
  platform: pseudonymised handles cannot be linked across networks, so "all" adds up the platforms. The first four
  weeks after the data starts have no full look-back window and show no returning figures (NULL) rather than a rate
  that looks low only because the history is missing.
unit: share of the week's engagers
grain: week
higher_is_better: true
owner: "@analytics"
pillar: loyalty
order: 1
chart:
  type: line
  x: week
  y: returning_rate
  where: {platform: all}
  labels: {returning_rate: Engagers who came back within 4 weeks}
  format: percent
  rolling: true
tiles:
  - label: Engagers who came back
    value: sum(returning_engagers) / nullif(sum(engagers) FILTER (WHERE returning_rate IS NOT NULL), 0)
    where: {platform: all}
    format: percent
checks:
  - unique: [week, platform]
  - not_null: [week, platform, engagers]
  - range: {column: returning_rate, min: 0, max: 1}
  - at_least_rows: 1
  - name: returning engagers never exceed engagers
    sql: SELECT * FROM returning_engagers_weekly WHERE returning_engagers > engagers
  - name: a rate is shown only where there were engagers
    sql: SELECT * FROM returning_engagers_weekly WHERE returning_rate IS NOT NULL AND engagers = 0
--- */
WITH params AS (
    SELECT
        coalesce(getvariable('timezone'), 'UTC') AS tz,
        coalesce(CAST(getvariable('period_end') AS DATE), DATE '9999-12-31') AS period_end
),

events AS (  -- one row per engagement: earned mentions (reposts and replies included) and inbound messages
    SELECT platform, author_id, CAST(timezone(params.tz, published_at) AS DATE) AS day
    FROM mentions
    CROSS JOIN params
    WHERE author_id IS NOT NULL AND coalesce(author_role, 'other') = 'other'  -- not brand, employee or partner
    UNION ALL
    SELECT platform, author_id, CAST(timezone(params.tz, sent_at) AS DATE) AS day
    FROM messages
    CROSS JOIN params
    WHERE author_id IS NOT NULL AND direction = 'inbound' AND NOT coalesce(is_automated, false)
),

in_period AS (
    SELECT events.*
    FROM events
    CROSS JOIN params
    WHERE day <= params.period_end
),

activity AS (  -- who was active where, per week
    SELECT DISTINCT platform, author_id, CAST(date_trunc('week', day) AS DATE) AS week
    FROM in_period
),

data_start AS (
    SELECT min(day) AS first_day FROM in_period
),

flagged AS (
    SELECT
        a.week,
        a.platform,
        a.author_id,
        EXISTS (
            SELECT 1
            FROM activity AS b
            WHERE b.platform = a.platform AND b.author_id = a.author_id
              AND b.week >= a.week - INTERVAL 28 DAY AND b.week < a.week
        ) AS is_returning
    FROM activity AS a
),

counts AS (
    SELECT
        week,
        coalesce(platform, 'all') AS platform,
        count(*) AS engagers,
        count(*) FILTER (WHERE is_returning) AS returning_engagers
    FROM flagged
    GROUP BY GROUPING SETS ((week, platform), (week))
),

weeks AS (
    SELECT CAST(unnest(generate_series(min(week)::TIMESTAMP, max(week)::TIMESTAMP, INTERVAL 7 DAY)) AS DATE) AS week
    FROM activity
),

platforms AS (
    SELECT DISTINCT platform FROM activity
    UNION
    SELECT 'all' WHERE EXISTS (SELECT 1 FROM activity)
),

grid AS (
    SELECT
        weeks.week,
        platforms.platform,
        coalesce(c.engagers, 0) AS engagers,
        -- the look-back window (the 4 weeks before) must lie wholly inside the data
        weeks.week - INTERVAL 28 DAY >= data_start.first_day AS lookback_complete,
        coalesce(c.returning_engagers, 0) AS returning_engagers
    FROM weeks
    CROSS JOIN platforms
    CROSS JOIN data_start
    LEFT JOIN counts AS c USING (week, platform)
)

SELECT
    week,
    platform,
    engagers,
    CASE WHEN lookback_complete THEN returning_engagers END AS returning_engagers,
    CASE WHEN lookback_complete THEN returning_engagers / nullif(engagers, 0) END AS returning_rate
FROM grid
ORDER BY week, platform
