"""Every surface of the app shows hostile file names and file text visibly and literally.

Names carry ESC/CSI/OSC sequences, a C1 control, a bidi override, an undecodable byte, a
newline and markup (``[bold]``, ``[@click=app.quit]``, ``[link=...]``); the articles carry the
same in their title and body. For each surface (reader raw view, results, compare, where-else,
facts/coverage, notifications) the whole rendered screen is checked: no character that drives
a terminal reaches it, and the markup is on screen as text (had it been parsed, it would be gone
or would act). The source list and the cleaned reader are covered in ``test_app_resilience.py``
and ``tests/ui/test_flows.py``.
"""

from __future__ import annotations

import asyncio
import html
import os
import re
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from tests.ui.pilot_helpers import ready, search, settle
from tui_reader.ui.app import ReaderApp, make_app
from tui_reader.ui.screens.compare import CompareScreen
from tui_reader.ui.screens.coverage import CoverageScreen
from tui_reader.ui.screens.where import WhereScreen

SIZE = (160, 50)
TITLE = "[bold red]Breaking[/] \x1b[31mred\x1b[0m [@click=app.quit]quit[/] \u202eevil\u202c \x9b2J"
BODY = (
    "Officials said 1,200 troops moved to Pokrovsk on Tuesday, Mr. Olek Zhovberg said.\n\n"
    "Markup [link=http://evil]click[/link] and \x1b]8;;http://evil\x07a link\x1b]8;;\x07 "
    "and \x9b2J c1 and \u202eevil\u202c bidi.\n\n"
    "“We will [bold]not[/bold] retreat,” said Olek Zhovberg, adding that 300 tanks were lost.\n"
)
NAMES = {
    "markup": b"[bold]x[@click=app.quit]y[link=https:]z.txt",
    "escape": b"esc\x1b[31mred\x1b]0;pwned\x07.txt",
    "bidi": b"bidi\xe2\x80\xaeevil.txt",
    "c1": b"c1\xc2\x9bname.txt",
    "undecodable": b"bad\xff\xfe.txt",
    "newline": b"new\nline.txt",
    "late markup": b"zz[bold]late[@click=app.quit]q.txt",  # not the first one shown
}
# What must never be drawn: C0 controls but newline, DEL, C1, bidi embeddings/overrides/isolates.
DRIVES_A_TERMINAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SURROGATE = re.compile("[\ud800-\udfff]")


@pytest.fixture
def surface_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "surfaces"
    root.mkdir()
    for i, name in enumerate(NAMES.values()):
        body = f"{TITLE} {i}\n\n{BODY}\nExtra {i} paragraph about {100 + i} drones.\n"
        with open(os.path.join(os.fsencode(root), name), "wb") as handle:
            handle.write(body.encode("utf-8"))
    return root


def _id(app: ReaderApp, kind: str) -> str:
    wanted = os.fsdecode(NAMES[kind]).removesuffix(".txt")
    ids = [info.id for info in app.library.sources()]
    assert wanted in ids, (wanted, ids)
    return wanted


def screen_svg(app: ReaderApp) -> str:
    return app.export_screenshot()


def screen_text(app: ReaderApp) -> str:
    """The characters drawn on the whole screen, in order (from the SVG screenshot)."""
    parts = re.findall(r"<text[^>]*>(.*?)</text>", screen_svg(app), re.S)
    return html.unescape("".join(parts)).replace("\xa0", " ")


def assert_safe(app: ReaderApp, surface: str) -> str:
    svg = screen_svg(app)
    bad = DRIVES_A_TERMINAL.search(svg)
    assert bad is None, (surface, repr(bad.group()) if bad else None)
    return screen_text(app)


async def _wait(pilot: Pilot[int], screen: Screen[object]) -> None:
    deadline = time.monotonic() + 30
    await pilot.pause()
    while getattr(screen, "busy", False) and time.monotonic() < deadline:
        await pilot.pause(0.05)
    assert not getattr(screen, "busy", False), "the screen did not settle"
    await pilot.pause()


