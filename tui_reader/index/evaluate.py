"""Evaluating a query tree over Whoosh's postings in bulk: the same BM25F scores, far less work.

Whoosh scores one passage at a time through a tree of matcher objects: about 4 µs per matching
passage for one term and 40 µs for an ``Or`` of 64 prefix words, so ``the`` or ``g*`` on 10,000
articles took seconds. Here each posting list is read a block at a time and scored in one loop
with Whoosh's own formula and statistics (``bm25``, ``Searcher.idf``, ``avg_field_length``, the
one-byte field lengths); ``And``/``Or``/``Not`` are dict operations. Phrases need positions and
stay with Whoosh's phrase matcher. ``tests/test_search.py`` checks hits and scores against
Whoosh's own evaluation of the same query.

Block reading uses attributes of Whoosh 2.7.4's W3 codec (pinned in pyproject); any other posting
reader falls back to the public matcher interface.
"""

from __future__ import annotations

import heapq
import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from dataclasses import field as default
from itertools import accumulate
from typing import Any

from tui_reader.index._whoosh import TermNotFound, codec, numeric
from tui_reader.index.analysis import lookups
from tui_reader.index.highlight import Marks
from tui_reader.index.schema import decode_positions
from tui_reader.services.query import And, Node, Not, Or, Phrase, Term

MAX_PREFIX_ESTIMATE = 20_000
"""What a prefix is assumed to read when ordering the parts of an ``And`` (its budget)."""
K1 = 1.2
B = 0.75
"""Whoosh's ``BM25F`` defaults, which ``searcher.run`` also passes to Whoosh for phrases."""

Scores = dict[int, float]


@dataclass(slots=True)
class Memo:
    """What every search of one open reader reads the same way; kept with the reader (a reader
    sees one fixed set of segments and deletions)."""

    norms: dict[str, list[float]] = default(default_factory=dict)
    lengths: dict[tuple[int, str], Sequence[int]] = default(default_factory=dict)
    deleted: set[int] | None = None
    terms: dict[tuple[str, bytes], tuple[int, float]] = default(default_factory=dict)
    """``(document frequency, idf)`` of terms already looked up: each lookup is a hash probe in
    every segment's term file (a prefix of 45 words made 180 of them per search)."""


MEMO_TERMS = 50_000
"""At most this many terms' statistics are kept per reader."""


