"""What a keystroke of a search costs the screen: only what changed is drawn again.

Search as you type was slow where the screen redid work whose result it already showed: frames
repainted for a title set to its own value, rows of the source list drawn again when their hit
count had not changed, the collector walking start-up's objects again and again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.widget import Widget

from tests.ui.pilot_helpers import ready, search, settle
from tui_reader import collector
from tui_reader.services.library import Library
from tui_reader.ui.app import ReaderApp, make_app
from tui_reader.ui.widgets.borders import set_border
from tui_reader.ui.widgets.reader_pane import ReaderPane
from tui_reader.ui.widgets.results_list import ResultsList
from tui_reader.ui.widgets.source_list import SourceList

SIZE = (100, 30)


@pytest.fixture
def app(seeds_dir: Path) -> Iterator[ReaderApp]:
    yield make_app(seeds_dir)


def rows_drawn(
    monkeypatch: pytest.MonkeyPatch, widget: type[SourceList | ResultsList]
) -> list[int]:
    """The indices of the rows ``widget`` draws from now on, in order."""
    drawn: list[int] = []
    real = widget.render_row

    def spy(self: SourceList | ResultsList, index: int, width: int) -> Any:
        drawn.append(index)
        return real(self, index, width)  # type: ignore[arg-type]

    monkeypatch.setattr(widget, "render_row", spy)
    return drawn


async def test_a_border_title_set_to_its_value_repaints_nothing(
    app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        reader = screen.reader
        refreshed: list[Widget] = []
        real = Widget.refresh

        def spy(self: Widget, *regions: Any, **kwargs: Any) -> Any:
            refreshed.append(self)
            return real(self, *regions, **kwargs)

        monkeypatch.setattr(Widget, "refresh", spy)
        subtitle = str(reader.border_subtitle)
        set_border(reader, "subtitle", subtitle)
        assert reader not in refreshed
        set_border(reader, "subtitle", "changed")
        assert reader in refreshed
        assert reader.border_subtitle == "changed"


async def test_typing_does_not_repaint_the_reader_frame(
    app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader's subtitle (which passage is in view) does not change while typing a query
    whose hits are elsewhere: its 40-line frame is not drawn again for each key."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await search(pilot, "p")
        frames: list[str] = []
        real = Widget.refresh

        def spy(self: Widget, *regions: Any, **kwargs: Any) -> Any:
            if isinstance(self, ReaderPane) and not regions:
                frames.append(screen.search_box.value)
            return real(self, *regions, **kwargs)

        monkeypatch.setattr(Widget, "refresh", spy)
        await pilot.press(*"okrovsk")
        await settle(pilot)
        assert screen.result is not None and screen.result.total
        assert frames == []


async def test_the_collector_skips_what_start_up_made(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert gc.get_freeze_count() > 0
        frozen = gc.get_freeze_count()
        collector.settle()  # once per process: a second call freezes nothing more
        assert gc.get_freeze_count() == frozen
        assert gc.get_threshold()[2] == collector.FULL_EVERY


async def test_a_pause_in_typing_is_when_the_collector_runs(
    app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    collections: list[int] = []
    monkeypatch.setattr(collector, "collect", lambda: collections.append(1))
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        # A delay no loaded machine's keys reach: nothing runs while they come...
        monkeypatch.setattr(screen, "COLLECT_DELAY", 60.0)
        await pilot.press("slash", *"pokrovs")
        await settle(pilot)
        assert collections == []
        # ...and each key starts the wait again: with a short one, the last key's runs, once.
        monkeypatch.setattr(screen, "COLLECT_DELAY", 0.1)
        await pilot.press("k")
        await settle(pilot)
        await pilot.pause(0.3)
        assert collections == [1]


def test_warming_the_library_is_harmless(seeds_dir: Path) -> None:
    library = Library(seeds_dir)
    try:
        library.warm()  # no index yet: nothing to warm, and no error
        library.update(None)
        library.warm()
        warm = library.search("pokrovsk", limit=10)
        assert warm.total > 0
    finally:
        library.close()


async def test_new_counts_redraw_only_the_source_rows_whose_count_changed(
    app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await search(pilot, "pokrovsk")
        sources = screen.sources
        counts = dict(sources.hit_counts or {})
        assert counts, "the seeds mention Pokrovsk"
        drawn = rows_drawn(monkeypatch, SourceList)
        sources.set_hit_counts(counts)  # the same counts: nothing to draw
        await pilot.pause()
        assert drawn == []
        changed = sources.infos[0].id
        sources.set_hit_counts({**counts, changed: counts.get(changed, 0) + 1000})
        await pilot.pause()
        assert drawn == [0]
        assert f"{counts.get(changed, 0) + 1000:>3}" in sources.prompt(changed).plain


async def test_a_result_with_the_same_first_hits_redraws_only_the_rows_that_differ(
    app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await search(pilot, "pokrovsk")
        results = screen.results
        result = screen.result
        assert result is not None and len(result.hits) >= 2
        drawn = rows_drawn(monkeypatch, ResultsList)
        first, second, *rest = result.hits
        moved = replace(result, hits=(first, replace(second, text=second.text + " more"), *rest))
        results.set_result(moved, screen.short, screen.titles)
        await pilot.pause()
        assert drawn == [1]
        assert results.hits[1].text.endswith(" more")
