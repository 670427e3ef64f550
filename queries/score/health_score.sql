/* ---
title: Social health score
description: >
  One grade per ISO week, from 0 to 100, built from five pillars, each scored against a fixed baseline of the brand's
  own: 75 means "as good as the baseline", above 75 better, below 75 worse. The baseline of a figure is the median of
  its weekly values in the baseline period: by default the figure's first 12 complete calendar months of data (the
  12 months from the first month that starts on or after its first week; fewer while there are fewer), or the
  period set in the config (report: baseline: {from: 2024-11, to: 2025-10}), or a target set in the config
  (report: targets:), which then takes the baseline's place. The baseline does not move as weeks go by, so a lasting
  improvement shows as a rising grade. For a value U and baseline B: score = 75 × U ÷ B when U ≤ B, else
  100 − 25 × B ÷ U (so it never passes 100 or falls below 0); for a figure where lower is better, U and B swap
  places. A pillar with two figures takes their average. The figures:
  word_of_mouth = authentic recommendations (people recommending the brand on their own, wom_weekly, all platforms),
  the headline of the whole report;
  traffic = unpaid social sessions and key events per 100 of them (social_traffic_weekly): visits people chose to make
  and whether they convert, with paid social left out so an ads budget cannot lift the grade;
  loyalty = the returning-engager rate (returning_engagers_weekly), the only loyalty figure that is weekly and current
  (cohort retention needs months to mature);
  care = the share of requests answered within 24 hours and the median time to answer, lower better
  (responsiveness_weekly): whether people get an answer, and how fast;
  reputation = net sentiment (net_sentiment_weekly), shifted by +100 onto 0..200 before the ratio, because the
  formula needs figures that are never negative (−20 against a baseline of −40 is an improvement, but −20 ÷ −40
  would read as a fall).
  A figure is scored only when at least 4 weeks of its baseline period have it (a target needs none), and not in
  the weeks before its first complete month (a first week the data covers only in part would read as a fall). Counts
  (recommendations, sessions, likes) in the report's last week are scaled up to a full week when the period ends
  before Sunday, so a short last week does not look like a fall.
  momentum is the same grade against the brand's own recent past instead: each figure against the median of its
  previous 12 weeks (at least 4 of them needed), so 75 means "as good as the last three months"; it shows whether
  things are getting better or worse right now, and rises and falls back as the brand settles at a new level.
  A pillar without a score that week is "not measured" (score empty, weight 0) and the weights of the others are
  scaled to add up to 1; the weights come from the config (report: weights:, equal by default) and the weight column
  shows them after that scaling. A pillar none of whose tables has data yet (no inbox export, say: the pipeline's
  pillars table says which) is "not measured yet" every week, whatever rows its queries return. Vanity (likes on brand posts) is scored too, for contrast, with weight 0: it never
  moves the grade. The "overall" row is the weighted average of the measured pillars (its momentum likewise); when a
  negative-spike alert (negative_spike_alerts) falls in the 7 days up to the week's end (its Sunday, or the period
  end in the report's last week) the overall score is capped at 50 ("needs attention") whatever the pillars say, and
  capped_by_alert says so. components spells out each figure, its baseline and its score, so the grade can always
  be traced.
unit: points of 100, 75 = the baseline
grain: week × pillar
higher_is_better: true
owner: "@analytics"
pillar: score
chart:
  type: line
  x: week
  y: [score, momentum]
  where: {pillar: overall}
  labels: {score: Health score (against the baseline), momentum: Momentum (against the last 12 weeks)}
tiles:
  - {label: Health score, value: avg(score), where: {pillar: overall}}
  - {label: Word of mouth, value: avg(score), where: {pillar: word_of_mouth}}
  - {label: Traffic that converts, value: avg(score), where: {pillar: traffic}}
  - {label: Retention and loyalty, value: avg(score), where: {pillar: loyalty}}
  - {label: Responsiveness and care, value: avg(score), where: {pillar: care}}
  - {label: Reputation, value: avg(score), where: {pillar: reputation}}
checks:
  - unique: [week, pillar]
  - not_null: [week, pillar, weight, measured, capped_by_alert]
  - accepted_values:
      column: pillar
      values: [overall, word_of_mouth, traffic, loyalty, care, reputation, vanity]
  - range: {column: score, min: 0, max: 100}
  - range: {column: momentum, min: 0, max: 100}
  - range: {column: weight, min: 0, max: 1}
  - at_least_rows: 1
  - name: the weights of the measured pillars add up to 1
    sql: >
      SELECT week, sum(weight) AS total_weight
      FROM health_score
      WHERE pillar NOT IN ('overall', 'vanity')
      GROUP BY week
      HAVING bool_or(measured) AND abs(sum(weight) - 1) > 1e-9
  - name: a pillar that is not measured has no score and no weight; vanity never weighs
    sql: >
      SELECT * FROM health_score
      WHERE (NOT measured AND (score IS NOT NULL OR weight <> 0)) OR (pillar = 'vanity' AND weight <> 0)
  - name: an active spike alert caps the overall grade
    sql: SELECT * FROM health_score WHERE pillar = 'overall' AND capped_by_alert AND score > 50
--- */
WITH params AS (
    SELECT
        coalesce(CAST(getvariable('period_end') AS DATE), DATE '9999-12-31') AS period_end,
        CAST(getvariable('baseline_from') AS DATE) AS baseline_from,  -- NULL: each figure's first 12 months
        CAST(getvariable('baseline_to') AS DATE) AS baseline_to,
        50.0 AS alert_cap,        -- the highest overall grade while a negative-spike alert is active
        4 AS min_reference_weeks  -- weeks of the baseline period (or of the previous 12) that must have the figure
),