class Evaluator:
    """Scores for one query on one open searcher; collects what hits should highlight."""

    def __init__(self, searcher: Any, expand: Any, memo: Memo | None = None) -> None:
        self.searcher = searcher
        self.expand = expand
        self.marks = Marks()
        self.leaves: list[tuple[Any, int]] = list(searcher.reader().leaf_readers())
        self.memo = memo if memo is not None else Memo()
        self._norms = self.memo.norms
        self._lengths = self.memo.lengths
        self.within: set[int] | None = None
        """Only these passages can still match (inside an ``And``), or ``None`` for all."""

    # ------------------------------------------------------------------ tree

    def node(self, node: Node, positive: bool = True) -> Scores:
        if isinstance(node, Term):
            return self.word(node, positive)
        if isinstance(node, Phrase):
            return self.phrase(node, positive)
        if isinstance(node, Or):
            return _union([self.node(item, positive) for item in node.items])
        if isinstance(node, And):
            return self.both(node, positive)
        return {}  # a bare Not: excluded by the parser

    def both(self, node: And, positive: bool) -> Scores:
        """The rarest part first; every other part is scored only where all before it match
        (``within``), which is what the intersection keeps anyway."""
        items = [i for i in node.items if not isinstance(i, Not)]
        if not items:  # the parser never produces this; match nothing rather than everything
            return {}
        items.sort(key=self.estimate)
        outer = self.within
        plus: list[Scores] = []
        try:
            for item in items:
                part = self.node(item, positive)
                plus.append(part)
                self.within = part.keys() & outer if outer is not None else set(part)
            found = _intersection(plus)
            for excluded in node.items:
                if isinstance(excluded, Not):
                    self.within = set(found)
                    for docnum in self.node(excluded.item, False):
                        found.pop(docnum, None)
        finally:
            self.within = outer
        return found

    def estimate(self, node: Node) -> int:
        """About how many passages ``node`` reads: its parts' document frequencies."""
        if isinstance(node, Term):
            if node.prefix:
                return MAX_PREFIX_ESTIMATE
            return sum(self._df(field, text) for field, text, _boost in lookups(node.text))
        if isinstance(node, Phrase):
            return min(self._df("exact", w) for w in node.words)
        if isinstance(node, Or):
            return sum(self.estimate(item) for item in node.items)
        if isinstance(node, And):
            return min((self.estimate(i) for i in node.items if not isinstance(i, Not)), default=0)
        return 0

    def _df(self, field: str, text: str) -> int:
        return self.stats(field, text.encode("utf-8"))[0]

    def stats(self, field: str, tbytes: bytes) -> tuple[int, float]:
        """``(document frequency, idf)`` of one term, looked up once per reader."""
        terms = self.memo.terms
        found = terms.get((field, tbytes))
        if found is None:
            frequency: int = self.searcher.doc_frequency(field, tbytes)
            idf: float = self.searcher.idf(field, tbytes) if frequency else 0.0
            found = (frequency, idf)
            if len(terms) < MEMO_TERMS:
                terms[(field, tbytes)] = found
        return found

    def word(self, term: Term, positive: bool) -> Scores:
        if term.prefix:
            words = self.expand(self.searcher.reader(), term.text)
            if positive:
                self.marks.exact.update(words)
            return _union([self.term("exact", w) for w in words])
        found = []
        for field, text, boost in lookups(term.text):
            found.append(self.term(field, text, boost))
            if not positive:
                continue
            if field == "body":
                self.marks.stems.add(text)
            elif field == "names":
                self.marks.keys.add(text)
            elif boost != 1.0:
                self.marks.exact.add(text)  # a name key matched as written, in any case
        return _union(found)

    def phrase(self, phrase: Phrase, positive: bool) -> Scores:
        """Passages with the words in this order; scored like Whoosh's ``Phrase`` (the sum of
        the words' scores). Candidates are the passages with every word (from the id lists);
        positions are read only for them, skipping whole blocks in between."""
        if positive:
            self.marks.phrases.add(phrase.words)
        words = phrase.words
        if len(words) == 1:
            return self.term("exact", words[0])
        encoded = {w: w.encode("utf-8") for w in words}
        stats = {w: self.stats("exact", b) for w, b in encoded.items()}
        if not all(frequency for frequency, _idf in stats.values()):
            return {}
        factors = {w: idf * (K1 + 1) for w, (_frequency, idf) in stats.items()}
        norms = self._norm_table("exact")
        found: Scores = {}
        ordered = sorted(set(words), key=lambda w: stats[w][0])
        for index, (leaf, base) in enumerate(self.leaves):
            matchers = {w: _matcher(leaf, "exact", b) for w, b in encoded.items()}
            if any(m is None for m in matchers.values()):
                continue
            lengths = self._lengths_of(index, leaf, "exact")
            # Passages that hold every word, from the (cached) id lists; positions are read
            # only for those, a block at a time.
            candidates = set(postings(leaf, "exact", encoded[ordered[0]])[0])
            for w in ordered[1:]:
                if not candidates:
                    break
                candidates.intersection_update(postings(leaf, "exact", encoded[w])[0])
            if self.within is not None:
                candidates = {d for d in candidates if base + d in self.within}
            if not candidates:
                continue
            docnums = sorted(candidates)
            segment = _segment_id(leaf)
            at = {
                w: _positions_of(matchers[w], docnums, (segment, encoded[w]) if segment else None)
                for w in ordered
            }
            first, rest = at[words[0]], [(k, at[w]) for k, w in enumerate(words) if k]
            for i, docnum in enumerate(docnums):
                if not any(
                    all(start + k in there[i][1] for k, there in rest) for start in first[i][1]
                ):
                    continue
                norm = norms[lengths[docnum]]
                found[base + docnum] = sum(
                    factors[w] * at[w][i][0] / (at[w][i][0] + norm) for w in words
                )
        deleted = self._deleted_docs()
        if deleted:
            for docnum in deleted.intersection(found):
                del found[docnum]
        return found

    # ------------------------------------------------------------------ one term

    def term(self, field: str, text: str, boost: float = 1.0) -> Scores:
        tbytes = text.encode("utf-8")
        frequency, idf = self.stats(field, tbytes)
        if not frequency:
            return {}
        within = self.within
        if within is not None and not within:
            return {}
        factor = idf * (K1 + 1) * boost
        norms = self._norm_table(field)
        found: Scores = {}
        for index, (leaf, base) in enumerate(self.leaves):
            lengths = self._lengths_of(index, leaf, field)
            ids, weights = postings(leaf, field, tbytes)
            if within is None:
                for docnum, tf in zip(ids, weights, strict=True):
                    found[base + docnum] = factor * tf / (tf + norms[lengths[docnum]])
                continue
            for docnum, tf in _restricted(ids, weights, within, base):
                found[base + docnum] = factor * tf / (tf + norms[lengths[docnum]])
        deleted = self._deleted_docs()
        if deleted:
            for docnum in deleted.intersection(found):
                del found[docnum]
        return found

    def _norm_table(self, field: str) -> list[float]:
        """``K1 * (1 - B + B * length / average)`` for each of the 256 one-byte lengths."""
        table = self._norms.get(field)
        if table is None:
            average = self.searcher.avg_field_length(field) or 1
            table = [K1 * ((1 - B) + B * numeric.byte_to_length(b) / average) for b in range(256)]
            self._norms[field] = table
        return table

    def _lengths_of(self, index: int, leaf: Any, field: str) -> Sequence[int]:
        """The length byte of every document of one segment in ``field``."""
        lengths = self._lengths.get((index, field))
        if lengths is None:
            lengths = _length_bytes(leaf, field)
            self._lengths[(index, field)] = lengths
        return lengths

    def _deleted_docs(self) -> set[int]:
        if self.memo.deleted is None:
            deleted: set[int] = set()
            for leaf, base in self.leaves:
                if leaf.has_deletions():
                    deleted.update(base + d for d in _deleted_in(leaf))
            self.memo.deleted = deleted
        return self.memo.deleted


