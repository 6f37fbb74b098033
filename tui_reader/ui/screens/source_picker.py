"""Choose a source by typing words of its title or id: open one (``o``), or compare with one.

Every source (but the one excluded) is listed (drawn row by row, so 10,000 are as quick as ten);
each keystroke in the filter keeps the sources whose title or id contain all the typed words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui_reader.models import SourceInfo
from tui_reader.ui.display import literal, plural
from tui_reader.ui.widgets.source_list import SourceList


class SourceChooser(ModalScreen[str | None]):
    """Pick a source; dismissed with its id, or ``None`` when cancelled."""

    CSS_PATH = "source_picker.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
    ]

    def __init__(
        self,
        infos: Sequence[SourceInfo],
        exclude: str | None = None,
        *,
        question: str = "Compare with which source?",
    ) -> None:
        super().__init__()
        self.infos = [info for info in infos if info.id != exclude]
        self.question = question
        self._haystacks = [f"{info.title} {info.id}".casefold() for info in self.infos]
        self.shown: list[SourceInfo] = list(self.infos)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                literal(f"{self.question} Type to filter · enter chooses · esc cancels"),
                id="chooser-help",
            )
            yield Input(placeholder="words of the title or id", id="chooser-filter")
            yield Static(id="chooser-count")
            yield SourceList(id="chooser")

    @property
    def choices(self) -> SourceList:
        return self.query_one("#chooser", SourceList)

    def on_mount(self) -> None:
        self.choices.set_sources(self.shown)
        self._show_count()
        self.query_one("#chooser-filter", Input).focus()

    @on(Input.Changed, "#chooser-filter")
    def _filter(self, event: Input.Changed) -> None:
        words = event.value.casefold().split()
        if not words:
            self.shown = list(self.infos)
        else:
            self.shown = [
                info
                for info, hay in zip(self.infos, self._haystacks, strict=True)
                if all(word in hay for word in words)
            ]
        self.choices.set_sources(self.shown)
        self._show_count()

    def _show_count(self) -> None:
        count = self.query_one("#chooser-count", Static)
        total = len(self.infos)
        text = (
            plural(total, "source")
            if len(self.shown) == total
            else f"{len(self.shown)} of {plural(total, 'source')}"
        )
        count.update(literal(text, one_line=True))

    @on(Input.Submitted, "#chooser-filter")
    def _submitted(self) -> None:
        chosen = self.choices.current_id
        if chosen is None:
            self.app.bell()
            return
        self.dismiss(chosen)

    @on(SourceList.Chosen)
    def _chosen(self, event: SourceList.Chosen) -> None:
        event.stop()
        if event.enter:
            self.dismiss(event.source_id)

    def action_move(self, step: int) -> None:
        choices = self.choices
        if choices.row_count:
            choices.highlighted = (choices.highlighted or 0) + step

    def action_page(self, step: int) -> None:
        if step > 0:
            self.choices.action_page_down()
        else:
            self.choices.action_page_up()

    def action_close(self) -> None:
        self.dismiss(None)
