"""A process-level lock around index updates (searches never take it)."""

from __future__ import annotations

import errno
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


class LockTimeout(BackendError):
    """Another process held the update lock for longer than we wait.

    Not a reason to give up the index on disk: the generation that process left live is still
    whole and readable (updates swap generations atomically), so callers keep reading it and
    say, in one line, that this update did not happen.
    """


@contextmanager
def update_lock(path: Path, timeout: float = 60.0, poll: float = 0.05) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path``; wait at most ``timeout`` seconds for it.

    The kernel drops the lock when its holder dies, so a killed update never blocks the next one.
    Waiting longer raises :class:`LockTimeout`; a lock file that cannot be opened or locked at
    all raises :class:`BackendError` (the cache folder cannot be used).
    """
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as error:
        raise BackendError(
            f"cannot open the index lock: {error.strerror or type(error).__name__}"
        ) from error
    try:
        if fcntl is not None:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as error:
                    if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                        raise BackendError(
                            f"cannot lock the index: {error.strerror or type(error).__name__}"
                        ) from error
                    if time.monotonic() >= deadline:
                        raise LockTimeout(
                            f"another tui-reader has been updating this index for over "
                            f"{timeout:.0f} s"
                        ) from None
                    time.sleep(poll)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
