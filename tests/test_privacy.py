import hashlib
import hmac
import re
from collections.abc import Iterator

import duckdb
import hostile
import pyarrow as pa
import pytest

from pipeline import privacy
from pipeline.config import PLATFORMS


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    privacy.create_macros(con, "k" * 20, ("acme", "acme.es"))
    yield con
    con.close()


def test_person_id_is_the_rfc2104_hmac_of_the_normalised_handle(con: duckdb.DuckDBPyConnection) -> None:
    expected = "p_" + hmac.new(b"k" * 20, b"maria_g", hashlib.sha256).hexdigest()[: privacy.ID_HEX_CHARS]
    got = con.execute("SELECT person_id('@Maria_G '), person_id('maria_g'), person_id(''), person_id(NULL)").fetchone()
    assert got == (expected, expected, None, None)


def test_long_keys_are_hashed_first_as_hmac_requires(con: duckdb.DuckDBPyConnection) -> None:
    key = "x" * 100
    privacy.create_macros(con, key, ())
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


def _one(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> str:
    row = con.execute(sql, list(params)).fetchone()
    assert row is not None
    return str(row[0])


def _pid(con: duckdb.DuckDBPyConnection, handle: str) -> str:
    return _one(con, "SELECT person_id(?)", handle)


@pytest.mark.parametrize("form", hostile.HANDLE_FORMS[:-1])
def test_a_handle_in_any_form_becomes_the_authors_pseudonym(con: duckdb.DuckDBPyConnection, form: str) -> None:
    out = _one(con, "SELECT redact_text(?)", f"Hola {form}, ¿qué tal?")
    assert hostile.found_secrets(out) == []
    assert out == f"Hola @{_pid(con, hostile.HANDLE)}, ¿qué tal?"  # the same pseudonym as author_id


def test_a_fediverse_account_is_one_pseudonym(con: duckdb.DuckDBPyConnection) -> None:
    account = f"{hostile.FEDIVERSE_USER}@mastodon.example"
    out = _one(con, "SELECT redact_text(?)", f"cc @{account} y @acme")
    assert out == f"cc @{_pid(con, account)} y @acme"


@pytest.mark.parametrize("link", hostile.PROFILE_LINKS)
def test_profile_links_of_every_platform_lose_the_handle(con: duckdb.DuckDBPyConnection, link: str) -> None:
    for sql in ("SELECT redact_text(?)", "SELECT redact_url(?)"):
        out = _one(con, sql, link)
        assert hostile.found_secrets(out) == [], (link, out)
        assert re.search(r"p_[0-9a-f]{20}", out), out


def test_every_platform_with_profiles_has_a_planted_link() -> None:
    without_profiles = {"news", "web"}
    covered = {p for p in PLATFORMS if any(p in link for link in hostile.PROFILE_LINKS)}
    covered |= {"x"} if any("twitter.com" in link for link in hostile.PROFILE_LINKS) else set()
    covered |= {"bluesky"} if any("bsky.app" in link for link in hostile.PROFILE_LINKS) else set()
    assert set(PLATFORMS) - without_profiles <= covered | {"x"}
    assert set(hostile.PROFILE_HANDLES) >= set(PLATFORMS) - without_profiles


def test_links_that_name_nobody_or_the_brand_stay_as_written(con: duckdb.DuckDBPyConnection) -> None:
    kept = (
        "https://www.instagram.com/p/DAbc123/",
        "https://www.instagram.com/reel/C9xYz/",
        "https://x.com/i/status/1790000000000000003",
        "https://x.com/hashtag/acme",
        "https://x.com/acme",
        "https://www.instagram.com/acme.es/",
        "https://www.facebook.com/acme/posts/pfbid0aaa",
        "https://www.facebook.com/groups/vecinos/",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.tiktok.com/@acme/video/7312",
        "https://news.example.com/2026/05/acme-opens",
        "https://acme.example/es/tienda?utm_source=instagram",
    )
    for link in kept:
        assert _one(con, "SELECT redact_url(?)", link) == link
    # A Page's own link may name it by id: the caller says so (Meta's permalinks)
    page = "https://www.facebook.com/100044455566677/posts/1"
    assert _one(con, "SELECT redact_url(?, ['100044455566677'])", page) == page
    assert _one(con, "SELECT redact_url(?)", page) != page


@pytest.mark.parametrize("form", hostile.EMAIL_FORMS)
def test_emails_in_any_form_become_a_placeholder(con: duckdb.DuckDBPyConnection, form: str) -> None:
    out = _one(con, "SELECT redact_text(?)", f"escribid a {form} gracias")
    assert hostile.found_secrets(out) == []
    assert "[email]" in out and out.endswith(" gracias")


@pytest.mark.parametrize("phone", hostile.PHONES)
def test_phone_numbers_become_a_placeholder(con: duckdb.DuckDBPyConnection, phone: str) -> None:
    for text in (f"llamadme al {phone}.", f"{phone}", f"tel:{phone}", f"({phone})", f"Tel.{phone} o {phone}"):
        out = _one(con, "SELECT redact_text(?)", text)
        assert hostile.found_secrets(out) == [], (text, out)
        assert "[phone]" in out


def test_phone_numbers_side_by_side_are_all_caught(con: duckdb.DuckDBPyConnection) -> None:
    out = _one(con, "SELECT redact_text(?)", "612345678/698765432, 612 345 678 698 765 432 https://wa.me/34612345678")
    assert out == "[phone]/[phone], [phone] [phone] https://wa.me/[phone]"


@pytest.mark.parametrize("text", hostile.NOT_PHONES)
def test_dates_prices_times_orders_and_ids_are_not_phones(con: duckdb.DuckDBPyConnection, text: str) -> None:
    sentence = f"El {text} (ver {text}), {text}."
    assert _one(con, "SELECT redact_text(?)", sentence) == sentence


def test_stored_text_is_nfkc_without_invisible_characters(con: duckdb.DuckDBPyConnection) -> None:
    text = "\ufb01n \uff44\uff45 semana\u200b en \uff21\uff43\uff4d\uff45\u202e\u2026\u00a0\ufeff2\u00b2"
    assert _one(con, "SELECT redact_text(?)", text) == "fin de semana en Acme... 22"
    plain = "Qué rico está el pan 🍞 ❤️ «gracias» — ¡vuelvo! 東京 Δ"
    assert _one(con, "SELECT redact_text(?)", plain) == plain  # NFKC leaves it alone, so does the macro


def test_the_prefilter_skips_only_text_nfkc_leaves_alone() -> None:
    """A text made only of characters inside the pre-filter's class skips the normalising function, so the function
    must leave every one of them unchanged (pyarrow's utf8proc agrees with Python's table); what it would change, and
    the invisible characters, must fall outside the class."""
    body = re.sub(r"\\x\{([0-9a-f]+)\}", lambda m: f"\\U{int(m.group(1), 16):08x}", privacy.stable_class())
    stable = re.compile(f"[{body}]")

    inside = "".join(chr(c) for c in range(0x20000) if not 0xD800 <= c < 0xE000 and stable.fullmatch(chr(c)))
    assert len(inside) > 60_000  # Latin, Greek, Cyrillic, Arabic, CJK, Hangul, emoji…
    assert privacy.normalise_arrow(pa.array([inside]))[0].as_py() == inside
    changed = "\uff20\ufe6b\uff4d\ufb01\u00b2\u2026\u00a0\u0301"  # fullwidth, small @, ligature, ², …, NBSP, accent
    invisible = "\u200b\u200d\u2060\u202e\u2066\u061c\u00ad\ufeff\U000e0041"
    for outside in changed + invisible:
        assert not stable.fullmatch(outside), hex(ord(outside))


def test_keys_that_may_hold_a_person_are_hashed_whole(con: duckdb.DuckDBPyConnection) -> None:
    for kept in ("(direct)", "l.instagram.com", "verano_2026", "campaña de otoño", "1790000000000000003", "t1_abc"):
        assert _one(con, "SELECT redact_key(?)", kept) == kept
    for hidden in ("34612345678@s.whatsapp.net", "612 345 678", "@maria_g", "x.com/maria_g", "+34612345678"):
        assert _one(con, "SELECT redact_key(?)", hidden) == _pid(con, hidden)


def test_salt_must_be_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(privacy.SALT_ENV, raising=False)
    with pytest.raises(privacy.PipelineError, match="SOCIAL_HEALTH_SALT"):
        privacy.salt_from_env()
    monkeypatch.setenv(privacy.SALT_ENV, "s" * 16)
    assert privacy.salt_from_env() == "s" * 16
