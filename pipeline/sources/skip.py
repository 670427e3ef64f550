"""Files in the exports folder that are known and deliberately not loaded (media, the X archive's viewer and its
other data sets, LinkedIn's visitors file). They are listed in load_log as skipped, never silently ignored.

Spreadsheets (.xlsx, .xls) are not media: they are probed like any export (probe.py)."""

from __future__ import annotations

from pathlib import Path

from pipeline.sources import linkedin
from pipeline.sources.probe import Probe

MEDIA = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".mp4", ".mov", ".m4a", ".svg", ".ico", ".woff", ".woff2", ".ttf"}
X_TWEETS_PREFIXES = ("window.YTD.tweets.part", "window.YTD.tweet.part")


def is_notes(path: Path) -> bool:
    """A Markdown file among the exports, such as exports/README.md saying what belongs in the folder."""
    return path.suffix.lower() == ".md"


def skip_reason(path: Path, exports: Path) -> str | None:
    """Decided from the path alone, before the file is opened."""
    if path.suffix.lower() in MEDIA:
        return "media file"
    if is_notes(path):
        return "Markdown notes, not data"
    archive = x_archive_root(path, exports)
    if archive is not None and path.relative_to(archive).parts[0] != "data":
        return "part of the X archive's viewer, not data"
    if archive is not None and path.suffix.lower() != ".js":
        return "X archive documentation, not data"
    return None


def skip_reason_from_content(probe: Probe) -> str | None:
    head = probe.head.lstrip()
    if head.startswith("window.YTD.account.part"):
        return "X archive account details (read with the archive's tweets)"
    if head.startswith("window.__THAR_CONFIG"):
        return "X archive manifest (read with the archive's tweets)"
    if head.startswith("window.YTD.") and not head.startswith(X_TWEETS_PREFIXES):
        return "X archive data set not used by social-health"
    return linkedin.skip_reason(probe)


def x_archive_root(path: Path, exports: Path) -> Path | None:
    """The folder holding an X account archive (``data/manifest.js``) that contains ``path``, if any."""
    for folder in path.parents:
        if (folder / "data" / "manifest.js").is_file():
            return folder
        if folder == exports:
            break
    return None
