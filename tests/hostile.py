"""Planted personal data, in every form the pipeline must catch, and export files that carry it.

One place for the values, so every privacy test (the warehouse scan here, the site scan of the hostile demo) plants
the same ones and looks for the same ones:

- ``SECRETS``: what must never be found in clear anywhere: handles (looked for in any case), email addresses and the
  digits of phone numbers (looked for with any separators); ``found_secrets(text)`` says which a text holds, after
  undoing what a reader or a browser undoes (NFKC, invisible characters, ``%40``); ``found_names(text)`` the same
  for ``NAMES``;
- ``NAMES``: people's names, which no pattern can tell from other words: they are planted only where they must not
  be kept at all (a name column, a column the format does not know) and in rejected fields, whose reasons must not
  quote them;
- ``write_hostile_exports(folder)``: a Brandwatch mentions CSV, a generic inbox CSV and a Meta Facebook posts CSV in
  the layouts of tests/cases/ (brandwatch/, inbox/, meta_posts/), each with good rows and rejected ones, all holding
  the values above in the forms below.

All data is invented.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# Handles, one per way of writing one, so a failure names the form that leaked.
HANDLE = "zorro_secreto"  # plain and in the Unicode forms
FEDIVERSE_USER = "nutria_federada"  # @user@host
PROFILE_HANDLES = {  # platform (config.PLATFORMS) -> a handle planted in that platform's profile links
    "x": "xavier_oculto",
    "instagram": "ines.escondida",
    "facebook": "fabio.velado",
    "linkedin": "lina-reservada-7b2a",
    "reddit": "rodrigo_mudo",
    "tiktok": "tina.sigilosa",
    "youtube": "yago_callado",
    "threads": "teresa.tapada",
    "bluesky": "blas-discreto.bsky.social",
    "pinterest": "pilar_furtiva",
    "mastodon": "mateo_anonimo",
}
FACEBOOK_ID = "100099887766554"  # facebook.com/profile.php?id=…
EMAIL_LOCAL, EMAIL_DOMAIN = "buzon.oculto", "correo-privado.example"
EMAIL = f"{EMAIL_LOCAL}@{EMAIL_DOMAIN}"
# Phone numbers in the international and national forms the pipeline covers (privacy.PHONE_SHAPES).
PHONES = (
    "+34 687 43 21 09",
    "+39 347 765 4321",
    "0034 688 12 90 34",
    "+1 (555) 382-9146",
    "+44 7700 918273",
    "+49 171 8246573",
    "+33 6 47 82 91 35",
    "+351 913 572 468",
    "689 147 253",
    "691 28 37 46",
    "348 2716354",
    "06 58 29 31 47",
    "0171 9371826",
    "07700 928374",
    "(555) 471-2836",
    "916 385 274",
)
NAMES = ("Lucía Escondida Ferrer", "Gianfranco Nascosto")

HANDLES = (HANDLE, FEDIVERSE_USER, *PROFILE_HANDLES.values())
SECRETS = (*HANDLES, FACEBOOK_ID, EMAIL_LOCAL, *PHONES)

ZW = "\u200b"  # zero-width space
# The forms an @handle takes: fullwidth and small commercial at (NFKC reads both as @), fullwidth letters, URL-encoded,
# and invisible characters inside it (zero-width space, word joiner, soft hyphen, BOM, right-to-left override).
HANDLE_FORMS = (
    f"@{HANDLE}",
    f"\uff20{HANDLE}",  # fullwidth
    f"\ufe6b{HANDLE}",  # small
    "\uff20" + "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in HANDLE),
    f"%40{HANDLE}",
    f"@zorro{ZW}_secreto",
    "@zo\u2060rro_se\u00adcreto",
    "@\ufeffzorro_sec\u202eret\u202co",
    f"@{HANDLE.upper()}",
    f"@{FEDIVERSE_USER}@mastodon.example",
)
PROFILE_LINKS = (
    f"https://x.com/{PROFILE_HANDLES['x']}",
    f"https://twitter.com/{PROFILE_HANDLES['x']}/with_replies",
    f"https://mobile.twitter.com/{PROFILE_HANDLES['x']}",
    f"www.x.com/{PROFILE_HANDLES['x']}?lang=es",
    f"https://www.instagram.com/{PROFILE_HANDLES['instagram']}/",
    f"instagram.com/stories/{PROFILE_HANDLES['instagram']}/3141592653",
    f"https://www.facebook.com/{PROFILE_HANDLES['facebook']}",
    f"https://m.facebook.com/profile.php?id={FACEBOOK_ID}",
    f"https://www.facebook.com/people/Fabio-Velado/{FACEBOOK_ID}/",
    f"https://www.linkedin.com/in/{PROFILE_HANDLES['linkedin']}/",
    "https://es.linkedin.com/pub/lina-reservada/1a/2b3/4c5",
    f"https://www.linkedin.com/posts/{PROFILE_HANDLES['linkedin']}_acme-opens-activity-7190000000000000001-AbCd",
    f"https://www.reddit.com/u/{PROFILE_HANDLES['reddit']}",
    f"https://old.reddit.com/user/{PROFILE_HANDLES['reddit']}/comments",
    f"u/{PROFILE_HANDLES['reddit']}",
    f"https://www.tiktok.com/@{PROFILE_HANDLES['tiktok']}/video/7312345678901234567",
    f"https://www.youtube.com/@{PROFILE_HANDLES['youtube']}",
    f"https://www.youtube.com/c/{PROFILE_HANDLES['youtube']}",
    f"https://www.youtube.com/user/{PROFILE_HANDLES['youtube']}",
    f"https://www.threads.net/@{PROFILE_HANDLES['threads']}",
    f"https://bsky.app/profile/{PROFILE_HANDLES['bluesky']}",
    f"https://www.pinterest.es/{PROFILE_HANDLES['pinterest']}/recetas/",
    f"https://mastodon.example/@{PROFILE_HANDLES['mastodon']}",
)
EMAIL_FORMS = (
    EMAIL,
    f"{EMAIL_LOCAL}%40{EMAIL_DOMAIN}",
    f"{EMAIL_LOCAL} [at] correo-privado [dot] example",
    "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in EMAIL),
    f"buzon{ZW}.oculto@{EMAIL_DOMAIN}",
    f"mailto:{EMAIL}",
)
# Text that looks like numbers but is not a phone: it must stay as written.
NOT_PHONES = (
    "2026-05-12",
    "12/05/2026",
    "12.05.2026",
    "2026-05-12T09:14:00+02:00",
    "09:14",
    "18:30:00",
    "1.234,56 €",
    "€1,299.00",
    "19,99€",
    "#100234",
    "pedido 4012-3381",
    "order 403-1234567-1234567",
    "https://x.com/i/status/1790000000000000003",
    "2024 2025 2026",
    "28013 Madrid",
    "12,5 %",
)


def texts() -> list[str]:
    """Free texts holding every planted form, a few to a text, in Spanish, Italian and English."""
    forms = [*HANDLE_FORMS, *PROFILE_LINKS, *EMAIL_FORMS, *PHONES]
    openers = ("Hola, soy yo:", "Ciao! scrivetemi", "Hi there, ping me at", "Mirad esto")
    return [
        f"{openers[i % len(openers)]} {' y '.join(forms[i : i + 3])}. ¡Gracias @acme!" for i in range(0, len(forms), 3)
    ]


def found_secrets(text: str) -> list[str]:
    """The planted values ``text`` holds, as a reader would see them (any case, any invisible character, ``%40``)."""
    seen = _as_read(text)
    found = [s for s in (*HANDLES, FACEBOOK_ID, EMAIL_LOCAL) if s.lower() in seen]
    return found + [phone for phone in PHONES if _digits_pattern(phone).search(seen)]


def found_names(text: str) -> list[str]:
    """The planted names ``text`` holds, in any case."""
    return [name for name in NAMES if _as_read(name) in _as_read(text)]


def _as_read(text: str) -> str:
    text = urllib.parse.unquote(unicodedata.normalize("NFKC", text))
    return "".join(c for c in text if unicodedata.category(c) != "Cf" and c != "\u00ad").lower()


def _digits_pattern(phone: str) -> re.Pattern[str]:
    digits = re.sub(r"\D", "", phone).removeprefix("00")
    return re.compile(r"[ .\-()/]{0,3}".join(digits))


@dataclass(frozen=True)
class Planted:
    """What ``write_hostile_exports`` wrote: its files and the number of rows each must reject."""

    files: tuple[Path, ...]
    rejected: dict[str, int]


BRANDWATCH_HEADER = [  # as tests/cases/brandwatch/, plus a column the format does not know
    "Query Id", "Query Name", "Date", "Title", "Snippet", "Full Text", "Url", "Domain", "Sentiment", "Page Type",
    "Thread Entry Type", "Language", "Country Code", "Author", "Full Name", "Thread Id", "X Followers", "Likes",
    "Comments", "Shares", "Notas internas",
]  # fmt: skip
INBOX_HEADER = ["platform", "conversation_id", "message_id", "sent_at", "from", "text", "automated"]
META_HEADER = [  # as tests/cases/meta_posts/ (Facebook)
    "Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)", "Publish time", "Caption type",
    "Permalink", "Is crosspost", "Is share", "Post type", "Languages", "Custom labels", "Funded content status",
    "Data comment", "Date", "Views", "Reach", "Reactions, Comments and Shares", "Reactions", "Comments", "Shares",
    "Total clicks", "Other Clicks", "Matched Audience Targeting Consumption (Photo Click)",
]  # fmt: skip


def _csv(header: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_hostile_exports(folder: Path, day: date = date(2026, 5, 12)) -> Planted:
    """Write the three hostile exports into ``folder`` (created): every planted form is in loaded rows, and personal
    data is the very value that makes other rows rejected. ``day`` dates the rows."""
    folder.mkdir(parents=True, exist_ok=True)
    bodies = texts()
    files = (
        _brandwatch(folder / f"brandwatch_hostile_{day:%Y-%m-%d}.csv", bodies, day),
        _inbox(folder / "inbox_hostile.csv", bodies, day),
        _meta(folder / f"{day:%b-%d-%Y}_{day:%b-%d-%Y}_100044455566677.csv", bodies, day),
    )
    return Planted(tuple(f for f, _ in files), {f.name: n for f, n in files})


def _brandwatch(path: Path, bodies: list[str], day: date) -> tuple[Path, int]:
    statuses = [f"https://x.com/{h}/status/{1799000000000000000 + i}" for i, h in enumerate(HANDLES)]
    links = [*PROFILE_LINKS, *statuses]
    rows = [
        {
            "Query Id": "2001234567",
            "Query Name": "Acme - hostile",
            "Date": f"{day} {9 + i % 10:02d}:{i % 60:02d}:00.0",
            "Snippet": body[:40],
            "Full Text": body,
            "Url": links[i % len(links)],
            "Domain": "x.com",
            "Sentiment": "positive",
            "Page Type": "twitter",
            "Thread Entry Type": "post",
            "Language": "es",
            "Country Code": "ESP",
            "Author": HANDLE_FORMS[i % len(HANDLE_FORMS)],
            "Full Name": NAMES[i % len(NAMES)],
            "X Followers": str(100 + i),
            "Likes": "1",
            "Comments": "0",
            "Shares": "0",
            "Notas internas": f"llamar a {PHONES[i % len(PHONES)]}, {NAMES[0]}",
        }
        for i, body in enumerate(bodies)
    ]
    rejected = [  # the value that breaks the row is itself personal data
        {**rows[0], "Date": f"ayer con @{HANDLE} {NAMES[0]}"},
        {**rows[1], "X Followers": EMAIL},  # an email in a numeric column
        {**rows[2], "Url": ""},
        {**rows[3], "Page Type": PHONES[0], "Domain": f"instagram.com/{PROFILE_HANDLES['instagram']}"},
    ]
    meta = "Report:\nBulk Mentions Download\nBrand:\nAcme\nLabel:\n\n"
    path.write_text(meta + _csv(BRANDWATCH_HEADER, rows + rejected), encoding="utf-8")
    return path, len(rejected)


def _inbox(path: Path, bodies: list[str], day: date) -> tuple[Path, int]:
    senders = [*HANDLE_FORMS, EMAIL, PHONES[0]]
    rows = [
        {
            "platform": "instagram",
            # a WhatsApp-style conversation id is the customer's number
            "conversation_id": f"{PHONES[i % len(PHONES)].replace(' ', '')}@s.whatsapp.net" if i % 3 else f"hc{i}",
            "message_id": f"hm{i}",
            "sent_at": f"{day}T{9 + i % 10:02d}:{i % 60:02d}:00+02:00",
            "from": senders[i % len(senders)],
            "text": body,
            "automated": "false",
        }
        for i, body in enumerate(bodies)
    ]
    rejected = [
        {**rows[0], "message_id": "hm90", "sent_at": f"mañana, @{HANDLE} {NAMES[1]}"},
        {**rows[1], "message_id": "hm91", "platform": EMAIL},
        {**rows[2], "message_id": "hm92", "sent_at": f"{day}T10:00:00"},  # no offset
        {**rows[3], "message_id": "hm93", "automated": PHONES[2]},
    ]
    text = _csv(INBOX_HEADER, rows + rejected)
    # A record the CSV reader cannot split (one field too many): none of its text may be kept.
    text += f"instagram,hc94,hm94,{day}T10:00:00+02:00,@{HANDLE},{EMAIL} {PHONES[3]},false,{NAMES[0]}\n"
    path.write_text(text, encoding="utf-8")
    return path, len(rejected) + 1


def _meta(path: Path, bodies: list[str], day: date) -> tuple[Path, int]:
    rows = [
        {
            "Post ID": str(1122334455668800 + i),
            "Page ID": "100044455566677",
            "Page name": "Acme",
            "Description": f"Gracias por la foto {body}",
            "Duration (sec)": "0",
            "Publish time": f"{day:%m/%d/%Y} {9 + i % 10:02d}:{i % 60:02d}",
            "Caption type": "N/A",
            # the Page's own permalink stays; one naming someone else loses the name
            "Permalink": f"https://www.facebook.com/{'acme' if i % 2 else PROFILE_HANDLES['facebook']}/posts/p{i}",
            "Is crosspost": "0",
            "Is share": "0",
            "Post type": "Photos",
            "Date": "Lifetime",
            **dict.fromkeys(("Views", "Reach", "Reactions, Comments and Shares", "Reactions", "Comments"), "3"),
            **dict.fromkeys(("Shares", "Total clicks", "Other Clicks"), "1"),
            "Matched Audience Targeting Consumption (Photo Click)": "1",
        }
        for i, body in enumerate(bodies)
    ]
    rejected = [
        {**rows[0], "Publish time": f"ayer @{HANDLE} {NAMES[0]}"},
        {**rows[1], "Reactions": EMAIL},
        {**rows[2], "Comments": PHONES[4]},
    ]
    path.write_text("\ufeff" + _csv(META_HEADER, rows + rejected), encoding="utf-8")
    return path, len(rejected)
