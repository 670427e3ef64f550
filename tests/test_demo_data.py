"""The demo's exports (pipeline/demo): deterministic bytes, the real formats of the shared reference
export-formats.md (§1a X archive, §2a/§2b Meta Business Suite, §4a Brandwatch, §5a GA4, §6a Shopify, the generic inbox
CSV), and the story the data must tell, read back from the files themselves."""

from __future__ import annotations

import csv
import io
import json
import re
import statistics
from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pipeline.demo import people as cast
from pipeline.demo.generate import EXPORT_FILES, write_exports

pytestmark = pytest.mark.slow  # generates the demo's exports, twice

YEAR2 = date(2025, 11, 1)
BRAND = {"marea_shop", "marea.shop", "Marea"}
SHOPIFY_HEADER = (  # §6a, copied from the reference
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,"
    "Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,"
    "Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,"
    "Lineitem fulfillment status,Billing Name,Billing Street,Billing Address1,Billing Address2,Billing Company,"
    "Billing City,Billing Zip,Billing Province,Billing Country,Billing Phone,Shipping Name,Shipping Street,"
    "Shipping Address1,Shipping Address2,Shipping Company,Shipping City,Shipping Zip,Shipping Province,"
    "Shipping Country,Shipping Phone,Notes,Note Attributes,Cancelled at,Payment Method,Payment Reference,"
    "Refunded Amount,Vendor,Outstanding Balance,Employee,Location,Device ID,Id,Tags,Risk Level,Source,"
    "Lineitem discount,Tax 1 Name,Tax 1 Value,Tax 2 Name,Tax 2 Value,Tax 3 Name,Tax 3 Value,Tax 4 Name,Tax 4 Value,"
    "Tax 5 Name,Tax 5 Value,Phone,Receipt Number,Duties,Billing Province Name,Shipping Province Name,Payment ID,"
    "Payment Terms Name,Next Payment Due At,Payment References"
)
FACEBOOK_HEADER = (
    '"Post ID","Page ID","Page name",Title,Description,"Duration (sec)","Publish time","Caption type",Permalink,'
    '"Is crosspost","Is share","Post type",Languages,"Custom labels","Funded content status","Data comment",Date,'
    'Views,Reach,"Reactions, Comments and Shares",Reactions,Comments,Shares,"Total clicks","Other Clicks",'
    '"Matched Audience Targeting Consumption (Photo Click)"'
)
INSTAGRAM_HEADER = (
    '"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)","Publish time",'
    'Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,Follows,Comments,Saves'
)
BRANDWATCH_HEADER = (
    "Query Id,Query Name,Date,Title,Snippet,Full Text,Url,Domain,Sentiment,Page Type,Thread Entry Type,Language,"
    "Country Code,Author,Full Name,Thread Id,X Followers,Likes,Comments,Shares"
)
GA4_HEADER = (
    "Session source / medium,Date,Sessions,Engaged sessions,Engagement rate,Average engagement time per session,"
    "Events per session,Event count,Key events,Session key event rate,Total revenue"
)
RECOMMENDS = re.compile(r"recomiendo|recomendad|consiglio|recommend", re.IGNORECASE)
DISCLOSED = re.compile(r"#(ad|publi|adv|sponsored)\b", re.IGNORECASE)
GIFTED = re.compile(r"^(PUBLI|ADV|Ad) \||PR package|omaggio|cedido|my code|mi código|mio codice", re.IGNORECASE)
BW_DATE = "%Y-%m-%d %H:%M:%S.0"
LISTENING = ("listening/brandwatch_mentions_2024-11_2025-10.csv", "listening/brandwatch_mentions_2025-10_2026-10.csv")
INSTAGRAM = ("meta/instagram_posts_2024-11_2025-10.csv", "meta/instagram_posts_2025-09_2026-10.csv")


@pytest.fixture
def exports(demo_exports: Path) -> Path:
    return demo_exports


def _text(exports: Path, name: str) -> str:
    return (exports / name).read_bytes().decode("utf-8-sig")


