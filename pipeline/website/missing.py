"""What the site says where data is missing: "not measured yet", the exports to add and where the docs say how.

The tables come from the run's coverage (``pipeline/coverage.py``), the words from ``pipeline/pillars.py`` through
``labels``; the docs link points at the section of the site's own Export formats page (``reference/exports.md``)
when the project has that page, else names the file in the repository.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown.extensions.toc import slugify

from pipeline.coverage import section_title
from pipeline.escape import page_url
from pipeline.pillars import EXPORTS_DOC
from pipeline.website.labels import Labels
from pipeline.website.markup import esc

EXPORTS_TITLE = "Export formats"  # the title of docs/reference/exports.md (written in English, like the reference)


def docs_anchor(table: str) -> str:
    """The anchor MkDocs gives the heading of docs/reference/exports.md that says how to add ``table``."""
    return str(slugify(section_title(table), "-"))


def what_to_add(tables: Sequence[str], words: Labels) -> str:
    """The exports, as plain text (not yet escaped): "your GA4 traffic acquisition export or ..."."""
    return words("or").join(words.feed(t) for t in tables)


def add_html(tables: Sequence[str], words: Labels, root: str, exports_page: bool) -> str:
    """ "add your GA4 traffic acquisition export (see Export formats: GA4 report download: ga4_csv)", as HTML: the
    site's own words holding escaped values."""
    if not tables:
        return esc(words("no_sources"))
    docs = ", ".join(_doc(t, root, exports_page) for t in tables)
    return words("add_what", what=esc(what_to_add(tables, words)), docs=docs)


def _doc(table: str, root: str, exports_page: bool) -> str:
    title = esc(section_title(table))
    if not exports_page:
        return f"<code>{esc(EXPORTS_DOC)}</code> ({title})"
    href = page_url(f"{root}reference/exports/#{docs_anchor(table)}")
    return f'<a href="{href}">{esc(EXPORTS_TITLE)}: {title}</a>'


def notice(title: str, body_html: str, items_html: str = "") -> str:
    """An admonition block: ``body_html`` (and the list items ``items_html``) are the site's own words holding
    escaped values."""
    items = f"<ul>{items_html}</ul>" if items_html else ""
    return (
        f'<div class="admonition info sh-missing"><p class="admonition-title">{esc(title)}</p>'
        f"<p>{body_html}</p>{items}</div>\n\n"
    )
