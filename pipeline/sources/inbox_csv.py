"""The generic one-to-one conversation CSV (comments, replies, DMs), for inbox tools that have no adapter yet.

Layout (docs/reference/exports.md): ``platform,conversation_id,message_id,sent_at,from,text,automated`` where
``sent_at`` is ISO-8601 with an offset, ``from`` the sender's handle (a brand handle makes the message outbound) and
``automated`` ``true``/``false``.
"""

from __future__ import annotations

from pipeline.config import PLATFORMS
from pipeline.escape import literal
from pipeline.sources.base import Adapter, LoadContext, Loaded
from pipeline.sources.csvfile import read_csv
from pipeline.sources.platforms import platform_sql
from pipeline.sources.probe import Probe

HEADER = ("platform", "conversation_id", "message_id", "sent_at", "from", "text", "automated")
UNKNOWN_PLATFORM = f"platform is not one of {', '.join(PLATFORMS)} (or a spelling such as twitter, fb, ig)"


class InboxCsv(Adapter):
    name = "inbox_csv"
    table = "messages"
    title = "Inbox conversations (generic CSV)"
    signature = HEADER

    def detect(self, probe: Probe) -> bool:
        return [h.lower() for h in probe.header_at(0)] == list(HEADER)

    def load(self, ctx: LoadContext, probe: Probe) -> Loaded:
        csv = read_csv(ctx, probe, header_index=0)
        platform, thread, message, sent, sender, text, automated = (csv.col(c) for c in HEADER)
        sent_at = f"try_cast(blank({sent}) AS TIMESTAMPTZ)"
        ctx.stage(
            "messages",
            f"""SELECT {platform_sql(platform)} AS platform, redact_key(blank({message})) AS message_id,
                   redact_key(blank({thread})) AS thread_id,
                   CASE WHEN list_contains(brand_handles(), norm_handle({sender})) THEN 'outbound' ELSE 'inbound' END
                       AS direction,
                   person_id({sender}) AS author_id, {sent_at} AS sent_at, redact_text({text}) AS text,
                   truthy({automated}) AS is_automated, _line, 1 AS _rows,
                   CASE WHEN blank({message}) IS NULL THEN 'message_id is empty'
                        WHEN blank({thread}) IS NULL THEN 'conversation_id is empty'
                        WHEN {platform_sql(platform)} IS NULL THEN {literal(UNKNOWN_PLATFORM)}
                        WHEN {sent_at} IS NULL
                            THEN 'sent_at is not an ISO-8601 time with offset, e.g. 2026-05-12T09:14:00+02:00'
                        WHEN NOT regexp_matches({sent}, '([+-][0-9]{{2}}:?[0-9]{{2}}|Z)$')
                            THEN 'sent_at has no UTC offset; add one, e.g. +02:00'
                        WHEN truthy({automated}) IS NULL THEN 'automated must be true or false'
                   END AS _reason
               FROM raw""",
            raw=csv.raw_expr(people=("from",)),
            time_label="sent_at",
        )
        return Loaded(rows_read=csv.records, unknown_columns=csv.unknown_columns(self.known_columns))
