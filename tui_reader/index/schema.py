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

from collections.abc import Iterator
from typing import Any

from tui_reader.index._whoosh import codec, fields, pack_uint
from tui_reader.index.version import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Words", "make_codec", "make_schema", "source_term"]


class Words(fields.TEXT):  # type: ignore[misc]
    """A scorable text field whose value is a list of already analysed words."""

    def __init__(self, positions: bool) -> None:
        super().__init__(phrase=positions)
        self.positions = positions

    def index(self, value: list[str], **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if self.positions:
            where: dict[str, list[int]] = {}
            for pos, word in enumerate(value):
                where.setdefault(word, []).append(pos)
            encode = self.format.encode
            for word, poses in where.items():
                yield word.encode("utf-8"), len(poses), float(len(poses)), encode(poses)
        else:
            counts: dict[str, int] = {}
            for word in value:
                counts[word] = counts.get(word, 0) + 1
            for word, n in counts.items():
                yield word.encode("utf-8"), n, float(n), pack_uint(n)


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