def _csv(exports: Path, name: str, skip: int = 0) -> list[dict[str, str]]:
    text = _text(exports, name)
    lines = text.split("\n", skip)[-1] if skip else text
    return list(csv.DictReader(io.StringIO(lines, newline="")))


def _mentions(exports: Path) -> list[dict[str, str]]:
    """Both Brandwatch downloads, the October 2025 overlap kept once."""
    seen: dict[str, dict[str, str]] = {}
    for name in LISTENING:
        for row in _csv(exports, name, skip=6):
            seen[row["Url"]] = row
    return [r for r in seen.values() if _bw_date(r) is not None]


def _bw_date(row: dict[str, str]) -> datetime | None:
    try:
        return datetime.strptime(row["Date"], BW_DATE).replace(tzinfo=UTC)
    except ValueError:
        return None


def _meta_time(row: dict[str, str]) -> datetime | None:
    try:
        return datetime.strptime(row["Publish time"], "%m/%d/%Y %H:%M")
    except ValueError:
        return None


def _tweets(exports: Path) -> list[dict[str, object]]:
    text = _text(exports, "x/twitter-archive/data/tweets.js")
    return [item["tweet"] for item in json.loads(text.split("=", 1)[1])]


# --- determinism and files ------------------------------------------------------------------------------------------


