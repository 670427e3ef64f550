/* ---
title: Who is talking about the brand, mention by mention
description: >
  Every mention from the listening exports, sorted into one class, first match wins: brand (the brand's own
  accounts), employee, partner (the creators and partners named in the config), paid (the text carries a disclosure
  tag or phrase from the disclosure word list, in any language: #ad, #publi, #adv, patrocinado, #werbung, ...),
  bot_suspect (on that day the same account posted 20 or more mentions, or the same text three or more times), and
  otherwise authentic: people speaking on their own. The sentiment is the export's when it has one, else it is read
  from the positive and negative word lists of the mention's language. A mention is a recommendation when its
  sentiment is positive or its text uses a recommendation phrase ("os recomiendo", "vi consiglio", "I recommend"),
  unless it also uses a negative term such as "no lo recomiendo". The headline counts at most three authentic
  recommendations per account and week (the earliest three), so one keen fan cannot make the number. A repost of
  somebody else's post (a retweet of the brand, say) is classed like any mention and counts in the conversation,
  but it is never a recommendation and has no sentiment: the words are not the reposter's own, and shares of the
  brand's posts are already counted by the amplification rate. Days and weeks are in the report's time zone.
unit: mentions
grain: mention
higher_is_better: true
owner: "@analytics"
pillar: word_of_mouth
checks:
  - unique: [platform, mention_id]
  - not_null: [platform, mention_id, published_at, day, week, class, is_recommendation, counted_recommendation]
  - accepted_values: {column: class, values: [brand, employee, partner, paid, bot_suspect, authentic]}
  - accepted_values: {column: sentiment, values: [positive, negative, neutral]}
  - name: every mention in the warehouse is classed exactly once
    sql: >
      SELECT platform, mention_id FROM mentions
      EXCEPT SELECT platform, mention_id FROM mention_classes
  - name: the headline counts only authentic recommendations, at most 3 per account and week
    sql: >
      SELECT platform, author_id, week, count(*) AS counted FROM mention_classes
      WHERE counted_recommendation
      GROUP BY ALL
      HAVING count(*) > 3 OR bool_or(class <> 'authentic' OR NOT is_recommendation)
  - name: reposts carry no sentiment and are never recommendations
    sql: SELECT * FROM mention_classes WHERE is_repost AND (sentiment IS NOT NULL OR is_recommendation)
--- */
WITH terms AS (
    -- the word lists as words separated by single spaces: lower-case, no accents, punctuation made a space
    -- ("rip-off" -> "rip off", "j'adore" -> "j adore"); a '#' stays at the start of a hashtag
    SELECT
        lower(trim(list)) AS list,
        lower(trim(language)) AS language,
        lower(trim(term)) AS term,
        ' ' || trim(regexp_replace(replace(strip_accents(lower(term)), '#', ' #'), '[^\pL\pN_#]+', ' ', 'g')) || ' '
            AS words
    FROM word_lists
    WHERE trim(coalesce(term, '')) <> ''
),

prepared AS (
    SELECT
        m.*,
        timezone(getvariable('timezone'), m.published_at) AS local_at,
        left(lower(trim(m.language)), 2) AS lang,
        coalesce(left(lower(trim(m.language)), 2) IN (SELECT language FROM terms), false) AS lang_listed,
        -- the text the same way, links, @handles and p_… pseudonyms removed first
        ' ' || trim(regexp_replace(replace(regexp_replace(
            strip_accents(lower(coalesce(m.text, ''))),
            '(https?://|www\.)[^\s]+|@[^\s]+|(^|\s)p_[0-9a-f]{6,}', ' ', 'g'),
            '#', ' #'), '[^\pL\pN_#]+', ' ', 'g')) || ' ' AS tag_text
    FROM mentions AS m
),