weights AS (  -- the pillars with their config weights (report: weights:, 1 when unset) and whether any table
              -- feeding them has data (`pillars`, made by the pipeline from the warehouse); vanity never weighs
    SELECT pillar, weight AS config_weight, measured AS has_data FROM pillars
    UNION ALL
    SELECT 'vanity', 0.0, true
),

targets AS (  -- config targets (report: targets:), in the figure's own terms; NULL when unset
    SELECT * FROM (VALUES
        ('authentic_recommendations', CAST(getvariable('target_authentic_recommendations') AS DOUBLE)),
        ('sessions', CAST(getvariable('target_sessions') AS DOUBLE)),
        ('key_events_per_100_sessions', CAST(getvariable('target_key_events_per_100_sessions') AS DOUBLE)),
        ('returning_rate', CAST(getvariable('target_returning_rate') AS DOUBLE)),
        ('response_rate', CAST(getvariable('target_response_rate') AS DOUBLE)),
        ('median_first_response_minutes', CAST(getvariable('target_median_first_response_minutes') AS DOUBLE)),
        ('net_sentiment', CAST(getvariable('target_net_sentiment') AS DOUBLE))
    ) AS t(figure, target)
),

figures AS (  -- week, pillar, figure, its value, which way is better, whether it is a count (pro-rated)
    SELECT week, 'word_of_mouth' AS pillar, 'authentic_recommendations' AS figure,
           CAST(authentic_recommendations AS DOUBLE) AS value, true AS higher_is_better, true AS is_count
    FROM wom_weekly WHERE platform = 'all'
    UNION ALL
    SELECT week, 'traffic', 'sessions', CAST(sessions AS DOUBLE), true, true
    FROM social_traffic_weekly WHERE platform = 'all'
    UNION ALL
    SELECT week, 'traffic', 'key_events_per_100_sessions', CAST(key_events_per_100_sessions AS DOUBLE), true, false
    FROM social_traffic_weekly WHERE platform = 'all'
    UNION ALL
    SELECT week, 'loyalty', 'returning_rate', CAST(returning_rate AS DOUBLE), true, false
    FROM returning_engagers_weekly WHERE platform = 'all'
    UNION ALL
    SELECT week, 'care', 'response_rate', CAST(response_rate AS DOUBLE), true, false
    FROM responsiveness_weekly WHERE platform = 'all'
    UNION ALL
    SELECT week, 'care', 'median_first_response_minutes', CAST(median_first_response_minutes AS DOUBLE), false, false
    FROM responsiveness_weekly WHERE platform = 'all'
    UNION ALL
    SELECT week, 'reputation', 'net_sentiment', CAST(net_sentiment AS DOUBLE), true, false
    FROM net_sentiment_weekly WHERE platform = 'all'
    UNION ALL
    SELECT week, 'vanity', 'likes', CAST(likes AS DOUBLE), true, true
    FROM vanity_weekly WHERE platform = 'all'
),