def test_every_run_writes_the_same_bytes(exports: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    write_exports(again)
    first = sorted(p.relative_to(exports).as_posix() for p in exports.rglob("*") if p.is_file())
    assert first == sorted(p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file())
    for name in first:
        assert (exports / name).read_bytes() == (again / name).read_bytes(), name


def test_every_expected_file_and_nothing_else(exports: Path) -> None:
    written = sorted(p.relative_to(exports).as_posix() for p in exports.rglob("*") if p.is_file())
    assert written == sorted(EXPORT_FILES)


# --- formats --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("platform", ["facebook", "instagram"])
def test_meta_posts_csv_bytes(exports: Path, platform: str) -> None:
    header = FACEBOOK_HEADER if platform == "facebook" else INSTAGRAM_HEADER
    for period in ("2024-11_2025-10", "2025-09_2026-10"):
        raw = (exports / f"meta/{platform}_posts_{period}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf" + header.encode() + b"\n")
        assert b"\r" not in raw
        rows = _csv(exports, f"meta/{platform}_posts_{period}.csv")
        assert {r["Date"] for r in rows} == {"Lifetime"}
        assert any("\n" in (r.get("Title") or r["Description"]) for r in rows)  # multi-line captions
        bad = [r for r in rows if _meta_time(r) is None or not r["Reach"].isdigit()]
        assert len(bad) == 1
        assert bad[0]["Publish time"].startswith("31/13/") or bad[0]["Reach"] == "n/d"
        assert re.match(r"\d+,\d+,", raw.decode("utf-8-sig").split("\n")[1])  # ids unquoted, as Meta writes them


@pytest.mark.parametrize("platform", ["facebook", "instagram"])
def test_meta_downloads_overlap_and_the_later_one_has_grown(exports: Path, platform: str) -> None:
    old = {r["Post ID"]: r for r in _csv(exports, f"meta/{platform}_posts_2024-11_2025-10.csv")}
    new = {r["Post ID"]: r for r in _csv(exports, f"meta/{platform}_posts_2025-09_2026-10.csv")}
    both = old.keys() & new.keys()
    assert len(both) > 20
    assert all(
        r["Publish time"][:2] in ("09", "10") and r["Publish time"][6:10] == "2025" for r in (old[k] for k in both)
    )
    metric = "Reactions" if platform == "facebook" else "Likes"
    assert all(int(new[k]["Views"]) > int(old[k]["Views"]) for k in both)
    assert sum(int(new[k][metric]) for k in both) > sum(int(old[k][metric]) for k in both)


def test_brandwatch_layout(exports: Path) -> None:
    for name in LISTENING:
        raw = (exports / name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        lines = raw.decode().split("\n")
        assert lines[:7] == ["Report:", "Bulk Mentions Download", "Brand:", "Marea", "Label:", "", BRANDWATCH_HEADER]
        rows = _csv(exports, name, skip=6)
        assert sum(_bw_date(r) is None for r in rows) == 1
        # TikTok comments come from another tool, without sentiment or language (test_tiktok_comments below)
        assert {r["Page Type"] for r in rows} == {"twitter", "instagram", "facebook", "news", "blog", "forum"}
        assert {r["Thread Entry Type"] for r in rows} == {"post", "reply", "share"}
        for r in rows:
            if r["Page Type"] == "twitter":
                assert re.fullmatch(rf"https://x\.com/{re.escape(r['Author'])}/status/\d{{19}}", r["Url"])
            if r["Page Type"] == "instagram":
                assert re.fullmatch(r"https://www\.instagram\.com/p/[A-Za-z0-9]{11}/", r["Url"])
    old = {r["Url"] for r in _csv(exports, "listening/brandwatch_mentions_2024-11_2025-10.csv", skip=6)}
    new = {r["Url"] for r in _csv(exports, "listening/brandwatch_mentions_2025-10_2026-10.csv", skip=6)}
    assert len(old & new) > 300  # October 2025 is in both downloads


def test_tiktok_comments_have_no_sentiment_or_language(exports: Path) -> None:
    raw = (exports / "listening/tiktok_comments_2024-11_2026-10.csv").read_bytes()
    assert raw.startswith(b"Fecha;Red;Autor;Comentario;Enlace\n")
    rows = list(csv.DictReader(io.StringIO(raw.decode(), newline=""), delimiter=";"))
    assert len(rows) > 300 and {r["Red"] for r in rows} == {"TikTok"}
    assert all(re.fullmatch(r"\d\d/\d\d/20\d\d \d\d:\d\d", r["Fecha"]) for r in rows)
    assert all(r["Enlace"].startswith("https://vm.tiktok.com/") for r in rows)


def test_ga4_bytes(exports: Path) -> None:
    raw = (exports / "ga4/ga4_traffic_acquisition_2024-11_2026-10.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and not raw.endswith(b"\n")
    assert raw.count(b"\n") == raw.count(b"\r\n")
    lines = raw.decode().split("\r\n")
    assert [line.startswith("#") for line in lines[:10]] == [True] * 9 + [False]
    assert lines[5] == "# " and lines[7] == "# Start date: 20241101" and lines[8] == "# End date: 20261031"
    assert lines[9] == GA4_HEADER
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[9:]))))
    assert {r["Session source / medium"] for r in rows} >= {
        "google / organic",
        "(direct) / (none)",
        "facebook / paid_social",
        "l.instagram.com / referral",
    }
    assert all(re.fullmatch(r"20\d{6}", r["Date"]) for r in rows)
    assert 9 <= len(rows) / 730 <= 12
    assert all(0 <= float(r["Engagement rate"]) <= 1 and "%" not in r["Engagement rate"] for r in rows)


def test_shopify_orders_bytes(exports: Path) -> None:
    for name in ("shop/orders_export_1.csv", "shop/orders_export_2.csv"):
        raw = (exports / name).read_bytes()
        assert raw.startswith(SHOPIFY_HEADER.encode() + b"\n") and b"\r" not in raw
        rows = list(csv.reader(io.StringIO(raw.decode(), newline="")))
        assert {len(r) for r in rows} == {79}
        records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
        numbers = [int(r["Name"][1:]) for r in records]
        assert numbers == sorted(numbers, reverse=True)  # newest first
        firsts = [r for i, r in enumerate(records) if i == 0 or records[i - 1]["Name"] != r["Name"]]
        continuations = [r for i, r in enumerate(records) if i and records[i - 1]["Name"] == r["Name"]]
        assert continuations and all(r["Financial Status"] == r["Total"] == r["Id"] == "" for r in continuations)
        assert all(re.fullmatch(r"\d{13}", r["Id"]) for r in firsts)
        offsets = {r["Created at"][-5:] for r in records}
        assert offsets == {"+0100", "+0200"}
    rows = _csv(exports, "shop/orders_export_2.csv")
    assert [r["Total"] for r in rows if not re.fullmatch(r"\d+\.\d\d|", r["Total"])] == ["12,50€"]
    old = {r["Id"]: r for r in _csv(exports, "shop/orders_export_1.csv") if r["Id"]}
    new = {r["Id"]: r for r in rows if r["Id"]}
    both = old.keys() & new.keys()  # October 2025 is in both downloads; a later refund shows only in the newer
    assert len(both) > 50
    assert any(old[k]["Financial Status"] == "paid" and new[k]["Financial Status"] == "refunded" for k in both)


