/* ---
title: Negative-spike alerts
description: >
  Days when negative posts about the brand piled up far beyond normal: an avalanche. Each day (in the report's
  time zone) the negative authentic mentions, all platforms together, are compared with the same weekday in each of
  the previous 8 weeks (so a busy Monday is compared with Mondays). Normal is the median of those 8 days; the
  spread is their median absolute deviation (MAD) times 1.4826, which makes it comparable to a standard deviation
  but deaf to one earlier bad day. The robust z says how many such spreads the day lies above normal. When the 8
  days hardly vary (MAD 0, e.g. almost always 0 or 1 complaint) the spread is taken as one mention, so the z is the
  excess over normal rather than infinite. A day raises an alert when its robust z is 3 or more and it has at
  least 10 negative mentions and at least three times the normal count; only alert days are listed. Days need 8
  full weeks of history before them to be judged. top_terms lists the words most used in that day's negative
  mentions (in how many mentions each appears; common words, links and @handles left out) to show what it is
  about, and first_mention the day's first negative mention (its first 280 characters; handles and emails were
  already replaced at loading) to show how it started. active marks an alert in the 7 days up to the report's period end: it caps the health score.
unit: negative mentions per day
grain: day
higher_is_better: false
owner: "@analytics"
pillar: reputation
order: 2
chart:
  type: bar
  x: day
  y: [negative_mentions, baseline_median]
  labels: {day: Alert day, negative_mentions: Negative mentions, baseline_median: Normal for that weekday}
alert:
  where: {active: true}
checks:
  - unique: [day]
  - not_null: [day, negative_mentions, baseline_median, robust_z, active]
  - name: every listed day meets the alert rule
    sql: >
      SELECT * FROM negative_spike_alerts
      WHERE robust_z < 3 OR negative_mentions < greatest(10, 3 * baseline_median)
  - name: alerts fall within the period
    sql: SELECT * FROM negative_spike_alerts WHERE day > getvariable('period_end')
  - name: more than 10 alert days is unusual; look at the baseline before trusting them
    sql: SELECT count(*) AS alert_days FROM negative_spike_alerts HAVING count(*) > 10
    severity: warn
--- */
WITH negatives AS (
    SELECT day, count(*) AS negative_mentions
    FROM mention_classes
    WHERE class = 'authentic' AND sentiment = 'negative' AND day <= getvariable('period_end')
    GROUP BY day
),

days AS (  -- every day from the first mention to the period end, quiet days (0) included: they are the baseline
    SELECT CAST(unnest(generate_series(first_day, getvariable('period_end'), INTERVAL 1 DAY)) AS DATE) AS day
    FROM (SELECT min(day) AS first_day FROM mention_classes WHERE day <= getvariable('period_end'))
    WHERE first_day IS NOT NULL
),

daily AS (
    SELECT d.day, coalesce(n.negative_mentions, 0) AS negative_mentions
    FROM days AS d
    LEFT JOIN negatives AS n USING (day)
),

baseline AS (  -- the same weekday in each of the 8 weeks before; days without 8 such weeks are not judged
    SELECT
        d.day,
        d.negative_mentions,
        list(b.negative_mentions) AS previous,
        median(b.negative_mentions) AS baseline_median
    FROM daily AS d
    JOIN daily AS b ON b.day < d.day AND b.day >= d.day - 56 AND (d.day - b.day) % 7 = 0
    GROUP BY d.day, d.negative_mentions
    HAVING count(*) = 8
),

scored AS (
    SELECT
        *,
        list_aggregate(list_transform(previous, lambda x: abs(x - baseline_median)), 'median') AS baseline_mad
    FROM baseline
),

alerts AS (
    SELECT
        day,
        negative_mentions,
        baseline_median,
        baseline_mad,
        (negative_mentions - baseline_median) / greatest(1.4826 * baseline_mad, 1.0) AS robust_z,
        greatest(10, 3 * baseline_median) AS alert_threshold
    FROM scored
    WHERE (negative_mentions - baseline_median) / greatest(1.4826 * baseline_mad, 1.0) >= 3
        AND negative_mentions >= greatest(10, 3 * baseline_median)
),

words AS (  -- the words of the alert days' negative mentions, once per mention
    SELECT DISTINCT
        c.day,
        c.platform,
        c.mention_id,
        unnest(regexp_extract_all(
            regexp_replace(lower(m.text), '(https?://|www\.)[^\s]+|@[^\s]+|(^|\s)p_[0-9a-f]{6,}', ' ', 'g'),
            '#?\pL[\pL\pN_]*'
        )) AS term
    FROM mention_classes AS c
    JOIN mentions AS m USING (platform, mention_id)
    WHERE c.class = 'authentic' AND c.sentiment = 'negative' AND c.day IN (SELECT day FROM alerts)
),

term_counts AS (
    SELECT
        day,
        term,
        count(*) AS mentions,
        row_number() OVER (PARTITION BY day ORDER BY count(*) DESC, term) AS rank
    FROM words
    WHERE length(term) >= 3
        AND strip_accents(ltrim(term, '#')) NOT IN (SELECT strip_accents(lower(term)) FROM stop_words)
    GROUP BY day, term
),

first_mentions AS (
    SELECT c.day, left(arg_min(m.text, c.published_at), 280) AS first_mention
    FROM mention_classes AS c
    JOIN mentions AS m USING (platform, mention_id)
    WHERE c.class = 'authentic' AND c.sentiment = 'negative' AND c.day IN (SELECT day FROM alerts)
    GROUP BY c.day
),

top_terms AS (
    SELECT day, string_agg(term || ' (' || mentions || ')', ', ' ORDER BY rank) AS top_terms
    FROM term_counts
    WHERE rank <= 6
    GROUP BY day
)

SELECT
    a.day,
    CAST(a.negative_mentions AS BIGINT) AS negative_mentions,
    a.baseline_median,
    a.robust_z,
    t.top_terms,
    a.baseline_mad,
    a.alert_threshold,
    a.day > getvariable('period_end') - 7 AS active,
    f.first_mention
FROM alerts AS a
LEFT JOIN top_terms AS t USING (day)
LEFT JOIN first_mentions AS f USING (day)
ORDER BY a.day
