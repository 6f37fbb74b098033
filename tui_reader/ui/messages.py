"""Messages that workers post to the main screen. Workers never touch widgets: they post these.

Each answer carries the sequence number of the request that produced it, so a stale answer (an
older query, a source the user has already left) is recognised and dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tui_reader.models import SearchResult, Source, SourceInfo, UpdateStats


@dataclass
class IndexProgress(Message):
    """Indexing advanced; bursts coalesce so only the newest waiting one is handled."""

    done: int
    total: int
    current: str = ""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


@dataclass
class SourcesKnown(Message):
    """The sources of the index as it was, before the update: enough to start reading."""

    sources: list[SourceInfo]


@dataclass
class IndexReady(Message):
    """The index is current; ``sources`` is the new source list."""

    stats: UpdateStats
    sources: list[SourceInfo]


@dataclass
class SearchFinished(Message):
    """The answer to search request ``seq``."""

    seq: int
    result: SearchResult


@dataclass
class SourceLoaded(Message):
    """The article asked for by load request ``seq``."""

    seq: int
    source: Source
