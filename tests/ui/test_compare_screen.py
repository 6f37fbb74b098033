"""Pilot tests for the compare screen (``c``) and the where-else list (``w``).

Self-contained like the coverage tests: each test runs its own event loop.
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

from tests.ui.pilot_helpers import workers_done
from tui_reader.ui.app import ReaderApp, make_app
from tui_reader.ui.commands import ProvidesCommands
from tui_reader.ui.screens.compare import CompareScreen, SourceChooser
from tui_reader.ui.screens.help import HelpScreen
from tui_reader.ui.screens.main import MainScreen
from tui_reader.ui.screens.where import WhereScreen
from tui_reader.ui.widgets import diff_view
from tui_reader.ui.widgets.diff_view import DiffView

SIZE = (120, 40)
S000 = "000_15444799d16b97f2"
S001 = "001_bbe6e142eb0c3a87"


def run(app: ReaderApp, script: Callable[[Pilot[int]], Awaitable[None]]) -> None:
    async def go() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await script(pilot)

    asyncio.run(go())


def main_of(app: Any) -> MainScreen:
    return next(s for s in app.screen_stack if isinstance(s, MainScreen))


async def settle(pilot: Pilot[int]) -> None:
    """Until no worker runs, the reader shows an article and any compare/where screen is ready."""
    app = pilot.app
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        main = main_of(app)
        screen = app.screen
        waiting = (isinstance(screen, CompareScreen) and (screen.busy or not screen.ready)) or (
            isinstance(screen, WhereScreen) and (screen.busy or not screen.ready)
        )
        if not main.busy and main.reader.source is not None and not waiting:
            for box in app.screen.query(Input):
                box.cursor_blink = False
            return
        await pilot.pause(0.02)
    raise AssertionError("the app did not settle")


async def open_compare(pilot: Pilot[int], other: str = S001) -> CompareScreen:
    """``c`` on the first source (000), then choose ``other`` in the list."""
    await settle(pilot)
    assert main_of(pilot.app).reader.source is not None
    assert main_of(pilot.app).reader.source.id == S000
    await pilot.press("c")
    await pilot.pause()
    chooser = pilot.app.screen
    assert isinstance(chooser, SourceChooser)
    index = [info.id for info in chooser.shown].index(other)
    chooser.choices.highlighted = index
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    return screen


def status_text(screen: CompareScreen) -> str:
    return str(screen.query_one("#compare-status", Static).render())


def drawn_text(view: DiffView) -> str:
    """The characters the view draws in its window, line by line."""
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


def cell_background(view: DiffView, index: int, side: str) -> object:
    """The background drawn in the first line of one cell (row ``index`` is brought into view)."""
    region = view.row_region(index)
    assert region is not None
    view.scroll_to_region(region, animate=False, immediate=True)
    strip = view.render_line(region.y - view.scroll_offset.y)
    x = 0 if side == "a" else strip.cell_length - 1
    segments = list(strip.crop(x, x + 1))
    assert segments and segments[0].style is not None
    return segments[0].style.bgcolor


@pytest.fixture
def app(seeds_dir: Path) -> ReaderApp:
    return make_app(seeds_dir)


def test_c_opens_both_sources_side_by_side(app: ReaderApp) -> None:
    async def script(pilot: Pilot[int]) -> None:
        screen = await open_compare(pilot)
        assert screen.alignment is not None
        view = screen.query_one(DiffView)
        assert len(view.rows) == len(screen.alignment.groups)
        # Every passage of both sources is on the screen exactly once.
        seen_a = sorted(n for row in view.rows for n in row.group.a)
        seen_b = sorted(n for row in view.rows for n in row.group.b)
        assert screen.a is not None and screen.b is not None
        assert seen_a == list(range(len(screen.a.passages)))
        assert seen_b == list(range(len(screen.b.passages)))
        # Unmatched passages sit opposite an empty-cell marker; moved ones are marked.
        lonely = next(n for n, row in enumerate(view.rows) if not row.group.b)
        assert "not in B" in view.cell_text(lonely, "b")
        moved = [n for n, row in enumerate(view.rows) if row.group.moved]
        assert moved and all("moved" in view.marker_text(n) for n in moved)
        # And they are drawn: the rows brought into view show the markers.
        for index, text in ((lonely, "∅ not in B"), (moved[0], "↕ moved")):
            view.cursor = index
            await pilot.pause()
            assert text in drawn_text(view)
        assert "matched group" in status_text(screen)
        # Each column is headed by its source's title and id.
        for side, source in (("a", screen.a), ("b", screen.b)):
            head = str(screen.query_one(f"#compare-head-{side}", Static).render())
            assert head.startswith(f"{side.upper()} {source.title}") and source.id in head

    run(app, script)


def test_next_difference_swap_and_hide_identical(app: ReaderApp, seeds_dir: Path) -> None:
    async def script(pilot: Pilot[int]) -> None:
        screen = await open_compare(pilot)
        view = screen.query_one(DiffView)
        start = view.cursor
        await pilot.press("right_square_bracket")
        assert view.cursor > start
        assert not view.rows[view.cursor].identical
        after = view.cursor
        await pilot.press("n")
        assert view.cursor > after
        await pilot.press("left_square_bracket")
        assert view.cursor == after
        await pilot.press("N")
        assert view.cursor < after
        # Swap: B becomes A.
        await pilot.press("s")
        await settle(pilot)
        assert screen.a is not None and screen.a.id == S001
        assert screen.b is not None and screen.b.id == S000
        assert S001 in str(screen.query_one("#compare-head-a", Static).render())
        await pilot.press("o")
        await pilot.pause()
        chooser = pilot.app.screen
        assert isinstance(chooser, SourceChooser)
        assert S001 not in [info.id for info in chooser.infos]  # not against itself
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen

    run(app, script)


def test_the_other_source_is_found_by_typing_words_of_its_title(app: ReaderApp) -> None:
    async def script(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        chooser = pilot.app.screen
        assert isinstance(chooser, SourceChooser)
        assert chooser.choices.row_count == 4  # every source but the current one
        target = next(info for info in chooser.infos if info.id.startswith("003"))
        words = [w for w in target.title.split() if len(w) > 4][:2]
        await pilot.press(*" ".join(words).upper())
        await settle(pilot)
        assert [info.id for info in chooser.shown] == [target.id]
        assert "1 of 4 sources" in str(chooser.query_one("#chooser-count", Static).render())
        await pilot.press("z", "z", "q")
        await settle(pilot)
        assert chooser.choices.row_count == 0
        await pilot.press("enter")  # nothing to choose: the chooser stays
        assert pilot.app.screen is chooser
        for _ in range(3):
            await pilot.press("backspace")
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.b is not None and screen.b.id == target.id

    run(app, script)


def test_hide_identical_groups(corpus_copy: Path) -> None:
    original = (corpus_copy / f"{S000}.txt").read_text(encoding="utf-8")
    edited = original.replace("nearly five hours of discussions", "a five-hour dialogue")
    assert edited != original
    (corpus_copy / "000_copy.txt").write_text(edited, encoding="utf-8")

    async def script(pilot: Pilot[int]) -> None:
        screen = await open_compare(pilot, other="000_copy")
        view = screen.query_one(DiffView)
        identical = [n for n, row in enumerate(view.rows) if row.identical]
        different = [n for n, row in enumerate(view.rows) if not row.identical]
        assert len(different) == 1 and 2 in view.rows[different[0]].group.a
        assert len(identical) == len(view.rows) - 1
        await pilot.press("right_square_bracket")
        assert view.cursor == different[0]
        shown_lines = view.virtual_size.height
        await pilot.press("i")
        await pilot.pause()
        assert view.hide_identical
        assert view.shown_rows() == different
        assert view.virtual_size.height < shown_lines  # the hidden rows take no lines
        assert "hidden" in status_text(screen)
        await pilot.press("i")
        await pilot.pause()
        assert view.shown_rows() == list(range(len(view.rows)))
        assert view.virtual_size.height == shown_lines

    run(make_app(corpus_copy), script)


def test_selection_highlights_the_partner_and_enter_opens_it(app: ReaderApp) -> None:
    async def script(pilot: Pilot[int]) -> None:
        screen = await open_compare(pilot)
        view = screen.query_one(DiffView)
        row = next(n for n, r in enumerate(view.rows) if r.group.a and r.group.b)
        view.cursor = row
        await pilot.press("right")
        await pilot.pause()
        assert "diff-view--selected" in view.cell_classes(row, "b")
        assert "diff-view--partner" in view.cell_classes(row, "a")
        selected, partner = cell_background(view, row, "b"), cell_background(view, row, "a")
        assert len({selected, partner, cell_background(view, row + 1, "a")}) == 3
        await pilot.press("left")
        await pilot.pause()
        assert "diff-view--selected" in view.cell_classes(row, "a")
        assert "diff-view--partner" in view.cell_classes(row, "b")
        assert (cell_background(view, row, "a"), cell_background(view, row, "b")) == (
            selected,
            partner,
        )
        await pilot.press("right", "enter")
        await settle(pilot)
        main = main_of(pilot.app)
        assert pilot.app.screen is main
        assert main.reader.source is not None and main.reader.source.id == S001

    run(app, script)


def test_a_click_on_a_cell_selects_its_row_and_side(app: ReaderApp) -> None:
    async def script(pilot: Pilot[int]) -> None:
        screen = await open_compare(pilot)
        view = screen.query_one(DiffView)
        assert (view.cursor, view.side) == (0, "a")
        second = view.row_region(1)
        assert second is not None and second.y < view.size.height
        await pilot.click(DiffView, offset=(view.size.width - 5, second.y))
        await pilot.pause()
        assert (view.cursor, view.side) == (1, "b")
        await pilot.click(DiffView, offset=(2, 0))
        await pilot.pause()
        assert (view.cursor, view.side) == (0, "a")

    run(app, script)


def test_long_sources_start_from_estimated_row_heights(
    app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every pair counts as long: rows are measured where they are drawn and in the background.
    monkeypatch.setattr(diff_view, "MEASURE_AT_ONCE", 0)

    async def script(pilot: Pilot[int]) -> None:
        screen = await open_compare(pilot)
        view = screen.query_one(DiffView)
        for key in ("right_square_bracket",) * 3 + ("pagedown", "down", "up", "pageup"):
            await pilot.press(key)
            await pilot.pause()
            region = view.row_region(view.cursor)
            assert region is not None
            top, height = view.scroll_offset.y, view.size.height
            assert top <= region.y and (region.bottom <= top + height or region.height > height)
            text = view.cell_text(view.cursor, view.side)
            assert text[:20] in drawn_text(view)  # drawn where the layout says it is
        lines = -1
        for _ in range(50):  # until the background measuring is done
            await pilot.pause(0.05)
            if view.virtual_size.height == lines:
                break
            lines = view.virtual_size.height
        heights = [view.row_region(n) for n in view.shown_rows()]
        assert lines == sum(region.height + 1 for region in heights if region is not None)

    run(app, script)


def test_where_else_from_the_reader_and_from_compare(app: ReaderApp) -> None:
    async def script(pilot: Pilot[int]) -> None:
        await settle(pilot)
        main = main_of(pilot.app)
        main.reader.focus()
        passage = main.reader.current_passage()
        assert passage is not None
        await pilot.press("w")
        await settle(pilot)
        where = pilot.app.screen
        assert isinstance(where, WhereScreen)
        assert all(hit.source_id != passage.source_id for hit in where.hits)
        await pilot.press("escape")
        await pilot.pause()
        # From the compare screen: the Sybiha passage of 001 is carried by 000.
        screen = await open_compare(pilot)
        view = screen.query_one(DiffView)
        view.cursor = next(n for n, r in enumerate(view.rows) if 3 in r.group.b)
        view.side = "b"
        await pilot.press("w")
        await settle(pilot)
        where = pilot.app.screen
        assert isinstance(where, WhereScreen)
        assert [(h.source_id, h.ordinal) for h in where.hits] == [(S000, 3)]
        await pilot.press("enter")
        await settle(pilot)
        main = main_of(pilot.app)
        assert pilot.app.screen is main
        assert main.reader.source is not None and main.reader.source.id == S000

    run(app, script)


def test_where_else_that_finds_nothing_says_so_without_an_empty_list(app: ReaderApp) -> None:
    async def script(pilot: Pilot[int]) -> None:
        await settle(pilot)
        main = main_of(pilot.app)
        main.reader.focus()
        heading = next(p for p in main.reader.source.passages if p.kind == "heading")
        pilot.app.push_screen(WhereScreen(main.library, heading.text, exclude=S000))
        await settle(pilot)
        where = pilot.app.screen
        assert isinstance(where, WhereScreen) and where.hits == []
        box = where.query_one("#where-text", Input)
        assert box.value == heading.text
        assert "No other sources carry" in str(where.query_one("#where-status", Static).render())
        assert not where.query_one("#where-hits").display
        # Nothing found: the statement is ready to be edited; a phrase that 000 and 001 both
        # carry is then found in 001 (000, the source it came from, is left out).
        assert box.has_focus
        box.value = "as many times as needed"
        await pilot.press("enter")
        await settle(pilot)
        assert [h.source_id for h in where.hits] == [S001]
        assert where.query_one("#where-hits").display and where.query_one("#where-hits").has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is main

    run(app, script)


def test_where_else_for_a_phrase_typed_from_the_palette(app: ReaderApp) -> None:
    async def script(pilot: Pilot[int]) -> None:
        await settle(pilot)
        main = main_of(pilot.app)
        command = next(
            c for c in pilot.app.palette_commands() if c.name.startswith("where else: a phrase")
        )
        command.callback()
        await settle(pilot)
        where = pilot.app.screen
        assert isinstance(where, WhereScreen) and where.ready and where.hits == []
        box = where.query_one("#where-text", Input)
        assert box.has_focus and box.value == ""
        await pilot.press("enter")  # nothing typed: nothing looked up
        await settle(pilot)
        assert where.hits == [] and "Type a phrase" in str(
            where.query_one("#where-status", Static).render()
        )
        for key in "as many times as needed":
            await pilot.press("space" if key == " " else key)
        await pilot.press("enter")
        await settle(pilot)
        assert {h.source_id for h in where.hits} == {S000, S001}  # no source left out
        await pilot.press("e")  # back to the statement, to change it
        assert box.has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is main

    run(app, script)


def test_palette_offers_compare_and_where(app: ReaderApp) -> None:
    async def script(pilot: Pilot[int]) -> None:
        await settle(pilot)
        assert isinstance(pilot.app, ProvidesCommands)
        names = [c.name for c in pilot.app.palette_commands()]
        assert "compare: with another source" in names
        assert "where else: the current passage" in names
        screen = await open_compare(pilot)
        assert isinstance(screen, ProvidesCommands)
        names = [c.name for c in screen.palette_commands()]
        assert {"compare: next difference", "compare: swap sides"} <= set(names)
        titles = [section.title for section in screen.help_sections()]
        assert "Compare" in titles
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)

    run(app, script)


def test_snapshot_compare_screen(snap_compare: Any, seeds_dir: Path) -> None:
    async def before(pilot: Pilot[int]) -> None:
        await open_compare(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(make_app(seeds_dir), terminal_size=SIZE, run_before=before)