def _restricted(
    ids: Sequence[int], weights: Sequence[float], within: set[int], base: int
) -> Iterator[tuple[int, float]]:
    """The postings of ``ids``/``weights`` (one segment, from ``base``) whose passage is in
    ``within``: a binary search per passage when they are few, else one pass."""
    if len(within) * 16 < len(ids):
        count = len(ids)
        for passage in sorted(within):
            docnum = passage - base
            if docnum < 0:
                continue
            i = bisect_left(ids, docnum)
            if i == count:
                break
            if ids[i] == docnum:
                yield docnum, weights[i]
        return
    for docnum, tf in zip(ids, weights, strict=True):
        if base + docnum in within:
            yield docnum, tf


def top(scores: Scores, limit: int) -> list[tuple[int, float]]:
    """The best ``limit`` hits, ties in document order (as Whoosh orders them).

    The cut-off score comes from the bare floats (compared in C); only the items at or above it
    are then ordered with a key (a key per item cost 15 ms on 60,000 matches).
    """
    if limit <= 0 or not scores:
        return []
    if len(scores) > limit:
        cut = heapq.nlargest(limit, scores.values())[-1]
        best = [item for item in scores.items() if item[1] >= cut]
    else:
        best = list(scores.items())
    best.sort(key=_rank)
    return best[:limit]


def _rank(item: tuple[int, float]) -> tuple[float, int]:
    return -item[1], item[0]


def _union(parts: list[Scores]) -> Scores:
    parts = [p for p in parts if p]
    if not parts:
        return {}
    parts.sort(key=len, reverse=True)
    found = dict(parts[0])
    for part in parts[1:]:
        get = found.get
        for docnum, score in part.items():
            found[docnum] = get(docnum, 0.0) + score
    return found


