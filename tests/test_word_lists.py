"""A stakeholder edits a word list in a pull request and the metric follows, with no Python touched.

The net sentiment example (queries/reputation/net_sentiment_weekly.test.yaml) is run without its own word_lists,
first on the shipped lists, then after two Italian phrases are appended to a copy of queries/reference/word_lists.csv.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import duckdb

from pipeline.queries.examples import load_example, run_example
from pipeline.queries.run import ordered_queries

QUERIES = Path(__file__).parents[1] / "queries"


def net_sentiment_of_first_week(queries: Path) -> list[str]:
    """Problems from the example run against ``queries`` with the example's own word lists dropped."""
    con = duckdb.connect()
    ordered, graph = ordered_queries(con, queries)
    con.close()
    query = next(q for q in ordered if q.name == "net_sentiment_weekly")
    example = load_example(query)
    given = {t: r for t, r in example.given.items() if t != "word_lists"}
    return run_example(dataclasses.replace(example, given=given), ordered, graph, queries)


def test_a_changed_word_list_changes_net_sentiment(tmp_path: Path) -> None:
    copy = tmp_path / "queries"
    shutil.copytree(QUERIES, copy)
    before = net_sentiment_of_first_week(copy)
    # With the shipped lists the two Italian phrases mean nothing: the first week's figures differ from the example's.
    assert any(
        "expected but not returned: {week: 2026-05-04, platform: all, positive: 2, negative: 1" in p for p in before
    ), before
    with (copy / "reference" / "word_lists.csv").open("a", encoding="utf-8") as lists:
        lists.write("positive,it,una favola\nnegative,it,da buttare\n")
    assert net_sentiment_of_first_week(copy) == []
