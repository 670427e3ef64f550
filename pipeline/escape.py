"""Text from outside, made safe for the place it lands: one helper per context, used everywhere that context occurs.

- ``ident``: a SQL identifier (a column, a table), so a name holding ``"`` cannot close it and add SQL;
- ``literal``: a SQL string literal, so a value holding ``'`` cannot close it and add SQL;
- ``page_text``: text on a generated page, HTML and Markdown alike: no tags or attributes, and no Markdown that makes
  links, images, emphasis, attribute lists (``{: onclick=...}``), headings or extension autolinks;
- ``page_url``: a link target the site builds itself (``href``, ``data-src``): relative or http(s), never
  ``javascript:``, ``vbscript:`` or ``data:``;
- GitHub Markdown (the job summary, the alert issue, the pull request's metric diff comment) has its own module,
  ``pipeline/github_markdown.py`` (``plain``): GitHub also links mentions, references and bare URLs;
- ``csv_cell`` / ``csv_cell_sql``: a cell of a CSV download, so a spreadsheet never runs it as a formula (OWASP "CSV
  Injection": ``=``, ``+``, ``-``, ``@``, tab or carriage return at the start).

Text from outside is export data (people's posts), file names, and everything in a pull request: query headers,
aliases and column names, reference CSVs. ``ident`` and ``literal`` make SQL that the sandboxed session runs; they
never make untrusted SQL safe to run elsewhere.
"""

from __future__ import annotations

import html
import re

# HTML's special characters and Markdown's inline syntax (links, images, emphasis, code, attribute lists, tables,
# headings, extension syntax) as numeric character references, in one pass: shown as the same characters, never
# parsed as markup.
_REFERENCES = {c: f"&#{ord(c)};" for c in "&<>\"'" + "\\`*_{}[]()!|#~@=^+$"}
_SPECIAL = re.compile("[" + re.escape("".join(_REFERENCES)) + "]")
# Bare URLs, which some Markdown extensions (magiclink) turn into links: "https&#58;//", "www&#46;".
_BARE_URL = re.compile(r"(?i)(:)(?=//)|(?<=www)(\.)")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.-]*)\s*:")
# A cell a spreadsheet would run as a formula (OWASP); numbers such as -12.5 or +34 stay numbers.
FORMULA_START = "=+-@\t\r"
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d+)*|\d*[.,]\d+)([eE][+-]?\d+)?%?")


def ident(name: str) -> str:
    """A SQL identifier, double-quoted: ``a"b`` becomes ``"a""b"``."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A SQL string literal, single-quoted: ``it's`` becomes ``'it''s'``."""
    return "'" + text.replace("'", "''") + "'"


def page_text(value: object) -> str:
    """Text for a generated page: HTML-escaped, Markdown syntax as character references, on one line.

    Safe in HTML element content, in quoted attribute values and in Markdown (paragraphs, list items, table cells,
    headings), so the same text can be placed anywhere a page puts it.
    """
    text = _LINE_BREAKS.sub(" ", "" if value is None else str(value))
    text = _SPECIAL.sub(lambda m: _REFERENCES[m.group(0)], text)
    return _BARE_URL.sub(lambda m: f"&#{ord(m.group(0))};", text)


def page_url(url: str) -> str:
    """A link target for an attribute: only relative and http(s) URLs exist on the site; any other scheme is a bug."""
    scheme = _SCHEME.match(url)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        raise ValueError(f"refusing a {scheme.group(1)}: link on a generated page")
    return html.escape(url, quote=True)


def csv_cell(value: object) -> object:
    """A value for a CSV download: text that a spreadsheet would run as a formula gets a leading ``'``."""
    if isinstance(value, str) and value[:1] in FORMULA_START and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_cell_sql(expression: str) -> str:
    """``csv_cell`` as SQL, for a VARCHAR expression that DuckDB writes to a CSV itself."""
    number = _PLAIN_NUMBER.pattern
    return (
        f"CASE WHEN left({expression}, 1) IN ('=', '+', '-', '@', chr(9), chr(13))"
        f" AND NOT regexp_full_match({expression}, {literal(number)}) THEN '''' || {expression} ELSE {expression} END"
    )
