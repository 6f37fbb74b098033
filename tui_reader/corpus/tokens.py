"""Word tokens with character offsets, and the folding used for case/accent-insensitive matching."""

from __future__ import annotations

import re
import unicodedata

# Numbers keep their inner separators ("19.3", "5,660", "1.000.000"); dotted abbreviations keep
# their dots ("U.S.", "e.g."); words keep inner apostrophes ("isn't", "O'Brien"). Hyphens and
# dashes split ("28-point" -> "28", "point"), like the Whoosh tokenizer, so a hyphenated
# compound still matches its parts.


def _mark_class() -> str:
    """A regex class of the combining marks (Unicode M*) of the scripts news is written in.

    ``\\w`` does not match them, so without them "مَرحبا" (with harakat) or "हिन्दी" (vowel signs)
    would split into pieces.
    """
    codes = [
        c
        for c in [*range(0x0300, 0x3000), *range(0xFE00, 0xFE30)]
        if unicodedata.category(chr(c)).startswith("M")
    ]
    ranges: list[tuple[int, int]] = []
    for c in codes:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1] = (ranges[-1][0], c)
        else:
            ranges.append((c, c))
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


_MARKS = _mark_class()
_WORD = rf"[^\W_]+(?:[{_MARKS}]+[^\W_]*)*"
_TOKEN_RE = re.compile(
    r"\d+(?:[.,]\d+)+"
    r"|(?:[^\W\d_]\.){2,}"
    rf"|{_WORD}(?:['’ʼ]{_WORD})*"
)
_POSSESSIVE_RE = re.compile(r"['’ʼ][sS]$")

# Combining diacritics (Latin, Greek, Cyrillic, Hebrew points, Arabic harakat). Indic vowel
# signs are not accents and stay.
_COMBINING_RE = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
    "\u064b-\u065f\u0670\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
# Letters that NFKD does not decompose but that readers treat as accented forms.
_FOLD_EXTRA = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "ħ": "h",
    }
)


def fold(s: str) -> str:
    """Case- and accent-insensitive form: casefold, NFKD, drop combining diacritics.

    Typographic apostrophes become ``'`` and a few letters NFKD keeps (ł, ø, æ, œ, ...) are
    mapped to their base letters, so "Wałęsa" and "Walesa", "Ukraine’s" and "Ukraine's" fold alike.
    """
    if s.isascii():
        return s.lower()
    decomposed = unicodedata.normalize("NFKD", s.casefold().translate(_FOLD_EXTRA))
    if decomposed.isascii():
        return decomposed
    return _COMBINING_RE.sub("", decomposed)


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Word tokens as ``(folded token, start, end)`` with offsets into ``text``.

    A possessive ``'s`` is not part of the token: "Ukraine's" gives ``"ukraine"`` spanning
    "Ukraine", so it matches "Ukraine"; other apostrophes stay inside ("isn't" -> ``"isn't"``).
    Known limit: a contraction like "it's" also gives ``"it"``.
    """
    tokens: list[tuple[str, int, int]] = []
    for match in _TOKEN_RE.finditer(text):
        word = match.group()
        start, end = match.span()
        if len(word) > 2 and _POSSESSIVE_RE.search(word):
            word = word[:-2]
            end -= 2
        tokens.append((fold(word), start, end))
    return tokens


def token_texts(text: str) -> list[str]:
    """The text of every token ``tokenize`` finds, in order, as matched: without offsets, and with
    a possessive ``'s`` still on (``token_fold`` takes it off). For indexing, where offsets are
    not needed and one word's fold can be remembered.
    """
    found: list[str] = _TOKEN_RE.findall(text)
    return found


def token_fold(matched: str) -> str:
    """The folded token ``tokenize`` gives for a token text of ``token_texts``."""
    if len(matched) > 2 and _POSSESSIVE_RE.search(matched):
        matched = matched[:-2]
    return fold(matched)
