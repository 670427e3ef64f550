/* ---
title: Who is talking about the brand, mention by mention
description: >
  Every mention from the listening exports, sorted into one class, first match wins: brand (the brand's own
  accounts), employee, partner (the creators and partners named in the config), paid (the post discloses a
  commercial relationship in any language: a tag or phrase such as #ad, #publi, "sponsorizzato da", "bezahlte
  Werbepartnerschaft"; a label standing alone at the start such as "Anzeige |" or "PUBLI:"; a gifted product such as
  "PR package" or "prodotto in omaggio"; a personal discount code; "not sponsored" and "no es publi" cancel a tag),
  bot_suspect (on that day the same account posted 20 or more mentions, or the same text three or more times), and
  otherwise authentic: people speaking on their own. The sentiment is the export's when it has one; otherwise the
  words decide, as tokens matched against the word lists of the mention's language (word forms such as ottim*,
  accents ignored except in German and in function words), with negation (a negator up to three words before flips
  a term, so "not bad" is mild praise), contrast (after but, pero, ma, mais, aber the words weigh more), questions
  (their words weigh little), sarcasm cues (/s, 🙄, "yeah right") and emoji (the Emoji Sentiment Ranking). A mention
  is a recommendation when its author tells others to buy, try, visit or trust the brand (a recommendation phrase
  such as "os lo recomiendo", "provatelo", "non ha rivali", not negated, not asked, not sarcastic, or a positive
  mention addressed to its readers) and it is not negative; thanks and praise addressed to the brand are praise
  (is_praise), not recommendations. The headline counts at most three authentic recommendations per account and week
  (the earliest three), so one keen fan cannot make the number. A repost of somebody else's post is classed like any
  mention and counts in the conversation, but it is never a recommendation and has no sentiment: the words are not
  the reposter's own. class_reason, sentiment_score, recommendation_terms and matched_terms say why each mention was
  decided. Days and weeks are in the report's time zone.
unit: mentions
grain: mention
# a week's rows depend only on that week's mentions: a nightly computes only the weeks with new ones
incremental: week
higher_is_better: true
owner: "@analytics"
pillar: word_of_mouth
checks:
  - unique: [platform, mention_id]
  - not_null: [platform, mention_id, published_at, day, week, class, class_reason, is_recommendation,
               counted_recommendation, is_praise]
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
  - name: praise is positive and never a recommendation
    sql: SELECT * FROM mention_classes WHERE is_praise AND (is_recommendation OR sentiment <> 'positive')
  - name: a paid mention says why
    sql: SELECT * FROM mention_classes WHERE class = 'paid' AND class_reason IS NULL
--- */
WITH rules AS (  -- the rule engine's numbers (VADER's, Hutto & Gilbert 2014), kept in one place
    SELECT
        -0.74 AS negated,  -- a negated term counts -0.74 times: "not good" is mildly negative, "not bad" mildly good
        0.5 AS before_contrast,  -- before the first but / pero / ma / mais / aber / mas ...
        1.5 AS after_contrast,  -- ... and after it: the clause after the contrast decides
        0.2 AS in_question_positive,  -- "is it really worth it?" judges little; a complaint asked as a question more
        0.6 AS in_question_negative,
        0.3 AS threshold,
        0.5 AS emoji_weight,  -- an emoji counts half its Emoji Sentiment Ranking score (most emoji rank positive)
        -1.0 AS sarcasm_weight,  -- a sarcasm cue (/s, 🙄, "yeah right") is blame in itself  -- a score at or above +0.3 is positive, at or below -0.3 negative, between neutral
        ['.', ',', '!', '?', ';', ':', '|', '(', ')', '¿', '¡', '/', '-', '–', '—', '[', ']', '*', '+', '<', '>']
            AS punctuation
),

lists AS (
    SELECT lower(trim(list)) AS list, lower(trim(language)) AS language, trim(term) AS term
    FROM word_lists
    WHERE trim(coalesce(term, '')) <> '' AND trim(coalesce(list, '')) <> ''
),