def _run(corpus: Path, body: Callable[[ReaderApp, Pilot[int]], Awaitable[None]]) -> None:
    async def run() -> None:
        app = make_app(corpus)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await body(app, pilot)
            assert app.is_running

    asyncio.run(run())


def test_raw_view_shows_hostile_content_and_name_visibly_and_literally(
    surface_corpus: Path,
) -> None:
    async def body(app: ReaderApp, pilot: Pilot[int]) -> None:
        screen = await ready(pilot)
        screen.show_source(_id(app, "escape"))
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert screen.reader.raw
        text = assert_safe(app, "raw view")
        assert "␛[31mred␛[0m" in text  # ESC shown as a control picture
        assert "␛]8;;http://evil␇a link" in text  # an OSC hyperlink, inert
        assert "<U+202E>evil" in text and "<U+009B>2J" in text  # bidi override and C1 CSI
        assert "[link=http://evil]click[/link]" in text and "[@click=app.quit]quit[/]" in text
        assert "esc␛[31mred␛]0;pwned␇" in text  # the name in the border / meta line

    _run(surface_corpus, body)


def test_results_list_shows_hostile_titles_and_text_literally(surface_corpus: Path) -> None:
    async def body(app: ReaderApp, pilot: Pilot[int]) -> None:
        screen = await search(pilot, "markup click")
        assert screen.result is not None and screen.result.total == len(NAMES)
        text = assert_safe(app, "results")
        assert "[bold red]Breaking[/]" in text  # titles of the hits
        assert "[link=http://evil]click[/link]" in text  # snippets of the hits

    _run(surface_corpus, body)


def test_compare_screen_shows_hostile_names_and_text_literally(surface_corpus: Path) -> None:
    async def body(app: ReaderApp, pilot: Pilot[int]) -> None:
        compare = CompareScreen(app.library, _id(app, "escape"), _id(app, "markup"))
        await app.push_screen(compare)
        await _wait(pilot, compare)
        assert compare.ready
        text = assert_safe(app, "compare")
        # The column heads, cut to one line on screen, hold the names whole and literal.
        head_a = str(compare.query_one("#compare-head-a").render())
        head_b = str(compare.query_one("#compare-head-b").render())
        assert "esc␛[31mred␛]0;pwned␇" in head_a  # name A, visible
        assert "[bold]x[@click=app.quit]y[link=https:]z" in head_b  # name B, literal
        assert head_a[:20] in text and head_b[:20] in text
        assert "[link=http://evil]click[/link]" in text  # passage text, literal

    _run(surface_corpus, body)


def test_where_else_lists_hostile_names_visibly(surface_corpus: Path) -> None:
    async def body(app: ReaderApp, pilot: Pilot[int]) -> None:
        source = app.library.source(_id(app, "bidi"))
        where = WhereScreen(app.library, source.passages[0].text, exclude=source.id)
        await app.push_screen(where)
        await _wait(pilot, where)
        assert len(where.hits) == len(NAMES) - 1
        text = assert_safe(app, "where else")
        assert "esc␛[31mred␛]0;pwned␇" in text
        assert "[bold]x[@click=app.quit]y[link=https:]z" in text
        assert "c1�name" in text  # the C1 control of a name, replaced one for one

    _run(surface_corpus, body)


def test_coverage_screen_shows_hostile_facts_and_names_literally(surface_corpus: Path) -> None:
    async def body(app: ReaderApp, pilot: Pilot[int]) -> None:
        coverage = CoverageScreen(app.library)
        await app.push_screen(coverage)
        await _wait(pilot, coverage)
        assert coverage.ready
        quote_row = next(
            i for i, fact in enumerate(coverage.shown) if "[bold]not[/bold]" in fact.text
        )
        coverage.grid.move_cursor(row=quote_row)
        await pilot.pause()
        text = assert_safe(app, "coverage")
        assert "[bold]not[/bold]" in text  # a quotation holding markup, shown as written
        assert "[bo" in text and "esc" in text  # column heads: the short ids

    _run(surface_corpus, body)