def _intersection(parts: list[Scores]) -> Scores:
    if not all(parts):
        return {}
    parts = sorted(parts, key=len)
    keys = set(parts[0])
    for part in parts[1:]:
        keys.intersection_update(part)
    return {docnum: sum(part[docnum] for part in parts) for docnum in keys}


CACHE_POSTINGS = 4_000_000
"""Decoded postings kept between searches (about 40 MB): typing ``putin k`` re-reads ``putin``."""
CACHE_MIN = 512
"""Shorter posting lists are read again rather than cached: they are cheap."""

_cache: OrderedDict[tuple[str, str, bytes], tuple[Sequence[int], Sequence[float]]] = OrderedDict()
_cached = 0
_cache_guard = threading.Lock()


def postings(leaf: Any, field: str, tbytes: bytes) -> tuple[Sequence[int], Sequence[float]]:
    """The ids and weights of one term in one segment, deleted documents included.

    Segment files never change once written (an update writes new segments and records
    deletions apart), so a segment's postings can be kept across searches under its id.
    """
    global _cached
    segment = getattr(leaf, "segment", None)
    key = (segment().segment_id(), field, tbytes) if segment else None
    if key is not None:
        with _cache_guard:
            hit = _cache.get(key)
            if hit is not None:
                _cache.move_to_end(key)
                return hit
    ids: array[int] = array("I")
    weights: array[float] = array("f")
    for block_ids, block_weights in _blocks(leaf, field, tbytes):
        ids.extend(block_ids)
        weights.extend(block_weights)
    if key is not None and CACHE_MIN <= len(ids) <= CACHE_POSTINGS // 4:
        with _cache_guard:
            if key not in _cache:
                _cache[key] = (ids, weights)
                _cached += len(ids)
            while _cached > CACHE_POSTINGS:
                _key, (old, _weights) = _cache.popitem(last=False)
                _cached -= len(old)
    return ids, weights


def _blocks(
    leaf: Any, field: str, tbytes: bytes
) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """The ``(ids, weights)`` of a posting list a block at a time, deleted documents included."""
    terms = getattr(leaf, "_terms", None)
    if terms is None:  # not a Whoosh 2.7 segment reader: the public, slower way
        yield from _public_blocks(leaf, field, tbytes)
        return
    try:
        matcher = terms.matcher(field, tbytes, leaf.schema[field].format)
    except TermNotFound:  # the term is in another segment only
        return
    if not isinstance(matcher, codec.W3LeafMatcher):
        yield _drain(matcher)
        return
    while matcher.is_active():
        _block_ids(matcher)
        if matcher._weights is None:
            matcher._read_weights()
        yield matcher._ids, matcher._weights
        if matcher._lastblock:
            break
        matcher._next_block()


def _public_blocks(
    leaf: Any, field: str, tbytes: bytes
) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    if (field, tbytes) not in leaf:
        return
    # ``postings`` hides deleted documents, which ``term`` removes anyway.
    yield _drain(leaf.postings(field, tbytes))


def _drain(matcher: Any) -> tuple[list[int], list[float]]:
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def _matcher(leaf: Any, field: str, tbytes: bytes) -> Any:
    """A posting matcher that still includes deleted documents, or ``None``."""
    terms = getattr(leaf, "_terms", None)
    try:
        if terms is not None:
            return terms.matcher(field, tbytes, leaf.schema[field].format)
        return leaf.postings(field, tbytes) if (field, tbytes) in leaf else None
    except TermNotFound:
        return None


def _block_ids(matcher: Any) -> Sequence[int]:
    """The ids of the matcher's current block (``itertools.accumulate`` where Whoosh decodes the
    deltas in a Python generator)."""
    if matcher._ids is None:
        if matcher._data is None:
            matcher._read_data()
        raw = matcher._data[0]
        matcher._ids = raw if matcher._byteids else tuple(accumulate(raw))
    ids: Sequence[int] = matcher._ids
    return ids


