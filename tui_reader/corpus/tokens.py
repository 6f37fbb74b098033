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


_MARKS_UNICODE_14 = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1-\u05c2\u05c4-\u05c5\u05c7"
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7-\u06e8\u06ea-\u06ed"
    "\u0711\u0730-\u074a\u07a6-\u07b0\u07eb-\u07f3\u07fd\u0816-\u0819\u081b-\u0823"
    "\u0825-\u0827\u0829-\u082d\u0859-\u085b\u0898-\u089f\u08ca-\u08e1\u08e3-\u0903"
    "\u093a-\u093c\u093e-\u094f\u0951-\u0957\u0962-\u0963\u0981-\u0983\u09bc\u09be-\u09c4"
    "\u09c7-\u09c8\u09cb-\u09cd\u09d7\u09e2-\u09e3\u09fe\u0a01-\u0a03\u0a3c\u0a3e-\u0a42"
    "\u0a47-\u0a48\u0a4b-\u0a4d\u0a51\u0a70-\u0a71\u0a75\u0a81-\u0a83\u0abc\u0abe-\u0ac5"
    "\u0ac7-\u0ac9\u0acb-\u0acd\u0ae2-\u0ae3\u0afa-\u0aff\u0b01-\u0b03\u0b3c\u0b3e-\u0b44"
    "\u0b47-\u0b48\u0b4b-\u0b4d\u0b55-\u0b57\u0b62-\u0b63\u0b82\u0bbe-\u0bc2\u0bc6-\u0bc8"
    "\u0bca-\u0bcd\u0bd7\u0c00-\u0c04\u0c3c\u0c3e-\u0c44\u0c46-\u0c48\u0c4a-\u0c4d"
    "\u0c55-\u0c56\u0c62-\u0c63\u0c81-\u0c83\u0cbc\u0cbe-\u0cc4\u0cc6-\u0cc8\u0cca-\u0ccd"
    "\u0cd5-\u0cd6\u0ce2-\u0ce3\u0d00-\u0d03\u0d3b-\u0d3c\u0d3e-\u0d44\u0d46-\u0d48"
    "\u0d4a-\u0d4d\u0d57\u0d62-\u0d63\u0d81-\u0d83\u0dca\u0dcf-\u0dd4\u0dd6\u0dd8-\u0ddf"
    "\u0df2-\u0df3\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ecd"
    "\u0f18-\u0f19\u0f35\u0f37\u0f39\u0f3e-\u0f3f\u0f71-\u0f84\u0f86-\u0f87\u0f8d-\u0f97"
    "\u0f99-\u0fbc\u0fc6\u102b-\u103e\u1056-\u1059\u105e-\u1060\u1062-\u1064\u1067-\u106d"
    "\u1071-\u1074\u1082-\u108d\u108f\u109a-\u109d\u135d-\u135f\u1712-\u1715\u1732-\u1734"
    "\u1752-\u1753\u1772-\u1773\u17b4-\u17d3\u17dd\u180b-\u180d\u180f\u1885-\u1886\u18a9"
    "\u1920-\u192b\u1930-\u193b\u1a17-\u1a1b\u1a55-\u1a5e\u1a60-\u1a7c\u1a7f\u1ab0-\u1ace"
    "\u1b00-\u1b04\u1b34-\u1b44\u1b6b-\u1b73\u1b80-\u1b82\u1ba1-\u1bad\u1be6-\u1bf3"
    "\u1c24-\u1c37\u1cd0-\u1cd2\u1cd4-\u1ce8\u1ced\u1cf4\u1cf7-\u1cf9\u1dc0-\u1dff"
    "\u20d0-\u20f0\u2cef-\u2cf1\u2d7f\u2de0-\u2dff\ufe00-\ufe0f\ufe20-\ufe2f"
)
"""``_mark_class()`` under Unicode 14.0.0 (Python 3.11), written out: computing it walks 11,000
code points, 5 ms of every start."""
_MARKS = _MARKS_UNICODE_14 if unicodedata.unidata_version == "14.0.0" else _mark_class()
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
