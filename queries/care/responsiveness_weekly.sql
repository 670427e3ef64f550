/* ---
title: Answering people one to one
description: >
  How well the brand answers people who write to it in private messages, comments and DMs (the inbox exports), each
  ISO week (Monday to Sunday, in the brand's time zone) by the week the person wrote.
  A request is a person's first message in a conversation that is still waiting for the brand: the first message of
  the conversation, or the first one after the brand's last reply written by a person. Further messages before the
  brand answers ("anyone there?") belong to the same request; a new message after a human reply is a new request.
  The request is answered by the brand's first later message in that conversation that is not automated:
  auto-replies, away messages and bots never count as an answer (nor do automated inbound messages as requests).
  response_rate = requests answered within 24 hours ÷ requests at least 24 hours old when the data ends (the latest
  message in the inbox exports up to the period end); requests_24h_old is its n, so a request written in the last
  24 hours is never counted as missed. median_first_response_minutes and p90_first_response_minutes are the time to
  the answer over answered requests (n: answered; the 90th percentile shows the slow tail the median hides).
  never_answered counts the requests still without a human answer when the data ends, however recent.
  All hours count (no business-hours clock). "all" is every platform together.
unit: share of requests answered within 24 h
grain: week
higher_is_better: true
owner: "@analytics"
pillar: care
order: 1
chart:
  type: line
  x: week
  y: [response_rate, median_first_response_minutes]
  where: {platform: all}
  labels: {response_rate: Requests answered within 24 h, median_first_response_minutes: Median time to answer}
  format: {response_rate: percent, median_first_response_minutes: minutes}  # two formats: a second axis
tiles:
  - label: Requests answered within 24 h
    value: sum(answered_24h) / nullif(sum(requests_24h_old), 0)
    where: {platform: all}
    format: percent
  - label: Median time to answer
    value: median(median_first_response_minutes)
    where: {platform: all}
    format: minutes
    higher_is_better: false
checks:
  - unique: [week, platform]
  - not_null: [week, platform, requests, requests_24h_old, answered_24h, answered, never_answered]
  - range: {column: response_rate, min: 0, max: 1}
  - range: {column: median_first_response_minutes, min: 0}
  - at_least_rows: 1
  - name: counts are consistent (answered within 24 h ≤ requests old enough ≤ requests = answered + never answered)
    sql: >
      SELECT * FROM responsiveness_weekly
      WHERE answered_24h > requests_24h_old OR requests_24h_old > requests
         OR answered + never_answered <> requests
  - name: the 90th percentile is never below the median
    sql: SELECT * FROM responsiveness_weekly WHERE p90_first_response_minutes < median_first_response_minutes
--- */
WITH params AS (
    SELECT
        coalesce(getvariable('timezone'), 'UTC') AS tz,
        coalesce(CAST(getvariable('period_end') AS DATE), DATE '9999-12-31') AS period_end
),

scope AS (  -- messages up to the end of the period-end day (local time)
    SELECT
        m.platform,
        m.thread_id,
        m.message_id,
        m.sent_at,
        m.direction,
        coalesce(m.is_automated, false) AS is_automated
    FROM messages AS m
    CROSS JOIN params AS p
    WHERE m.sent_at IS NOT NULL AND m.thread_id IS NOT NULL
      AND CAST(timezone(p.tz, m.sent_at) AS DATE) <= p.period_end
),

data_end AS (
    SELECT max(sent_at) AS last_sent_at FROM scope
),

ordered AS (
    SELECT
        *,
        -- human brand replies so far: each one closes the waiting request. At the same second, the brand's message
        -- is taken as the earlier one (it cannot answer a message sent at that very moment).
        count(*) FILTER (WHERE direction = 'outbound' AND NOT is_automated) OVER (
            PARTITION BY platform, thread_id
            ORDER BY sent_at, direction = 'inbound', message_id
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS replies_so_far
    FROM scope
),

requests AS (  -- the first human inbound message after each human reply (or the conversation's start)
    SELECT platform, thread_id, replies_so_far, sent_at AS requested_at
    FROM (
        SELECT
            *,
            row_number() OVER (
                PARTITION BY platform, thread_id, replies_so_far ORDER BY sent_at, message_id
            ) AS nth_inbound
        FROM ordered
        WHERE direction = 'inbound' AND NOT is_automated
    )
    WHERE nth_inbound = 1
),

answers AS (  -- the human reply that closes waiting period k is the (k+1)-th human reply of the conversation
    SELECT platform, thread_id, replies_so_far - 1 AS replies_so_far, sent_at AS answered_at
    FROM ordered
    WHERE direction = 'outbound' AND NOT is_automated
),

timed AS (
    SELECT
        r.platform,
        CAST(date_trunc('week', timezone(p.tz, r.requested_at)) AS DATE) AS week,
        r.requested_at <= d.last_sent_at - INTERVAL 24 HOUR AS old_enough,
        a.answered_at IS NOT NULL AS is_answered,
        a.answered_at IS NOT NULL AND a.answered_at <= r.requested_at + INTERVAL 24 HOUR AS within_24h,
        epoch(a.answered_at - r.requested_at) / 60.0 AS minutes
    FROM requests AS r
    LEFT JOIN answers AS a USING (platform, thread_id, replies_so_far)
    CROSS JOIN data_end AS d
    CROSS JOIN params AS p
),

counts AS (
    SELECT
        week,
        coalesce(platform, 'all') AS platform,
        count(*) AS requests,
        count(*) FILTER (WHERE old_enough) AS requests_24h_old,
        count(*) FILTER (WHERE old_enough AND within_24h) AS answered_24h,
        count(*) FILTER (WHERE is_answered) AS answered,
        count(*) FILTER (WHERE NOT is_answered) AS never_answered,
        quantile_cont(minutes, 0.5) AS median_first_response_minutes,
        quantile_cont(minutes, 0.9) AS p90_first_response_minutes
    FROM timed
    GROUP BY GROUPING SETS ((week, platform), (week))
),

weeks AS (
    SELECT CAST(unnest(generate_series(min(week)::TIMESTAMP, max(week)::TIMESTAMP, INTERVAL 7 DAY)) AS DATE) AS week
    FROM timed
),

platforms AS (
    SELECT DISTINCT platform FROM timed
    UNION
    SELECT 'all' WHERE EXISTS (SELECT 1 FROM timed)
)

SELECT
    weeks.week,
    platforms.platform,
    coalesce(c.requests, 0) AS requests,
    coalesce(c.answered_24h, 0) AS answered_24h,
    c.answered_24h / nullif(c.requests_24h_old, 0) AS response_rate,
    c.median_first_response_minutes,
    c.p90_first_response_minutes,
    coalesce(c.never_answered, 0) AS never_answered,
    coalesce(c.requests_24h_old, 0) AS requests_24h_old,
    coalesce(c.answered, 0) AS answered
FROM weeks
CROSS JOIN platforms
LEFT JOIN counts AS c USING (week, platform)
ORDER BY weeks.week, platforms.platform
