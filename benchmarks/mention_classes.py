"""Benchmark: mention_classes on N multilingual mentions, the rule engine against the floor of commit a9bd845.

    uv run python benchmarks/mention_classes.py --rows 1000000 --repeat 3

Both queries run in the same process, on the same in-memory mentions, in the same sandbox settings as `run` (2
threads, 4 GB), each with the word lists of its own commit; the floor's SQL and word list are read from git. Texts
mix six languages, handles, links, hashtags, emoji, negations, questions and disclosures, built by DuckDB from
fragments (no Python loop over rows). Prints the medians and the ratio; asserts nothing (speed targets live here,
not in the tests).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import duckdb

from pipeline.queries.parameters import TEST_DEFAULTS, resolve
from pipeline.queries.reference import load_reference
from pipeline.queries.sandbox import lock_down, single_select
from pipeline.warehouse.schema import ALL_TABLES

ROOT = Path(__file__).parents[1]
FLOOR = "a9bd845"
QUERY = Path("queries") / "word_of_mouth" / "mention_classes.sql"
OPENINGS = [
    "Os recomiendo @marea_shop, el bikini es precioso",
    "Il costume di @onda_swim è bellissimo ma carissimo",
    "Honestly the best coffee in town, hands down ☕",
    "Obrigada @brisa pelo atendimento, amei 😍",
    "Pas mal du tout, la nouvelle collection",
    "Das Kleid ist schön, aber schon wieder zu spät geliefert",
    "#publi Mi bañador favorito de este verano 🌊",
    "Anzeige | Mein neuer Badeanzug von @seestern",
    "No lo volvería a comprar, qué decepción",
    "Is it really worth it? 🤔",
    "Perfetto, ancora in ritardo 😒",
    "great job losing my parcel again /s",
    "PR package from @glowroot just landed",
    "Grazie mille @onda_swim, servizio perfetto",
    "Nicht schlecht, die neuen Bohnen von @roestzeit",
    "¿Alguien sabe si hacen envíos a Canarias?",
]
ENDINGS = [
    " https://x.com/i/status/1",
    " #summer",
    " 🔥🔥",
    " lol",
    " tbh",
    "!!",
    " ...",
    " @p_0a1b2c3d4e",
    " con el código LAURA20",
    " vi consiglio di provarlo",
    "",
    " 👎",
]


def build_mentions(con: duckdb.DuckDBPyConnection, rows: int) -> None:
    for table in ALL_TABLES.values():
        con.execute(table.ddl())
    languages = ["es", "it", "en", "pt", "fr", "de", "es", "it", "es", "en", "it", "en", "en", "it", "de", "es"]
    con.execute(
        f"""INSERT INTO mentions (platform, mention_id, author_id, author_role, published_at, text, language,
                                  is_repost, source_file)
            SELECT ['x', 'instagram', 'facebook', 'tiktok'][1 + i % 4], i::VARCHAR, 'p_' || (i % 250000),
                   CASE WHEN i % 97 = 0 THEN 'partner' ELSE 'other' END,
                   TIMESTAMPTZ '2025-01-01 00:00:00+00' + INTERVAL (i % 31536000) SECOND,
                   o[1 + (i * 7) % {len(OPENINGS)}] || ' ' || (i % 9973) || e[1 + (i * 13) % {len(ENDINGS)}],
                   CASE WHEN i % 10 = 0 THEN NULL ELSE l[1 + (i * 7) % {len(languages)}] END,
                   i % 50 = 0, 'benchmark'
            FROM range({rows}) t(i), (SELECT ?::VARCHAR[] AS o, ?::VARCHAR[] AS e, ?::VARCHAR[] AS l)""",
        [OPENINGS, ENDINGS, languages],
    )


def floor_queries(folder: Path) -> Path:
    """The floor's mention_classes.sql and word list, as committed at FLOOR."""
    queries = folder / "queries"
    (queries / "reference").mkdir(parents=True)
    for path in (QUERY, Path("queries") / "reference" / "word_lists.csv"):
        text = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{FLOOR}:{path.as_posix()}"], capture_output=True, check=True
        ).stdout
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text)
    return queries


def time_query(con: duckdb.DuckDBPyConnection, sql: str, name: str) -> float:
    select = single_select(con, sql, name)
    started = time.perf_counter()
    con.execute(f"CREATE OR REPLACE TABLE metrics.{name} AS {select}")
    return time.perf_counter() - started


def session(rows: int, queries: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False})
    con.execute("SET TimeZone = 'UTC'")
    build_mentions(con, rows)
    con.execute("CREATE SCHEMA metrics")
    load_reference(con, queries)
    lock_down(con, resolve(con, {**TEST_DEFAULTS, "timezone": "Europe/Madrid", "period_end": "2025-12-31"}))
    return con


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sides = {f"floor ({FLOOR})": floor_queries(Path(tmp)), "rule engine (this checkout)": ROOT / "queries"}
        sessions = {}
        for label, queries in sides.items():
            started = time.perf_counter()
            sql = (queries / "word_of_mouth" / "mention_classes.sql").read_text(encoding="utf-8")
            sessions[label] = (session(args.rows, queries), sql)
            print(f"{label}: {args.rows:,} mentions built in {time.perf_counter() - started:.1f} s")
        times: dict[str, list[float]] = {label: [] for label in sides}
        for _ in range(args.repeat):  # alternate the two, so a busy moment of the machine hits both alike
            for label, (con, sql) in sessions.items():
                times[label].append(time_query(con, sql, "mention_classes"))
        for label, (con, _) in sessions.items():
            count = con.execute("SELECT count(*) FROM metrics.mention_classes").fetchall()[0][0]
            con.close()
            runs = ", ".join(f"{t:.2f} s" for t in times[label])
            print(f"{label}: runs {runs}; median {statistics.median(times[label]):.2f} s; {count:,} rows")
        floor, engine = (statistics.median(t) for t in times.values())
        print(f"rule engine / floor = {engine / floor:.2f} (below 1 is faster); {args.rows / engine:,.0f} mentions/s")


if __name__ == "__main__":
    main()