in_period AS (
    SELECT
        f.*,
        -- the ratio needs non-negative figures: net sentiment (-100..100) moves onto 0..200
        CASE WHEN f.figure = 'net_sentiment' THEN 100.0 ELSE 0.0 END AS shift,
        (f.value + CASE WHEN f.figure = 'net_sentiment' THEN 100.0 ELSE 0.0 END)
        -- a count in a week cut short by the period end is scaled up to seven days
        * CASE WHEN f.is_count AND p.period_end < f.week + 6 THEN 7.0 / (p.period_end - f.week + 1) ELSE 1 END
            AS scored_value
    FROM figures AS f
    CROSS JOIN params AS p
    WHERE f.week <= p.period_end
),

baseline_periods AS (  -- the config's period, else the 12 months from the first month starting on/after the first week
    SELECT
        pillar,
        figure,
        CASE
            WHEN day(min(week)) = 1 THEN min(week)
            ELSE CAST(date_trunc('month', min(week)) + INTERVAL 1 MONTH AS DATE)
        END AS first_full_month,
        coalesce(p.baseline_from, first_full_month) AS baseline_from,
        p.baseline_to
    FROM in_period
    CROSS JOIN params AS p
    WHERE scored_value IS NOT NULL
    GROUP BY pillar, figure, p.baseline_from, p.baseline_to
),

baselines AS (
    SELECT
        b.pillar,
        b.figure,
        b.first_full_month,
        b.baseline_from,
        coalesce(b.baseline_to, CAST(b.baseline_from + INTERVAL 12 MONTH - INTERVAL 1 DAY AS DATE)) AS baseline_to,
        median(i.scored_value) AS baseline,
        count(i.scored_value) AS baseline_weeks
    FROM baseline_periods AS b
    LEFT JOIN in_period AS i
        ON i.pillar = b.pillar AND i.figure = b.figure AND i.week >= b.baseline_from
       AND i.week <= coalesce(b.baseline_to, CAST(b.baseline_from + INTERVAL 12 MONTH - INTERVAL 1 DAY AS DATE))
    GROUP BY ALL
),

with_references AS (
    SELECT
        i.*,
        t.target + i.shift AS target,
        b.baseline,
        b.baseline_weeks,
        b.first_full_month,
        b.baseline_from,
        b.baseline_to,
        median(i.scored_value) OVER last_12_weeks AS trailing,
        count(i.scored_value) OVER last_12_weeks AS trailing_weeks
    FROM in_period AS i
    LEFT JOIN baselines AS b USING (pillar, figure)
    LEFT JOIN targets AS t USING (figure)
    WINDOW last_12_weeks AS (
        PARTITION BY i.pillar, i.figure ORDER BY i.week
        RANGE BETWEEN INTERVAL 84 DAY PRECEDING AND INTERVAL 7 DAY PRECEDING
    )
),

references_ AS (  -- each figure twice: against its baseline (score) and against its previous 12 weeks (momentum)
    SELECT
        r.*,
        'score' AS kind,
        CASE
            WHEN r.target IS NOT NULL THEN r.target
            WHEN r.baseline_weeks >= p.min_reference_weeks THEN r.baseline
        END AS reference
    FROM with_references AS r
    CROSS JOIN params AS p
    UNION ALL
    SELECT
        r.*,
        'momentum' AS kind,
        CASE WHEN r.trailing_weeks >= p.min_reference_weeks THEN r.trailing END AS reference
    FROM with_references AS r
    CROSS JOIN params AS p
),

figure_scores AS (
    SELECT
        *,
        CASE
            WHEN scored_value IS NULL OR reference IS NULL OR week < first_full_month THEN NULL
            WHEN scored_value = reference THEN 75.0
            WHEN higher_is_better AND scored_value < reference THEN 75.0 * scored_value / reference
            WHEN higher_is_better THEN 100.0 - 25.0 * reference / scored_value
            WHEN scored_value > reference THEN 75.0 * reference / scored_value
            ELSE 100.0 - 25.0 * scored_value / reference
        END AS figure_score
    FROM references_
),

weeks AS (
    SELECT DISTINCT week FROM in_period
),