def _positions_of(
    matcher: Any, docnums: list[int], key: tuple[str, bytes] | None = None
) -> list[tuple[float, set[int] | list[int]]]:
    """``(weight, positions)`` of each of ``docnums`` (ascending, all in the posting list).

    Reads only the blocks that hold one of them, skipping the others on their headers, and
    decodes only their values (Whoosh's ``value_as`` costs four calls per posting). With a
    ``key`` (segment id, word), decoded blocks are kept between searches (``_blocks_kept``).
    """
    if not isinstance(matcher, codec.W3LeafMatcher):
        found: list[tuple[float, set[int] | list[int]]] = []
        for docnum in docnums:
            matcher.skip_to(docnum)
            found.append((matcher.weight(), matcher.value_as("positions")))
        return found
    found = []
    count, i = len(docnums), 0
    while i < count:
        target = docnums[i]
        while target > matcher._maxid:
            matcher._next_block()  # raises past the end: every docnum is in the list
        block = _block(matcher, key)
        ids, weights, values = block
        last, lo = matcher._maxid, 0
        while i < count and docnums[i] <= last:
            lo = bisect_left(ids, docnums[i], lo)
            positions = decode_positions(values[lo])
            if weights is None:
                weight = 1.0
            elif isinstance(weights, float):
                weight = weights
            else:
                weight = weights[lo]
            found.append((weight, set(positions) if len(positions) > 8 else positions))
            i += 1
        if i < count:
            matcher._next_block()
    return found


Block = tuple[Sequence[int], Any, Sequence[bytes]]

BLOCK_CACHE_POSTINGS = 500_000
"""Postings of decoded position blocks kept between searches (about 25 MB): a phrase with a
common word (``"the talks"``) reads hundreds of blocks of it, each a zlib and pickle load."""

_blocks_kept: OrderedDict[tuple[str, bytes, int], Block] = OrderedDict()
_blocks_count = 0


def _block(matcher: Any, key: tuple[str, bytes] | None) -> Block:
    """The current block of ``matcher``: ``(ids, weights, values)``, kept under ``key``."""
    global _blocks_count
    where = (*key, matcher._dataoffset) if key is not None else None
    if where is not None:
        with _cache_guard:
            kept = _blocks_kept.get(where)
            if kept is not None:
                _blocks_kept.move_to_end(where)
                return kept
    ids = _block_ids(matcher)
    data = matcher._data
    block: Block = (ids, data[1], data[2])
    if where is not None:
        with _cache_guard:
            if where not in _blocks_kept:
                _blocks_kept[where] = block
                _blocks_count += len(ids)
            while _blocks_count > BLOCK_CACHE_POSTINGS:
                _where, (old, _weights, _values) = _blocks_kept.popitem(last=False)
                _blocks_count -= len(old)
    return block


def _segment_id(leaf: Any) -> str | None:
    segment = getattr(leaf, "segment", None)
    return segment().segment_id() if segment else None


def _deleted_in(leaf: Any) -> Iterator[int]:
    perdoc = getattr(leaf, "_perdoc", None)
    if perdoc is not None and hasattr(perdoc, "deleted_docs"):
        yield from perdoc.deleted_docs()
    else:
        yield from (d for d in range(leaf.doc_count_all()) if leaf.is_deleted(d))


def _length_bytes(leaf: Any, field: str) -> Sequence[int]:
    """One byte per document: Whoosh's quantised field length (``numeric.length_to_byte``)."""
    count = leaf.doc_count_all()
    try:
        column = leaf._perdoc._cached_reader(codec._lenfield(field), codec.LENGTHS_COLUMN)
        if column is None:  # no document of this segment has the field
            return bytes(count)
        raw: bytes = column._dbfile.get(column._basepos, column._count)
        if len(raw) < count:
            raw += bytes(count - len(raw))
        return raw
    except AttributeError:  # not the W3 codec: ask document by document
        return bytes(
            numeric.length_to_byte(leaf.doc_field_length(d, field, 0) or 0) for d in range(count)
        )
