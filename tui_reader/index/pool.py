"""A posting pool that keeps a writer's postings compactly in memory, grouped by term, and writes
them to the segment term by term.

Whoosh's ``PostingPool`` keeps one tuple per posting (about 200 bytes with its objects), sorts
them all at commit and, past ``limitmb``, spills sorted runs to disk that are merged back in
Python (slow). Here each term has one flat list of ``document, weight, value`` (the document
number and weight objects are shared by a document's postings, small values by all): about 30
bytes per posting, and only the terms are sorted at commit: document numbers arrive in increasing
order, which is the order Whoosh writes. Memory is bounded by the caller (``writer.build`` starts
a new segment past ``SEGMENT_BYTES``), not by spilling. One list per term, rather than an array
each for documents and weights and a list for values, also halves the memory a posting touches
when it is added (the cost of adding is mostly cache misses).

Two ways in:

- ``add``, one posting at a time, as Whoosh's ``add_document`` and ``add_reader`` call it.
- ``add_doc``, all of a document's postings for one field at once, from ``writer``'s own document
  path (no tuple or call per posting).

And one way out, ``write``, installed in place of the writer's ``_flush_segment``: where Whoosh
would feed every posting through ``FieldWriter.add_postings`` (a call, checks and block
bookkeeping per posting), each term's lists are cut into blocks of ``blocklimit`` postings that
are handed to the Whoosh 3 postings writer whole. The blocks and term infos written are those
Whoosh would write from the same postings (with ``length_stats`` off, every length is 0);
``tests/index/test_bulk_equivalence.py`` compares the two.

Terms are kept as ``str`` (the document path then encodes each term once per segment, not once
per posting) and encoded with ``surrogateescape`` so any bytes from ``add`` round-trip; they are
sorted by their bytes, as Whoosh orders them.
"""

from __future__ import annotations

from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Collection, Iterable, Iterator
from itertools import repeat
from operator import sub
from typing import Any

from tui_reader.index._whoosh import codec, pack_uint

Posting = tuple[str, bytes, int, float, bytes | None]
_Slot = list[Any]

_TERM_BYTES = 250
"""Rough cost of a new term: dict entry, two arrays, a list, the term's object."""
_POSTING_BYTES = 24
"""Rough cost of one posting: 4 + 8 bytes in the arrays, 8 for the value pointer, growth slack."""
SHARED_MAX = 4
"""Values up to this many bytes (frequencies, short position lists) are shared between postings:
a few distinct values, and the pickled block then refers back to the first copy."""
ONE_BYTE = tuple(bytes((i,)) for i in range(256))
"""Shared from the start: the one-byte values (a single word position)."""
UINTS = tuple(pack_uint(i) for i in range(256))
"""Shared from the start: small frequencies as ``Frequency`` encodes them."""


_NEW_TERM_BYTES = _TERM_BYTES + 10
"""``add_doc`` does not look at the new terms: 10 is about a word's length."""
_consume: Callable[[Iterable[Any]], None] = deque(maxlen=0).extend


def _first(posting: tuple[int, float, Any]) -> int:
    return posting[0]


def _term_text(tbytes: bytes) -> str:
    return tbytes.decode("utf-8", "surrogateescape")


def _term_bytes(term: str) -> bytes:
    return term.encode("utf-8", "surrogateescape")


class CompactPool:
    """Stands in for ``whoosh.writing.PostingPool`` (``add``, ``iter_postings``, ``cleanup``)."""

    def __init__(self) -> None:
        self._fields: dict[str, defaultdict[str, _Slot]] = {}
        self._shared: dict[bytes, bytes] = {}
        self._seed()
        self.fieldnames: set[str] = set()
        self.size = 0
        """Estimated bytes held."""
        self._last = 0
        self._ordered = True
        """Whether documents arrived in increasing order (always, from Whoosh's writer)."""

    def _terms(self, fieldname: str) -> defaultdict[str, _Slot]:
        terms = self._fields.get(fieldname)
        if terms is None:
            terms = self._fields[fieldname] = defaultdict(list)
            self.fieldnames.add(fieldname)
        return terms

    def _seed(self) -> None:
        for value in (*ONE_BYTE, *UINTS):
            self._shared[value] = value

    def share(self, value: bytes) -> bytes:
        """The pool's one copy of a short value."""
        return self._shared.setdefault(value, value)

    def add(self, item: Posting) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        if docnum < self._last:
            self._ordered = False
        self._last = docnum
        terms = self._terms(fieldname)
        term = _term_text(tbytes)
        if term not in terms:
            self.size += _TERM_BYTES + len(tbytes)
        if vbytes is not None and len(vbytes) <= SHARED_MAX:
            vbytes = self._shared.setdefault(vbytes, vbytes)
        elif vbytes is not None:
            self.size += 33 + len(vbytes)
        terms[term].extend((docnum, weight, vbytes))
        self.size += _POSTING_BYTES

    def add_doc(
        self,
        fieldname: str,
        docnum: int,
        terms: Collection[str],
        weights: Iterable[float],
        values: Iterable[bytes],
        long_bytes: int = 0,
    ) -> None:
        """One document's postings in one field, as parallel sequences (weights may be ints).

        Values of up to ``SHARED_MAX`` bytes must come from ``share`` (or be values it returns);
        ``long_bytes`` is the sum of ``33 + len(value)`` over the longer ones, for ``size``.
        The postings are appended by C code (``map`` over the term slots): no Python step per
        posting.
        """
        if docnum < self._last:
            self._ordered = False
        self._last = docnum
        fterms = self._terms(fieldname)
        before = len(fterms)
        slots = map(fterms.__getitem__, terms)
        _consume(map(list.extend, slots, zip(repeat(docnum), weights, values, strict=False)))
        new = len(fterms) - before
        self.size += new * _NEW_TERM_BYTES + long_bytes + _POSTING_BYTES * len(terms)

    def _sorted_terms(self, fieldname: str) -> list[tuple[bytes, _Slot]]:
        terms = self._fields[fieldname]
        return sorted((_term_bytes(term), slot) for term, slot in terms.items())

    def _postings(self, slot: _Slot) -> list[tuple[int, float, Any]]:
        """A term's ``(document, weight, value)`` in document order."""
        postings = list(zip(slot[0::3], slot[1::3], slot[2::3], strict=True))
        if not self._ordered:
            postings.sort(key=_first)
        return postings

    def iter_postings(self) -> Iterator[Posting]:
        """Every posting in ``(field, term, document)`` order, as Whoosh's writer needs them."""
        for fieldname in sorted(self._fields):
            for tbytes, slot in self._sorted_terms(fieldname):
                for docnum, weight, value in self._postings(slot):
                    yield fieldname, tbytes, docnum, weight, value

    def write(self, fieldwriter: Any, schema: Any) -> None:
        """Write every posting to a Whoosh 3 ``W3FieldWriter``'s files, a block at a time.

        Equivalent to ``fieldwriter.add_postings(schema, None, self.iter_postings())`` (the same
        bytes); see ``_Blocks``.
        """
        for fieldname in sorted(self._fields):
            fieldwriter.start_field(fieldname, schema[fieldname])
            blocks = _Blocks(fieldwriter)
            for tbytes, slot in self._sorted_terms(fieldname):
                if not self._ordered:
                    slot = [x for posting in self._postings(slot) for x in posting]
                blocks.term(tbytes, slot)
            fieldwriter.finish_field()

    def cleanup(self) -> None:
        self._fields.clear()
        self._shared.clear()
        self._seed()
        self.size = 0
        self._last = 0


