"""The one small interface every search engine implements.

Whoosh serves it today; a distributed engine could serve it later.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from tui_reader.models import Hit, Passage, Progress, SourceInfo, UpdateStats

if TYPE_CHECKING:
    from tui_reader.services.query import ParsedQuery

ProgressCallback = Callable[[Progress], None]


class BackendError(Exception):
    """The engine cannot serve the request; the message is one line for the user."""


class SearchBackend(Protocol):
    """Keeps passages of one corpus searchable and answers queries over them."""

    def update(
        self, progress: ProgressCallback | None = None, *, rebuild: bool = False
    ) -> UpdateStats:
        """Bring the index in line with the files: add, re-index, delete; rebuild when damaged."""
        ...

    def sources(self) -> list[SourceInfo]:
        """Every indexed source, in id order."""
        ...

    def passages(self, source_id: str) -> list[Passage]:
        """The passages of one source in ordinal order."""
        ...

    def search(self, query: ParsedQuery, limit: int) -> tuple[list[Hit], int]:
        """Hits in rank order (at most ``limit``) and the total number of matching passages."""
        ...

    def suggest(self, word: str, limit: int) -> list[str]:
        """Indexed words close in spelling to ``word`` (a folded word), most frequent first."""
        ...

    def close(self) -> None: ...
