"""What the user is told when the index cannot be kept or updated, and how often.

* Cache folder unusable -> index in memory, said once (the update that moved it there), not on
  every re-index; ``Library.in_memory`` keeps the reason.
* Another process holds the update lock past the timeout -> no fallback to memory, nothing
  written: one line saying the index was not updated, and reading/searching go on over the
  generation that is live (it is always complete: updates swap generations atomically).
  With no generation yet, one clear error.
* An ``OSError`` during an incremental update (disk full) -> the same memory fallback as a
  failed build, never a traceback.
"""

from __future__ import annotations

import asyncio
import errno
import io
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

from tests.ui.pilot_helpers import ready, search, settle
from tui_reader.cli import main
from tui_reader.index import store
from tui_reader.index.lock import LockTimeout, update_lock
from tui_reader.index.memory import MemoryBackend
from tui_reader.index.store import WhooshBackend
from tui_reader.services.backend import BackendError
from tui_reader.services.library import Library
from tui_reader.ui.app import make_app

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
SIZE = (100, 30)


def _corpus(root: Path, n: int = 4) -> Path:
    root.mkdir()
    for i in range(n):
        (root / f"{i:02d}.txt").write_text(f"Story {i}\n\nThe council voted on item uniq{i}x.\n")
    return root


def _unwritable_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("TUI_READER_CACHE_DIR", str(blocker / "cache"))


def _short_lock_wait(monkeypatch: pytest.MonkeyPatch, seconds: float = 0.2) -> None:
    """Every WhooshBackend waits ``seconds`` for the update lock instead of 60 s."""
    real = update_lock

    def short(
        path: Path, timeout: float = 60.0, poll: float = 0.05
    ) -> AbstractContextManager[None]:
        return real(path, seconds, 0.02)

    monkeypatch.setattr(store, "update_lock", short)


def _index_state(index_root: Path) -> dict[str, bytes]:
    """Every file of the index folder (but the lock file) with its bytes."""
    state: dict[str, bytes] = {}
    for path in sorted(index_root.rglob("*")):
        if path.is_file() and path.name != store.LOCK:
            state[str(path.relative_to(index_root))] = path.read_bytes()
    return state


@pytest.fixture
def held_lock(tmp_path: Path) -> Iterator[tuple[Path, Library]]:
    """A corpus with a current index on disk, a new file since, and the update lock held."""
    corpus = _corpus(tmp_path / "c")
    first = Library(corpus)
    first.update()
    assert isinstance(first.backend, WhooshBackend)
    index_root = first.backend.index_root
    first.close()
    (corpus / "new.txt").write_text("Late\n\nA late story about zeppelins.\n")
    with update_lock(index_root / store.LOCK, timeout=0):
        yield index_root, Library(corpus)


# --------------------------------------------------------------------------- in memory, once


def test_in_memory_notice_is_given_once_per_cause_not_on_every_reindex(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(tmp_path / "c")
    _unwritable_cache(tmp_path, monkeypatch)
    library = Library(corpus)
    library.update()
    assert library.notice is not None and "in memory" in library.notice
    assert "\n" not in library.notice
    assert isinstance(library.backend, MemoryBackend)
    reason = library.in_memory
    assert reason is not None and "cannot create the index folder" in reason
    for _ in range(2):
        stats = library.update()
        assert (stats.added, stats.unchanged, stats.rebuilt) == (0, 4, False)  # told as changes
        assert library.notice is None  # said already
        assert library.in_memory == reason  # still true, for anyone who asks
    assert library.search("uniq2x").total == 1


def test_app_in_memory_warning_is_shown_once_across_reindexes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _unwritable_cache(tmp_path, monkeypatch)

    async def run() -> None:
        app = make_app(SEEDS)
        told: list[str] = []
        notify = app.notify

        def record(message: str, *args: Any, **kwargs: Any) -> None:
            if "in memory" in message or kwargs.get("title") == "Index in memory":
                told.append(message)
            notify(message, *args, **kwargs)

        app.notify = record  # type: ignore[method-assign]
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await settle(pilot)  # the notice comes with the update, which may end after "ready"
            assert len(told) == 1
            for _ in range(2):
                screen.action_reindex()
                await settle(pilot)
            assert len(told) == 1, told
            screen = await search(pilot, "pokrovsk")
            assert screen.result is not None and screen.result.total > 0

    asyncio.run(run())


def test_disk_full_during_an_incremental_update_falls_back_to_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(tmp_path / "c")
    Library(corpus).update()  # a good index on disk
    (corpus / "new.txt").write_text("Late\n\nA late story about zeppelins.\n")

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "write_manifest", full)
    library = Library(corpus)
    library.update()  # must not raise the bare OSError
    assert isinstance(library.backend, MemoryBackend)
    assert library.notice is not None and "No space left on device" in library.notice
    assert library.search("zeppelins").total == 1


# --------------------------------------------------------------------------- lock timeout


