"""Searching one index generation: a searcher kept per generation, hits with highlights.

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
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tui_reader.index._whoosh import filestore, index, scoring
from tui_reader.index.evaluate import K1, B, Evaluator, Memo, top
from tui_reader.index.highlight import Marks, spans
from tui_reader.index.schema import source_term
from tui_reader.models import Hit, Passage, Span
from tui_reader.services.query import ParsedQuery

MAX_EXPANSION = 64
"""At most this many words stand for one prefix: the most frequent ones."""
MAX_PREFIX_POSTINGS = 20_000
"""Frequent words are added while their passages stay under this budget: the cost of a search
grows with the postings it reads, and ``t*`` holds nearly every passage."""
SHORT_PREFIX_SHARE = {1: 4, 2: 2}
"""A one-letter prefix gets a quarter of the budget, two letters half: typed, they are the first
keys of a word, and their searches were the slowest keystrokes (40-50 ms at 10,000 articles)."""
MAX_WALK = 50_000
"""At most this many lexicon entries are looked at per prefix (per segment)."""


def prefix_budget(prefix: str) -> int:
    return MAX_PREFIX_POSTINGS // SHORT_PREFIX_SHARE.get(len(prefix), 1)


def expand_prefix(
    reader: Any,
    prefix: str,
    limit: int = MAX_EXPANSION,
    budget: int | None = None,
) -> list[str]:
    """The most frequent ``exact`` words that start with ``prefix``, within both bounds.

    A word in more passages than the whole budget (``the``, ``said``) is left out: typing ``t``
    would otherwise read nearly every passage, and the word is found once typed in full. Only
    when no word fits is the least frequent of them taken, so a prefix never finds nothing.
    """
    budget = prefix_budget(prefix) if budget is None else budget
    counts: dict[bytes, int] = {}
    for leaf, _base in reader.leaf_readers():
        for walked, (word, info) in enumerate(leaf.iter_prefix("exact", prefix)):
            if walked >= MAX_WALK:
                break
            counts[word] = counts.get(word, 0) + info.doc_frequency()
    ranked = heapq.nlargest(limit, counts.items(), key=lambda item: (item[1], item[0]))
    chosen: list[str] = []
    spent = 0
    for word, count in ranked:
        if count > budget:
            continue
        if spent + count > budget:
            break
        chosen.append(word.decode("utf-8"))
        spent += count
    if not chosen and ranked:
        chosen.append(ranked[-1][0].decode("utf-8"))
    return sorted(chosen)


MAX_SUGGESTIONS = 3
MAX_SUGGESTED_LENGTH = 30


def close_words(reader: Any, word: str, limit: int = MAX_SUGGESTIONS) -> list[str]:
    """Indexed words one edit from ``word`` (two for 6+ letters), sharing its first letter; the
    closest first, then the most frequent. Swapped neighbours count as one edit ("sybiha" is one
    from "sybhia"): Whoosh walks its term index with a Levenshtein automaton, which counts them
    as two, so it is asked for two and the candidates are measured again."""
    if not 4 <= len(word) <= MAX_SUGGESTED_LENGTH or not word.isalpha():
        return []  # figures are not misspelt (and "2…" would walk every number in the index)
    allowed = 2 if len(word) >= 6 else 1
    counts: dict[str, int] = {}
    distance: dict[str, int] = {}
    for leaf, _base in reader.leaf_readers():
        for found in leaf.terms_within("exact", word, 2, prefix=1):
            if found == word:
                continue
            edits = distance.get(found)
            if edits is None:
                edits = distance[found] = edit_distance(word, found)
            if edits <= allowed:
                counts[found] = counts.get(found, 0) + leaf.doc_frequency("exact", found)
    return sorted(counts, key=lambda w: (distance[w], -counts[w], w))[:limit]


def edit_distance(a: str, b: str) -> int:
    """Edits from ``a`` to ``b``: insert, delete, replace, or swap two neighbours (optimal string
    alignment)."""
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        above, row = row, [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            row[j] = min(above[j] + 1, row[j - 1] + 1, above[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], before[j - 2] + 1)
        before = above
    return row[-1]


def weighting() -> Any:
    return scoring.BM25F(B=B, K1=K1)


class Snapshot:
    """An open searcher over one index generation, kept between searches of this process.

    Opening one costs more than most searches (the table of contents is unpickled, every segment
    file opened, field lengths read): at 10,000 articles about 3 ms, plus 0.2 MB of lengths read
    per search. Whoosh readers share file positions, so one snapshot serves one search at a
    time (``lock``); a search that finds it busy opens its own.
    """

    def __init__(self, ix: Any) -> None:
        self.searcher = ix.searcher(weighting=weighting())
        self.generation: int = self.searcher.reader().generation()
        self.memo = Memo()
        self.lock = threading.Lock()
        self.retired = False

    def close(self) -> None:
        self.searcher.close()


KEEP_OPEN = 2
"""Snapshots kept (one per index folder, the most recently used)."""

_open: OrderedDict[str, Snapshot] = OrderedDict()
_open_guard = threading.Lock()


def _latest_generation(folder: str) -> int:
    generation: int = index.TOC._latest_generation(filestore.FileStorage(folder), "MAIN")
    return generation


def _retire(snapshot: Snapshot) -> None:
    """Close ``snapshot`` now, or when the search using it ends (caller holds ``_open_guard``)."""
    snapshot.retired = True
    if snapshot.lock.acquire(blocking=False):
        snapshot.close()
        snapshot.lock.release()


@contextmanager
def snapshot_of(folder: Path) -> Iterator[Snapshot]:
    """The kept snapshot of the latest generation in ``folder`` for one search (or a fresh one)."""
    key = str(folder)
    latest = _latest_generation(key)
    with _open_guard:
        kept = _open.get(key)
        if kept is not None and kept.generation != latest:
            del _open[key]
            _retire(kept)
            kept = None
        if kept is not None and kept.lock.acquire(blocking=False):
            _open.move_to_end(key)
            using, keep = kept, True
        else:
            using, keep = None, kept is None
    if using is None:
        ix = index.open_dir(key)
        using = Snapshot(ix)
        if keep:
            using.lock.acquire()
            with _open_guard:
                if key in _open:
                    keep = False
                else:
                    _open[key] = using
                    # Generations an update swapped out: their files are deleted, but stay on
                    # disk while open.
                    for gone in [k for k in _open if not os.path.isdir(k)]:
                        _retire(_open.pop(gone))
                    while len(_open) > KEEP_OPEN:
                        _retire(_open.popitem(last=False)[1])
            if not keep:
                using.lock.release()
    try:
        yield using
    finally:
        if keep:
            with _open_guard:
                using.lock.release()
                if using.retired:
                    _retire(using)
        else:
            using.close()


def forget_snapshots() -> None:
    """Close every kept snapshot (tests, and before an index folder is removed on purpose)."""
    with _open_guard:
        while _open:
            _retire(_open.popitem(last=False)[1])


def run(folder: Path, parsed: ParsedQuery, limit: int) -> tuple[list[Hit], int]:
    """Search the latest generation of the index in ``folder``."""
    if parsed.root is None or limit <= 0:
        return [], 0
    with snapshot_of(folder) as snapshot:
        return run_snapshot(snapshot, parsed, limit)


def suggest(folder: Path, word: str, limit: int) -> list[str]:
    with snapshot_of(folder) as snapshot:
        return close_words(snapshot.searcher.reader(), word, limit)


def suggest_index(ix: Any, word: str, limit: int) -> list[str]:
    with ix.reader() as reader:
        return close_words(reader, word, limit)


def run_index(ix: Any, parsed: ParsedQuery, limit: int) -> tuple[list[Hit], int]:
    """Search an open Whoosh index (on disk or in memory) with a searcher for this call only."""
    if parsed.root is None or limit <= 0:
        return [], 0
    snapshot = Snapshot(ix)
    try:
        return run_snapshot(snapshot, parsed, limit)
    finally:
        snapshot.close()


def run_snapshot(snapshot: Snapshot, parsed: ParsedQuery, limit: int) -> tuple[list[Hit], int]:
    """Search with a snapshot its caller holds; only the returned hits are read and highlighted."""
    if parsed.root is None or limit <= 0:
        return [], 0
    searcher = snapshot.searcher
    evaluator = Evaluator(searcher, expand_prefix, snapshot.memo)
    scores = evaluator.node(parsed.root)
    hits: list[Hit] = []
    marks = evaluator.marks
    for docnum, score in top(scores, limit):
        sid, ordinal, text, _start, _end, _kind, _sentences = searcher.stored_fields(docnum)["doc"]
        hits.append(LazyHit(sid, ordinal, score, text, marks))
    return hits, len(scores)


_HIGHLIGHTS = Hit.__dict__["highlights"]  # the slot of the frozen dataclass


class LazyHit(Hit):
    """A hit whose highlight spans are worked out when first read.

    Highlighting means tokenizing the passage: most of the time of a search that lists 100 hits
    (77% at 1,000 articles), while a screen shows a dozen of them. ``marks`` is the finished,
    never-changed set of what the query matched, so reading later, from any thread, is safe.
    """

    __slots__ = ("_marks",)
    _marks: Marks | None

    def __init__(
        self,
        source_id: str,
        ordinal: int,
        score: float,
        text: str,
        marks: Marks | None = None,
        highlights: tuple[Span, ...] | None = None,  # as ``dataclasses.replace`` passes it
    ) -> None:
        object.__setattr__(self, "source_id", source_id)
        object.__setattr__(self, "ordinal", ordinal)
        object.__setattr__(self, "score", score)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "_marks", marks)
        if highlights is not None or marks is None:
            _HIGHLIGHTS.__set__(self, highlights or ())

    @property  # read-only here: computed once, on first read
    def highlights(self) -> tuple[Span, ...]:
        try:
            return _HIGHLIGHTS.__get__(self)  # type: ignore[no-any-return]
        except AttributeError:
            assert self._marks is not None
            found = spans(self.text, self._marks)
            _HIGHLIGHTS.__set__(self, found)
            return found


def passages(folder: Path, source_id: str) -> list[Passage]:
    with snapshot_of(folder) as snapshot:
        return passages_in(snapshot, source_id)


def passages_of(ix: Any, source_id: str) -> list[Passage]:
    """The passages of one source in an open Whoosh index, in ordinal order."""
    snapshot = Snapshot(ix)
    try:
        return passages_in(snapshot, source_id)
    finally:
        snapshot.close()


def passages_in(snapshot: Snapshot, source_id: str) -> list[Passage]:
    searcher = snapshot.searcher
    found = []
    for docnum in searcher.document_numbers(source=source_term(source_id)):
        sid, ordinal, text, start, end, kind, sentences = searcher.stored_fields(docnum)["doc"]
        spans_ = tuple((int(a), int(b)) for a, b in sentences)
        found.append(Passage(sid, ordinal, text, start, end, kind, spans_))
    return sorted(found, key=lambda p: p.ordinal)
