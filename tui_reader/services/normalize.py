"""Word keys for matching statements across sources: names, numbers, units, light stemming.

Two texts that say the same thing in different surface forms should give the same keys:
``Zelensky``/``Zelenskyy`` (``corpus.names``), ``five``/``5``, ``5,660``/``5660``,
``701 sq km``/``701 km²``/``701 square kilometres``, ``19.3%``/``19.3 percent``,
``hours``/``hour``. Every key keeps the character span it came from, so a word diff can point back
into the original text. Casefolding and accents come from ``corpus.tokens``; ``clean`` has already
turned LaTeX numbers (``$701 \\text{ km}^2$``) into plain text.

Some variants only show between two texts: ``variant_aliases`` merges the names of a pair of
texts that spell one name two ways (``Sybiha``/``Sybhia``) or name a place and its people
(``Ukraine``/``Ukrainian``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from tui_reader.corpus.names import name_key
from tui_reader.corpus.tokens import tokenize
from tui_reader.services.stemmer import stem

WORD, STOP, NUMBER, NAME, UNIT = "word", "stop", "number", "name", "unit"


class Key(NamedTuple):
    """One normalised word (or a multi-word unit such as ``sq km``) and its span in the text."""

    key: str
    start: int
    end: int
    kind: str


def _words(text: str) -> list[str]:
    return text.split()


STOP_WORDS = frozenset(
    _words(
        """
    a about above after again against all almost also although am among an and another any are
    around as at be because been before being below between both but by can could did do does
    doing down during each either even ever every few for from further had has have having he her
    here hers herself him himself his how however i if in into is isn't it its itself just least
    less let like made make many may me might more most much must my myself near nearly neither no
    nor not now of off on once one only or other others our ours ourselves out over own per quite
    rather really said same say says she should since so some such than that the their theirs them
    themselves then there these they this those though through thus to too under until up upon
    us very was we were what when where whether which while who whom whose why will with within
    without would yet you your yours yourself
    according already approximately around roughly some still mr mrs ms dr
    """
    )
)

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
_ONES += "fifteen sixteen seventeen eighteen nineteen"
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_words(_ONES))}
NUMBER_WORDS.update(
    {
        w: 10 * (i + 2)
        for i, w in enumerate(_words("twenty thirty forty fifty sixty seventy eighty ninety"))
    }
)
NUMBER_WORDS["dozen"] = 12
# "one" is far more often a pronoun ("one of the", "no one") than a figure: keep it a stop word.
del NUMBER_WORDS["one"]

SCALE_WORDS = {
    "hundred": "hundred",
    "thousand": "thousand",
    "million": "million",
    "billion": "billion",
    "trillion": "trillion",
    "bn": "billion",
    "mn": "million",
    "mln": "million",
    "tn": "trillion",
}

# Single-word units and currencies, their canonical key.
UNIT_WORDS: dict[str, str] = {
    "%": "pct",
    "percent": "pct",
    "pct": "pct",
    "€": "eur",
    "eur": "eur",
    "euro": "eur",
    "euros": "eur",
    "$": "usd",
    "usd": "usd",
    "dollar": "usd",
    "dollars": "usd",
    "£": "gbp",
    "gbp": "gbp",
    "km": "km",
    "kilometre": "km",
    "kilometres": "km",
    "kilometer": "km",
    "kilometers": "km",
    "mi": "mi",
    "mile": "mi",
    "miles": "mi",
    "km2": "km2",
    "mi2": "mi2",
    "kg": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "kilogramme": "kg",
    "kilogrammes": "kg",
}
# Names of two words and their usual abbreviation: one key, so "the United States" = "the US".
_TWO_WORD_NAMES: dict[tuple[str, str], str] = {
    ("united", "states"): "us",
    ("united", "kingdom"): "uk",
    ("united", "nations"): "un",
    ("european", "union"): "eu",
}
_SQUARE = {"sq", "square"}
_SQUARED = {"km": "km2", "mi": "mi2"}

_SYMBOL_RE = re.compile(r"[%€$£]")
_NUMBER_SUFFIXES = frozenset({"st", "nd", "rd", "th", "s"})
_GLUED_RE = re.compile(r"(\d+(?:[.,]\d+)*)([^\W\d_]+[23²³]?)")
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3}){2,}")
_DECIMAL_COMMA_RE = re.compile(r"\d+,\d{1,2}")


def number_key(token: str) -> str | None:
    """``"5,660"`` -> ``"5660"``, ``"19.30"`` -> ``"19.3"``, ``"five"`` -> ``"5"``, else None."""
    if token in NUMBER_WORDS:
        return str(NUMBER_WORDS[token])
    if not token[:1].isdigit():
        return None
    text = token
    if _THOUSANDS_RE.fullmatch(text):
        text = text.replace(",", "") if "," in text else text.replace(".", "")
    elif _DECIMAL_COMMA_RE.fullmatch(text):
        text = text.replace(",", ".")
    if not re.fullmatch(r"\d+(?:\.\d+)?", text):
        return None
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.lstrip("0") or "0"


@lru_cache(maxsize=200_000)
def word_key(folded: str) -> tuple[str, str]:
    """``(key, kind)`` of one folded token, without its neighbours."""
    if folded in UNIT_WORDS:
        return UNIT_WORDS[folded], UNIT
    if folded in SCALE_WORDS:
        return SCALE_WORDS[folded], NUMBER
    number = number_key(folded)
    if number is not None:
        return number, NUMBER
    if folded in STOP_WORDS:
        return folded, STOP
    return name_key(stem(folded)), WORD


@lru_cache(maxsize=8192)
def keys(text: str) -> tuple[Key, ...]:
    """Every word of ``text`` as a ``Key``, in order; names marked ``NAME``.

    A capitalised word that does not start a sentence counts as a name (it weighs more when
    matching), and so does a stop word written as an acronym (``US`` = ``U.S.``, not "us");
    ``United States``, ``United Kingdom``, ``United Nations`` and ``European Union`` are one
    name each, keyed as their abbreviation (``us``, ``uk``, ``un``, ``eu``).
    ``sq km`` and ``square kilometres`` become one ``km2`` key spanning both words; a figure
    glued to its unit or scale is split (``€90bn`` = ``€90 billion``, ``701km²`` = ``701 km²``);
    ``%``, ``€``, ``$`` and ``£`` become unit keys of their own.
    """
    raw: list[tuple[str, int, int]] = []
    for token in tokenize(text):
        if token[0][:1].isdigit():
            raw.extend(_unglue(token))
        elif token[0]:
            raw.append(token)
    symbols = [(m.group(), m.start(), m.end()) for m in _SYMBOL_RE.finditer(text)]
    if symbols:
        raw.extend(symbols)
        raw.sort(key=lambda t: t[1])
    out: list[Key] = []
    i = 0
    while i < len(raw):
        word, start, end = raw[i]
        if word in _SQUARE and i + 1 < len(raw):
            unit = UNIT_WORDS.get(raw[i + 1][0])
            if unit in _SQUARED:
                out.append(Key(_SQUARED[unit], start, raw[i + 1][2], UNIT))
                i += 2
                continue
        if i + 1 < len(raw) and text[start].isupper() and text[raw[i + 1][1]].isupper():
            name = _TWO_WORD_NAMES.get((word, raw[i + 1][0]))
            if name is not None:
                out.append(Key(name, start, raw[i + 1][2], NAME))
                i += 2
                continue
        if word == "per" and i + 1 < len(raw) and raw[i + 1][0] == "cent":
            out.append(Key("pct", start, raw[i + 1][2], UNIT))
            i += 2
            continue
        key, kind = word_key(word)
        capitalised = kind == WORD and text[start].isupper() and not _starts_sentence(text, start)
        if capitalised or (kind == STOP and text[start].isupper() and _acronym(text, raw, i)):
            kind = NAME
        out.append(Key(key, start, end, kind))
        i += 1
    return tuple(out)


def _acronym(text: str, raw: list[tuple[str, int, int]], i: int) -> bool:
    """Whether the stop word ``raw[i]`` is written as an acronym (``US``, ``WHO``): all capitals,
    in text that is not itself in capitals (a neighbouring stop word in capitals, ``THE US``,
    means a shouted headline, where ``US`` may be the pronoun)."""
    _, start, end = raw[i]
    surface = text[start:end]
    if len(surface) < 2 or not surface.isupper():
        return False
    for n in (i - 1, i + 1):
        if 0 <= n < len(raw):
            word, s, e = raw[n]
            if word in STOP_WORDS and len(word) > 1 and text[s:e].isupper():
                return False
    return True


def _unglue(token: tuple[str, int, int]) -> list[tuple[str, int, int]]:
    """A figure glued to its unit or scale (``90bn``, ``701km2``, ``12km``) as two tokens."""
    word, start, end = token
    match = _GLUED_RE.fullmatch(word)
    if match is None:
        return [token]
    if match.group(2) in _NUMBER_SUFFIXES:
        return [(match.group(1), start, end)]  # 3rd, 1990s: the figure alone
    cut = start + match.end(1)
    unit = match.group(2).replace("²", "2").replace("³", "3")
    return [(match.group(1), start, cut), (unit, cut, end)]


def _starts_sentence(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and (text[i].isspace() or text[i] in "\"'“”‘’([•-–—*"):
        i -= 1
    return i < 0 or text[i] in ".!?:"


@lru_cache(maxsize=4096)
def content_keys(text: str) -> tuple[Key, ...]:
    """The keys of ``text`` without stop words (cached: the same passages are compared often)."""
    return tuple(k for k in keys(text) if k.kind != STOP)


# --- variants that only a pair of texts can tell apart --------------------------------------

MIN_VARIANT = 6
"""Names shorter than this are never merged by spelling distance (Mark/Marc, Iran/Iraq)."""
_DEMONYM_BASES = (
    ("ian", ("e", "a", "y", "")),  # Ukrainian/Ukraine, Canadian/Canada, Italian/Italy
    ("ean", ("e", "")),  # European/Europe, Korean/Korea
    ("an", ("a", "")),  # Russian/Russia, American/America, German/Germany (below)
    ("i", ("",)),  # Israeli/Israel, Iraqi/Iraq, Pakistani/Pakistan
    ("es", ("a", "")),  # Chinese/China, Japanese/Japan (stemmed: chines, japanes)
    ("ish", ("ey", "ia", "")),  # Turkish/Turkey
)


def _demonym_bases(key: str) -> list[str]:
    """Keys the place name of demonym ``key`` could have: ``russian`` -> ``russia``, ..."""
    out: list[str] = []
    for suffix, endings in _DEMONYM_BASES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 3:
            root = key[: -len(suffix)]
            out.extend(name_key(stem(root + e)) for e in endings)
            if suffix == "an":
                out.append(name_key(stem(root + "y")))  # German -> Germany
    return out


def _one_edit(x: str, y: str) -> bool:
    """True when ``x`` and ``y`` differ by one insertion, deletion, substitution or swap of
    two neighbouring letters (optimal string alignment distance 1)."""
    if x == y or abs(len(x) - len(y)) > 1:
        return False
    i = 0
    while i < min(len(x), len(y)) and x[i] == y[i]:
        i += 1
    if len(x) == len(y):
        if x[i + 1 :] == y[i + 1 :]:
            return True
        swapped = x[i : i + 2] == y[i + 1 : i + 2] + y[i : i + 1]
        return swapped and x[i + 2 :] == y[i + 2 :]
    if len(x) < len(y):
        return x[i:] == y[i + 1 :]
    return x[i + 1 :] == y[i:]


def variant_aliases(names: set[str]) -> dict[str, str]:
    """Merge the name keys of two texts that spell one name two ways: key -> representative.

    General rules over the names the two texts contain (no list of names):

    - a demonym joins its place when both occur: ``ukrainian`` -> ``ukrain`` (Ukraine),
      ``russian`` -> ``russia``, ``european`` -> ``europ``, ``israeli`` -> ``israel``;
    - two names of at least ``MIN_VARIANT`` letters with the same first letter that differ
      by one edit (a letter added, dropped, changed, or two neighbours swapped) are one name:
      ``sybiha``/``sybhia``, ``dmitriev``/``dmitriyev``. Shorter names stay apart.

    Known false merges: names one letter apart that are different people or places
    (``austin``/``austen``); known misses: larger differences (``kyiv``/``kiev``).
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    def union(x: str, y: str) -> None:
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)

    for key in names:
        for base in _demonym_bases(key):
            if base != key and base in names:
                union(key, base)
                break
    # One edit apart means sharing a key with one letter deleted (or being that key).
    by_deletion: dict[str, list[str]] = {}
    for key in names:
        if len(key) < MIN_VARIANT or not key.isalpha():
            continue
        for n in range(len(key) + 1):
            by_deletion.setdefault(key[:n] + key[n + 1 :], []).append(key)
    for group in by_deletion.values():
        for n, x in enumerate(group):
            for y in group[n + 1 :]:
                if x[0] == y[0] and _one_edit(x, y):
                    union(x, y)
    return {k: find(k) for k in names if find(k) != k}
