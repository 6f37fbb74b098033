"""The hostile-queries benchmark runs (on a tiny corpus here) and covers the issue's list.

Timings are not asserted: only that every query answers without an error or a hang, with at
most a one-line notice, and that the figure is wired into ``benchmarks/run.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import bench_hostile_queries, harness, run
from benchmarks.generate import Corpus


def test_hostile_queries_figure_runs_and_every_query_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(harness, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(harness, "STATE", tmp_path / "state")
    root = tmp_path / "corpus"
    root.mkdir()
    for i in range(3):
        (root / f"{i}.txt").write_text(
            f"Story {i}\n\nThe police and the army met the government about item {i}.\n"
        )
    corpus = Corpus(root, 3, 0, 0, [], 0, 0.0)
    entry = bench_hostile_queries.run(corpus, repeat=1)
    assert entry.data["errors"] == []
    queries = entry.data["queries"]
    assert len(queries) == len(bench_hostile_queries.QUERIES)
    for query in queries:
        assert query["error"] is None and query["notice_one_line"], query["label"]
        assert {"median", "p99", "max"} <= set(query)
    assert [r.figure for r in entry.rows] == [
        "hostile queries: slowest median",
        "hostile queries: slowest p99",
        "hostile queries: worst case (max)",
    ]


def test_issue_7_hostile_queries_are_all_in_the_benchmark() -> None:
    queries = dict(bench_hostile_queries.QUERIES).values()
    for needle in ("", "AND OR NOT", "NOT NOT", "ANDNOT ANDNOT", "~9", "*ion", "*a*", "g*"):
        assert any(needle in q for q in queries), needle
    assert any(q.count("(") == 5000 for q in queries)
    assert any(len(q) == 100_000 for q in queries)
    assert "*" in queries and "**" in queries
    assert "hostile" in run.FIGURES and run.RESULT_NAMES["hostile"] == "hostile_queries"
    assert "hostile_queries" in harness.ORDER
