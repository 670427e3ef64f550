"""The registry of export formats. A new format is one module in this folder plus one line in ADAPTERS.

Order matters only where two formats could both claim a file: the more specific one comes first.
"""

from __future__ import annotations

import difflib

from pipeline.sources.base import Adapter, LoadContext, Loaded
from pipeline.sources.brandwatch import Brandwatch
from pipeline.sources.ga4_csv import Ga4Csv
from pipeline.sources.inbox_csv import InboxCsv
from pipeline.sources.meta_posts import MetaFacebookPosts, MetaInstagramPosts
from pipeline.sources.probe import Probe
from pipeline.sources.shopify_orders import ShopifyOrders
from pipeline.sources.x_archive import XArchive

ADAPTERS: tuple[Adapter, ...] = (
    InboxCsv(),
    Brandwatch(),
    Ga4Csv(),
    ShopifyOrders(),
    XArchive(),
    MetaFacebookPosts(),
    MetaInstagramPosts(),
)


def _check_unique() -> None:
    names = [a.name for a in ADAPTERS]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise RuntimeError(f"adapter names registered twice: {', '.join(sorted(duplicates))}")


_check_unique()


def detect(probe: Probe) -> Adapter | None:
    for adapter in ADAPTERS:
        if adapter.detect(probe):
            return adapter
    return None


def nearest_formats(probe: Probe, limit: int = 3) -> list[str]:
    """The known formats whose signature columns look most like the file's first lines."""
    cells = {c.strip().lower() for i in range(min(12, len(probe.lines))) for c in probe.header_at(i) if c.strip()}
    scored = []
    for adapter in ADAPTERS:
        wanted = [s.lower() for s in adapter.signature]
        if not wanted:
            continue
        hits = sum(1 for w in wanted if w in cells or difflib.get_close_matches(w, cells, n=1, cutoff=0.85))
        scored.append((hits / len(wanted), adapter.title))
    scored.sort(key=lambda s: -s[0])
    return [f"{title} ({score:.0%} of its columns)" for score, title in scored[:limit] if score > 0] or [
        a.title for a in ADAPTERS[:limit]
    ]


__all__ = ["ADAPTERS", "Adapter", "LoadContext", "Loaded", "Probe", "detect", "nearest_formats"]
