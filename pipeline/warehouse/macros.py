"""SQL helpers every adapter uses, created as temporary macros on the ingest connection: one rule for numbers and
one for plausible times, so no format can drift from the others.

Numbers arrive as text: ``"29.0"``, ``"1,250"``, ``"-"`` (X: not promoted), ``""`` or ``"N/A"`` (not measured: NULL).

- A **count** (followers, likes, sessions, ...) is a whole number of 0 or more that fits a BIGINT: digits, optionally
  grouped by commas in threes (``1,250``), optionally followed by a zero fraction (``29.0``, X's legacy floats).
  ``-5``, ``12.5``, ``NaN``, ``inf``, ``1e308`` are "not a whole number of 0 or more"; 20 digits and more are "too
  large for a count". ``as_count(x)`` is the value, ``count_problem(x)`` the reason (NULL when fine).
- A **decimal** (money: Shopify's Total, GA4's revenue; GA4's key events) is a finite decimal number that fits
  DECIMAL(18,2) (16 digits before the point; more than 2 decimals are rounded to the cent), not negative where the
  format says so: no exponent, no ``NaN`` or ``inf``. ``as_decimal(x)``, ``decimal_problem(x, negative_ok)``.

The reasons name the problem, never the value; adapters prefix the column as the file names it (``count_check``).
"""

from __future__ import annotations

from datetime import date

from pipeline.escape import literal

PARSING_MACROS = r"""
CREATE OR REPLACE TEMP MACRO blank(x) AS nullif(trim(x), '');
CREATE OR REPLACE TEMP MACRO value_text(x) AS CASE WHEN trim(x) IN ('', '-', 'N/A', 'n/a', '--') THEN NULL
    ELSE trim(x) END;
CREATE OR REPLACE TEMP MACRO count_digits(x) AS
    CASE WHEN regexp_full_match(value_text(x), '([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\.0*)?')
    THEN replace(regexp_extract(value_text(x), '^[0-9,]+'), ',', '') END;
CREATE OR REPLACE TEMP MACRO as_count(x) AS try_cast(count_digits(x) AS BIGINT);
CREATE OR REPLACE TEMP MACRO count_problem(x) AS CASE WHEN value_text(x) IS NULL THEN NULL
    WHEN count_digits(x) IS NULL THEN 'is not a whole number of 0 or more'
    WHEN as_count(x) IS NULL THEN 'is too large for a count' END;
CREATE OR REPLACE TEMP MACRO decimal_digits(x) AS
    CASE WHEN regexp_full_match(value_text(x), '-?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\.[0-9]*)?')
    THEN replace(value_text(x), ',', '') END;
CREATE OR REPLACE TEMP MACRO as_decimal(x) AS try_cast(decimal_digits(x) AS DECIMAL(18,2));
CREATE OR REPLACE TEMP MACRO decimal_problem(x, negative_ok) AS CASE WHEN value_text(x) IS NULL THEN NULL
    WHEN decimal_digits(x) IS NULL
        THEN CASE WHEN negative_ok THEN 'is not a decimal number' ELSE 'is not a decimal number of 0 or more' END
    WHEN as_decimal(x) IS NULL THEN 'is too large for an amount (16 digits before the point at most)'
    WHEN NOT negative_ok AND as_decimal(x) < 0 THEN 'is negative' END;
CREATE OR REPLACE TEMP MACRO truthy(x) AS CASE WHEN lower(trim(x)) IN ('true', '1', 'yes', 'y') THEN true
    WHEN lower(trim(x)) IN ('false', '0', 'no', 'n') THEN false END;
CREATE OR REPLACE TEMP MACRO local_ts(ts, tz) AS timezone(tz, ts);
"""

# Localised counts. ``decimal_sep`` is '.' (English: the macros above) or ',' (es, it, de, fr, pt), where thousands
# are grouped by '.', a space, U+00A0 or U+202F ('1.234', '1 234') and a trailing '%' is dropped. Grouping must be in
# threes, so an English '1.23' or '12a' is malformed, never silently misread; a fraction other than zero (',0') is not
# a whole number ('1,250' in a Spanish file could be an English thousand).
PARSING_MACROS += r"""
CREATE OR REPLACE TEMP MACRO strip_loc(x) AS
    regexp_replace(x, '^[\s\x{a0}\x{202f}]+|[\s\x{a0}\x{202f}]*%?[\s\x{a0}\x{202f}]*$', '', 'g');
CREATE OR REPLACE TEMP MACRO value_text_loc(x) AS CASE WHEN strip_loc(x) IN ('', '-', 'N/A', 'n/a', '--') THEN NULL
    ELSE strip_loc(x) END;
CREATE OR REPLACE TEMP MACRO count_digits_loc(x) AS
    CASE WHEN regexp_full_match(value_text_loc(x), '(\d+|\d{1,3}(\.\d{3})+|\d{1,3}([ \x{a0}\x{202f}]\d{3})+)(,0*)?')
    THEN regexp_replace(regexp_extract(value_text_loc(x), '^[0-9. \x{a0}\x{202f}]+'), '[. \x{a0}\x{202f}]', '', 'g')
    END;
CREATE OR REPLACE TEMP MACRO as_count_loc(x, decimal_sep) AS CASE WHEN decimal_sep = '.' THEN as_count(x)
    ELSE try_cast(count_digits_loc(x) AS BIGINT) END;
CREATE OR REPLACE TEMP MACRO count_problem_loc(x, decimal_sep) AS CASE WHEN decimal_sep = '.' THEN count_problem(x)
    WHEN value_text_loc(x) IS NULL THEN NULL
    WHEN count_digits_loc(x) IS NULL THEN 'is not a whole number of 0 or more'
    WHEN as_count_loc(x, decimal_sep) IS NULL THEN 'is too large for a count' END;
"""

