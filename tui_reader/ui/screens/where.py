"""Where else (``w``): which other sources carry a statement, exactly or nearly.

The statement is the current passage (or a fact, or nothing yet) in an editable line: ``e`` goes
to it, enter there looks up what it then says, so any phrase can be checked. The lookup runs in
a thread worker (``Library.where``); the list shows one passage per source with the matching
words marked. Enter on the list closes with a ``Hit`` on that passage (the app opens it in the
reader); escape closes with ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.input import Selection
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from tui_reader.models import Hit, WhereHit
from tui_reader.render.words import carry
from tui_reader.ui.display import displayable, highlighted, literal, snippet_window

if TYPE_CHECKING:
    from tui_reader.services.library import Library

SNIPPET = 220
TYPE_A_PHRASE = "Type a phrase and press enter. Escape goes back."


@dataclass
class WhereReady(Message):
    hits: list[WhereHit]


class WhereScreen(ModalScreen[Hit | None]):
    """A list of the sources that carry ``text``; enter opens one, ``e`` edits the statement."""

    CSS_PATH = "where.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="where.close"),
        Binding("e", "edit", "Edit statement", id="where.edit"),
    ]

    def __init__(self, library: Library, text: str = "", *, exclude: str | None = None) -> None:
        super().__init__()
        self.library = library
        self.text = text
        self.exclude = exclude
        self.hits: list[WhereHit] = []
        self.ready = False
        self._shown = displayable(" ".join(text.split()), one_line=True)
        """``text`` as the line shows it: untouched, it stands for ``text`` itself."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(
                self._shown,
                placeholder="a phrase or a sentence · enter looks it up",
                id="where-text",
                select_on_focus=False,
            )
            yield Static(id="where-status")
            yield OptionList(id="where-hits")

    @property
    def busy(self) -> bool:
        return any(not worker.is_finished for worker in self.workers)

    def on_mount(self) -> None:
        box = self.query_one("#where-text", Input)
        box.cursor_position = 0  # the start of a long passage, not its end
        if self.text.strip():
            self.query_one(OptionList).focus()
            self._look_up()
        else:
            self.ready = True
            self.set_class(True, "-none")
            self._status(TYPE_A_PHRASE)
            box.focus()

    @on(events.DescendantFocus, "#where-text")
    def _editing(self) -> None:
        """All selected, so typing replaces the statement, but seen from its start (a passage
        is longer than the line): the cursor end of the selection is at 0."""
        box = self.query_one("#where-text", Input)
        box.selection = Selection(len(box.value), 0)

    def _look_up(self) -> None:
        self.ready = False
        self._status("looking…")
        self._where_worker(self.text)

    @on(Input.Submitted, "#where-text")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value != self._shown:
            self.text = event.value
            self._shown = event.value
        if not self.text.strip():
            self._status(TYPE_A_PHRASE)
            return
        self.query_one(OptionList).focus()
        self._look_up()

    @work(thread=True, exclusive=True, group="where", exit_on_error=False, description="where")
    def _where_worker(self, text: str) -> None:
        worker = get_current_worker()
        hits = self.library.where(text, exclude=self.exclude)
        if not worker.is_cancelled:
            self.post_message(WhereReady(hits))

    @on(WhereReady)
    def _ready(self, event: WhereReady) -> None:
        self.hits = event.hits
        self.ready = True
        options = self.query_one(OptionList)
        options.clear_options()
        for hit in self.hits:
            options.add_option(Option(self._option(hit)))
        # No empty box when nothing was found: the dialog shrinks to its two lines.
        self.set_class(not self.hits, "-none")
        others = "other sources" if self.exclude else "sources"
        if self.hits:
            self._status(
                f"{carry(len(self.hits))} it (of the {others}) · enter opens"
                " · e edits the statement · escape goes back"
            )
            options.highlighted = 0
        else:
            self._status(
                f"No {others} carry this statement, exactly or nearly: edit it and press enter,"
                " or escape to go back."
            )
            self.query_one("#where-text", Input).focus()

    def _option(self, hit: WhereHit) -> Content:
        spans = [hit.span] if hit.span else []
        start, end = snippet_window(hit.text, spans, SNIPPET)
        shifted = [(a - start, b - start) for a, b in spans]
        head = literal(
            f"{hit.source_id} · ¶{hit.ordinal} · {hit.kind} {hit.score:.2f}", "bold", one_line=True
        )
        body = highlighted(hit.text[start:end], shifted, "reverse", one_line=True)
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(hit.text) else ""
        return Content.assemble(head, "\n", prefix, body, suffix)

    @on(Worker.StateChanged)
    def _worker_state(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self._status(f"Where else failed: {' '.join(str(error).split())}")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        hit = self.hits[event.option_index]
        spans = (hit.span,) if hit.span else ()
        self.dismiss(Hit(hit.source_id, hit.ordinal, hit.score, hit.text, spans))

    def _status(self, text: str) -> None:
        self.query_one("#where-status", Static).update(literal(text, one_line=True))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        self.query_one("#where-text", Input).focus()
