/* ---
title: Social traffic that converts
description: >
  Visits to the website that came from social networks, each ISO week (Monday to Sunday), and what they led to:
  engaged visits, key events (purchases, sign-ups: whatever the site marks as key events in Google Analytics) and
  revenue. The headline counts only unpaid social visits; visits from social ads (paid social) are shown in their own
  columns and never added to the headline, so a bigger ads budget cannot pass for word of mouth. A visit is social
  when its GA4 source is a social site in Google's source list (queries/reference/ga4_source_categories.csv, plus the
  newer networks in social_sources_extra.csv: x.com, Threads, Bluesky) or its medium is social, social-network,
  social-media, sm, social network or social media (GA4's "Organic Social" rule). It is paid social when, in addition,
  its medium matches GA4's paid pattern ^(.*cp.*|ppc|retargeting|paid.*)$ (GA4's "Paid Social" rule; values compared
  in lower case, as GA4's channel rules are not case sensitive). The platform comes from the source (l.instagram.com
  is instagram, t.co and x.com are x, lnkd.in is linkedin...); unknown social sources are "other"; "all" is the total.
  key_events_per_100_sessions and revenue_per_session divide by the unpaid social sessions of the same row, the n
  beside them. Days are the GA4 property's own days (its time zone); GA4 rows that cover a period longer than a day
  are counted in the week of their first day; when exports overlap, the finer period wins (a daily row beats a monthly
  one) and a longer row that overlaps a finer one is left out rather than counted twice. Weeks run from the first to
  the last week of GA4 data, at most the week holding the report's period end; revenue is in the property's currency.
unit: sessions per week
grain: week
higher_is_better: true
owner: "@analytics"
pillar: traffic
order: 1
chart:
  type: line
  x: week
  y: [sessions, key_events_per_100_sessions]
  where: {platform: all}
  labels: {sessions: Unpaid social sessions, key_events_per_100_sessions: Key events per 100 sessions}
  y2: key_events_per_100_sessions  # visits in hundreds, conversions per 100 of them: two scales
  rolling: true
tiles:
  - label: Key events per 100 social sessions
    value: 100 * sum(key_events) / nullif(sum(sessions), 0)
    where: {platform: all}
  - {label: Unpaid social sessions a week, value: avg(sessions), where: {platform: all}}
  - label: Revenue per social session
    value: sum(revenue) / nullif(sum(sessions), 0)
    where: {platform: all}
checks:
  - unique: [week, platform]
  - not_null: [week, platform, sessions, paid_sessions]
  - range: {column: sessions, min: 0}
  - range: {column: engaged_share, min: 0, max: 1}
  - accepted_values:
      column: platform
      values: [all, facebook, instagram, x, linkedin, tiktok, youtube, pinterest, reddit, threads, bluesky, other]
    severity: warn
  - at_least_rows: 1
  - name: engaged sessions never exceed sessions
    sql: SELECT * FROM social_traffic_weekly WHERE engaged_sessions > sessions
  - name: the all row is the sum of the platform rows
    sql: >
      SELECT a.week, a.sessions, a.paid_sessions, sum(p.sessions) AS platform_sessions,
             sum(p.paid_sessions) AS platform_paid_sessions
      FROM social_traffic_weekly AS a
      JOIN social_traffic_weekly AS p ON p.week = a.week AND p.platform <> 'all'
      WHERE a.platform = 'all'
      GROUP BY a.week, a.sessions, a.paid_sessions
      HAVING a.sessions <> sum(p.sessions) OR a.paid_sessions <> sum(p.paid_sessions)
--- */
WITH params AS (
    SELECT coalesce(CAST(getvariable('period_end') AS DATE), DATE '9999-12-31') AS period_end
),

social_sources AS (  -- Google's list plus the newer networks it lacks, compared in lower case
    SELECT DISTINCT lower(trim(source)) AS source
    FROM (
        SELECT source, source_category FROM ga4_source_categories
        UNION ALL
        SELECT source, source_category FROM social_sources_extra
    )
    WHERE source_category = 'SOURCE_CATEGORY_SOCIAL'
),

