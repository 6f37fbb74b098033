"""Search as both front ends call it: any user text in, a ``SearchResult`` out, never raising."""

from __future__ import annotations

import time

from tui_reader.models import SearchResult
from tui_reader.services.backend import BackendError, SearchBackend
from tui_reader.services.query import parse_query


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
    try:
        hits, total = backend.search(parsed, limit)
    except BackendError as error:
        hits, total = [], 0
        notice = "; ".join(n for n in (notice, str(error) or "search failed") if n)
    return SearchResult(parsed.text, tuple(hits), total, notice, time.perf_counter() - started)
