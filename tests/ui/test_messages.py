"""Worker messages: progress bursts coalesce; answers carry their request number."""

from __future__ import annotations

from tui_reader.models import SearchResult
from tui_reader.ui.messages import IndexProgress, SearchFinished


def test_index_progress_replaces_an_older_progress_message() -> None:
    older, newer = IndexProgress(1, 10, "a.txt"), IndexProgress(2, 10, "b.txt")
    assert newer.can_replace(older)
    assert not newer.can_replace(SearchFinished(1, SearchResult("x", (), 0)))


def test_search_answers_are_never_merged() -> None:
    first = SearchFinished(1, SearchResult("a", (), 0))
    second = SearchFinished(2, SearchResult("ab", (), 0))
    assert not second.can_replace(first)
