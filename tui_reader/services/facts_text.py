"""Small text helpers shared by the fact extractors: folding, sentences, word lists."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tui_reader.corpus.tokens import fold
from tui_reader.models import Passage, Span

__all__ = [
    "DAYS",
    "MONTHS",
    "STOP_WORDS",
    "fold",
    "sentence_at",
    "sentences",
    "split_sentences",
    "word_list",
    "word_set",
]


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


def word_list(text: str) -> list[str]:
    return text.split()


_ABBREVIATIONS = word_set(
    """mr mrs ms dr prof st gen sen rep gov lt col sgt capt jr sr vs etc inc ltd co no fig"""
)
_SENTENCE_END = re.compile(r"[.!?]+[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of ``text``: a plain fallback for passages that come without them."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()].rsplit(None, 1)
        last = before[-1] if before else ""
        word = last.rstrip(".").lower()
        # "Mr. Witkoff", "U.S. officials", "J. Smith": a period that ends no sentence.
        if word in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", word):
            continue
        end = match.start() + len(match.group().rstrip())
        spans.append((start, end))
        start = match.end()
    if start < len(text.rstrip()):
        spans.append((start, len(text.rstrip())))
    return spans or [(0, len(text))]


def sentences(passage: Passage) -> tuple[Span, ...]:
    return passage.sentences or tuple(split_sentences(passage.text))


def sentence_at(spans: tuple[Span, ...], offset: int) -> Span:
    for span in spans:
        if span[0] <= offset < span[1]:
            return span
    return (0, 0)


WORD = re.compile(r"[^\W\d_](?:[\w]|['’\-](?=\w))*")


def words(text: str) -> Iterator[re.Match[str]]:
    return WORD.finditer(text)


STOP_WORDS = word_set(
    """a about above after again against all almost also although am among an and any are as at
    be because been before being below between both but by can could did do does doing down
    during each even ever every few for from further had has have having he her here hers
    herself him himself his how however i if in into is it its itself just last least less
    many may me might more most much must my myself near nearly next no nor not now of off
    on once only or other others our ours out over own per same she should since so some
    such than that the their theirs them then there these they this those through thus to
    too under until up upon us very was we were what when where which while who whom whose
    why will with within without would yet you your yours"""
)
"""Function words: they end a counted noun phrase and never start a name."""

MONTHS = word_list(
    """january february march april may june july august september october november december"""
)
DAYS = word_list("monday tuesday wednesday thursday friday saturday sunday")