def test_x_archive(exports: Path) -> None:
    tweets_js = _text(exports, "x/twitter-archive/data/tweets.js")
    assert tweets_js.startswith('window.YTD.tweets.part0 = [\n  {\n    "tweet" : {') and tweets_js.endswith("\n]")
    manifest = _text(exports, "x/twitter-archive/data/manifest.js")
    config = json.loads(manifest.split("=", 1)[1])
    tweets = _tweets(exports)
    assert config["dataTypes"]["tweets"]["files"] == [
        {"fileName": "data/tweets.js", "globalName": "YTD.tweets.part0", "count": str(len(tweets))}
    ]
    assert config["archiveInfo"]["generationDate"] == "2026-11-01T07:41:12.318Z"
    for tweet in tweets:
        assert all(isinstance(tweet[k], str) for k in ("id", "id_str", "favorite_count", "retweet_count"))
        moment = datetime.strptime(str(tweet["created_at"]), "%a %b %d %H:%M:%S %z %Y")
        ms = (int(str(tweet["id"])) >> 22) + 1288834974657
        assert int(moment.timestamp() * 1000) <= ms < int(moment.timestamp() * 1000) + 1000  # snowflake = its time
        assert not re.search(r"&(?!amp;|lt;|gt;)|[<>]", str(tweet["full_text"]))
        is_reply = "in_reply_to_status_id_str" in tweet
        assert is_reply == ("in_reply_to_screen_name" in tweet) == ("in_reply_to_user_id_str" in tweet)
    texts = [str(t["full_text"]) for t in tweets]
    assert any("&amp;" in t for t in texts) and any("&gt;" in t for t in texts)


def test_inbox_csv(exports: Path) -> None:
    raw = (exports / "inbox/conversations_2024-11_2026-10.csv").read_bytes()
    assert raw.startswith(b"platform,conversation_id,message_id,sent_at,from,text,automated\n")
    rows = _csv(exports, "inbox/conversations_2024-11_2026-10.csv")
    assert {r["platform"] for r in rows} == {"instagram", "facebook", "x"}
    assert {r["automated"] for r in rows} == {"true", "false"}
    naive = [r for r in rows if not re.search(r"[+-]\d\d:\d\d$", r["sent_at"])]
    assert len(naive) == 1 and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", naive[0]["sent_at"])
    assert len({r["message_id"] for r in rows}) == len(rows)


# --- the story ------------------------------------------------------------------------------------------------------


def test_brand_replies_point_at_the_mentions_they_answer(exports: Path) -> None:
    mentions = {r["Url"].rsplit("/", 1)[1]: r for r in _mentions(exports) if r["Page Type"] == "twitter"}
    replies = [t for t in _tweets(exports) if "in_reply_to_status_id_str" in t]
    assert replies
    for reply in replies:
        target = mentions[str(reply["in_reply_to_status_id_str"])]
        assert target["Author"] == reply["in_reply_to_screen_name"]
    # The visible thread: complaint -> brand reply -> the customer's thanks (a reply in the same thread) -> brand reply.
    answered = {str(r["in_reply_to_status_id_str"]) for r in replies}
    threads = [
        m
        for m in mentions.values()
        if m["Thread Entry Type"] == "reply"
        and m["Url"].rsplit("/", 1)[1] in answered
        and m["Thread Id"] in answered
        and mentions[m["Thread Id"]]["Sentiment"] == "negative"
    ]
    assert threads


