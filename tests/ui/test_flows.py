"""Pilot tests: each flow of the reader, driven from the keyboard (and the mouse) over the seeds."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.dom import DOMNode
from textual.message import Message
from textual.widgets import Input, Static

from tests.ui.pilot_helpers import (
    main_screen,
    notice_text,
    ready,
    search,
    settle,
    status_text,
    workers_done,
)
from tui_reader.models import SearchResult
from tui_reader.services.library import Library
from tui_reader.ui.app import ReaderApp, make_app, run_app
from tui_reader.ui.messages import SearchFinished
from tui_reader.ui.screens.help import HelpScreen
from tui_reader.ui.screens.main import MainScreen
from tui_reader.ui.screens.source_picker import SourceChooser
from tui_reader.ui.widgets.reader_pane import ReaderPane
from tui_reader.ui.widgets.results_list import ResultsList
from tui_reader.ui.widgets.search_box import SearchBox
from tui_reader.ui.widgets.source_list import SourceList

SIZE = (80, 24)


@pytest.fixture
def app(seeds_dir: Path) -> Iterator[ReaderApp]:
    yield make_app(seeds_dir)


def expected(seeds_dir: Path, query: str) -> SearchResult:
    """What the app should show: the same Library call, made directly."""
    library = Library(seeds_dir)
    library.update(None)
    try:
        return library.search(query, limit=MainScreen.SEARCH_LIMIT, as_you_type=True)
    finally:
        library.close()


async def test_start_indexes_and_opens_the_first_source(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.infos, "the seeds have sources"
        assert screen.reader.source is not None
        assert screen.reader.source.id == screen.infos[0].id
        assert screen.sources.row_count == len(screen.infos)
        assert "5 sources" in str(screen.sub_title)
        assert app.focused is screen.reader


async def test_typing_shows_results_and_counts(app: ReaderApp, seeds_dir: Path) -> None:
    want = expected(seeds_dir, "pokrovsk")
    assert want.hits, "the seeds mention Pokrovsk"
    messages: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await ready(pilot)
        screen = await search(pilot, "pokrovsk")
        assert screen.search_box.value == "pokrovsk"
        assert screen.searching
        assert screen.results.display
        assert [(h.source_id, h.ordinal) for h in screen.hits] == [
            (h.source_id, h.ordinal) for h in want.hits
        ]
        sources = len({h.source_id for h in want.hits})
        hits_word = "hit" if want.total == 1 else "hits"
        source_word = "source" if sources == 1 else "sources"
        assert f"{want.total} {hits_word} in {sources} {source_word}" in status_text(screen)
        assert screen.results.row_count == len(want.hits)
        assert screen.sources.hit_counts is not None
        assert sum(screen.sources.hit_counts.values()) == len(want.hits)
        finished = [m for m in messages if isinstance(m, SearchFinished)]
        assert finished and finished[-1].result.query == "pokrovsk"
        # No debounce: the first letter's search already ran (its answer may have been dropped).
        assert any(m.result.query == "p" for m in finished) or len(finished) > 1


async def test_reading_starts_from_the_index_as_it_was_while_the_update_runs(
    seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warm = Library(seeds_dir)
    warm.update(None)
    warm.close()
    library = Library(seeds_dir)
    real_update = library.update
    release = threading.Event()

    def slow_update(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)
        return real_update(*args, **kwargs)

    monkeypatch.setattr(library, "update", slow_update)
    app = make_app(library=library)
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        while screen.reader.source is None:
            await pilot.pause(0.02)
        assert screen.indexing, "the article is shown before the update has finished"
        assert screen.reader.source.id == screen.infos[0].id
        assert screen.sources.row_count == len(screen.infos) == 5
        shown = screen.reader.source
        release.set()
        await ready(pilot)
        assert not screen.indexing
        assert screen.reader.source is shown, "an unchanged article is not loaded again"


async def test_reindexing_keeps_an_unchanged_article_where_it_was(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        reader = screen.reader
        shown = reader.source
        await pilot.press("end")
        await settle(pilot)
        scrolled = reader.scroll_y
        assert scrolled > 0
        screen.action_reindex()
        await ready(pilot)
        assert reader.source is shown
        assert reader.scroll_y == scrolled


async def test_counts_from_a_truncated_list_say_so(
    app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(MainScreen, "SEARCH_LIMIT", 2)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await search(pilot, "putin")
        assert screen.result is not None and screen.result.total > 2
        sources = len({h.source_id for h in screen.hits})
        word = "source" if sources == 1 else "sources"
        assert f"{screen.result.total} hits · top 2 from {sources} {word}" in status_text(screen)
        assert screen.sources.border_subtitle == "¶ passages · top hits"
        assert sum((screen.sources.hit_counts or {}).values()) == 2


async def test_enter_opens_the_hit_scrolled_into_view(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await search(pilot, "pokrovsk")
        first = screen.hits[0]
        await pilot.press("enter")
        await settle(pilot)
        reader = screen.reader
        assert app.focused is reader
        assert reader.source is not None and reader.source.id == first.source_id
        assert reader.current == first
        assert screen.hit_index == 0
        block = reader.block_for(first.ordinal)
        assert block is not None and block.has_class("-current")
        assert reader._in_view(block)
        if first.ordinal > 3:
            assert reader.scroll_offset.y > 0
        assert "hit 1 of" in str(screen.results.border_subtitle)
        assert screen.sources.current_id == first.source_id


async def test_n_and_shift_n_walk_the_hits_in_rank_order(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await search(pilot, "putin")
        hits = screen.hits
        assert len(hits) > 3
        await pilot.press("escape")  # leave the box so n is a key, not a letter
        await pilot.press("n")
        await settle(pilot)
        assert screen.hit_index == 0
        await pilot.press("n", "n")
        await settle(pilot)
        assert screen.hit_index == 2
        assert screen.reader.source is not None
        assert screen.reader.source.id == hits[2].source_id
        assert screen.reader.current == hits[2]
        assert screen.results.highlighted == 2
        await pilot.press("N")
        await settle(pilot)
        assert screen.hit_index == 1
        assert screen.reader.current == hits[1]
        block = screen.reader.block_for(hits[1].ordinal)
        assert block is not None and screen.reader._in_view(block)
        # Wrapping around: N from the first hit goes to the last one.
        await pilot.press("N", "N")
        await settle(pilot)
        assert screen.hit_index == len(hits) - 1
        assert "wrapped" in status_text(screen)


async def test_switch_source_with_keys_and_mouse(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        ids = [info.id for info in screen.infos]
        screen.sources.focus()
        await pilot.press("j")
        await settle(pilot)
        assert screen.reader.source is not None and screen.reader.source.id == ids[1]
        await pilot.press("G")
        await settle(pilot)
        assert screen.reader.source is not None and screen.reader.source.id == ids[-1]
        await pilot.press("enter")
        assert app.focused is screen.reader
        # A click on the third source opens it.
        await pilot.click(SourceList, offset=(3, 3))
        await settle(pilot)
        assert screen.reader.source is not None and screen.reader.source.id == ids[2]


async def test_tab_moves_between_panes(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert app.focused is screen.reader
        await pilot.press("tab")
        assert app.focused is screen.search_box
        await pilot.press("tab")
        assert app.focused is screen.sources
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused is screen.reader


async def test_reader_keys_scroll(app: ReaderApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        reader = screen.reader
        await pilot.press("j", "j", "j")
        assert reader.scroll_offset.y == 3
        await pilot.press("k")
        assert reader.scroll_offset.y == 2
        await pilot.press("G")
        await pilot.pause()
        assert reader.scroll_offset.y == reader.max_scroll_y > 0
        await pilot.press("g")
        await pilot.pause()
        assert reader.scroll_offset.y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert reader.scroll_offset.y > 5


async def test_help_lists_every_key(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.render()) for s in app.screen.query(Static))
        owners: list[type[DOMNode]] = [
            ReaderApp,
            MainScreen,
            SearchBox,
            ResultsList,
            SourceList,
            ReaderPane,
        ]
        for owner in owners:
            for binding in Binding.make_bindings(owner.__dict__["BINDINGS"]):
                if binding.description and not binding.system:
                    assert app.get_key_display(binding) in text, binding
                    assert (binding.tooltip or binding.description) in text, binding
        assert "^p" in text and "Command palette" in text
        assert "rank order" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_raw_toggle_shows_what_cleaning_removed(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        reader = screen.reader
        # Find a source from which cleaning dropped something.
        source = None
        for info in screen.infos:
            candidate = screen.library.source(info.id)
            if candidate.dropped:
                source = candidate
                break
        assert source is not None, "cleaning drops something from at least one seed"
        screen.show_source(source.id)
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert reader.raw and not reader.blocks
        raw = reader.query_one(".reader-raw", Static)
        shown = str(raw.render())
        assert source.dropped[0].split()[0] in shown
        styles = {str(span.style) for span in raw.visual.spans}  # type: ignore[union-attr]
        assert ".reader--removed" in styles
        assert "raw" in str(reader.border_subtitle)
        await pilot.press("r")
        await settle(pilot)
        assert not reader.raw and reader.blocks
        # Opening a hit from the raw view goes back to the cleaned article, where hits are marked.
        await pilot.press("r")
        await settle(pilot)
        assert reader.raw
        await search(pilot, "putin")
        await pilot.press("enter")
        await settle(pilot)
        assert not reader.raw and reader.current == screen.hits[0]


async def test_bad_query_shows_its_reason_and_the_fallback(app: ReaderApp, seeds_dir: Path) -> None:
    query = '"putin kremlin'
    want = expected(seeds_dir, query)
    assert want.notice, "an unbalanced quote is rewritten"
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await search(pilot, query)
        assert want.notice in notice_text(screen)
        assert "\n" not in want.notice
        assert len(screen.hits) == len(want.hits)
        assert app.is_running


HOSTILE_QUERIES = ["NOT NOT", "((((((((((x", "*", "a" * 3000, "\x1b[31m", "[bold]", '"', "-", "OR"]


async def test_hostile_queries_never_crash(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        screen.search_box.focus()
        for query in HOSTILE_QUERIES:
            screen.search_box.value = query
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert app.is_running, query
            assert app.return_code is None, query
            assert "\x1b" not in status_text(screen) + notice_text(screen)
            screen.search_box.focus()


async def test_escape_leaves_then_clears(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await search(pilot, "kremlin")
        assert screen.hits
        await pilot.press("escape")
        assert app.focused is screen.results
        assert screen.search_box.value == "kremlin"
        await pilot.press("escape")
        await settle(pilot)
        assert screen.search_box.value == ""
        assert screen.result is None
        assert not screen.results.display
        assert screen.sources.hit_counts is None
        assert not screen.reader.hits


async def test_history_recalls_queries_between_runs(seeds_dir: Path) -> None:
    first = make_app(seeds_dir)
    async with first.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search(pilot, "putin")
        await pilot.press("enter")
        await pilot.press("slash", *"kremlin")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    second = make_app(seeds_dir)
    async with second.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", "up")
        assert screen.search_box.value == "kremlin"
        await pilot.press("up")
        assert screen.search_box.value == "putin"
        await pilot.press("down", "down")
        assert screen.search_box.value == ""


async def test_copy_puts_the_current_passage_on_the_clipboard(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await search(pilot, "pokrovsk")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        hit = screen.hits[0]
        source = screen.library.source(hit.source_id)
        assert app.clipboard == source.passages[hit.ordinal].text
        assert any("Copied" in n.message for n in app._notifications)


async def test_palette_opens_a_source(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        target = screen.infos[-1]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"open: ", *target.title[:12])
        await pilot.pause(0.3)  # the palette gathers its hits in its own worker
        await workers_done(app)
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.reader.source is not None and screen.reader.source.id == target.id


async def test_palette_lists_the_app_commands(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        names = [c.name for c in screen.palette_commands()] + [
            c.name for c in app.palette_commands()
        ]
        for wanted in ("index: update now", "index: rebuild", "view: raw text", "keys: show every"):
            assert any(name.startswith(wanted) for name in names), wanted
        opens = [name for name in names if name.startswith("open: ")]
        assert opens[0] == "open: a source by its title"
        assert len(opens) == 1 + len(screen.infos)


async def test_o_opens_a_source_found_by_words_of_its_title(
    app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        target = screen.infos[3]
        await pilot.press("o")
        await pilot.pause()
        chooser = app.screen
        assert isinstance(chooser, SourceChooser)
        assert len(chooser.infos) == len(screen.infos)  # nothing excluded when opening
        await pilot.press(*target.title.split()[0].lower(), "space", *target.id[:3])
        await pilot.pause()
        assert [info.id for info in chooser.shown] == [target.id]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.reader.source is not None and screen.reader.source.id == target.id
        assert app.focused is screen.reader
        # A large corpus: the palette offers the chooser, not one command per source.
        monkeypatch.setattr(MainScreen, "PALETTE_SOURCES", 2)
        names = [c.name for c in screen.palette_commands()]
        assert [name for name in names if name.startswith("open: ")] == [
            "open: a source by its title"
        ]


async def test_reindex_from_the_palette_command(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        screen.action_reindex(rebuild=True)
        assert screen.indexing
        await settle(pilot)
        assert not screen.indexing
        assert screen.reader.source is not None
        assert len(screen.infos) == 5


async def test_quit(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_q_in_the_search_box_is_a_letter(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await search(pilot, "iraq")
        assert app.is_running
        assert screen.search_box.value == "iraq"


async def test_an_older_result_never_overwrites_a_newer_one(
    app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first query is held in its worker until the second one is on screen."""
    library = app.library
    real_search = library.search
    release = threading.Event()
    started = threading.Event()

    def slow_search(text: str, *args: Any, **kwargs: Any) -> SearchResult:
        if text == "putin":
            started.set()
            release.wait(5)
        return real_search(text, *args, **kwargs)

    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        monkeypatch.setattr(library, "search", slow_search)
        screen.search_box.focus()
        screen.search_box.value = "putin"
        while not started.is_set():
            await pilot.pause(0.01)
        screen.search_box.value = "pokrovsk"
        while screen.result is None or screen.result.query != "pokrovsk":
            await pilot.pause(0.02)
        release.set()
        await settle(pilot)
        assert screen.result is not None and screen.result.query == "pokrovsk"
        # And directly: a stale message is dropped.
        screen.post_message(SearchFinished(screen._search_seq - 1, real_search("witkoff")))
        await pilot.pause()
        assert screen.result.query == "pokrovsk"


