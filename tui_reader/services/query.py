"""Our own small query language, parsed in pure Python so that any engine can serve it.

``parse_query`` never raises and runs in time bounded by ``MAX_CHARS`` for any input. Whatever
it cannot take as written is rewritten to something safe; ``ParsedQuery.notice`` says how.

Grammar (uppercase operators only; lowercase ``and``/``or``/``not`` are words)::

    query  := or
    or     := and ("OR" and)*
    and    := unary (["AND"] unary)*          implicit AND between neighbours
    unary  := ("NOT" | "-")* atom             an even number of NOTs cancels out
    atom   := "(" query ")" | '"' words '"' | word["*"]

Words are tokenized and folded exactly like documents (``corpus.tokens``); a word that splits
into several tokens (``U.S.``, ``well-known``) becomes a phrase of them, so it matches what
indexing made of the same characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from tui_reader.corpus.tokens import tokenize

MAX_CHARS = 1000
MAX_WORD = 64
MAX_TERMS = 32
MAX_DEPTH = 8
MAX_NOTICE = 240


@dataclass(frozen=True, slots=True)
class Term:
    """A folded word; ``prefix`` matches every indexed word that starts with it."""

    text: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    """Folded words in this order, as written (no stemming, stop words kept)."""

    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Node


Node: TypeAlias = "Term | Phrase | And | Or | Not"


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """The tree (``None`` when nothing searchable is left), a notice, and the cleaned text."""

    root: Node | None
    notice: str | None
    text: str

    @property
    def empty(self) -> bool:
        return self.root is None

    def positives(self) -> tuple[Term | Phrase, ...]:
        """Terms and phrases that are not under a ``Not``: what a hit should highlight."""
        found: dict[Term | Phrase, None] = {}
        if self.root is not None:
            for leaf in _positive_leaves(self.root):
                found.setdefault(leaf, None)
        return tuple(found)


def walk(node: Node) -> Iterator[Node]:
    """Every node of a tree, parents first."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, And | Or):
            stack.extend(reversed(current.items))
        elif isinstance(current, Not):
            stack.append(current.item)


def _positive_leaves(node: Node) -> Iterator[Term | Phrase]:
    if isinstance(node, Term | Phrase):
        yield node
    elif isinstance(node, And | Or):
        for item in node.items:
            yield from _positive_leaves(item)


# --------------------------------------------------------------------------- lexing

_LP, _RP, _AND, _OR, _NOT, _WORD, _PHRASE = range(7)
_OPEN_QUOTES = '"“„'
_CLOSE_QUOTES = '"”“'
_STOPS = frozenset(' ()[]{}"“”„') | frozenset("\t\n\r\f\v")
_RANGE_CHARS = frozenset("[]{}")
_OPERATORS: dict[str, tuple[int, ...]] = {
    "AND": (_AND,),
    "&&": (_AND,),
    "OR": (_OR,),
    "||": (_OR,),
    "NOT": (_NOT,),
    "ANDNOT": (_AND, _NOT),
}
_FIELD = re.compile(r"^[^\W\d_][\w.-]*:")
_SUFFIX = re.compile(r"[~^][\d.]*$")


@dataclass(slots=True)
class _Tok:
    kind: int
    raw: str = ""
    typing: bool = False  # the word the user is still typing (nothing after it)


class _Notes:
    def __init__(self) -> None:
        self.items: dict[str, None] = {}

    def add(self, message: str) -> None:
        self.items.setdefault(message, None)

    def text(self) -> str | None:
        if not self.items:
            return None
        joined = "; ".join(self.items)
        if len(joined) > MAX_NOTICE:
            joined = joined[: MAX_NOTICE - 1].rstrip() + "…"
        return joined[0].upper() + joined[1:]


def _show(word: str) -> str:
    shown = word if len(word) <= 24 else word[:23] + "…"
    return f"'{shown}'"


def _clean(text: str, notes: _Notes) -> str:
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
        notes.add(f"query cut to its first {MAX_CHARS:,} characters")
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    control = False
    for char in text:
        category = unicodedata.category(char)
        if char in "\t\n\r":
            out.append(" ")
        elif category in ("Cc", "Cs", "Co"):
            control = True
            out.append(" ")
        elif category == "Cf":
            continue  # zero-width and direction marks: invisible, not part of any word
        else:
            out.append(char)
    if control:
        notes.add("removed control characters")
    return "".join(out)