hits AS (
    -- A term matches when its words appear in a row in the text, as whole words. A hashtag term (#publi) matches
    -- only the hashtag; a plain term (patrocinado) matches the word and the hashtag (#patrocinado) alike.
    -- Disclosure terms of every language apply to every mention; the other lists use the mention's language
    -- when the word lists have it, else every language.
    SELECT p.platform, p.mention_id, t.list, t.term
    FROM prepared AS p
    JOIN terms AS t
        ON contains(CASE WHEN contains(t.words, '#') THEN p.tag_text ELSE replace(p.tag_text, '#', '') END, t.words)
    WHERE t.list = 'disclosure' OR t.language = p.lang OR NOT p.lang_listed
),

found AS (
    SELECT
        platform,
        mention_id,
        bool_or(list = 'disclosure') AS has_disclosure,
        bool_or(list = 'recommendation') AS has_recommendation_phrase,
        bool_or(list = 'positive') AS has_positive_term,
        bool_or(list = 'negative') AS has_negative_term,
        list_sort(list_distinct(list(list || ': ' || term))) AS matched_terms
    FROM hits
    GROUP BY ALL
),

matched AS (
    SELECT
        p.*,
        trim(regexp_replace(p.tag_text, '[#\s]+', ' ', 'g')) AS normalised_text,  -- for spotting repeated texts
        coalesce(f.has_disclosure, false) AS has_disclosure,
        coalesce(f.has_recommendation_phrase, false) AS has_recommendation_phrase,
        coalesce(f.has_positive_term, false) AS has_positive_term,
        coalesce(f.has_negative_term, false) AS has_negative_term,
        coalesce(f.matched_terms, []) AS matched_terms
    FROM prepared AS p
    LEFT JOIN found AS f USING (platform, mention_id)
),

bot_days AS (  -- accounts that, on one local day, posted 20+ mentions or one text 3+ times
    SELECT platform, author_id, day, max(texts) AS most_repeated, sum(texts) AS mentions_that_day
    FROM (
        SELECT platform, author_id, CAST(local_at AS DATE) AS day, normalised_text, count(*) AS texts
        FROM matched
        WHERE author_id IS NOT NULL
        GROUP BY ALL
    )
    GROUP BY ALL
    HAVING sum(texts) >= 20 OR max(texts) FILTER (WHERE normalised_text <> '') >= 3
),

classed AS (
    SELECT
        m.platform,
        m.mention_id,
        m.author_id,
        m.author_role,
        m.published_at,
        CAST(m.local_at AS DATE) AS day,
        CAST(date_trunc('week', m.local_at) AS DATE) AS week,
        CASE
            WHEN m.author_role = 'brand' THEN 'brand'
            WHEN m.author_role = 'employee' THEN 'employee'
            WHEN m.author_role = 'partner' THEN 'partner'
            WHEN m.has_disclosure THEN 'paid'
            WHEN b.author_id IS NOT NULL THEN 'bot_suspect'
            ELSE 'authentic'
        END AS class,
        CASE
            WHEN b.mentions_that_day >= 20 THEN 'account posted ' || b.mentions_that_day || ' mentions that day'
            WHEN b.author_id IS NOT NULL THEN 'account posted the same text ' || b.most_repeated || ' times that day'
        END AS bot_signal,
        coalesce(m.is_repost, false) AS is_repost,
        CASE
            WHEN coalesce(m.is_repost, false) THEN NULL
            WHEN lower(m.sentiment) IN ('positive', 'negative', 'neutral') THEN lower(m.sentiment)
            WHEN m.has_positive_term AND NOT m.has_negative_term THEN 'positive'
            WHEN m.has_negative_term AND NOT m.has_positive_term THEN 'negative'
            ELSE 'neutral'
        END AS sentiment,
        CASE
            WHEN coalesce(m.is_repost, false) THEN NULL
            WHEN lower(m.sentiment) IN ('positive', 'negative', 'neutral') THEN 'export'
            ELSE 'word_lists'
        END AS sentiment_source,
        m.has_disclosure,
        m.has_recommendation_phrase,
        m.has_positive_term,
        m.has_negative_term,
        m.language,
        m.in_reply_to_id,
        m.matched_terms,
        m.normalised_text
    FROM matched AS m
    LEFT JOIN bot_days AS b
        ON b.platform = m.platform AND b.author_id = m.author_id AND b.day = CAST(m.local_at AS DATE)
),

recommendations AS (
    SELECT
        *,
        NOT is_repost AND (
            sentiment = 'positive'
            OR (has_recommendation_phrase AND NOT has_negative_term AND sentiment <> 'negative')
        ) AS is_recommendation
    FROM classed
)

SELECT
    platform,
    mention_id,
    author_id,
    author_role,
    published_at,
    day,
    week,
    class,
    bot_signal,
    is_repost,
    sentiment,
    sentiment_source,
    is_recommendation,
    -- the headline's recommendations: authentic ones, the earliest three per account and week
    class = 'authentic' AND is_recommendation AND row_number() OVER (
        PARTITION BY platform, coalesce(author_id, 'mention ' || mention_id), week,
            class = 'authentic' AND is_recommendation
        ORDER BY published_at, mention_id
    ) <= 3 AS counted_recommendation,
    has_disclosure,
    has_recommendation_phrase,
    has_positive_term,
    has_negative_term,
    language,
    in_reply_to_id,
    matched_terms,
    normalised_text
FROM recommendations
ORDER BY published_at, platform, mention_id
