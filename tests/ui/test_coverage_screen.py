"""Pilot tests for the coverage screen (``f``): the grid, its filters, sorting, opening a passage.

Self-contained: each test runs its own event loop, so it needs no async plugin or UI conftest.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static
from textual.widgets._footer import FooterKey

from tests.ui.pilot_helpers import workers_done
from tui_reader.services.facts import Fact, omissions, singletons
from tui_reader.services.library import Library
from tui_reader.ui.app import ReaderApp, make_app
from tui_reader.ui.commands import ProvidesCommands
from tui_reader.ui.screens.coverage import CoverageScreen
from tui_reader.ui.screens.main import MainScreen
from tui_reader.ui.screens.where import WhereScreen

SIZE = (120, 40)
SOURCES = 5


def run(
    app: ReaderApp,
    script: Callable[[Pilot[int]], Awaitable[None]],
    size: tuple[int, int] = SIZE,
) -> None:
    async def go() -> None:
        async with app.run_test(size=size) as pilot:
            await script(pilot)

    asyncio.run(go())


async def settle(pilot: Pilot[int]) -> None:
    """Until no worker runs and the reader shows an article (bounded, not a sleep)."""
    app = pilot.app
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
        screen = app.screen
        coverage_busy = isinstance(screen, CoverageScreen) and (screen.busy or not screen.ready)
        if not main.busy and main.reader.source is not None and not coverage_busy:
            for box in app.screen.query(Input):
                box.cursor_blink = False
            return
        await pilot.pause(0.02)
    raise AssertionError("the app did not settle")


async def open_coverage(pilot: Pilot[int]) -> CoverageScreen:
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CoverageScreen)
    # The footer follows focus a moment later: wait until it lists the grid's enter key.
    deadline = time.monotonic() + 5
    while not any(key.description == "Open passage" for key in screen.query(FooterKey)):
        assert time.monotonic() < deadline, "the footer never showed the grid's keys"
        await pilot.pause(0.02)
    await pilot.pause()
    return screen


def facts_over(seeds: Path) -> list[Fact]:
    library = Library(seeds)
    library.update(None)
    try:
        return library.facts()
    finally:
        library.close()


@pytest.fixture
def app(seeds_dir: Path) -> ReaderApp:
    return make_app(seeds_dir)


def test_f_opens_a_grid_of_facts_by_sources(app: ReaderApp, seeds_dir: Path) -> None:
    want = facts_over(seeds_dir)

    async def script(pilot: Pilot[int]) -> None:
        screen = await open_coverage(pilot)
        grid = screen.grid
        assert grid.row_count == len(want) > 50
        assert len(grid.columns) == SOURCES + 4  # kind, fact, one per source, n, note
        assert [f.text for f in grid.facts] == [f.text for f in want]
        row = next(i for i, f in enumerate(grid.facts) if f.text == "701 km²")
        cells = [str(c) for c in grid.get_row_at(row)]
        assert cells[1] == "701 km²" and cells[2].strip() == "✓" and cells[3].strip() == "≈"
        assert [c.strip() for c in cells[4:7]] == ["", "", ""]
        assert "103 of 103 facts" in str(screen.query_one("#coverage-status", Static).render())

    run(app, script)


def test_filters_sort_and_kind(app: ReaderApp, seeds_dir: Path) -> None:
    want = facts_over(seeds_dir)
    ids = sorted({sid for f in want for sid in f.sources})

    async def script(pilot: Pilot[int]) -> None:
        screen = await open_coverage(pilot)
        await pilot.press("1")
        assert [f.text for f in screen.shown] == [f.text for f in singletons(want)]
        assert all(f.count == 1 for f in screen.grid.facts)
        await pilot.press("o")
        assert [f.text for f in screen.shown] == [f.text for f in omissions(want, ids)]
        assert {"Vladimir Putin", "Kremlin"} <= {f.text for f in screen.shown}
        assert all(f.count == SOURCES - 1 for f in screen.grid.facts)
        await pilot.press("d")
        assert screen.grid.row_count == 0  # the seeds agree on every figure they share
        detail = str(screen.query_one("#coverage-detail", Static).render())
        assert "Nothing matches" in detail
        await pilot.press("a", "k")
        assert screen.kind == "number" and {f.kind for f in screen.shown} == {"number"}
        await pilot.press("k", "k", "k")
        assert screen.kind is None and screen.grid.row_count == len(want)
        await pilot.press("s")
        counts = [f.count for f in screen.shown]
        assert counts == sorted(counts, reverse=True) and screen.shown[0].count == SOURCES
        assert {f.kind for f in screen.shown[:3]} != {"number"}

    run(app, script)


def test_enter_on_a_cell_opens_that_passage_with_the_fact_marked(app: ReaderApp) -> None:
    async def script(pilot: Pilot[int]) -> None:
        screen = await open_coverage(pilot)
        row = next(i for i, f in enumerate(screen.grid.facts) if f.text == "28-point plan")
        fact = screen.grid.facts[row]
        (source_id,) = fact.sources
        screen.grid.move_cursor(row=row, column=screen.grid.column_of(source_id))
        await pilot.press("enter")
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.reader.source is not None and main.reader.source.id == source_id
        current = main.reader.current
        assert current is not None and current.ordinal == fact.sources[source_id][0]
        passage = main.reader.source.passages[current.ordinal]
        (start, end), *_ = current.highlights
        assert passage.text[start:end] == "28-point US plan"
        assert app.focused is main.reader

    run(app, script)


def test_enter_on_a_blank_cell_or_the_fact_column(app: ReaderApp) -> None:
    """A blank cell says why nothing opens; the fact column opens where-else, and its choice
    opens in the reader."""

    async def script(pilot: Pilot[int]) -> None:
        screen = await open_coverage(pilot)
        row = next(i for i, f in enumerate(screen.grid.facts) if f.text == "28-point plan")
        fact = screen.grid.facts[row]
        blank = next(s for s in screen.grid.source_ids if s not in fact.sources)
        screen.grid.move_cursor(row=row, column=screen.grid.column_of(blank))
        await pilot.press("enter")
        assert app.screen is screen
        assert "does not carry" in str(screen.query_one("#coverage-status", Static).render())
        detail = str(screen.query_one("#coverage-detail", Static).render())
        assert "28-point US plan" in detail
        screen.grid.move_cursor(row=row, column=1)
        await pilot.press("enter")
        await settle(pilot)
        where = app.screen
        assert isinstance(where, WhereScreen) and where.text == "28-point US plan"
        (carrier,) = fact.sources
        assert [h.source_id for h in where.hits] == [carrier]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        screen.grid.move_cursor(row=row, column=1)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.reader.source is not None and main.reader.source.id == carrier

    run(app, script)


def test_escape_goes_back_and_palette_has_the_commands(app: ReaderApp) -> None:
    async def script(pilot: Pilot[int]) -> None:
        await settle(pilot)
        assert isinstance(app, ProvidesCommands)
        names = [c.name for c in app.palette_commands()]
        assert "coverage: who reports what" in names
        screen = await open_coverage(pilot)
        coverage_names = [c.name for c in screen.palette_commands()]
        assert "coverage: only one source carries" in coverage_names
        assert "coverage: who reports what" not in [c.name for c in app.palette_commands()]
        await pilot.press("f")  # already here: nothing happens
        assert app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)

    run(app, script)


def test_palette_command_opens_the_screen(app: ReaderApp) -> None:
    async def script(pilot: Pilot[int]) -> None:
        await settle(pilot)
        command = next(c for c in app.palette_commands() if c.name.startswith("coverage:"))
        command.callback()
        await settle(pilot)
        assert isinstance(app.screen, CoverageScreen)

    run(app, script)


def test_disagreements_stand_out(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Talks in Moscow\n\nThe envoys spent five hours in talks with Putin at the Kremlin.\n"
    )
    (corpus / "b.txt").write_text(
        "Envoys meet Putin\n\nThe envoys spent four hours in talks with Putin at the Kremlin.\n"
    )
    app = make_app(corpus)

    async def script(pilot: Pilot[int]) -> None:
        screen = await open_coverage(pilot)
        await pilot.press("d")
        texts = {f.text for f in screen.shown}
        assert texts == {"5 hours", "4 hours"}
        notes = [str(screen.grid.get_row_at(i)[-1]) for i in range(screen.grid.row_count)]
        assert all("≠" in n for n in notes)

    run(app, script)


def test_a_failing_computation_is_reported(app: ReaderApp, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: Any, **__: Any) -> list[Fact]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(app.library, "facts", broken)

    async def script(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CoverageScreen)
        status = str(screen.query_one("#coverage-status", Static).render())
        assert "disk on fire" in status
        assert not screen.grid.loading

    run(app, script)


def test_every_source_column_fits_an_80_column_screen(seeds_dir: Path) -> None:
    async def script(pilot: Pilot[int]) -> None:
        screen = await open_coverage(pilot)
        grid = screen.grid
        widths = [column.get_render_width(grid) for column in grid.ordered_columns]
        # kind, fact, the five sources and the count are in view; the notes may scroll.
        assert sum(widths[: 2 + SOURCES + 1]) <= grid.scrollable_content_region.width
        assert any(len(f.text) > 40 for f in screen.shown)  # so the fact column was cut

    run(make_app(seeds_dir), script, size=(80, 24))


def test_snapshot_coverage_screen(snap_compare: Any, seeds_dir: Path) -> None:
    async def before(pilot: Pilot[int]) -> None:
        await open_coverage(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(make_app(seeds_dir), terminal_size=SIZE, run_before=before)


def test_a_large_corpus_compares_the_current_source_with_its_closest(
    app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CoverageScreen, "GRID_SOURCES", 3)

    async def script(pilot: Pilot[int]) -> None:
        await settle(pilot)
        main = pilot.app.screen
        assert isinstance(main, MainScreen) and main.reader.source is not None
        current = main.reader.source.id
        screen = await open_coverage(pilot)
        ids = [info.id for info in screen.infos]
        assert len(ids) == 3 and ids[0] == current
        assert ids[1:] == pilot.app.library.related(current, 2)
        assert len(screen.grid.columns) == 3 + 4
        carriers = {source_id for fact in screen.all_facts for source_id in fact.sources}
        assert carriers <= set(ids)
        assert "closest of 5" in str(screen.sub_title)

    run(app, script)
