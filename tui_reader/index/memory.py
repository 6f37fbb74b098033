"""``MemoryBackend``: the same index as ``WhooshBackend``, held in memory for one process.

Used when the cache folder cannot hold an index (read-only, full, not creatable): the corpus is
still read and searched, at the price of indexing it again in every process.
"""

from __future__ import annotations

import threading
import time
from functools import partial
from pathlib import Path
from typing import Any

from tui_reader.corpus.loader import scan
from tui_reader.index import searcher
from tui_reader.index._whoosh import filestore
from tui_reader.index.pool import install
from tui_reader.index.schema import make_codec, make_schema
from tui_reader.models import Hit, Passage, SourceInfo, UpdateStats
from tui_reader.services.backend import ProgressCallback
from tui_reader.services.query import ParsedQuery


class MemoryBackend:
    """A Whoosh index in RAM of one corpus folder; every ``update`` rebuilds it from the files."""

    def __init__(self, corpus_root: Path) -> None:
        self.corpus_root = corpus_root.expanduser().resolve()
        self._ix: Any = None
        self._infos: list[SourceInfo] = []
        self._guard = threading.Lock()
        self._update_guard = threading.Lock()
        """One update at a time, as ``WhooshBackend``: a re-index asked for while one runs (the
        app's worker is cancelled but its thread goes on) waits for it."""

    def update(
        self, progress: ProgressCallback | None = None, *, rebuild: bool = False
    ) -> UpdateStats:
        with self._update_guard:
            return self._update(progress)

    def _update(self, progress: ProgressCallback | None) -> UpdateStats:
        from tui_reader.index import writer as writer_module

        started = time.perf_counter()
        entries, scan_skipped = scan(self.corpus_root)
        ix = filestore.RamStorage().create_index(make_schema())
        writer = ix.writer(codec=make_codec())
        install(writer)
        try:
            written = writer_module._write(
                partial(writer_module._add, writer), self.corpus_root, entries, {}, progress
            )
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        infos = sorted(
            (record.info(rel) for rel, record in written.records.items() if record.skipped is None),
            key=lambda info: info.id,
        )
        with self._guard:
            first = self._ix is None
            before = {info.id: info for info in self._infos}
            self._ix, self._infos = ix, infos
        # Built afresh every time, but told as what changed: the app says "Index updated" only
        # when something did, as it does for an index on disk.
        now = {info.id: info for info in infos}
        added = len(now.keys() - before.keys())
        updated = sum(1 for key in now.keys() & before.keys() if now[key] != before[key])
        return UpdateStats(
            added=added,
            updated=updated,
            removed=len(before.keys() - now.keys()),
            unchanged=len(now) - added - updated,
            skipped=tuple(scan_skipped) + tuple(written.skipped),
            rebuilt=first,
            reason="index held in memory" if first else None,
            seconds=time.perf_counter() - started,
        )

    def sources(self) -> list[SourceInfo]:
        return list(self._infos)

    def passages(self, source_id: str) -> list[Passage]:
        ix = self._ix
        return [] if ix is None else searcher.passages_of(ix, source_id)

    def suggest(self, word: str, limit: int) -> list[str]:
        ix = self._ix
        return [] if ix is None else searcher.suggest_index(ix, word, limit)

    def search(self, query: ParsedQuery, limit: int) -> tuple[list[Hit], int]:
        ix = self._ix
        if ix is None:
            return [], 0
        return searcher.run_index(ix, query, limit)

    def close(self) -> None:
        with self._guard:
            self._ix, self._infos = None, []
