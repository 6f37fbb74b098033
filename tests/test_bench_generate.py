"""The benchmark corpus generator is deterministic and realistic enough to measure with."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.generate import (
    article_text,
    ensure_corpus,
    file_name,
    long_article_pair,
    manifest_path,
    plan,
)


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = ensure_corpus(40, seed=7, root=tmp_path / "a", jobs=1)
    second = ensure_corpus(40, seed=7, root=tmp_path / "b", jobs=1)
    for index in range(40):
        name = file_name(index)
        assert (first.path / name).read_bytes() == (second.path / name).read_bytes()
    assert article_text(8, 3) != article_text(7, 3)


def test_article_does_not_depend_on_corpus_size(tmp_path: Path) -> None:
    small = ensure_corpus(12, seed=7, root=tmp_path, jobs=1)
    assert (small.path / file_name(11)).read_text("utf-8") == article_text(7, 11)


def test_sizes_and_paragraphs_in_range() -> None:
    for index in range(30):
        text = article_text(7, index)
        assert 2_000 <= len(text.encode("utf-8")) <= 14_000
        blocks = [b for b in text.split("\n\n") if b.strip()]
        assert 9 <= len(blocks) <= 40  # title, byline, 8-15 paragraphs and some headings


def test_near_duplicates_present_and_share_paragraphs() -> None:
    kinds = {kind: (i, base) for i in range(400) for kind, base in [plan(7, i)] if base is not None}
    assert {"rewrite", "copy"} <= set(kinds)
    index, base = kinds["rewrite"]
    assert base is not None and base < index
    ours = [set(b.split()) for b in article_text(7, index).split("\n\n") if len(b) > 200]
    theirs = [set(b.split()) for b in article_text(7, base).split("\n\n") if len(b) > 200]
    similar = sum(any(len(a & b) / len(a | b) > 0.7 for b in theirs) for a in ours)
    assert similar >= len(theirs) // 2


def test_rerun_reuses_and_repairs(tmp_path: Path) -> None:
    corpus = ensure_corpus(15, seed=7, root=tmp_path, jobs=1)
    assert corpus.generated == 15
    damaged = corpus.path / file_name(4)
    damaged.write_text("changed", encoding="utf-8")
    (corpus.path / "stray.txt").write_text("left behind", encoding="utf-8")
    again = ensure_corpus(15, seed=7, root=tmp_path, jobs=1)
    assert again.generated == 1
    assert damaged.read_text("utf-8") == article_text(7, 4)
    assert not (corpus.path / "stray.txt").exists()
    manifest = json.loads(manifest_path(15, tmp_path).read_text("utf-8"))
    assert manifest["count"] == 15 and len(manifest["sizes"]) == 15


def test_name_variants_and_long_pair() -> None:
    text = " ".join(article_text(7, i) for i in range(200))
    assert sum(v in text for v in ("Zelensky ", "Zelenskyy", "Zelenskiy")) >= 2
    a, b = long_article_pair(7, words=2_000)
    assert len(a.split()) >= 2_000 and a != b
