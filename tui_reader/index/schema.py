"""Index fields, one document per passage, and the version that invalidates older indexes.

Indexed values are word lists we analyse ourselves (``analysis.analyze``); ``Words.index`` turns a
list into postings directly, without Whoosh's analyzer and token objects.

- ``source``: the source id, one term; for deleting a source and listing its passages.
- ``exact``: folded words as written, with positions: phrases, prefixes, and plain words that are
  their own stem (``war``, ``the``).
- ``body``: Porter stems, only of words whose stem differs from the word (``talks`` -> ``talk``);
  a plain word is looked up as ``body:stem OR exact:stem``. Frequencies, no positions.
- ``names``: spelling-variant keys of capitalised words, only where the key differs from the word
  (``Zelenskyy`` -> ``zelenski``); looked up as ``names:key OR exact:key``.
- ``doc``: the stored passage ``(source id, ordinal, text, start, end, kind, sentences)``.

Leaving out what ``exact`` already holds cuts the postings Whoosh writes by about a third.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from itertools import accumulate
from typing import Any

from tui_reader.index._whoosh import codec, fields, formats, pack_uint
from tui_reader.index.pool import ONE_BYTE, SHARED_MAX, UINTS
from tui_reader.index.version import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Words", "make_codec", "make_schema", "source_term"]


WIDE = 0xFF
"""First byte of a position list stored as 32-bit numbers (some gap is 255 or more)."""


def encode_positions(positions: list[int]) -> bytes:
    """Ascending word positions as their gaps, one byte each where every gap is below 255.

    Whoosh's ``Positions`` stores a length and a pickled list (about 14 bytes for one position,
    and a pickle load per posting to read it back): 60% of the postings file at 10,000 articles.
    """
    gaps = [b - a for a, b in zip([0, *positions], positions, strict=False)]
    if max(gaps) < WIDE:
        return bytes(gaps)
    return bytes((WIDE,)) + array("I", gaps).tobytes()


def decode_positions(value: bytes) -> list[int]:
    if value[:1] == b"\xff":
        gaps = array("I")
        gaps.frombytes(value[1:])
        return list(accumulate(gaps))
    return list(accumulate(value))


class CompactPositions(formats.Positions):  # type: ignore[misc]
    """Whoosh's ``Positions`` with ``encode_positions`` values (Whoosh's ``Phrase`` reads them)."""

    def encode(self, poslist: list[int]) -> bytes:
        return encode_positions(poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return decode_positions(valuestring)

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(decode_positions(valuestring))

    def decode_weight(self, valuestring: bytes) -> float:
        return float(len(decode_positions(valuestring)) * self.field_boost)


class Words(fields.TEXT):  # type: ignore[misc]
    """A scorable text field whose value is a list of already analysed words."""

    def __init__(self, positions: bool) -> None:
        super().__init__(phrase=positions)
        self.positions = positions
        if positions:
            self.format: Any = CompactPositions()

    def index(self, value: list[str], **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if self.positions:
            where: dict[str, list[int]] = {}
            for pos, word in enumerate(value):
                where.setdefault(word, []).append(pos)
            for word, poses in where.items():
                yield word.encode("utf-8"), len(poses), float(len(poses)), encode_positions(poses)
        else:
            counts: dict[str, int] = {}
            for word in value:
                counts[word] = counts.get(word, 0) + 1
            for word, n in counts.items():
                yield word.encode("utf-8"), n, float(n), pack_uint(n)


_FLOATS = tuple(float(n) for n in range(256))


def position_postings(
    where: dict[str, list[int]], share: Callable[[bytes], bytes]
) -> tuple[list[float], list[bytes], int]:
    """Weights and values ``Words(positions=True).index`` gives for ``where`` (word -> positions).

    Returns them in ``where``'s order, with the extra bytes held by values longer than
    ``pool.SHARED_MAX`` (as ``CompactPool.add_doc`` counts them); shorter values are ``share``d.
    """
    weights: list[float] = []
    values: list[bytes] = []
    held = 0
    one = ONE_BYTE
    for poses in where.values():
        n = len(poses)
        weights.append(_FLOATS[n] if n < 256 else float(n))
        if n == 1 and poses[0] < WIDE:
            values.append(one[poses[0]])
            continue
        value = encode_positions(poses)
        if len(value) <= SHARED_MAX:
            value = share(value)
        else:
            held += 33 + len(value)
        values.append(value)
    return weights, values, held


def frequency_postings(counts: dict[str, int]) -> tuple[list[float], list[bytes]]:
    """Weights and values ``Words(positions=False).index`` gives for ``counts`` (word -> count).

    Values are ``pool.UINTS`` where they can be, so are shared like other short values.
    """
    uints = UINTS
    floats = _FLOATS
    weights: list[float] = []
    values: list[bytes] = []
    for n in counts.values():
        if n < 256:
            weights.append(floats[n])
            values.append(uints[n])
        else:
            weights.append(float(n))
            values.append(pack_uint(n))
    return weights, values


def source_term(source_id: str) -> str:
    """The ``source`` term of a source id; always encodable as UTF-8, one term per id.

    An id from a file name with undecodable bytes holds lone surrogates (``os.fsdecode``), which
    Whoosh cannot encode: such an id is stored as NUL plus the hex of its bytes. File names never
    contain NUL, so this never collides with another id, and other ids keep their own term.
    """
    try:
        source_id.encode("utf-8")
    except UnicodeEncodeError:
        return "\0" + source_id.encode("utf-8", "surrogateescape").hex()
    return source_id


def make_schema() -> Any:
    return fields.Schema(
        source=fields.ID(),
        exact=Words(positions=True),
        body=Words(positions=False),
        names=Words(positions=False),
        doc=fields.STORED(),
    )


def make_codec() -> Any:
    """Whoosh's codec without per-block length statistics.

    Those only serve block-quality skipping, which our searches turn off (they count every match),
    and gathering them reads a field length back for every posting: a quarter of a full build.
    """
    instance = codec.W3Codec()
    instance.length_stats = False
    return instance
