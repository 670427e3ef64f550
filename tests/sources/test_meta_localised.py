"""Meta Business Suite Content exports with headers in Spanish, Italian, French and German (and one English file).

Layout: shared/reference/export-formats.md §2a (Facebook) and §2b (Instagram), with the headers translated as the
sources listed in ``pipeline/sources/meta_locales.py`` show them: UTF-8 BOM, Meta's quoting (only values with spaces
or commas), multi-line captions, LF line ends. All data is invented. What is [UNSURE] or not from a real file:

- ``facebook_es.csv``: the header follows a Spanish Instagram fixture and Spanish parsers; ``Identificador de la
  página`` is inferred [UNSURE]; ``Tipo de subtítulo`` is deliberately not an alias (schema drift, reported unknown).
  Dates month first as the sources show; ``1.812`` thousands are not seen in the sources (a re-saved file).
- ``instagram_it.csv``: ``ID del post`` and ``Follow`` are [UNSURE]; the dates are day first (``28/05/2026``) to
  exercise that reading, although every Italian parser found reads month first.
- ``facebook_fr.csv``: French headers from parsers of real French exports, a U+00A0 inside ``Type de publication``;
  numbers grouped by U+202F / U+00A0 (French typography, not seen in a Meta file).
- ``instagram_de.csv``: the German header is a reconstruction (§2b), every alias [UNSURE], ``DD.MM.YYYY`` dates.
- ``facebook_en.csv``: the English layout of §2a; it re-exports a post of the Spanish file, later, to test the merge.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from conftest import ingest_cases, rows

from pipeline import sources
from pipeline.sources import meta_locales
from pipeline.sources.meta_locales import match_header
from pipeline.sources.probe import probe_file
from pipeline.warehouse.macros import PARSING_MACROS

pytestmark = pytest.mark.slow  # ingests each localised export in its own warehouse

CASE = "meta_posts_localised"
PEOPLE = ("maria.lopez", "juan_perez")


@pytest.fixture
def con(project: Path) -> duckdb.DuckDBPyConnection:
    _, report, con = ingest_cases(project, CASE)
    assert report.failures == []
    return con


def _post(con: duckdb.DuckDBPyConnection, post_id: str) -> dict[str, object]:
    [post] = rows(con, f"SELECT * FROM posts WHERE post_id = '{post_id}'")
    return post


def test_spanish_facebook_export(con: duckdb.DuckDBPyConnection) -> None:
    assert _post(con, "1122334455667711") == {
        "platform": "facebook",
        "post_id": "1122334455667711",
        "account": "Acme",
        "published_at": datetime(2026, 4, 10, 7, 30, tzinfo=UTC),  # 04/10/2026 09:30 in Europe/Madrid
        "text": "Menú de primavera 🌱\n¡Reserva en la web, te esperamos!",
        "url": "https://www.facebook.com/acme/posts/pfbid0es1",
        "post_type": "Fotos",
        "in_reply_to_id": None,
        "is_paid": None,  # no funded-content column
        "impressions": 1812,  # Visualizaciones '1.812'
        "reach": 1604,
        "likes": 31,
        "comments": 4,
        "shares": 2,
        "saves": None,
        "clicks": 22,
        "video_views": None,
        "source_file": f"{CASE}/facebook_es.csv",
    }


def test_italian_instagram_export_read_day_first(con: duckdb.DuckDBPyConnection) -> None:
    photo = _post(con, "17990000000000011")
    assert photo == {
        "platform": "instagram",
        "post_id": "17990000000000011",
        "account": "acme.es",
        "published_at": datetime(2026, 5, 10, 7, 31, tzinfo=UTC),  # 10/05/2026: the 28/05 row proves day first
        "text": photo["text"],
        "url": "https://www.instagram.com/p/DIt001/",
        "post_type": "Foto di Instagram",
        "in_reply_to_id": None,
        "is_paid": None,
        "impressions": 1450,
        "reach": 1102,
        "likes": 96,
        "comments": 7,
        "shares": 4,
        "saves": 18,
        "clicks": None,
        "video_views": None,
        "source_file": f"{CASE}/instagram_it.csv",
    }
    assert re.fullmatch(r"Il pane del venerdì #forno\nTagga un amico, @p_[0-9a-f]+!", str(photo["text"]))
    reel = _post(con, "17990000000000012")
    assert (reel["published_at"], reel["impressions"], reel["reach"]) == (
        datetime(2026, 5, 28, 15, 6, tzinfo=UTC),
        12120,
        9400,
    )


def test_french_facebook_export_with_narrow_space_thousands(con: duckdb.DuckDBPyConnection) -> None:
    assert _post(con, "1122334455667721") == {
        "platform": "facebook",
        "post_id": "1122334455667721",
        "account": "Acme",
        "published_at": datetime(2026, 5, 3, 10, 15, tzinfo=UTC),  # 05/03/2026: the 05/14 row proves month first
        "text": "Nouveau menu de printemps 🌱\nRéservez sur notre site",
        "url": "https://www.facebook.com/acme/posts/pfbid0fr1",
        "post_type": "Photos",
        "in_reply_to_id": None,
        "is_paid": None,
        "impressions": 2304,  # '2\u202f304'
        "reach": 1900,  # '1\u00a0900'
        "likes": 70,
        "comments": 12,
        "shares": 6,
        "saves": None,
        "clicks": 9,
        "video_views": None,
        "source_file": f"{CASE}/facebook_fr.csv",
    }
    reel = _post(con, "1122334455667722")
    assert (reel["published_at"], reel["post_type"], reel["impressions"], reel["reach"]) == (
        datetime(2026, 5, 14, 18, 0, tzinfo=UTC),
        "Vidéos",
        12480,
        9015,
    )
    assert re.fullmatch(r"L\u2019équipe vous remercie, @p_[0-9a-f]+ !", str(reel["text"]))


def test_german_instagram_export_with_dotted_dates(con: duckdb.DuckDBPyConnection) -> None:
    carousel = _post(con, "17990000000000031")
    assert carousel["published_at"] == datetime(2026, 5, 1, 16, 0, tzinfo=UTC)  # 01.05.2026 18:00
    assert carousel["text"] == "Frisches Brot am Freitag #bäckerei\nMarkiere eine Freundin!"
    metrics = ("impressions", "reach", "likes", "shares", "comments", "saves", "post_type")
    assert tuple(carousel[m] for m in metrics) == (7100, 5200, 210, 31, 9, 96, "IG Karussell")
    assert _post(con, "17990000000000032")["published_at"] == datetime(2026, 5, 3, 7, 5, tzinfo=UTC)


def test_load_log_records_each_file_language(con: duckdb.DuckDBPyConnection) -> None:
    log = {
        str(r["file"]).removeprefix(f"{CASE}/"): (
            r["format"],
            r["locale"],
            (r["rows_read"], r["rows_loaded"], r["rows_duplicate"], r["rows_rejected"]),
            r["unknown_columns"],
        )
        for r in rows(con, "SELECT * FROM load_log")
    }
    assert log == {
        "facebook_es.csv": ("meta_facebook_posts", "es", (3, 1, 1, 1), ["Tipo de subtítulo"]),
        "facebook_en.csv": ("meta_facebook_posts", "en", (3, 2, 0, 1), []),
        "instagram_it.csv": ("meta_instagram_posts", "it", (3, 2, 0, 1), []),
        "facebook_fr.csv": ("meta_facebook_posts", "fr", (3, 2, 0, 1), []),
        "instagram_de.csv": ("meta_instagram_posts", "de", (3, 2, 0, 1), []),
    }


def test_malformed_rows_are_rejected_naming_the_column_as_written(con: duckdb.DuckDBPyConnection) -> None:
    rejects = rows(con, "SELECT file, line, reason FROM rejects ORDER BY file, line")
    assert [(str(r["file"]).removeprefix(f"{CASE}/"), r["line"], r["reason"]) for r in rejects] == [
        ("facebook_en.csv", 4, "Post ID is empty"),
        (
            "facebook_es.csv",
            4,
            "Reacciones is not a whole number of 0 or more",
        ),  # English decimals are not Spanish thousands
        ("facebook_fr.csv", 4, "Couverture is not a whole number of 0 or more"),
        ("instagram_de.csv", 4, "Beitrags-ID is empty"),
        ("instagram_it.csv", 4, "Orario di pubblicazione is not DD/MM/YYYY HH:MM"),
    ]


def test_spanish_and_english_exports_of_one_post_merge(con: duckdb.DuckDBPyConnection) -> None:
    post = _post(con, "1122334455667712")
    # The English download is the newer file (its latest post is later): it wins, the Spanish row is its duplicate.
    assert {k: v for k, v in post.items() if k != "text"} == {
        "platform": "facebook",
        "post_id": "1122334455667712",
        "account": "Acme",
        "published_at": datetime(2026, 4, 28, 16, 12, tzinfo=UTC),
        "url": "https://www.facebook.com/acme/posts/pfbid0es2",
        "post_type": "Photos",  # the English export's word; the Spanish one says Fotos
        "in_reply_to_id": None,
        "is_paid": False,
        "impressions": 13100,  # English "13,100"
        "reach": 10200,
        "likes": 226,
        "comments": 15,
        "shares": 9,
        "saves": None,
        "clicks": 151,
        "video_views": None,
        "source_file": f"{CASE}/facebook_en.csv",
    }
    assert re.fullmatch(
        r'Gracias @p_[0-9a-f]+ por la "preciosa" reseña 🍞\nNos vemos el viernes\n\n#masamadre', str(post["text"])
    )


def test_no_clear_handle_is_stored(con: duckdb.DuckDBPyConnection) -> None:
    for table in ("posts", "rejects"):
        for row in rows(con, f"SELECT * FROM {table}"):
            for value in row.values():
                if isinstance(value, str):
                    assert not any(p in value.lower() for p in PEOPLE), (table, value)


@pytest.mark.parametrize(
    ("text", "sep", "count", "problem"),
    [
        ("1.234", ",", 1234, None),
        ("1.234", ".", None, "is not a whole number of 0 or more"),  # English: a fraction, never a thousand
        ("1,250", ".", 1250, None),
        ("29.0", ".", 29, None),  # X's legacy floats
        ("1 234", ",", 1234, None),
        ("1\u00a0234", ",", 1234, None),
        ("1\u202f802\u202f964", ",", 1802964, None),
        ("62 %", ",", 62, None),
        ("12,0", ",", 12, None),
        ("1 234,5", ",", None, "is not a whole number of 0 or more"),
        ("-", ",", None, None),
        ("", ",", None, None),
        ("1.23", ",", None, "is not a whole number of 0 or more"),
        ("1.234.5", ",", None, "is not a whole number of 0 or more"),
        ("12a", ",", None, "is not a whole number of 0 or more"),
        ("1,234,567", ",", None, "is not a whole number of 0 or more"),
        ("-5", ",", None, "is not a whole number of 0 or more"),
        ("-5", ".", None, "is not a whole number of 0 or more"),
        ("NaN", ".", None, "is not a whole number of 0 or more"),
        ("1e308", ".", None, "is not a whole number of 0 or more"),
        ("9223372036854775807", ".", 9223372036854775807, None),
        ("9223372036854775808", ".", None, "is too large for a count"),
        ("12345678901234567890123456", ",", None, "is too large for a count"),
    ],
)
def test_the_shared_count_rule_in_english_and_localised_files(
    text: str, sep: str, count: int | None, problem: str | None
) -> None:
    db = duckdb.connect()
    db.execute(PARSING_MACROS)
    assert db.execute("SELECT as_count_loc(?, ?), count_problem_loc(?, ?)", [text, sep, text, sep]).fetchone() == (
        count,
        problem,
    )


def test_header_language_needs_the_identifying_columns() -> None:
    facebook = ("Post ID", "Page ID", "Publish time")
    english = match_header(["Post ID", "Page ID", "Page name", "Publish time", "Permalink"], facebook)
    assert english is not None and english.locale == "en"
    spanish = ["identificador de la publicación", "Identificador de la página", "Hora de publicación", "Alcance"]
    found = match_header(spanish, facebook)
    assert found is not None and (found.locale, found.cell("Reach")) == ("es", "Alcance")
    assert match_header(spanish[:1] + spanish[2:], facebook) is None


def test_localised_file_without_its_identifying_column_is_named_nearest(tmp_path: Path) -> None:
    source = (Path(__file__).parent.parent / "cases" / CASE / "facebook_es.csv").read_text(encoding="utf-8-sig")
    header, body = source.split("\n", 1)
    # Drop "Identificador de la página" (the second column) from the header and every record's first line.
    broken = tmp_path / "export.csv"
    broken.write_text(header.replace('"Identificador de la página",', "") + "\n" + body, encoding="utf-8-sig")
    probe = probe_file(broken)
    assert sources.detect(probe) is None
    assert sources.nearest_formats(probe)[0].startswith("Meta Business Suite: Facebook posts (CSV) (")


def test_every_alias_names_a_documented_source() -> None:
    documented = set(re.findall(r"- ``([a-z]+-?[a-z]*)``:", meta_locales.__doc__ or ""))
    for locale, table in meta_locales.ALIASES.items():
        for english, aliases in table.items():
            assert english in meta_locales.ENGLISH, (locale, english)
            for alias in aliases:
                assert set(alias.sources) <= documented, (locale, alias)
                assert alias.sources or alias.unsure, (locale, alias)  # a header never seen must say so


def test_missing_publish_time_fails_the_file_in_its_own_language(project: Path) -> None:
    source = (Path(__file__).parent.parent / "cases" / CASE / "facebook_es.csv").read_text(encoding="utf-8-sig")
    (project / "exports" / "fb.csv").write_text(
        source.replace('"Hora de publicación"', '"Hora de publicacion"', 1), encoding="utf-8-sig"
    )
    _, report, _ = ingest_cases(project)
    assert [str(e) for e in report.failures] == [
        "fb.csv: required column 'Hora de publicación' is missing; the nearest header is 'Hora de publicacion'"
    ]
