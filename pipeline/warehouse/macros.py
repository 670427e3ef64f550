"""SQL helpers every adapter may use, created as temporary macros on the ingest connection."""

from __future__ import annotations

# Export numbers arrive as text: "29.0", "1,250", "-" (X: not promoted), "" or "N/A" (not measured).
# Anything else that does not parse is a malformed value and the adapter rejects the row.
PARSING_MACROS = """
CREATE OR REPLACE TEMP MACRO blank(x) AS nullif(trim(x), '');
CREATE OR REPLACE TEMP MACRO num_text(x) AS CASE WHEN trim(x) IN ('', '-', 'N/A', 'n/a', '--') THEN NULL
    ELSE replace(trim(x), ',', '') END;
CREATE OR REPLACE TEMP MACRO num(x) AS try_cast(num_text(x) AS DOUBLE);
CREATE OR REPLACE TEMP MACRO whole(x) AS CAST(round(num(x)) AS BIGINT);
CREATE OR REPLACE TEMP MACRO bad_num(x) AS num_text(x) IS NOT NULL AND num(x) IS NULL;
CREATE OR REPLACE TEMP MACRO truthy(x) AS CASE WHEN lower(trim(x)) IN ('true', '1', 'yes', 'y') THEN true
    WHEN lower(trim(x)) IN ('false', '0', 'no', 'n') THEN false END;
CREATE OR REPLACE TEMP MACRO local_ts(ts, tz) AS timezone(tz, ts);
"""

# Localised numbers. ``decimal_sep`` is '.' (English: the macros above) or ',' (es, it, de, fr, pt), where thousands
# are grouped by '.', a space, U+00A0 or U+202F ('1.234', '1 234,5') and a trailing '%' is dropped ('62,5 %' = 62.5).
# Grouping must be in threes, so an English '1.23' or '12a' is malformed (bad_num_loc), never silently misread.
PARSING_MACROS += r"""
CREATE OR REPLACE TEMP MACRO strip_loc(x) AS
    regexp_replace(x, '^[\s\x{a0}\x{202f}]+|[\s\x{a0}\x{202f}]*%?[\s\x{a0}\x{202f}]*$', '', 'g');
CREATE OR REPLACE TEMP MACRO num_text_loc(x, decimal_sep) AS CASE WHEN decimal_sep = '.' THEN num_text(x)
    WHEN strip_loc(x) IN ('', '-', 'N/A', 'n/a', '--') THEN NULL ELSE strip_loc(x) END;
CREATE OR REPLACE TEMP MACRO num_loc(x, decimal_sep) AS CASE WHEN decimal_sep = '.' THEN num(x)
    WHEN regexp_full_match(num_text_loc(x, decimal_sep),
                           '[-+]?(\d+|\d{1,3}(\.\d{3})+|\d{1,3}([ \x{a0}\x{202f}]\d{3})+)(,\d+)?')
    THEN CAST(replace(regexp_replace(num_text_loc(x, decimal_sep), '[. \x{a0}\x{202f}]', '', 'g'), ',', '.') AS DOUBLE)
    END;
CREATE OR REPLACE TEMP MACRO whole_loc(x, decimal_sep) AS CAST(round(num_loc(x, decimal_sep)) AS BIGINT);
CREATE OR REPLACE TEMP MACRO bad_num_loc(x, decimal_sep) AS
    num_text_loc(x, decimal_sep) IS NOT NULL AND num_loc(x, decimal_sep) IS NULL;
CREATE OR REPLACE TEMP MACRO fractional_loc(x, decimal_sep) AS
    coalesce(num_loc(x, decimal_sep) <> trunc(num_loc(x, decimal_sep)), false);
"""

# An Excel date or time cell, as sheetfile.py hands it over: '2026-05-14 09:30:00' (a date-only cell at midnight,
# '.fff' with fractions of a second). A TIMESTAMP without a zone; NULL for any other text. Adapters whose exports write
# dates another way ('MM/DD/YYYY HH:MM') coalesce their own parse with this one, since Excel turns such text into cells.
PARSING_MACROS += """
CREATE OR REPLACE TEMP MACRO excel_ts(x) AS try_strptime(trim(x), ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M:%S.%g']);
"""