def test_lock_timeout_keeps_reading_the_current_generation_and_says_so(
    held_lock: tuple[Path, Library],
) -> None:
    index_root, library = held_lock
    assert isinstance(library.backend, WhooshBackend)
    library.backend.lock_timeout = 0.2
    before = _index_state(index_root)
    stats = library.update()
    assert isinstance(library.backend, WhooshBackend), "must not fall back to memory"
    assert library.in_memory is None
    assert library.stale is not None and "another tui-reader" in library.stale
    notice = library.notice
    assert notice is not None and "\n" not in notice
    assert "not updated" in notice and "another tui-reader" in notice
    assert stats.unchanged == 4 and stats.added == 0
    assert library.search("uniq3x").total == 1  # the live generation is read
    assert library.search("zeppelins").total == 0  # the new file waits for the next update
    assert len(library.sources()) == 4
    assert _index_state(index_root) == before  # nothing written


def test_lock_timeout_is_said_on_every_update_it_blocks_then_clears(
    tmp_path: Path,
) -> None:
    corpus = _corpus(tmp_path / "c")
    library = Library(corpus)
    library.update()
    assert isinstance(library.backend, WhooshBackend)
    library.backend.lock_timeout = 0.1
    (corpus / "new.txt").write_text("Late\n\nA late story about zeppelins.\n")
    with update_lock(library.backend.index_root / store.LOCK, timeout=0):
        for _ in range(2):
            library.update()
            assert library.notice is not None and "not updated" in library.notice
    stats = library.update()
    assert library.notice is None and library.stale is None and stats.added == 1
    assert library.search("zeppelins").total == 1


def test_lock_timeout_before_any_index_exists_is_one_clear_error(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c")
    library = Library(corpus)
    assert isinstance(library.backend, WhooshBackend)
    library.backend.lock_timeout = 0.1
    index_root = library.backend.index_root
    index_root.mkdir(parents=True, mode=0o700)
    with (
        update_lock(index_root / store.LOCK, timeout=0),
        pytest.raises(BackendError) as raised,
    ):
        library.update()
    message = str(raised.value)
    assert "another tui-reader" in message and "try again" in message and "\n" not in message
    assert isinstance(library.backend, WhooshBackend)  # not in memory behind the user's back


def test_lock_timeout_is_its_own_error_type(tmp_path: Path) -> None:
    lock = tmp_path / "update.lock"
    with update_lock(lock, timeout=0), pytest.raises(LockTimeout), update_lock(lock, timeout=0):
        pass


def _cli(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_cli_search_while_the_lock_is_held_reads_the_current_index(
    held_lock: tuple[Path, Library], monkeypatch: pytest.MonkeyPatch
) -> None:
    index_root, library = held_lock
    _short_lock_wait(monkeypatch)
    before = _index_state(index_root)
    corpus = str(library.root)
    code, out, err = _cli(monkeypatch, "search", "uniq1x", "--json", "--corpus", corpus)
    assert code == 0, err
    assert len(out.splitlines()) == 1
    notes = err.strip().splitlines()
    assert len(notes) == 1 and "not updated" in notes[0] and "another tui-reader" in notes[0]
    assert "in memory" not in err and "Traceback" not in err
    assert _index_state(index_root) == before


def test_app_with_the_lock_held_reads_the_current_index_and_says_why(
    held_lock: tuple[Path, Library], monkeypatch: pytest.MonkeyPatch
) -> None:
    _index_root, library = held_lock
    _short_lock_wait(monkeypatch)

    async def run() -> None:
        app = make_app(library.root)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            messages = [n.message for n in app._notifications]
            assert any("not updated" in m and "another tui-reader" in m for m in messages)
            screen = await ready(pilot)
            assert len(screen.infos) == 4
            screen = await search(pilot, "uniq2x")
            assert screen.result is not None and screen.result.total == 1
            assert app.is_running

    asyncio.run(run())


def test_app_lock_timeout_toast_is_not_titled_index_in_memory(
    held_lock: tuple[Path, Library], monkeypatch: pytest.MonkeyPatch
) -> None:
    _index_root, library = held_lock
    _short_lock_wait(monkeypatch)

    async def run() -> None:
        app = make_app(library.root)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            titles = [n.title for n in app._notifications if "not updated" in n.message]
            assert titles and all(t != "Index in memory" for t in titles), titles

    asyncio.run(run())


def test_held_lock_never_blocks_searches(held_lock: tuple[Path, Library]) -> None:
    _index_root, library = held_lock
    assert library.search("uniq0x").total == 1  # no update, no lock: reads go straight on


def test_cli_index_while_the_lock_is_held_exits_1_with_one_line(
    held_lock: tuple[Path, Library], monkeypatch: pytest.MonkeyPatch
) -> None:
    _index_root, library = held_lock
    _short_lock_wait(monkeypatch)
    code, _out, err = _cli(monkeypatch, "index", "--corpus", str(library.root))
    assert len(err.strip().splitlines()) == 1 and "not updated" in err
    assert code == 1


def test_a_reading_command_can_wait_less_for_the_lock(held_lock: tuple[Path, Library]) -> None:
    _index_root, held = held_lock
    library = Library(held.root, lock_timeout=0.1)
    assert isinstance(library.backend, WhooshBackend) and library.backend.lock_timeout == 0.1
    library.update()
    assert library.stale is not None and library.search("uniq1x").total == 1