def _lex(text: str, notes: _Notes) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(text)
    in_range = False
    while i < n:
        char = text[i]
        if char == " ":
            i += 1
        elif char == "(":
            toks.append(_Tok(_LP))
            i += 1
        elif char == ")":
            toks.append(_Tok(_RP))
            i += 1
        elif char in _RANGE_CHARS:
            notes.add("ranges [a TO b] are not supported: searched the words")
            in_range = char in "[{"
            i += 1
        elif char in _OPEN_QUOTES:
            end = next((j for j in range(i + 1, n) if text[j] in _CLOSE_QUOTES), -1)
            if end < 0:
                notes.add("added the missing closing quote")
                toks.append(_Tok(_PHRASE, text[i + 1 :]))
                i = n
            else:
                toks.append(_Tok(_PHRASE, text[i + 1 : end]))
                i = end + 1
                suffix = re.match(r"[~^][\d.]*", text[i:])
                if suffix:
                    notes.add(f"dropped {suffix.group()!s} after the phrase (not supported)")
                    i += suffix.end()
        elif char in _STOPS:
            # A closing quote with no opening one ("police”"), or any other stop character no
            # branch above takes: skip it. Without this the loop below makes no progress.
            if char in _CLOSE_QUOTES:
                notes.add("ignored an unmatched closing quote")
            i += 1
        else:
            j = i
            while j < n and text[j] not in _STOPS:
                j += 1
            raw = text[i:j]
            i = j
            _lex_word(raw, toks, notes, in_range, at_end=j == n)
    return toks


def _lex_word(raw: str, toks: list[_Tok], notes: _Notes, in_range: bool, at_end: bool) -> None:
    if raw in _OPERATORS:
        toks.extend(_Tok(kind) for kind in _OPERATORS[raw])
        return
    if raw == "TO" and in_range:
        return
    signs = 0
    while raw[:1] in ("-", "+"):
        signs += raw[0] == "-"
        raw = raw[1:]
    if signs:
        if signs > 1:
            notes.add("repeated '-' read as one")
        toks.append(_Tok(_NOT))
    if raw:
        toks.append(_Tok(_WORD, raw, typing=at_end))


def _balance(toks: list[_Tok], notes: _Notes) -> list[_Tok]:
    """Drop unmatched ``)``, close unmatched ``(``, flatten nesting beyond ``MAX_DEPTH``."""
    out: list[_Tok] = []
    kept: list[bool] = []  # for each open "(": whether it was kept
    for tok in toks:
        if tok.kind == _LP:
            keep = sum(kept) < MAX_DEPTH
            if not keep:
                notes.add(f"parentheses nested deeper than {MAX_DEPTH} levels were flattened")
            kept.append(keep)
            if keep:
                out.append(tok)
        elif tok.kind == _RP:
            if not kept:
                notes.add("ignored an unmatched ')'")
            elif kept.pop():
                out.append(tok)
        else:
            out.append(tok)
    if kept:
        notes.add("added the missing ')'")
        out.extend(_Tok(_RP) for keep in kept if keep)
    return out


# --------------------------------------------------------------------------- words


