"""Searching one index generation: a fresh searcher per call, hits with highlights.

What a query means, in Whoosh terms (``tests/test_search.py`` checks that ``run`` ranks exactly as
Whoosh would with these queries):

- a word: its stem and its name key (spelling variants, weighted lower), see ``analysis.lookups``
- a phrase: a ``Phrase`` on ``exact`` (words as written, stop words included)
- ``word*``: the most frequent ``exact`` words with that prefix (``expand_prefix``), as an ``Or`` of
  terms; never a Whoosh ``Prefix``/``Wildcard``, whose cost grows with the lexicon

``run`` computes that ranking with ``evaluate.Evaluator`` (bulk scoring over the same postings),
which is 2-15 times faster than Whoosh's matchers on large result sets.
"""

from __future__ import annotations

import heapq
from pathlib import Path
from typing import Any

from tui_reader.index._whoosh import index, scoring
from tui_reader.index.evaluate import K1, B, Evaluator, top
from tui_reader.index.highlight import spans
from tui_reader.index.schema import source_term
from tui_reader.models import Hit, Passage
from tui_reader.services.query import ParsedQuery

MAX_EXPANSION = 64
"""At most this many words stand for one prefix: the most frequent ones."""
MAX_PREFIX_POSTINGS = 20_000
"""Frequent words are added while their passages stay under this budget (the first always is):
the cost of a search grows with the postings it reads, and ``t*`` holds nearly every passage."""
MAX_WALK = 50_000
"""At most this many lexicon entries are looked at per prefix (per segment)."""


def expand_prefix(
    reader: Any,
    prefix: str,
    limit: int = MAX_EXPANSION,
    budget: int = MAX_PREFIX_POSTINGS,
) -> list[str]:
    """The most frequent ``exact`` words that start with ``prefix``, within both bounds."""
    counts: dict[bytes, int] = {}
    for leaf, _base in reader.leaf_readers():
        for walked, (word, info) in enumerate(leaf.iter_prefix("exact", prefix)):
            if walked >= MAX_WALK:
                break
            counts[word] = counts.get(word, 0) + info.doc_frequency()
    chosen: list[str] = []
    spent = 0
    for word, count in heapq.nlargest(limit, counts.items(), key=lambda item: (item[1], item[0])):
        if chosen and spent + count > budget:
            break
        chosen.append(word.decode("utf-8"))
        spent += count
    return sorted(chosen)


def weighting() -> Any:
    return scoring.BM25F(B=B, K1=K1)


def run(folder: Path, parsed: ParsedQuery, limit: int) -> tuple[list[Hit], int]:
    """Search the index in ``folder`` with a searcher opened for this call only."""
    if parsed.root is None or limit <= 0:
        return [], 0
    ix = index.open_dir(str(folder))
    try:
        return run_index(ix, parsed, limit)
    finally:
        ix.close()


def run_index(ix: Any, parsed: ParsedQuery, limit: int) -> tuple[list[Hit], int]:
    """Search an open Whoosh index (on disk or in memory) with a searcher for this call only."""
    if parsed.root is None or limit <= 0:
        return [], 0
    with ix.searcher(weighting=weighting()) as searcher:
        evaluator = Evaluator(searcher, expand_prefix)
        scores = evaluator.node(parsed.root)
        hits = []
        for docnum, score in top(scores, limit):
            sid, ordinal, text, _start, _end, _kind, _sentences = searcher.stored_fields(docnum)[
                "doc"
            ]
            hits.append(Hit(sid, ordinal, score, text, spans(text, evaluator.marks)))
    return hits, len(scores)


def passages(folder: Path, source_id: str) -> list[Passage]:
    ix = index.open_dir(str(folder))
    try:
        return passages_of(ix, source_id)
    finally:
        ix.close()


def passages_of(ix: Any, source_id: str) -> list[Passage]:
    """The passages of one source in an open Whoosh index, in ordinal order."""
    with ix.searcher() as searcher:
        found = []
        for docnum in searcher.document_numbers(source=source_term(source_id)):
            sid, ordinal, text, start, end, kind, sentences = searcher.stored_fields(docnum)["doc"]
            spans_ = tuple((int(a), int(b)) for a, b in sentences)
            found.append(Passage(sid, ordinal, text, start, end, kind, spans_))
    return sorted(found, key=lambda p: p.ordinal)
