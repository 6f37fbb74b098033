"""One pass over a passage's words, shared by indexing and highlighting so they always agree.

Words come from ``corpus.tokens`` (the same tokenizer the query parser uses), folded (case and
accents), then stemmed (Porter, stop words kept) for ``body`` and keyed (``corpus.names``) for
``names``. Only capitalised words get a name key: spelling variants are a property of names, and
keying every word would double the index and blur ordinary words together.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from tui_reader.corpus.names import name_key
from tui_reader.corpus.tokens import tokenize
from tui_reader.index._whoosh import porter

NAME_BOOST = 0.5
"""A spelling variant counts, but less than the word as typed."""


@lru_cache(maxsize=200_000)
def stem(folded: str) -> str:
    result: str = porter.stem(folded)
    return result


@lru_cache(maxsize=200_000)
def key(folded: str) -> str:
    return name_key(folded)


def words(text: str) -> Iterator[tuple[str, int, int, bool]]:
    """``(folded, start, end, capitalised)`` for every word; positions in ``exact`` count these."""
    for folded, start, end in tokenize(text):
        if folded:
            yield folded, start, end, text[start].isupper()


@dataclass(slots=True)
class Analyzed:
    exact: list[str]
    body: list[str]
    names: list[str]


def analyze(text: str) -> Analyzed:
    """Field values for one passage; ``body`` and ``names`` leave out what ``exact`` holds."""
    exact: list[str] = []
    body: list[str] = []
    names: list[str] = []
    for folded, _start, _end, capital in words(text):
        exact.append(folded)
        stemmed = stem(folded)
        if stemmed != folded:
            body.append(stemmed)
        if capital:
            keyed = key(folded)
            if keyed != folded:
                names.append(keyed)
    return Analyzed(exact, body, names)


def lookups(folded: str) -> list[tuple[str, str, float]]:
    """``(field, term, boost)`` that find every passage with a word of the same stem or name key.

    A word that is its own stem or key is only in ``exact`` (see ``analyze``), so the stem and the
    key are also looked up there, but only when they are their own stem or key: otherwise no word
    indexed in ``exact`` can be equal to them and still belong to the group.
    """
    stemmed, keyed = stem(folded), key(folded)
    found = {("body", stemmed): 1.0}
    if stem(stemmed) == stemmed:
        found[("exact", stemmed)] = 1.0
    found[("names", keyed)] = NAME_BOOST
    if key(keyed) == keyed:
        found.setdefault(("exact", keyed), NAME_BOOST)
    return [(field, term, boost) for (field, term), boost in found.items()]
