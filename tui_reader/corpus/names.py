"""A spelling-variant key for names transliterated in several ways (Zelensky, Zelenskyy, ...)."""

from __future__ import annotations

import re

from tui_reader.corpus.tokens import fold

_NON_LETTERS_RE = re.compile(r"[\W\d_]+")
_POSSESSIVE_RE = re.compile(r"'s$")
_TAIL_RE = re.compile(r"(?<=[^iyj])[iyj]+$")
_CONSONANTS = "bcdfghklmnpqrstvwxz"  # Latin consonants, without j and y
_INNER_Y_RE = re.compile(f"(?<=[{_CONSONANTS}])y(?=[{_CONSONANTS}])")
MIN_LENGTH = 6


def name_key(word: str) -> str:
    """A key that is equal for common transliteration variants of one name.

    Rule, applied to any word (no list of names):

    1. ``fold`` (casefold, strip accents), drop a possessive ``'s``, keep letters only.
    2. Words shorter than 6 letters stop here: short words collide too easily
       (sky/ski, city/Citi, holy/Holi, Sunni/sunny, Yury/Yuri stay apart).
    3. A final run of ``i``/``y``/``j`` becomes one ``i``: Zelensky, Zelenskyy, Zelenskiy,
       Zelenskij, Zelenskyi -> ``zelenski``; Dmitry/Dmitriy/Dmitrii -> ``dmitri``;
       Sergey/Sergei/Sergej -> ``sergei``; Andriy/Andrii -> ``andri``.
    4. A ``y`` between two consonants becomes ``i``: Volodymyr/Volodimir, Svyrydenko/Sviridenko.

    Doubled letters are *not* collapsed in general: that would merge good/god, later/latter,
    off/of. Known false merges (different words with one key): Sydney/Sidney, Brandy/Brandi,
    Kenny/Kenni, and English -y words of 6+ letters with a rare -i spelling. Known misses:
    Kyiv/Kiev, Andrey/Andriy, Sybiha/Sybhia, Mohammed/Muhammad.
    """
    key = _NON_LETTERS_RE.sub("", _POSSESSIVE_RE.sub("", fold(word)))
    if len(key) < MIN_LENGTH or not key.isascii():
        return key
    key = _TAIL_RE.sub("i", key)
    return _INNER_Y_RE.sub("i", key)