class _Words:
    """Turns one raw word or phrase into nodes, counting terms against ``MAX_TERMS``."""

    def __init__(self, notes: _Notes) -> None:
        self.notes = notes
        self.terms = 0

    def _take(self, tokens: list[str]) -> list[str]:
        room = MAX_TERMS - self.terms
        if len(tokens) > room:
            self.notes.add(f"only the first {MAX_TERMS} words were searched")
            tokens = tokens[: max(room, 0)]
        self.terms += len(tokens)
        return tokens

    def tokens(self, text: str) -> list[str]:
        words: list[str] = []
        for folded, _start, _end in tokenize(text):  # tokens come folded
            if not folded:
                continue
            if len(folded) > MAX_WORD:
                self.notes.add(f"long words were cut to {MAX_WORD} characters")
                folded = folded[:MAX_WORD]
            words.append(folded)
            if len(words) > MAX_TERMS:
                break
        return words

    def phrase(self, raw: str) -> Node | None:
        cleaned = re.sub(r"[*?]", " ", raw)
        if cleaned != raw:
            self.notes.add("wildcards inside quotes are not supported: searched the words")
        found = self.tokens(cleaned)
        if not found:
            if raw.strip():
                self.notes.add(f"nothing searchable in {_show(raw.strip())}")
            else:
                self.notes.add("ignored empty quotes")
            return None
        words = self._take(found)
        if not words:
            return None
        return Phrase(tuple(words))

    def word(self, raw: str, typing: bool) -> Node | None:
        original = raw
        suffix = _SUFFIX.search(raw)
        if suffix and suffix.start() > 0:
            raw = raw[: suffix.start()]
            if suffix.group()[0] == "~":
                self.notes.add(f"fuzzy {_show(original)} is not supported: searched {_show(raw)}")
            else:
                self.notes.add(f"boost {_show(original)} is not supported: searched {_show(raw)}")
            typing = False
        elif "~" in raw or "^" in raw:
            raw = raw.replace("~", " ").replace("^", " ")
            typing = False
        if _FIELD.match(raw):
            self.notes.add(f"field:value is not supported: searched {_show(raw)} as plain words")
            parts = [self.word(part, False) for part in raw.split(":") if part]
            return _and([p for p in parts if p is not None])
        prefix = False
        if raw[:1] in ("*", "?"):
            stripped = raw.lstrip("*?")
            if stripped:
                self.notes.add(f"leading wildcards are not supported: searched {_show(stripped)}")
            raw = stripped
            typing = False
        if raw.endswith("*"):
            raw = raw.rstrip("*")
            prefix = True
            typing = False
        elif raw.endswith("?") and "*" not in raw:
            raw = raw.rstrip("?")
            typing = False
            if "?" not in raw and raw:
                self.notes.add(f"'?' is not a wildcard: searched {_show(raw)}")
        cut = min((k for k in (raw.find("*"), raw.find("?")) if k >= 0), default=-1)
        if cut >= 0:
            raw = raw[:cut]
            prefix = True
            typing = False
            self.notes.add(
                f"wildcards inside a word are not supported: searched {_show(raw + '*')}"
            )
        if not raw:
            if original.strip("*?~^0123456789."):
                self.notes.add(f"nothing searchable in {_show(original)}")
            elif "*" in original or "?" in original:
                self.notes.add("a lone wildcard was ignored")
            return None
        found = self.tokens(raw)
        if not found:
            self.notes.add(f"nothing searchable in {_show(original)}")
            return None
        words = self._take(found)
        if not words:
            return None
        if len(words) > 1:
            if prefix:
                self.notes.add(f"the wildcard in {_show(original)} was ignored")
            return Phrase(tuple(words))
        term = Term(words[0], prefix=prefix)
        if typing and not prefix:
            return Or((term, Term(words[0], prefix=True)))
        return term


# --------------------------------------------------------------------------- parsing


class _Parser:
    def __init__(self, toks: list[_Tok], notes: _Notes, as_you_type: bool) -> None:
        self.toks = toks
        self.i = 0
        self.notes = notes
        self.words = _Words(notes)
        self.as_you_type = as_you_type

    def peek(self) -> int | None:
        return self.toks[self.i].kind if self.i < len(self.toks) else None

    def parse_or(self) -> Node | None:
        items: list[Node] = []
        while True:
            node = self.parse_and()
            if node is not None:
                items.append(node)
            if self.peek() != _OR:
                break
            self.i += 1
            if not items or self.peek() in (None, _RP, _OR):
                self.notes.add("ignored an OR with nothing on one side")
        return _or(items, self.notes)

    def parse_and(self) -> Node | None:
        items: list[Node] = []
        while self.peek() not in (None, _RP, _OR):
            if self.peek() == _AND:
                self.i += 1
                if not items or self.peek() in (None, _RP, _OR, _AND):
                    self.notes.add("ignored an AND with nothing on one side")
                continue
            node = self.parse_unary()
            if node is not None:
                items.append(node)
        return _and(items)

    def parse_unary(self) -> Node | None:
        nots = 0
        while self.peek() == _NOT:
            self.i += 1
            nots += 1
        if nots > 1:
            self.notes.add(
                "repeated NOT read as " + ("NOT" if nots % 2 else "nothing (they cancel)")
            )
        if self.peek() in (None, _RP, _OR, _AND):
            if nots:
                self.notes.add("ignored a NOT with nothing after it")
            return None
        node = self.parse_atom(negated=nots % 2 == 1)
        if node is None:
            return None
        return Not(node) if nots % 2 else node

    def parse_atom(self, negated: bool) -> Node | None:
        tok = self.toks[self.i]
        self.i += 1
        if tok.kind == _LP:
            inner = self.parse_or()
            if self.peek() == _RP:
                self.i += 1
            return inner
        if tok.kind == _PHRASE:
            return self.words.phrase(tok.raw)
        typing = self.as_you_type and tok.typing and not negated
        return self.words.word(tok.raw, typing)


