"""`social-health evaluate`: the labelled mentions in queries/evaluation/ run through the real mention_classes.

The figures on the project's own set must reach the issue's targets; a classifier or word-list change that drops
one below fails here (and the pull request's metric diff shows by how much).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import QueryError
from pipeline.queries.evaluation import LANGUAGES, TARGETS, Evaluation, evaluate, load_corpus

ROOT = Path(__file__).parents[1]
QUERIES = ROOT / "queries"


@pytest.fixture(scope="module")
def project_set() -> Evaluation:
    return evaluate(QUERIES)


def test_the_project_set_is_large_enough_in_every_language() -> None:
    rows = load_corpus(QUERIES)
    for language in LANGUAGES:
        assert sum(r.language == language for r in rows) >= 100, language
    assert len(rows) >= 600
    assert len({r.id for r in rows}) == len(rows)


@pytest.mark.parametrize("figure", list(TARGETS))
def test_every_figure_on_the_project_set_reaches_its_target(project_set: Evaluation, figure: str) -> None:
    value = project_set.overall.figures()[figure]
    assert value is not None and value >= TARGETS[figure], f"{figure} = {value} < {TARGETS[figure]}"


def test_confusion_matrices_add_up_to_the_labelled_mentions(project_set: Evaluation) -> None:
    overall = project_set.overall
    assert overall.mentions == len(load_corpus(QUERIES))
    for binary in (overall.paid, overall.recommendation):
        assert binary.tp + binary.fp + binary.fn + binary.tn == overall.mentions
    assert sum(sum(row.values()) for row in overall.sentiment.matrix.values()) == overall.mentions
    assert sum(s.mentions for s in project_set.languages.values()) == overall.mentions


def test_the_command_prints_the_figures_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "evaluation.json"
    result = CliRunner().invoke(
        app, ["evaluate", "--config", str(ROOT / "social-health.yml"), "--out", str(out)], env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.output
    assert "Precision / recall / F1" in result.output and "Sentiment (rows: label" in result.output
    tables = [line for line in result.output.splitlines() if line[:1] in "┏┃┡│└"]  # sentences wrap in a terminal
    assert tables and all(len(line) <= 80 for line in tables) and "…" not in result.output, result.output
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert set(figures["languages"]) == set(LANGUAGES)
    assert figures["all"]["mentions"] == len(load_corpus(QUERIES))
    assert 0 <= figures["all"]["sentiment"]["macro_f1"] <= 1


def test_detecting_the_languages_keeps_the_figures_close(project_set: Evaluation) -> None:
    detected = evaluate(QUERIES, detect_language=True)
    assert detected.detect_language and detected.overall.mentions == project_set.overall.mentions
    given, found = project_set.overall.sentiment.macro_f1 or 0, detected.overall.sentiment.macro_f1 or 0
    assert abs(given - found) < 0.1


def test_even_and_odd_halves_split_the_set(project_set: Evaluation) -> None:
    even, odd = evaluate(QUERIES, rows="even"), evaluate(QUERIES, rows="odd")
    assert even.overall.mentions + odd.overall.mentions == project_set.overall.mentions


def test_a_bad_label_names_its_file_and_line(tmp_path: Path) -> None:
    copy = tmp_path / "queries"
    shutil.copytree(QUERIES, copy)
    for path in (copy / "evaluation").glob("*.csv"):
        path.unlink()
    (copy / "evaluation" / "mentions_xx.csv").write_text(
        "id,language,platform,author_role,text,paid,sentiment,recommends,case\n"
        "es-1,es,x,other,Os recomiendo Marea,false,positive,true,recommendation\n"
        "es-2,es,x,other,Meh,false,so-so,false,plain_negative\n",
        encoding="utf-8",
    )
    with pytest.raises(QueryError, match=r"mentions_xx.csv:3: sentiment 'so-so' must be one of"):
        evaluate(copy)