def test_notification_about_a_hostile_file_name_shows_it_visibly(surface_corpus: Path) -> None:
    async def body(app: ReaderApp, pilot: Pilot[int]) -> None:
        told: list[tuple[str, dict[str, Any]]] = []
        notify = app.notify

        def record(message: str, **kwargs: Any) -> None:
            told.append((message, kwargs))
            notify(message, **kwargs)

        app.notify = record  # type: ignore[method-assign]
        screen = await ready(pilot)
        for kind, shown in (
            ("escape", "esc␛[31mred␛]0;pwned␇"),
            ("late markup", "[@click=app.quit]"),
        ):
            victim = _id(app, kind)
            os.remove(os.path.join(os.fsencode(surface_corpus), NAMES[kind]))
            screen.show_source(victim)  # the file vanished since indexing: the load fails
            deadline = time.monotonic() + 30
            while not any(shown in m for m, _kw in told) and time.monotonic() < deadline:
                await pilot.pause(0.05)  # not settle(): its wait re-raises the failed worker
            named = [(m, kw) for m, kw in told if shown in m]
            assert named, told
            for message, kwargs in named:
                assert not DRIVES_A_TERMINAL.search(message), repr(message)
                assert kwargs.get("markup") is False, "a file name must not be parsed as markup"
        assert_safe(app, "notification")

    _run(surface_corpus, body)


def test_undecodable_file_name_never_reaches_the_screen_as_a_lone_surrogate(
    surface_corpus: Path,
) -> None:
    async def body(app: ReaderApp, pilot: Pilot[int]) -> None:
        screen = await ready(pilot)
        bad = _id(app, "undecodable")
        screen.show_source(bad)
        await settle(pilot)
        assert SURROGATE.search(screen_svg(app)) is None, "reader"
        compare = CompareScreen(app.library, bad, _id(app, "markup"))
        await app.push_screen(compare)
        await _wait(pilot, compare)
        assert SURROGATE.search(screen_svg(app)) is None, "compare"

    _run(surface_corpus, body)


def test_where_else_shows_a_name_with_a_newline_on_one_line(surface_corpus: Path) -> None:
    async def body(app: ReaderApp, pilot: Pilot[int]) -> None:
        source = app.library.source(_id(app, "bidi"))
        where = WhereScreen(app.library, source.passages[0].text, exclude=source.id)
        await app.push_screen(where)
        await _wait(pilot, where)
        text = screen_text(app)
        assert "new line · ¶" in text or "new␊line · ¶" in text, "the name was split"

    _run(surface_corpus, body)


def test_source_chooser_lists_hostile_names_and_titles_literally(surface_corpus: Path) -> None:
    from tui_reader.ui.screens.source_picker import SourceChooser

    async def body(app: ReaderApp, pilot: Pilot[int]) -> None:
        chooser = SourceChooser(app.library.sources(), question="Open which source?")
        await app.push_screen(chooser)
        await pilot.pause()
        text = assert_safe(app, "source chooser")
        assert "[bold red]Breaking[/]" in text  # titles, literal
        await pilot.press(*"@click")  # filtering on markup characters works on the text
        await pilot.pause()
        assert len(chooser.shown) == len(NAMES)  # every title holds "[@click=app.quit]"
        await pilot.press(*" late")
        await pilot.pause()
        assert [info.id for info in chooser.shown] == [_id(app, "late markup")]
        assert_safe(app, "source chooser filtered")

    _run(surface_corpus, body)


def test_command_palette_lists_hostile_titles_literally(surface_corpus: Path) -> None:
    async def body(app: ReaderApp, pilot: Pilot[int]) -> None:
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"open")
        await pilot.pause(0.5)
        text = assert_safe(app, "command palette")
        assert "[bold red]Breaking[/]" in text or "[@click=app.quit]" in text
        await pilot.press("escape")

    _run(surface_corpus, body)
