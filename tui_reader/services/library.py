"""The one object both front ends talk to: a corpus folder, its index, and the services over them.

The CLI and the app never touch the corpus loader or the engine directly; they call a ``Library``.
"""

from __future__ import annotations

import contextlib
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from tui_reader.corpus.loader import CorpusError, FileEntry
from tui_reader.corpus.safe import shown_name
from tui_reader.index.lock import LockTimeout
from tui_reader.models import (
    Alignment,
    SearchResult,
    Skipped,
    Source,
    SourceInfo,
    UpdateStats,
    WhereHit,
)
from tui_reader.services.backend import BackendError, ProgressCallback, SearchBackend
from tui_reader.services.query import parse_query
from tui_reader.services.search import run_search

if TYPE_CHECKING:
    from tui_reader.services.facts import Fact

# compare, where, facts and related are imported on first use: the reader's start-up (and the
# CLI's search) never needs them.


class UnknownSource(LookupError):
    """A source name that matches no source, or more than one."""


def _os_reason(error: OSError) -> str:
    """One line for an ``OSError`` the index raised while updating (e.g. ENOSPC)."""
    return f"cannot update the index: {error.strerror or type(error).__name__}"


class Library:
    """A corpus folder and the search backend that serves it."""

    SOURCE_CACHE = 32

    def __init__(
        self,
        root: Path,
        backend: SearchBackend | None = None,
        *,
        lock_timeout: float | None = None,
    ) -> None:
        """``lock_timeout``: how long an update waits for another process's update (default
        60 s) before it reads the index as it is; a command that only reads can pass a few
        seconds."""
        self.root = root.expanduser()
        if not self.root.is_dir():
            raise CorpusError(f"corpus folder not found: {self.root}")
        self._may_fall_back = backend is None
        if backend is None:
            from tui_reader.index.store import WhooshBackend

            if lock_timeout is None:
                backend = WhooshBackend(self.root.resolve())
            else:
                backend = WhooshBackend(self.root.resolve(), lock_timeout=lock_timeout)
        self.backend: SearchBackend = backend
        self.notice: str | None = None
        """What the last ``update`` has to tell the user, in one line, or ``None``.

        Each cause is told once: the update that moves the index into memory says so, later
        updates (which keep it there for the session) do not repeat it. An update that could
        not run because another process held the index for too long says so every time, since
        each such update did not happen.
        """
        self.in_memory: str | None = None
        """Why the index is held in memory for this session (``None`` while it is on disk)."""
        self.stale: str | None = None
        """Why the last ``update`` did not run (the index read is older than the files), or
        ``None``: ``tui-reader index`` can exit non-zero on it."""
        self._sources: OrderedDict[str, Source] = OrderedDict()
        self._lock = threading.Lock()
        self._facts: tuple[list[Source], tuple[str, ...], list[Fact]] | None = None

    @property
    def name(self) -> str:
        return self.root.resolve().name

    def update(
        self, progress: ProgressCallback | None = None, *, rebuild: bool = False
    ) -> UpdateStats:
        self.notice = None
        self.stale = None
        try:
            stats = self.backend.update(progress, rebuild=rebuild)
        except LockTimeout as error:
            stats = self._locked_out(error)
        except (BackendError, OSError) as error:
            if not self._may_fall_back:
                raise
            # The cache folder cannot hold the index (read-only, full, not creatable): keep
            # reading and searching with an index in memory, and say so once.
            from tui_reader.index.memory import MemoryBackend

            reason = str(error) if isinstance(error, BackendError) else _os_reason(error)
            self._may_fall_back = False
            self.backend.close()
            self.backend = MemoryBackend(self.root.resolve())
            self.in_memory = reason
            self.notice = f"{reason}; using an index held in memory for this session"
            stats = self.backend.update(progress)
        with self._lock:
            self._sources.clear()
        return stats

    def _locked_out(self, error: LockTimeout) -> UpdateStats:
        """Another process has held the update lock too long: keep reading what is live.

        Never a fallback to memory (that would index the whole corpus again while the other
        process does the same) and never a write: updates swap whole generations, so the live
        one is complete. With no generation yet there is nothing to read: the error stands.
        """
        infos = self.backend.sources()
        if not infos:
            raise BackendError(f"{error}; try again when it has finished") from error
        self.stale = str(error)
        self.notice = f"index not updated: {error}; showing the index as it was, try again later"
        return UpdateStats(unchanged=len(infos), reason=str(error))

    def sources(self) -> list[SourceInfo]:
        return self.backend.sources()

    def resolve(self, name: str) -> str:
        """A source id from its id or any unique prefix of it."""
        ids = [info.id for info in self.sources()]
        if name in ids:
            return name
        # A name typed in NFC finds a file named in NFD (macOS) and the other way round.
        key = unicodedata.normalize("NFC", name)
        forms = {i: unicodedata.normalize("NFC", i) for i in ids}
        same = [i for i in ids if forms[i] == key]
        if len(same) == 1:
            return same[0]
        matches = [i for i in ids if forms[i].startswith(key)] if name else []
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise UnknownSource(f"no source named {name!r}")
        shown = ", ".join(shown_name(m) for m in matches[:5]) + (
            ", ..." if len(matches) > 5 else ""
        )
        raise UnknownSource(f"{name!r} matches {len(matches)} sources: {shown}")

    def info(self, source_id: str) -> SourceInfo:
        for info in self.sources():
            if info.id == source_id:
                return info
        raise UnknownSource(f"no source named {source_id!r}")

    def source(self, source_id: str) -> Source:
        """The full article (raw and cleaned text, passages), read from disk; a few are cached."""
        with self._lock:
            cached = self._sources.get(source_id)
            if cached is not None:
                self._sources.move_to_end(source_id)
                return cached
        info = self.info(source_id)
        path = self.root / info.path
        try:
            stat = path.stat()
        except OSError as error:
            raise UnknownSource(
                f"{shown_name(info.path)}: {error.strerror or type(error).__name__}"
            ) from error
        from tui_reader.corpus.articles import load_source  # the cleaner: not for a search

        loaded = load_source(self.root, FileEntry(info.path, path, stat.st_size, stat.st_mtime_ns))
        if isinstance(loaded, Skipped):
            raise UnknownSource(f"{shown_name(loaded.path)}: {shown_name(loaded.reason)}")
        with self._lock:
            self._sources[source_id] = loaded
            while len(self._sources) > self.SOURCE_CACHE:
                self._sources.popitem(last=False)
        return loaded

    def search(self, text: str, limit: int = 50, *, as_you_type: bool = False) -> SearchResult:
        return run_search(self.backend, text, limit, as_you_type=as_you_type)

    def warm(self) -> None:
        """Pay the first search's one-off costs now: importing the engine and opening the index
        took 60-100 ms on top of the first query of a session (its first keystroke)."""
        with contextlib.suppress(BackendError):  # the first real search reports it
            self.backend.search(parse_query("warm"), 1)

    def compare(self, a: str, b: str) -> Alignment:
        """Passages of sources ``a`` and ``b`` (ids) grouped by what they report."""
        from tui_reader.services.compare import align

        return align(self.source(a), self.source(b))

    def where(self, text: str, limit: int = 20, *, exclude: str | None = None) -> list[WhereHit]:
        """Sources that carry ``text`` exactly or nearly, one passage each, best first."""
        # Passages are NFC (the loader normalises files); a statement pasted in NFD must match.
        text = unicodedata.normalize("NFC", text)
        from tui_reader.services.where import find_where

        return find_where(self.backend, text, limit=limit, exclude=exclude)

    def facts(
        self, kinds: Iterable[str] | None = None, source_ids: Iterable[str] | None = None
    ) -> list[Fact]:
        """Numbers, names and quotations across ``source_ids`` (all sources by default), with
        who carries each.

        A source whose file vanished or changed into something unreadable since indexing is
        left out (the next update notices it). ``kinds`` defaults to the facts' default kinds.
        """
        from tui_reader.services.facts import DEFAULT_KINDS, extract_facts

        ids = [info.id for info in self.sources()] if source_ids is None else list(source_ids)
        loaded: list[Source] = []
        for source_id in ids:
            try:
                loaded.append(self.source(source_id))
            except UnknownSource:
                continue
        wanted = tuple(DEFAULT_KINDS if kinds is None else kinds)
        # Reused while the very same Source objects are current: an update drops them.
        cached = self._facts
        if (
            cached is not None
            and cached[1] == wanted
            and len(cached[0]) == len(loaded)
            and all(a is b for a, b in zip(cached[0], loaded, strict=True))
        ):
            return list(cached[2])
        facts = extract_facts(loaded, wanted)
        self._facts = (loaded, wanted, facts)
        return list(facts)

    def related(self, source_id: str, limit: int) -> list[str]:
        """Up to ``limit`` other sources telling the same story as ``source_id``, closest first."""
        from tui_reader.services.related import related_sources

        return related_sources(self.backend, self.source(source_id), limit)

    def close(self) -> None:
        self.backend.close()
