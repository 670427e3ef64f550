"""Google Analytics 4 raw events from the BigQuery export (``events_YYYYMMDD``), as Parquet or newline-delimited JSON.

Layout (shared/reference/export-formats.md §5b; Google's event schema, support.google.com/analytics/answer/7029846 and
developers.google.com/analytics/bigquery/event-schema [DOC]; field paths as in public SQL such as Velir/dbt-ga4
[PARSER]; no real export file was available): one row per event, the nested records kept. ``event_date`` is a
``YYYYMMDD`` string in the property's time zone, ``event_timestamp`` INTEGER microseconds UTC, ``event_params`` a
repeated ``{key, value: {string_value, int_value, float_value, double_value}}``, ``ga_session_id`` an int parameter,
``session_engaged`` arriving as string ``'1'`` or int ``1`` [PARSER], ``ecommerce.purchase_revenue`` FLOAT in the
property's currency. Files are a table downloaded as Parquet (``PAR1``) or as newline-delimited JSON, plain or gzipped;
BigQuery writes INTEGER fields as JSON strings in JSON exports [UNSURE: from memory of BigQuery's export docs], so
every field is read as text and cast, which reads either form. Detected from content: the Parquet footer names
``event_date``, ``event_timestamp``, ``event_name``, ``user_pseudo_id`` and ``event_params``; a JSON file's first
line is an object with those keys (``user_pseudo_id`` may be absent: consent-mode pings have none).

Goes to ``web_traffic``, one row per ``event_date`` (period_start = period_end) and session source / medium /
campaign, in the UI's terms:

- ``sessions``: distinct ``user_pseudo_id`` + ``ga_session_id`` with an event that day (a session crossing midnight
  counts on both days, as GA4's reports split by Date do [UNSURE]).
- session source / medium / campaign: the session-scoped last-click source, which the export has had since 2024 in
  ``session_traffic_source_last_click`` (developers.google.com/analytics/bigquery/traffic-attribution-data [DOC]:
  "To determine session traffic source, use the session_traffic_source_last_click record"). Its
  ``cross_channel_campaign.{source, medium, campaign_name}`` is what the UI's *Session source / medium* shows
  [PARSER]. Older and intraday tables lack it [PARSER, one source], so the fallbacks, in the order public SQL uses
  them [PARSER]: ``collected_traffic_source.manual_{source, medium, campaign_name}``, then the ``source`` / ``medium``
  / ``campaign`` event parameters, each from the session's earliest event that carries them (normally its
  ``session_start``), else ``(direct)`` / ``(none)`` / ``(direct)``. Each level is taken whole (never a source from
  one and a medium from another). ``traffic_source`` is the user's *first* source, never the session's, and is not
  read. Google Ads clicks without UTM tags (``gclid`` only) have no source before the last-click record: they fall
  to the event parameters or to ``(direct)`` [UNSURE].
- ``engaged_sessions``: GA4's definition (support.google.com/analytics/answer/12798876 [DOC]: "lasts longer than 10
  seconds, has a key event, or has at least 2 pageviews or screenviews"): the tag marks the first and last case with
  ``session_engaged`` on the session's events [PARSER]; a key event in the session (below) counts too.
- ``key_events``: events named in ``KEY_EVENTS``. The export does not say which events the property marks as key
  events (Admin → Events) [DOC: no such field], so the list is this module's choice: ``purchase`` (GA4 marks it by
  default [UNSURE: not found in the docs searched]) and the recommended lead events ``generate_lead`` and
  ``sign_up``. ``begin_checkout`` is left out: it is a step towards a purchase, and counting both would count one
  buyer twice. Edit the list to match the property.
- ``revenue``: the sum of ``ecommerce.purchase_revenue`` of ``purchase`` events (0 when none).

Accounting: a record is one event. ``rows_read`` counts events; each aggregated row carries ``_rows`` = its events,
so every event is loaded, a duplicate or rejected. Rejected (``line`` = the JSON line, or the Parquet row, 1-based):
a line that is not a JSON object, an event without ``user_pseudo_id`` (consent-mode cookieless pings) or without
``ga_session_id``, an ``event_date`` that is not ``YYYYMMDD``, a purchase whose revenue is not a number. The pseudo
id is hashed in ``rejects.raw``. A day exported twice (``events_YYYYMMDD`` is updated for up to 3 days after the
date [DOC]) merges by key: the file with the latest data wins; ``as_of`` is the file's latest upload time,
``max(event_timestamp + event_server_timestamp_offset)`` (late events keep their true, earlier timestamp, so the
plain maximum would not move). A source / medium only the older file has stays loaded: remove superseded downloads.

Mixing with the UI report (``ga4_csv``): both feed ``web_traffic`` with the key (period_start, period_end, source,
medium, campaign). A BigQuery day and a UI CSV covering a month have different keys, so queries summing
``web_traffic`` would count that traffic twice. Load one or the other for any period.
"""

