"""The language of mentions whose export names none, detected at ingest, and recorded as detected.

The word lists are per language, so a mention without one would be read with every language's lists (and German's
schön would meet Spanish folding). py3langid (BSD) ships its model inside the package, so nothing is downloaded;
it is restricted to the six languages the lists cover. Texts too short or too mixed to call stay NULL rather than
get a guess. ``mentions.language_source`` says where each language came from: ``export``, ``detected`` or NULL.
"""

from __future__ import annotations

import contextlib
from functools import cache
from pathlib import Path

import duckdb
from duckdb.func import FunctionNullHandling
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from pipeline.escape import literal

LANGUAGES = ("es", "it", "en", "pt", "fr", "de")
MIN_PROBABILITY = 0.6  # below this the text is too short or too mixed to call (an emoji, "ok", a handle and a link)
MIN_LETTERS = 3
UDF = "detect_mention_language"
CUT_LINKS = r"regexp_replace({}, '(https?://|www\.)\S+', ' ', 'g')"  # links only add noise


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


def detect_languages(con: duckdb.DuckDBPyConnection, known: Path | None = None, reuse: bool = True) -> int:
    """Fill ``mentions.language`` where it is NULL and mark each row's ``language_source``; the detected count.

    DuckDB calls the detector once per distinct text lacking a language, on text already redacted (no handles,
    emails or links reach it: links are cut first, as they would only add noise). ``known`` is a Parquet file of
    texts detected by earlier ingests (by hash of the text, with the language found or NULL): those are not
    detected again (unless not ``reuse``), and the file is rewritten with this ingest's texts."""
    con.execute("UPDATE mentions SET language_source = 'export' WHERE language IS NOT NULL")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE undetected AS
           SELECT DISTINCT md5(cut) AS text_md5, cut FROM (
               SELECT {CUT_LINKS.format("text")} AS cut
               FROM mentions WHERE language IS NULL AND text IS NOT NULL)"""
    )
    con.execute("CREATE OR REPLACE TEMP TABLE detected (text_md5 VARCHAR, language VARCHAR)")
    if reuse and known is not None and known.is_file():
        with contextlib.suppress(duckdb.Error):  # a damaged cache file is only a slower ingest
            con.execute(
                "INSERT INTO detected SELECT k.text_md5, k.language FROM read_parquet(?) k"
                " SEMI JOIN undetected u ON u.text_md5 = k.text_md5",
                [str(known)],
            )
    con.create_function(
        UDF, detect, ["VARCHAR"], "VARCHAR", null_handling=FunctionNullHandling.SPECIAL, side_effects=False
    )
    try:
        con.execute(
            f"""INSERT INTO detected SELECT text_md5, {UDF}(cut) FROM undetected u
                WHERE NOT EXISTS (SELECT 1 FROM detected d WHERE d.text_md5 = u.text_md5)"""
        )
    finally:
        con.remove_function(UDF)
    con.execute(
        f"""UPDATE mentions AS m SET language = d.language, language_source = 'detected'
           FROM detected AS d
           WHERE m.language IS NULL AND m.text IS NOT NULL AND d.language IS NOT NULL
             AND md5({CUT_LINKS.format("m.text")}) = d.text_md5"""
    )
    if known is not None:
        known.parent.mkdir(parents=True, exist_ok=True)
        partial = known.with_name(known.name + ".partial")
        con.execute(f"COPY (SELECT * FROM detected ORDER BY text_md5) TO {literal(str(partial))} (FORMAT parquet)")
        partial.replace(known)
    con.execute("DROP TABLE undetected")
    con.execute("DROP TABLE detected")
    rows = con.execute("SELECT count(*) FROM mentions WHERE language_source = 'detected'").fetchall()
    return int(rows[0][0])
