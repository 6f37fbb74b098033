"""The app with a 1 MB line without a newline, and with an index that cannot be had at all.

* A 1 MB line (no newline) opens in the cleaned reader and the raw view and comes up in the
  results: no crash, the app keeps answering keys.
* When indexing fails outright (here: another process holds the update lock and no index
  exists yet), the failure is a notification plus a message in the reader, not a dead app.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.ui.pilot_helpers import main_screen, ready, search, settle
from tui_reader.index import store
from tui_reader.index.lock import update_lock
from tui_reader.services.library import Library
from tui_reader.ui.app import make_app

SIZE = (100, 30)


async def _until(pilot: Pilot[int], done: Callable[[], bool]) -> None:
    """Pause until ``done()`` (bounded); not ``settle``, whose wait re-raises a failed worker."""
    deadline = time.monotonic() + 30
    while not done() and time.monotonic() < deadline:
        await pilot.pause(0.05)
    assert done(), "the app did not get there"
    await pilot.pause()


def test_one_megabyte_line_opens_in_reader_raw_view_and_results(tmp_path: Path) -> None:
    root = tmp_path / "long"
    root.mkdir()
    line = ("zebra " + "x" * 94) * 10_000  # 1,000,000 characters, no newline
    (root / "a-long.txt").write_text(f"Long line\n\n{line}", encoding="utf-8")
    (root / "b-short.txt").write_text("Short\n\nA zebra crossed.\n", encoding="utf-8")

    async def run() -> None:
        app = make_app(root)
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            screen.show_source("a-long")
            await settle(pilot)
            assert screen.reader.source is not None and screen.reader.source.id == "a-long"
            await pilot.press("r")  # raw view of the same file
            await settle(pilot)
            assert screen.reader.raw
            await pilot.press("r")
            await settle(pilot)
            screen = await search(pilot, "zebra")
            assert screen.result is not None and screen.result.total == 2
            await pilot.press("enter")
            await settle(pilot)
            assert app.is_running

    asyncio.run(run())


def test_index_failure_in_the_app_is_a_notification_and_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("Story\n\nThe council met.\n")
    library = Library(root)
    backend = library.backend
    assert isinstance(backend, store.WhooshBackend)
    backend.index_root.mkdir(parents=True, mode=0o700)
    real = update_lock

    def short(
        path: Path, timeout: float = 60.0, poll: float = 0.05
    ) -> AbstractContextManager[None]:
        return real(path, 0.2, 0.02)

    monkeypatch.setattr(store, "update_lock", short)

    async def run() -> None:
        app = make_app(library=library)
        with update_lock(backend.index_root / store.LOCK, timeout=0):
            async with app.run_test(size=SIZE) as pilot:
                await _until(
                    pilot, lambda: any(n.title == "Indexing failed" for n in app._notifications)
                )
                failed = [n for n in app._notifications if n.title == "Indexing failed"]
                assert failed and "another tui-reader" in failed[0].message
                assert "\n" not in failed[0].message
                screen = main_screen(app)
                assert not screen.indexing
                await pilot.press("slash", *"council")
                await pilot.pause(0.3)
                assert app.is_running

    asyncio.run(run())