from __future__ import annotations

import gzip
import json
import re
from datetime import UTC, datetime
from pathlib import Path

from pipeline.sources.base import Adapter, LoadContext, Loaded
from pipeline.sources.probe import HEAD_BYTES, Probe
from pipeline.warehouse.macros import GA4_FLOOR

KEY_EVENTS = ("purchase", "generate_lead", "sign_up")
REQUIRED = ("event_date", "event_timestamp", "event_name", "user_pseudo_id", "event_params")
USED = ("event_server_timestamp_offset", "collected_traffic_source", "session_traffic_source_last_click", "ecommerce")
GZIP_MAGIC = b"\x1f\x8b"
PARQUET_MAGIC = b"PAR1"
FOOTER_MAX = 1 << 24  # a Parquet footer larger than 16 MiB is not an events table
FIRST_KEY = re.compile(r'\s*\{\s*"([A-Za-z_]+)"\s*:')
# The fields read, all as text (a JSON export writes INTEGER fields as strings, Parquet as numbers).
TEXT = '"VARCHAR"'
CAMPAIGN = f'{{"source": {TEXT}, "medium": {TEXT}, "campaign_name": {TEXT}}}'
EVENT_TYPE = (
    f'{{"event_date": {TEXT}, "event_timestamp": {TEXT}, "event_server_timestamp_offset": {TEXT}, '
    f'"event_name": {TEXT}, "user_pseudo_id": {TEXT}, '
    f'"event_params": [{{"key": {TEXT}, "value": {{"string_value": {TEXT}, "int_value": {TEXT}, '
    f'"float_value": {TEXT}, "double_value": {TEXT}}}}}], '
    f'"collected_traffic_source": {{"manual_source": {TEXT}, "manual_medium": {TEXT}, '
    f'"manual_campaign_name": {TEXT}}}, '
    f'"session_traffic_source_last_click": {{"cross_channel_campaign": {CAMPAIGN}}}, '
    f'"ecommerce": {{"purchase_revenue": {TEXT}}}}}'
)
DIRECT = "{'s': '(direct)', 'm': '(none)', 'c': '(direct)'}"


def file_kind(probe: Probe) -> str | None:
    """'parquet', 'json' or 'gzip' (gzipped JSON) when the file is a GA4 events table, else None."""
    with probe.path.open("rb") as handle:
        magic = handle.read(4)
    if magic == PARQUET_MAGIC:
        return "parquet" if _parquet_has_events(probe.path) else None
    if magic[:2] == GZIP_MAGIC:
        return "gzip" if _first_line_is_event(_gunzip_head(probe.path)) else None
    return "json" if _first_line_is_event(probe.head) else None


def _parquet_has_events(path: Path) -> bool:
    """The footer (schema) names every required column: ``<footer><length: 4 bytes LE>PAR1`` ends the file."""
    with path.open("rb") as handle:
        size = handle.seek(0, 2)
        if size < 12:
            return False
        handle.seek(size - 8)
        tail = handle.read(8)
        length = int.from_bytes(tail[:4], "little")
        if tail[4:] != PARQUET_MAGIC or not 0 < length <= min(FOOTER_MAX, size - 12):
            return False
        handle.seek(size - 8 - length)
        footer = handle.read(length)
    return all(name.encode() in footer for name in REQUIRED)


def _gunzip_head(path: Path) -> str:
    try:
        with gzip.open(path, "rb") as handle:
            return handle.read(HEAD_BYTES).decode("utf-8", errors="replace")
    except (OSError, EOFError):
        return ""


def _first_line_is_event(head: str) -> bool:
    line = head.lstrip("\ufeff").split("\n", 1)[0]
    if FIRST_KEY.match(line) is None:
        return False
    try:
        keys = set(json.loads(line))
    except ValueError:  # the first event is longer than the head: look for the keys in its text
        keys = {k for k in REQUIRED if re.search(rf'"{k}"\s*:', line)}
    # user_pseudo_id may be missing from a consent-mode ping (a JSON export leaves empty fields out) [UNSURE]
    return set(REQUIRED) - {"user_pseudo_id"} <= keys


