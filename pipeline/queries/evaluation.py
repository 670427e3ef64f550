"""`social-health evaluate`: how well the word-of-mouth classifier agrees with hand-labelled mentions.

The labelled mentions live in ``queries/evaluation/*.csv`` (docs/reference/labelling.md says how to label one), so a
brand's analysts add their own by pull request. They are loaded as ``mentions`` rows, without any sentiment, into an
in-memory database with the real warehouse schema, the project's reference files and the same sandbox as ``run``;
the real ``mention_classes`` query (and whatever it reads) runs on them, and its decisions are compared with the
labels. Three classes are scored: ``paid`` (class paid vs the label), the authentic recommendation (the mention is
authentic and a recommendation vs a label that recommends and is not paid) and the sentiment (3 classes, macro-F1).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from pipeline.errors import QueryError
from pipeline.queries.graph import closure
from pipeline.queries.header import Query
from pipeline.queries.parameters import TEST_DEFAULTS, resolve
from pipeline.queries.reference import load_reference
from pipeline.queries.run import execute, ordered_queries
from pipeline.queries.sandbox import lock_down
from pipeline.repofiles import regular_file
from pipeline.warehouse.connect import NO_PROJECT, Resources, connect_memory
from pipeline.warehouse.schema import ALL_TABLES

FOLDER = "evaluation"
QUERY = "mention_classes"
COLUMNS = ("id", "language", "platform", "author_role", "text", "paid", "sentiment", "recommends", "case")
LANGUAGES = ("es", "it", "en", "pt", "fr", "de")
SENTIMENTS = ("positive", "neutral", "negative")
ROLES = ("other", "brand", "employee", "partner")
ROWS = ("all", "even", "odd")
# What the project promises on its own labelled set (issue 14): paid, authentic recommendation, sentiment.
TARGETS = {
    "paid_precision": 0.95,
    "paid_recall": 0.90,
    "recommendation_precision": 0.85,
    "recommendation_recall": 0.75,
    "sentiment_macro_f1": 0.70,
}
JSON_FILE = "evaluation.json"
DAY = date(2026, 1, 5)  # the labelled mentions are dated one minute apart from here; the date means nothing


@dataclass(frozen=True)
class Labelled:
    id: str
    language: str
    platform: str
    author_role: str
    text: str
    paid: bool
    sentiment: str
    recommends: bool
    case: str
    file: str
    line: int

    @property
    def number(self) -> int | None:
        """The number at the end of the id (``es-017`` -> 17), for the even/odd split used while tuning rules."""
        digits = "".join(c for c in self.id.rsplit("-", 1)[-1] if c.isdigit())
        return int(digits) if digits else None


@dataclass(frozen=True)
class Binary:
    """A yes/no class: the 2x2 confusion matrix and its precision, recall and F1."""

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        return _f1(self.precision, self.recall)

    def summary(self) -> dict[str, Any]:
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class Sentiment:
    """The 3x3 confusion matrix, ``matrix[label][predicted]``, and each class's precision, recall and F1."""

    matrix: dict[str, dict[str, int]]

    def of(self, label: str) -> Binary:
        tp = self.matrix[label][label]
        fp = sum(self.matrix[other][label] for other in SENTIMENTS if other != label)
        fn = sum(self.matrix[label][other] for other in SENTIMENTS if other != label)
        total = sum(sum(row.values()) for row in self.matrix.values())
        return Binary(tp, fp, fn, total - tp - fp - fn)

    @property
    def macro_f1(self) -> float | None:
        present = [s for s in SENTIMENTS if sum(self.matrix[s].values()) or self.of(s).fp]
        scores = [self.of(s).f1 or 0.0 for s in present]
        return sum(scores) / len(scores) if scores else None

    @property
    def accuracy(self) -> float | None:
        total = sum(sum(row.values()) for row in self.matrix.values())
        return sum(self.matrix[s][s] for s in SENTIMENTS) / total if total else None

    def summary(self) -> dict[str, Any]:
        return {
            "matrix": self.matrix,
            "classes": {s: self.of(s).summary() for s in SENTIMENTS},
            "macro_f1": self.macro_f1,
            "accuracy": self.accuracy,
        }