def test_recommendations_rise_in_year_two(exports: Path) -> None:
    outsiders = set(cast.EMPLOYEES) | set(cast.PARTNERS) | set(cast.BOTS)
    by_year: dict[bool, list[dict[str, str]]] = defaultdict(list)
    for m in _mentions(exports):
        if RECOMMENDS.search(m["Full Text"]) and m["Author"] not in outsiders and not DISCLOSED.search(m["Full Text"]):
            by_year[_date(m) >= YEAR2].append(m)
    assert len(by_year[True]) > 2.5 * len(by_year[False])
    assert len({m["Author"] for m in by_year[True]}) > 1.5 * len({m["Author"] for m in by_year[False]})
    first, last = (
        Counter(_date(m).month for m in by_year[True] if _date(m).month in months)
        for months in ((11, 12, 1), (8, 9, 10))
    )
    assert sum(last.values()) > 2 * sum(first.values())  # rising through year 2, not a one-off jump


def test_paid_creators_fade_and_bots_repeat_themselves(exports: Path) -> None:
    mentions = _mentions(exports)
    paid = Counter(_date(m) >= YEAR2 for m in mentions if DISCLOSED.search(m["Full Text"]))
    assert paid[False] > 5 * paid[True] > 0
    # creators the config does not name as partners disclose gifts, labels and codes: only the classifier sees them
    unlisted = [m for m in mentions if m["Author"] not in cast.PARTNERS and GIFTED.search(m["Full Text"])]
    assert len(unlisted) > 50
    per_bot_day = Counter((m["Author"], _date(m), m["Full Text"]) for m in mentions if m["Author"] in cast.BOTS)
    assert max(per_bot_day.values()) >= 15
    assert {m["Author"] for m in mentions} & set(cast.EMPLOYEES)
    assert Counter(m["Thread Entry Type"] for m in mentions)["share"] > 500


def test_year_one_leaves_people_unanswered_year_two_answers_fast(exports: Path) -> None:
    rows = _csv(exports, "inbox/conversations_2024-11_2026-10.csv")
    conversations: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        conversations[r["conversation_id"]].append(r)
    answered: dict[bool, list[bool]] = defaultdict(list)
    for messages in conversations.values():
        first = messages[0]
        human = [m for m in messages if m["from"] in BRAND and m["automated"] == "false"]
        answered[first["sent_at"][:10] >= "2025-11-01"].append(bool(human))
    share = {year: sum(flags) / len(flags) for year, flags in answered.items()}
    assert share[False] < 0.3 and share[True] > 0.75
    mentions = {r["Url"].rsplit("/", 1)[1]: r for r in _mentions(exports) if r["Page Type"] == "twitter"}
    delays: dict[bool, list[float]] = defaultdict(list)
    for t in _tweets(exports):
        if "in_reply_to_status_id_str" in t:
            asked = _bw_date(mentions[str(t["in_reply_to_status_id_str"])])
            said = datetime.strptime(str(t["created_at"]), "%a %b %d %H:%M:%S %z %Y")
            assert asked is not None and said > asked
            delays[asked.date() >= YEAR2].append((said - asked).total_seconds() / 3600)
    assert statistics.median(delays[True]) < 2 < 12 < statistics.median(delays[False])


def test_negative_avalanche_in_march_2026(exports: Path) -> None:
    weekly = Counter(_date(m).isocalendar()[:2] for m in _mentions(exports) if m["Sentiment"] == "negative")
    spike = weekly[(2026, 11)]  # 2026-03-09 .. 2026-03-15
    normal = statistics.median(weekly.values())
    assert spike > 15 * normal
    authors = {
        m["Author"]
        for m in _mentions(exports)
        if m["Sentiment"] == "negative" and date(2026, 3, 9) <= _date(m) <= date(2026, 3, 15)
    }
    assert len(authors) > 150


