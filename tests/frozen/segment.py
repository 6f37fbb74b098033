"""Passages and sentences as character spans, so every piece can point back into the text.

Passage rule (the cleaner writes its output in this shape, but any text works): every non-empty
line is a passage, except that consecutive table rows (``| a | b |``) form one ``table`` passage
and a ``Q:`` line directly followed by an ``A:`` line forms one ``qa`` passage.

A passage is at most ``MAX_PASSAGE_CHARS`` long: a longer one (a 1 MB line without a newline,
a huge table) is cut into pieces of the same kind, at a line break, else a sentence end, else a
space in the second half of the allowed length, else hard at the bound. Search hits, highlights,
the reader and compare then work on pieces of a readable size.
"""

from __future__ import annotations

import re

from tui_reader.models import Span

PARAGRAPH = "paragraph"
HEADING = "heading"
BULLET = "bullet"
TABLE = "table"
QA = "qa"

BULLET_GLYPH = "• "
_BULLET_RE = re.compile(r"(?:[•‣◦▪▫●■□►▸➤✓✔]\s*|[·\-*+]\s+|\d{1,3}[.)]\s+|[a-z]\)\s+)\S")
_QUESTION_RE = re.compile(r"(?:Q|Question)\s*[:.]\s*\S", re.IGNORECASE)
_ANSWER_RE = re.compile(r"(?:A|Answer)\s*:\s*\S", re.IGNORECASE)
_TABLE_SEPARATOR_RE = re.compile(r"^\s*\|?[\s:|+-]*-[\s:|+-]*\|?\s*$")
_LINE_RE = re.compile(r"[^\n]+")
_WORD_RE = re.compile(r"[^\W_][\w'’.&-]*")
_HEADING_END = ".,;:!…\"”'’)]"
MAX_PASSAGE_CHARS = 4000
_MAX_HEADING_WORDS = 20
_SHORT_HEADING_WORDS = 4


def is_table_row(line: str) -> bool:
    s = line.strip()
    return len(s) > 2 and s[0] == "|" and s[-1] == "|"


def is_bullet(line: str) -> bool:
    return _BULLET_RE.match(line.lstrip()) is not None


def is_question(line: str) -> bool:
    return _QUESTION_RE.match(line) is not None


def is_answer(line: str) -> bool:
    return _ANSWER_RE.match(line) is not None


def _title_case_share(words: list[str]) -> float:
    long_words = [w for w in words if len(w) >= 4 or w[0].isupper()]
    if not long_words:
        return 1.0
    return sum(1 for w in long_words if w[0].isupper() or w[0].isdigit()) / len(long_words)


def is_heading_like(line: str) -> bool:
    """A short line without final punctuation (up to 4 words), or a Title Case line of up to 20
    words that does not end like a sentence (a final ``?`` is allowed in Title Case)."""
    s = line.strip()
    if not s or len(s) > 160 or is_bullet(s) or is_table_row(s) or is_question(s) or is_answer(s):
        return False
    words: list[str] = _WORD_RE.findall(s)
    if not words or len(words) > _MAX_HEADING_WORDS:
        return False
    if len(words) <= _SHORT_HEADING_WORDS and s[-1] not in _HEADING_END and s[-1] != "?":
        return words[0][0].isupper() or _title_case_share(words) >= 0.75
    if s[-1] in _HEADING_END:
        return False
    return _title_case_share(words) >= 0.75


def line_kind(line: str) -> str:
    if is_table_row(line):
        return TABLE
    if is_bullet(line):
        return BULLET
    if is_question(line) or is_answer(line):
        return QA
    if is_heading_like(line):
        return HEADING
    return PARAGRAPH


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _adjacent(text: str, end: int, next_start: int) -> bool:
    """Is the next line directly below (no blank line between)?"""
    return text.count("\n", end, next_start) <= 1


