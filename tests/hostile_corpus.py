"""The hostile corpus: broken, oddly encoded and malicious export files, built from the real-layout fixtures in
tests/cases/ (their preambles, headers and row shapes), each with the outcome the ingest must give it.

Every case writes its files into an empty exports folder and returns, per file, what load_log and rejects must say.
Large cases (bombs, a 50 MB cell, 10,000 columns) are generated at test time, never committed.
test_hostile_corpus.py runs each case through `social-health ingest` in a subprocess of its own.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import shutil
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from conftest import CASES

MIB = 1 << 20


@dataclass(frozen=True)
class Expect:
    status: str  # load_log.status: loaded | failed | skipped
    loaded: int = 0
    rejected: int = 0
    reasons: tuple[str, ...] = ()  # each is part of some reject reason of the file
    message: str | None = None  # part of load_log.message (failed files: the one line the user reads)
    encoding: str | None = None  # load_log.encoding starts with it
    texts: tuple[str, ...] = ()  # text that must be found, decoded right, in the file's table


Build = Callable[[Path], dict[str, Expect]]
CORPUS: dict[str, Build] = {}


def case(build: Build) -> Build:
    CORPUS[build.__name__] = build
    return build


# ---- real layouts -----------------------------------------------------------------------------------------------

BW_FIXTURE = (CASES / "brandwatch/brandwatch_acme_2026-05-12.csv").read_text(encoding="utf-8").splitlines()
BW_PREAMBLE = "\n".join(BW_FIXTURE[:7])  # "Report:", ..., the header line
BW_HEADER = BW_FIXTURE[6].split(",")


def bw_row(i: int, followers: str = "812", text: str = "Me encanta el pan de Acme, perché è buono") -> list[str]:
    url = f"https://x.com/user{i}/status/17900000000{i:08d}"
    return ["2001234567", "Acme - core", "2026-05-12 09:14:00.0", "", f"Snippet {i}", text, url, "x.com",
            "positive", "twitter", "post", "es", "ESP", f"user{i}", f"Name {i}", f"17900000000{i:08d}", followers,
            "3", "0", "0"]  # fmt: skip


def csv_text(rows: list[list[str]], newline: str = "\n") -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(rows)
    return out.getvalue()


def brandwatch(rows: list[list[str]], newline: str = "\n") -> str:
    return BW_PREAMBLE.replace("\n", newline) + newline + csv_text(rows, newline)


INBOX_HEADER = ["platform", "conversation_id", "message_id", "sent_at", "from", "text", "automated"]


def inbox_row(i: int, sent: str = "2026-05-12T09:14:00+02:00", text: str = "Hola, ¿tenéis talla M?") -> list[str]:
    return ["instagram", f"c{i}", f"m{i}", sent, f"user{i}", text, "false"]


def inbox(rows: list[list[str]], newline: str = "\n") -> str:
    return csv_text([INBOX_HEADER, *rows], newline)


SHOP_FIXTURE = list(csv.reader(io.StringIO((CASES / "shopify_orders/orders_export_1.csv").read_text("utf-8"))))
SHOP_HEADER = SHOP_FIXTURE[0]


def shop_row(i: int, total: str = "54.90", created: str = "2026-03-30 09:15:00 +0200") -> list[str]:
    row = dict(zip(SHOP_HEADER, SHOP_FIXTURE[1], strict=True))
    row.update({"Name": f"#20{i:02d}", "Id": f"60123456{i:05d}", "Total": total, "Created at": created,
                "Paid at": created})  # fmt: skip
    return [row[h] for h in SHOP_HEADER]


def shopify(rows: list[list[str]]) -> str:
    return csv_text([SHOP_HEADER, *rows])


ARCHIVE = CASES / "x_archive/twitter-2026-05-20-acme/data"


def tweet(i: int, likes: str = "17", retweets: str = "2") -> dict[str, object]:
    fields = {"id_str": f"17900000000{i:08d}", "created_at": "Fri May 15 09:10:58 +0000 2026"}
    fields |= {"full_text": f"Pan nuevo {i} &amp; más", "favorite_count": likes, "retweet_count": retweets}
    return {"tweet": fields}


def x_archive(exports: Path, body: str) -> str:
    """An archive folder with the fixture's manifest.js and account.js; ``body`` is data/tweets.js. Returns its path
    relative to the exports folder."""
    data = exports / "twitter-2026-05-20-acme" / "data"
    data.mkdir(parents=True)
    for name in ("manifest.js", "account.js"):
        shutil.copy(ARCHIVE / name, data / name)
    (data / "tweets.js").write_text(body, encoding="utf-8")
    return "twitter-2026-05-20-acme/data/tweets.js"


def tweets_js(tweets: list[dict[str, object]]) -> str:
    return "window.YTD.tweets.part0 = " + json.dumps(tweets, indent=2) + "\n"


GA4_LINES = (CASES / "ga4_bigquery_events/events_20260511.jsonl").read_bytes()
SKIPPED_SIDE_FILES = {
    "twitter-2026-05-20-acme/data/manifest.js": Expect("skipped"),
    "twitter-2026-05-20-acme/data/account.js": Expect("skipped"),
}


def _write(exports: Path, name: str, data: str | bytes, encoding: str = "utf-8") -> str:
    path = exports / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_bytes(data.encode(encoding))
    else:
        path.write_bytes(data)
    return name


GOOD_INBOX = "inbox_good.csv"


def _with_good_inbox(exports: Path, expected: dict[str, Expect]) -> dict[str, Expect]:
    """A good file beside the hostile one: it must load whatever the other does."""
    _write(exports, GOOD_INBOX, inbox([inbox_row(900 + i) for i in range(3)]))
    return {**expected, GOOD_INBOX: Expect("loaded", loaded=3, encoding="utf-8")}


# ---- numbers: one rule for counts and amounts ------------------------------------------------------------------


def _bw_bad_followers(exports: Path, value: str, reason: str) -> dict[str, Expect]:
    rows = [bw_row(1), bw_row(2, followers=value), bw_row(3, followers="1,204")]
    name = _write(exports, "brandwatch_acme.csv", brandwatch(rows))
    return {name: Expect("loaded", loaded=2, rejected=1, reasons=(f"X Followers {reason}",))}


@case
def bw_nan_followers(exports: Path) -> dict[str, Expect]:
    return _bw_bad_followers(exports, "NaN", "is not a whole number of 0 or more")


@case
def bw_inf_followers(exports: Path) -> dict[str, Expect]:
    return _bw_bad_followers(exports, "inf", "is not a whole number of 0 or more")


@case
def bw_26_digit_followers(exports: Path) -> dict[str, Expect]:
    return _bw_bad_followers(exports, "1" * 26, "is too large for a count")


@case
def bw_negative_followers(exports: Path) -> dict[str, Expect]:
    return _bw_bad_followers(exports, "-5", "is not a whole number of 0 or more")


@case
def bw_fractional_followers(exports: Path) -> dict[str, Expect]:
    return _bw_bad_followers(exports, "12.5", "is not a whole number of 0 or more")


@case
def bw_1e308_followers(exports: Path) -> dict[str, Expect]:
    return _bw_bad_followers(exports, "1e308", "is not a whole number of 0 or more")


def _x_bad_count(exports: Path, likes: str, reason: str) -> dict[str, Expect]:
    name = x_archive(exports, tweets_js([tweet(1), tweet(2, likes=likes), tweet(3)]))
    return {name: Expect("loaded", loaded=2, rejected=1, reasons=(f"favorite_count {reason}",)), **SKIPPED_SIDE_FILES}


@case
def x_nan_likes(exports: Path) -> dict[str, Expect]:
    return _x_bad_count(exports, "NaN", "is not a whole number of 0 or more")


@case
def x_inf_likes(exports: Path) -> dict[str, Expect]:
    return _x_bad_count(exports, "inf", "is not a whole number of 0 or more")


@case
def x_26_digit_likes(exports: Path) -> dict[str, Expect]:
    return _x_bad_count(exports, "9" * 26, "is too large for a count")


def _shop_bad(exports: Path, reason: str, **bad: str) -> dict[str, Expect]:
    name = _write(exports, "orders_export_1.csv", shopify([shop_row(1), shop_row(2, **bad), shop_row(3)]))
    return {name: Expect("loaded", loaded=2, rejected=1, reasons=(reason,))}


@case
def shop_total_nan(exports: Path) -> dict[str, Expect]:
    return _shop_bad(exports, "Total is not a decimal number of 0 or more", total="NaN")


@case
def shop_total_1e308(exports: Path) -> dict[str, Expect]:
    return _shop_bad(exports, "Total is not a decimal number of 0 or more", total="1e308")


@case
def shop_total_40_digits(exports: Path) -> dict[str, Expect]:
    return _shop_bad(exports, "Total is too large for an amount", total="4" * 40)


@case
def shop_total_negative(exports: Path) -> dict[str, Expect]:
    return _shop_bad(exports, "Total is negative", total="-54.90")


@case
def shop_order_1900(exports: Path) -> dict[str, Expect]:
    return _shop_bad(exports, "Created at is before 1990-01-01", created="1900-03-30 09:15:00 +0200")


@case
def shop_order_2100(exports: Path) -> dict[str, Expect]:
    return _shop_bad(exports, "Created at is after ", created="2100-03-30 09:15:00 +0200")


# ---- implausible times ------------------------------------------------------------------------------------------


def _inbox_year(exports: Path, sent: str, reason: str) -> dict[str, Expect]:
    name = _write(exports, "inbox.csv", inbox([inbox_row(1), inbox_row(2, sent=sent), inbox_row(3)]))
    return {name: Expect("loaded", loaded=2, rejected=1, reasons=(reason,))}


@case
def inbox_year_0001(exports: Path) -> dict[str, Expect]:
    return _inbox_year(exports, "0001-05-12T09:14:00+02:00", "sent_at is before 2010-10-06")


@case
def inbox_year_1900(exports: Path) -> dict[str, Expect]:
    return _inbox_year(exports, "1900-05-12T09:14:00+02:00", "sent_at is before 2010-10-06")


@case
def inbox_year_2100(exports: Path) -> dict[str, Expect]:
    return _inbox_year(exports, "2100-05-12T09:14:00+02:00", "sent_at is after ")


@case
def inbox_year_99999(exports: Path) -> dict[str, Expect]:
    return _inbox_year(exports, "99999-05-12T09:14:00+02:00", "sent_at is after ")


# ---- containers and bombs --------------------------------------------------------------------------------------


@case
def json_gz_not_gzip(exports: Path) -> dict[str, Expect]:
    """A download that saved the server's HTML error page under the export's name."""
    page = "<!DOCTYPE html><html><body><h1>403 Forbidden</h1><p>Request has expired</p></body></html>\n"
    name = _write(exports, "events_20260511.json.gz", page)
    return _with_good_inbox(exports, {name: Expect("failed", message="not a known export format")})


@case
def json_gz_plain_json(exports: Path) -> dict[str, Expect]:
    """GA4 events never gzipped, named .json.gz: the content decides, so it loads."""
    name = _write(exports, "events_20260511.json.gz", GA4_LINES)
    return {name: Expect("loaded", loaded=13, rejected=4)}  # the fixture's own 4 rejects (test_ga4_bigquery.py)


@case
def gzip_truncated(exports: Path) -> dict[str, Expect]:
    packed = gzip.compress(GA4_LINES * 20)
    name = _write(exports, "events_20260511.json.gz", packed[: len(packed) // 2])
    return _with_good_inbox(exports, {name: Expect("failed", message="is a truncated gzip file")})


@case
def gzip_magic_then_garbage(exports: Path) -> dict[str, Expect]:
    name = _write(exports, "events_20260511.json.gz", b"\x1f\x8b" + random.Random(1).randbytes(5000))
    return _with_good_inbox(exports, {name: Expect("failed", message="starts like a gzip file but is damaged")})


def _deflated(size: int, block: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip wrapper
    chunk = block * (MIB // len(block))
    out = [packer.compress(chunk) for _ in range(size // MIB)]
    return b"".join([*out, packer.flush()])


@case
def gzip_bomb(exports: Path) -> dict[str, Expect]:
    """1 GiB of zeros in 1 MB: refused once 200 times its size has been read, in 1 MiB chunks."""
    name = _write(exports, "events_20260511.json.gz", _deflated(1024 * MIB, b"\x00"))
    return _with_good_inbox(exports, {name: Expect("failed", message="a gzip bomb")})


def _zip(path: Path, parts: dict[str, bytes | tuple[int, bytes]]) -> None:
    """A zip file; a (size, block) part is streamed: ``block`` repeated to ``size`` bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            if isinstance(data, bytes):
                archive.writestr(name, data)
                continue
            size, block = data
            with archive.open(name, "w", force_zip64=True) as handle:
                chunk = block * (MIB // len(block))
                for _ in range(size // MIB):
                    handle.write(chunk)


SHEET_TOO_BIG = "MiB, past the 512 MiB a workbook may hold; export the data as CSV"
UNZIP = "a zip archive (unzip it into the exports folder)"
CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
ROW = b'<row><c t="inlineStr"><is><t>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</t></is></c></row>'


@case
def xlsx_bomb_1_5_gb(exports: Path) -> dict[str, Expect]:
    """The review's case: a few MB whose worksheet expands to 1.5 GB (declared in the zip's directory)."""
    path = exports / "brandwatch_acme.xlsx"
    _zip(path, {"[Content_Types].xml": CONTENT_TYPES, "xl/worksheets/sheet1.xml": (1536 * MIB, ROW)})
    return _with_good_inbox(exports, {path.name: Expect("failed", message=SHEET_TOO_BIG)})


@case
def xlsx_ratio_bomb(exports: Path) -> dict[str, Expect]:
    """Smaller than the size limit, but 300 MiB from about 1 MB: only a bomb compresses that much."""
    path = exports / "orders.xlsx"
    _zip(path, {"[Content_Types].xml": CONTENT_TYPES, "xl/worksheets/sheet1.xml": (300 * MIB, ROW)})
    return _with_good_inbox(exports, {path.name: Expect("failed", message="a zip bomb")})


@case
def zip_bomb(exports: Path) -> dict[str, Expect]:
    """A plain .zip (no workbook): never opened beyond its directory, said to be an archive to unzip."""
    path = exports / "exports_may.zip"
    _zip(path, {"inbox.csv": (1024 * MIB, b"\x00")})
    return _with_good_inbox(exports, {path.name: Expect("failed", message=UNZIP)})


def _real_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [INBOX_HEADER, *(inbox_row(i) for i in range(200))]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@case
def xlsx_inbox_good(exports: Path) -> dict[str, Expect]:
    name = _write(exports, "inbox.xlsx", _real_xlsx())
    return {name: Expect("loaded", loaded=200)}


@case
def xlsx_truncated(exports: Path) -> dict[str, Expect]:
    data = _real_xlsx()
    name = _write(exports, "inbox.xlsx", data[: len(data) // 2])
    return _with_good_inbox(exports, {name: Expect("failed", message="is damaged or truncated")})


@case
def xlsx_that_is_random_bytes(exports: Path) -> dict[str, Expect]:
    name = _write(exports, "report.xlsx", random.Random(2).randbytes(20000))
    return _with_good_inbox(exports, {name: Expect("failed", message="not a known export format")})


@case
def xlsx_corrupted_part(exports: Path) -> dict[str, Expect]:
    """Bytes flipped inside the compressed worksheet: the CRC check says so before calamine reads it."""
    data = bytearray(_real_xlsx())
    at = data.find(b"xl/worksheets/sheet1.xml") + 200
    data[at : at + 64] = bytes(64)
    name = _write(exports, "inbox.xlsx", bytes(data))
    return _with_good_inbox(exports, {name: Expect("failed", message="is a damaged workbook")})


@case
def x_archive_truncated_array(exports: Path) -> dict[str, Expect]:
    body = tweets_js([tweet(1), tweet(2)])
    name = x_archive(exports, body[: len(body) * 2 // 3])
    return {name: Expect("failed", message="JSON is broken"), **SKIPPED_SIDE_FILES}


@case
def x_archive_assignment_only(exports: Path) -> dict[str, Expect]:
    name = x_archive(exports, "window.YTD.tweets.part0 = [\n")
    return {name: Expect("failed", message="JSON is broken"), **SKIPPED_SIDE_FILES}


@case
def x_archive_object_not_array(exports: Path) -> dict[str, Expect]:
    name = x_archive(exports, "window.YTD.tweets.part0 = " + json.dumps(tweet(1)) + ";\n")
    return {name: Expect("failed", message="JSON is broken"), **SKIPPED_SIDE_FILES}


@case
def x_archive_code_after_array(exports: Path) -> dict[str, Expect]:
    name = x_archive(exports, tweets_js([tweet(1)]) + "; alert(document.cookie)\n")
    return {name: Expect("failed", message="JSON is broken"), **SKIPPED_SIDE_FILES}


@case
def x_archive_empty_array(exports: Path) -> dict[str, Expect]:
    name = x_archive(exports, "window.YTD.tweets.part0 = [ ]\n")
    return {name: Expect("loaded", loaded=0), **SKIPPED_SIDE_FILES}


# ---- encodings, NUL bytes, line endings ------------------------------------------------------------------------

ACCENTS = "Canción, ñandú y perché: ¡qué rico el pan! Più caffè, però"


@case
def bw_windows_1252(exports: Path) -> dict[str, Expect]:
    """Excel's "CSV" on a Spanish Windows: cp1252, with the euro sign and curly quotes only it has."""
    text = ACCENTS + " \u2013 \u201c5 \u20ac\u201d"  # en dash, curly quotes, euro: bytes 0x80-0x9F in cp1252
    name = _write(exports, "brandwatch_acme.csv", brandwatch([bw_row(i, text=text) for i in range(5)]), "cp1252")
    return {name: Expect("loaded", loaded=5, encoding="cp1252", texts=(text,))}


@case
def inbox_latin_1(exports: Path) -> dict[str, Expect]:
    """ISO-8859-1 without any byte Windows-1252 reads differently: either name reads it right."""
    name = _write(exports, "inbox.csv", inbox([inbox_row(i, text=ACCENTS) for i in range(5)]), "latin-1")
    return {name: Expect("loaded", loaded=5, encoding="", texts=(ACCENTS,))}


@case
def inbox_utf16_le_bom(exports: Path) -> dict[str, Expect]:
    """Excel's "Unicode text": UTF-16 LE with a BOM (comma-separated here, as the inbox format is)."""
    data = b"\xff\xfe" + inbox([inbox_row(i, text=ACCENTS) for i in range(5)], "\r\n").encode("utf-16-le")
    name = _write(exports, "inbox.csv", data)
    return {name: Expect("loaded", loaded=5, encoding="utf-16-le (BOM)", texts=(ACCENTS,))}


@case
def inbox_utf16_be_bom(exports: Path) -> dict[str, Expect]:
    data = b"\xfe\xff" + inbox([inbox_row(i, text=ACCENTS) for i in range(5)]).encode("utf-16-be")
    name = _write(exports, "inbox.csv", data)
    return {name: Expect("loaded", loaded=5, encoding="utf-16-be (BOM)", texts=(ACCENTS,))}


@case
def inbox_utf8_bom(exports: Path) -> dict[str, Expect]:
    name = _write(exports, "inbox.csv", "\ufeff" + inbox([inbox_row(i, text=ACCENTS) for i in range(5)]))
    return {name: Expect("loaded", loaded=5, encoding="utf-8 (BOM)", texts=(ACCENTS,))}


@case
def bw_utf16_fixture(exports: Path) -> dict[str, Expect]:
    """The committed UTF-16 Brandwatch fixture (tab-separated, as Brandwatch writes it) still loads."""
    shutil.copy(CASES / "brandwatch/brandwatch_acme_utf16.csv", exports / "brandwatch_acme_utf16.csv")
    return {"brandwatch_acme_utf16.csv": Expect("loaded", loaded=2, rejected=1, encoding="utf-16-le (BOM)")}


@case
def encoding_cannot_be_told(exports: Path) -> dict[str, Expect]:
    """A header in ASCII, then bytes no Western encoding makes sense of (C1 controls and symbols at random)."""
    noise = bytes(random.Random(3).choice([*range(0x80, 0xA0), *range(0xA4, 0xC0)]) for _ in range(30000))
    data = inbox([]).encode() + b"\n".join(noise[i : i + 60] for i in range(0, len(noise), 60))
    name = _write(exports, "inbox.csv", data)
    return _with_good_inbox(exports, {name: Expect("failed", message="encoding cannot be told (tried UTF-8, UTF-16")})


@case
def utf16_lone_surrogate(exports: Path) -> dict[str, Expect]:
    """A UTF-16 record holding half a surrogate pair (a cut emoji): that record is rejected, the others load."""
    good = inbox([inbox_row(i, text=ACCENTS) for i in range(4)]).encode("utf-16-le")
    bad = "instagram,c9,m9,2026-05-12T09:14:00+02:00,user9,cut ".encode("utf-16-le") + b"\x3d\xd8"
    data = b"\xff\xfe" + good + bad + " emoji,false\n".encode("utf-16-le")
    name = _write(exports, "inbox.csv", data)
    return {name: Expect("loaded", loaded=4, rejected=1, reasons=("not valid text",), encoding="utf-16-le")}


@case
def latin1_c1_control_byte(exports: Path) -> dict[str, Expect]:
    """Byte 0x81 is no character in Windows-1252, so the file is read as Latin-1 (where it is a control)."""
    good = inbox([inbox_row(i, text=ACCENTS) for i in range(4)]).encode("latin-1")
    data = good + b"instagram,c9,m9,2026-05-12T09:14:00+02:00,user9,odd \x81 byte \xe9,false\n"
    name = _write(exports, "inbox.csv", data)
    return {name: Expect("loaded", loaded=5, encoding="iso8859-1", texts=(ACCENTS,))}


@case
def utf8_with_one_latin1_row(exports: Path) -> dict[str, Expect]:
    """A UTF-8 file with a row pasted from a Latin-1 one: the file stays UTF-8 and that row is a reject."""
    data = (
        inbox([inbox_row(i, text=ACCENTS) for i in range(4)]).encode()
        + ",".join(inbox_row(9, text="caf\xe9")).encode("latin-1")
        + b"\n"
    )
    name = _write(exports, "inbox.csv", data)
    return {name: Expect("loaded", loaded=4, rejected=1, reasons=("not valid text",), encoding="utf-8")}


@case
def nul_byte_in_first_4k(exports: Path) -> dict[str, Expect]:
    rows = [inbox_row(i) for i in range(5)]
    rows[1][5] = "Hola\x00 a todos"
    name = _write(exports, "inbox.csv", inbox(rows))
    return {name: Expect("loaded", loaded=5, texts=("Hola a todos",))}


@case
def nul_bytes_in_header(exports: Path) -> dict[str, Expect]:
    name = _write(exports, "inbox.csv", inbox([inbox_row(i) for i in range(3)]).replace("sent_at", "sent\x00_at"))
    return {name: Expect("loaded", loaded=3)}


@case
def mixed_crlf_and_lf(exports: Path) -> dict[str, Expect]:
    """Two downloads concatenated: the first with CRLF line endings, the second with LF (and a quoted line break)."""
    first = inbox([inbox_row(i) for i in range(3)], "\r\n")
    second = csv_text([inbox_row(10 + i, text="línea uno\nlínea dos") for i in range(3)])
    name = _write(exports, "inbox.csv", first + second)
    return {name: Expect("loaded", loaded=6, texts=("línea uno\nlínea dos",))}


@case
def crlf_records_with_lf_in_cells(exports: Path) -> dict[str, Expect]:
    """What Excel writes: CRLF between records, LF inside a quoted cell."""
    name = _write(exports, "inbox.csv", inbox([inbox_row(i, text="uno\ndos") for i in range(4)], "\r\n"))
    return {name: Expect("loaded", loaded=4, texts=("uno\ndos",))}


@case
def bom_in_the_middle(exports: Path) -> dict[str, Expect]:
    """Two UTF-8-with-BOM files concatenated: the second BOM starts a record, whose platform it then spoils."""
    first = "\ufeff" + inbox([inbox_row(1), inbox_row(2)])
    second = "\ufeff" + csv_text([inbox_row(3)])
    name = _write(exports, "inbox.csv", first + second)
    return {name: Expect("loaded", loaded=2, rejected=1, reasons=("platform is not one of",))}


# ---- structure: empty, truncated, oversized --------------------------------------------------------------------


@case
def empty_file(exports: Path) -> dict[str, Expect]:
    name = _write(exports, "inbox.csv", b"")
    return _with_good_inbox(exports, {name: Expect("failed", message="not a known export format")})


@case
def header_only(exports: Path) -> dict[str, Expect]:
    name = _write(exports, "inbox.csv", inbox([]))
    return {name: Expect("loaded", loaded=0)}


@case
def header_only_no_newline(exports: Path) -> dict[str, Expect]:
    name = _write(exports, "inbox.csv", ",".join(INBOX_HEADER))
    return {name: Expect("loaded", loaded=0)}


@case
def truncated_mid_quote(exports: Path) -> dict[str, Expect]:
    """A download cut inside the last record's quoted text: that record is a reject, the rest load."""
    text = inbox([inbox_row(i, text="uno, dos") for i in range(4)])
    name = _write(exports, "inbox.csv", text[: text.rindex("uno") + 2])
    return {name: Expect("loaded", loaded=3, rejected=1, reasons=("unreadable CSV record",))}


@case
def truncated_mid_record(exports: Path) -> dict[str, Expect]:
    text = inbox([inbox_row(i) for i in range(4)])
    name = _write(exports, "inbox.csv", text[: text.rindex("user3")])
    return {name: Expect("loaded", loaded=3, rejected=1, reasons=("fewer fields than the header",))}


@case
def duplicated_header_columns(exports: Path) -> dict[str, Expect]:
    """A column pasted twice: the first is read, the copy is reported as unknown, nothing shifts."""
    rows = [[*bw_row(i, followers="7"), "copia"] for i in range(3)]
    name = _write(exports, "brandwatch_acme.csv", BW_PREAMBLE + ",X Followers\n" + csv_text(rows))
    return {name: Expect("loaded", loaded=3)}


@case
def duplicated_inbox_column(exports: Path) -> dict[str, Expect]:
    """The inbox format is exactly its seven columns: an eighth is not it, and the message says which is closest."""
    rows = [[*INBOX_HEADER, "text"], *([*inbox_row(i), "copia"] for i in range(3))]
    name = _write(exports, "inbox.csv", csv_text(rows))
    return {name: Expect("failed", message="closest: Inbox conversations (generic CSV)")}


@case
def header_repeated_as_a_row(exports: Path) -> dict[str, Expect]:
    """Two exports concatenated with both headers: the second header is a record, rejected for its values."""
    name = _write(exports, "inbox.csv", inbox([inbox_row(1), INBOX_HEADER, inbox_row(2)]))
    return {name: Expect("loaded", loaded=2, rejected=1, reasons=("platform is not one of",))}


def _wide_brandwatch(exports: Path, columns: int) -> str:
    extra = [f"c{i}" for i in range(columns - len(BW_HEADER))]
    rows = [[*bw_row(i), *("x" for _ in extra)] for i in range(20)]
    return _write(exports, "brandwatch_acme.csv", BW_PREAMBLE + "," + ",".join(extra) + "\n" + csv_text(rows))


@case
def ten_thousand_columns(exports: Path) -> dict[str, Expect]:
    """Recognised by its first columns, refused for its width in one line (DuckDB 2.0 itself crashes on it)."""
    name = _wide_brandwatch(exports, 10_000)
    return _with_good_inbox(exports, {name: Expect("failed", message="its header has 10000 columns, more than the")})


@case
def a_thousand_columns(exports: Path) -> dict[str, Expect]:
    return {_wide_brandwatch(exports, 1000): Expect("loaded", loaded=20)}


@case
def header_longer_than_the_probe(exports: Path) -> dict[str, Expect]:
    """10,000 long column names (150 KB of header): the format cannot be told from the first 64 KiB, said in a line."""
    extra = [f"Custom field number {i}" for i in range(10_000)]
    name = _write(exports, "brandwatch_acme.csv", BW_PREAMBLE + "," + ",".join(extra) + "\n" + csv_text([bw_row(1)]))
    return _with_good_inbox(exports, {name: Expect("failed", message="not a known export format")})


@case
def fifty_mb_cell(exports: Path) -> dict[str, Expect]:
    """One message of 50 MB in one quoted cell: longer than the reader accepts, so that record alone is a reject."""
    path = exports / "inbox.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write(inbox([inbox_row(1), inbox_row(2)]))
        out.write('instagram,c3,m3,2026-05-12T09:14:00+02:00,user3,"')
        for _ in range(50):
            out.write("ñ" * (MIB // 2))
        out.write('",false\n')
        out.write(csv_text([inbox_row(4)]))
    return {path.name: Expect("loaded", loaded=3, rejected=1, reasons=("longer than the reader accepts",))}


@case
def fields_beyond_the_header(exports: Path) -> dict[str, Expect]:
    rows = [inbox_row(1), [*inbox_row(2), "extra"], inbox_row(3)]
    name = _write(exports, "inbox.csv", inbox(rows))
    return {name: Expect("loaded", loaded=2, rejected=1, reasons=("more fields than the header",))}


@case
def random_binary(exports: Path) -> dict[str, Expect]:
    name = _write(exports, "export.csv", random.Random(4).randbytes(50000))
    return _with_good_inbox(exports, {name: Expect("failed", message="not a known export format")})


@case
def pdf_in_exports(exports: Path) -> dict[str, Expect]:
    name = _write(exports, "report.csv", b"%PDF-1.7\n" + random.Random(5).randbytes(3000))
    return _with_good_inbox(exports, {name: Expect("failed", message="a PDF document, not data")})
