"""A posting pool that keeps a writer's postings compactly in memory, grouped by term.

Whoosh's ``PostingPool`` keeps one tuple per posting (about 200 bytes with its objects), sorts
them all at commit and, past ``limitmb``, spills sorted runs to disk that are merged back in
Python (slow). Here each term has an array of document numbers, an array of weights and a list
of values (small frequency values shared): about 40-60 bytes per posting, and only the terms are
sorted at commit: document numbers arrive in increasing order, which is the order Whoosh writes.
Memory is bounded by the caller (``writer.build`` starts a new segment past ``LIMIT_BYTES``), not
by spilling.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import Any

Posting = tuple[str, bytes, int, float, bytes | None]

_TERM_BYTES = 250
"""Rough cost of a new term: dict entry, two arrays, a list, the term's bytes object."""
_POSTING_BYTES = 24
"""Rough cost of one posting: 4 + 8 bytes in the arrays, 8 for the value pointer, growth slack."""


def _first(posting: tuple[int, float, Any]) -> int:
    return posting[0]


class CompactPool:
    """Stands in for ``whoosh.writing.PostingPool`` (``add``, ``iter_postings``, ``cleanup``)."""

    def __init__(self) -> None:
        self._fields: dict[str, dict[bytes, tuple[array[int], array[float], list[Any]]]] = {}
        self._shared: dict[bytes, bytes] = {}
        self.fieldnames: set[str] = set()
        self.size = 0
        """Estimated bytes held."""
        self._last = 0
        self._ordered = True
        """Whether documents arrived in increasing order (always, from Whoosh's writer)."""

    def add(self, item: Posting) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        if docnum < self._last:
            self._ordered = False
        self._last = docnum
        terms = self._fields.get(fieldname)
        if terms is None:
            terms = self._fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        slot = terms.get(tbytes)
        if slot is None:
            slot = terms[tbytes] = (array("I"), array("d"), [])
            self.size += _TERM_BYTES + len(tbytes)
        slot[0].append(docnum)
        slot[1].append(weight)
        if vbytes is not None and len(vbytes) <= 4:
            vbytes = self._shared.setdefault(vbytes, vbytes)  # frequencies: a few values
        elif vbytes is not None:
            self.size += 33 + len(vbytes)
        slot[2].append(vbytes)
        self.size += _POSTING_BYTES

    def iter_postings(self) -> Iterator[Posting]:
        """Every posting in ``(field, term, document)`` order, as Whoosh's writer needs them."""
        for fieldname in sorted(self._fields):
            terms = self._fields[fieldname]
            for tbytes in sorted(terms):
                ids, weights, values = terms[tbytes]
                postings: Iterator[tuple[int, float, Any]] = zip(ids, weights, values, strict=True)
                if not self._ordered:
                    postings = iter(sorted(postings, key=_first))
                for docnum, weight, value in postings:
                    yield fieldname, tbytes, docnum, weight, value

    def cleanup(self) -> None:
        self._fields.clear()
        self._shared.clear()
        self.size = 0
        self._last = 0


def install(writer: Any) -> CompactPool:
    """Give a new Whoosh ``SegmentWriter`` a compact pool (its ``poolclass`` is not used)."""
    writer.pool.cleanup()
    pool = CompactPool()
    writer.pool = pool
    return pool
