"""Search as both front ends call it: any user text in, a ``SearchResult`` out, never raising."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

from tui_reader.models import SearchResult
from tui_reader.services.backend import BackendError, SearchBackend
from tui_reader.services.query import And, Node, Or, Phrase, Term, parse_query


def run_search(
    backend: SearchBackend, text: str, limit: int = 50, *, as_you_type: bool = False
) -> SearchResult:
    """Parse ``text`` and run it on ``backend``.

    With ``as_you_type``, the word being typed (the last one, nothing after it) also matches as a
    prefix, so the hit list does not drop to zero mid-word. An empty query gives an empty result
    without asking the backend; an engine failure becomes a notice.
    """
    started = time.perf_counter()
    parsed = parse_query(text, as_you_type=as_you_type)
    if parsed.root is None or limit <= 0:
        return SearchResult(parsed.text, (), 0, parsed.notice, time.perf_counter() - started)
    notice = parsed.notice
    suggestion: str | None = None
    try:
        hits, total = backend.search(parsed, limit)
    except BackendError as error:
        hits, total = [], 0
        notice = "; ".join(n for n in (notice, str(error) or "search failed") if n)
    else:
        if not total:
            fixes = _close_spellings(backend, parsed.root)
            if fixes:
                notice = "; ".join(n for n in (notice, _did_you_mean(fixes)) if n)
                suggestion = _corrected(text, fixes)
    return SearchResult(
        parsed.text, tuple(hits), total, notice, time.perf_counter() - started, suggestion
    )


MAX_WORDS_CHECKED = 3


def _close_spellings(backend: SearchBackend, root: Node | None) -> list[tuple[str, str]]:
    """For a query that found nothing: (word, closest indexed spelling) for those that have one."""
    words = list(dict.fromkeys(_positive_words(root)))[:MAX_WORDS_CHECKED]
    fixes: list[tuple[str, str]] = []
    for word in words:
        try:
            close = backend.suggest(word, 1)
        except BackendError:
            return []
        if close:
            fixes.append((word, close[0]))
    return fixes


def _did_you_mean(fixes: list[tuple[str, str]]) -> str:
    if len(fixes) == 1:
        return f"no hits; did you mean {fixes[0][1]}?"
    return "no hits; did you mean " + ", ".join(f"{a} → {b}" for a, b in fixes) + "?"


def _corrected(text: str, fixes: list[tuple[str, str]]) -> str | None:
    """``text`` with each misspelt word (as typed, any case) replaced; ``None`` if none is found."""
    changed = text
    for word, better in fixes:
        changed = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, changed, flags=re.IGNORECASE)
    return changed if changed != text else None


def _positive_words(node: Node | None) -> Iterator[str]:
    """The words a match needs (not those under NOT), in query order."""
    if isinstance(node, Term):
        yield node.text
    elif isinstance(node, Phrase):
        yield from node.words
    elif isinstance(node, And | Or):
        for item in node.items:
            yield from _positive_words(item)
