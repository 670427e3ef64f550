"""Social-listening exports into `mentions`: Talkwalker, Meltwater and the generic CSV mapped in the config.

Fixtures (all data invented; text in Spanish, Italian and English):

- ``talkwalker/``: shared/reference/export-formats.md §4b [PARSER]: flattened lower-case JSON-path headers, the
  quoted ``SOCIALMEDIA,SOCIALMEDIA_TWITTER`` source type, numeric sentiment. Column names follow public code reading
  or writing these files (p6m-dev/data-ingestion-talkwalker-driver.archetype, ALB5/talkwalker_gephi, unnamed
  importers). [UNSURE]: ``published`` (epoch ms in the API, date strings in exports: the fixture has both, plus
  ISO text with and without offset) and the -5..5 sentiment range (only the sign is used).
- ``meltwater/``: §4c says Meltwater has no known header; the layouts come from public code since found:
  trishbailey/Edgelist-Extractor : app.py (current header, UTF-16 + tab), CodeForAfrica/melt_to_gephi :
  melt_to_gephi/melt_to_gephi.py and hanna-tes/CIB-network-monitoring : App.py (``encoding='utf-16', sep='\\t'``),
  and unnamed code reading an older Meltwater data set (``Influencer``, ``Tweet Id``, ``Twitter Followers``).
  [UNSURE]: the ``Date`` text (``12-May-2026`` + ``Time`` ``09:14 AM``, or ``02-Apr-2026 07:05PM``), CRLF line ends,
  ``Source Type``/``Language`` values. Documentation-level evidence only: no real Meltwater file was seen.
- ``generic_mentions/``: the project's own config-mapped layout (docs/reference/exports.md): a Spanish-headed,
  semicolon-separated CSV with ``dd/mm/yyyy`` times and a ``Red`` column naming the network.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from conftest import CONFIG, TEST_SALT, ingest_cases, rows

from pipeline.config import load_config
from pipeline.errors import ConfigError

TALKWALKER = "talkwalker/talkwalker_acme_2026-05.csv"
MELTWATER = "meltwater/meltwater_acme_2026-05.csv"
MELTWATER_OLDER = "meltwater/meltwater_acme_2026-04_older.csv"
GENERIC = "generic_mentions/menciones_acme_mayo.csv"
MAPPING = """\
mentions_csv:
  columns: {published_at: Fecha, text: Texto, url: Enlace, author: Autor, platform: Red, sentiment: Sentimiento,
            mention_id: ID, language: Idioma, author_followers: Seguidores}
  time_format: "%d/%m/%Y %H:%M"
  sentiment_values: {positive: [positivo, pos], negative: [negativo, neg], neutral: [neutro]}
