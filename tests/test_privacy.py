import hashlib
import hmac

import duckdb
import pytest

from pipeline import privacy


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(privacy.pseudonym_macros_sql("k" * 20, ("acme", "acme.es")))
    return con


def test_person_id_is_the_rfc2104_hmac_of_the_normalised_handle(con: duckdb.DuckDBPyConnection) -> None:
    expected = "p_" + hmac.new(b"k" * 20, b"maria_g", hashlib.sha256).hexdigest()[: privacy.ID_HEX_CHARS]
    got = con.execute("SELECT person_id('@Maria_G '), person_id('maria_g'), person_id(''), person_id(NULL)").fetchone()
    assert got == (expected, expected, None, None)


def test_long_keys_are_hashed_first_as_hmac_requires(con: duckdb.DuckDBPyConnection) -> None:
    key = "x" * 100
    con.execute(privacy.pseudonym_macros_sql(key, ()))
    expected = "p_" + hmac.new(key.encode(), b"ana", hashlib.sha256).hexdigest()[: privacy.ID_HEX_CHARS]
    assert con.execute("SELECT person_id('ana')").fetchone() == (expected,)


def test_text_loses_emails_and_other_peoples_handles_but_keeps_the_brand(con: duckdb.DuckDBPyConnection) -> None:
    text = "Hola @maria_g y @Acme.es, escribe a maria.g+shop@mail.example.com. Gracias @maria_g! @maria_g.b"
    (out,) = con.execute("SELECT redact_text(?)", [text]).fetchone() or ("",)
    assert "maria" not in out.lower()
    assert "@Acme.es" in out
    assert "[email]" in out
    maria = con.execute("SELECT person_id('maria_g')").fetchone()
    assert out.count(f"@{maria[0] if maria else ''}") == 2


def test_x_status_urls_lose_the_handle(con: duckdb.DuckDBPyConnection) -> None:
    got = con.execute(
        "SELECT redact_url('https://twitter.com/maria_g/status/1790000000000000003?s=20'),"
        " redact_url('https://www.instagram.com/p/DAbc123/'), status_id('https://x.com/a/status/42')"
    ).fetchone()
    assert got == ("https://x.com/i/status/1790000000000000003", "https://www.instagram.com/p/DAbc123/", "42")


def test_profile_paths_in_other_urls_are_pseudonymised(con: duckdb.DuckDBPyConnection) -> None:
    maria = (con.execute("SELECT person_id('maria_g')").fetchone() or ("",))[0]
    got = con.execute(
        "SELECT redact_url('https://www.tiktok.com/@maria_g/video/7312'), redact_url('https://www.instagram.com/maria_g/'),"
        " redact_url('https://www.facebook.com/maria_g/posts/123'), redact_url('https://www.instagram.com/acme.es/'),"
        " redact_url('https://news.example.com/2026/05/acme-opens')"
    ).fetchone()
    assert got == (
        f"https://www.tiktok.com/@{maria}/video/7312",
        f"https://www.instagram.com/{maria}/",
        f"https://www.facebook.com/{maria}/posts/123",
        "https://www.instagram.com/acme.es/",
        "https://news.example.com/2026/05/acme-opens",
    )


def test_salt_must_be_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(privacy.SALT_ENV, raising=False)
    with pytest.raises(privacy.PipelineError, match="SOCIAL_HEALTH_SALT"):
        privacy.salt_from_env()
    monkeypatch.setenv(privacy.SALT_ENV, "s" * 16)
    assert privacy.salt_from_env() == "s" * 16
