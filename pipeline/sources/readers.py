"""What to tell a person when a reader (DuckDB, a decoder) gives up on a whole file.

DuckDB's own wording ("Conversion Error", "CSV Parser state machine reached an invalid state") means nothing to the
person who handed the file over: the message names the file, the line when the reader says it, what is wrong in
plain words and what to do. Only the reader's first line is kept, after the plain words, for whoever debugs it.
"""

from __future__ import annotations

import re

from pipeline.errors import ExportError

# (a pattern of the reader's message, what it means in plain words), first match wins.
PLAIN = (
    (r"state machine|Could not convert string .* to CSV|unquoted|quote", "its CSV structure is broken"),
    (r"Malformed JSON|JSON|json", "its JSON is broken or cut short"),
    (r"Conversion Error|Could not convert|Could not cast", "a value cannot be read as a number or a date"),
    (r"Invalid unicode|UTF-8|encoding", "its text is not valid in the encoding it seems to be in"),
    (r"Out of Memory|out of memory", "it is too large to read in the memory available"),
)
LINE = re.compile(r"\b[Ll]ine:? (\d+)")
# A path the reader names (the export, or a temporary copy of it) says nothing to the reader of the message and
# would publish this machine's folders on the data-quality page.
PATH = re.compile(r"\"/[^\"]*\"|'/[^']*'|(?<![\w.])/[^\s,;:)\"']+")
PREFIX = re.compile(r"^[A-Za-z ]*(Error|Exception):\s*")


def unreadable(file: str, title: str, exc: BaseException) -> ExportError:
    """One line for a file the reader gave up on: what is wrong, where, what to do (and the reader's words)."""
    text = str(exc).strip()
    first = PATH.sub("the file", PREFIX.sub("", text.splitlines()[0] if text else type(exc).__name__))[:200]
    plain = next((words for pattern, words in PLAIN if re.search(pattern, text)), "it cannot be read")
    line = LINE.search(text)
    where = f"{file}:{line.group(1)}" if line else file
    return ExportError(
        where,
        f"cannot be read as {title}: {plain} (the reader said: {first}); check that it is the platform's export as "
        "downloaded, unedited, or download it again",
    )