# An Excel date or time cell, as sheetfile.py hands it over: '2026-05-14 09:30:00' (a date-only cell at midnight,
# '.fff' with fractions of a second). A TIMESTAMP without a zone; NULL for any other text. Adapters whose exports write
# dates another way ('MM/DD/YYYY HH:MM') coalesce their own parse with this one, since Excel turns such text into cells.
PARSING_MACROS += """
CREATE OR REPLACE TEMP MACRO excel_ts(x) AS try_strptime(trim(x), ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M:%S.%g']);
"""

# Plausible times. A time before its platform existed, or later than the day after the export was taken (the date the
# file states, else the day of the ingest), cannot be a real post, mention, message, order or visit: the row is
# rejected (a year 99999 would otherwise become the report's period end). Launch dates, from each service's own
# announcement as retold by Wikipedia's article on it: Facebook 2004-02-04, YouTube 2005-02-14, Reddit 2005-06-23,
# Twitter 2006-03-21 (the first tweet), Pinterest and Instagram 2010 (closed beta in March, App Store 2010-10-06),
# TikTok 2016-09 (as Douyin), Bluesky 2023-02 (invite-only beta), Threads 2023-07-05. LinkedIn launched 2003-05-05 but
# company pages, whose posts are loaded, came later: the social floor, 2004-01-01, covers it, and covers news and web
# mentions, which listening tools index from the 2000s on. GA4 took its first data as "App + Web" properties in
# 2019-07 (announced 2019-07-31; renamed GA4 2020-10-14). Orders: 1990-01-01, before the web's first shops, since a
# shop that moved to Shopify may import orders older than Shopify itself.
SOCIAL_FLOOR = date(2004, 1, 1)
PLATFORM_FLOORS = {
    "facebook": date(2004, 2, 4),
    "youtube": date(2005, 2, 14),
    "reddit": date(2005, 6, 23),
    "x": date(2006, 3, 21),
    "pinterest": date(2010, 3, 1),
    "instagram": date(2010, 10, 6),
    "tiktok": date(2016, 9, 1),
    "bluesky": date(2023, 2, 1),
    "threads": date(2023, 7, 5),
}
ORDERS_FLOOR = date(1990, 1, 1)
GA4_FLOOR = date(2019, 7, 1)

_FLOORS_MAP = "MAP {" + ", ".join(f"{literal(p)}: DATE '{d}'" for p, d in PLATFORM_FLOORS.items()) + "}"
# ``latest_day`` (a session variable set by LoadContext for each file): the last plausible day, the export's date
# (or the ingest's) plus one. A time is plausible until the end of that day in UTC.
PARSING_MACROS += f"""
CREATE OR REPLACE TEMP MACRO platform_floor(platform) AS coalesce({_FLOORS_MAP}[platform], DATE '{SOCIAL_FLOOR}');
CREATE OR REPLACE TEMP MACRO time_problem(ts, floor) AS CASE
    WHEN ts IS NULL THEN NULL
    WHEN CAST(ts AS TIMESTAMPTZ) < timezone('UTC', CAST(floor AS TIMESTAMP))
        THEN 'is before ' || strftime(floor, '%Y-%m-%d') || ', when the platform did not exist yet'
    WHEN CAST(ts AS TIMESTAMPTZ) >= timezone('UTC', CAST(getvariable('latest_day') + 1 AS TIMESTAMP))
        THEN 'is after ' || strftime(getvariable('latest_day'), '%Y-%m-%d') || ', '
            || getvariable('latest_day_why') END;
"""


def count_check(expr: str, label: str) -> str:
    """A CASE branch rejecting a value of ``expr`` that is not a count, naming the column as ``label``."""
    return f"WHEN count_problem({expr}) IS NOT NULL THEN {literal(label + ' ')} || count_problem({expr})"


def count_check_loc(expr: str, label: str, decimal_sep: str) -> str:
    sep = literal(decimal_sep)
    return (
        f"WHEN count_problem_loc({expr}, {sep}) IS NOT NULL THEN {literal(label + ' ')} || "
        f"count_problem_loc({expr}, {sep})"
    )


def decimal_check(expr: str, label: str, negative_ok: bool = False) -> str:
    """A CASE branch rejecting a value of ``expr`` that is not a decimal (money), naming the column as ``label``."""
    flag = "true" if negative_ok else "false"
    return (
        f"WHEN decimal_problem({expr}, {flag}) IS NOT NULL THEN {literal(label + ' ')} || "
        f"decimal_problem({expr}, {flag})"
    )
