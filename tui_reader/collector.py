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


_settled = False


def settle() -> None:
    """Once per process, when start-up is over: hide what is alive from the collector.

    A long-running app's heap is mostly what start-up made (Textual, the index readers, the list
    of sources) and keeps to the end. Every full collection walked all of it again: 110-130 ms at
    1,000 articles, every 7-10 keystrokes of a search, long enough to be felt. ``gc.freeze`` moves
    it to a generation the collector skips; objects made later are collected as before (frozen ones
    are still freed by reference counting; only a cycle among them would stay).
    """
    global _settled
    if _settled:
        return
    _settled = True
    gc.collect(1)  # the young garbage first: it would otherwise be frozen too
    gc.freeze()
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_EVERY)


FULL_EVERY = 100
"""After ``settle``: a full collection at most every this many middle ones (Python: 10).

What typing leaves for the collector (its workers, messages, the rows drawn) still made a
30-80 ms full collection every 20 keys or so. The app collects in the pauses instead
(``collect``), which also resets this count; this is the fallback for long busy stretches."""


def collect() -> None:
    """A full collection now: the app calls it when the user pauses."""
    gc.collect()
