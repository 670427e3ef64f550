"""Pseudonymisation: people's handles and emails never reach the warehouse in clear.

Identifiers are replaced by an HMAC-SHA256 of the normalised value, keyed by ``SOCIAL_HEALTH_SALT``. The HMAC is
computed inside DuckDB (two ``sha256`` passes over pre-padded keys, RFC 2104), so millions of rows are hashed in
vectorised SQL rather than in a Python loop. Without the key, a hash cannot be reversed by trying likely handles.
"""

from __future__ import annotations

import os

from pipeline.errors import PipelineError
from pipeline.escape import literal

SALT_ENV = "SOCIAL_HEALTH_SALT"
# The demo's key is public on purpose: its people are fictional. `social-health demo` says so when it runs.
DEMO_SALT = "social-health-demo-key-not-secret"
_BLOCK = 64  # SHA-256 block size in bytes
ID_PREFIX = "p_"
ID_HEX_CHARS = 20  # 80 bits: collision-free in practice for hundreds of millions of people


def salt_from_env() -> str:
    salt = os.environ.get(SALT_ENV, "")
    if len(salt) < 16:
        raise PipelineError(
            f"environment variable {SALT_ENV} must hold a secret of at least 16 characters "
            "(it keys the hashes that replace people's handles and emails); set it, e.g. as a repository secret"
        )
    return salt


def hmac_pads(key: str) -> tuple[str, str]:
    """The inner and outer HMAC pads as hex strings, ready to embed in SQL."""
    raw = key.encode("utf-8")
    if len(raw) > _BLOCK:
        import hashlib

        raw = hashlib.sha256(raw).digest()
    raw = raw.ljust(_BLOCK, b"\0")
    inner = bytes(b ^ 0x36 for b in raw)
    outer = bytes(b ^ 0x5C for b in raw)
    return inner.hex(), outer.hex()


def pseudonym_macros_sql(key: str, brand_handles: tuple[str, ...]) -> str:
    """SQL creating the temporary macros adapters use.

    - ``person_id(handle)``: the keyed hash of a handle or email (NULL stays NULL).
    - ``redact_text(text)``: the text with emails replaced by ``[email]`` and every @handle that is not the brand's
      replaced by its ``@p_…`` pseudonym, so replies and mentions inside text name no one.
    - ``redact_url(url)``: an X/Twitter status URL rewritten to the handle-free ``https://x.com/i/status/<id>``;
      a profile path in other URLs (``tiktok.com/@user/…``, ``instagram.com/user/``) gets the pseudonym instead.
    """
    inner, outer = hmac_pads(key)
    brand = "[" + ", ".join(literal(h) for h in brand_handles) + "]::VARCHAR[]"
    return f"""
CREATE OR REPLACE TEMP MACRO norm_handle(h) AS nullif(lower(ltrim(trim(h), '@')), '');
-- NULL in, NULL out: encode(NULL) makes the whole concatenation NULL, so no CASE (macros expand textually).
CREATE OR REPLACE TEMP MACRO person_id(h) AS '{ID_PREFIX}' || left(
    sha256(unhex('{outer}') || unhex(sha256(unhex('{inner}') || encode(norm_handle(h))))), {ID_HEX_CHARS});
CREATE OR REPLACE TEMP MACRO brand_handles() AS {brand};
-- Split on '@': every piece after the first starts with a handle. Constant patterns only, so the regex is compiled
-- once per query rather than once per row.
CREATE OR REPLACE TEMP MACRO redact_pieces(pieces) AS list_transform(pieces, lambda x, i: CASE
    WHEN i = 1 OR x.h = '' OR list_contains(brand_handles(), lower(x.h)) THEN x.p
    ELSE person_id(x.h) || substr(x.p, length(x.h) + 1) END);
CREATE OR REPLACE TEMP MACRO redact_handles(t) AS array_to_string(redact_pieces(list_transform(string_split(t, '@'),
    lambda piece: {{'p': piece, 'h': regexp_extract(piece, '^([A-Za-z0-9_.]*[A-Za-z0-9_])', 1)}})), '@');
CREATE OR REPLACE TEMP MACRO redact_text(t) AS redact_handles(
    regexp_replace(t, '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+', '[email]', 'g'));
CREATE OR REPLACE TEMP MACRO status_id(u) AS
    nullif(regexp_extract(u, '(?:twitter|x)\\.com/(?:[^/]+|i/web)/status(?:es)?/([0-9]+)', 1), '');
-- Profile paths name a person: `tiktok.com/@user/...`, `instagram.com/user/`, `facebook.com/user/posts/...`.
CREATE OR REPLACE TEMP MACRO url_handle(u) AS nullif(coalesce(
    nullif(regexp_extract(u, '/@([A-Za-z0-9_.]+)', 1), ''),
    nullif(regexp_extract(u, '^https?://(?:[a-z]+\\.)?(?:instagram|facebook|threads|linkedin)\\.(?:com|net)/'
                             '(?:in/)?([A-Za-z0-9_.]+)/?(?:[?#].*)?$', 1), ''),
    regexp_extract(u, '^https?://(?:[a-z]+\\.)?facebook\\.com/([A-Za-z0-9_.]+)/(?:posts|videos|photos)/', 1)), '');
CREATE OR REPLACE TEMP MACRO redact_url(u) AS CASE
    WHEN status_id(u) IS NOT NULL THEN 'https://x.com/i/status/' || status_id(u)
    WHEN url_handle(u) IS NOT NULL AND NOT list_contains(brand_handles(), lower(url_handle(u)))
        THEN replace(u, url_handle(u), person_id(url_handle(u)))
    ELSE u END;
"""
