"""The search input: up/down recall earlier queries, escape hands focus back to the reader."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Self

from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Input

from tui_reader.ui.history import HistoryCursor, QueryHistory


class SearchBox(Input):
    """Type to search; results follow as you type."""

    BINDING_GROUP_TITLE = "Search box"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "history_older", "Earlier query", show=False, id="search.older"),
        Binding("down", "history_newer", "Later query", show=False, id="search.newer"),
        Binding("enter", "submit", "Read hit", id="search.submit"),
        Binding("escape", "leave", "Leave search", id="search.leave"),
    ]

    @dataclass
    class Left(Message):
        """The user pressed escape in the search box."""

        search_box: SearchBox

    def __init__(self, history: QueryHistory, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(
            placeholder="press / to search",
            id=id,
            select_on_focus=False,
        )
        self.history = history
        self._cursor = HistoryCursor(history)
        self._recalled: str | None = None
        self._typing = False

    def remember(self) -> None:
        """Put the current query into the history (on enter, or when leaving the box)."""
        self.history.add(self.value)
        self._cursor.reset()

    def action_history_older(self) -> None:
        self._recall(self._cursor.older(self.value))

    def action_history_newer(self) -> None:
        self._recall(self._cursor.newer())

    def _recall(self, query: str | None) -> None:
        if query is None:
            self.app.bell()
            return
        self._recalled = query
        self.value = query
        self.cursor_position = len(query)

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        # Input asks for a layout of the whole screen on every keystroke (its virtual width is
        # the text's width). The box's own size is fixed by the sidebar, so a repaint is enough
        # when only the text changed; anything else (style, resize) still lays out.
        if layout and not recompose and self._typing:
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _watch_value(self, value: str) -> None:
        self._typing = True
        try:
            super()._watch_value(value)
        finally:
            self._typing = False

    def action_leave(self) -> None:
        self.post_message(self.Left(self))

    def watch_value(self, value: str) -> None:
        if value != self._recalled:
            self._cursor.reset()
        self._recalled = None