def split_passages(text: str) -> list[tuple[int, int, str]]:
    """Passages as ``(start, end, kind)`` spans into ``text``; never empty, never padded."""
    lines: list[tuple[int, int]] = []
    for match in _LINE_RE.finditer(text):
        start, end = _trimmed(text, *match.span())
        if start < end:
            lines.append((start, end))
    passages: list[tuple[int, int, str]] = []
    i = 0
    while i < len(lines):
        start, end = lines[i]
        kind = line_kind(text[start:end])
        i += 1
        if kind == TABLE:
            while i < len(lines) and _adjacent(text, end, lines[i][0]):
                if not is_table_row(text[lines[i][0] : lines[i][1]]):
                    break
                end = lines[i][1]
                i += 1
        elif kind == QA and is_question(text[start:end]) and i < len(lines):
            next_start, next_end = lines[i]
            if _adjacent(text, end, next_start) and is_answer(text[next_start:next_end]):
                end = next_end
                i += 1
        if end - start > MAX_PASSAGE_CHARS:
            passages.extend((s, e, kind) for s, e in _bounded(text, start, end))
        else:
            passages.append((start, end, kind))
    return passages


def _cut(text: str, start: int) -> int:
    """Where a piece starting at ``start`` (longer than the bound) ends: the last line break,
    else sentence end, else white space in the second half of the allowed length, else the bound.
    """
    limit = start + MAX_PASSAGE_CHARS
    floor = start + MAX_PASSAGE_CHARS // 2
    newline = text.rfind("\n", floor, limit)
    if newline > start:
        return newline
    sentence_ends = _boundaries(text, floor, limit)
    if sentence_ends:
        return sentence_ends[-1]
    for position in range(limit, floor, -1):
        if text[position - 1].isspace():
            return position - 1
    return limit


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` as trimmed, non-empty pieces of at most ``MAX_PASSAGE_CHARS``."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_PASSAGE_CHARS:
        cut = _cut(text, start)
        s, e = _trimmed(text, start, cut)
        if s < e:
            pieces.append((s, e))
        start = cut
    s, e = _trimmed(text, start, end)
    if s < e:
        pieces.append((s, e))
    return pieces


# --- sentences -------------------------------------------------------------------------------

# A sentence may end at . ! ? or …, plus closing quotes/brackets, followed by white space.
_END_RE = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_OPENERS = "\"'“‘«([¿¡•"
_CLOSERS = "\"'”’»)]"
# fmt: off
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "sen", "rep", "gov", "gen", "col", "lt",
    "sgt", "capt", "cmdr", "adm", "maj", "pres", "rev", "hon", "fr", "mt", "ft", "vs", "al", "inc",
    "ltd", "co", "corp", "dept", "univ", "approx",
})
# Only abbreviations when a number follows: "No. 10", "Fig. 3", "Dec. 5".
_NUMBER_ABBREVIATIONS = frozenset({
    "no", "nos", "p", "pp", "fig", "vol", "op", "art", "sec", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
# fmt: on


def _is_abbreviation(text: str, line_start: int, dot: int, following: str) -> bool:
    """Is the ``.`` at ``dot`` part of an abbreviation, an initial or a dotted acronym?"""
    word_start = dot
    while word_start > line_start and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:dot].lstrip("\"'“‘([")
    if not word:
        return False
    if len(word) == 1 and word.isalpha() and word != "I":
        return True  # an initial: "John F. Kennedy"
    if "." in word and all(part.isalpha() and len(part) <= 2 for part in word.split(".")):
        return True  # U.S., e.g., i.e., a.m.
    lowered = word.lower()
    if lowered in _NUMBER_ABBREVIATIONS:
        return following.isdigit()
    return lowered in _ABBREVIATIONS


def _boundaries(text: str, start: int, end: int) -> list[int]:
    cuts: list[int] = []
    for match in _END_RE.finditer(text, start, end):
        after = match.end()
        nxt = after
        while nxt < end and text[nxt].isspace():
            nxt += 1
        if nxt >= end:
            break
        following = text[nxt]
        if not (following.isupper() or following.isdigit() or following in _OPENERS):
            continue
        first = match.start()
        if match.group().rstrip(_CLOSERS) == "." and _is_abbreviation(
            text, start, first, following
        ):
            continue
        cuts.append(after)
    return cuts


def split_sentences(text: str) -> list[Span]:
    """Sentence spans into ``text``: lines are split at sentence ends (not after abbreviations,
    initials or decimals); a line break always ends a sentence; table separator rows are left
    out."""
    spans: list[Span] = []
    for line in _LINE_RE.finditer(text):
        line_start, line_end = line.span()
        if _TABLE_SEPARATOR_RE.match(line.group()):
            continue
        start = line_start
        for cut in [*_boundaries(text, line_start, line_end), line_end]:
            s, e = _trimmed(text, start, cut)
            if s < e:
                spans.append((s, e))
            start = cut
    return spans