def _and(items: list[Node]) -> Node | None:
    flat: dict[Node, None] = {}
    for item in items:
        for part in item.items if isinstance(item, And) else (item,):
            flat.setdefault(part, None)
    if not flat:
        return None
    return next(iter(flat)) if len(flat) == 1 else And(tuple(flat))


def _or(items: list[Node], notes: _Notes) -> Node | None:
    flat: dict[Node, None] = {}
    for item in items:
        for part in item.items if isinstance(item, Or) else (item,):
            flat.setdefault(part, None)
    if len(flat) > 1:
        positive = [part for part in flat if _has_positive(part)]
        if len(positive) < len(flat):
            notes.add("a query cannot only exclude words: dropped the OR branch that did")
            flat = dict.fromkeys(positive)
    if not flat:
        return None
    return next(iter(flat)) if len(flat) == 1 else Or(tuple(flat))


def _has_positive(node: Node) -> bool:
    if isinstance(node, Term | Phrase):
        return True
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(_has_positive(item) for item in node.items)
    return all(_has_positive(item) for item in node.items)


def _simplify(node: Node, notes: _Notes) -> Node | None:
    """Cancel double negations and drop groups that only exclude (they would match everything)."""
    if isinstance(node, Term | Phrase):
        return node
    if isinstance(node, Not):
        inner = _simplify(node.item, notes)
        if inner is None:
            return None
        if isinstance(inner, Not):
            notes.add("NOT NOT cancels out")
            return inner.item
        return Not(inner)
    parts = [p for p in (_simplify(item, notes) for item in node.items) if p is not None]
    if isinstance(node, Or):
        return _or(parts, notes)
    if parts and not any(_has_positive(p) for p in parts):
        notes.add("a query cannot only exclude words")
        return None
    return _and(parts)


def parse_query(text: str, *, as_you_type: bool = False) -> ParsedQuery:
    """Parse any text into a safe query; never raises.

    With ``as_you_type``, the last word (when nothing follows it, not even a space) also matches
    as a prefix, so results do not vanish while a word is half typed.
    """
    notes = _Notes()
    try:
        text = text if isinstance(text, str) else str(text)
        cleaned = _clean(text, notes)
        toks = _balance(_lex(cleaned, notes), notes)
        if toks and all(t.kind in (_AND, _OR, _NOT, _LP, _RP) for t in toks):
            cut = len(text) > MAX_CHARS
            notes.items.clear()
            message = "The query has only operators: nothing to search"
            if cut:  # "(((( ... x" cut before its word: say why the word is gone
                message = (
                    f"The query's first {MAX_CHARS:,} characters hold only operators: "
                    "nothing to search"
                )
            return ParsedQuery(None, message, cleaned)
        parser = _Parser(toks, notes, as_you_type)
        root = parser.parse_or()
        while parser.i < len(toks):  # a stray ")" at top level cannot survive _balance; be safe
            parser.i += 1
            more = parser.parse_or()
            root = _and([n for n in (root, more) if n is not None])
        if root is not None:
            root = _simplify(root, notes)
        if isinstance(root, Not):
            notes.add("a query cannot only exclude words")
            root = None
        return ParsedQuery(root, notes.text(), cleaned)
    except Exception as error:  # pragma: no cover - a parser bug must never reach the user
        return ParsedQuery(None, f"Could not read the query ({type(error).__name__})", "")