@dataclass(frozen=True)
class Scores:
    """The figures of one set of labelled mentions (one language, or all)."""

    mentions: int
    paid: Binary
    recommendation: Binary
    sentiment: Sentiment

    def figures(self) -> dict[str, float | None]:
        """The figures the targets are set on, by the TARGETS names."""
        return {
            "paid_precision": self.paid.precision,
            "paid_recall": self.paid.recall,
            "recommendation_precision": self.recommendation.precision,
            "recommendation_recall": self.recommendation.recall,
            "sentiment_macro_f1": self.sentiment.macro_f1,
        }

    def below_targets(self) -> list[str]:
        return [name for name, value in self.figures().items() if value is None or value < TARGETS[name]]

    def summary(self) -> dict[str, Any]:
        return {
            "mentions": self.mentions,
            "paid": self.paid.summary(),
            "authentic_recommendation": self.recommendation.summary(),
            "sentiment": self.sentiment.summary(),
        }


@dataclass(frozen=True)
class Mistake:
    id: str
    text: str
    label: str
    predicted: str
    why: str


@dataclass(frozen=True)
class Evaluation:
    files: tuple[str, ...]
    rows: str  # all, even or odd ids
    detect_language: bool
    overall: Scores
    languages: dict[str, Scores]
    mistakes: tuple[Mistake, ...] = field(default=(), repr=False)

    def to_json(self) -> str:
        data = {
            "files": list(self.files),
            "rows": self.rows,
            "detect_language": self.detect_language,
            "targets": TARGETS,
            "below_targets": self.overall.below_targets(),
            "all": self.overall.summary(),
            "languages": {lang: s.summary() for lang, s in self.languages.items()},
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- the labelled mentions ------------------------------------------------------------------------------------------


def corpus_files(queries: Path) -> list[Path]:
    """The labelled mentions' CSVs, each a regular file inside the queries folder (a symbolic link is refused)."""
    folder = queries / FOLDER
    if not folder.is_dir():
        return []
    return [regular_file(p, queries, p.relative_to(queries.parent)) for p in sorted(folder.glob("*.csv"))]


def load_corpus(queries: Path) -> list[Labelled]:
    """Every labelled mention, checked: a bad header or value is an error naming the file and line."""
    out: list[Labelled] = []
    seen: dict[str, str] = {}
    for path in corpus_files(queries):
        shown = path.relative_to(queries.parent).as_posix()
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, strict=True)
            if tuple(reader.fieldnames or ()) != COLUMNS:
                raise QueryError(shown, f"the header must be exactly {','.join(COLUMNS)}", 1)
            start = reader.line_num + 1
            try:
                for record in reader:
                    row = _labelled(record, shown, start)
                    if row.id in seen:
                        raise QueryError(shown, f"id '{row.id}' is used twice (also in {seen[row.id]})", start)
                    seen[row.id] = shown
                    out.append(row)
                    start = reader.line_num + 1
            except csv.Error as exc:
                raise QueryError(shown, f"is not valid CSV: {exc}", reader.line_num) from None
    return out


def _labelled(record: dict[str, Any], shown: str, line: int) -> Labelled:
    def value(column: str, allowed: tuple[str, ...] | None = None) -> str:
        text: str | None = record.get(column)
        if text is None or (not text.strip() and column != "case"):
            raise QueryError(shown, f"{column} is empty (or the row has too few fields)", line)
        text = text.strip() if column != "text" else text
        if allowed and text not in allowed:
            raise QueryError(shown, f"{column} '{text}' must be one of {', '.join(allowed)}", line)
        return text

    if None in record:
        raise QueryError(shown, "the row has more fields than the header", line)
    return Labelled(
        id=value("id"),
        language=value("language", LANGUAGES),
        platform=value("platform"),
        author_role=value("author_role", ROLES),
        text=value("text"),
        paid=value("paid", ("true", "false")) == "true",
        sentiment=value("sentiment", SENTIMENTS),
        recommends=value("recommends", ("true", "false")) == "true",
        case=record.get("case") or "",
        file=shown,
        line=line,
    )