class _Blocks:
    """Writes a field's terms as ``W3FieldWriter`` and ``W3PostingsWriter`` do (``start_term``,
    ``add_posting`` per posting, ``finish_term``), from a term's whole list of postings.

    Per block, as ``W3PostingsWriter._write_block``: the pickled ``(ids as deltas, weights,
    values)`` minified as it does, compressed, after the pickled block info, with every field
    length 0 (our codec has no length statistics); per term, the term info row.
    """

    def __init__(self, fieldwriter: Any) -> None:
        postwriter = fieldwriter._postwriter
        self.limit: int = postwriter._blocklimit
        self.compression: int = postwriter._compression
        self.postfile = postwriter._postfile
        self.tindex = fieldwriter._tindex
        self.prefix: bytes = codec.pack_ushort(fieldwriter._fieldid)
        size = fieldwriter._format.fixed_value_size()
        self.join_values = size is not None and size > 0
        self.no_values = size == 0

    def term(self, tbytes: bytes, slot: _Slot) -> None:
        postfile = self.postfile
        terminfo = codec.W3TermInfo()
        start = postfile.tell()
        postfile.write(codec.WHOOSH3_HEADER_MAGIC)
        count = len(slot) // 3
        ids: list[int] = slot[0::3]
        weights: list[float] = slot[1::3]
        values: list[Any] = slot[2::3]
        for first in range(0, count, self.limit):
            end = min(first + self.limit, count)
            block = ids[first:end], weights[first:end], values[first:end]
            self._block(terminfo, *block, last=end == count)
        terminfo._minid = ids[0]
        terminfo._maxid = ids[-1]
        terminfo.set_extent(start, postfile.tell() - start)
        self.tindex.add(self.prefix + tbytes, terminfo.to_bytes())

    def _block(
        self, terminfo: Any, ids: list[int], weights: list[float], values: list[Any], last: bool
    ) -> None:
        n = len(ids)
        floats = array("f", weights)
        top = max(weights)
        if not top > 0:
            top = 0
        terminfo._weight += sum(floats)
        terminfo._df += n
        terminfo._maxweight = max(terminfo._maxweight, top)
        deltas = (ids[0], *map(sub, ids[1:], ids))
        mini_weights: Any
        if floats.count(1.0) == n:
            mini_weights = None
        elif floats.count(floats[0]) == n:
            mini_weights = floats[0]
        else:
            mini_weights = tuple(floats)
        kept = [v for v in values if v]
        mini_values: Any
        if self.no_values:
            mini_values = None
        elif self.join_values:
            mini_values = b"".join(kept)
        else:
            mini_values = tuple(kept)
        data = codec.dumps((deltas, mini_weights, mini_values), 2)
        if self.compression:
            data = codec.zlib.compress(data, self.compression)
        info = codec.dumps((n, ids[-1], top, self.compression, 0, 0), 2)
        length = len(info) + len(data)
        if last:  # the reader knows the last block by its negative length
            length = -length
        self.postfile.write(codec.pack_int(length) + info + data)


def _flush_segment(writer: Any) -> None:
    """``SegmentWriter._flush_segment`` writing postings with ``CompactPool.write``."""
    writer.perdocwriter.close()
    pool: CompactPool = writer.pool
    if writer.codec.length_stats:  # block statistics need every posting's field length
        reader = writer.per_document_reader()
        try:
            writer.fieldwriter.add_postings(writer.schema, reader, pool.iter_postings())
        finally:
            reader.close()
    else:
        pool.write(writer.fieldwriter, writer.schema)
    writer.fieldwriter.close()


def install(writer: Any) -> CompactPool:
    """Give a new Whoosh ``SegmentWriter`` a compact pool (its ``poolclass`` is not used)."""
    writer.pool.cleanup()
    pool = CompactPool()
    writer.pool = pool
    writer._flush_segment = lambda: _flush_segment(writer)
    return pool
