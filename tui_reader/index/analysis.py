"""One pass over a passage's words, shared by indexing and highlighting so they always agree.

Words come from ``corpus.tokens`` (the same tokenizer the query parser uses), folded (case and
accents), then stemmed (Porter, stop words kept) for ``body`` and keyed (``corpus.names``) for
``names``. Only capitalised words get a name key: spelling variants are a property of names, and
keying every word would double the index and blur ordinary words together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from tui_reader.corpus.names import name_key
from tui_reader.corpus.tokens import token_fold, token_texts, tokenize
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


@dataclass(slots=True)
class Terms:
    """A passage's index terms: what ``Words.index`` makes of ``analyze``'s word lists."""

    exact: dict[str, list[int]]
    """Word -> its positions."""
    body: dict[str, int]
    """Stem -> count."""
    names: dict[str, int]
    """Name key -> count."""
    exact_length: int
    body_length: int
    names_length: int


_Word = tuple[str, str | None, str | None]
_seen: dict[str, _Word | tuple[()]] = {}
"""Token text -> ``(folded, stem or None, name key or None)`` (None where ``analyze`` leaves it
out); ``()`` for a token that folds to nothing."""
SEEN_LIMIT = 500_000


def _word(matched: str) -> _Word | tuple[()]:
    folded = token_fold(matched)
    if not folded:
        return ()
    stemmed = stem(folded)
    keyed = key(folded) if matched[0].isupper() else folded
    return folded, (stemmed if stemmed != folded else None), (keyed if keyed != folded else None)


def terms(text: str) -> Terms:
    """``analyze(text)`` counted into terms in one pass, without offsets (indexing only).

    Each distinct token text is folded, stemmed and keyed once per process (``_seen``).
    """
    seen = _seen
    if len(seen) > SEEN_LIMIT:
        seen.clear()
    where: dict[str, list[int]] = {}
    body: list[str] = []
    names: list[str] = []
    pos = 0
    for matched in token_texts(text):
        word = seen.get(matched)
        if word is None:
            word = seen[matched] = _word(matched)
        if not word:
            continue
        folded, stemmed, keyed = word
        poses = where.get(folded)
        if poses is None:
            where[folded] = [pos]
        else:
            poses.append(pos)
        pos += 1
        if stemmed is not None:
            body.append(stemmed)
        if keyed is not None:
            names.append(keyed)
    return Terms(where, Counter(body), Counter(names), pos, len(body), len(names))


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
