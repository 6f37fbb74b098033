"""The app under hostile conditions: an unwritable cache, hostile names, typing during a build,
a tiny terminal. Pilot tests, run with ``asyncio.run`` (the project has no async plugin)."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from tests.ui.pilot_helpers import main_screen, ready, search, settle
from tui_reader.ui.app import make_app

from .conftest import HOSTILE_NAMES

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
SIZE = (100, 30)


def _notices(app: object) -> list[str]:
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]


def test_app_with_unwritable_cache_reads_and_searches_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("TUI_READER_CACHE_DIR", str(blocker / "cache"))

    async def run() -> None:
        app = make_app(SEEDS)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert any("in memory" in text for text in _notices(app))
            screen = await ready(pilot)
            assert len(screen.infos) == len(list(SEEDS.glob("*.txt")))
            screen = await search(pilot, "pokrovsk")
            assert screen.result is not None and screen.result.total > 0
            assert app.is_running

    asyncio.run(run())


def test_app_lists_hostile_file_names_on_one_visible_line(hostile_corpus: Path) -> None:
    async def run() -> None:
        app = make_app(hostile_corpus)
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            assert len(screen.infos) == len(HOSTILE_NAMES)
            for info in screen.infos:
                prompt = str(screen.sources.prompt(info.id))
                for bad in ("\x1b", "\n", "\x07", "\u202e", "\udcff"):
                    assert bad not in prompt, (info.id, bad)
                screen.show_source(info.id)
                await settle(pilot)
            svg = app.export_screenshot()
            assert "\x1b" not in svg and "\u202e" not in svg
            screen = await search(pilot, "zebra")
            assert screen.result is not None and screen.result.total == len(HOSTILE_NAMES)
            assert app.is_running

    asyncio.run(run())


def test_typing_fast_while_the_index_builds_shows_the_last_query(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    shutil.copytree(SEEDS, corpus)

    async def run() -> None:
        app = make_app(corpus)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = main_screen(app)
            await pilot.press("slash", *"putin", *["backspace"] * 5, *"pokrovsk")
            await settle(pilot)
            assert screen.search_box.value == "pokrovsk"
            assert screen.result is not None and screen.result.query == "pokrovsk"
            assert screen.result.total > 0
            assert app.is_running

    asyncio.run(run())


def test_resize_to_20x5_and_back_keeps_the_app_working() -> None:
    async def run() -> None:
        app = make_app(SEEDS)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await search(pilot, "pokrovsk")
            await pilot.resize_terminal(20, 5)
            await settle(pilot)
            await pilot.press("escape", "j", "k", "tab", "n")
            await settle(pilot)
            assert app.is_running
            await pilot.resize_terminal(*SIZE)
            screen = await search(pilot, "witkoff")
            assert screen.result is not None and screen.result.total > 0
            assert app.is_running

    asyncio.run(run())
