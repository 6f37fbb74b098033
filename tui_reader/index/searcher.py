"""Our query tree translated to Whoosh queries, run on a fresh searcher, hits with highlights.

- a word: ``body:stem(word)`` OR ``names:key(word)`` (spelling variants, weighted lower)
- a phrase: a ``Phrase`` on ``exact`` (words as written, stop words included)
- ``word*``: the ``MAX_EXPANSION`` most frequent ``exact`` words with that prefix, as an ``Or`` of
  terms; never a Whoosh ``Prefix``/``Wildcard``, whose cost grows with the lexicon
"""

from __future__ import annotations

import heapq
from pathlib import Path
from typing import Any

from tui_reader.index._whoosh import index, query, scoring
from tui_reader.index.analysis import NAME_BOOST, key, stem
from tui_reader.index.highlight import Marks, spans
from tui_reader.models import Hit, Passage
from tui_reader.services.query import And, Node, Not, Or, ParsedQuery, Phrase, Term

MAX_EXPANSION = 64
"""At most this many words stand for one prefix: the most frequent ones."""
MAX_WALK = 50_000
"""At most this many lexicon entries are looked at per prefix (per segment)."""


def expand_prefix(reader: Any, prefix: str, limit: int = MAX_EXPANSION) -> list[str]:
    """The ``limit`` words of ``exact`` starting with ``prefix`` that occur in most passages."""
    counts: dict[bytes, int] = {}
    for leaf, _base in reader.leaf_readers():
        for walked, (word, info) in enumerate(leaf.iter_prefix("exact", prefix)):
            if walked >= MAX_WALK:
                break
            counts[word] = counts.get(word, 0) + info.doc_frequency()
    best = heapq.nlargest(limit, counts.items(), key=lambda item: (item[1], item[0]))
    return sorted(word.decode("utf-8") for word, _count in best)


class Translator:
    """Builds the Whoosh query and, on the way, what a hit must highlight."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.marks = Marks()

    def node(self, node: Node, positive: bool = True) -> Any:
        if isinstance(node, Term):
            return self.term(node, positive)
        if isinstance(node, Phrase):
            if positive:
                self.marks.phrases.add(node.words)
            if len(node.words) == 1:
                return query.Term("exact", node.words[0])
            return query.Phrase("exact", list(node.words))
        if isinstance(node, Or):
            return query.Or([self.node(item, positive) for item in node.items])
        if isinstance(node, And):
            plus = [self.node(i, positive) for i in node.items if not isinstance(i, Not)]
            minus = [self.node(i.item, False) for i in node.items if isinstance(i, Not)]
            if not plus:  # the parser never produces this; match nothing rather than everything
                return query.NullQuery
            matched = plus[0] if len(plus) == 1 else query.And(plus)
            if minus:
                return query.AndNot(matched, minus[0] if len(minus) == 1 else query.Or(minus))
            return matched
        return query.NullQuery  # a bare Not: excluded by the parser

    def term(self, term: Term, positive: bool) -> Any:
        if term.prefix:
            words = expand_prefix(self.reader, term.text)
            if positive:
                self.marks.exact.update(words)
            if not words:
                return query.NullQuery
            return query.Or([query.Term("exact", w) for w in words])
        stemmed, keyed = stem(term.text), key(term.text)
        if positive:
            self.marks.stems.add(stemmed)
            self.marks.keys.add(keyed)
        return query.Or([query.Term("body", stemmed), query.Term("names", keyed, boost=NAME_BOOST)])


def run(folder: Path, parsed: ParsedQuery, limit: int) -> tuple[list[Hit], int]:
    """Search the index in ``folder`` with a searcher opened for this call only."""
    if parsed.root is None or limit <= 0:
        return [], 0
    ix = index.open_dir(str(folder))
    try:
        with ix.searcher(weighting=scoring.BM25F()) as searcher:
            translator = Translator(searcher.reader())
            q = translator.node(parsed.root)
            # Without block-quality skipping the collector counts every match in the same pass.
            results = searcher.search(q, limit=limit, optimize=False)
            total = len(results)
            hits = []
            for hit in results:
                sid, ordinal, text, _start, _end, _kind, _sentences = hit["doc"]
                hits.append(
                    Hit(
                        source_id=sid,
                        ordinal=ordinal,
                        score=float(hit.score),
                        text=text,
                        highlights=spans(text, translator.marks),
                    )
                )
    finally:
        ix.close()
    return hits, total


def passages(folder: Path, source_id: str) -> list[Passage]:
    ix = index.open_dir(str(folder))
    try:
        with ix.searcher() as searcher:
            found = []
            for docnum in searcher.document_numbers(source=source_id):
                sid, ordinal, text, start, end, kind, sentences = searcher.stored_fields(docnum)[
                    "doc"
                ]
                spans_ = tuple((int(a), int(b)) for a, b in sentences)
                found.append(Passage(sid, ordinal, text, start, end, kind, spans_))
    finally:
        ix.close()
    return sorted(found, key=lambda p: p.ordinal)