periods AS (  -- the distinct periods the GA4 rows cover (one per export layout: daily, or the file's date range)
    SELECT DISTINCT period_start, period_end FROM web_traffic
),

used_periods AS (  -- a period counts unless a finer (shorter, or as long and earlier) period overlaps it
    SELECT p.period_start, p.period_end
    FROM periods AS p
    WHERE NOT EXISTS (
        SELECT 1
        FROM periods AS q
        WHERE q.period_start <= p.period_end AND q.period_end >= p.period_start
          AND (q.period_end - q.period_start < p.period_end - p.period_start
               OR (q.period_end - q.period_start = p.period_end - p.period_start AND q.period_start < p.period_start))
    )
),

rows_in_scope AS (
    SELECT
        CAST(date_trunc('week', w.period_start) AS DATE) AS week,
        lower(trim(w.source)) AS source,
        lower(trim(w.medium)) AS medium,
        w.sessions,
        w.engaged_sessions,
        w.key_events,
        w.revenue
    FROM web_traffic AS w
    JOIN used_periods USING (period_start, period_end)
    CROSS JOIN params
    WHERE w.period_start <= params.period_end
),

social AS (
    SELECT
        week,
        CASE
            WHEN regexp_matches(source, 'facebook') OR source IN ('fb', 'fb.me', 'm.me', 'messenger', 'l.messenger.com')
                THEN 'facebook'
            WHEN regexp_matches(source, 'instagram') OR source = 'ig' THEN 'instagram'
            WHEN source IN ('t.co', 'x', 'x.com', 'twitter') OR regexp_matches(source, '(^|\.)(twitter|x)\.com$')
                THEN 'x'
            WHEN regexp_matches(source, 'linkedin') OR source = 'lnkd.in' THEN 'linkedin'
            WHEN regexp_matches(source, 'tiktok') THEN 'tiktok'
            WHEN regexp_matches(source, 'youtube') OR source = 'youtu.be' THEN 'youtube'
            WHEN regexp_matches(source, 'pinterest') OR source = 'pin.it' THEN 'pinterest'
            WHEN regexp_matches(source, 'reddit') OR source = 'redd.it' THEN 'reddit'
            WHEN regexp_matches(source, '^(threads|(.*\.)?threads\.(net|com))$') THEN 'threads'
            WHEN regexp_matches(source, '^(bluesky|bsky|(.*\.)?bsky\.app)$') THEN 'bluesky'
            ELSE 'other'
        END AS platform,
        -- GA4 "Paid Social": a social source with a paid medium (only a listed source can carry one: no medium in
        -- the social list matches the paid pattern)
        coalesce(regexp_full_match(medium, '(.*cp.*|ppc|retargeting|paid.*)'), false) AS is_paid,
        sessions,
        engaged_sessions,
        key_events,
        revenue
    FROM rows_in_scope
    WHERE source IN (SELECT source FROM social_sources)
       OR medium IN ('social', 'social-network', 'social-media', 'sm', 'social network', 'social media')
),

totals AS (
    SELECT
        week,
        coalesce(platform, 'all') AS platform,
        CAST(sum(sessions) FILTER (WHERE NOT is_paid) AS BIGINT) AS sessions,
        CAST(sum(engaged_sessions) FILTER (WHERE NOT is_paid) AS BIGINT) AS engaged_sessions,
        sum(key_events) FILTER (WHERE NOT is_paid) AS key_events,
        sum(revenue) FILTER (WHERE NOT is_paid) AS revenue,
        CAST(sum(sessions) FILTER (WHERE is_paid) AS BIGINT) AS paid_sessions,
        sum(key_events) FILTER (WHERE is_paid) AS paid_key_events,
        sum(revenue) FILTER (WHERE is_paid) AS paid_revenue
    FROM social
    GROUP BY GROUPING SETS ((week, platform), (week))
),

measured AS (  -- which figures the GA4 exports carry at all: a figure no export has stays NULL, never 0
    SELECT
        count(engaged_sessions) > 0 AS has_engaged,
        count(key_events) > 0 AS has_key_events,
        count(revenue) > 0 AS has_revenue
    FROM rows_in_scope
),

weeks AS (  -- every week from the first GA4 week to the last one (at most the period end's week)
    SELECT CAST(unnest(generate_series(min(week)::TIMESTAMP, max(week)::TIMESTAMP, INTERVAL 7 DAY)) AS DATE) AS week
    FROM rows_in_scope
),

platforms AS (
    SELECT DISTINCT platform FROM social
    UNION
    SELECT 'all' WHERE EXISTS (SELECT 1 FROM social)
),

grid AS (
    SELECT
        weeks.week,
        platforms.platform,
        coalesce(t.sessions, 0) AS sessions,
        CASE WHEN m.has_engaged THEN coalesce(t.engaged_sessions, 0) END AS engaged_sessions,
        CASE WHEN m.has_key_events THEN coalesce(t.key_events, 0) END AS key_events,
        CASE WHEN m.has_revenue THEN coalesce(t.revenue, 0) END AS revenue,
        coalesce(t.paid_sessions, 0) AS paid_sessions,
        CASE WHEN m.has_key_events THEN coalesce(t.paid_key_events, 0) END AS paid_key_events,
        CASE WHEN m.has_revenue THEN coalesce(t.paid_revenue, 0) END AS paid_revenue
    FROM weeks
    CROSS JOIN platforms
    CROSS JOIN measured AS m
    LEFT JOIN totals AS t USING (week, platform)
)

SELECT
    week,
    platform,
    sessions,
    engaged_sessions,
    key_events,
    revenue,
    paid_sessions,
    100.0 * key_events / nullif(sessions, 0) AS key_events_per_100_sessions,
    revenue / nullif(sessions, 0) AS revenue_per_session,
    engaged_sessions / nullif(sessions, 0) AS engaged_share,
    paid_key_events,
    paid_revenue,
    100.0 * paid_key_events / nullif(paid_sessions, 0) AS paid_key_events_per_100_sessions
FROM grid
ORDER BY week, platform
