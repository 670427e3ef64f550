"""The warehouse contract: the tables `queries/` build on. docs/reference/warehouse.md documents every column
(tests/test_docs.py fails when one is missing), so change both together."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]
    key: tuple[str, ...] = ()
    as_of: str | None = None  # the column whose latest value dates an export that lacks its own export date
    derived: tuple[str, ...] = ()  # filled after the merge, not by the adapters (mentions.language_source)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.columns)

    @property
    def staged_columns(self) -> tuple[str, ...]:
        """What an adapter's parse query yields: every column but source_file and the derived ones."""
        return tuple(c for c in self.column_names if c != "source_file" and c not in self.derived)

    def ddl(self, name: str | None = None, extra: str = "", temp: bool = False) -> str:
        cols = ", ".join(f"{c} {t}" for c, t in self.columns)
        return f"CREATE {'TEMP ' if temp else ''}TABLE {name or self.name} ({cols}{extra})"


POSTS = Table(
    "posts",
    (
        ("platform", "VARCHAR NOT NULL"),
        ("post_id", "VARCHAR NOT NULL"),
        ("account", "VARCHAR"),
        ("published_at", "TIMESTAMPTZ"),
        ("text", "VARCHAR"),
        ("url", "VARCHAR"),
        ("post_type", "VARCHAR"),
        ("in_reply_to_id", "VARCHAR"),
        ("is_paid", "BOOLEAN"),
        ("impressions", "BIGINT"),
        ("reach", "BIGINT"),
        ("likes", "BIGINT"),
        ("comments", "BIGINT"),
        ("shares", "BIGINT"),
        ("saves", "BIGINT"),
        ("clicks", "BIGINT"),
        ("video_views", "BIGINT"),
        ("source_file", "VARCHAR NOT NULL"),
    ),
    key=("platform", "post_id"),
    as_of="published_at",
)
MENTIONS = Table(
    "mentions",
    (
        ("platform", "VARCHAR NOT NULL"),
        ("mention_id", "VARCHAR NOT NULL"),
        ("author_id", "VARCHAR"),
        ("author_role", "VARCHAR NOT NULL"),
        ("author_followers", "BIGINT"),
        ("published_at", "TIMESTAMPTZ NOT NULL"),
        ("text", "VARCHAR"),
        ("url", "VARCHAR"),
        ("language", "VARCHAR"),
        ("sentiment", "VARCHAR"),
        ("in_reply_to_id", "VARCHAR"),
        ("is_repost", "BOOLEAN"),
        ("language_source", "VARCHAR"),
        ("source_file", "VARCHAR NOT NULL"),
    ),
    key=("platform", "mention_id"),
    as_of="published_at",
    derived=("language_source",),
)
MESSAGES = Table(
    "messages",
    (
        ("platform", "VARCHAR NOT NULL"),
        ("message_id", "VARCHAR NOT NULL"),
        ("thread_id", "VARCHAR NOT NULL"),
        ("direction", "VARCHAR NOT NULL"),
        ("author_id", "VARCHAR"),
        ("sent_at", "TIMESTAMPTZ NOT NULL"),
        ("text", "VARCHAR"),
        ("is_automated", "BOOLEAN NOT NULL"),
        ("source_file", "VARCHAR NOT NULL"),
    ),
    key=("platform", "message_id"),
    as_of="sent_at",
)
WEB_TRAFFIC = Table(
    "web_traffic",
    (
        ("period_start", "DATE NOT NULL"),
        ("period_end", "DATE NOT NULL"),
        ("source", "VARCHAR"),
        ("medium", "VARCHAR"),
        ("campaign", "VARCHAR"),
        ("sessions", "BIGINT"),
        ("engaged_sessions", "BIGINT"),
        ("key_events", "DOUBLE"),
        ("revenue", "DOUBLE"),
        ("source_file", "VARCHAR NOT NULL"),
    ),
    key=("period_start", "period_end", "source", "medium", "campaign"),
    as_of="period_end",
)
ORDERS = Table(
    "orders",
    (
        ("order_id", "VARCHAR NOT NULL"),
        ("customer_id", "VARCHAR"),
        ("ordered_at", "TIMESTAMPTZ NOT NULL"),
        ("revenue", "DECIMAL(18,2)"),
        ("currency", "VARCHAR"),
        ("discount_codes", "VARCHAR[]"),
        ("tags", "VARCHAR[]"),
        ("source_name", "VARCHAR"),
        ("financial_status", "VARCHAR"),
        ("source_file", "VARCHAR NOT NULL"),
    ),
    key=("order_id",),
    as_of="ordered_at",
)
FOLLOWERS_DAILY = Table(
    "followers_daily",
    (
        ("platform", "VARCHAR NOT NULL"),
        ("account", "VARCHAR NOT NULL"),
        ("date", "DATE NOT NULL"),
        ("followers", "BIGINT"),
        ("followers_gained", "BIGINT"),
        ("source_file", "VARCHAR NOT NULL"),
    ),
    key=("platform", "account", "date"),
    as_of="date",
)
LOAD_LOG = Table(
    "load_log",
    (
        ("file", "VARCHAR NOT NULL"),
        ("sha256", "VARCHAR NOT NULL"),
        ("format", "VARCHAR"),
        ("locale", "VARCHAR"),
        ("status", "VARCHAR NOT NULL"),
        ("message", "VARCHAR"),
        ("as_of", "TIMESTAMPTZ"),
        ("rows_read", "BIGINT NOT NULL"),
        ("rows_loaded", "BIGINT NOT NULL"),
        ("rows_duplicate", "BIGINT NOT NULL"),
        ("rows_rejected", "BIGINT NOT NULL"),
        ("unknown_columns", "VARCHAR[]"),
        ("encoding", "VARCHAR"),
        ("loaded_at", "TIMESTAMPTZ NOT NULL"),
    ),
)
REJECTS = Table(
    "rejects",
    (("file", "VARCHAR NOT NULL"), ("line", "BIGINT"), ("reason", "VARCHAR NOT NULL"), ("raw", "VARCHAR")),
)

DATA_TABLES: dict[str, Table] = {t.name: t for t in (POSTS, MENTIONS, MESSAGES, WEB_TRAFFIC, ORDERS, FOLLOWERS_DAILY)}
ALL_TABLES: dict[str, Table] = {**DATA_TABLES, "load_log": LOAD_LOG, "rejects": REJECTS}

# What every adapter's parse query yields besides the table's own columns (source_file is filled in at merge).
STAGE_COLUMNS = (("_line", "BIGINT"), ("_rows", "BIGINT"), ("_reason", "VARCHAR"), ("_raw", "VARCHAR"))
