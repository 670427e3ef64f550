"""Pseudonymisation: people's handles, emails and phone numbers never reach the warehouse in clear.

Identifiers are replaced by an HMAC-SHA256 of the normalised value, keyed by ``SOCIAL_HEALTH_SALT``. The HMAC is
computed inside DuckDB (two ``sha256`` passes over pre-padded keys, RFC 2104), so millions of rows are hashed in
vectorised SQL rather than in a Python loop. Without the key, a hash cannot be reversed by trying likely handles.

Free text (posts, mentions, messages, links) is redacted by the SQL macro ``redact_text`` after it is normalised:
Unicode NFKC, so a fullwidth at sign (U+FF20) or fullwidth letters read as ``@`` and plain letters, and without the
invisible characters (zero-width, bidirectional controls, soft hyphen, …) that can split a handle. DuckDB has no
NFKC, so the normalisation is a vectorised Python function over Arrow arrays (``pyarrow.compute.utf8_normalize``),
called only for the texts holding a character that NFKC could change or that is removed: plain text, accented Latin
letters, emoji and most scripts never leave SQL. docs/about.md ("Privacy") says what is redacted, in which forms,
and what is not.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import unicodedata

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from duckdb.func import PythonUDFType

from pipeline.errors import PipelineError
from pipeline.escape import literal

SALT_ENV = "SOCIAL_HEALTH_SALT"
# The demo's key is public on purpose: its people are fictional. `social-health demo` says so when it runs.
DEMO_SALT = "social-health-demo-key-not-secret"
_BLOCK = 64  # SHA-256 block size in bytes
ID_PREFIX = "p_"
ID_HEX_CHARS = 20  # 80 bits: collision-free in practice for hundreds of millions of people
NORMALISE_FUNCTION = "normalise_text_arrow"

# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): zero-width spaces and joiners, bidirectional
# controls, the soft hyphen, word joiner, BOM, Hangul fillers, tags… All are removed, except the variation selectors
# (U+FE00-FE0F, U+E0100-E01EF), which choose how an emoji is drawn: they are combining marks, which the patterns below
# count as part of a handle, so they cannot split one.
IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE00FF),
    (0xE01F0, 0xE0FFF),
)
_CHECKED_UP_TO = 0x20000  # code points above (rare CJK, private use) always take the normalising path


def _char_class(ranges: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> str:
    return "".join(f"\\x{{{a:x}}}" if a == b else f"\\x{{{a:x}}}-\\x{{{b:x}}}" for a, b in ranges)


IGNORABLE_CLASS = "[" + _char_class(IGNORABLE) + "]"


@functools.cache
def stable_class() -> str:
    """The code points that text may hold and still be its own NFKC form with nothing to remove, as an RE2 class.

    A string is in NFKC when each character maps to itself, none is a combining mark (ordering) and none can compose
    with the one before it (the second half of a canonical pair, Hangul vowels and trailing consonants): the
    quick-check of UAX #15. Unassigned code points are left out, so a Unicode version newer than Python's never
    slips past the check.
    """
    seconds = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))
    for code in range(_CHECKED_UP_TO):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(int(parts[1], 16))
    removed = {c for a, b in IGNORABLE for c in range(a, b + 1)}

    def stable(code: int) -> bool:
        char = chr(code)
        return (
            code not in seconds
            and code not in removed
            and unicodedata.category(char) not in ("Cn", "Co", "Cs")
            and unicodedata.combining(char) == 0
            and unicodedata.normalize("NFKC", char) == char
        )

    ranges: list[tuple[int, int]] = []
    for code in range(_CHECKED_UP_TO):
        if not stable(code):
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return _char_class(ranges)


def normalise_arrow(texts: pa.Array) -> pa.Array:
    """NFKC without ignorable characters, for a whole Arrow array at once (DuckDB's Arrow UDF; NULL stays NULL)."""
    texts = pc.replace_substring_regex(texts, IGNORABLE_CLASS, "")
    texts = pc.utf8_normalize(texts, form="NFKC")
    return pc.replace_substring_regex(texts, IGNORABLE_CLASS, "")  # NFKC can yield one (U+FFA0 -> U+1160)


# Patterns are RE2 (no look-around, so a pattern may consume the character before a handle; the rewrite keeps it).
# Words are cut at SEPARATORS: ASCII other than letters, digits, '_' and '.', and the blocks of punctuation, symbols
# and emoji (ellipsis, dashes, quotes, guillemets, ¿ ¡ €, arrows, pictographs). Any other character is part of a
# word, so a handle or a name in any script, with accents or a combining mark inside it, is taken whole. Small classes
# like these compile in well under a millisecond; \p{L}-style ones cost tens of milliseconds per query.
# Case-insensitive parts are scoped (?i:…) to host names.
SEPARATORS = (
    (0x00, 0x2D),
    (0x2F, 0x2F),
    (0x3A, 0x40),
    (0x5B, 0x5E),
    (0x60, 0x60),
    (0x7B, 0xBF),
    (0xD7, 0xD7),
    (0xF7, 0xF7),
    (0x2000, 0x2BFF),
    (0x3000, 0x303F),
    (0xFE30, 0xFE4F),
    (0x1F000, 0x1FAFF),
)
CURRENCY = ((0x24, 0x24), (0xA2, 0xA5), (0x20A0, 0x20CF))


def _minus(
    ranges: tuple[tuple[int, int], ...], chars: str = "", spans: tuple[tuple[int, int], ...] = ()
) -> list[tuple[int, int]]:
    """``ranges`` without the code points of ``chars`` and ``spans``."""
    drop = {ord(c) for c in chars} | {c for a, b in spans for c in range(a, b + 1)}
    out: list[tuple[int, int]] = []
    for a, b in ranges:
        start = None
        for code in range(a, b + 2):
            inside = code <= b and code not in drop
            if inside and start is None:
                start = code
            elif not inside and start is not None:
                out.append((start, code - 1))
                start = None
    return out


def word(also: str = "", but: str = "") -> str:
    """A class of word characters, ``also`` counted in (from SEPARATORS) and ``but`` left out."""
    separators = _minus(SEPARATORS, also) + [(ord(c), ord(c)) for c in but]
    return "[^" + _char_class(separators) + "]"


def separator(but: str = "", spans: tuple[tuple[int, int], ...] = ()) -> str:
    """A class of separators, without ``but`` and ``spans``."""
    return "[" + _char_class(_minus(SEPARATORS, but, spans)) + "]"


HANDLE = word() + "*" + word(but=".")  # after @, up to the first character a handle cannot hold (not a final '.')
_LABEL = word(also="-", but=".")
DOMAIN = _LABEL + r"+(?:\." + _LABEL + "+)+"
MENTION = "@" + HANDLE
FEDIVERSE = "@" + HANDLE + "@" + DOMAIN  # Mastodon and other ActivityPub servers: @user@host
EMAIL = word(also="%+-") + "+@" + DOMAIN
# Emails, @user@host and @handles are found in one pass (leftmost match first: "ana@mail.com" is an email from its
# first letter, "@ana@mastodon.social" an account from its '@').
PEOPLE = "(?:" + FEDIVERSE + "|" + EMAIL + "|" + MENTION + ")"
# "maria [at] mail [dot] com", "maria(at)mail.com": written to dodge harvesters, still an address.
EMAIL_SPELLED = (
    word(also="%+-")
    + r"+\s*[\[({]\s*(?i:at)\s*[\])}]\s*"
    + _LABEL
    + r"+(?:\s*(?:\.|[\[({]\s*(?i:dot)\s*[\])}])\s*"
    + _LABEL
    + "+)+"
)
PERCENT_AT = r"%(?:25)*40"  # "%40", and "%2540" (encoded twice), as a link or a copied URL writes "@"

# Profile links of every platform in config.PLATFORMS that has profiles (news and web have none): a host (with any
# subdomain: www., m., mobile., es., old.) and the path before the handle, which is the rest of the match after its
# last '/', '@' or '=' (for facebook.com/people/<name>/<id>, everything after people/). "/@user" covers TikTok,
# YouTube, Threads, Medium and Mastodon-like servers (host/@user); "u/user" is how Reddit users name each other.
_START = "(?:^|" + separator(but="-") + r")(?:[A-Za-z][A-Za-z0-9+.\-]*://)?(?:[A-Za-z0-9\-]+\.)*"
SLUG = word(also=":%-") + "*" + word(also="%-", but=".")
LINKEDIN_SLUG = word(also="%-", but="._") + "*" + word(also="%", but="._")  # ends before a post's '_'
PROFILE_HOSTS = (
    r"(?:twitter|x)\.com/",
    r"instagram\.com/(?:stories/)?",
    r"threads\.(?:net|com)/",
    r"(?:facebook|fb)\.com/",
    r"reddit\.com/(?:u|user)/",
    r"youtube\.com/(?:c/|user/|channel/)?",
    r"pinterest\.(?:com|co\.uk|com\.[a-z]{2}|[a-z]{2})/",
    r"bsky\.app/profile/",
)
PROFILE_LINK = (
    _START
    + "(?:"
    + r"(?i:(?:facebook|fb)\.com/people/)[^/\s?#]+(?:/[0-9]+)?"
    + r"|(?i:(?:facebook|fb)\.com/profile\.php\?)(?:[^\s#&]*&)*id=[0-9]+"
    + r"|(?i:linkedin\.com/(?:in|pub|posts)/)"
    + LINKEDIN_SLUG
    + "|(?i:"
    + "|".join(PROFILE_HOSTS)
    + ")"
    + SLUG
    + ")"
    + "|/@"
    + SLUG
    + r"|[?&](?i:screen_name|username|user_name)="
    + SLUG
    + "|(?:^|"
    + separator(but="/")
    + ")/?u/"
    + SLUG
    + r"|(?i:did:(?:plc|web):)[A-Za-z0-9._%:\-]*[A-Za-z0-9]"  # a Bluesky account's DID, alone
)
# Rewritten before the pass above: a status link's handle goes (x.com/i/status/<id> opens the same post), and
# linkedin.com/pub/<slug>/1a/2b3/4c5 loses the three short segments, which are the profile's id.
X_STATUS = r"((?i:twitter|x)\.com)/[^/\s?#]+/(?i:status(?:es)?)/"
LINKEDIN_PUB_ID = r"((?i:linkedin\.com/pub)/[^/\s?#]+)/[0-9a-zA-Z]{1,3}/[0-9a-zA-Z]{1,3}/[0-9a-zA-Z]{1,3}"
# First path segments that are pages of the site, not people.
RESERVED = (
    "i", "intent", "home", "search", "hashtag", "explore", "settings", "share", "compose", "messages",
    "notifications", "login", "signup", "logout", "tos", "privacy", "about", "help", "download", "jobs", "p",
    "reel", "reels", "tv", "stories", "accounts", "direct", "legal", "developer", "web", "pages", "pg", "groups",
    "events", "watch", "marketplace", "gaming", "photo", "photo.php", "photos", "story.php", "permalink.php",
    "sharer", "sharer.php", "login.php", "policies", "business", "ads", "l.php", "profile.php", "people", "videos",
    "video.php", "media", "notes", "dialog", "plugins", "tr", "home.php", "friends", "bookmarks", "fundraisers",
    "donate", "live", "news", "shorts", "playlist", "results", "feed", "embed", "channel", "c", "user", "redirect",
    "premium", "t", "account", "kids", "post", "attribution_link", "signin", "pin", "ideas", "today", "categories",
    "topics", "_", "u"
)  # fmt: skip
MARK = "\x01"  # wraps each match while a pass rewrites it; removed from the text first, so it cannot be forged

# An id or a key (thread and message ids, GA4 source, medium and campaign) is kept as written when it holds only
# Latin letters, digits, spaces and . _ - ( ) : # , and no phone number: "(direct)", "l.instagram.com", "verano_2026",
# "t1_abc", "1790000000000000003". Anything else (an '@', a '/', a '+', other scripts, fullwidth forms) is hashed
# whole: it might be a handle, an email, a link or a phone number.
PLAIN_KEY = r"[A-Za-z0-9\x{c0}-\x{d6}\x{d8}-\x{f6}\x{f8}-\x{24f} ._\-():#,]*"


# Phone numbers: +CC or 00CC followed by 8-15 digits in all (ITU-T E.164: at most 15 digits, country code included),
# single spaces, dots or hyphens between them and parentheses around a group, e.g. +34 612 34 56 78, 0034…,
# +1 (555) 123-4567, +44 (0)7700 900123. National forms, grouped as people write them (9-11 digits):
# es/pt 612 345 678, 612 34 56 78, 91 234 56 78, 912 345 678, 21 234 5678; it 333 1234567, 333 123 4567, 06 1234 5678;
# fr 06 12 34 56 78; de 0171 1234567, 030 12345678, 0171/1234567, (030) 1234567; uk 07700 900123, 020 7946 0958;
# us (555) 123-4567, 555-123-4567, 555.123.4567. A number glued to letters, a '/', '#', '=', '@', '.', '-', or a
# currency sign, or followed by one, by ':' (a time) or '%', is not a phone: ids in links, order numbers, prices,
# dates and times stay as written.
_SEP = r"[ .\-]"
PHONE_SHAPES = (
    r"(?:\+|00)[1-9](?:[ .\-]?\(?[0-9]\)?){7,14}",
    r"[26789][0-9]{2}" + _SEP + r"?[0-9]{3}" + _SEP + r"?[0-9]{3}",
    r"[6789][0-9]{2}(?:" + _SEP + r"[0-9]{2}){3}",
    r"[89][0-9]" + _SEP + r"[0-9]{3}(?:" + _SEP + r"[0-9]{2}){2}",
    r"2[0-9]" + _SEP + r"[0-9]{3}" + _SEP + r"[0-9]{4}",
    r"3[0-9]{2}" + _SEP + r"?[0-9]{3}" + _SEP + r"?[0-9]{3,4}",
    r"\(?0[1-9][0-9]{0,3}\)?[ ./\-]?[0-9]{6,8}",
    r"\(?0[1-9][0-9]{0,3}\)?(?:" + _SEP + r"[0-9]{3,4}){2}",
    r"\(?0[1-9][0-9]{0,3}\)?(?:" + _SEP + r"[0-9]{2,4}){3,4}",
    r"\([2-9][0-9]{2}\) ?[0-9]{3}" + _SEP + r"[0-9]{4}",
    r"[2-9][0-9]{2}" + _SEP + r"[0-9]{3}" + _SEP + r"[0-9]{4}",
)
_PHONE_BEFORE = "(^|" + separator(but="/#=&+-@", spans=CURRENCY) + r"|[A-Za-z]\.|[\s0-9\]]/)"

_PHONE_AFTER = (
    "($|"
    + separator(but="\t\n\x0b\x0c\r %:/.-", spans=CURRENCY)
    + r"|[.\-](?:$|[^0-9])|/(?:$|[^A-Za-z])|\s(?:$|[^"
    + _char_class(CURRENCY)
    + "]))"
)
PHONE = _PHONE_BEFORE + "(?:" + "|".join(PHONE_SHAPES) + ")" + _PHONE_AFTER
PHONE_LINK = r"(?i)(wa\.me/|whatsapp\.com/send/?\?(?:[^\s#]*&)?phone=)\+?[0-9]{6,15}"


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


def create_macros(con: duckdb.DuckDBPyConnection, key: str, brand_handles: tuple[str, ...]) -> None:
    """Register the normalising function and create the temporary privacy macros on ``con``."""
    with contextlib.suppress(duckdb.InvalidInputException):  # not registered yet on this connection
        con.remove_function(NORMALISE_FUNCTION)
    varchar = duckdb.sqltype("VARCHAR")
    con.create_function(NORMALISE_FUNCTION, normalise_arrow, [varchar], varchar, type=PythonUDFType.ARROW)
    con.execute(pseudonym_macros_sql(key, brand_handles))


def pseudonym_macros_sql(key: str, brand_handles: tuple[str, ...]) -> str:
    """SQL creating the temporary macros adapters use (``create_macros`` registers the function they call).

    - ``normalise_text(t)``: NFKC without ignorable characters; the normalising function runs only for the texts
      that hold a character outside ``stable_class()``.
    - ``person_id(handle)``: the keyed hash of a normalised handle or email (NULL stays NULL).
    - ``redact_text(text[, keep])``: the normalised text with profile links and @handles that are not the brand's
      (nor in ``keep``, lower case) replaced by their ``p_…`` pseudonym, emails by ``[email]`` and phone numbers by
      ``[phone]``.
    - ``redact_url(url[, keep])``: an X/Twitter status link rewritten to the handle-free
      ``https://x.com/i/status/<id>``; any other link redacted as text (profile paths get the pseudonym).
    - ``redact_key(value)``: an id or a key (a thread id, a traffic source) kept as it is when it is plain (see
      PLAIN_KEY), else replaced whole by its keyed hash, so distinct values stay distinct and joins still hold.
    """
    inner, outer = hmac_pads(key)
    brand = "[" + ", ".join(literal(h) for h in brand_handles) + "]::VARCHAR[]"
    reserved = literal("(?i)" + "|".join(re.escape(r) for r in RESERVED))
    # Macros expand textually: a step naming its argument twice would copy every step before it, so each step of
    # redact_text names its input once. A pass wraps its matches in MARK and splits on it: pieces alternate between
    # text and matches, and only the matches are rewritten.
    return f"""
CREATE OR REPLACE TEMP MACRO normalise_text(t) AS CASE
    WHEN regexp_matches(t, {literal("[^" + stable_class() + "]")}) THEN {NORMALISE_FUNCTION}(t) ELSE t END;
CREATE OR REPLACE TEMP MACRO norm_handle(h) AS nullif(lower(ltrim(trim(normalise_text(h)), '@')), '');
-- NULL in, NULL out: encode(NULL) makes the whole concatenation NULL, so no CASE.
CREATE OR REPLACE TEMP MACRO keyed_hash(normalised) AS '{ID_PREFIX}' || left(
    sha256(unhex('{outer}') || unhex(sha256(unhex('{inner}') || encode(normalised)))), {ID_HEX_CHARS});
CREATE OR REPLACE TEMP MACRO person_id(h) AS keyed_hash(norm_handle(h));
CREATE OR REPLACE TEMP MACRO brand_handles() AS {brand};
-- A handle found in normalised text stays in clear when it is the brand's (or in `keep`) or already a pseudonym;
-- else it becomes the pseudonym person_id() gives the same handle. In a link, a page of the site stays too.
CREATE OR REPLACE TEMP MACRO is_pseudonym(h) AS
    length(h) = {len(ID_PREFIX) + ID_HEX_CHARS} AND starts_with(h, '{ID_PREFIX}')
    AND ltrim(substr(h, {len(ID_PREFIX) + 1}), '0123456789abcdef') = '';
CREATE OR REPLACE TEMP MACRO pseudonym(h, keep) AS CASE
    WHEN list_contains(brand_handles(), lower(h)) OR coalesce(list_contains(keep, lower(h)), false) OR is_pseudonym(h)
    THEN h ELSE keyed_hash(lower(h)) END;
CREATE OR REPLACE TEMP MACRO link_pseudonym(h, keep) AS CASE
    WHEN regexp_full_match(h, {reserved}) THEN h ELSE pseudonym(h, keep) END;
CREATE OR REPLACE TEMP MACRO marked_pieces(t, pattern) AS
    string_split(regexp_replace(t, pattern, '{MARK}\\0{MARK}', 'g'), '{MARK}');
CREATE OR REPLACE TEMP MACRO link_handle(m) AS CASE WHEN contains(lower(m), '.com/people/')
    THEN substr(m, strpos(lower(m), '.com/people/') + 12)
    ELSE list_last(string_split(list_last(string_split(list_last(string_split(m, '/')), '@')), '=')) END;
-- One pass for links, emails and @handles (one lambda: DuckDB binds a lambda's input again for each lambda around
-- it). A match starting with '@' is a handle, one holding '@' but no '/' an email, any other a profile link.
CREATE OR REPLACE TEMP MACRO pseudonymise(t, keep) AS array_to_string(list_transform(
    marked_pieces(t, {literal("(?:" + PROFILE_LINK + "|" + PEOPLE + ")")}), lambda piece, i: CASE
        WHEN i % 2 = 1 THEN piece
        WHEN starts_with(piece, '@') THEN '@' || pseudonym(substr(piece, 2), keep)
        WHEN contains(piece, '@') AND NOT contains(piece, '/') THEN '[email]'
        ELSE left(piece, length(piece) - length(link_handle(piece))) || link_pseudonym(link_handle(piece), keep) END),
    '');
-- Twice: a phone's pattern consumes the character after it, which may be the one before the next phone.
CREATE OR REPLACE TEMP MACRO redact_phones(t) AS regexp_replace(regexp_replace(regexp_replace(t,
    {literal(PHONE_LINK)}, '\\1[phone]', 'g'), {literal(PHONE)}, '\\1[phone]\\2', 'g'),
    {literal(PHONE)}, '\\1[phone]\\2', 'g');
CREATE OR REPLACE TEMP MACRO redact_text(t, keep := NULL::VARCHAR[]) AS redact_phones(
    regexp_replace(pseudonymise(
        regexp_replace(regexp_replace(regexp_replace(replace(normalise_text(t), '{MARK}', ''),
            {literal(PERCENT_AT)}, '@', 'g'), {literal(X_STATUS)}, '\\1/i/status/', 'g'),
            {literal(LINKEDIN_PUB_ID)}, '\\1', 'g'),
        keep), {literal(EMAIL_SPELLED)}, '[email]', 'g'));

CREATE OR REPLACE TEMP MACRO status_id(u) AS
    nullif(regexp_extract(u, '(?:twitter|x)\\.com/(?:[^/]+|i/web)/status(?:es)?/([0-9]+)', 1), '');
-- (CASE, not coalesce: DuckDB evaluates every argument of coalesce for every row, CASE only the branch taken)
CREATE OR REPLACE TEMP MACRO redact_url(u, keep := NULL::VARCHAR[]) AS CASE
    WHEN status_id(u) IS NOT NULL THEN 'https://x.com/i/status/' || status_id(u) ELSE redact_text(u, keep) END;
CREATE OR REPLACE TEMP MACRO redact_key(v) AS CASE
    WHEN regexp_full_match(v, {literal(PLAIN_KEY)}) AND NOT regexp_matches(v, {literal(PHONE)}) THEN v
    ELSE person_id(v) END;

"""
