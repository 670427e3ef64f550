/* ---
title: Customers who come back, by first-order month
description: >
  Customers grouped by the month of their first order (their cohort, months in the brand's time zone), and how many
  of them ordered again. retention_rate (the classic cohort table, "active in month N") = customers of the cohort with
  at least one order in the calendar month N months after their first month (months_after 1, 3, 6, 12) ÷ the cohort's
  customers. repeat_purchase_rate (cumulative, "has come back by month N") = customers with a second order at any
  time up to the end of that month ÷ the cohort's customers; a second order in the first month itself counts here but
  not in retention. Each rate has its n: customers (the cohort) with retained or repeaters.
  Segments compare customers won through social with the rest: an order is social when it used one of the config's
  social discount codes, carries one of its social tags or came from one of its social sales channels (attribution:
  social: in the config; compared without regard to case), and a customer belongs to the segment of their first
  order; "all" is both. Read the gap as an association, not proof that social caused it.
  Voided, refunded and expired orders are left out everywhere: the customer did not keep that purchase, so a refund
  must not count as loyalty nor start a cohort (partially refunded orders stay). Orders without a customer cannot be
  followed and are left out. A months_after row appears only once its whole month has passed by the report's period
  end, so recent cohorts are never shown with a window that is still open.
unit: share of the cohort's customers
grain: cohort month × segment × months after
higher_is_better: true
owner: "@analytics"
pillar: loyalty
order: 2
chart:
  type: line
  x: cohort_month
  y: [retention_rate, repeat_purchase_rate]
  where: {segment: all, months_after: 3}
  labels:
    cohort_month: Month of the first order
    retention_rate: Ordered in the 3rd month after
    repeat_purchase_rate: Ordered again within 3 months
  format: percent
tiles:
  - label: Customers back within 3 months (by first-order month)
    value: avg(repeat_purchase_rate)
    where: {segment: all, months_after: 3}
    format: percent
checks:
  - unique: [cohort_month, segment, months_after]
  - not_null: [cohort_month, segment, customers, months_after, retained, retention_rate, repeat_purchase_rate]
  - accepted_values: {column: segment, values: [all, social, other]}
  - accepted_values: {column: months_after, values: [1, 3, 6, 12]}
  - range: {column: retention_rate, min: 0, max: 1}
  - range: {column: repeat_purchase_rate, min: 0, max: 1}
  - at_least_rows: 1
  - name: social and other customers add up to all customers
    sql: >
      SELECT cohort_month, months_after, sum(customers) FILTER (WHERE segment = 'all') AS all_customers,
             sum(customers) FILTER (WHERE segment <> 'all') AS split_customers
      FROM cohort_retention
      GROUP BY cohort_month, months_after
      HAVING sum(customers) FILTER (WHERE segment = 'all')
             <> coalesce(sum(customers) FILTER (WHERE segment <> 'all'), 0)
  - name: the cumulative repeat-purchase rate never falls as the window grows
    sql: >
      SELECT later.*
      FROM cohort_retention AS later
      JOIN cohort_retention AS earlier
        ON earlier.cohort_month = later.cohort_month AND earlier.segment = later.segment
       AND earlier.months_after < later.months_after
      WHERE later.repeaters < earlier.repeaters
--- */
WITH params AS (
    SELECT
        coalesce(getvariable('timezone'), 'UTC') AS tz,
        coalesce(CAST(getvariable('period_end') AS DATE), DATE '9999-12-31') AS period_end,
        list_transform(
            coalesce(getvariable('social_discount_codes'), []::VARCHAR[]), lambda x: lower(trim(x))
        ) AS codes,
        list_transform(
            coalesce(getvariable('social_tags'), []::VARCHAR[]), lambda x: lower(trim(x))
        ) AS tags,
        list_transform(
            coalesce(getvariable('social_sources'), []::VARCHAR[]), lambda x: lower(trim(x))
        ) AS sources
),

kept_orders AS (  -- orders the customer kept, up to the period end
    SELECT
        o.customer_id,
        o.order_id,
        o.ordered_at,
        CAST(timezone(p.tz, o.ordered_at) AS DATE) AS day,
        coalesce(list_has_any(list_transform(o.discount_codes, lambda x: lower(trim(x))), p.codes), false)
        OR coalesce(list_has_any(list_transform(o.tags, lambda x: lower(trim(x))), p.tags), false)
        OR coalesce(list_contains(p.sources, lower(trim(o.source_name))), false) AS is_social
    FROM orders AS o
    CROSS JOIN params AS p
    WHERE o.customer_id IS NOT NULL
      AND coalesce(lower(trim(o.financial_status)), '') NOT IN ('voided', 'refunded', 'expired')
      AND CAST(timezone(p.tz, o.ordered_at) AS DATE) <= p.period_end
),

numbered AS (
    SELECT
        *,
        row_number() OVER (PARTITION BY customer_id ORDER BY ordered_at, order_id) AS order_number
    FROM kept_orders
),

customers AS (  -- cohort and segment come from the first kept order
    SELECT
        customer_id,
        CAST(date_trunc('month', day) AS DATE) AS cohort_month,
        CASE WHEN is_social THEN 'social' ELSE 'other' END AS segment
    FROM numbered
    WHERE order_number = 1
),

customer_orders AS (
    SELECT
        c.customer_id,
        c.cohort_month,
        c.segment,
        n.order_number,
        date_diff('month', c.cohort_month, n.day) AS month_index  -- calendar months after the cohort month
    FROM customers AS c
    JOIN numbered AS n USING (customer_id)
),

windows AS (  -- the months_after whose calendar month has fully passed by the period end
    SELECT c.cohort_month, m.months_after
    FROM (SELECT DISTINCT cohort_month FROM customers) AS c
    CROSS JOIN (VALUES (1), (3), (6), (12)) AS m(months_after)
    CROSS JOIN params AS p
    WHERE CAST(c.cohort_month + to_months(m.months_after + 1) - INTERVAL 1 DAY AS DATE) <= p.period_end
),

per_customer AS (
    SELECT
        w.cohort_month,
        w.months_after,
        c.customer_id,
        c.segment,
        EXISTS (
            SELECT 1 FROM customer_orders AS o
            WHERE o.customer_id = c.customer_id AND o.month_index = w.months_after
        ) AS retained,
        EXISTS (
            SELECT 1 FROM customer_orders AS o
            WHERE o.customer_id = c.customer_id AND o.order_number >= 2 AND o.month_index <= w.months_after
        ) AS repeated
    FROM windows AS w
    JOIN customers AS c USING (cohort_month)
),

counts AS (
    SELECT
        cohort_month,
        coalesce(segment, 'all') AS segment,
        months_after,
        count(*) AS customers,
        count(*) FILTER (WHERE retained) AS retained,
        count(*) FILTER (WHERE repeated) AS repeaters
    FROM per_customer
    GROUP BY GROUPING SETS ((cohort_month, months_after, segment), (cohort_month, months_after))
)

SELECT
    cohort_month,
    segment,
    customers,
    months_after,
    retained,
    retained / customers AS retention_rate,
    repeaters,
    repeaters / customers AS repeat_purchase_rate
FROM counts
ORDER BY cohort_month, months_after, segment
