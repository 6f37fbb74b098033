"""A posting pool that keeps a writer's postings compactly in memory, grouped by term, and writes
them to the segment term by term.

Whoosh's ``PostingPool`` keeps one tuple per posting (about 200 bytes with its objects), sorts
them all at commit and, past ``limitmb``, spills sorted runs to disk that are merged back in
Python (slow). Here each term has an array of document numbers, an array of weights and a list
of values (small values shared): about 40-60 bytes per posting, and only the terms are sorted at
commit: document numbers arrive in increasing order, which is the order Whoosh writes. Memory is
bounded by the caller (``writer.build`` starts a new segment past ``SEGMENT_BYTES``), not by
spilling.

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
from collections.abc import Iterable, Iterator
from typing import Any

from tui_reader.index._whoosh import pack_uint

Posting = tuple[str, bytes, int, float, bytes | None]
_Slot = tuple["array[int]", "array[float]", list[Any]]

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


def _first(posting: tuple[int, float, Any]) -> int:
    return posting[0]


def _term_text(tbytes: bytes) -> str:
    return tbytes.decode("utf-8", "surrogateescape")


def _term_bytes(term: str) -> bytes:
    return term.encode("utf-8", "surrogateescape")


class CompactPool:
    """Stands in for ``whoosh.writing.PostingPool`` (``add``, ``iter_postings``, ``cleanup``)."""

    def __init__(self) -> None:
        self._fields: dict[str, dict[str, _Slot]] = {}
        self._shared: dict[bytes, bytes] = {}
        self._seed()
        self.fieldnames: set[str] = set()
        self.size = 0
        """Estimated bytes held."""
        self._last = 0
        self._ordered = True
        """Whether documents arrived in increasing order (always, from Whoosh's writer)."""

    def _terms(self, fieldname: str) -> dict[str, _Slot]:
        terms = self._fields.get(fieldname)
        if terms is None:
            terms = self._fields[fieldname] = {}
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
        slot = terms.get(term)
        if slot is None:
            slot = terms[term] = (array("I"), array("d"), [])
            self.size += _TERM_BYTES + len(tbytes)
        slot[0].append(docnum)
        slot[1].append(weight)
        if vbytes is not None and len(vbytes) <= SHARED_MAX:
            vbytes = self._shared.setdefault(vbytes, vbytes)
        elif vbytes is not None:
            self.size += 33 + len(vbytes)
        slot[2].append(vbytes)
        self.size += _POSTING_BYTES

    def add_doc(
        self,
        fieldname: str,
        docnum: int,
        terms: Iterable[str],
        weights: Iterable[float],
        values: Iterable[bytes],
        long_bytes: int = 0,
    ) -> None:
        """One document's postings in one field, as parallel sequences.

        Values of up to ``SHARED_MAX`` bytes must come from ``share`` (or be values it returns);
        ``long_bytes`` is the sum of ``33 + len(value)`` over the longer ones, for ``size``.
        """
        if docnum < self._last:
            self._ordered = False
        self._last = docnum
        fterms = self._terms(fieldname)
        added = 0
        new = 0
        for term, weight, value in zip(terms, weights, values, strict=True):
            slot = fterms.get(term)
            if slot is None:
                slot = fterms[term] = (array("I"), array("d"), [])
                new += _TERM_BYTES + len(term)
            slot[0].append(docnum)
            slot[1].append(weight)
            slot[2].append(value)
            added += 1
        self.size += new + long_bytes + _POSTING_BYTES * added

    def _sorted_terms(self, fieldname: str) -> list[tuple[bytes, _Slot]]:
        terms = self._fields[fieldname]
        return sorted((_term_bytes(term), slot) for term, slot in terms.items())

    def _postings(self, slot: _Slot) -> Iterator[tuple[int, float, Any]]:
        ids, weights, values = slot
        postings: Iterator[tuple[int, float, Any]] = zip(ids, weights, values, strict=True)
        if not self._ordered:
            postings = iter(sorted(postings, key=_first))
        return postings

    def iter_postings(self) -> Iterator[Posting]:
        """Every posting in ``(field, term, document)`` order, as Whoosh's writer needs them."""
        for fieldname in sorted(self._fields):
            for tbytes, slot in self._sorted_terms(fieldname):
                for docnum, weight, value in self._postings(slot):
                    yield fieldname, tbytes, docnum, weight, value

    def write(self, fieldwriter: Any, schema: Any) -> None:
        """Write every posting through a Whoosh 3 ``FieldWriter``, a block at a time.

        Equivalent to ``fieldwriter.add_postings(schema, None, self.iter_postings())``.
        """
        for fieldname in sorted(self._fields):
            fieldwriter.start_field(fieldname, schema[fieldname])
            postwriter = fieldwriter._postwriter
            limit = postwriter._blocklimit
            for tbytes, slot in self._sorted_terms(fieldname):
                fieldwriter.start_term(tbytes)
                ids, weights, values = slot
                if not self._ordered:
                    ordered = sorted(zip(ids, weights, values, strict=True), key=_first)
                    ids = array("I", [p[0] for p in ordered])
                    weights = array("d", [p[1] for p in ordered])
                    values = [p[2] for p in ordered]
                count = len(ids)
                for start in range(0, count, limit):
                    end = min(start + limit, count)
                    if start:
                        postwriter._write_block()  # the previous block; the last one is left
                    _fill(postwriter, ids[start:end], weights[start:end], values[start:end])
                fieldwriter.finish_term()  # writes the last block (``last=True``)
            fieldwriter.finish_field()

    def cleanup(self) -> None:
        self._fields.clear()
        self._shared.clear()
        self._seed()
        self.size = 0
        self._last = 0


def _fill(postwriter: Any, ids: array[int], weights: array[float], values: list[Any]) -> None:
    """Put a block's postings in ``postwriter``'s buffer as ``add_posting`` one by one would."""
    postwriter._ids = ids
    postwriter._weights = array("f", weights)
    postwriter._values = [v for v in values if v]
    top = max(weights)
    postwriter._maxweight = top if top > 0 else 0
    postwriter._minlength = None
    postwriter._maxlength = 0


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