class Ga4BigQueryEvents(Adapter):
    name = "ga4_bigquery_events"
    table = "web_traffic"
    title = "Google Analytics 4: BigQuery export events_YYYYMMDD (Parquet or newline-delimited JSON)"
    signature = REQUIRED
    reads_binary = True
    ignored = (
        "event_previous_timestamp",
        "event_value_in_usd",
        "event_bundle_sequence_id",
        "user_id",
        "privacy_info",
        "user_properties",
        "user_first_touch_timestamp",
        "user_ltv",
        "device",
        "geo",
        "app_info",
        "traffic_source",
        "stream_id",
        "platform",
        "event_dimensions",
        "items",
        "is_active_user",
        "batch_event_index",
        "batch_page_id",
        "batch_ordering_id",
        "publisher",
    )

    def detect(self, probe: Probe) -> bool:
        return file_kind(probe) is not None

    def load(self, ctx: LoadContext, probe: Probe) -> Loaded:
        kind = file_kind(probe) or "json"
        columns = _read_parquet(ctx) if kind == "parquet" else _read_json(ctx, "gzip" if kind == "gzip" else "none")
        _parse_events(ctx)
        ctx.stage("web_traffic", STAGE_SQL, time_label="event_date")
        counted, uploaded = ctx.con.execute(
            "SELECT count(*), max(ts + coalesce(ts_offset, 0)) FROM ga4bq_events"
        ).fetchone() or (0, None)
        ctx.con.execute("DROP TABLE ga4bq_events; DROP TABLE ga4bq_lines")
        as_of = datetime.fromtimestamp(uploaded / 1e6, tz=UTC) if uploaded is not None else None
        known = {c.lower() for c in (*self.known_columns, *USED)}
        return Loaded(
            rows_read=int(counted), as_of=as_of, unknown_columns=tuple(c for c in columns if c.lower() not in known)
        )


def _read_json(ctx: LoadContext, compression: str) -> tuple[str, ...]:
    """Every line as text with its line number (a one-column CSV read: a broken line is a reject, not a failure)."""
    ctx.con.execute(
        """CREATE OR REPLACE TEMP TABLE ga4bq_lines AS SELECT j FROM read_csv(?, columns={'j': 'VARCHAR'},
           header=false, auto_detect=false, delim=?, quote='', escape='', compression=?, strict_mode=false,
           max_line_size=100000000)""",
        [str(ctx.path), "\x1f", compression],
    )
    # rowid does not start at 0 inside the ingest's transaction; blank lines (NULL) keep their number but are no event.
    ctx.con.execute(
        """CREATE OR REPLACE TEMP TABLE ga4bq_lines AS SELECT * FROM (
               SELECT row_number() OVER (ORDER BY rowid) AS _line, j, json_type(CASE WHEN json_valid(j) THEN j END)
                   AS _kind FROM ga4bq_lines) WHERE j IS NOT NULL AND trim(j) <> ''"""
    )
    found = ctx.con.execute(
        """SELECT x.k FROM (SELECT unnest(list_transform(json_keys(j), lambda k, i: {'k': k, 'at': [_line, i]})) AS x
           FROM ga4bq_lines WHERE _kind = 'OBJECT') GROUP BY x.k ORDER BY min(x.at)"""
    ).fetchall()
    return tuple(str(k) for (k,) in found)


def _read_parquet(ctx: LoadContext) -> tuple[str, ...]:
    """The fields read, as one JSON text per row, so both formats parse alike and a missing record is just NULL."""
    described = ctx.con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(ctx.path)]).fetchall()
    columns = tuple(str(r[0]) for r in described)
    present = [c for c in (*REQUIRED, *USED) if c in columns]
    picked = ", ".join(f"'{c}': \"{c}\"" for c in present)
    ctx.con.execute(
        f"""CREATE OR REPLACE TEMP TABLE ga4bq_lines AS SELECT file_row_number + 1 AS _line,
            to_json({{{picked}}})::VARCHAR AS j, 'OBJECT' AS _kind
            FROM read_parquet(?, file_row_number=true)""",
        [str(ctx.path)],
    )
    return columns


def _param(name: str) -> str:
    """An event parameter's value as text, whichever of the four value fields holds it."""
    value = f"(list_filter(e.event_params, lambda p: p.key = '{name}')[1]).value"
    return f"blank(coalesce({value}.string_value, {value}.int_value, {value}.double_value, {value}.float_value))"