def test_loyalty_and_converting_traffic_rise_likes_stall(exports: Path) -> None:
    orders: dict[str, dict[str, str]] = {}
    for name in ("shop/orders_export_1.csv", "shop/orders_export_2.csv"):
        for r in _csv(exports, name):
            if r["Id"]:
                orders[r["Id"]] = r
    placed: dict[str, list[str]] = defaultdict(list)
    for r in orders.values():
        placed[r["Email"]].append(r["Created at"])
    repeat: dict[bool, list[bool]] = defaultdict(list)
    for times in placed.values():
        first = min(times)
        if first < "2026-05-01":  # give every cohort at least six months to come back
            repeat[first >= "2025-11-01"].append(len(times) > 1)
    rate = {year: sum(v) / len(v) for year, v in repeat.items()}
    assert rate[True] > 1.5 * rate[False]
    assert 3500 <= len(orders) <= 4800
    social = {
        "instagram.com / referral",
        "l.instagram.com / referral",
        "m.facebook.com / referral",
        "l.facebook.com / referral",
        "t.co / referral",
        "linkedin.com / referral",
        "instagram / social",
        "facebook / paid_social",
    }
    traffic = _csv(exports, "ga4/ga4_traffic_acquisition_2024-11_2026-10.csv", skip=9)
    conversion = {}
    for year in (False, True):
        rows = [r for r in traffic if r["Session source / medium"] in social and (r["Date"] >= "20251101") == year]
        conversion[year] = sum(int(r["Key events"]) for r in rows) / sum(int(r["Sessions"]) for r in rows)
    assert conversion[True] > 1.5 * conversion[False]
    likes = defaultdict(list)
    for r in _csv(exports, INSTAGRAM[0]) + _csv(exports, INSTAGRAM[1]):
        if r["Reach"].isdigit() and r["Publish time"][2] == "/":
            likes[r["Publish time"][6:10] + r["Publish time"][:2] >= "202511"].append(int(r["Likes"]))
    assert statistics.mean(likes[True]) < 1.1 * statistics.mean(likes[False])


# --- privacy hooks --------------------------------------------------------------------------------------------------


def test_texts_carry_handles_and_an_email_for_redaction_to_remove(exports: Path) -> None:
    handles = {p.handle for p in cast.people()}
    emails = {p.email for p in cast.people()}
    mentions = "\n".join(m["Full Text"] for m in _mentions(exports))
    inbox = _text(exports, "inbox/conversations_2024-11_2026-10.csv")
    posts = _text(exports, "meta/instagram_posts_2025-09_2026-10.csv")
    for text in (mentions, posts):
        assert set(re.findall(r"@(\w+)", text)) & handles
    for text in (mentions, inbox):
        assert set(re.findall(r"[\w.]+@example\.(?:com|org|net)", text)) & emails


def test_people_are_distinctive() -> None:
    everyone = cast.people()
    handles = [p.handle for p in everyone]
    emails = [p.email for p in everyone]
    assert len(set(handles)) == len(handles) and len(set(emails)) == len(emails)
    assert all(re.fullmatch(r"[a-z0-9_]{8,15}", h) and "_" in h for h in handles)
    assert all(e.split("@")[1] in ("example.com", "example.org", "example.net") for e in emails)
    known = set(handles)
    for handle in handles:  # no handle inside another, so a text search finds exactly the one it looks for
        inside = {handle[i:j] for i in range(len(handle)) for j in range(i + 1, len(handle) + 1)} - {handle}
        assert not inside & known, handle
    assert {p.role for p in everyone} == {"employee", "partner", "fan", "customer", "bot"}
    assert set(cast.EMPLOYEES) | set(cast.PARTNERS) <= set(handles)
    assert 550 <= sum(p.role == "fan" for p in everyone) <= 650


def _date(row: dict[str, str]) -> date:
    moment = _bw_date(row)
    assert moment is not None
    return moment.date()
