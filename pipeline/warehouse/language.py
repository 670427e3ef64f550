"""The language of mentions whose export names none, detected at ingest, and recorded as detected.

The word lists are per language, so a mention without one would be read with every language's lists (and German's
schön would meet Spanish folding). py3langid (BSD) ships its model inside the package, so nothing is downloaded;
it is restricted to the six languages the lists cover. Texts too short or too mixed to call stay NULL rather than
get a guess. ``mentions.language_source`` says where each language came from: ``export``, ``detected`` or NULL.
"""

from __future__ import annotations

from functools import cache

import duckdb
from duckdb.func import FunctionNullHandling
from py3langid.langid import MODEL_FILE, LanguageIdentifier

LANGUAGES = ("es", "it", "en", "pt", "fr", "de")
MIN_PROBABILITY = 0.6  # below this the text is too short or too mixed to call (an emoji, "ok", a handle and a link)
MIN_LETTERS = 3
UDF = "detect_mention_language"


@cache
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect(text: str | None) -> str | None:
    """The text's language among LANGUAGES, or None when it cannot be told with confidence."""
    if text is None or sum(c.isalpha() for c in text) < MIN_LETTERS:
        return None
    language, probability = _identifier().classify(text)
    return str(language) if probability >= MIN_PROBABILITY else None


def detect_languages(con: duckdb.DuckDBPyConnection) -> int:
    """Fill ``mentions.language`` where it is NULL and mark each row's ``language_source``; the detected count.

    DuckDB calls the detector for the rows lacking a language only, on text already redacted (no handles, emails or
    links reach it: links are cut first, as they would only add noise)."""
    con.create_function(
        UDF, detect, ["VARCHAR"], "VARCHAR", null_handling=FunctionNullHandling.SPECIAL, side_effects=False
    )
    try:
        con.execute("UPDATE mentions SET language_source = 'export' WHERE language IS NOT NULL")
        con.execute(
            f"""UPDATE mentions AS m SET language = d.language, language_source = 'detected'
                FROM (SELECT platform, mention_id, {UDF}(regexp_replace(text, '(https?://|www\\.)\\S+', ' ', 'g'))
                          AS language
                      FROM mentions WHERE language IS NULL AND text IS NOT NULL) AS d
                WHERE d.language IS NOT NULL AND m.platform = d.platform AND m.mention_id = d.mention_id"""
        )
        rows = con.execute("SELECT count(*) FROM mentions WHERE language_source = 'detected'").fetchall()
    finally:
        con.remove_function(UDF)
    return int(rows[0][0])
