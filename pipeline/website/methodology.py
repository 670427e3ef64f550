"""The methodology page, generated from the query headers, their SQL and the word lists of this very version.

Nothing here is written by hand, so the page can never drift from the code that computed the numbers.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

from pipeline.queries import Query
from pipeline.queries.evaluation import Evaluation, Scores
from pipeline.website.compare import NOISE_THRESHOLD
from pipeline.website.labels import Labels
from pipeline.website.markup import esc, markdown_table, number

WORD_LISTS = Path("reference") / "word_lists.csv"


def methodology_page(
    queries: list[Query],
    queries_dir: Path,
    words: Labels,
    compare: str = "year",
    evaluation: Evaluation | None = None,
) -> str:
    sections = "".join(_query(q, words) for q in queries)
    accuracy = f"- [{esc(words('accuracy'))}](#accuracy)\n" if evaluation else ""
    return (
        f"# {esc(words('methodology'))}\n\n{esc(words('methodology_intro'))}\n\n"
        + accuracy
        + "".join(f"- [{esc(q.title)}](#{q.name})\n" for q in queries)
        + f"- [{esc(words('tiles_rule_title'))}](#tiles)\n"
        + f"- [{esc(words('word_lists'))}](#word-lists)\n\n"
        + (_accuracy(evaluation, words) if evaluation else "")
        + f"{sections}{tiles_rule(words, compare)}"
        + _word_lists(queries_dir / WORD_LISTS, words)
    )


def tiles_rule(words: Labels, compare: str) -> str:
    """How a tile is coloured, written from the code's own comparison months and noise thresholds."""
    thresholds = ", ".join(
        f"{shape} {number(size, words, 0)}{' pp' if shape == 'percent' else ' pt' if shape == 'points' else '%'}"
        for shape, size in NOISE_THRESHOLD.items()
    )
    text = words("tiles_rule", then=words(f"compare_{compare}"), compare=compare, thresholds=thresholds)
    return f"## {esc(words('tiles_rule_title'))} {{#tiles}}\n\n{esc(text)}\n\n"


def _accuracy(evaluation: Evaluation, words: Labels) -> str:
    """The classifier's figures on the labelled mentions, per language, each with the number it was measured on."""
    head = [
        words("accuracy_language"),
        words("accuracy_measured"),
        words("accuracy_paid"),
        words("accuracy_recommendation"),
        words("accuracy_sentiment"),
    ]
    rows = [*evaluation.languages.items(), (words("accuracy_all"), evaluation.overall)]
    table = markdown_table(head, [_accuracy_row(language, scores, words) for language, scores in rows], "lrrrr")
    intro = words("accuracy_intro", n=evaluation.overall.mentions)
    return f"## {esc(words('accuracy'))} {{#accuracy}}\n\n{esc(intro)}\n\n{table}\n"


def _accuracy_row(language: str, scores: Scores, words: Labels) -> list[str]:
    def pair(precision: float | None, recall: float | None) -> str:
        return f"{_share(precision)} / {_share(recall)}"

    measured = f"{scores.mentions} {words('accuracy_mentions')}"
    cells = [
        language,
        measured,
        pair(scores.paid.precision, scores.paid.recall),
        pair(scores.recommendation.precision, scores.recommendation.recall),
        _share(scores.sentiment.macro_f1),
    ]
    return cells


def _share(value: float | None) -> str:
    return "\u2013" if value is None else f"{value:.2f}"


def _query(query: Query, words: Labels) -> str:
    better = "" if query.higher_is_better is None else words("higher" if query.higher_is_better else "lower")
    facts = [
        (words("unit"), query.unit),
        (words("grain"), query.grain),
        (words("better_when"), better),
        (words("owner"), query.owner),
        (words("pillar_fact"), query.pillar),
        (words("file_fact"), query.shown.as_posix()),
    ]
    table = markdown_table((words("property"), words("value")), ((k, v) for k, v in facts if v))
    tiles = "".join(f"- {esc(t.label)}: <code>{esc(t.value)}</code>\n" for t in query.tiles)
    checks = "".join(f"- {esc(c.label)} ({esc(c.severity)})\n" for c in query.checks)
    return (
        f"## {esc(query.title)} {{#{query.name}}}\n\n"
        f"<p>{esc(query.description)}</p>\n\n{table}\n"
        + (f"**{esc(words('headline_values'))}**\n\n{tiles}\n" if tiles else "")
        + (f"**{esc(words('checks'))}**\n\n{checks}\n" if checks else "")
        + f'<details class="sh-sql"><summary>{esc(words("sql"))}</summary>'
        f'<pre><code class="language-sql">{esc(query.sql.strip())}</code></pre></details>\n\n'
    )


def _word_lists(path: Path, words: Labels) -> str:
    heading = f"## {esc(words('word_lists'))} {{#word-lists}}\n\n"
    if not path.is_file():
        return ""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [(r["list"], r["language"], r["term"]) for r in csv.DictReader(handle)]
    counts = Counter((name, language) for name, language, _ in rows)
    languages = sorted({language for _, language in counts})
    lists = sorted({name for name, _ in counts})
    table = markdown_table(
        (words("list"), *languages),
        ((n, *(counts[(n, lang)] for lang in languages)) for n in lists),
        "l" + "r" * len(languages),
    )
    terms: dict[str, list[str]] = defaultdict(list)
    for name, language, term in rows:
        terms[name].append(f"{term} ({language})")
    details = "".join(
        f'<details class="sh-terms"><summary>{esc(n)}: {len(terms[n])} {esc(words("terms"))}</summary>'
        f"<p>{esc(' · '.join(terms[n]))}</p></details>\n"
        for n in lists
    )
    return f"{heading}{esc(words('word_lists_intro'))}\n\n{table}\n{details}"
