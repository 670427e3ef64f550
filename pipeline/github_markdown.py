"""GitHub Markdown that shows outside text as text: it cannot mention anyone, link, embed, format or leave its cell.

For what the project posts on GitHub as the bot (the alert issue, the pull request's metric diff comment, job
summaries): the text in it comes from members of the public (mention text) or from a pull request (query names,
tile labels, error messages), and GitHub would otherwise notify an ``@login``, link a ``#123`` or ``https://…``,
load an image or render HTML. Every such text goes through ``plain``. Layout (tables, headings) is the caller's.
"""

from __future__ import annotations

import html
import re

ZWSP = "\u200b"  # zero-width space: invisible, but no mention, reference or link can be read across it
LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # control characters and line breaks: a space
# Zero-width and bidirectional controls: gone, so nothing hides or reorders what a reader sees.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Where a mention (@login), a reference (#123, GH-123), a scheme (https:, mailto:) or a domain (www.x.org, x.org,
# also with the full stops that count as dots in domain names) would start: an invisible break goes after each.
BREAK_AFTER = re.compile(r"[@#:]|(?<=\b[Gg][Hh])-")
DOTS = re.compile("[.\u3002\uff0e\uff61]")
# Markdown punctuation that makes links, images, emphasis, code, headings, strikethrough or math: escaped.
MARKDOWN = re.compile(r"[\\`*_\[\]()!~#$]")
ELLIPSIS = "…"


def plain(value: object, limit: int | None = None) -> str:
    """``value`` as text for a GitHub Markdown table cell or line, cut to ``limit`` characters first.

    HTML is escaped, Markdown punctuation backslash-escaped, line breaks and pipes neutralised, and an invisible
    zero-width space breaks every ``@``, ``#``, ``:``, ``GH-`` and dot, so no mention, issue reference, autolink, bare
    URL or domain-like text is recognised by GitHub (or by an email client's linkifier) while it reads the same.
    """
    text = "" if value is None else str(value)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + ELLIPSIS
    text = INVISIBLE.sub("", LINE_BREAKS.sub(" ", text))
    text = DOTS.sub(lambda dot: ZWSP + dot.group(0) + ZWSP, BREAK_AFTER.sub(lambda c: c.group(0) + ZWSP, text))
    text = html.escape(MARKDOWN.sub(r"\\\g<0>", text), quote=True)
    return text.replace("|", "&#124;")


def fit(lines: list[str], budget: int, cut_note: str) -> str:
    """The lines joined, keeping whole lines while they fit in ``budget`` UTF-8 bytes; when some do not, the rest is
    left out and ``cut_note`` (with ``{n}``, the number left out) says so. GitHub refuses a comment or an issue over
    65,536 characters, and a job summary over 1 MiB."""
    kept: list[str] = []
    room = budget - len(cut_note.encode("utf-8")) - 16
    for index, line in enumerate(lines):
        size = len(line.encode("utf-8")) + 1
        if size > room:
            kept += ["", cut_note.format(n=len(lines) - index)]
            break
        kept.append(line)
        room -= size
    return "\n".join(kept) + "\n"
