"""Platform names: whatever an export calls a network, the warehouse says one lower-case name (config.PLATFORMS)."""

from __future__ import annotations

# Spellings seen in exports (listening tools' page types, inbox tools' channel names) -> warehouse platform.
ALIASES: dict[str, str] = {
    "twitter": "x",
    "x": "x",
    "x.com": "x",
    "twitter.com": "x",
    "tweet": "x",
    "facebook": "facebook",
    "fb": "facebook",
    "facebook.com": "facebook",
    "messenger": "facebook",
    "instagram": "instagram",
    "ig": "instagram",
    "instagram.com": "instagram",
    "linkedin": "linkedin",
    "linkedin.com": "linkedin",
    "tiktok": "tiktok",
    "tiktok.com": "tiktok",
    "youtube": "youtube",
    "youtube.com": "youtube",
    "threads": "threads",
    "threads.net": "threads",
    "bluesky": "bluesky",
    "bsky": "bluesky",
    "bsky.app": "bluesky",
    "reddit": "reddit",
    "reddit.com": "reddit",
    "pinterest": "pinterest",
    "news": "news",
    "online news": "news",
    "blog": "web",
    "blogs": "web",
    "forum": "web",
    "forums": "web",
    "review": "web",
    "reviews": "web",
    "web": "web",
    "qa": "web",
}


def platform_sql(expr: str) -> str:
    """SQL mapping an export's platform spelling to the warehouse name, NULL when unknown."""
    pairs = ", ".join(f"'{k}': '{v}'" for k, v in ALIASES.items())
    return f"MAP {{{pairs}}}[lower(trim({expr}))]"
