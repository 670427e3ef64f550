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
