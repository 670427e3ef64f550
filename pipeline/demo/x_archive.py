"""The brand's X account archive (shared reference export-formats.md §1a, after a real archive generated 2026-02-20):
``data/manifest.js``, ``data/account.js`` and ``data/tweets.js`` pretty-printed with ``" : "``, every number a
JSON string, ``full_text`` HTML-escaped, reply keys only on replies; plus the viewer's ``Your archive.html`` and
``assets/js/app.js``."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pipeline.demo.people import BRAND_NAME, Person, people
from pipeline.demo.records import Tweet, x_user_id
from pipeline.demo.story import ARCHIVE_GENERATED

ACCOUNT_ID = "1324587409915777024"
USERNAME = "marea_shop"
WEB_APP = '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>'
IPHONE = '<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>'
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Your X data</title>
</head>
<body>
<div id="root"></div>
<script src="data/manifest.js"></script>
<script src="assets/js/app.js"></script>
</body>
</html>
"""
README = """Your X archive (demo)

This archive holds the account's data as JavaScript files in this folder; open "Your archive.html" to browse it.
tweets.js: every post, reply and repost of the account, newest first. Dates are UTC.
"""
APP_JS = """/* Archive viewer: lists the data files named in data/manifest.js. */
(function () {
  var root = document.getElementById("root");
  var types = (window.__THAR_CONFIG || {}).dataTypes || {};
  root.textContent = Object.keys(types).join(", ");
})();
"""


def write_archive(folder: Path, tweets: Sequence[Tweet]) -> None:
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    handles = {p.handle: p for p in people()}
    newest_first = sorted(tweets, key=lambda t: (t.when, t.id), reverse=True)
    tweets_js = "window.YTD.tweets.part0 = " + pretty([{"tweet": _tweet(t, handles)} for t in newest_first])
    account_js = "window.YTD.account.part0 = " + pretty(
        [
            {
                "account": {
                    "email": "hola.marea@example.com",
                    "createdVia": "web",
                    "username": USERNAME,
                    "accountId": ACCOUNT_ID,
                    "createdAt": "2020-11-06T10:24:31.512Z",
                    "accountDisplayName": BRAND_NAME,
                }
            }
        ]
    )
    (data / "tweets.js").write_bytes(tweets_js.encode("utf-8"))
    (data / "account.js").write_bytes(account_js.encode("utf-8"))
    size = len(tweets_js.encode("utf-8")) + len(account_js.encode("utf-8"))
    (data / "manifest.js").write_bytes(manifest_js(len(newest_first), size).encode("utf-8"))
    (data / "README.txt").write_bytes(README.encode("utf-8"))
    (folder / "Your archive.html").write_bytes(HTML_PAGE.encode("utf-8"))
    (folder / "assets" / "js").mkdir(parents=True, exist_ok=True)
    (folder / "assets" / "js" / "app.js").write_bytes(APP_JS.encode("utf-8"))


def pretty(value: Any, depth: int = 0) -> str:
    """X's pretty-printing: two-space indent, ``"key" : value``, empty lists as ``[ ]``."""
    pad = "  " * depth
    if isinstance(value, dict):
        items = [f"{pad}  {json.dumps(k)} : {pretty(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}" if items else "{ }"
    if isinstance(value, list):
        items = [f"{pad}  {pretty(v, depth + 1)}" for v in value]
        return "[\n" + ",\n".join(items) + f"\n{pad}]" if items else "[ ]"
    return json.dumps(value, ensure_ascii=False)


def created_at(moment: datetime) -> str:
    """``Fri Feb 20 09:10:58 +0000 2026``, in English whatever the machine's locale."""
    utc = moment.astimezone(UTC)
    return f"{DAYS[utc.weekday()]} {MONTHS[utc.month - 1]} {utc:%d %H:%M:%S} +0000 {utc.year}"


def html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _tweet(tweet: Tweet, handles: dict[str, Person]) -> dict[str, Any]:
    reply = tweet.reply_to
    until = (tweet.when + timedelta(hours=1)).astimezone(UTC)
    out: dict[str, Any] = {
        "edit_info": {
            "initial": {
                "editTweetIds": [tweet.id],
                "editableUntil": f"{until:%Y-%m-%dT%H:%M:%S}.000Z",
                "editsRemaining": "5",
                "isEditEligible": reply is None and tweet.retweet_of is None,
            }
        },
        "retweeted": False,
        "source": IPHONE if reply else WEB_APP,
        "entities": _entities(tweet.text, handles),
        "display_text_range": ["0", str(len(tweet.text))],
        "favorite_count": str(tweet.likes),
    }
    if reply:
        out["in_reply_to_status_id_str"] = reply.id
    out["id_str"] = tweet.id
    if reply:
        out["in_reply_to_user_id"] = x_user_id(reply.author)
    out.update({"truncated": False, "retweet_count": str(tweet.retweets), "id": tweet.id})
    if reply:
        out["in_reply_to_status_id"] = reply.id
    out.update(
        {
            "created_at": created_at(tweet.when),
            "favorited": False,
            "full_text": html_escape(tweet.text),
            "lang": tweet.language,
        }
    )
    if reply:
        out["in_reply_to_screen_name"] = reply.author.handle
        out["in_reply_to_user_id_str"] = x_user_id(reply.author)
    return out


def _entities(text: str, handles: dict[str, Person]) -> dict[str, Any]:
    hashtags = [{"text": m.group(1), "indices": [str(m.start()), str(m.end())]} for m in re.finditer(r"#(\w+)", text)]
    mentions = []
    for m in re.finditer(r"@(\w+)", text):
        person = handles.get(m.group(1))
        if person is None:
            continue
        mentions.append(
            {
                "name": person.name,
                "screen_name": person.handle,
                "indices": [str(m.start()), str(m.end())],
                "id_str": x_user_id(person),
                "id": x_user_id(person),
            }
        )
    return {"hashtags": hashtags, "symbols": [], "user_mentions": mentions, "urls": []}


def manifest_js(count: int, size: int) -> str:
    generated = f"{ARCHIVE_GENERATED:%Y-%m-%dT%H:%M:%S}.{ARCHIVE_GENERATED.microsecond // 1000:03d}Z"
    return f"""window.__THAR_CONFIG = {{
  "userInfo" : {{
    "accountId" : "{ACCOUNT_ID}",
    "userName" : "{USERNAME}",
    "displayName" : "{BRAND_NAME}"
  }},
  "archiveInfo" : {{
    "sizeBytes" : "{size}",
    "generationDate" : "{generated}",
    "isPartialArchive" : false,
    "maxPartSizeBytes" : "53687091200"
  }},
  "readmeInfo" : {{
    "fileName" : "data/README.txt",
    "directory" : "data/",
    "name" : "README.txt"
  }},
  "dataTypes" : {{
    "account" : {{
      "files" : [ {{
        "fileName" : "data/account.js",
        "globalName" : "YTD.account.part0",
        "count" : "1"
      }} ]
    }},
    "tweets" : {{
      "mediaDirectory" : "data/tweets_media",
      "files" : [ {{
        "fileName" : "data/tweets.js",
        "globalName" : "YTD.tweets.part0",
        "count" : "{count}"
      }} ]
    }}
  }}
}}"""
