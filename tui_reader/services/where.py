"""Which sources carry a statement, exactly or nearly (after ``normalize``), and where.

Candidates come from the search backend (for a short statement its words as a phrase or all of
its content words; for a longer one an ``Or`` of its most informative words); each candidate
passage is then verified on normalised keys:

- ``exact``: the statement's keys (stop words included) appear contiguously in the passage:
  the same words up to case, punctuation, accents, name spellings and number formats.
- ``near`` for a phrase or a short sentence: a window of the passage is close to it word for
  word (order-aware ratio over all keys, ``PHRASE_NEAR``), e.g. one word added or changed.
- ``near`` for longer text (a whole passage): the passage repeats a run of at least
  ``MIN_RUN`` of its words verbatim (a quotation), or one of its sentences and one sentence of
  the passage share most of their content words (weighted Dice >= ``SENTENCE_NEAR``).

One passage per source (the best); sources that do not carry the statement are not listed.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from tui_reader.corpus.segment import split_sentences
from tui_reader.corpus.tokens import tokenize
from tui_reader.models import Hit, Span, WhereHit
from tui_reader.services.backend import BackendError, SearchBackend
from tui_reader.services.normalize import NAME, NUMBER, STOP, Key, keys
from tui_reader.services.query import And, Node, Or, ParsedQuery, Phrase, Term

CANDIDATES = 30
"""Passages verified per lookup (the backend's best matches of the query)."""
MAX_TERMS = 5
"""Words asked for a one-sentence statement: every common word costs a long posting list."""
MAX_PASSAGE_TERMS = 10
"""For several sentences: the two most informative words of each, up to this many."""
PHRASE_WORDS = 12
"""Statements of at most this many words are also searched as a phrase and verified as one."""
SHORT_CONTENT = 10
"""Statements with at most this many content words are phrases; longer ones go by sentence."""
MIN_SENTENCE_CONTENT = 4
MIN_RUN = 8
"""A shared verbatim run of this many words (with enough content words) is a near hit."""
PHRASE_NEAR = 0.8
SENTENCE_NEAR = 0.6
MAX_TEXT = 5000
BOOST = {NAME: 1.5, NUMBER: 1.5}


@dataclass(frozen=True, slots=True)
class _Statement:
    all_keys: tuple[str, ...]
    sentences: tuple[tuple[Key, ...], ...]
    """Content keys of each sentence with enough of them."""
    short: bool


def find_where(
    backend: SearchBackend, text: str, *, limit: int = 20, exclude: str | None = None
) -> list[WhereHit]:
    """Sources that carry ``text`` (a phrase, a sentence or a whole passage), best first.

    ``exclude`` leaves out one source (the one the statement was taken from). Exact hits come
    before near ones; ``span`` points at the matching words in ``WhereHit.text``.
    """
    text = text[:MAX_TEXT]
    statement = _statement(text)
    if statement is None or limit <= 0:
        return []
    query = _query(text, statement)
    if query is None:
        return []
    try:
        hits, _total = backend.search(query, CANDIDATES)
    except BackendError:
        return []
    best: dict[str, WhereHit] = {}
    for hit in hits:
        if hit.source_id == exclude:
            continue
        found = verify(statement, hit)
        if found is None:
            continue
        current = best.get(hit.source_id)
        if current is None or _rank(found) < _rank(current):
            best[hit.source_id] = found
    return sorted(best.values(), key=_rank)[:limit]


def _rank(hit: WhereHit) -> tuple[int, float, str, int]:
    return (0 if hit.kind == "exact" else 1, -hit.score, hit.source_id, hit.ordinal)


def _statement(text: str) -> _Statement | None:
    all_keys = keys(text)
    content = [k for k in all_keys if k.kind != STOP]
    if not content:
        return None
    short = len(content) <= SHORT_CONTENT
    if short:
        sentences: tuple[tuple[Key, ...], ...] = (tuple(content),)
    else:
        groups = []
        for start, end in split_sentences(text) or [(0, len(text))]:
            part = tuple(k for k in content if start <= k.start < end)
            if len(part) >= MIN_SENTENCE_CONTENT:
                groups.append(part)
        sentences = tuple(groups) or (tuple(content),)
    return _Statement(tuple(k.key for k in all_keys), sentences, short)


def _query(text: str, statement: _Statement) -> ParsedQuery | None:
    """What to ask the backend for candidates.

    A short statement: its words as a phrase (exact hits), or all its content words together
    (near hits: stop words differ). A longer one: an ``Or`` of the most informative words of
    each sentence (names and figures first, then the longest words); BM25 ranks the passages
    that share most of them first, so a few dozen candidates hold the near copies.
    """
    if statement.short:
        content = [_surface(text, k) for k in statement.sentences[0]]
        items: list[Node] = []
        surface = [_surface(text, k) for k in keys(text)]
        if 1 < len(surface) <= PHRASE_WORDS and all(surface):
            items.append(Phrase(tuple(surface)))
        terms = tuple(Term(w) for w in dict.fromkeys(w for w in content if w))
        if terms:
            items.append(terms[0] if len(terms) == 1 else And(terms))
        if not items:
            return None
        return ParsedQuery(items[0] if len(items) == 1 else Or(tuple(items)), None, text)
    words: dict[str, None] = {}
    single = len(statement.sentences) == 1
    per_sentence = MAX_TERMS if single else 2
    most = MAX_TERMS if single else MAX_PASSAGE_TERMS
    for sentence in statement.sentences:
        ranked = sorted(
            sentence,
            key=lambda k: (k.kind not in (NAME, NUMBER), -(k.end - k.start), k.start),
        )
        taken = 0
        for k in ranked:
            word = _surface(text, k)
            if word and word not in words:
                words[word] = None
                taken += 1
            if taken >= per_sentence or len(words) >= most:
                break
    if not words:
        return None
    root: Node = Term(next(iter(words))) if len(words) == 1 else Or(tuple(Term(w) for w in words))
    return ParsedQuery(root, None, text)


def _surface(text: str, k: Key) -> str:
    """The folded word as the backend indexes it (a unit spanning two words gives none)."""
    tokens = tokenize(text[k.start : k.end])
    return tokens[0][0] if len(tokens) == 1 else ""


def verify(statement: _Statement, hit: Hit) -> WhereHit | None:
    """Does ``hit``'s passage carry the statement? ``None`` when it does not."""
    passage = keys(hit.text)
    seq = [k.key for k in passage]
    span = _contiguous(statement.all_keys, seq)
    if span is not None:
        first, last = passage[span[0]], passage[span[1] - 1]
        return WhereHit(hit.source_id, hit.ordinal, hit.text, "exact", 1.0, (first.start, last.end))
    if statement.short:
        score, window = _phrase_score(statement.all_keys, seq)
        if score >= PHRASE_NEAR and window is not None:
            first, last = passage[window[0]], passage[window[1] - 1]
            return WhereHit(
                hit.source_id,
                hit.ordinal,
                hit.text,
                "near",
                round(score, 4),
                (first.start, last.end),
            )
        return None
    return _sentence_match(statement, hit, passage)


def _contiguous(needle: Sequence[str], haystack: Sequence[str]) -> tuple[int, int] | None:
    n = len(needle)
    if n == 0 or n > len(haystack):
        return None
    first = needle[0]
    for i in range(len(haystack) - n + 1):
        if haystack[i] == first and tuple(haystack[i : i + n]) == tuple(needle):
            return i, i + n
    return None


def _phrase_score(
    needle: Sequence[str], haystack: Sequence[str]
) -> tuple[float, tuple[int, int] | None]:
    """Best ratio of ``needle`` against a window of ``haystack`` of its length (a partial
    ratio on words: windows start where matching blocks put the needle)."""
    n = len(needle)
    if n == 0 or not haystack:
        return 0.0, None
    matcher = difflib.SequenceMatcher(None, needle, haystack, autojunk=False)
    best, where = 0.0, None
    for block in matcher.get_matching_blocks():
        if block.size == 0:
            continue
        for extra in (0, 1):
            start = max(0, block.b - block.a)
            end = min(len(haystack), start + n + extra)
            window = haystack[start:end]
            ratio = difflib.SequenceMatcher(None, needle, window, autojunk=False).ratio()
            if ratio > best:
                best, where = ratio, (start, end)
    return best, where


def _sentence_match(statement: _Statement, hit: Hit, passage: Sequence[Key]) -> WhereHit | None:
    spans = split_sentences(hit.text) or [(0, len(hit.text))]
    content = [k for k in passage if k.kind != STOP]
    best, best_span = 0.0, None
    for start, end in spans:
        part = [k for k in content if start <= k.start < end]
        if len(part) < MIN_SENTENCE_CONTENT:
            continue
        keys_p = {k.key: _weight(k) for k in part}
        for sentence in statement.sentences:
            keys_s = {k.key: _weight(k) for k in sentence}
            shared = keys_p.keys() & keys_s.keys()
            if len(shared) < MIN_SENTENCE_CONTENT:
                continue
            w = sum(keys_s[k] for k in shared)
            dice = 2.0 * w / (sum(keys_p.values()) + sum(keys_s.values()))
            if dice > best:
                best, best_span = dice, (part[0].start, part[-1].end)
    if best >= SENTENCE_NEAR and best_span is not None:
        return WhereHit(hit.source_id, hit.ordinal, hit.text, "near", round(best, 4), best_span)
    run = _verbatim_run(statement.all_keys, passage)
    if run is not None:
        return WhereHit(hit.source_id, hit.ordinal, hit.text, "near", run[0], run[1])
    return None


def _verbatim_run(needle: Sequence[str], passage: Sequence[Key]) -> tuple[float, Span] | None:
    """A long enough run of words that the passage shares verbatim with the statement (a
    quotation inside differently worded sentences); its score is its share of the statement."""
    seq = [k.key for k in passage]
    matcher = difflib.SequenceMatcher(None, needle, seq, autojunk=False)
    block = matcher.find_longest_match(0, len(needle), 0, len(seq))
    if block.size < MIN_RUN:
        return None
    run = passage[block.b : block.b + block.size]
    if sum(1 for k in run if k.kind != STOP) < MIN_SENTENCE_CONTENT:
        return None
    return round(block.size / len(needle), 4), (run[0].start, run[-1].end)


def _weight(k: Key) -> float:
    return BOOST.get(k.kind, 1.0)
