"""The Textual app: small on purpose. Screens own the behaviour; this wires them up.

The compare, where-else and coverage screens are imported when first opened: the reader's first
frame does not wait for them.

``make_app`` is the one factory the CLI, the Pilot tests and the snapshot tests share;
``run_app`` is what ``tui-reader [DIR]`` calls, and it returns the process exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.content import Content

from tui_reader.locations import default_corpus, history_file
from tui_reader.models import Hit
from tui_reader.services.library import Library
from tui_reader.ui.commands import PaletteCommand, ReaderCommands
from tui_reader.ui.display import literal
from tui_reader.ui.history import QueryHistory
from tui_reader.ui.screens.help import HelpScreen, HelpSection, ProvidesHelp, global_section
from tui_reader.ui.screens.main import MainScreen

EXIT_OK = 0
EXIT_USAGE = 2


class ReaderApp(App[int]):
    """tui-reader: read, search and compare a folder of articles."""

    TITLE = "tui-reader"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {ReaderCommands}
    BINDING_GROUP_TITLE = "Everywhere"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Keys", key_display="?", id="app.help"),
        Binding("c", "compare", "Compare", id="app.compare"),
        Binding("w", "where", "Where", id="app.where"),
        Binding("f", "coverage", "Facts", id="app.coverage"),
    ]

    def __init__(self, library: Library, history: QueryHistory) -> None:
        super().__init__()
        self.library = library
        self.history = history

    def get_default_screen(self) -> MainScreen:
        return MainScreen(self.library, self.history)

    def format_title(self, title: str, sub_title: str) -> Content:
        # The sub-title holds the corpus folder's name: show it literally.
        content = literal(title, one_line=True)
        if sub_title:
            content = Content.assemble(content, (" — ", "dim"), literal(sub_title, "dim"))
        return content

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> Sequence[HelpSection]:
        """What ``?`` lists: the active screen's sections when it has any, else the global keys."""
        screen = self.screen
        if isinstance(screen, ProvidesHelp):
            return screen.help_sections()
        return [global_section(self)]

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield PaletteCommand("keys: show every key", "Same as ?", self.action_help)
        if isinstance(self.screen, MainScreen):
            yield PaletteCommand(
                "compare: with another source",
                "The current source and another, side by side (c)",
                self.action_compare,
            )
            yield PaletteCommand(
                "where else: the current passage",
                "Which other sources carry it, exactly or nearly (w)",
                self.action_where,
            )
            yield PaletteCommand(
                "where else: a phrase you type",
                "Which sources carry it, exactly or nearly",
                self.action_where_phrase,
            )
            yield PaletteCommand(
                "coverage: who reports what",
                "Facts by sources: numbers, names, quotations (f)",
                self.action_coverage,
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("compare", "where", "where_phrase", "coverage"):
            return isinstance(self.screen, MainScreen)
        return True

    def action_coverage(self) -> None:
        main = self.screen
        if isinstance(main, MainScreen):
            from tui_reader.ui.screens.coverage import CoverageScreen

            source = main.reader.source
            coverage = CoverageScreen(self.library, source.id if source is not None else None)
            self.push_screen(coverage, callback=self._open_passage)

    def action_compare(self) -> None:
        main = self.screen
        source = main.reader.source if isinstance(main, MainScreen) else None
        if source is None:
            self.bell()
            return
        from tui_reader.ui.screens.compare import CompareScreen

        self.push_screen(CompareScreen(self.library, source.id), callback=self._open_passage)

    def action_where(self) -> None:
        main = self.screen
        passage = main.reader.current_passage() if isinstance(main, MainScreen) else None
        if passage is None:
            self.bell()
            return
        from tui_reader.ui.screens.where import WhereScreen

        where = WhereScreen(self.library, passage.text, exclude=passage.source_id)
        self.push_screen(where, callback=self._open_passage)

    def action_where_phrase(self) -> None:
        from tui_reader.ui.screens.where import WhereScreen

        self.push_screen(WhereScreen(self.library), callback=self._open_passage)

    def _open_passage(self, hit: Hit | None) -> None:
        """A passage chosen on another screen (compare, where else, coverage): show it."""
        main = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        if hit is None or main is None:
            return
        main.show_source(hit.source_id, hit)
        main.reader.focus()

    def on_unmount(self) -> None:
        self.library.close()


def make_app(corpus: Path | None = None, *, library: Library | None = None) -> ReaderApp:
    """The app over ``corpus`` (default: the bundled seeds), or over an existing ``library``.

    Raises ``CorpusError`` when the folder cannot be used.
    """
    if library is None:
        library = Library(corpus if corpus is not None else default_corpus())
    return ReaderApp(library, QueryHistory(history_file()))


def run_app(corpus: Path) -> int:
    """Run the reader on ``corpus`` and return the exit code.

    A folder that cannot be used gives one line on stderr and exit code 2, not a traceback.
    """
    from tui_reader.corpus.loader import CorpusError
    from tui_reader.locations import LocationError
    from tui_reader.services.backend import BackendError

    try:
        app = make_app(corpus)
    except (CorpusError, LocationError, BackendError) as error:
        print(f"tui-reader: error: {' '.join(str(error).split())}", file=sys.stderr)
        return EXIT_USAGE
    result = app.run()
    if app.return_code not in (None, 0):
        return int(app.return_code)
    return int(result or EXIT_OK)
