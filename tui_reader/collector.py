"""Pausing the garbage collector around bulk work that only makes acyclic objects.

A scan of 10,000 files or the read of their manifest makes tens of thousands of tuples and
strings, none of them in a cycle; the collections they trigger find nothing to free but walk the
whole heap each time, which in the app (Textual's widgets, styles and caches) was a third of a
manifest read.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection inside the block (it stays off if it was off already)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