pillar_scores AS (
    SELECT
        weeks.week,
        w.pillar,
        w.config_weight,
        avg(s.figure_score) FILTER (WHERE s.kind = 'score' AND w.has_data) AS score,
        avg(s.figure_score) FILTER (WHERE s.kind = 'momentum' AND w.has_data) AS momentum,
        CASE WHEN NOT w.has_data THEN 'not measured yet: no table feeding it has data' ELSE string_agg(
            CASE
                WHEN s.figure IS NULL THEN NULL
                WHEN s.figure_score IS NOT NULL THEN printf(
                    '%s %s (%s %s) → %d', s.figure, printf('%.4g', s.scored_value - s.shift),
                    CASE
                        WHEN s.target IS NOT NULL THEN 'target'
                        ELSE printf('baseline %s to %s:', strftime(s.baseline_from, '%Y-%m'),
                                    strftime(s.baseline_to, '%Y-%m'))
                    END,
                    printf('%.4g', s.reference - s.shift), CAST(round(s.figure_score) AS INTEGER)
                )
                WHEN s.scored_value IS NULL THEN s.figure || ': no value this week'
                WHEN s.week < s.first_full_month THEN s.figure || ': the data covers this first week only in part'
                ELSE s.figure || ': fewer than 4 weeks of its baseline period have it'
            END,
            '; ' ORDER BY s.figure
        ) FILTER (WHERE s.kind = 'score') END AS components
    FROM weeks
    CROSS JOIN weights AS w
    LEFT JOIN figure_scores AS s ON s.week = weeks.week AND s.pillar = w.pillar
    GROUP BY weeks.week, w.pillar, w.config_weight, w.has_data
),

weighted AS (
    SELECT
        *,
        score IS NOT NULL AS measured,
        CASE
            WHEN score IS NULL OR config_weight = 0 THEN 0.0
            ELSE config_weight / sum(config_weight) FILTER (WHERE score IS NOT NULL) OVER (PARTITION BY week)
        END AS weight,
        CASE
            WHEN momentum IS NULL OR config_weight = 0 THEN 0.0
            ELSE config_weight / sum(config_weight) FILTER (WHERE momentum IS NOT NULL) OVER (PARTITION BY week)
        END AS momentum_weight
    FROM pillar_scores
),

alerts AS (  -- alert days in the 7 days up to the week's last day (Sunday, or the period end if it comes first)
    SELECT
        w.week,
        string_agg(DISTINCT CAST(a.day AS VARCHAR), ', ' ORDER BY CAST(a.day AS VARCHAR)) AS alert_days
    FROM weeks AS w
    CROSS JOIN params AS p
    JOIN negative_spike_alerts AS a
        ON CAST(a.day AS DATE) <= least(w.week + 6, p.period_end)
       AND CAST(a.day AS DATE) > least(w.week + 6, p.period_end) - 7
    GROUP BY w.week
),

overall AS (
    SELECT
        w.week,
        sum(w.weight * w.score) FILTER (WHERE w.measured AND w.weight > 0) AS uncapped,
        sum(w.momentum_weight * w.momentum) FILTER (WHERE w.momentum_weight > 0) AS momentum,
        string_agg(
            printf('%s %d × %.2f', w.pillar, CAST(round(w.score) AS INTEGER), w.weight), ' + ' ORDER BY w.pillar
        ) FILTER (WHERE w.measured AND w.weight > 0) AS formula
    FROM weighted AS w
    GROUP BY w.week
)

SELECT week, pillar, score, weight, measured, false AS capped_by_alert, momentum,
       coalesce(components, 'no data') AS components
FROM weighted
UNION ALL
SELECT
    o.week,
    'overall' AS pillar,
    CASE WHEN a.week IS NOT NULL AND o.uncapped IS NOT NULL THEN least(o.uncapped, p.alert_cap) ELSE o.uncapped END
        AS score,
    CASE WHEN o.uncapped IS NOT NULL THEN 1.0 ELSE 0.0 END AS weight,
    o.uncapped IS NOT NULL AS measured,
    a.week IS NOT NULL AS capped_by_alert,
    o.momentum,
    coalesce(o.formula, 'no pillar measured')
        || CASE
            WHEN a.week IS NOT NULL
                THEN printf(
                    '; capped at %d by the negative-spike alert of %s', CAST(p.alert_cap AS INTEGER), a.alert_days
                )
            ELSE ''
        END AS components
FROM overall AS o
CROSS JOIN params AS p
LEFT JOIN alerts AS a USING (week)
ORDER BY week, pillar