def _parse_events(ctx: LoadContext) -> None:
    keys = ", ".join(f"'{k}'" for k in KEY_EVENTS)
    ctx.con.execute(
        f"""CREATE OR REPLACE TEMP TABLE ga4bq_events AS
        SELECT *, row_number() OVER (ORDER BY ts NULLS LAST, _line) AS _ord,
            CASE WHEN _kind IS NULL THEN 'line is not valid JSON'
                 WHEN _kind <> 'OBJECT' THEN 'line is a JSON ' || lower(_kind) || ', not an event object'
                 WHEN user_pseudo_id IS NULL THEN 'user_pseudo_id is empty: the event cannot be tied to a session'
                 WHEN sid IS NULL THEN 'event_params has no ga_session_id: the event cannot be tied to a session'
                 WHEN day IS NULL THEN 'event_date is not YYYYMMDD'
                 WHEN time_problem(day, DATE '{GA4_FLOOR}') IS NOT NULL
                     THEN 'event_date ' || time_problem(day, DATE '{GA4_FLOOR}')
                 WHEN event_name = 'purchase' AND decimal_problem(revenue_text, true) IS NOT NULL
                     THEN 'ecommerce.purchase_revenue ' || decimal_problem(revenue_text, true)
            END AS _reason,
            -- a rejected event as text: the pseudo id hashed, the rest redacted (anyone can send GA4 an event)
            CASE WHEN _reason IS NOT NULL AND _kind = 'OBJECT' THEN redact_text(concat_ws(',', coalesce(event_date, ''),
                coalesce(event_timestamp, ''), coalesce(event_name, ''), coalesce(person_id(user_pseudo_id), ''),
                coalesce(sid, ''))) END AS _raw
        FROM (
            SELECT _line, _kind, e.event_date, e.event_timestamp,
                CASE WHEN regexp_full_match(e.event_date, '[0-9]{{8}}')
                     THEN try_strptime(e.event_date, '%Y%m%d')::DATE END AS day,
                try_cast(e.event_timestamp AS BIGINT) AS ts,
                try_cast(e.event_server_timestamp_offset AS BIGINT) AS ts_offset,
                blank(e.event_name) AS event_name, blank(e.user_pseudo_id) AS user_pseudo_id,
                {_param("ga_session_id")} AS sid,
                coalesce(try_cast({_param("session_engaged")} AS DOUBLE) = 1, false)
                    OR coalesce(blank(e.event_name) IN ({keys}), false) AS engages,
                blank(e.event_name) IN ({keys}) AS is_key,
                blank(e.ecommerce.purchase_revenue) AS revenue_text,
                CAST(as_decimal(revenue_text) AS DOUBLE) AS revenue,
                blank(e.session_traffic_source_last_click.cross_channel_campaign.source) AS lc_s,
                blank(e.session_traffic_source_last_click.cross_channel_campaign.medium) AS lc_m,
                blank(e.session_traffic_source_last_click.cross_channel_campaign.campaign_name) AS lc_c,
                blank(e.collected_traffic_source.manual_source) AS ct_s,
                blank(e.collected_traffic_source.manual_medium) AS ct_m,
                blank(e.collected_traffic_source.manual_campaign_name) AS ct_c,
                {_param("source")} AS ep_s, {_param("medium")} AS ep_m, {_param("campaign")} AS ep_c
            FROM (SELECT _line, _kind, from_json(CASE WHEN _kind = 'OBJECT' THEN j END, '{EVENT_TYPE}') AS e
                  FROM ga4bq_lines))"""
    )


# One row per day and session source; the sessions' source and engagement are decided over all their events.
STAGE_SQL = f"""
WITH good AS (SELECT * FROM ga4bq_events WHERE _reason IS NULL),
sessions AS (
    SELECT user_pseudo_id, sid, bool_or(engages) AS engaged, coalesce(
        arg_min({{'s': lc_s, 'm': lc_m, 'c': lc_c}}, _ord) FILTER (WHERE lc_s IS NOT NULL),
        arg_min({{'s': ct_s, 'm': ct_m, 'c': ct_c}}, _ord) FILTER (WHERE ct_s IS NOT NULL),
        arg_min({{'s': ep_s, 'm': ep_m, 'c': ep_c}}, _ord) FILTER (WHERE ep_s IS NOT NULL),
        {DIRECT}) AS src
    FROM good GROUP BY user_pseudo_id, sid)
SELECT day AS period_start, day AS period_end, redact_key(src.s) AS source, redact_key(src.m) AS medium,
       redact_key(src.c) AS campaign,
       count(DISTINCT [user_pseudo_id, sid]) AS sessions,
       count(DISTINCT [user_pseudo_id, sid]) FILTER (WHERE engaged) AS engaged_sessions,
       count(*) FILTER (WHERE is_key)::DOUBLE AS key_events,
       coalesce(sum(revenue) FILTER (WHERE event_name = 'purchase'), 0)::DOUBLE AS revenue,
       min(_line) AS _line, count(*) AS _rows, NULL::VARCHAR AS _reason, NULL::VARCHAR AS _raw
FROM good JOIN sessions USING (user_pseudo_id, sid)
GROUP BY day, src.s, src.m, src.c
UNION ALL BY NAME
SELECT e._line, 1 AS _rows, e._reason,
       -- a broken line is kept as text, its ids hidden and people redacted
       CASE WHEN e._kind = 'OBJECT' THEN e._raw
            ELSE left(redact_text(regexp_replace(l.j, '("user_(?:pseudo_)?id"\\s*:\\s*)"[^"]*"', '\\1"[hidden]"', 'g')),
                      300) END AS _raw
FROM ga4bq_events e JOIN ga4bq_lines l ON l._line = e._line WHERE e._reason IS NOT NULL
"""
