"""Earlier queries, kept between runs in one small text file (one query a line, newest last).

Reading or writing the file never raises: a history that cannot be kept is merely forgotten.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from tui_reader.locations import ensure_private_dir

MAX_ENTRIES = 200
MAX_QUERY_LENGTH = 1000


class QueryHistory:
    """A deduplicated list of queries, newest last, capped at ``limit``."""

    def __init__(self, path: Path | None, limit: int = MAX_ENTRIES) -> None:
        self.path = path
        self.limit = limit
        self.entries: list[str] = self._load()

    def _load(self) -> list[str]:
        if self.path is None:
            return []
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return []
        entries: list[str] = []
        for line in text.splitlines():
            query = _clean(line)
            if query:
                if query in entries:
                    entries.remove(query)
                entries.append(query)
        return entries[-self.limit :]

    def add(self, query: str) -> None:
        """Remember ``query`` as the newest entry and save; blank queries are ignored."""
        query = _clean(query)
        if not query:
            return
        if self.entries and self.entries[-1] == query:
            return
        if query in self.entries:
            self.entries.remove(query)
        self.entries.append(query)
        del self.entries[: -self.limit]
        self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        try:
            ensure_private_dir(self.path.parent)
            fd, tmp = tempfile.mkstemp(prefix=".history-", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    out.write("".join(f"{entry}\n" for entry in self.entries))
                os.replace(tmp, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            pass


def _clean(query: str) -> str:
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


class HistoryCursor:
    """Walks a ``QueryHistory`` with up/down, remembering the draft the user was typing."""

    def __init__(self, history: QueryHistory) -> None:
        self.history = history
        self.position: int | None = None
        self.draft = ""

    def older(self, current: str) -> str | None:
        entries = self.history.entries
        if not entries:
            return None
        if self.position is None:
            self.draft = current
            self.position = len(entries)
        if self.position == 0:
            return None
        self.position -= 1
        return entries[self.position]

    def newer(self) -> str | None:
        if self.position is None:
            return None
        self.position += 1
        if self.position >= len(self.history.entries):
            self.position = None
            return self.draft
        return self.history.entries[self.position]

    def reset(self) -> None:
        self.position = None
