"""A process-level lock around index updates (searches never take it)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tui_reader.services.backend import BackendError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: Whoosh's own write lock is the only guard
    fcntl = None  # type: ignore[assignment]


@contextmanager
def update_lock(path: Path, timeout: float = 60.0, poll: float = 0.05) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path``; wait at most ``timeout`` seconds for it.

    The kernel drops the lock when its holder dies, so a killed update never blocks the next one.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if fcntl is not None:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise BackendError(
                            f"another tui-reader has been updating this index for over "
                            f"{timeout:.0f} s; try again later"
                        ) from None
                    time.sleep(poll)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