"""
# Every handle, name and email in the fixtures: none may reach any table in clear.
PEOPLE = (
    "maria_g",
    "pepe_runner",
    "maría garcía",
    "giulia77",
    "giulia rossi",
    "laura perez",
    "ana_at_acme",
    "ana martin",
    "bad_dater",
    "no_url_person",
    "tumbl_user",
    "luca_b",
    "luca bianchi",
    "carla.foto",
    "carla foto",
    "acme_fan",
    "sofia_m",
    "sofía méndez",
    "marco bianchi",
    "broken_d",
    "maria.g@mail.com",
)


def pid(handle: str) -> str:
    return "p_" + hmac.new(TEST_SALT.encode(), handle.encode(), hashlib.sha256).hexdigest()[:20]


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def _mentions(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, object]]:
    return {str(r["mention_id"]): r for r in rows(con, "SELECT * FROM mentions")}


def _log(con: duckdb.DuckDBPyConnection, name: str) -> tuple[object, ...]:
    (log,) = rows(con, f"SELECT * FROM load_log WHERE file = '{Path(name).name}'")
    return log["format"], log["rows_read"], log["rows_loaded"], log["rows_duplicate"], log["rows_rejected"]


def _rejects(con: duckdb.DuckDBPyConnection) -> list[tuple[object, object]]:
    return [(r["line"], r["reason"]) for r in rows(con, "SELECT line, reason FROM rejects ORDER BY line")]


def _assert_no_clear_people(con: duckdb.DuckDBPyConnection) -> None:
    tables = [t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
    assert {"mentions", "rejects", "load_log"} <= set(tables)
    for table in tables:
        for row in rows(con, f'SELECT * FROM "{table}"'):
            for value in row.values():
                text = str(value).lower()
                assert not any(p in text for p in PEOPLE), (table, value)


def _with_mapping(project: Path, mapping: str = MAPPING) -> None:
    (project / "social-health.yml").write_text(CONFIG + mapping, encoding="utf-8")


# --- Talkwalker ---------------------------------------------------------------------------------------------------


def test_talkwalker_mentions_have_utc_times_pseudonyms_platforms_and_sentiments(project: Path) -> None:
    _, report, con = ingest_cases(project, TALKWALKER)
    assert report.failures == []
    mentions = _mentions(con)
    assert mentions["1790000000000000031"] == {
        "platform": "x",
        "mention_id": "1790000000000000031",
        "author_id": pid("maria_g"),
        "author_role": "other",
        "author_followers": 812,
        "published_at": datetime(2026, 5, 12, 7, 14, tzinfo=UTC),  # epoch ms 1778570040000
        "text": f"¡Qué rico el pan de @acme! Gracias @{pid('pepe_runner')}, escríbeme a [email]",
        "url": "https://x.com/i/status/1790000000000000031",
        "language": "es",
        "sentiment": "positive",  # 3
        "in_reply_to_id": None,
        "is_repost": False,
        "language_source": "export",
        "source_file": TALKWALKER.split("/")[1],
    }
    photo = mentions[md5("https://www.instagram.com/p/C7abc123/")]
    assert (photo["platform"], photo["author_id"], photo["author_followers"], photo["sentiment"]) == (
        "instagram",
        pid("giulia77"),
        1500,
        "neutral",
    )  # 0
    assert photo["published_at"] == datetime(2026, 5, 12, 8, 30, tzinfo=UTC)  # ISO text with +02:00
    assert (photo["text"], photo["language"]) == ("Il pane di Acme è buonissimo\nConsigliato!", "it")
    news = mentions[md5("https://elpais.example/economia/2026-05-11/acme.html")]
    # Naive ISO text is Madrid time; no short_name: no author (the journalist's name is not stored).
    assert (news["platform"], news["author_id"], news["sentiment"], news["published_at"]) == (
        "news",
        None,
        "negative",
        datetime(2026, 5, 11, 16, 30, tzinfo=UTC),
    )
    reply = mentions["1790000000000000032"]
    assert (reply["author_role"], reply["in_reply_to_id"], reply["sentiment"], reply["text"]) == (
        "employee",
        "1790000000000000031",
        "positive",
        f"@{pid('maria_g')} ¡Gracias! Te esperamos",
    )
    repost = mentions["1790000000000000034"]
    assert (repost["is_repost"], repost["author_followers"], repost["sentiment"]) == (True, 1204, None)
    _assert_no_clear_people(con)


def test_talkwalker_malformed_rows_are_rejected_with_line_and_reason(project: Path) -> None:
    _, _, con = ingest_cases(project, TALKWALKER)
    # Spreadsheet rows: the Instagram caption's line break stays inside its one row (row 3).
    assert _rejects(con) == [
        (
            6,
            "published is not epoch milliseconds or an ISO time like 2026-05-12 09:14:00 or 2026-05-12T09:14:00+02:00",
        ),
        (7, "url is empty"),
        (8, "source_type and domain_url name no known platform"),
        (10, "source_extended_attributes.twitter_followers is not a whole number of 0 or more"),
    ]
    assert pid("bad_dater") in str(rows(con, "SELECT raw FROM rejects WHERE line = 6")[0]["raw"])
    assert _log(con, TALKWALKER) == ("talkwalker_mentions", 9, 5, 0, 4)
    _assert_no_clear_people(con)


# --- Meltwater ----------------------------------------------------------------------------------------------------


def test_meltwater_export_is_read_from_utf16_tabs_with_date_and_time_columns(project: Path) -> None:
    raw = (Path(__file__).parent.parent / "cases" / MELTWATER).read_bytes()
    assert raw.startswith(b"\xff\xfeD\x00a\x00t\x00e\x00\t\x00")
    _, report, con = ingest_cases(project, MELTWATER)
    assert report.failures == []
    mentions = _mentions(con)
    assert mentions["1790000000000000041"] == {
        "platform": "x",
        "mention_id": "1790000000000000041",
        "author_id": pid("sofia_m"),
        "author_role": "other",
        "author_followers": None,
        "published_at": datetime(2026, 5, 12, 7, 14, tzinfo=UTC),  # 12-May-2026 09:14 AM, Madrid
        "text": f"Me encanta @acme, gracias @{pid('pepe_runner')}",
        "url": "https://x.com/i/status/1790000000000000041",
        "language": "es",
        "sentiment": "positive",
        "in_reply_to_id": None,
        "is_repost": False,
        "language_source": "export",
        "source_file": MELTWATER.split("/")[1],
    }
    photo = mentions[md5("https://www.instagram.com/p/C7xyz789/")]
    assert (photo["platform"], photo["author_id"], photo["language"], photo["sentiment"]) == (
        "instagram",
        pid("carla.foto"),
        "es",
        "neutral",
    )  # "Spanish"
    press = mentions[md5("https://www.lastampa.example/economia/acme")]
    assert (press["platform"], press["author_id"], press["sentiment"], press["published_at"]) == (
        "news",
        None,
        None,
        datetime(2026, 5, 11, 16, 30, tzinfo=UTC),
    )  # Not Rated; 06:30 PM
    assert press["text"] == "Acme apre il suo primo negozio a Milano"  # the Hit Sentence
    repost = mentions["1790000000000000042"]
    assert (repost["is_repost"], repost["author_role"], repost["sentiment"]) == (True, "employee", None)  # Unknown
    assert _rejects(con) == [
        (6, "Source Name and the site of URL name no known platform"),  # social, so not press
        (7, "Date is not a time like 12-May-2026 09:14AM"),
        (8, "URL is empty"),
    ]
    assert _log(con, MELTWATER) == ("meltwater_mentions", 7, 4, 0, 3)
    _assert_no_clear_people(con)


def test_older_meltwater_layout_uses_tweet_id_influencer_and_followers(project: Path) -> None:
    _, report, con = ingest_cases(project, MELTWATER_OLDER)
    assert report.failures == []
    mentions = _mentions(con)
    tweet = mentions["1770000000000000042"]
    assert (tweet["platform"], tweet["author_id"], tweet["author_followers"], tweet["language"]) == (
        "x",
        pid("luca_b"),
        1204,
        "it",
    )
    assert tweet["published_at"] == datetime(2026, 4, 2, 17, 5, tzinfo=UTC)  # 02-Apr-2026 07:05PM, Madrid
    press = mentions[md5("https://www.levante.example/acme")]
    # Source names an outlet, not a network: press. Influencer (a journalist's name) is hashed like a handle.
    assert (press["platform"], press["author_id"], press["sentiment"]) == ("news", pid("laura perez"), "neutral")
    assert _rejects(con) == [(4, "Twitter Followers is not a whole number of 0 or more")]
    (log,) = rows(con, "SELECT * FROM load_log")
    assert (log["rows_read"], log["rows_loaded"], log["rows_rejected"], log["unknown_columns"]) == (3, 2, 1, [])
    _assert_no_clear_people(con)


# --- generic mentions CSV mapped in the config ---------------------------------------------------------------------


def test_generic_mentions_csv_loads_through_the_config_mapping(project: Path) -> None:
    _with_mapping(project)
    _, report, con = ingest_cases(project, GENERIC)
    assert report.failures == []
    mentions = _mentions(con)
    assert mentions["1790000000000000051"] == {
        "platform": "x",
        "mention_id": "1790000000000000051",
        "author_id": pid("maria_g"),  # "@maria_g": the @ is not part of the handle
        "author_role": "other",
        "author_followers": 812,
        "published_at": datetime(2026, 5, 12, 7, 14, tzinfo=UTC),  # 12/05/2026 09:14 in Madrid
        "text": f"¡Qué buen pan en @acme! cc @{pid('pepe_runner')}",
        "url": "https://x.com/i/status/1790000000000000051",
        "language": "es",
        "sentiment": "positive",  # Positivo
        "in_reply_to_id": None,
        "is_repost": False,
        "language_source": "export",
        "source_file": GENERIC.split("/")[1],
    }
    photo = mentions["IG-778"]  # not X: the tool's ID
    assert (photo["platform"], photo["text"], photo["sentiment"], photo["author_followers"]) == (
        "instagram",
        "Il pane di Acme; che bontà",
        "positive",
        1500,
    )  # "pos"
    page = mentions[md5("https://www.facebook.com/Acme/posts/123456")]  # no ID: a hash of the link
    assert (page["platform"], page["author_role"], page["sentiment"], page["author_followers"]) == (
        "facebook",
        "brand",
        "neutral",
        None,
    )
    video = mentions[md5("https://www.tiktok.com/@luca_b/video/7370000000000000001")]
    assert (video["platform"], video["sentiment"]) == ("tiktok", "negative")  # NEGATIVO
    assert video["url"] == f"https://www.tiktok.com/@{pid('luca_b')}/video/7370000000000000001"
    # An ISO time (what Excel makes of a date cell) is read besides the configured format.
    repost = mentions["1790000000000000053"]
    assert (repost["published_at"], repost["is_repost"], repost["author_role"], repost["sentiment"]) == (
        datetime(2026, 5, 12, 10, 0, tzinfo=UTC),
        True,
        "employee",
        None,
    )
    _assert_no_clear_people(con)


def test_generic_mentions_rejects_and_accounting(project: Path) -> None:
    _with_mapping(project)
    _, _, con = ingest_cases(project, GENERIC)
    assert _rejects(con) == [
        (7, "Fecha is not a time in the format %d/%m/%Y %H:%M (mentions_csv.time_format)"),
        (8, "Red and the site of Enlace name no known platform"),
        (9, "Seguidores is not a whole number of 0 or more"),
        (10, "Texto and Enlace are empty"),
    ]
    raw = str(rows(con, "SELECT raw FROM rejects WHERE line = 7")[0]["raw"])
    assert raw.startswith("Fecha: ayer | Red: Twitter | Seguidores: 5 | Texto: Sin fecha")
    link = pid("https://x.com/bad_dater/status/1790000000000000054")
    assert raw.endswith(f" | Autor: {pid('bad_dater')} | Enlace: {link}")  # author and link hashed
    assert _log(con, GENERIC) == ("generic_mentions", 9, 5, 0, 4)
    _assert_no_clear_people(con)


def test_without_a_mapping_the_generic_csv_is_an_unknown_format(project: Path) -> None:
    _, report, con = ingest_cases(project, GENERIC, TALKWALKER)
    assert [str(f.path) for f in report.failures] == [GENERIC.split("/")[1]]
    assert "not a known export format" in str(report.failures[0])
    assert rows(con, "SELECT count(*) AS n FROM mentions")[0]["n"] == 5  # the Talkwalker file still loads


def test_a_mapped_column_missing_from_the_file_fails_it_naming_the_key(project: Path) -> None:
    _with_mapping(project, MAPPING.replace("language: Idioma", "language: Lengua"))
    _, report, _ = ingest_cases(project, GENERIC)
    (failure,) = report.failures
    assert "column 'Lengua' (mentions_csv.columns.language) is missing" in str(failure)


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (
            "mentions_csv:\n  columns: {published_at: Fecha, texto: Texto}\n",
            r"unknown key 'mentions_csv.columns.texto' \(did you mean 'mentions_csv.columns.text'\?\)",
        ),
        ("mentions_csv:\n  columns: {text: Texto}\n", r"missing required key 'mentions_csv.columns.published_at'"),
        ("mentions_csv:\n  columns: {published_at: Fecha, author: Autor}\n", r"must map 'text' or 'url'"),
        ("mentions_csv:\n  columns: {published_at: Fecha, text: Texto}\n", r"must map 'platform' when"),
        ("mentions_csv:\n  colums: {published_at: Fecha}\n", r"unknown key 'mentions_csv.colums'"),
        (
            "mentions_csv:\n  columns: {published_at: Fecha, url: Enlace}\n  delimiter: ':'\n",
            r"'mentions_csv.delimiter' ':' must be one of",
        ),
        (
            "mentions_csv:\n  columns: {published_at: Fecha, url: Enlace}\n  sentiment_values: {bueno: [si]}\n",
            r"unknown key 'mentions_csv.sentiment_values.bueno'",
        ),
    ],
)
def test_a_wrong_mapping_is_a_config_error_naming_the_key(project: Path, mapping: str, message: str) -> None:
    _with_mapping(project, mapping)
    with pytest.raises(ConfigError, match=message):
        load_config(project / "social-health.yml")