async def test_a_failing_search_is_a_notification_not_a_crash(
    app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> SearchResult:
        raise RuntimeError("the index went away")

    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        monkeypatch.setattr(app.library, "search", broken)
        await search(pilot, "putin")
        assert app.is_running
        messages = [n.message for n in app._notifications]
        assert any("the index went away" in m for m in messages)
        assert "Search failed" in status_text(screen)


async def test_hostile_file_names_and_titles_are_shown_literally(corpus_copy: Path) -> None:
    title = "[bold red]Breaking[/] \x1b[31mred\x1b[0m [@click=app.quit]quit[/]"
    (corpus_copy / "[link=evil]x[-link] \x1b[31m.txt").write_text(
        f"{title}\n\nPokrovsk paragraph with [b]markup[/b] and \x1b]8;;http://evil\x07a link.\n",
        encoding="utf-8",
    )
    app = make_app(corpus_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        ids = [info.id for info in screen.infos]
        hostile = next(i for i in ids if i.startswith("[link"))
        screen.show_source(hostile)
        await settle(pilot)
        reader = screen.reader
        text = "\n".join(str(s.render()) for s in reader.query(Static))
        text += "\n".join(str(block.render()) for block in reader.blocks)
        assert "[b]markup[/b]" in text
        assert "\x1b" not in text
        prompt = screen.sources.prompt(hostile)
        assert "\x1b" not in str(prompt)
        assert "[bold red]" in str(prompt) or "[link" in str(prompt)
        svg = app.export_screenshot()
        assert "\x1b" not in svg
        await search(pilot, "markup")
        assert app.is_running


async def test_empty_corpus_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(empty)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.infos == []
        text = "\n".join(str(s.render()) for s in screen.reader.query(Static))
        assert "No readable" in text
        await search(pilot, "anything")
        assert app.is_running


def test_run_app_on_a_missing_folder_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_app(tmp_path / "missing") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing" in err


async def test_results_click_opens_a_hit(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await search(pilot, "putin")
        await pilot.click(ResultsList, offset=(5, 1))
        await settle(pilot)
        assert screen.hit_index == 0
        assert screen.reader.current == screen.hits[0]
        assert isinstance(app.focused, ReaderPane | ResultsList | Input)


async def test_a_long_article_opens_and_hits_scroll_into_view(tmp_path: Path) -> None:
    """150 passages: the reader mounts them, and each hit is brought into view."""
    corpus = tmp_path / "long"
    corpus.mkdir()
    paragraphs = [
        f"Paragraph {i} about the talks in Moscow and Kyiv, the envoys and the front line."
        + (" Fighting near Pokrovsk went on." if i % 37 == 5 else "")
        for i in range(150)
    ]
    (corpus / "long.txt").write_text("A long article\n\n" + "\n\n".join(paragraphs), "utf-8")
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert len(screen.reader.blocks) >= 150
        screen = await search(pilot, "pokrovsk")
        assert len(screen.hits) == len(range(5, 150, 37))
        await pilot.press("escape")
        for _ in range(len(screen.hits) + 1):
            await pilot.press("n")
            await settle(pilot)
            hit = screen.hits[screen.hit_index or 0]
            block = screen.reader.block_for(hit.ordinal)
            assert block is not None and screen.reader._in_view(block)


async def test_theme_change_keeps_the_marks(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await search(pilot, "pokrovsk")
        await pilot.press("enter")
        await settle(pilot)
        before = screen.reader.mark_styles
        app.theme = "nord"
        await settle(pilot)
        after = screen.reader.mark_styles
        assert after != before
        block = screen.reader.block_for(screen.hits[0].ordinal)
        assert block is not None and block.marks[2] == after


async def test_a_misspelt_name_gets_a_suggestion_under_the_search_box(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await search(pilot, "sybiha")
        assert screen.result is not None and screen.result.total == 0
        assert "did you mean sybhia?" in notice_text(screen)
        assert "enter searches sybhia" in status_text(screen)
        await pilot.press("enter")  # takes the suggestion
        await settle(pilot)
        assert screen.search_box.value == "sybhia"
        assert screen.result is not None and screen.result.total > 0
        assert notice_text(screen) == ""


async def test_typing_repaints_the_search_box_without_a_new_layout(
    app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    layouts: list[str] = []
    real = Input.refresh

    def spy(self: Input, *regions: Any, **kwargs: Any) -> Any:
        if isinstance(self, SearchBox) and kwargs.get("layout"):
            layouts.append(self.value)
        return real(self, *regions, **kwargs)

    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        monkeypatch.setattr(Input, "refresh", spy)
        query = "a long query that scrolls the search box sideways"
        await search(pilot, query)
        # Each key repaints the box; the screen is laid out once at most: when the footer
        # follows the first results (after a pause, which a slow machine may take mid-query).
        assert len(layouts) <= 1, layouts
        box = screen.search_box
        assert box.scroll_x > 0  # the end of the text is in view
        await pilot.press("home")
        assert box.scroll_x == 0