term_words AS (
    -- A term as the tokens a text is cut into (below). Function words (negators, contrast words) keep their accents:
    -- Italian né (nor) is not ne, Portuguese mas (but) is not más. German keeps its umlauts (schön is not schon);
    -- every other term is matched without accents. A trailing * matches any ending: ottim* is ottimo, ottima, ottime.
    SELECT
        list,
        language,
        term,
        ends_with(term, '*') AS is_prefix,
        list IN ('contrast') AS exact,
        regexp_extract_all(
            CASE WHEN list IN ('contrast', 'negator', 'not_only') OR language = 'de' THEN x ELSE strip_accents(x) END,
            '#?[\p{L}\p{N}_][\p{L}\p{M}\p{N}_]*|\p{So}|[.!?¿¡;:,|()\[\]\*\/+\-–—<>@]'
        ) AS words
    FROM (
        SELECT *, replace(replace(lower(nfc_normalize(rtrim(term, '*'))), '’', ''''), 'n''t', ' not') AS x FROM lists
    )
),

term_keys AS MATERIALIZED (
    SELECT
        row_number() OVER (ORDER BY list, language, term) AS term_id,
        list,
        language,
        term,
        is_prefix,
        exact,
        len(words) AS n,
        list_transform(words, lambda w: ltrim(w, '#')) AS keys,
        starts_with(words[1], '#') AS needs_tag,
        ltrim(words[1], '#') AS first,
        -- a phrase is looked up by its first two words, unless its second word is the one ending in *
        CASE WHEN len(words) > 1 AND NOT (is_prefix AND len(words) = 2) THEN ltrim(words[2], '#') END AS second,
        left(ltrim(words[1], '#'), 3) AS bucket,
        -- disclosures, gifts and codes are read in every language (a #ad is a #ad in a Spanish post); labels at the
        -- start of a post in the post's language and in English; the rest in the post's language only
        list IN ('disclosure', 'gift', 'not_paid', 'code') AS everywhere
    FROM term_words
    WHERE len(words) > 0 AND list NOT IN ('negator', 'not_only')
        AND NOT (is_prefix AND len(words) = 1 AND length(ltrim(words[1], '#')) < 3)
),

function_words AS MATERIALIZED (  -- per language: negators, and the words after a negator that make it "not only"
    SELECT
        language,
        coalesce(list(DISTINCT w) FILTER (WHERE list = 'negator'), []) AS negators,
        coalesce(list(DISTINCT w) FILTER (WHERE list = 'not_only'), []) AS not_only
    FROM (
        SELECT list, language, lower(nfc_normalize(term)) AS w FROM lists WHERE list IN ('negator', 'not_only')
        UNION ALL  -- a mention in a language the lists do not have gets every language's
        SELECT list, '*', lower(nfc_normalize(term)) FROM lists WHERE list IN ('negator', 'not_only')
    )
    GROUP BY language
),

listed_languages AS (SELECT DISTINCT language FROM lists WHERE language <> 'any'),

prepared AS (
    SELECT
        m.*,
        row_number() OVER () AS mk,
        timezone(getvariable('timezone'), m.published_at) AS local_at,
        left(lower(trim(m.language)), 2) AS lang,
        CASE WHEN left(lower(trim(m.language)), 2) IN (SELECT language FROM listed_languages)
            THEN left(lower(trim(m.language)), 2) ELSE '*' END AS lang_key,
        -- the text as words: lower-case, links and @handles out (a handle becomes the token @), "don't" -> "do not",
        -- a line break ends a sentence, <3 and :) are the emoji they draw
        replace(replace(replace(replace(replace(replace(replace(replace(regexp_replace(regexp_replace(
            lower(CASE WHEN regexp_matches(m.text, '\p{M}') THEN nfc_normalize(m.text) ELSE coalesce(m.text, '') END),
            '(https?://|www\.)[^\s]+', ' ', 'g'),
            '@[\p{L}\p{N}_.]*[\p{L}\p{N}_]|(^|\s)p_[0-9a-f]{6,}', ' @ ', 'g'),
            '’', ''''), '´', ''''),
            'n''t', ' not'),
            chr(10), ' . '), chr(13), ' '),
            '<3', ' ❤ '),
            ':-)', ' 😊 '), ':)', ' 😊 ') AS clean
    FROM mentions AS m
),

words AS MATERIALIZED (
    SELECT
        platform, mention_id, author_id, author_role, published_at, language, sentiment, in_reply_to_id, is_repost,
        mk, local_at, lang, lang_key,  -- what the steps below need; the text itself goes no further
        regexp_extract_all(clean, '#?[\p{L}\p{N}_][\p{L}\p{M}\p{N}_]*|\p{So}|[.!?¿¡;:,|()\[\]\*\/+\-–—<>@]') AS toks,
        CASE WHEN folded = clean THEN toks ELSE regexp_extract_all(folded, '#?[\p{L}\p{N}_][\p{L}\p{M}\p{N}_]*|\p{So}|[.!?¿¡;:,|()\[\]\*\/+\-–—<>@]') END
            AS ftoks,
        trim(regexp_replace(folded, '[^\p{L}\p{N}_]+', ' ', 'g')) AS normalised_text
    FROM (
        SELECT *,
            -- only a text with accented letters needs folding (most do not: skip the work)
            CASE WHEN lang = 'de' OR NOT regexp_matches(clean, '[À-ÖØ-öø-ɏ]') THEN clean ELSE strip_accents(clean) END
                AS folded
        FROM prepared
    )
),

tokens AS MATERIALIZED (  -- one row per token (and the next one): every term is found by an equi-join on them
    SELECT mk, lang_key, pos, ltrim(t, '#') AS tw, ltrim(f, '#') AS fw, ltrim(f2, '#') AS fw2,
        starts_with(t, '#') AS is_tag
    FROM (
        SELECT mk, lang_key, unnest(toks) AS t, unnest(ftoks) AS f,
            unnest(list_concat(list_slice(ftoks, 2, len(ftoks)), [NULL::VARCHAR])) AS f2,
            generate_subscripts(toks, 1) AS pos
        FROM words
    )
),

candidates AS (  -- tokens that start a term: its first word, or for word* terms its first three letters
    SELECT x.mk, x.pos, k.term_id
    FROM tokens AS x JOIN term_keys AS k ON k.first = x.fw AND k.second = x.fw2
    WHERE NOT k.exact AND (x.is_tag OR NOT k.needs_tag)
        AND (k.everywhere OR k.language IN (x.lang_key, 'any') OR x.lang_key = '*')
    UNION ALL
    SELECT x.mk, x.pos, k.term_id
    FROM tokens AS x JOIN term_keys AS k ON k.first = x.fw
    WHERE k.second IS NULL AND NOT k.exact AND NOT (k.is_prefix AND k.n = 1) AND (x.is_tag OR NOT k.needs_tag)
        AND NOT (x.is_tag AND k.list = 'disclosure_label')  -- a label is a plain word; #ad is in the disclosure list
        AND (k.everywhere OR k.language IN (x.lang_key, 'any') OR x.lang_key = '*'
            OR (k.list = 'disclosure_label' AND k.language = 'en'))
    UNION ALL
    SELECT x.mk, x.pos, k.term_id
    FROM tokens AS x JOIN term_keys AS k ON k.bucket = left(x.fw, 3)
    WHERE k.is_prefix AND k.n = 1 AND starts_with(x.fw, k.first) AND (x.is_tag OR NOT k.needs_tag)
        AND (k.everywhere OR k.language IN (x.lang_key, 'any') OR x.lang_key = '*')
    UNION ALL
    SELECT x.mk, x.pos, k.term_id
    FROM tokens AS x JOIN term_keys AS k ON k.first = x.tw
    WHERE k.exact AND (k.language IN (x.lang_key, 'any') OR x.lang_key = '*')
),

emoji_hits AS (  -- emoji with the Emoji Sentiment Ranking's score, unless a word list gives the emoji its own weight
    SELECT x.mk, x.pos, 1 AS n, 'emoji' AS list, e.emoji AS term, r.emoji_weight * TRY_CAST(e.score AS DOUBLE) AS weight
    FROM tokens AS x JOIN emoji_sentiment AS e ON e.emoji = x.tw CROSS JOIN rules AS r
    WHERE NOT EXISTS (
        SELECT 1 FROM term_keys AS k
        WHERE k.n = 1 AND k.first = e.emoji AND k.list IN ('positive', 'negative', 'sarcasm')
    )
),

term_hits AS (
    SELECT c.mk, c.pos, k.n, k.list, k.term, CASE k.list WHEN 'negative' THEN -1.0 ELSE 1.0 END AS weight
    FROM candidates AS c
    JOIN term_keys AS k USING (term_id)
    WHERE k.n = 1 OR (k.n = 2 AND NOT k.is_prefix)  -- found whole by the joins above
    UNION ALL
    SELECT c.mk, c.pos, k.n, k.list, k.term, CASE k.list WHEN 'negative' THEN -1.0 ELSE 1.0 END AS weight
    FROM candidates AS c
    JOIN term_keys AS k USING (term_id)
    JOIN words AS w USING (mk)
    WHERE (k.n > 2 OR k.is_prefix) AND k.n > 1 AND (  -- a phrase: the following tokens must be its following words (the last one a prefix: word*)
        list_slice(list_transform(list_slice(CASE WHEN k.exact THEN w.toks ELSE w.ftoks END, c.pos, c.pos + k.n - 1),
            lambda s: ltrim(s, '#')), 1, k.n - CAST(k.is_prefix AS INTEGER)) = list_slice(k.keys, 1, k.n - CAST(k.is_prefix AS INTEGER))
        AND (NOT k.is_prefix OR starts_with(ltrim(coalesce(w.ftoks[c.pos + k.n - 1], ''), '#'), k.keys[k.n]))
    )
),

all_hits AS MATERIALIZED (  -- one hit per place and list (a word in two lists of one kind counts once)
    SELECT DISTINCT ON (mk, pos, n, list) * FROM (SELECT * FROM term_hits UNION ALL SELECT * FROM emoji_hits)
    ORDER BY mk, pos, n, list, term
),

kept_hits AS MATERIALIZED (  -- a word inside a longer matched phrase counts only as part of it ("no funciona" is not "funciona")
    SELECT h.*
    FROM all_hits AS h
    WHERE NOT (h.list IN ('positive', 'negative', 'recommendation') AND EXISTS (
        SELECT 1 FROM all_hits AS o
        WHERE o.mk = h.mk AND o.list IN ('positive', 'negative', 'recommendation')
            AND (o.n > h.n OR (o.n = h.n AND o.list = 'recommendation' AND h.list <> 'recommendation'))
            AND o.pos <= h.pos AND o.pos + o.n >= h.pos + h.n
    ))
),

contrasts AS (
    SELECT c.mk, c.at, EXISTS (
        SELECT 1 FROM kept_hits AS h
        WHERE h.mk = c.mk AND h.pos > c.at AND h.list IN ('positive', 'negative', 'recommendation', 'emoji', 'sarcasm')
    ) AS judged_after
    FROM (SELECT mk, min(pos) AS at FROM kept_hits WHERE list = 'contrast' GROUP BY mk) AS c
),

in_context AS (  -- each hit with what surrounds it: a negator before it, a question mark after it, a label's edges
    SELECT
        h.*,
        c.at AS contrast_at,
        coalesce(c.judged_after, false) AS judged_after_contrast,
        -- a negator among the 3 tokens before, with no punctuation between (and not "not only")
        NOT regexp_matches(h.term, '^\p{So}+$') AND coalesce(
            (h.pos > 1 AND list_contains(f.negators, w.toks[h.pos - 1]))
            OR (h.pos > 2 AND list_contains(f.negators, w.toks[h.pos - 2])
                AND NOT list_contains(r.punctuation, w.toks[h.pos - 1]) AND NOT list_contains(f.not_only, w.toks[h.pos - 1])),
            false) AS negated_near,
        NOT regexp_matches(h.term, '^\p{So}+$') AND coalesce(
            (h.pos > 3 AND list_contains(f.negators, w.toks[h.pos - 3])
                AND NOT list_contains(r.punctuation, w.toks[h.pos - 2]) AND NOT list_contains(r.punctuation, w.toks[h.pos - 1])
                AND NOT list_contains(f.not_only, w.toks[h.pos - 2]) AND NOT list_contains(f.not_only, w.toks[h.pos - 1]))
            -- German and French put the negator after the verb too ("gefällt mir nicht", "j'aime pas")
            OR (w.lang = 'fr' AND list_contains(f.negators, w.toks[h.pos + h.n])
                AND NOT list_contains(f.not_only, coalesce(w.toks[h.pos + h.n + 1], '')))
            OR (w.lang = 'de' AND list_contains(f.negators, w.toks[h.pos + h.n])
                AND coalesce(list_contains(r.punctuation, w.toks[h.pos + h.n + 1]), true))
            -- in German only when the negator ends its clause ("lohnt sich nicht.", "empfehle ich euch nicht!")
            OR (w.lang = 'de' AND list_contains(f.negators, w.toks[h.pos + h.n + 1])
                AND NOT list_contains(r.punctuation, w.toks[h.pos + h.n])
                AND coalesce(list_contains(r.punctuation, w.toks[h.pos + h.n + 2]), true))
            OR (w.lang = 'de' AND list_contains(f.negators, w.toks[h.pos + h.n + 2])
                AND NOT list_contains(r.punctuation, w.toks[h.pos + h.n])
                AND NOT list_contains(r.punctuation, w.toks[h.pos + h.n + 1])
                AND coalesce(list_contains(r.punctuation, w.toks[h.pos + h.n + 3]), true)),
            false) AS negated_far,
        -- the sentence it is in ends with a question mark
        CASE WHEN h.list IN ('positive', 'negative', 'recommendation', 'emoji', 'gift', 'audience')
            THEN coalesce(list_position(list_slice(w.toks, h.pos, len(w.toks)), '?'), 0) ELSE 0 END AS question_at,
        least(
            coalesce(nullif(list_position(list_slice(w.toks, h.pos, len(w.toks)), '.'), 0), 1000000),
            coalesce(nullif(list_position(list_slice(w.toks, h.pos, len(w.toks)), '!'), 0), 1000000)
        ) AS sentence_end,
        -- a label stands alone: no plain word right before it or right after it ("Anzeige | ...", "PUBLI: ...")
        h.list = 'disclosure_label'
            AND (h.pos = 1 OR NOT regexp_matches(w.toks[h.pos - 1], '^[\p{L}\p{N}]'))
            AND (h.pos + h.n > len(w.toks) OR NOT regexp_matches(w.toks[h.pos + h.n], '^[\p{L}\p{N}]')) AS stands_alone,
        -- a personal code: letters then digits (ANNA10) within two tokens after "code", "codice", "código"...
        h.list = 'code' AND coalesce(list_has_any(list_transform(list_slice(w.toks, h.pos + h.n, h.pos + h.n + 2),
            lambda s: regexp_full_match(s, '\p{L}{2,}\p{N}+\p{L}*')), [true]), false) AS code_follows
    FROM kept_hits AS h
    JOIN words AS w USING (mk)
    LEFT JOIN function_words AS f ON f.language = w.lang_key
    LEFT JOIN contrasts AS c USING (mk)
    CROSS JOIN rules AS r
),

weighed AS (
    SELECT
        i.*,
        i.negated_near OR i.negated_far AS negated,
        i.question_at > 0 AND i.question_at < i.sentence_end AS in_question,
        CASE WHEN i.list = 'sarcasm' THEN r.sarcasm_weight
        WHEN i.list IN ('positive', 'negative', 'recommendation', 'emoji') THEN
            i.weight
            * CASE WHEN i.list <> 'emoji' AND (i.negated_near OR i.negated_far) THEN r.negated ELSE 1 END
            * CASE WHEN i.contrast_at IS NULL OR i.pos = i.contrast_at THEN 1
                -- "precioso, pero la talla viene pequeñísima": with nothing judged after the but, it turns what came before
                WHEN i.pos < i.contrast_at AND NOT i.judged_after_contrast THEN -r.before_contrast
                WHEN i.pos < i.contrast_at THEN r.before_contrast ELSE r.after_contrast END
        END AS w0
    FROM in_context AS i CROSS JOIN rules AS r
),

scored AS (
    SELECT
        s.*,
        CASE WHEN NOT s.in_question THEN s.w0 WHEN s.w0 > 0 THEN s.w0 * r.in_question_positive
            ELSE s.w0 * r.in_question_negative END AS contribution
    FROM weighed AS s CROSS JOIN rules AS r
),

found AS MATERIALIZED (
    SELECT
        mk,
        bool_or(list = 'disclosure' AND NOT negated_near) AS has_tag_or_phrase,
        bool_or(list = 'disclosure_label' AND stands_alone AND NOT negated_near) AS has_label,
        bool_or(list = 'not_paid') AS says_not_paid,
        bool_or(list = 'gift' AND NOT negated_near AND NOT in_question) AS has_gift,
        bool_or(list = 'code' AND code_follows) AS has_code,
        bool_or(list = 'sarcasm') AS has_sarcasm,
        bool_or(list = 'recommendation' AND NOT negated AND NOT in_question) AS has_recommendation_phrase,
        bool_or(list = 'audience' AND NOT in_question) AS addresses_readers,
        bool_or(list = 'thanks') AS thanks_someone,
        coalesce(sum(contribution) FILTER (WHERE contribution > 0), 0) AS positive_score,
        coalesce(sum(contribution) FILTER (WHERE contribution < 0), 0) AS negative_score,
        list_sort(list_distinct(list(list || ': ' || term) FILTER (
            WHERE list IN ('recommendation', 'audience') AND NOT negated AND NOT in_question))) AS recommendation_terms,
        min(CASE
            WHEN list = 'disclosure' AND NOT negated_near THEN 'disclosure: ' || term
            WHEN list = 'disclosure_label' AND stands_alone AND NOT negated_near THEN 'label: ' || term
        END) AS disclosure_reason,
        min(CASE WHEN list = 'gift' AND NOT negated_near AND NOT in_question THEN 'gift: ' || term
            WHEN list = 'code' AND code_follows THEN 'code: ' || term END) AS gift_reason,
        list_sort(list_distinct(list(
            list || ': ' || term
            || CASE WHEN list = 'emoji' THEN ' ' || CASE WHEN weight >= 0 THEN '+' ELSE '' END
                || CAST(round(weight, 2) AS VARCHAR) ELSE '' END
            || CASE WHEN negated AND list NOT IN ('emoji', 'contrast', 'sarcasm', 'not_paid', 'code') THEN ' (negated)'
                ELSE '' END
            || CASE WHEN in_question AND list IN ('positive', 'negative', 'recommendation', 'emoji', 'gift')
                THEN ' (in a question)' ELSE '' END
            || CASE WHEN list = 'disclosure_label' AND NOT stands_alone THEN ' (not a label)' ELSE '' END
        ))) AS matched_terms
    FROM scored
    GROUP BY mk
),

matched AS (
    SELECT
        w.* EXCLUDE (toks, ftoks),
        coalesce(f.has_gift OR f.has_code OR ((f.has_tag_or_phrase OR f.has_label) AND NOT f.says_not_paid), false)
            AS has_disclosure,
        CASE WHEN coalesce(f.has_tag_or_phrase OR f.has_label, false) AND NOT f.says_not_paid THEN f.disclosure_reason
            ELSE f.gift_reason END AS disclosure_reason,
        coalesce(f.has_sarcasm, false) AS has_sarcasm,
        coalesce(f.has_recommendation_phrase AND NOT f.has_sarcasm, false) AS has_recommendation_phrase,
        -- advice to the readers ("si buscáis", "les filles", "euch"), not thanks to the brand
        coalesce(f.addresses_readers AND NOT f.thanks_someone AND NOT f.has_sarcasm, false) AS addresses_readers,
        -- sarcasm ("Perfetto, ancora in ritardo 😒", "/s") turns the praise it wraps into blame
        round(CASE WHEN coalesce(f.has_sarcasm, false) THEN -f.positive_score ELSE coalesce(f.positive_score, 0) END
            + coalesce(f.negative_score, 0), 3) AS words_score,
        coalesce(f.positive_score > 0 AND NOT f.has_sarcasm, false) AS has_positive_term,
        coalesce(f.negative_score < 0 OR (f.has_sarcasm AND f.positive_score > 0), false) AS has_negative_term,
        coalesce(f.recommendation_terms, []) AS recommendation_terms,
        coalesce(f.matched_terms, []) AS matched_terms
    FROM words AS w
    LEFT JOIN found AS f USING (mk)
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
            WHEN m.author_role IN ('brand', 'employee', 'partner') THEN 'author role: ' || m.author_role
            WHEN m.has_disclosure THEN m.disclosure_reason
            WHEN b.author_id IS NOT NULL THEN 'bot signal'
            ELSE 'no disclosure, role or bot signal'
        END AS class_reason,
        CASE
            WHEN b.mentions_that_day >= 20 THEN 'account posted ' || b.mentions_that_day || ' mentions that day'
            WHEN b.author_id IS NOT NULL THEN 'account posted the same text ' || b.most_repeated || ' times that day'
        END AS bot_signal,
        coalesce(m.is_repost, false) AS is_repost,
        CASE
            WHEN coalesce(m.is_repost, false) THEN NULL
            WHEN lower(m.sentiment) IN ('positive', 'negative', 'neutral') THEN lower(m.sentiment)
            WHEN m.words_score >= r.threshold THEN 'positive'
            WHEN m.words_score <= -r.threshold THEN 'negative'
            ELSE 'neutral'
        END AS sentiment,
        CASE
            WHEN coalesce(m.is_repost, false) THEN NULL
            WHEN lower(m.sentiment) IN ('positive', 'negative', 'neutral') THEN 'export'
            ELSE 'word_lists'
        END AS sentiment_source,
        CASE WHEN NOT coalesce(m.is_repost, false) THEN m.words_score END AS sentiment_score,
        m.has_disclosure,
        m.has_recommendation_phrase,
        m.addresses_readers,
        m.has_positive_term,
        m.has_negative_term,
        m.language,
        m.in_reply_to_id,
        m.recommendation_terms,
        m.matched_terms,
        m.normalised_text
    FROM matched AS m
    CROSS JOIN rules AS r
    LEFT JOIN bot_days AS b
        ON b.platform = m.platform AND b.author_id = m.author_id AND b.day = CAST(m.local_at AS DATE)
),

recommendations AS (
    -- A recommendation tells others to buy, try, visit or trust the brand: a recommendation phrase, not negated,
    -- not asked as a question, not sarcastic, in a mention that is not negative; or a positive mention addressed to
    -- its readers ("chicas, el bikini de ... es una maravilla") that thanks no one. Praise is positive without these.
    SELECT
        *,
        NOT is_repost AND (
            (has_recommendation_phrase OR addresses_readers) AND sentiment <> 'negative'
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
    class_reason,
    bot_signal,
    is_repost,
    sentiment,
    sentiment_source,
    sentiment_score,
    is_recommendation,
    -- the headline's recommendations: authentic ones, the earliest three per account and week
    class = 'authentic' AND is_recommendation AND row_number() OVER (
        PARTITION BY platform, coalesce(author_id, 'mention ' || mention_id), week,
            class = 'authentic' AND is_recommendation
        ORDER BY published_at, mention_id
    ) <= 3 AS counted_recommendation,
    NOT is_repost AND NOT is_recommendation AND sentiment = 'positive' AS is_praise,
    has_disclosure,
    has_recommendation_phrase,
    has_positive_term,
    has_negative_term,
    language,
    in_reply_to_id,
    recommendation_terms,
    matched_terms,
    normalised_text
FROM recommendations
ORDER BY published_at, platform, mention_id