def pick(rows: list[Labelled], which: str) -> list[Labelled]:
    if which == "all":
        return rows
    want = 0 if which == "even" else 1
    return [r for r in rows if r.number is not None and r.number % 2 == want]


# --- running the classifier -----------------------------------------------------------------------------------------

Detector = Callable[[duckdb.DuckDBPyConnection], object]


def evaluate(
    queries: Path, rows: str = "all", detect_language: bool = False, resources: Resources = NO_PROJECT
) -> Evaluation:
    """Run ``mention_classes`` on the labelled mentions and score it. ``detect_language`` blanks the language column
    first and lets the ingest's language detection fill it, as it does for an export without languages."""
    if rows not in ROWS:
        raise QueryError(queries / FOLDER, f"rows must be one of {', '.join(ROWS)}")
    labelled = pick(load_corpus(queries), rows)
    if not labelled:
        raise QueryError(queries / FOLDER, "holds no labelled mentions (CSV files with the labelling guide's header)")
    con = connect_memory(resources)
    try:
        _load_mentions(con, labelled, detect_language)
        _classify(con, queries)
        return _score(con, labelled, rows, detect_language)
    finally:
        con.close()


def classify_texts(
    queries: Path, texts: list[tuple[str, str | None]], resources: Resources = NO_PROJECT
) -> list[dict[str, Any]]:
    """``mention_classes``' row for each (text, language), in order: what a test or an analyst checks a rule with."""
    rows = [
        Labelled(f"t-{n}", language or "en", "x", "other", text, False, "neutral", False, "", "texts", n)
        for n, (text, language) in enumerate(texts)
    ]
    con = connect_memory(resources)
    try:
        _load_mentions(con, rows, False)
        con.execute(
            "UPDATE mentions SET language = NULL WHERE mention_id IN (SELECT unnest(?::VARCHAR[]))",
            [[r.id for r, (_, language) in zip(rows, texts, strict=True) if language is None]],
        )
        _classify(con, queries)
        cursor = con.execute(
            "SELECT m.* FROM labels AS l JOIN metrics.mention_classes AS m USING (mention_id)"
            " ORDER BY CAST(split_part(mention_id, '-', 2) AS INTEGER)"
        )
        names = [d[0] for d in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def _load_mentions(con: duckdb.DuckDBPyConnection, labelled: list[Labelled], detect_language: bool) -> None:
    con.execute("SET TimeZone = 'UTC'")
    for table in ALL_TABLES.values():
        con.execute(table.ddl())
    con.execute(
        "CREATE TABLE labels (mention_id VARCHAR, language VARCHAR, paid BOOLEAN, sentiment VARCHAR,"
        " recommends BOOLEAN, text VARCHAR)"
    )
    con.executemany(
        "INSERT INTO labels VALUES (?, ?, ?, ?, ?, ?)",
        [[r.id, r.language, r.paid, r.sentiment, r.recommends, r.text] for r in labelled],
    )
    # Each mention its own author, a minute after the one before: no bot rule, no weekly cap, no export sentiment.
    con.executemany(
        "INSERT INTO mentions (platform, mention_id, author_id, author_role, published_at, text, language,"
        " source_file) VALUES (?, ?, ?, ?, CAST(? AS TIMESTAMPTZ) + to_minutes(CAST(? AS BIGINT)), ?, ?, ?)",
        [
            [
                r.platform,
                r.id,
                "p_" + r.id,
                r.author_role,
                f"{DAY} 08:00:00+00",
                n,
                r.text,
                None if detect_language else r.language,
                r.file,
            ]
            for n, r in enumerate(labelled)
        ],
    )
    if detect_language:
        from pipeline.warehouse.language import detect_languages

        detect_languages(con)


def _classify(con: duckdb.DuckDBPyConnection, queries: Path) -> None:
    ordered, graph = ordered_queries(con, queries)
    by_name: dict[str, Query] = {q.name: q for q in ordered}
    if QUERY not in by_name:
        raise QueryError(queries, f"has no query named {QUERY}; the evaluation scores its decisions")
    con.execute("CREATE SCHEMA metrics")
    load_reference(con, queries)
    last = DAY.isoformat()
    lock_down(con, resolve(con, {**TEST_DEFAULTS, "period_end": last}))
    needed = closure(QUERY, graph)
    for query in ordered:
        if query.name in needed:
            execute(con, query)


PREDICTIONS = """
    SELECT l.language, l.paid, l.sentiment AS label_sentiment, l.recommends AND NOT l.paid AS label_recommends,
        m.class = 'paid' AS predicted_paid, coalesce(m.sentiment, 'neutral') AS predicted_sentiment,
        m.class = 'authentic' AND m.is_recommendation AS predicted_recommends
    FROM labels AS l JOIN metrics.mention_classes AS m USING (mention_id)
"""


def _score(con: duckdb.DuckDBPyConnection, labelled: list[Labelled], rows: str, detect_language: bool) -> Evaluation:
    counts = con.execute(
        f"""SELECT language, paid, predicted_paid, label_recommends, predicted_recommends, label_sentiment,
                predicted_sentiment, count(*) FROM ({PREDICTIONS}) GROUP BY ALL"""
    ).fetchall()
    languages = sorted({r.language for r in labelled}, key=LANGUAGES.index)
    per_language = {lang: _scores([c for c in counts if c[0] == lang]) for lang in languages}
    files = tuple(sorted({r.file for r in labelled}))
    return Evaluation(files, rows, detect_language, _scores(counts), per_language, _mistakes(con))


def _scores(counts: list[tuple[Any, ...]]) -> Scores:
    def binary(label: int, predicted: int) -> Binary:
        cells = {(a, b): 0 for a in (True, False) for b in (True, False)}
        for row in counts:
            cells[(bool(row[label]), bool(row[predicted]))] += row[-1]
        return Binary(cells[(True, True)], cells[(False, True)], cells[(True, False)], cells[(False, False)])

    matrix = {a: dict.fromkeys(SENTIMENTS, 0) for a in SENTIMENTS}
    for row in counts:
        matrix[row[5]][row[6]] += row[-1]
    return Scores(sum(r[-1] for r in counts), binary(1, 2), binary(3, 4), Sentiment(matrix))


def _mistakes(con: duckdb.DuckDBPyConnection) -> tuple[Mistake, ...]:
    """Every disagreement, with the classifier's reasons: what an analyst reads to improve a word list."""
    found = con.execute(
        """SELECT l.mention_id, l.text, l.paid, l.sentiment, l.recommends AND NOT l.paid,
               m.class = 'paid', coalesce(m.sentiment, 'neutral'), m.class = 'authentic' AND m.is_recommendation,
               array_to_string(m.matched_terms, '; ')
           FROM labels AS l JOIN metrics.mention_classes AS m USING (mention_id)
           ORDER BY l.mention_id"""
    ).fetchall()
    out = []
    for mid, text, paid, sent, rec, p_paid, p_sent, p_rec, why in found:
        for what, label, predicted in (("paid", paid, p_paid), ("sentiment", sent, p_sent), ("recommends", rec, p_rec)):
            if label != predicted:
                out.append(Mistake(mid, text, f"{what}={_word(label)}", f"{what}={_word(predicted)}", why or ""))
    return tuple(out)


def _word(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def write_evaluation(result: Evaluation, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(result.to_json(), encoding="utf-8")
    return path


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
