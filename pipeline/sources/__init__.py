"""The registry of export formats. A new format is one module in this folder plus one line in ADAPTERS.

Order matters only where two formats could both claim a file: the more specific one comes first.
"""

from __future__ import annotations

import difflib

from pipeline.config import Config
from pipeline.sources.base import Adapter, LoadContext, Loaded
from pipeline.sources.brandwatch import Brandwatch
from pipeline.sources.facebook_insights_legacy import FacebookInsightsLegacy
from pipeline.sources.ga4_bigquery import Ga4BigQueryEvents
from pipeline.sources.ga4_csv import Ga4Csv
from pipeline.sources.generic_mentions import GenericMentions
from pipeline.sources.inbox_csv import InboxCsv
from pipeline.sources.linkedin import LinkedinFollowers, LinkedinPosts
from pipeline.sources.meltwater import Meltwater
from pipeline.sources.meta_locales import english_names
from pipeline.sources.meta_posts import MetaFacebookPosts, MetaInstagramPosts
from pipeline.sources.probe import Probe, looks_binary, probe_sheet
from pipeline.sources.shopify_orders import ShopifyOrders
from pipeline.sources.talkwalker import Talkwalker
from pipeline.sources.x_analytics import XAccountOverview, XContentAnalytics, XTweetActivity
from pipeline.sources.x_archive import XArchive

ADAPTERS: tuple[Adapter, ...] = (
    InboxCsv(),
    Brandwatch(),
    Talkwalker(),
    Meltwater(),
    Ga4BigQueryEvents(),
    Ga4Csv(),
    ShopifyOrders(),
    XArchive(),
    XTweetActivity(),
    XContentAnalytics(),
    XAccountOverview(),  # after the per-post X files, which share its Date/Impressions/New follows
    FacebookInsightsLegacy(),
    MetaFacebookPosts(),
    MetaInstagramPosts(),
    LinkedinPosts(),
    LinkedinFollowers(),
    GenericMentions(),  # last: any file whose header holds the columns the config's mentions_csv maps
)


def _check_unique() -> None:
    names = [a.name for a in ADAPTERS]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise RuntimeError(f"adapter names registered twice: {', '.join(sorted(duplicates))}")


_check_unique()


def detect(probe: Probe, config: Config | None = None) -> Adapter | None:
    """The first format claiming the file; ``config`` lets formats described in it (generic_mentions) take part."""
    binary = looks_binary(probe)
    for adapter in ADAPTERS:
        if (adapter.reads_binary or not binary) and adapter.matches(probe, config):
            return adapter
    return None


def pick_sheet(probe: Probe) -> Probe:
    """For a workbook, the probe of its first worksheet some format recognises (else the first worksheet): a
    LinkedIn content file, say, opens on its daily aggregated sheet and holds its posts in a later one."""
    for name in probe.sheets:
        candidate = probe if name == probe.sheet else probe_sheet(probe.path, name)
        if candidate is not None and detect(candidate) is not None:
            return candidate
    return probe


# A format is "near" an unknown file only when the file's first lines hold at least this share of the format's
# signature columns, and at least NEAR_MIN_COLUMNS of them (a signature of four columns, two of which are Date and
# Impressions, is otherwise "half matched" by many files). Below that, a suggestion is noise; none is named.
NEAR_SHARE = 0.6
NEAR_MIN_COLUMNS = 3


def nearest_formats(probe: Probe, limit: int = 2) -> list[str]:
    """The known formats whose signature columns the file's first lines mostly hold (see NEAR_SHARE), closest first;
    empty when none is close."""
    cells = {c.strip().lower() for i in range(min(12, len(probe.lines))) for c in probe.header_at(i) if c.strip()}
    cells |= {name.lower() for name in english_names(cells)}  # a localised Meta header counts under its English name
    scored = []
    for adapter in ADAPTERS:
        wanted = [s.lower() for s in adapter.signature]
        if not wanted:
            continue
        hits = sum(1 for w in wanted if w in cells or difflib.get_close_matches(w, cells, n=1, cutoff=0.85))
        if hits >= NEAR_MIN_COLUMNS and hits / len(wanted) >= NEAR_SHARE:
            scored.append((hits / len(wanted), adapter.title))
    scored.sort(key=lambda s: -s[0])
    return [f"{title} ({score:.0%} of its columns)" for score, title in scored[:limit]]


def unknown_format(probe: Probe) -> str:
    """What to say of a file no format recognises: the formats close to it, if any is (never a guess)."""
    if probe.container:
        return f"not a known export format: {probe.container}"
    nearest = nearest_formats(probe)
    if nearest:
        return f"not a known export format (closest: {'; '.join(nearest)})"
    return "not a known export format, nor close to one (docs/reference/exports.md lists the formats)"


__all__ = [
    "ADAPTERS",
    "Adapter",
    "LoadContext",
    "Loaded",
    "Probe",
    "detect",
    "nearest_formats",
    "pick_sheet",
    "unknown_format",
]
